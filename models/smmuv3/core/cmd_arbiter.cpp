#include "smmuv3/core/cmd_arbiter.h"

#include <algorithm>

namespace smmu::core {

bool CommandArbiter::parse_policy(const std::string& s, Policy& out) {
    if (s == "round_robin") {
        out = Policy::ROUND_ROBIN;
        return true;
    }
    if (s == "fixed_priority") {
        out = Policy::FIXED_PRIORITY;
        return true;
    }
    return false;
}

const std::vector<uint32_t>& CommandArbiter::active() {
    if (m_active_epoch != m_enable_epoch) {
        m_active.clear();
        for (size_t i = 0; i < m_sources.size(); ++i) {
            if (m_sources[i].queue->enabled()) m_active.push_back(static_cast<uint32_t>(i));
        }
        m_active_epoch = m_enable_epoch;
    }
    return m_active;
}

long CommandArbiter::pick(uint64_t now_ps) {
    const size_t n = m_sources.size();
    if (n == 0) return -1;
    const std::vector<uint32_t>& act = active();
    if (act.empty()) return -1;
    // The first enabled source at or after the round-robin position, then circularly (the
    // disabled ones in between are never ready).
    const size_t start = m_policy == Policy::ROUND_ROBIN ? m_next % n : 0;
    const size_t first =
        static_cast<size_t>(std::lower_bound(act.begin(), act.end(), start) - act.begin());
    for (size_t k = 0; k < act.size(); ++k) {
        size_t j = first + k;
        if (j >= act.size()) j -= act.size();
        const size_t i = act[j];
        if (m_sources[i].queue->ready(now_ps)) {
            m_next = i + 1 == n ? 0 : i + 1;
            return static_cast<long>(i);
        }
    }
    return -1;
}

uint64_t CommandArbiter::next_wake(uint64_t now_ps) {
    uint64_t best = 0;
    for (uint32_t i : active()) {
        const CommandQueue& q = *m_sources[i].queue;
        const uint64_t w = q.wake_time();
        if (w > now_ps && !q.halted() && !q.empty() && (best == 0 || w < best)) best = w;
    }
    return best;
}

bool CommandArbiter::any_pending() {
    for (uint32_t i : active()) {
        const CommandQueue& q = *m_sources[i].queue;
        if (!q.empty() && !q.halted()) return true;
    }
    return false;
}

}  // namespace smmu::core
