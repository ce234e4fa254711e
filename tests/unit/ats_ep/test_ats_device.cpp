// AtsDevice invalidation timing and AtsRegistry SID routing.
#include <gtest/gtest.h>

#include "ats_ep/core/ats_device.h"
#include "ats_ep/core/ats_registry.h"

using namespace ats::core;

namespace {

AtsParams params() {
    AtsParams p;
    p.atc_entries = 8;
    p.pcie_rtt_ns = 1000;
    p.inv_per_entry_ns = 10;
    return p;
}

void fill_pages(AtsDevice& d, unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
        AtcEntry e;
        e.iova = 0x1000 * (i + 1);
        e.pa = 0x8000'0000 + 0x1000 * i;
        e.perm_r = true;
        d.fill(e);
    }
}

}  // namespace

TEST(AtsDevice, invalidation_completes_after_round_trip_plus_per_entry_scan) {
    gsim::Stats stats;
    AtsDevice d(0x100, params(), gsim::StatGroup(stats, "ep"));
    fill_pages(d, 3);
    auto r = d.invalidate(false, 0, 0x1000, 0, false, 5'000'000);
    EXPECT_TRUE(r.completes);
    EXPECT_EQ(r.complete_ps, 5'000'000u + 1'000'000u + 3u * 10'000u);
    EXPECT_EQ(d.atc().occupancy(), 2u);
    EXPECT_EQ(stats.value("ep.invalidations"), 1u);
    EXPECT_EQ(stats.value("ep.inv_entries_removed"), 1u);
    EXPECT_EQ(stats.value("ep.inv_entries_scanned"), 3u);
}

TEST(AtsDevice, no_response_knob_removes_entries_but_never_completes) {
    AtsParams p = params();
    p.respond_to_inv = false;
    gsim::Stats stats;
    AtsDevice d(0x100, p, gsim::StatGroup(stats, "ep"));
    fill_pages(d, 2);
    auto r = d.invalidate(false, 0, 0, ATC_INV_SIZE_ALL, false, 0);
    EXPECT_FALSE(r.completes);
    EXPECT_EQ(d.atc().occupancy(), 0u);
    EXPECT_EQ(stats.value("ep.inv_not_answered"), 1u);
}

TEST(AtsDevice, lookups_count_hits_and_misses_and_fill_ignores_no_access) {
    gsim::Stats stats;
    AtsDevice d(1, params(), gsim::StatGroup(stats, "ep"));
    AtcEntry none;
    none.iova = 0x1000;
    d.fill(none);  // R = W = 0: not cached
    EXPECT_EQ(d.lookup(false, 0, 0x1000), nullptr);
    fill_pages(d, 1);
    EXPECT_NE(d.lookup(false, 0, 0x1000), nullptr);
    EXPECT_EQ(stats.value("ep.atc_hits"), 1u);
    EXPECT_EQ(stats.value("ep.atc_misses"), 1u);
    EXPECT_EQ(stats.value("ep.atc_fills"), 1u);
}

TEST(AtsRegistry, routes_by_sid_and_unknown_sid_completes_immediately) {
    gsim::Stats stats;
    AtsRegistry reg(gsim::StatGroup(stats, "ats"));
    AtsDevice a(0x100, params());
    AtsDevice b(0x200, params());
    reg.add(a);
    reg.add(b);
    fill_pages(a, 1);
    fill_pages(b, 1);
    auto r = reg.atc_invalidate(0x200, false, 0, 0, ATC_INV_SIZE_ALL, false, 100);
    EXPECT_TRUE(r.completes);
    EXPECT_EQ(r.complete_ps, 100u + 1'000'000u + 10'000u);
    EXPECT_EQ(a.atc().occupancy(), 1u);
    EXPECT_EQ(b.atc().occupancy(), 0u);
    r = reg.atc_invalidate(0x300, false, 0, 0, ATC_INV_SIZE_ALL, false, 100);
    EXPECT_TRUE(r.completes);
    EXPECT_EQ(r.complete_ps, 100u);
    EXPECT_EQ(stats.value("ats.atc_inv_unknown_sid"), 1u);
    EXPECT_EQ(stats.value("ats.atc_inv_routed"), 1u);
}

TEST(AtsRegistry, shared_sid_waits_for_the_slowest_and_fails_if_one_is_silent) {
    AtsParams slow = params();
    slow.pcie_rtt_ns = 4000;
    AtsParams silent = params();
    silent.respond_to_inv = false;
    AtsDevice fast_dev(7, params()), slow_dev(7, slow), silent_dev(8, silent), ok8(8, params());
    AtsRegistry reg;
    reg.add(fast_dev);
    reg.add(slow_dev);
    reg.add(silent_dev);
    reg.add(ok8);
    EXPECT_EQ(reg.endpoints(7), 2u);
    auto r = reg.atc_invalidate(7, false, 0, 0, 0, false, 0);
    EXPECT_TRUE(r.completes);
    EXPECT_EQ(r.complete_ps, 4'000'000u);
    r = reg.atc_invalidate(8, false, 0, 0, 0, false, 0);
    EXPECT_FALSE(r.completes);
}
