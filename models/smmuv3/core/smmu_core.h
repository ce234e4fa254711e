// grace-sim SMMUv3: the control side of the SMMU as a pure core (no SystemC, no clock).
//
// Implements: the Non-secure page 0 / page 1 register file (IDRs from SmmuParams, CR0/CR0ACK
// with an acknowledge latency, CR1, CR2, STATUSR, GBPA with UPDATE, IRQ_CTRL/IRQ_CTRLACK,
// GERROR/GERRORN toggle protocol, GERROR/EVENTQ/PRIQ_IRQ_CFG0-2, STRTAB_BASE(_CFG), CMDQ
// BASE/PROD/CONS, EVENTQ BASE/PROD/CONS, component IDs); 32- and 64-bit accesses; the main
// CMDQ (CommandQueue engine) with error halting and GERRORN recovery; the command executor
// for every command of IHI 0070 with feature validation, invalidations forwarded to the
// TranslationService, ATC_INV to an AtcInvalidationTarget, CMD_SYNC as a timed barrier
// whose completion signal (MSI write, wired line, SEV) happens at its completion time; the
// event queue with overflow, IRQ/MSI and aborts; translate() glue with event recording and
// latency from the timing model; statistics.
// Does not implement: Secure state, stall model (RESUME/STALL_TERM are ILL with the default
// STALL_MODEL=1), PRI queue (registers RAZ/WI unless pri=true, then plain storage; no page
// requests), ECMDQ, GATOS/VATOS, MSI attributes (MSH/MSIAttr/SH/MemAttr are stored but do
// not change the write), SFM_ERR (never raised: no internal fault in this model).
// See models/smmuv3/README.md for the register-map decisions and the shell contract.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/bits.h"
#include "common/deferred.h"
#include "common/irq.h"
#include "common/log.h"
#include "common/mem_port.h"
#include "common/stats.h"
#include "smmuv3/core/cmd_exec.h"
#include "smmuv3/core/cmd_queue.h"
#include "smmuv3/core/event_queue.h"
#include "smmuv3/core/smmu_params.h"
#include "smmuv3/core/smmu_timing.h"
#include "smmuv3/core/translation_iface.h"

namespace smmu::core {

// Interrupt outputs; a null pointer means "not wired".
struct SmmuIrqs {
    gsim::IrqSink* eventq = nullptr;
    gsim::IrqSink* gerror = nullptr;
    gsim::IrqSink* cmdq_sync = nullptr;
    gsim::IrqSink* priq = nullptr;
    gsim::IrqSink* sev = nullptr;  // optional: pulsed by CMD_SYNC with CS = SEV
};

class SmmuCore final : public CommandExecutor {
public:
    SmmuCore(const SmmuParams& params, gsim::MemPort& mem, TranslationService& xlate,
             AtcInvalidationTarget* atc, const SmmuIrqs& irqs,
             gsim::StatGroup stats = gsim::StatGroup(), std::string name = "smmu");

    // --- MMIO over the 128 KiB frame (offset from the frame base). ------------------------
    // size 4 or 8, naturally aligned, offset < 0x20000; false = access error.
    bool mmio_read(uint64_t off, unsigned size, uint64_t& value, uint64_t now_ps);
    bool mmio_write(uint64_t off, unsigned size, uint64_t value, uint64_t now_ps);
    // Latency the requester sees for one register access.
    uint64_t mmio_latency_ps() const { return m_timing.mmio_ps(); }

    // --- main command queue -----------------------------------------------------------------
    CommandQueue& cmdq() { return m_cmdq; }
    BatchLimits cmdq_limits() const;
    // Runs one batch at now_ps (limits from params unless given) and applies error effects:
    // GERROR.CMDQ_ERR toggle and the GERROR interrupt at the failure time.
    BatchResult process_cmdq_batch(uint64_t now_ps);
    BatchResult process_cmdq_batch(uint64_t now_ps, const BatchLimits& limits);

    // --- command executor (shared with the CMDQV VCMDQs) -------------------------------
    CmdOutcome execute(const Command& cmd, QueueContext& q, uint64_t now_ps) override;
    // Called at the completion time of every CMD_SYNC of the main CMDQ.
    void set_main_sync_listener(std::function<void(uint64_t now_ps)> f) {
        m_main_sync_listener = std::move(f);
    }

    // --- event queue ----------------------------------------------------------------------
    void record_event(const EventRecord& ev, uint64_t now_ps);
    EventQueue& eventq() { return m_evtq; }

    // --- translation --------------------------------------------------------------------------
    XlateResult translate(const XlateRequest& req, uint64_t now_ps, uint64_t& latency_ps);
    ControlState control_state() const;

    // --- deferred actions (shell contract) ---------------------------------------------------
    // Earliest time at which run_due() has work (DeferredQueue::NO_DEADLINE if none).
    uint64_t next_deadline() const { return m_deferred.next_deadline(); }
    void run_due(uint64_t now_ps) { m_deferred.run_due(now_ps); }

    // --- state for tests and the shell ------------------------------------------------------
    uint32_t cr0() const { return m_cr0; }
    uint32_t cr0ack() const { return m_cr0ack; }
    // GERROR as the hardware holds it (every error raised so far, including one whose time
    // has not come yet); software reads gerror_at(now).
    uint32_t gerror() const { return m_gerror; }
    uint32_t gerror_at(uint64_t now_ps);
    uint32_t gerrorn() const { return m_gerrorn; }
    bool gerror_active(unsigned bit) const { return ((m_gerror ^ m_gerrorn) >> bit) & 1; }
    uint64_t sev_count() const { return m_sev_count; }
    const SmmuParams& params() const { return m_p; }
    const SmmuTiming& timing() const { return m_timing; }

private:
    // Registers.
    uint32_t read32(uint64_t off, uint64_t now_ps);
    void write32(uint64_t off, uint32_t v, uint64_t now_ps);
    uint64_t read64(uint64_t off, uint64_t now_ps);
    void write64(uint64_t off, uint64_t v, uint64_t now_ps);
    uint32_t component_id(uint64_t off) const;
    void apply_cr0(uint32_t v, uint64_t at_ps);
    bool cmdq_enabled_any() const;
    bool eventq_enabled_any() const;
    bool irq_cfg_writable(const gsim::Field& irqen) const;
    void pulse_wired(gsim::IrqSink& line);

    // Interrupts and errors.
    void raise_gerror(unsigned bit, uint64_t at_ps);
    void write_gerrorn(uint32_t v, uint64_t now_ps);
    // Sends an MSI if IDR0.MSI and address != 0 (returns whether it did); an abort raises
    // GERROR bit abort_bit.
    bool send_msi(uint64_t addr, uint32_t data, unsigned abort_bit, uint64_t at_ps);
    void signal_eventq_irq(uint64_t at_ps);
    void complete_sync(const Command& cmd, bool main_queue, uint64_t at_ps);
    // Schedules complete_sync() at `at_ps`. The command waits in a recycled slot, so that the
    // action captures only an index (a capture of the whole command would allocate per sync).
    void schedule_sync_completion(uint64_t at_ps, const Command& cmd, bool main_queue);
    void record_event_now(const EventRecord& ev, uint64_t now_ps);
    CmdOutcome execute_inner(const Command& cmd, QueueContext& q, uint64_t now_ps);
    void count_event(const char* what, uint8_t type);

    SmmuParams m_p;
    SmmuTiming m_timing;
    gsim::MemPort& m_mem;
    TranslationService& m_xlate;
    AtcInvalidationTarget* m_atc;
    SmmuIrqs m_irq;
    gsim::NullIrq m_null_irq;
    gsim::StatGroup m_stats;

    // Hot-path counters, looked up in the registry on first use only (the same keys appear in the
    // statistics as with a direct lookup at every increment).
    std::array<gsim::Counter*, 5> m_lazy_counters{};
    gsim::Counter& lazy_counter(size_t i, const char* name) {
        gsim::Counter*& c = m_lazy_counters[i];
        if (!c) c = &m_stats.counter(name);
        return *c;
    }    gsim::Logger m_log;
    gsim::DeferredQueue m_deferred;
    std::function<void(uint64_t)> m_main_sync_listener;

    // ID values.
    uint32_t m_idr0, m_idr1, m_idr3, m_idr5;
    // Register state.
    uint32_t m_cr0 = 0, m_cr0ack = 0, m_cr1 = 0, m_cr2 = 0;
    uint32_t m_gbpa;
    uint32_t m_irq_ctrl = 0, m_irq_ctrlack = 0;
    uint32_t m_gerror = 0, m_gerrorn = 0;
    // GERROR toggles are visible to software from the error's time (a batch runs ahead of its
    // commands' times): what register reads see, and the toggles still to come (time, bit).
    uint32_t m_gerror_visible = 0;
    std::vector<std::pair<uint64_t, uint32_t>> m_gerror_toggles;
    uint64_t m_gerror_irq_cfg0 = 0, m_eventq_irq_cfg0 = 0, m_priq_irq_cfg0 = 0;
    uint32_t m_gerror_irq_cfg1 = 0, m_eventq_irq_cfg1 = 0, m_priq_irq_cfg1 = 0;
    uint32_t m_gerror_irq_cfg2 = 0, m_eventq_irq_cfg2 = 0, m_priq_irq_cfg2 = 0;
    uint64_t m_strtab_base = 0;
    uint32_t m_strtab_base_cfg = 0;
    uint64_t m_priq_base = 0;
    uint32_t m_priq_prod = 0, m_priq_cons = 0;
    uint64_t m_sev_count = 0;

    CommandQueue m_cmdq;
    EventQueue m_evtq;

    // Statistics (references into the registry).
    gsim::Histogram& m_sync_latency;
    gsim::Histogram& m_cmd_latency;
    gsim::Histogram& m_cmdq_occupancy;
    gsim::Counter& m_events_written;
    gsim::Counter& m_events_dropped_disabled;
    gsim::Counter& m_events_dropped_overflow;
    gsim::Counter& m_events_aborted;
    gsim::Counter& m_msi_writes;
    gsim::Counter& m_msi_aborts;
    gsim::Counter& m_mmio_errors;
    gsim::Counter& m_sync_cs_ignored;
    gsim::Counter& m_atc_timeouts;
    gsim::Counter& m_translations;
    gsim::Counter& m_mmio_reads;
    gsim::Counter& m_mmio_writes;
    struct PendingSync {
        uint64_t complete_ps;
        Command cmd;
    };
    bool m_in_main_batch = false;
    struct ScheduledSync {
        Command cmd;
        bool main_queue;
    };
    std::vector<ScheduledSync> m_sync_slots;  // schedule_sync_completion()'s commands
    std::vector<uint32_t> m_free_sync_slots;
    std::vector<PendingSync> m_batch_syncs;              // main-CMDQ CMD_SYNCs of the running batch
    std::array<gsim::Counter*, 256> m_cmd_counters{};    // cmds.<OPCODE>, found on first use
    std::array<gsim::Counter*, 256> m_event_counters{};  // events.<TYPE>, found on first use
};

}  // namespace smmu::core
