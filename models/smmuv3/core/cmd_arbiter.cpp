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
    size_t i = start % n;
    for (size_t k = 0; k < n; ++k) {
        // enabled() first: most sources (unmapped VCMDQs) are disabled, and ready() is false
        // for them anyway (same answer, without a call and a division per source).
        const CommandQueue& q = *m_sources[i].queue;
        if (q.enabled() && q.ready(now_ps)) {
            m_next = i + 1 == n ? 0 : i + 1;
            return static_cast<long>(i);
        }
        if (++i == n) i = 0;
    }
    return -1;
}

uint64_t CommandArbiter::next_wake(uint64_t now_ps) const {
    uint64_t best = 0;
    for (const auto& s : m_sources) {
        const CommandQueue& q = *s.queue;
        if (!q.enabled()) continue;  // cheapest test first (all tests are pure)
        uint64_t w = q.wake_time();
        if (w > now_ps && !q.halted() && !q.empty() && (best == 0 || w < best)) {
            best = w;
        }
    }
    return best;
}

}  // namespace smmu::core
