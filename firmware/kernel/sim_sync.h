// grace-sim: synchronisation between simulated CPUs. Waiting is simulated (the waiting thread
// sleeps in simulated time), and so are the costs of contention:
// - SimMutex: a sleeping lock (QEMU's global mutex, a kernel mutex): FIFO hand-off; a waiter
//   that had to sleep pays `wakeup` (futex wake + reschedule) when it gets the lock.
// - SimSpinLock: a spinning lock (kernel spinlock): FIFO hand-off; a waiter pays `handoff`
//   (cache-line transfer) when it gets the lock.
// - WaitQueue: sleep until a condition on shared state holds, re-checked when notified.
// Every operation first synchronises the caller (shared state is touched in simulated-time
// order). Statistics: acquisitions, contended acquisitions, wait-time histogram.
#pragma once
#include <systemc>

#include <deque>
#include <string>

#include "common/stats.h"
#include "kernel/cpu.h"

namespace fw {

class SimMutex {
public:
    SimMutex(std::string name, const sc_core::sc_time& wakeup, gsim::StatGroup stats)
        : m_name(std::move(name)),
          m_wakeup(wakeup),
          m_acq(stats.counter(m_name + ".acquisitions")),
          m_cont(stats.counter(m_name + ".contended")),
          m_wait(stats.histogram(m_name + ".wait_ns", "ns")) {}

    void lock(Cpu& c);
    void unlock(Cpu& c);
    bool held() const { return m_held; }
    int owner() const { return m_owner; }
    const std::string& name() const { return m_name; }

private:
    struct Waiter {
        unsigned cpu;
        sc_core::sc_event* ev;
        bool granted;
    };
    std::string m_name;
    sc_core::sc_time m_wakeup;
    bool m_held = false;
    int m_owner = -1;
    std::deque<Waiter*> m_waiters;
    gsim::Counter& m_acq;
    gsim::Counter& m_cont;
    gsim::Histogram& m_wait;
};

using SimSpinLock = SimMutex;  // same protocol; the hand-off cost is the parameter

// RAII guard.
class SimLockGuard {
public:
    SimLockGuard(SimMutex& m, Cpu& c) : m_m(m), m_c(c) { m_m.lock(m_c); }
    ~SimLockGuard() { m_m.unlock(m_c); }
    SimLockGuard(const SimLockGuard&) = delete;
    SimLockGuard& operator=(const SimLockGuard&) = delete;

private:
    SimMutex& m_m;
    Cpu& m_c;
};

class WaitQueue {
public:
    // Sleeps until pred() holds (checked now and after every notify_all()).
    template <typename Pred>
    void wait_until(Cpu& c, const Pred& pred) {
        c.sync();
        if (pred()) return;
        c.sync_global();  // sleeping starts at this CPU's time; others may act meanwhile
        ++m_sleepers;
        while (!pred()) {
            sc_core::wait(m_ev);
        }
        --m_sleepers;
    }
    // Wakes every sleeper at the notifier's (local) time. With nobody asleep there is nothing
    // to notify: a pending notification would only make other CPUs synchronise for nothing
    // (nobody can start sleeping before the notifier's local time, which it reached with
    // nobody else due earlier).
    void notify_all(Cpu& c) {
        if (m_sleepers) c.notify_at_local(m_ev);
    }

private:
    sc_core::sc_event m_ev;
    unsigned m_sleepers = 0;
};

}  // namespace fw
