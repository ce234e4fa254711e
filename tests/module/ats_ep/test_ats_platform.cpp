// The platform's ATS wiring: the registry is SMMU0's ATC_INV target and holds endpoint ats0.
#include <gtest/gtest.h>

#include "sc_test_support.h"
#include "top.h"

TEST(AtsPlatform, default_platform_registers_ats0_with_the_smmu) {
    gsim::test::guard_single_elaboration();
    platform::SimConfig cfg;
    gsim::Stats stats;
    platform::Platform p("platform", cfg, stats);
    EXPECT_EQ(p.ats0().sid(), platform::Platform::ATS0_SID);
    EXPECT_EQ(p.ats_registry().endpoints(platform::Platform::ATS0_SID), 1u);
    EXPECT_EQ(p.ats_registry().endpoints(0x101), 0u);
    // An ATC_INV routed through the registry reaches ats0 (and takes its PCIe round trip).
    auto r = p.ats_registry().atc_invalidate(platform::Platform::ATS0_SID, false, 0, 0, 52, false,
                                             1000);
    EXPECT_TRUE(r.completes);
    EXPECT_EQ(r.complete_ps, 1000u + ats::core::AtsParams{}.pcie_rtt_ns * 1000);
    EXPECT_EQ(stats.value("platform.ats0.invalidations"), 1u);
}
