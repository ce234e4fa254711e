// grace-sim: a pool of N identical resources (translation slots, concurrent walks, ...) in a
// loosely-timed model. A request that needs a slot for `duration` from `now` starts when the
// earliest slot is free; acquire() returns the start time, so the waiting time is
// start - now. No events and no process: contention is computed, not simulated step by step.
// Requests must be made in non-decreasing `now` per caller; across callers a late request may
// still find earlier-ending slots, which is the usual LT approximation.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace gsim {

class SlotPool {
public:
    explicit SlotPool(uint64_t slots = 1) { resize(slots); }
    void resize(uint64_t slots) {
        m_free_at = decltype(m_free_at)();
        for (uint64_t i = 0; i < std::max<uint64_t>(slots, 1); ++i) m_free_at.push(0);
        m_slots = std::max<uint64_t>(slots, 1);
    }
    // Occupies the earliest-free slot for `duration` starting no earlier than now; returns the
    // start time.
    uint64_t acquire(uint64_t now, uint64_t duration) {
        uint64_t free = m_free_at.top();
        m_free_at.pop();
        uint64_t start = std::max(now, free);
        m_free_at.push(start + duration);
        if (start > now) {
            ++m_waits;
            m_wait_total += start - now;
        }
        return start;
    }
    uint64_t slots() const { return m_slots; }
    uint64_t waits() const { return m_waits; }
    uint64_t wait_total() const { return m_wait_total; }

private:
    std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> m_free_at;
    uint64_t m_slots = 1;
    uint64_t m_waits = 0, m_wait_total = 0;
};

}  // namespace gsim
