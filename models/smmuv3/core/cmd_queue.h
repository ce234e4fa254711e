// grace-sim SMMUv3: a circular command queue engine (IHI 0070 "Command queue"; A.6).
//
// Implements: BASE (ADDR, LOG2SIZE), PROD/CONS index + wrap arithmetic for 2^0..2^19 entries,
// CONS.ERR, in-order fetch (bursts, through a MemPort) and execution through a shared
// CommandExecutor, halt on error (ILL/ABT/ATC_INV_SYNC/ILL_ACCESS) until acknowledged, and
// CMD_SYNC as a per-queue barrier: CONS passes a CMD_SYNC only at its completion time, and
// other queues keep running meanwhile.
//
// Time: the engine never reads a clock. run_batch(now) computes what the batch does and when;
// progress becomes visible through cons(now) at the simulated time it happens (end of the
// batch, a CMD_SYNC's completion time, or the time a command fails: CONS.ERR too), so no event
// per command is needed.
#pragma once
#include <cstdint>
#include <string>

#include "common/mem_port.h"
#include "smmuv3/core/cmd_exec.h"

namespace smmu::core {

struct BatchLimits {
    unsigned max_cmds = 64;             // commands per batch before arbitration (CMDQ_MAX_CMD_BATCH)
    uint64_t max_ps = ~uint64_t{0};     // executor time per batch (CMDQ_MAX_CLK_BATCH)
    unsigned fetch_burst = 8;           // commands read from memory per fetch
    uint64_t fetch_overhead_ps = 0;     // fixed cost per fetch burst on top of memory latency
};

struct BatchResult {
    unsigned executed = 0;    // commands completed (CONS advanced past them)
    unsigned fetches = 0;     // memory reads issued
    uint64_t busy_ps = 0;     // executor time consumed, from `now`
    bool sync_pending = false;  // stopped at a CMD_SYNC that completes later (wake_time())
    CError error = CError::NONE;  // the queue halted on this error at `now`
    Command failed_cmd;       // the command that failed (when error is not ABT)
    unsigned syncs = 0;       // CMD_SYNCs consumed
    uint64_t sync_wait_ps = 0;  // time from a SYNC's fetch to its completion (last one)
};

class CommandQueue {
public:
    // addr_hi: highest BASE.ADDR bit (51 for SMMU_CMDQ_BASE, 47 for CMDQV VCMDQ BASE).
    explicit CommandQueue(std::string name = "cmdq", unsigned addr_hi = 51,
                          unsigned max_log2size = 19);

    // --- register view ---------------------------------------------------------------
    uint64_t base() const { return m_base; }
    void set_base(uint64_t v);  // reserved bits ignored; LOG2SIZE clamped to max_log2size
    uint64_t queue_addr() const;   // BASE.ADDR aligned to the queue size
    unsigned log2size() const { return m_log2size; }
    uint32_t entries() const { return uint32_t{1} << m_log2size; }

    uint32_t prod() const { return m_prod; }
    void set_prod(uint32_t v) { m_prod = v & index_wrap_mask(); }
    // CONS as software reads it at `now_ps` (index, wrap, ERR[30:24]).
    uint32_t cons(uint64_t now_ps);
    uint32_t cons_peek() const { return m_cons | (uint32_t(m_err) << 24); }
    // Software write of CONS (callers allow it only while the queue is disabled).
    void set_cons(uint32_t v);

    // --- control -----------------------------------------------------------------------
    void set_enabled(bool en) {
        if (en != m_enabled && m_enable_epoch) ++*m_enable_epoch;
        m_enabled = en;
    }
    // A counter bumped whenever enabled() changes (the arbiter's cue to refresh its list).
    void set_enable_observer(uint64_t* epoch) { m_enable_epoch = epoch; }
    bool enabled() const { return m_enabled; }
    CError error() const { return m_err; }
    bool halted() const { return m_halted; }
    // Software acknowledged the error (GERRORN): processing resumes at CONS. ERR reads 0 from
    // then on (its value is UNKNOWN while CMDQ_ERR is not active; 0 is a permitted one).
    void acknowledge_error() {
        m_halted = false;
        commit_error_now();
    }
    // Halt from outside (e.g. a CONS_DRAM write-back abort): not used by run_batch.
    void halt(CError e);

    bool empty() const { return m_cons == m_prod; }
    bool full() const;
    // Entries between CONS and PROD (as seen by the engine).
    uint32_t occupancy() const;
    // Ready for a batch at now: enabled, not halted, not waiting on a CMD_SYNC, PROD != CONS.
    bool ready(uint64_t now_ps) const;
    // Time a pending CMD_SYNC completes (0 if none).
    uint64_t wake_time() const { return m_pending_at; }

    void set_filter(CommandFilter* f) { m_filter = f; }
    QueueContext& context() { return m_ctx; }
    const std::string& name() const { return m_name; }

    BatchResult run_batch(CommandExecutor& exec, gsim::MemPort& mem, uint64_t now_ps,
                          const BatchLimits& limits, const gsim::MemAttrs& attrs = {});

    // Index helpers (exposed for tests and for software models of the same queue).
    uint32_t index_wrap_mask() const { return (uint32_t{2} << m_log2size) - 1; }
    uint32_t inc(uint32_t iw) const { return (iw + 1) & index_wrap_mask(); }
    uint32_t idx(uint32_t iw) const { return iw & (entries() - 1); }
    bool wrap(uint32_t iw) const { return (iw >> m_log2size) & 1; }

private:
    void commit(uint64_t now_ps);
    // The acknowledged error is gone at once, even if the failure's time has not come yet (a
    // misbehaving driver toggled GERRORN blindly).
    void commit_error_now() {
        m_err = m_err_visible = CError::NONE;
        if (m_pending_at) m_cons_visible = m_cons;
        m_pending_at = 0;
    }

    std::string m_name;
    unsigned m_addr_hi;
    unsigned m_max_log2size;
    uint64_t m_base = 0;
    unsigned m_log2size = 0;
    uint32_t m_prod = 0;
    uint32_t m_cons = 0;            // engine's consumer index (index + wrap)
    uint32_t m_cons_visible = 0;    // what software sees until m_pending_at
    uint64_t m_pending_at = 0;      // time m_cons and m_err become visible (0: already visible)
    CError m_err = CError::NONE;    // engine's view of CONS.ERR
    CError m_err_visible = CError::NONE;  // what software sees until m_pending_at
    bool m_halted = false;
    bool m_enabled = false;
    uint64_t* m_enable_epoch = nullptr;
    CommandFilter* m_filter = nullptr;
    QueueContext m_ctx;
};

}  // namespace smmu::core
