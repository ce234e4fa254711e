#include "soc/dram.h"
#include "sysc/reg_route.h"

#include <vector>

namespace soc {

Dram::Dram(const sc_core::sc_module_name& name, uint64_t size, sc_core::sc_time read_latency,
           sc_core::sc_time write_latency, gsim::StatGroup stats, bool dmi)
    : sc_module(name),
      in("in"),
      m_mem(size),
      m_rd(read_latency),
      m_wr(write_latency),
      m_dmi(dmi),
      m_reads(stats.counter("reads")),
      m_writes(stats.counter("writes")),
      m_bytes_read(stats.counter("bytes_read")),
      m_bytes_written(stats.counter("bytes_written")),
      m_errors(stats.counter("errors")),
      m_dmi_grants(stats.counter("dmi_grants")) {
    in.register_b_transport(this, &Dram::b_transport);
    in.register_transport_dbg(this, &Dram::transport_dbg);
    in.register_get_direct_mem_ptr(this, &Dram::get_direct_mem_ptr);
}

bool Dram::do_access(tlm::tlm_generic_payload& gp) {
    const uint64_t a = gp.get_address();
    const unsigned len = gp.get_data_length();
    const unsigned sw = gp.get_streaming_width();
    if (sw != 0 && sw < len) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return false;
    }
    if (!m_mem.in_range(a, len)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return false;
    }
    uint8_t* data = gp.get_data_ptr();
    const uint8_t* be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    if (gp.is_read()) {
        if (be) {
            std::vector<uint8_t> tmp(len);
            m_mem.read(a, tmp.data(), len);
            for (unsigned i = 0; i < len; ++i) {
                if (be[i % be_len] == TLM_BYTE_ENABLED) data[i] = tmp[i];
            }
        } else {
            m_mem.read(a, data, len);
        }
    } else if (gp.is_write()) {
        if (be) {
            for (unsigned i = 0; i < len; ++i) {
                if (be[i % be_len] == TLM_BYTE_ENABLED) m_mem.write(a + i, data + i, 1);
            }
        } else {
            m_mem.write(a, data, len);
        }
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
}

void Dram::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!do_access(gp)) {
        ++m_errors;
        return;
    }
    if (gp.is_read()) {
        ++m_reads;
        m_bytes_read += gp.get_data_length();
        delay += m_rd;
    } else if (gp.is_write()) {
        ++m_writes;
        m_bytes_written += gp.get_data_length();
        delay += m_wr;
    }
    gp.set_dmi_allowed(m_dmi);
}

unsigned Dram::transport_dbg(tlm::tlm_generic_payload& gp) {
    return do_access(gp) ? gp.get_data_length() : 0;
}

bool Dram::get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    const uint64_t a = gp.get_address();
    if (!m_dmi || a >= m_mem.size()) return false;
    if (gsim::sysc::route_request(gp)) return false;  // a register-route probe: no DMI, none counted
    const uint64_t page = a & ~(gsim::SparseMemory::PAGE_SIZE - 1);
    dmi.set_dmi_ptr(m_mem.page_ptr(page));
    dmi.set_start_address(page);
    dmi.set_end_address(std::min(page + gsim::SparseMemory::PAGE_SIZE, m_mem.size()) - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(m_rd);
    dmi.set_write_latency(m_wr);
    ++m_dmi_grants;
    return true;
}

}  // namespace soc
