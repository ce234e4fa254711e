// grace-sim: a pure, time-ordered queue of deferred actions.
//
// Implements: actions scheduled for an absolute time in ps, run by run_due(now) in time order,
// first-scheduled first among equal times (deterministic FIFO), including actions scheduled
// by a running action when they are already due. Each action receives its own scheduled time,
// so its side effects carry the architected timestamp even when the shell calls run_due late.
// Does not implement: cancellation, any notion of a clock (the owner supplies now_ps).
//
// Shell contract: after every call into the owning core, the SystemC shell asks
// next_deadline() and arranges to call run_due(t) at that simulated time (an sc_event
// notified with the difference); NO_DEADLINE means nothing is pending.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace gsim {

class DeferredQueue {
public:
    using Action = std::function<void(uint64_t at_ps)>;
    static constexpr uint64_t NO_DEADLINE = ~uint64_t{0};

    void schedule(uint64_t at_ps, Action a) { m_q.emplace(Key{at_ps, m_seq++}, std::move(a)); }

    // Time of the earliest pending action, NO_DEADLINE if none.
    uint64_t next_deadline() const { return m_q.empty() ? NO_DEADLINE : m_q.begin()->first.first; }

    // Runs every action due at or before now_ps; returns how many ran.
    unsigned run_due(uint64_t now_ps) {
        unsigned n = 0;
        while (!m_q.empty() && m_q.begin()->first.first <= now_ps) {
            auto it = m_q.begin();
            uint64_t at = it->first.first;
            Action a = std::move(it->second);
            m_q.erase(it);
            a(at);
            ++n;
        }
        return n;
    }

    size_t size() const { return m_q.size(); }
    bool empty() const { return m_q.empty(); }

private:
    using Key = std::pair<uint64_t, uint64_t>;  // (time, sequence)
    std::map<Key, Action> m_q;
    uint64_t m_seq = 0;
};

}  // namespace gsim
