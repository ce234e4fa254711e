#include "smmuv3/core/cmd_arbiter.h"

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

long CommandArbiter::pick(uint64_t now_ps) {
    const size_t n = m_sources.size();
    if (n == 0) return -1;
    size_t start = m_policy == Policy::ROUND_ROBIN ? m_next : 0;
    for (size_t k = 0; k < n; ++k) {
        size_t i = (start + k) % n;
        if (m_sources[i].queue->ready(now_ps)) {
            m_next = (i + 1) % n;
            return static_cast<long>(i);
        }
    }
    return -1;
}

uint64_t CommandArbiter::next_wake(uint64_t now_ps) const {
    uint64_t best = 0;
    for (const auto& s : m_sources) {
        const CommandQueue& q = *s.queue;
        uint64_t w = q.wake_time();
        if (w > now_ps && q.enabled() && !q.halted() && !q.empty() && (best == 0 || w < best)) {
            best = w;
        }
    }
    return best;
}

}  // namespace smmu::core
