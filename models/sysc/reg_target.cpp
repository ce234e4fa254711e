#include "sysc/reg_target.h"

#include <cstring>

namespace gsim::sysc {

RegRequest RegRequest::of(const tlm::tlm_generic_payload& gp) {
    RegRequest rq{gp.get_command(), gp.get_address(), gp.get_data_ptr(), gp.get_data_length()};
    if (gp.get_byte_enable_ptr()) {
        rq.shape = tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    } else if (gp.get_streaming_width() < rq.len) {
        rq.shape = tlm::TLM_BURST_ERROR_RESPONSE;
    }
    return rq;
}

tlm::tlm_response_status reg_transport(const RegRequest& rq, const RegAccess& regs) {
    if (rq.shape != tlm::TLM_OK_RESPONSE) return rq.shape;
    if ((rq.len != 4 && rq.len != 8) || (rq.off & (rq.len - 1))) return tlm::TLM_GENERIC_ERROR_RESPONSE;
    uint64_t v = 0;
    bool ok;
    if (rq.cmd == tlm::TLM_READ_COMMAND) {
        ok = regs.read(rq.off, rq.len, v);
        if (ok) std::memcpy(rq.data, &v, rq.len);
    } else if (rq.cmd == tlm::TLM_WRITE_COMMAND) {
        std::memcpy(&v, rq.data, rq.len);
        ok = regs.write(rq.off, rq.len, v);
    } else {
        return tlm::TLM_OK_RESPONSE;  // IGNORE command
    }
    return ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE;
}

}  // namespace gsim::sysc
