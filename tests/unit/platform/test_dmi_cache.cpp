// DmiCache: lookup through the MRU entry, the page index and the large-region list; overlap,
// permissions, accesses straddling regions, invalidation by range; no capacity cliff.
#include <gtest/gtest.h>

#include <vector>

#include "sysc/dmi_cache.h"

namespace {

using gsim::sysc::DmiCache;

tlm::tlm_dmi region(uint8_t* mem, uint64_t start, uint64_t end, bool rd = true, bool wr = true) {
    tlm::tlm_dmi d;
    d.set_dmi_ptr(mem);
    d.set_start_address(start);
    d.set_end_address(end);
    if (rd && wr) {
        d.allow_read_write();
    } else if (rd) {
        d.allow_read();
    } else if (wr) {
        d.allow_write();
    }
    d.set_read_latency(sc_core::sc_time(3, sc_core::SC_NS));
    d.set_write_latency(sc_core::sc_time(5, sc_core::SC_NS));
    return d;
}

}  // namespace

TEST(DmiCache, thousands_of_page_regions_are_all_found) {
    constexpr unsigned N = 5000;
    std::vector<std::vector<uint8_t>> pages(N, std::vector<uint8_t>(4096));
    DmiCache c;
    for (unsigned i = 0; i < N; ++i) c.add(region(pages[i].data(), 0x80000000ull + i * 4096ull, 0x80000000ull + i * 4096ull + 4095));
    EXPECT_EQ(c.size(), N);
    for (unsigned i = 0; i < N; i += 7) {
        const uint64_t a = 0x80000000ull + i * 4096ull + 40;
        uint32_t v = i;
        sc_core::sc_time lat;
        ASSERT_TRUE(c.access(tlm::TLM_WRITE_COMMAND, a, reinterpret_cast<uint8_t*>(&v), 4, lat)) << i;
        EXPECT_EQ(lat, sc_core::sc_time(5, sc_core::SC_NS));
        uint32_t w = 0;
        ASSERT_TRUE(c.access(tlm::TLM_READ_COMMAND, a, reinterpret_cast<uint8_t*>(&w), 4, lat));
        EXPECT_EQ(lat, sc_core::sc_time(3, sc_core::SC_NS));
        EXPECT_EQ(w, i);
        EXPECT_EQ(pages[i][40], static_cast<uint8_t>(i));
    }
    // Outside every region, and straddling two regions: no pointer.
    EXPECT_EQ(c.find(tlm::TLM_READ_COMMAND, 0x7ffff000, 8), nullptr);
    EXPECT_EQ(c.find(tlm::TLM_READ_COMMAND, 0x80000ffc, 8), nullptr);
}

TEST(DmiCache, large_regions_permissions_and_overlap) {
    std::vector<uint8_t> big(1 << 20), ro(4096), other(4096);
    DmiCache c;
    c.add(region(big.data(), 0x100000, 0x1fffff));                   // 256 pages: list
    c.add(region(ro.data(), 0x300000, 0x300fff, true, false));       // read-only
    c.add(region(other.data(), 0x100000, 0x100fff));                 // overlaps the big one
    const tlm::tlm_dmi* d = c.find(tlm::TLM_READ_COMMAND, 0x1ffff8, 8);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->get_dmi_ptr(), big.data());
    EXPECT_NE(c.find(tlm::TLM_READ_COMMAND, 0x300010, 4), nullptr);
    EXPECT_EQ(c.find(tlm::TLM_WRITE_COMMAND, 0x300010, 4), nullptr);
    // Overlap: a region found either way points at memory for the right address.
    d = c.find(tlm::TLM_READ_COMMAND, 0x100010, 4);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->get_start_address(), 0x100000u);
}

TEST(DmiCache, invalidate_drops_exactly_the_overlapping_regions) {
    std::vector<uint8_t> a(4096), b(4096), big(1 << 20);
    DmiCache c;
    c.add(region(a.data(), 0x1000, 0x1fff));
    c.add(region(b.data(), 0x2000, 0x2fff));
    c.add(region(big.data(), 0x100000, 0x1fffff));
    ASSERT_NE(c.find(tlm::TLM_READ_COMMAND, 0x1000, 4), nullptr);  // now the MRU entry
    c.invalidate(0x1800, 0x1800);
    EXPECT_EQ(c.find(tlm::TLM_READ_COMMAND, 0x1000, 4), nullptr);
    EXPECT_NE(c.find(tlm::TLM_READ_COMMAND, 0x2000, 4), nullptr);
    EXPECT_NE(c.find(tlm::TLM_READ_COMMAND, 0x180000, 4), nullptr);
    c.invalidate(0x1fffff, 0x200000);
    EXPECT_EQ(c.find(tlm::TLM_READ_COMMAND, 0x180000, 4), nullptr);
    EXPECT_EQ(c.size(), 1u);
}

TEST(DmiCache, a_bounded_cache_stops_adding_when_full) {
    std::vector<uint8_t> m(4096 * 4);
    DmiCache c(2);
    for (unsigned i = 0; i < 4; ++i) c.add(region(m.data() + 4096 * i, 4096ull * i, 4096ull * i + 4095));
    EXPECT_TRUE(c.full());
    EXPECT_NE(c.find(tlm::TLM_READ_COMMAND, 4096, 4), nullptr);
    EXPECT_EQ(c.find(tlm::TLM_READ_COMMAND, 8192, 4), nullptr);
}
