// ATC: LRU replacement, lookups per context, ATC_INV span/SSID/Global matching.
#include <gtest/gtest.h>

#include "ats_ep/core/atc.h"

using ats::core::Atc;
using ats::core::AtcEntry;

namespace {

AtcEntry page(uint64_t iova, uint64_t pa, bool ssv = false, uint32_t ssid = 0,
              unsigned size_log2 = 12) {
    AtcEntry e;
    e.ssv = ssv;
    e.ssid = ssid;
    e.iova = iova;
    e.pa = pa;
    e.size_log2 = size_log2;
    e.perm_r = e.perm_w = true;
    return e;
}

}  // namespace

TEST(Atc, hit_returns_the_pa_at_the_offset_within_the_entry) {
    Atc atc(4);
    atc.insert(page(0x12345'000, 0x8000'0000, false, 0, 21));  // 2 MiB block, aligned down
    const AtcEntry* e = atc.lookup(false, 0, 0x1234'6789);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->iova, 0x1220'0000u);
    EXPECT_EQ(e->translate(0x1234'6789), 0x8014'6789u);
    EXPECT_EQ(atc.lookup(false, 0, 0x1240'0000), nullptr);  // next 2 MiB block
}

TEST(Atc, contexts_with_and_without_pasid_do_not_alias) {
    Atc atc(4);
    atc.insert(page(0x1000, 0xA000, true, 5));
    EXPECT_EQ(atc.lookup(false, 0, 0x1000), nullptr);
    EXPECT_EQ(atc.lookup(true, 6, 0x1000), nullptr);
    ASSERT_NE(atc.lookup(true, 5, 0x1000), nullptr);
}

TEST(Atc, full_cache_evicts_the_least_recently_used_entry) {
    Atc atc(2);
    atc.insert(page(0x1000, 0xA000));
    atc.insert(page(0x2000, 0xB000));
    ASSERT_NE(atc.lookup(false, 0, 0x1000), nullptr);  // 0x2000 is now LRU
    atc.insert(page(0x3000, 0xC000));
    EXPECT_NE(atc.lookup(false, 0, 0x1000), nullptr);
    EXPECT_EQ(atc.lookup(false, 0, 0x2000), nullptr);
    EXPECT_NE(atc.lookup(false, 0, 0x3000), nullptr);
    EXPECT_EQ(atc.evictions(), 1u);
    EXPECT_EQ(atc.occupancy(), 2u);
}

TEST(Atc, refill_of_the_same_page_replaces_instead_of_duplicating) {
    Atc atc(4);
    atc.insert(page(0x1000, 0xA000));
    atc.insert(page(0x1000, 0xF000));
    EXPECT_EQ(atc.occupancy(), 1u);
    EXPECT_EQ(atc.lookup(false, 0, 0x1000)->pa, 0xF000u);
}

TEST(Atc, invalidation_span_is_naturally_aligned_power_of_two_pages) {
    Atc atc(8);
    for (uint64_t p = 0; p < 8; ++p) atc.insert(page(0x10000 + p * 0x1000, 0xA0000 + p * 0x1000));
    // Size 2 = 4 pages; address 0x15000 lies in the aligned span 0x14000..0x17FFF.
    auto c = atc.invalidate(false, 0, 0x15000, 2, false);
    EXPECT_EQ(c.scanned, 8u);
    EXPECT_EQ(c.removed, 4u);
    for (uint64_t p = 0; p < 8; ++p) {
        const bool gone = p >= 4;
        EXPECT_EQ(atc.lookup(false, 0, 0x10000 + p * 0x1000) == nullptr, gone) << p;
    }
}

TEST(Atc, invalidation_removes_a_large_entry_that_overlaps_a_small_span) {
    Atc atc(4);
    atc.insert(page(0x4000'0000, 0x8000'0000, false, 0, 21));
    atc.insert(page(0x5000'0000, 0x9000'0000));
    auto c = atc.invalidate(false, 0, 0x4010'0000, 0, false);  // one page inside the block
    EXPECT_EQ(c.removed, 1u);
    EXPECT_EQ(atc.lookup(false, 0, 0x4000'0000), nullptr);
    EXPECT_NE(atc.lookup(false, 0, 0x5000'0000), nullptr);
}

TEST(Atc, size_52_invalidates_every_address) {
    Atc atc(4);
    atc.insert(page(0x1000, 0xA000));
    atc.insert(page(0xFFFF'FFFF'F000, 0xB000));
    atc.insert(page(0x7000, 0xC000, true, 3));
    auto c = atc.invalidate(false, 0, 0, ats::core::ATC_INV_SIZE_ALL, false);
    EXPECT_EQ(c.removed, 3u);
    EXPECT_EQ(atc.occupancy(), 0u);
}

TEST(Atc, pasid_invalidation_only_matches_that_pasid_unless_global) {
    Atc atc(4);
    atc.insert(page(0x1000, 0xA000, true, 1));
    atc.insert(page(0x1000, 0xB000, true, 2));
    atc.insert(page(0x1000, 0xC000, false, 0));
    auto c = atc.invalidate(true, 1, 0x1000, 0, false);
    EXPECT_EQ(c.removed, 1u);
    EXPECT_EQ(atc.lookup(true, 1, 0x1000), nullptr);
    EXPECT_NE(atc.lookup(true, 2, 0x1000), nullptr);
    EXPECT_NE(atc.lookup(false, 0, 0x1000), nullptr);
    atc.insert(page(0x1000, 0xA000, true, 1));
    c = atc.invalidate(true, 7, 0x1000, 0, true);  // Global: every PASID, not the non-PASID one
    EXPECT_EQ(c.removed, 2u);
    EXPECT_NE(atc.lookup(false, 0, 0x1000), nullptr);
}

TEST(Atc, invalidation_without_pasid_matches_every_context) {
    Atc atc(4);
    atc.insert(page(0x1000, 0xA000, true, 1));
    atc.insert(page(0x1000, 0xC000, false, 0));
    atc.insert(page(0x2000, 0xD000, false, 0));
    auto c = atc.invalidate(false, 0, 0x1000, 0, false);
    EXPECT_EQ(c.removed, 2u);
    EXPECT_NE(atc.lookup(false, 0, 0x2000), nullptr);
}
