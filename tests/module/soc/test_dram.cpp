// DRAM: sparse storage, byte accuracy, byte enables, latency, DMI and debug transport,
// through the router at a non-zero base (as the platform uses it).
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "sc_test_support.h"
#include "test_initiator.h"
#include "soc/dram.h"
#include "soc/router.h"
#include "sysc/reg_route.h"

using namespace sc_core;

namespace {

struct Bench {
    gsim::test::TestInitiator tb{"tb"};
    gsim::Stats stats;
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), SC_ZERO_TIME};
    soc::Dram dram{"dram", uint64_t{16} << 30, sc_time(100, SC_NS), sc_time(50, SC_NS),
                   gsim::StatGroup(stats, "dram")};
    Bench() {
        bus.map({"dram", 0x80000000, uint64_t{16} << 30});
        bus.out.bind(dram.in);
        tb.out.bind(bus.in);
        sc_start(SC_ZERO_TIME);  // multi-sockets finish their bindings at end of elaboration
    }
    tlm::tlm_response_status rw(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                sc_time& d, const uint8_t* be = nullptr, unsigned be_len = 0) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<uint8_t*>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_byte_enable_ptr(const_cast<uint8_t*>(be));
        gp.set_byte_enable_length(be_len);
        tb.out->b_transport(gp, d);
        last_dmi_allowed = gp.is_dmi_allowed();
        return gp.get_response_status();
    }
    bool last_dmi_allowed = false;
};

}  // namespace

TEST(Dram, sixteen_gib_is_sparse_and_byte_accurate) {
    gsim::test::guard_single_elaboration();
    Bench b;
    EXPECT_EQ(b.dram.memory().pages_allocated(), 0u);
    sc_time d = SC_ZERO_TIME;
    uint64_t v = 0x1122334455667788ull;
    uint64_t top = 0x80000000ull + (uint64_t{16} << 30) - 8;
    EXPECT_EQ(b.rw(tlm::TLM_WRITE_COMMAND, top, &v, 8, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.dram.memory().pages_allocated(), 1u);
    uint32_t half = 0;
    EXPECT_EQ(b.rw(tlm::TLM_READ_COMMAND, top + 4, &half, 4, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(half, 0x11223344u);
    uint64_t untouched = 1;
    EXPECT_EQ(b.rw(tlm::TLM_READ_COMMAND, 0x90000000, &untouched, 8, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(untouched, 0u);
    EXPECT_EQ(b.dram.memory().pages_allocated(), 1u);
}

TEST(Dram, read_and_write_latency_are_annotated) {
    gsim::test::guard_single_elaboration();
    Bench b;
    uint64_t v = 0;
    sc_time d = SC_ZERO_TIME;
    b.rw(tlm::TLM_WRITE_COMMAND, 0x80000000, &v, 8, d);
    EXPECT_EQ(d, sc_time(50, SC_NS));
    b.rw(tlm::TLM_READ_COMMAND, 0x80000000, &v, 8, d);
    EXPECT_EQ(d, sc_time(150, SC_NS));
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);  // loosely timed: the target never waits
    EXPECT_EQ(b.stats.value("dram.reads"), 1u);
    EXPECT_EQ(b.stats.value("dram.bytes_written"), 8u);
}

TEST(Dram, byte_enables_write_only_enabled_bytes) {
    gsim::test::guard_single_elaboration();
    Bench b;
    sc_time d = SC_ZERO_TIME;
    uint32_t init = 0xAAAAAAAA, v = 0x11223344;
    b.rw(tlm::TLM_WRITE_COMMAND, 0x80001000, &init, 4, d);
    const uint8_t be[2] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};
    EXPECT_EQ(b.rw(tlm::TLM_WRITE_COMMAND, 0x80001000, &v, 4, d, be, 2), tlm::TLM_OK_RESPONSE);
    uint32_t out = 0;
    b.rw(tlm::TLM_READ_COMMAND, 0x80001000, &out, 4, d);
    EXPECT_EQ(out, 0xAA22AA44u);
}

TEST(Dram, dmi_gives_a_page_with_the_same_latency_and_sees_writes) {
    gsim::test::guard_single_elaboration();
    Bench b;
    sc_time d = SC_ZERO_TIME;
    uint64_t v = 42;
    b.rw(tlm::TLM_WRITE_COMMAND, 0x80002008, &v, 8, d);
    EXPECT_TRUE(b.last_dmi_allowed);
    tlm::tlm_generic_payload gp;
    gp.set_address(0x80002010);
    gp.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.tb.out->get_direct_mem_ptr(gp, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x80002000u);
    EXPECT_EQ(dmi.get_end_address(), 0x80002fffu);
    EXPECT_EQ(dmi.get_read_latency(), sc_time(100, SC_NS));
    uint64_t through_dmi;
    std::memcpy(&through_dmi, dmi.get_dmi_ptr() + 8, 8);
    EXPECT_EQ(through_dmi, 42u);
}

TEST(Dram, a_register_route_probe_gets_no_dmi_and_counts_no_grant) {
    gsim::test::guard_single_elaboration();
    Bench b;
    tlm::tlm_generic_payload gp;
    gp.set_address(0x80002010);
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_data_length(4);
    gsim::sysc::RegRouteRequest req;
    gp.set_extension(&req);
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(b.tb.out->get_direct_mem_ptr(gp, dmi));
    gp.clear_extension(&req);
    EXPECT_FALSE(req.route.granted());
    // Refused over the region the router decoded: the holder need not ask again there.
    EXPECT_EQ(req.route.start, 0x80000000u);
    EXPECT_EQ(req.route.end, 0x80000000u + (uint64_t{16} << 30) - 1);
    EXPECT_EQ(b.stats.value("dram.dmi_grants"), 0u);
    EXPECT_TRUE(b.tb.out->get_direct_mem_ptr(gp, dmi));  // without the request: DMI as before
    EXPECT_EQ(b.stats.value("dram.dmi_grants"), 1u);
}

TEST(Dram, debug_transport_and_out_of_range) {
    gsim::test::guard_single_elaboration();
    gsim::Stats s;
    soc::Dram small("small", 4096, SC_ZERO_TIME, SC_ZERO_TIME, gsim::StatGroup(s, "small"));
    gsim::test::TestInitiator init;
    init.out.bind(small.in);
    uint64_t v = 7;
    EXPECT_EQ(init.debug(tlm::TLM_WRITE_COMMAND, 4088, &v, 8), 8u);
    EXPECT_EQ(init.debug(tlm::TLM_WRITE_COMMAND, 4092, &v, 8), 0u);
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(init.write(4092, v, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(s.value("small.errors"), 1u);
}
