#include "sysc/reg_target.h"

#include <cstring>

namespace gsim::sysc {

bool reg_transport(tlm::tlm_generic_payload& gp, const RegAccess& regs) {
    const unsigned len = gp.get_data_length();
    const uint64_t off = gp.get_address();
    if (gp.get_byte_enable_ptr()) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return false;
    }
    if (gp.get_streaming_width() < len) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return false;
    }
    if ((len != 4 && len != 8) || (off & (len - 1))) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return false;
    }
    uint64_t v = 0;
    bool ok;
    if (gp.is_read()) {
        ok = regs.read(off, len, v);
        if (ok) std::memcpy(gp.get_data_ptr(), &v, len);
    } else if (gp.is_write()) {
        std::memcpy(&v, gp.get_data_ptr(), len);
        ok = regs.write(off, len, v);
    } else {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);  // IGNORE command
        return true;
    }
    gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
    return ok;
}

}  // namespace gsim::sysc
