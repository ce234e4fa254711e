// grace-sim: one SMMUv3 command queue as the Linux arm-smmu-v3 driver sees it (the main SMMU
// CMDQ or one CMDQV LVCMDQ), with the lock-free multi-producer insertion of
// spec/software-stack.md 2.3 and the CMD_SYNC completion of 2.4.
// Implements: space reservation on a shared {prod, cons} shadow (check-and-update after
// cpu.sync(), i.e. an atomic cmpxchg in simulated time) with the OWNED flag, entry writes into
// the ring in memory, per-slot valid marks, owner hand-off (wait for the previous owner, close
// the gather window, wait for the valid marks, one PROD write for the gathered range), CMD_SYNC
// completion by MSI write-back polling, SEV/WFE or CONS polling with the spin-then-udelay
// back-off, queue-full handling (refresh cons from the CONS register, back off), timeouts.
// Does not implement: the shared/exclusive lock word itself (the shadow cons only advances from
// values the hardware reported, so the queue cannot wrap past an unobserved sync); the
// MMU-700 erratum; ECMDQs.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/stats.h"
#include "encoders/queue.h"
#include "kernel/cpu.h"
#include "kernel/sim_sync.h"
#include "smmuv3/core/command.h"

namespace fw::linux_model {

// How a CMD_SYNC on this queue signals completion.
enum class SyncMode : uint8_t {
    MSI,   // CS = IRQ, MSI address = the sync slot, MSI data 0: poll that word in memory
    SEV,   // CS = SEV: poll CONS, WFE between reads
    POLL,  // CS = NONE: poll CONS with ARM_SMMU_POLL_SPIN_COUNT cpu_relax() then udelay back-off
};

// Software costs of the queue code (copied from SmmuDriverParams by the driver).
struct CmdqCosts {
    double reserve_ns = 40;
    double write_entry_ns = 5;
    double owner_ns = 50;
    double cpu_relax_ns = 5;
    double wfe_ns = 100;
    uint64_t poll_spin_count = 10;
    uint64_t poll_timeout_us = 1'000'000;
};

struct CmdqConfig {
    std::string name;       // statistics prefix ("cmdq", "vcmdq0", ...)
    uint64_t ring_pa = 0;   // ring base in the Cpu's address space
    unsigned log2size = 8;  // entries (log2)
    uint64_t prod_reg = 0;  // absolute address of the PROD register
    uint64_t cons_reg = 0;  // absolute address of the CONS register
    SyncMode sync_mode = SyncMode::POLL;
};

class ArmSmmuCmdq {
public:
    static constexpr uint32_t OWNED = 1u << 31;  // software-only flag in the shadow prod

    ArmSmmuCmdq(const CmdqConfig& cfg, const CmdqCosts& costs, gsim::StatGroup stats);

    // arm_smmu_cmdq_issue_cmdlist: inserts n commands (+ a CMD_SYNC when sync) and, with a
    // sync, waits for its completion. 0, -ETIMEDOUT, or -EINVAL (more than the ring holds).
    int issue_cmdlist(Cpu& cpu, const smmu::core::Command* cmds, size_t n, bool sync);

    // The hardware PROD/CONS were set to 0 (queue (re)initialised): reset the shadows.
    void reset_indices();

    const enc::Queue& queue() const { return m_q; }
    const CmdqConfig& config() const { return m_cfg; }
    void set_sync_mode(SyncMode m) { m_cfg.sync_mode = m; }

    // Enabled as observed by the driver (VCMDQ STATUS read back); the main queue is always on.
    bool enabled() const { return m_enabled; }
    void set_enabled(bool e) { m_enabled = e; }
    // Guest-owned VINTF queue: only TLBI_NH_ASID, TLBI_NH_VA, ATC_INV (+ CMD_SYNC).
    void set_restricted(bool r) { m_restricted = r; }
    bool restricted() const { return m_restricted; }
    bool supports(const smmu::core::Command& c) const;
    // CMD_SYNCs on CMDQV queues must be CS_NONE.
    void set_cs_none_only(bool v) { m_cs_none_only = v; }
    bool cs_none_only() const { return m_cs_none_only; }

    // The CMD_SYNC this queue uses at slot `ptr` (also for the skip-error routine).
    smmu::core::Command build_sync(uint32_t ptr) const;

    uint64_t prod_writes() const { return m_prod_writes.value; }

private:
    bool slot_valid(uint32_t ptr) const { return m_valid[m_q.index(ptr)] == m_q.clean(ptr) + 1; }
    bool range_valid(uint32_t from, uint32_t to) const;
    void update_cons(uint32_t hw_cons);
    bool consumed(uint32_t cons, uint32_t sync_ptr) const;
    // One unsuccessful poll: WFE, cpu_relax or udelay back-off (Linux queue_poll).
    void backoff(Cpu& cpu, bool wfe, unsigned& spins, uint64_t& delay_us);
    int wait_space(Cpu& cpu, uint32_t need);
    // MSI polling: takes the checks that cannot see the SMMU's write in one step.
    void skip_unobservable_checks(Cpu& cpu, uint64_t slot, const sc_core::sc_time& t0,
                                  const sc_core::sc_time& limit);
    int wait_sync(Cpu& cpu, uint32_t sync_ptr);

    CmdqConfig m_cfg;
    CmdqCosts m_c;
    sc_core::sc_time m_poll_limit;  // m_c.poll_timeout_us, converted once
    enc::Queue m_q;
    bool m_enabled = true;
    bool m_restricted = false;
    bool m_cs_none_only = false;

    // shared state (touched only after cpu.sync())
    uint32_t m_prod = 0;        // index + wrap, | OWNED while an owner gathers
    uint32_t m_cons = 0;        // last CONS value seen
    uint32_t m_owner_prod = 0;  // PROD published by the last owner
    unsigned m_sync_waiters = 0;
    // Per slot: clean(ptr) + 1 of the entry written there, 0 if none. Allocated zeroed by
    // calloc, whose large blocks are the kernel's untouched zero pages: a 2^19-entry queue costs
    // no start-up time until its slots are written; reset_indices() clears only a used array.
    struct FreeDeleter {
        void operator()(uint32_t* p) const { std::free(p); }
    };
    std::unique_ptr<uint32_t[], FreeDeleter> m_valid;
    bool m_valid_used = false;
    WaitQueue m_wq;

    gsim::Counter& m_cmds;
    gsim::Counter& m_syncs;
    gsim::Counter& m_lists;
    gsim::Counter& m_prod_writes;
    gsim::Counter& m_owners;
    gsim::Counter& m_cons_reads;
    gsim::Counter& m_full_waits;
    gsim::Counter& m_timeouts;
    gsim::Counter& m_max_sync_waiters;
    gsim::Histogram& m_gathered;
    gsim::Histogram& m_sync_wait_ns;
};

}  // namespace fw::linux_model
