// grace-sim: a generic payload set up for one plain access (the initiators' common part).
#pragma once
#include <tlm>

#include <cstdint>

namespace gsim::sysc {

// cmd of len bytes at addr from/to data: no byte enables, streaming width = length, no DMI hint,
// response incomplete. Extensions are the caller's.
inline void set_plain_access(tlm::tlm_generic_payload& gp, tlm::tlm_command cmd, uint64_t addr,
                             uint8_t* data, unsigned len) {
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace gsim::sysc
