#include <gtest/gtest.h>

#include "sc_test_support.h"
#include "test_initiator.h"
#include "soc/msi_doorbell.h"

using namespace sc_core;

TEST(MsiDoorbell, records_writes_in_order_and_pulses_its_line) {
    gsim::test::guard_single_elaboration();
    gsim::Stats s;
    soc::MsiDoorbell msi("msi", 0x08000000, sc_time(10, SC_NS), gsim::StatGroup(s, "msi"));
    gsim::test::TestInitiator init;
    init.out.bind(msi.in);
    for (uint32_t data : {0x11u, 0x22u}) {
        sc_time d(3, SC_NS);
        EXPECT_EQ(init.write(0x40, data, 4, d), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(d, sc_time(13, SC_NS));
    }
    ASSERT_EQ(msi.records().size(), 2u);
    EXPECT_EQ(msi.records()[0].addr, 0x08000040u);
    EXPECT_EQ(msi.records()[1].data, 0x22u);
    EXPECT_EQ(msi.records()[0].time_ps, 3000u);
    EXPECT_EQ(msi.msi_irq.rising_edges(), 2u);
    EXPECT_FALSE(msi.msi_irq.level());
    ASSERT_NE(msi.peek_unchecked(), nullptr);
    EXPECT_EQ(msi.peek_unchecked()->data, 0x11u);
    msi.consume();
    EXPECT_EQ(msi.peek_unchecked()->data, 0x22u);
    msi.consume();
    EXPECT_EQ(msi.peek_unchecked(), nullptr);
    EXPECT_EQ(s.value("msi.msi_writes"), 2u);
}
