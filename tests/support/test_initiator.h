// Test support: a TLM initiator to drive a target socket directly from a TEST body
// (elaboration-only tests, pattern B in ../shared/STYLE.md).
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <utility>
#include <vector>

namespace gsim::test {

struct TestInitiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<TestInitiator> out{"out"};
    explicit TestInitiator(sc_core::sc_module_name n = "test_initiator") : sc_core::sc_module(n) {
        out.register_invalidate_direct_mem_ptr(this, &TestInitiator::invalidate);
    }
    // The DMI invalidations received, [start, end].
    std::vector<std::pair<uint64_t, uint64_t>> invalidations;
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) { invalidations.emplace_back(start, end); }

    tlm::tlm_response_status transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                       sc_core::sc_time& delay) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<uint8_t*>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_byte_enable_ptr(nullptr);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(gp, delay);
        return gp.get_response_status();
    }
    tlm::tlm_response_status write(uint64_t addr, uint64_t v, unsigned len, sc_core::sc_time& d) {
        return transport(tlm::TLM_WRITE_COMMAND, addr, &v, len, d);
    }
    tlm::tlm_response_status read(uint64_t addr, uint64_t& v, unsigned len, sc_core::sc_time& d) {
        v = 0;
        return transport(tlm::TLM_READ_COMMAND, addr, &v, len, d);
    }
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<uint8_t*>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        return out->transport_dbg(gp);
    }
};

}  // namespace gsim::test
