// grace-sim SMMUv3: arbitration of the shared command executor between command queues
// (the main CMDQ and every CMDQV VCMDQ). Pure: the SMMU shell's worker thread asks it which
// queue runs the next batch at `now`, runs the batch, waits its busy time, and asks again.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "smmuv3/core/cmd_queue.h"

namespace smmu::core {

class CommandArbiter {
public:
    enum class Policy { ROUND_ROBIN, FIXED_PRIORITY };  // FIXED: lower registration index first
    static bool parse_policy(const std::string& s, Policy& out);

    struct Source {
        CommandQueue* queue;
        BatchLimits limits;
    };

    explicit CommandArbiter(Policy p = Policy::ROUND_ROBIN) : m_policy(p) {}
    // The registered queues point at this object's enable counter: not copyable or movable.
    CommandArbiter(const CommandArbiter&) = delete;
    CommandArbiter& operator=(const CommandArbiter&) = delete;
    void set_policy(Policy p) { m_policy = p; }
    // Returns the source index. Sources are never removed (a disabled queue is just not ready).
    size_t add(CommandQueue* q, const BatchLimits& limits) {
        m_sources.push_back({q, limits});
        q->set_enable_observer(&m_enable_epoch);
        ++m_enable_epoch;
        return m_sources.size() - 1;
    }
    Source& source(size_t i) { return m_sources[i]; }
    size_t size() const { return m_sources.size(); }

    // Next source to serve at now, or -1 if none is ready.
    long pick(uint64_t now_ps);
    // Earliest time > now at which a source blocked on a CMD_SYNC becomes ready (0 if none).
    uint64_t next_wake(uint64_t now_ps);
    // Some enabled source holds commands and is not halted (it may become ready by time alone).
    bool any_pending();

private:
    // The enabled sources, ascending (most sources, the unmapped VCMDQs, are disabled): rebuilt
    // when a queue's enable changed, so pick() and next_wake() visit only these.
    const std::vector<uint32_t>& active();

    Policy m_policy;
    std::vector<Source> m_sources;
    size_t m_next = 0;
    uint64_t m_enable_epoch = 1;
    uint64_t m_active_epoch = 0;
    std::vector<uint32_t> m_active;
};

}  // namespace smmu::core
