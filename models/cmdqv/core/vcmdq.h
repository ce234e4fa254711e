// grace-sim Tegra241 CMDQV: one global virtual command queue (VCMDQ), spec/cmdqv.md 1.4,
// 1.5, 2.4-2.7, 2.9.
//
// Implements: the page0 registers (CONS, PROD, CONFIG with handshake, STATUS, GERROR,
// GERRORN) and page1 registers (BASE, CONS_INDX_BASE) of one queue around a
// smmu::core::CommandQueue (QueueContext id 1 + q, main_cmdq = false, BASE.ADDR up to bit 47),
// and the command filter applied to every fetched command: guest (HYP_OWN=0) whitelist, VMID
// substitution of TLBIs, SID_MATCH/SID_REPLACE of ATC_INV, CMD_SYNC CS policy. Per-queue
// statistics.
// Not implemented here: mapping, error aggregation, interrupts and batching (CmdqvCore).
#pragma once
#include <cstdint>

#include "cmdqv/core/cmdqv_params.h"
#include "cmdqv/core/cmdqv_regs.h"
#include "cmdqv/core/handshake.h"
#include "cmdqv/core/vintf.h"
#include "common/stats.h"
#include "smmuv3/core/cmd_queue.h"

namespace cmdqv::core {

class Vcmdq final : public smmu::core::CommandFilter {
public:
    struct Stats {
        explicit Stats(gsim::StatGroup g);
        gsim::Counter& commands;
        gsim::Counter& errors;
        gsim::Counter& syncs;
        gsim::Counter& batches;
        gsim::Counter& fetches;
        gsim::Counter& ignored_writes;
        gsim::Counter& cons_writebacks;
        gsim::Histogram& occupancy;     // entries between CONS and PROD at batch start
        gsim::Histogram& sync_wait_ps;  // CMD_SYNC fetch -> completion
        gsim::Histogram& arb_wait_ps;   // ready (PROD write / end of last batch) -> batch start
    };

    Vcmdq(unsigned q, const CmdqvParams& params, gsim::StatGroup stats);
    Vcmdq(const Vcmdq&) = delete;  // the CommandQueue points back at this filter
    Vcmdq& operator=(const Vcmdq&) = delete;

    unsigned index() const { return m_q; }
    smmu::core::CommandQueue& queue() { return m_queue; }
    const smmu::core::CommandQueue& queue() const { return m_queue; }

    // ---- page0 (offset within the 0x80 slot) ----
    uint32_t read_page0(uint64_t off, uint64_t now_ps);
    void write_page0(uint64_t off, uint32_t v, uint64_t now_ps);
    // ---- page1 ----
    uint32_t read_page1(uint64_t off) const;
    void write_page1(uint64_t off, uint32_t v, uint64_t now_ps);

    bool enabled(uint64_t now_ps) const { return m_en.status(now_ps); }
    const Handshake& handshake() const { return m_en; }
    void track_handshake(uint64_t* latest) { m_en.track(latest); }

    uint32_t gerror() const { return m_gerror; }
    uint32_t gerrorn() const { return m_gerrorn; }
    uint32_t active_errors() const { return (m_gerror ^ m_gerrorn) & regs::GERROR_MASK; }
    bool in_error() const { return active_errors() != 0; }
    // Signals error bit(s) by toggling GERROR unless already active; returns true if a bit
    // became newly active.
    bool raise_error(uint32_t bits);
    uint64_t cons_indx_base() const { return m_cons_indx_base; }

    // The VINTF whose rules apply to fetched commands (nullptr: no owner -> ILL_ACCESS).
    void set_owner(Vintf* v) { m_owner = v; }
    Vintf* owner() const { return m_owner; }

    smmu::core::CError filter(smmu::core::Command& cmd) override;

    // Time since which the queue has been waiting for the arbiter (0 = not waiting).
    uint64_t wait_since = 0;

    Stats& stats() { return m_stats; }

private:
    unsigned m_q;
    const CmdqvParams& m_params;
    const bool m_sync_cs_ill;  // m_params.cs_on_vcmdq == "ill", decided once
    smmu::core::CommandQueue m_queue;
    Handshake m_en;
    uint32_t m_config = 0;
    uint32_t m_gerror = 0;
    uint32_t m_gerrorn = 0;
    uint64_t m_cons_indx_base = 0;
    Vintf* m_owner = nullptr;
    Stats m_stats;
};

}  // namespace cmdqv::core
