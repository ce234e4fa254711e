// grace-sim SMMUv3: the control side's timing model. Turns counts (cycles, entries scanned,
// pages, cache lookups) into picoseconds from SmmuParams; the core never scatters constants.
// Implements: clock period, per-opcode executor cost, the invalidation cost model
// (per_entry | per_page), invalidation propagation, CMD_SYNC/IRQ/event costs, MMIO and
// acknowledge latencies, translation latency (lookup cycles + memory latency).
// Does not implement: contention (slots, bandwidth): the shell serialises the executor.
#pragma once
#include <cstdint>

#include "smmuv3/core/smmu_params.h"
#include "smmuv3/core/translation_iface.h"

namespace smmu::core {

class SmmuTiming {
public:
    explicit SmmuTiming(const SmmuParams& p);

    uint64_t period_ps() const { return m_period_ps; }
    uint64_t cycles(uint64_t n) const { return n * m_period_ps; }

    uint64_t mmio_ps() const { return cycles(m_p.mmio_latency); }
    uint64_t cr0ack_ps() const { return cycles(m_p.cr0ack_latency); }
    uint64_t irq_ctrlack_ps() const { return cycles(m_p.irq_ctrlack_latency); }
    // Executor time of a command by opcode (fixed part).
    uint64_t cmd_issue_ps(uint8_t opcode) const;
    // Executor time spent removing entries, per the selected cost model.
    uint64_t invalidation_ps(const InvalidationCost& c) const;
    uint64_t tlbi_propagation_ps() const { return cycles(m_p.tlbi_propagation); }
    uint64_t cfgi_propagation_ps() const { return cycles(m_p.cfgi_propagation); }
    uint64_t event_write_ps() const { return cycles(m_p.event_write); }
    uint64_t irq_issue_ps() const { return cycles(m_p.irq_issue); }
    uint64_t atc_inv_timeout_ps() const { return m_p.atc_inv_timeout_ns * 1000; }
    // Translation latency: lookup cycles counted by the translation side plus the
    // control-side overhead, plus the summed memory latency of its fetches.
    uint64_t translation_ps(const XlateResult& r) const;
    uint64_t fetch_overhead_ps() const { return cycles(m_p.cmdq_fetch_overhead); }
    uint64_t batch_ps() const {
        return m_p.cmdq_batch_cycles ? cycles(m_p.cmdq_batch_cycles) : ~uint64_t{0};
    }

private:
    SmmuParams m_p;
    uint64_t m_period_ps;
    bool m_per_page_inv;  // m_p.per_page_inv(), a string compare, decided once
};

}  // namespace smmu::core
