#include "sysc/tlm_mem_port.h"

#include <cstring>

#include "sysc/payload.h"
#include "sysc/sim_time.h"

namespace gsim::sysc {

MemStatus to_mem_status(tlm::tlm_response_status s) {
    switch (s) {
        case tlm::TLM_OK_RESPONSE: return MemStatus::OK;
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: return MemStatus::DECODE_ERROR;
        default: return MemStatus::SLAVE_ERROR;
    }
}

TlmMemPort::TlmMemPort(const sc_core::sc_module_name& name, bool use_dmi)
    : sc_module(name), out("out"), m_use_dmi(use_dmi) {
    out.register_invalidate_direct_mem_ptr(this, &TlmMemPort::invalidate_direct_mem_ptr);
}

void TlmMemPort::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    m_dmi.invalidate(start, end);
}

MemStatus TlmMemPort::access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len,
                             uint64_t& latency_ps) {
    ++m_txns;
    sc_core::sc_time lat;
    if (m_use_dmi && m_dmi.access(cmd, addr, data, len, lat)) {
        latency_ps += to_ps(lat);
        ++m_dmi_hits;
        return MemStatus::OK;
    }
    tlm::tlm_generic_payload gp;
    gsim::sysc::set_plain_access(gp, cmd, addr, data, static_cast<unsigned>(len));
    // Issued when the core acts (the kernel's time, or an access's time it runs within).
    const sc_core::sc_time issued = ActingAt::offset();
    sc_core::sc_time delay = issued;
    out->b_transport(gp, delay);
    latency_ps += to_ps(delay - issued);
    if (m_use_dmi && gp.is_dmi_allowed() && gp.is_response_ok() && !m_dmi.full()) {
        tlm::tlm_dmi dmi;
        tlm::tlm_generic_payload probe;
        probe.set_address(addr);
        probe.set_command(cmd);
        if (out->get_direct_mem_ptr(probe, dmi)) m_dmi.add(dmi);
    }
    return to_mem_status(gp.get_response_status());
}

MemStatus TlmMemPort::read(uint64_t addr, void* dst, size_t len, uint64_t& latency_ps,
                           const MemAttrs&) {
    return access(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), len, latency_ps);
}

MemStatus TlmMemPort::write(uint64_t addr, const void* src, size_t len, uint64_t& latency_ps,
                            const MemAttrs&) {
    return access(tlm::TLM_WRITE_COMMAND, addr,
                  const_cast<uint8_t*>(static_cast<const uint8_t*>(src)), len, latency_ps);
}

}  // namespace gsim::sysc
