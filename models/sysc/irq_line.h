// grace-sim: a named interrupt line. Level-sensitive; edges are counted; processes wait with
// wait_asserted(). Traceable with sc_trace (VCD) through level_ref(). Cores drive it through the
// gsim::IrqSink interface.
#pragma once
#include <systemc>
#include <string>

#include "common/irq.h"
#include "sysc/sim_time.h"

namespace gsim::sysc {

class IrqLine final : public IrqSink {
public:
    explicit IrqLine(std::string name) : m_name(std::move(name)) {}
    void set_level(bool asserted) override {
        if (asserted == m_level) return;
        m_level = asserted;
        if (asserted) ++m_rising;
        // A delta cycle in a process's own context. Only a waiting process can tell that the
        // event fired: with none, no notification (a pending one would hold every
        // temporally decoupled thread that runs past it).
        if (m_waiters) m_changed.notify(ActingAt::offset());
    }
    bool level() const { return m_level; }
    const bool& level_ref() const { return m_level; }
    uint64_t rising_edges() const { return m_rising; }
    // From an SC_THREAD: returns once the line is high or has risen since `edges_seen` (a
    // pulse lasts zero time, so the edge count is what a level-triggered handler would see).
    void wait_asserted(uint64_t edges_seen) {
        while (m_rising == edges_seen && !m_level) {
            ++m_waiters;
            sc_core::wait(m_changed);
            --m_waiters;
        }
    }
    const std::string& name() const { return m_name; }

private:
    std::string m_name;
    bool m_level = false;
    uint64_t m_rising = 0;
    unsigned m_waiters = 0;  // processes in wait_asserted()
    sc_core::sc_event m_changed;
};

}  // namespace gsim::sysc
