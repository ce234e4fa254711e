#include "kernel/sim_sync.h"

#include "common/timeline.h"
#include "sysc/sim_time.h"

namespace fw {

void SimMutex::lock(Cpu& c) {
    c.sync();
    if (m_held) c.sync_global();  // about to sleep: from this CPU's time, others may act meanwhile
    ++m_acq;
    if (!m_held) {
        m_held = true;
        m_owner = static_cast<int>(c.id());
        m_wait.sample(0);
        return;
    }
    const sc_core::sc_time start = c.now();
    sc_core::sc_event ev;
    Waiter w{c.id(), &ev, false};
    m_waiters.push_back(&w);
    while (!w.granted) sc_core::wait(ev);
    // Ownership was handed over by unlock(). A lock and an unlock that meet at the same instant
    // are a race whose outcome must not depend on the order the kernel runs the two threads in:
    // the unlock goes first, so the waiter did not sleep and pays nothing. Otherwise it slept
    // and pays for waking up.
    if (c.now() == start) {
        m_wait.sample(0);
        return;
    }
    ++m_cont;
    c.compute(m_wakeup);
    c.sync();
    m_wait.sample(gsim::sysc::to_ns(c.now() - start));
    if (auto* tl = gsim::Timeline::active()) {
        const uint64_t s_ps = gsim::sysc::to_ps(start);
        tl->span(c.agent().name(), "lock wait: " + m_name, s_ps, c.now_ps() - s_ps);
    }
}

void SimMutex::unlock(Cpu& c) {
    c.sync();
    if (m_waiters.empty()) {
        m_held = false;
        m_owner = -1;
        return;
    }
    Waiter* next = m_waiters.front();
    m_waiters.pop_front();
    next->granted = true;
    m_owner = static_cast<int>(next->cpu);
    c.notify_at_local(*next->ev);  // at the unlocking CPU's time
}

}  // namespace fw
