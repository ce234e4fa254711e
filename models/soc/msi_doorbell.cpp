#include "soc/msi_doorbell.h"

#include <cstring>

#include "sysc/sim_time.h"

namespace soc {

MsiDoorbell::MsiDoorbell(const sc_core::sc_module_name& name, uint64_t base,
                         sc_core::sc_time latency, gsim::StatGroup stats)
    : sc_module(name), in("in"), m_base(base), m_lat(latency), m_writes(stats.counter("msi_writes")) {
    in.register_b_transport(this, &MsiDoorbell::b_transport);
    in.register_transport_dbg(this, &MsiDoorbell::transport_dbg);
}

void MsiDoorbell::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const unsigned len = gp.get_data_length();
    if (gp.is_write()) {
        uint32_t data = 0;
        std::memcpy(&data, gp.get_data_ptr(), std::min(len, 4u));
        ++m_writes;
        m_records.push_back({m_base + gp.get_address(), data,
                             gsim::sysc::to_ps(gsim::sysc::kernel_time() + delay)});
        msi_irq.set_level(true);
        msi_irq.set_level(false);
        m_received.notify(delay);
    } else if (gp.is_read()) {
        std::memset(gp.get_data_ptr(), 0, len);
    }
    delay += m_lat;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned MsiDoorbell::transport_dbg(tlm::tlm_generic_payload& gp) {
    if (gp.is_read()) std::memset(gp.get_data_ptr(), 0, gp.get_data_length());
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return gp.get_data_length();
}

}  // namespace soc
