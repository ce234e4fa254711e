// grace-sim: the enc::MemWriter that io-pgtable code (enc::PageTable) runs over when a simulated
// CPU edits a page table. Every PageTable operation must be atomic with respect to the other
// simulated CPUs (Linux relies on cmpxchg for new tables; a SystemC thread could instead yield in
// the middle of a read-modify-write at a quantum boundary), yet its loads and stores must cost
// what the CPU's memory accesses cost. So the data is accessed through a zero-time debug path
// (AgentPort::debug) and each access is logged; after the operation, replay() re-issues the
// logged accesses as timed loads and stores on the calling CPU's port. A replayed store writes
// the value the location holds at replay time (read through the debug path just before, with no
// yield in between), so a replay never changes data: another CPU may have filled a table this
// CPU zeroed in the meantime. Since it changes no data, a replayed access to memory the CPU holds
// a DMI pointer for is only its cost (AgentPort::cost_only), advanced once per run of them; the
// accesses of one table page (an operation's usual run) are costed together when one DMI
// pointer covers them all. On a CPU port, where every such access costs the same cached cost, a
// log whose every access is one (AgentPort::page_cost_only: the port remembers covered pages
// until a DMI invalidation) is charged in one step, count x cost.
// Not implemented: atomic read-modify-write semantics beyond that; a CPU cache model (the cost
// of each access is the port's: set_cached_access_cost() or the memory's latency).
#pragma once
#include <cstdint>
#include <vector>

#include "agent/agent_port.h"
#include "common/buffer_pool.h"
#include "encoders/enc_types.h"
#include "kernel/cpu.h"

namespace fw::linux_model {

class PtAccessWriter : public enc::MemWriter {
public:
    // `backdoor`: any port that sees the page-table memory (its debug path is used).
    explicit PtAccessWriter(AgentPort& backdoor) : m_port(backdoor) {}

    bool write64(uint64_t pa, uint64_t value) override;
    bool read64(uint64_t pa, uint64_t& value) override;

    struct Access {
        uint64_t pa;
        bool write;
    };
    // Accesses logged since the last replay_log()/discard_log().
    const std::vector<Access>& log() const { return m_log; }
    // Re-issues `log` as timed accesses of `cpu` (may yield); returns the number of accesses.
    uint64_t replay(Cpu& cpu, const std::vector<Access>& log);
    // Replays the accesses logged so far and clears the log (keeping its storage).
    uint64_t replay_log(Cpu& cpu);
    void discard_log() { m_log.clear(); }
    void set_logging(bool on) { m_logging = on; }  // off: setup-time edits, nothing recorded

private:
    AgentPort& m_port;
    std::vector<Access> m_log;
    gsim::BufferPool<Access> m_spare;  // empty logs with storage, for replay_log()
    bool m_logging = true;
};

}  // namespace fw::linux_model
