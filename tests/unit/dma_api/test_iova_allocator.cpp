// IOVA allocator model: top-down size-aligned allocation, per-CPU rcache hits and misses,
// sizes of 64 pages and more bypass the rcache, exhaustion, magazine spill, rcache flush.
#include <gtest/gtest.h>

#include "linux/iova_allocator.h"

using fw::linux_model::IovaAllocator;

TEST(IovaAllocator, order_and_reserved_size_follow_alloc_iova_fast) {
    IovaAllocator a(0x100, 0x1000);
    EXPECT_EQ(IovaAllocator::order_of(1), 0u);
    EXPECT_EQ(IovaAllocator::order_of(3), 2u);
    EXPECT_EQ(IovaAllocator::order_of(32), 5u);
    EXPECT_EQ(IovaAllocator::order_of(33), 6u);
    EXPECT_EQ(IovaAllocator::order_of(64), 6u);
    EXPECT_TRUE(a.cacheable(32));
    EXPECT_FALSE(a.cacheable(33));
    EXPECT_FALSE(a.cacheable(64));
    EXPECT_EQ(a.reserved_pages(3), 4u);    // cacheable: rounded up to the power of two
    EXPECT_EQ(a.reserved_pages(48), 48u);  // not cacheable: exact size
}

TEST(IovaAllocator, allocates_top_down_aligned_to_the_size_order) {
    IovaAllocator a(0x100, 0x1000);  // pfns [0x100, 0x1100)
    EXPECT_EQ(a.rbtree_alloc(1), 0x10FFu);
    EXPECT_EQ(a.rbtree_alloc(1), 0x10FEu);
    // 3 pages -> 4 reserved, 4-aligned: highest fit below 0x10FE is 0x10F8.
    EXPECT_EQ(a.rbtree_alloc(3), 0x10F8u);
    EXPECT_EQ(a.rbtree_size(0x10F8), 4u);
    // 64 pages, 64-aligned: 0x10F8 - 64 = 0x10B8 -> aligned down to 0x1080.
    EXPECT_EQ(a.rbtree_alloc(64), 0x1080u);
    // 48 pages: 64-aligned, 48 reserved; the 56-page gap [0x10C0, 0x10F8) fits it.
    const auto p48 = a.rbtree_alloc(48);
    ASSERT_TRUE(p48.has_value());
    EXPECT_EQ(*p48 % 64, 0u);
    EXPECT_EQ(*p48, 0x10C0u);
    EXPECT_EQ(a.rbtree_size(0x10C0), 48u);
    // The next 48 pages no longer fit above 0x1080: the next 64-aligned slot below it.
    EXPECT_EQ(a.rbtree_alloc(48), 0x1040u);
    // A freed hole is found again (top-down: the highest gap that fits).
    EXPECT_TRUE(a.rbtree_free(0x10FF));
    EXPECT_EQ(a.rbtree_alloc(1), 0x10FFu);
    EXPECT_FALSE(a.rbtree_free(0x1234));
}

TEST(IovaAllocator, exhaustion_returns_nothing_and_a_free_makes_room) {
    IovaAllocator a(0, 8);
    EXPECT_EQ(a.rbtree_alloc(4), 4u);
    EXPECT_EQ(a.rbtree_alloc(4), 0u);
    EXPECT_FALSE(a.rbtree_alloc(1).has_value());
    EXPECT_TRUE(a.rbtree_free(4));
    EXPECT_EQ(a.rbtree_alloc(2), 6u);
    EXPECT_EQ(a.rbtree_alloc(2), 4u);
    EXPECT_FALSE(a.rbtree_alloc(2).has_value());
}

TEST(IovaAllocator, alignment_can_leave_a_gap_unused) {
    IovaAllocator a(0, 96);  // [0, 96)
    EXPECT_EQ(a.rbtree_alloc(1), 95u);
    // 64-page range must be 64-aligned: only pfn 0 fits.
    EXPECT_EQ(a.rbtree_alloc(64), 0u);
    EXPECT_FALSE(a.rbtree_alloc(64).has_value());
}

TEST(IovaAllocator, rcache_hits_on_the_same_cpu_and_misses_on_another) {
    IovaAllocator a(0, 0x1000);
    std::vector<uint64_t> spill;
    EXPECT_FALSE(a.rcache_get(0, 1).has_value());  // empty: miss
    EXPECT_TRUE(a.rcache_put(0, 0x123, 1, spill));
    EXPECT_TRUE(spill.empty());
    EXPECT_EQ(a.rcache_cached(0), 1u);
    EXPECT_FALSE(a.rcache_get(1, 1).has_value());  // per-CPU
    EXPECT_FALSE(a.rcache_get(0, 2).has_value());  // per order
    EXPECT_EQ(a.rcache_get(0, 1), 0x123u);
    EXPECT_FALSE(a.rcache_get(0, 1).has_value());
    // 3 pages and 4 pages share order 2.
    EXPECT_TRUE(a.rcache_put(0, 0x40, 4, spill));
    EXPECT_EQ(a.rcache_get(0, 3), 0x40u);
}

TEST(IovaAllocator, sixty_four_page_ranges_bypass_the_rcache) {
    IovaAllocator a(0, 0x1000);
    std::vector<uint64_t> spill;
    EXPECT_FALSE(a.rcache_put(0, 0x400, 64, spill));
    EXPECT_FALSE(a.rcache_put(0, 0x400, 33, spill));
    EXPECT_EQ(a.rcache_cached(0), 0u);
    EXPECT_FALSE(a.rcache_get(0, 64).has_value());
    EXPECT_TRUE(a.rcache_put(0, 0x400, 32, spill));
    EXPECT_EQ(a.rcache_cached(0), 1u);
}

TEST(IovaAllocator, full_magazines_go_to_the_depot_then_spill_to_the_tree) {
    IovaAllocator a(0, 0x1000, /*mag_size=*/2, /*depot_max=*/1);
    std::vector<uint64_t> spill;
    for (uint64_t pfn : {1, 2, 3, 4, 5, 6}) EXPECT_TRUE(a.rcache_put(0, pfn, 1, spill));
    // loaded {1,2} -> swapped to prev; loaded {3,4} -> depot; loaded {5,6}.
    EXPECT_TRUE(spill.empty());
    EXPECT_TRUE(a.rcache_put(0, 7, 1, spill));  // prev full, depot full: loaded spills
    EXPECT_EQ(spill, (std::vector<uint64_t>{5, 6}));
    // Another CPU reaches the depot when its own magazines are empty.
    EXPECT_EQ(a.rcache_get(1, 1), 4u);
    EXPECT_EQ(a.rcache_get(1, 1), 3u);
    EXPECT_FALSE(a.rcache_get(1, 1).has_value());
    const auto all = a.rcache_flush_all();
    EXPECT_EQ(all.size(), 3u);  // 7 in loaded, 1 and 2 in prev
    EXPECT_EQ(a.rcache_cached(0), 0u);
}
