// Router: decode by address map, decode errors, relative addresses, debug transport, DMI.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "sc_test_support.h"
#include "soc/router.h"
#include "test_initiator.h"

using namespace sc_core;

namespace {

struct Recorder : sc_module {
    tlm_utils::simple_target_socket<Recorder> in{"in"};
    uint64_t last_addr = ~uint64_t{0};
    unsigned count = 0;
    explicit Recorder(sc_module_name n) : sc_module(n) {
        in.register_b_transport(this, &Recorder::bt);
        in.register_transport_dbg(this, &Recorder::dbg);
    }
    void bt(tlm::tlm_generic_payload& gp, sc_time& d) {
        last_addr = gp.get_address();
        ++count;
        d += sc_time(5, SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned dbg(tlm::tlm_generic_payload& gp) {
        last_addr = gp.get_address();
        return gp.get_data_length();
    }
};

struct Bench {
    gsim::test::TestInitiator tb{"tb"};
    gsim::Stats stats;
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), sc_time(10, SC_NS)};
    Recorder a{"a"}, b{"b"};
    Bench() {
        bus.map({"a", 0x1000, 0x1000});
        bus.out.bind(a.in);
        bus.map({"b", 0x8000, 0x100});
        bus.out.bind(b.in);
        tb.out.bind(bus.in);
        sc_start(SC_ZERO_TIME);  // multi-sockets finish their bindings at end of elaboration
    }
    tlm::tlm_response_status access(uint64_t addr, unsigned len, sc_time& d) {
        uint8_t buf[8] = {};
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_ptr(buf);
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        tb.out->b_transport(gp, d);
        EXPECT_EQ(gp.get_address(), addr) << "router must restore the address";
        return gp.get_response_status();
    }
};

}  // namespace

TEST(Router, routes_by_map_with_relative_addresses_and_hop_latency) {
    gsim::test::guard_single_elaboration();
    Bench b;
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(b.access(0x1ff8, 8, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.a.last_addr, 0xff8u);
    EXPECT_EQ(d, sc_time(15, SC_NS));
    EXPECT_EQ(b.access(0x8004, 4, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.b.last_addr, 4u);
    EXPECT_EQ(b.a.count, 1u);
    EXPECT_EQ(b.b.count, 1u);
}

TEST(Router, unmapped_address_is_a_counted_decode_error) {
    gsim::test::guard_single_elaboration();
    Bench b;
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(b.access(0x3000, 4, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.access(0x1ffc, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);  // crosses the region end
    EXPECT_EQ(b.access(0x0, 4, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.bus.decode_errors(), 3u);
    EXPECT_EQ(b.stats.value("bus.decode_errors"), 3u);
    EXPECT_EQ(b.a.count + b.b.count, 0u);
}

TEST(Router, overlapping_or_empty_regions_are_rejected) {
    gsim::test::guard_single_elaboration();
    gsim::Stats s;
    soc::Router bus("bus", gsim::StatGroup(s, "bus"));
    bus.map({"x", 0x1000, 0x1000});
    EXPECT_THROW(bus.map({"y", 0x1fff, 0x10}), std::invalid_argument);
    EXPECT_THROW(bus.map({"z", 0x0, 0}), std::invalid_argument);
    EXPECT_THROW(bus.map({"w", ~uint64_t{0} - 4, 0x10}), std::invalid_argument);
    EXPECT_EQ(bus.decode(0x1800), 0);
    EXPECT_EQ(bus.decode(0x2000), -1);
}

TEST(Router, debug_transport_is_routed) {
    gsim::test::guard_single_elaboration();
    Bench b;
    uint8_t buf[4];
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(0x8010);
    gp.set_data_ptr(buf);
    gp.set_data_length(4);
    EXPECT_EQ(b.tb.out->transport_dbg(gp), 4u);
    EXPECT_EQ(b.b.last_addr, 0x10u);
    gp.set_address(0x9000);
    EXPECT_EQ(b.tb.out->transport_dbg(gp), 0u);
}
