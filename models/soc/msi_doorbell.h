// grace-sim: the MSI doorbell (an interrupt controller's MSI frame, e.g. a GIC ITS
// GITS_TRANSLATER). Records every write (system address, 32-bit data, time) in order,
// raises its `msi` line for each (a pulse), and keeps the list for checks
// (trace op msi_expect). Reads return zero.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <deque>

#include "common/stats.h"
#include "sysc/irq_line.h"

namespace soc {

struct MsiRecord {
    uint64_t addr;   // system address written
    uint32_t data;
    uint64_t time_ps;
};

class MsiDoorbell : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<MsiDoorbell> in;
    gsim::sysc::IrqLine msi_irq{"msi"};

    MsiDoorbell(const sc_core::sc_module_name& name, uint64_t base, sc_core::sc_time latency,
                gsim::StatGroup stats);

    const std::deque<MsiRecord>& records() const { return m_records; }
    // Oldest record not yet consumed by a check, or nullptr.
    const MsiRecord* peek_unchecked() const {
        return m_checked < m_records.size() ? &m_records[m_checked] : nullptr;
    }
    void consume() { if (m_checked < m_records.size()) ++m_checked; }
    const sc_core::sc_event& received() const { return m_received; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);

    uint64_t m_base;
    sc_core::sc_time m_lat;
    std::deque<MsiRecord> m_records;
    size_t m_checked = 0;
    sc_core::sc_event m_received;
    gsim::Counter& m_writes;
};

}  // namespace soc
