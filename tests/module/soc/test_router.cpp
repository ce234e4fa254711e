// Router: decode by address map, decode errors, relative addresses, debug transport, DMI.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "sc_test_support.h"
#include "soc/router.h"
#include "sysc/reg_route.h"
#include "test_initiator.h"

using namespace sc_core;

namespace {

// A register target: b_transport is access() with a payload; `routes`: grants register routes.
struct Recorder : sc_module {
    tlm_utils::simple_target_socket<Recorder> in{"in"};
    uint64_t last_addr = ~uint64_t{0};
    unsigned count = 0;
    explicit Recorder(sc_module_name n, bool routes = false) : sc_module(n) {
        in.register_b_transport(this, &Recorder::bt);
        in.register_transport_dbg(this, &Recorder::dbg);
        if (routes) in.register_get_direct_mem_ptr(this, &Recorder::dmi);
    }
    tlm::tlm_response_status access(const gsim::sysc::RegRequest& rq, sc_time& d) {
        last_addr = rq.off;
        ++count;
        d += sc_time(5, SC_NS);
        return tlm::TLM_OK_RESPONSE;
    }
    void bt(tlm::tlm_generic_payload& gp, sc_time& d) {
        gp.set_response_status(access(gsim::sysc::RegRequest::of(gp), d));
    }
    bool dmi(tlm::tlm_generic_payload& gp, tlm::tlm_dmi&) {
        gsim::sysc::grant_route(gp, *this);
        return false;
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
    Recorder a{"a", true}, b{"b"};
    Bench() {
        bus.map({"a", 0x1000, 0x1000});
        bus.out.bind(a.in);
        bus.map({"b", 0x8000, 0x100});
        bus.out.bind(b.in);
        tb.out.bind(bus.in);
        sc_start(SC_ZERO_TIME);  // multi-sockets finish their bindings at end of elaboration
    }
    // A register-route probe for `len` bytes at addr: the answer.
    gsim::sysc::RegRoute probe_route(uint64_t addr, unsigned len) {
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_length(len);
        gsim::sysc::RegRouteRequest req;
        gp.set_extension(&req);
        tlm::tlm_dmi dmi;
        EXPECT_FALSE(tb.out->get_direct_mem_ptr(gp, dmi)) << "registers: no DMI";
        gp.clear_extension(&req);
        EXPECT_EQ(gp.get_address(), addr) << "router must restore the address";
        return req.route;
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

TEST(Router, a_register_route_does_what_the_trip_through_the_router_does) {
    gsim::test::guard_single_elaboration();
    Bench b;
    const gsim::sysc::RegRoute r = b.probe_route(0x1010, 4);
    ASSERT_TRUE(r.granted());
    EXPECT_EQ(r.start, 0x1000u);  // narrowed to the region, in system addresses
    EXPECT_EQ(r.end, 0x1fffu);
    EXPECT_TRUE(r.covers(0x1ffc, 4));
    EXPECT_FALSE(r.covers(0x1ffc, 8));  // would cross the region's end
    EXPECT_EQ(b.stats.value("bus.transactions"), 0u);  // a probe is no transaction
    // Through the route: the hop's latency before the target, the hop's count, the target's
    // offset and latency.
    sc_time d = r.enter(SC_ZERO_TIME);
    uint32_t v = 0;
    EXPECT_EQ(r.entry(r.target, tlm::TLM_READ_COMMAND, 0x1ff8 - r.delta, reinterpret_cast<uint8_t*>(&v), 4, d),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.a.last_addr, 0xff8u);
    EXPECT_EQ(b.stats.value("bus.transactions"), 1u);
    // The same access through the sockets: the same offset, time and count.
    sc_time d2 = SC_ZERO_TIME;
    b.a.last_addr = 0;
    EXPECT_EQ(b.access(0x1ff8, 4, d2), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.a.last_addr, 0xff8u);
    EXPECT_EQ(d, d2);
    EXPECT_EQ(d, sc_time(15, SC_NS));
    EXPECT_EQ(b.stats.value("bus.transactions"), 2u);
}

TEST(Router, a_register_route_is_refused_where_no_target_grants_one) {
    gsim::test::guard_single_elaboration();
    Bench b;
    const gsim::sysc::RegRoute other = b.probe_route(0x8004, 4);  // b grants none
    EXPECT_FALSE(other.granted());
    EXPECT_EQ(other.start, 0x8000u);  // refused over the region
    EXPECT_EQ(other.end, 0x80ffu);
    const gsim::sysc::RegRoute none = b.probe_route(0x3000, 4);  // unmapped
    EXPECT_FALSE(none.granted());
    EXPECT_EQ(none.start, 0x3000u);  // refused over the access
    EXPECT_EQ(none.end, 0x3003u);
    EXPECT_EQ(b.bus.decode_errors(), 0u);  // a probe is no transaction
}

TEST(Router, an_observer_gets_every_transaction_so_setting_one_revokes_the_routes) {
    gsim::test::guard_single_elaboration();
    Bench b;
    ASSERT_TRUE(b.probe_route(0x1010, 4).granted());
    b.bus.set_observer([](int, const tlm::tlm_generic_payload&, const sc_time&) {});
    ASSERT_EQ(b.tb.invalidations.size(), 1u);  // every route the initiator holds goes
    EXPECT_EQ(b.tb.invalidations[0].first, 0u);
    EXPECT_EQ(b.tb.invalidations[0].second, ~uint64_t{0});
    EXPECT_FALSE(b.probe_route(0x1010, 4).granted());  // and none is granted while it watches
}

TEST(RegRoute, hops_rebase_narrow_and_count_in_order_and_too_many_counters_refuse) {
    gsim::sysc::RegRoute r;
    int target = 0;
    r.grant([](void*, tlm::tlm_command, uint64_t, uint8_t*, unsigned, sc_time&) { return tlm::TLM_OK_RESPONSE; },
            &target, 0, ~uint64_t{0});
    gsim::Counter c[5];
    r.rebase(0, 0x1000, 0x5000);  // a router region at 0x5000
    r.add_hop(sc_time(10, SC_NS), &c[0]);
    r.rebase(0x5000, 0x1000, 0x9000);  // a window at 0x9000 onto it
    r.add_hop(sc_time(2, SC_NS), &c[1]);
    EXPECT_TRUE(r.granted());
    EXPECT_EQ(r.start, 0x9000u);
    EXPECT_EQ(r.end, 0x9fffu);
    EXPECT_EQ(0x9010 - r.delta, 0x10u);
    EXPECT_EQ(r.enter(sc_time(1, SC_NS)), sc_time(13, SC_NS));
    EXPECT_EQ(c[0].value, 1u);
    EXPECT_EQ(c[1].value, 1u);
    r.rebase(0x9800, 0x100, 0x9800);  // a narrower window, not moved
    EXPECT_EQ(r.start, 0x9800u);
    EXPECT_EQ(r.end, 0x98ffu);
    EXPECT_EQ(0x9810 - r.delta, 0x810u);
    r.add_hop(SC_ZERO_TIME, &c[2]);
    r.add_hop(SC_ZERO_TIME, &c[3]);
    EXPECT_TRUE(r.granted());
    r.add_hop(SC_ZERO_TIME, &c[4]);  // a fifth counter: more than a route carries
    EXPECT_FALSE(r.granted());
}
