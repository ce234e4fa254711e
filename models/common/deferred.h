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
#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace gsim {

class DeferredQueue {
public:
    using Action = std::function<void(uint64_t at_ps)>;
    static constexpr uint64_t NO_DEADLINE = ~uint64_t{0};

    void schedule(uint64_t at_ps, Action a) {
        m_heap.push_back(Item{at_ps, m_seq++, std::move(a)});
        std::push_heap(m_heap.begin(), m_heap.end(), later);
    }

    // Time of the earliest pending action, NO_DEADLINE if none.
    uint64_t next_deadline() const { return m_heap.empty() ? NO_DEADLINE : m_heap.front().at; }

    // Runs every action due at or before now_ps; returns how many ran.
    unsigned run_due(uint64_t now_ps) {
        unsigned n = 0;
        while (!m_heap.empty() && m_heap.front().at <= now_ps) {
            std::pop_heap(m_heap.begin(), m_heap.end(), later);
            Item it = std::move(m_heap.back());
            m_heap.pop_back();
            it.action(it.at);  // may schedule more (an already due one runs in this call)
            ++n;
        }
        return n;
    }

    size_t size() const { return m_heap.size(); }
    bool empty() const { return m_heap.empty(); }

private:
    // A binary min-heap on (time, sequence): no node allocation per action, and the order of
    // a sorted map (time order, scheduling order among equal times).
    struct Item {
        uint64_t at;
        uint64_t seq;
        Action action;
    };
    static bool later(const Item& a, const Item& b) {
        return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
    std::vector<Item> m_heap;
    uint64_t m_seq = 0;
};

}  // namespace gsim
