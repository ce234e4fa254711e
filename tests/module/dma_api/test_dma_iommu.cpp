// DmaIommu on simulated CPUs: map writes PTEs a software walk finds, unmap clears them and calls
// the flush exactly once for the whole range, -ENOENT for unknown IOVAs, exhaustion makes map
// fail, rcache reuse versus the rbtree for 64-page ranges, costs are exact parameter sums.
#include <gtest/gtest.h>

#include <cerrno>

#include "dma_test_bench.h"
#include "sc_test_support.h"

using namespace sc_core;
using dmatest::Bench;

namespace {
constexpr uint64_t PAGE = 4096;
constexpr uint64_t BUF = 0x90000000;
}  // namespace

TEST(DmaIommu, map_writes_ptes_a_software_walk_finds) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    uint64_t iova = 0;
    uint64_t took_ps = 0;
    t.script(0, [&](fw::Cpu& c) {
        const uint64_t t0 = c.now_ps();
        iova = t.dma->map(c, BUF + 0x123, 3 * PAGE);  // offset: spans 4 pages
        took_ps = c.now_ps() - t0;
    });
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_NE(iova, 0u);
    EXPECT_EQ(iova & (PAGE - 1), 0x123u);
    // Top-down: 4 pages (order 2) at the top of [IOVA_BASE, IOVA_BASE + 4096 pages).
    EXPECT_EQ(iova & ~(PAGE - 1), dmatest::IOVA_BASE + (4096 - 4) * PAGE);
    for (uint64_t i = 0; i < 4; ++i) {
        const auto w = t.pt->walk((iova & ~(PAGE - 1)) + i * PAGE);
        ASSERT_TRUE(w.mapped) << i;
        EXPECT_EQ(w.pa, BUF + i * PAGE) << i;
        EXPECT_EQ(w.size, PAGE);
    }
    EXPECT_FALSE(t.pt->walk((iova & ~(PAGE - 1)) + 4 * PAGE).mapped);
    EXPECT_EQ(t.stat("dma.ptes_written"), 4u);
    EXPECT_GT(t.stat("dma.pt_accesses"), 4u);  // table walk reads + leaf stores were replayed
    EXPECT_EQ(t.stat("dma.iova.rcache_alloc_misses"), 1u);
    EXPECT_EQ(t.stat("dma.iova.rbtree_allocs"), 1u);
    // map_base 300 + rcache 60 (miss) + rbtree 400 + 4 PTEs x 4 ns; accesses cost 0 here.
    EXPECT_EQ(took_ps, (300 + 60 + 400 + 16) * 1000u);
    EXPECT_EQ(t.dma->live_mappings(), 1u);
}

TEST(DmaIommu, unmap_clears_ptes_and_flushes_once_with_the_whole_range) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    t.flush.ns = 1000;
    uint64_t iova = 0, unmap_ps = 0;
    int rc = 1;
    t.script(0, [&](fw::Cpu& c) {
        iova = t.dma->map(c, BUF, 16 * PAGE);
        const uint64_t t0 = c.now_ps();
        rc = t.dma->unmap(c, iova, 16 * PAGE);
        unmap_ps = c.now_ps() - t0;
    });
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_NE(iova, 0u);
    EXPECT_EQ(rc, 0);
    ASSERT_EQ(t.flush.calls.size(), 1u);
    EXPECT_EQ(t.flush.calls[0].iova, iova);
    EXPECT_EQ(t.flush.calls[0].size, 16 * PAGE);
    EXPECT_TRUE(t.flush.calls[0].leaf);
    EXPECT_EQ(t.flush.calls[0].asid, 7u);
    for (uint64_t i = 0; i < 16; ++i) EXPECT_FALSE(t.pt->walk(iova + i * PAGE).mapped) << i;
    EXPECT_EQ(t.stat("dma.ptes_cleared"), 16u);
    // unmap_base 300 + 16 PTEs x 4 + flush 1000 + rcache free 60.
    EXPECT_EQ(unmap_ps, (300 + 64 + 1000 + 60) * 1000u);
    EXPECT_EQ(t.stat("dma.iova.rcache_free_hits"), 1u);
    EXPECT_EQ(t.dma->live_mappings(), 0u);
}

TEST(DmaIommu, unknown_or_already_unmapped_iova_is_enoent_without_flush) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    int rc_unknown = 0, rc_first = 1, rc_second = 0;
    t.script(0, [&](fw::Cpu& c) {
        rc_unknown = t.dma->unmap(c, 0xdead000, PAGE);
        const uint64_t iova = t.dma->map(c, BUF, PAGE);
        rc_first = t.dma->unmap(c, iova, PAGE);
        rc_second = t.dma->unmap(c, iova, PAGE);
    });
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(rc_unknown, -ENOENT);
    EXPECT_EQ(rc_first, 0);
    EXPECT_EQ(rc_second, -ENOENT);
    EXPECT_EQ(t.flush.calls.size(), 1u);
    EXPECT_EQ(t.stat("dma.unmap_enoent"), 2u);
}

TEST(DmaIommu, exhausted_iova_space_makes_map_fail) {
    gsim::test::guard_single_elaboration();
    Bench t(1, /*iova_pages=*/4);
    std::vector<uint64_t> iovas;
    uint64_t fifth = 1, after_free = 0;
    t.script(0, [&](fw::Cpu& c) {
        for (int i = 0; i < 4; ++i) iovas.push_back(t.dma->map(c, BUF + i * PAGE, PAGE));
        fifth = t.dma->map(c, BUF, PAGE);
        t.dma->unmap(c, iovas[1], PAGE);
        after_free = t.dma->map(c, BUF, PAGE);  // rcache hit: the freed range again
    });
    gsim::test::advance(sc_time(1, SC_MS));
    for (uint64_t v : iovas) EXPECT_NE(v, 0u);
    EXPECT_EQ(fifth, 0u);
    EXPECT_EQ(after_free, iovas[1]);
    EXPECT_EQ(t.stat("dma.map_failures"), 1u);
    EXPECT_EQ(t.stat("dma.iova.rcache_flushes"), 1u);  // tried to reclaim cached ranges first
}

TEST(DmaIommu, cached_sizes_reuse_the_rcache_and_64_pages_always_use_the_rbtree) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    std::vector<uint64_t> unmap_ps;
    t.script(0, [&](fw::Cpu& c) {
        for (int i = 0; i < 2; ++i) t.dma->unmap(c, t.dma->map(c, BUF, PAGE), PAGE);
        for (int i = 0; i < 2; ++i) {
            const uint64_t iova = t.dma->map(c, BUF, 64 * PAGE);
            const uint64_t t0 = c.now_ps();
            t.dma->unmap(c, iova, 64 * PAGE);
            unmap_ps.push_back(c.now_ps() - t0);
        }
    });
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(t.stat("dma.iova.rcache_alloc_misses"), 1u);
    EXPECT_EQ(t.stat("dma.iova.rcache_alloc_hits"), 1u);
    EXPECT_EQ(t.stat("dma.iova.rcache_free_hits"), 2u);
    EXPECT_EQ(t.stat("dma.iova.rbtree_allocs"), 3u);  // 1 miss + 2 x 64 pages
    EXPECT_EQ(t.stat("dma.iova.rbtree_frees"), 2u);   // the 64-page frees
    EXPECT_EQ(t.stat("dma.iova_lock.acquisitions"), 5u);
    ASSERT_EQ(unmap_ps.size(), 2u);
    // unmap_base 300 + 64 PTEs x 4 + flush 1000 + rbtree free 400 (no rcache step).
    EXPECT_EQ(unmap_ps[0], (300 + 256 + 1000 + 400) * 1000u);
    ASSERT_EQ(t.flush.calls.size(), 4u);
    EXPECT_EQ(t.flush.calls[3].size, 64 * PAGE);
}

TEST(DmaIommu, a_flush_error_is_passed_through_and_the_iova_is_freed) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    t.flush.rc = -ETIMEDOUT;
    int rc = 0;
    t.script(0, [&](fw::Cpu& c) { rc = t.dma->unmap(c, t.dma->map(c, BUF, PAGE), PAGE); });
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(rc, -ETIMEDOUT);
    EXPECT_EQ(t.stat("dma.flush_errors"), 1u);
    EXPECT_EQ(t.dma->live_mappings(), 0u);
}

TEST(DmaIommu, concurrent_maps_on_two_cpus_keep_both_mappings_in_the_shared_table) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    // Non-zero access cost: the replayed loads/stores cross quantum boundaries (yields).
    for (auto& c : t.cpus) c->main_port().set_cached_access_cost(sc_time(5, SC_NS));
    std::vector<uint64_t> got[2];
    for (unsigned i = 0; i < 2; ++i) {
        t.script(i, [&, i](fw::Cpu& c) {
            for (int k = 0; k < 200; ++k) got[i].push_back(t.dma->map(c, BUF + i * 0x100000, PAGE));
        });
    }
    gsim::test::advance(sc_time(10, SC_MS));
    EXPECT_EQ(t.dma->live_mappings(), 400u);
    for (unsigned i = 0; i < 2; ++i) {
        for (uint64_t iova : got[i]) {
            ASSERT_NE(iova, 0u);
            const auto w = t.pt->walk(iova);
            ASSERT_TRUE(w.mapped);
            EXPECT_EQ(w.pa, BUF + i * 0x100000);
        }
    }
}

TEST(DmaIommu, page_table_loads_and_stores_cost_what_the_cpu_port_charges) {
    gsim::test::guard_single_elaboration();
    Bench t(1);
    t.cpus[0]->main_port().set_cached_access_cost(sc_time(2, SC_NS));
    uint64_t took_ps = 0, accesses = 0;
    t.script(0, [&](fw::Cpu& c) {
        t.dma->unmap(c, t.dma->map(c, BUF, PAGE), PAGE);  // tables exist afterwards
        const uint64_t before = t.stat("dma.pt_accesses");
        const uint64_t t0 = c.now_ps();
        t.dma->map(c, BUF, 8 * PAGE);
        took_ps = c.now_ps() - t0;
        accesses = t.stat("dma.pt_accesses") - before;
    });
    gsim::test::advance(sc_time(1, SC_MS));
    // 8 leaf stores at least, plus the descriptor reads of the walk down to them.
    EXPECT_GE(accesses, 8u);
    // map_base 300 + rcache 60 (miss) + rbtree 400 + 8 PTEs x 4 + accesses x 2 ns.
    EXPECT_EQ(took_ps, (300 + 60 + 400 + 32 + accesses * 2) * 1000u);
}

TEST(DmaIommu, a_full_tree_reclaims_cached_ranges_and_retries_once) {
    gsim::test::guard_single_elaboration();
    Bench t(1, /*iova_pages=*/4);
    uint64_t two = 0;
    std::vector<uint64_t> iovas;
    t.script(0, [&](fw::Cpu& c) {
        for (int i = 0; i < 4; ++i) iovas.push_back(t.dma->map(c, BUF + i * PAGE, PAGE));
        // The two highest pages go back to this CPU's rcache (order 0)...
        t.dma->unmap(c, iovas[0], PAGE);
        t.dma->unmap(c, iovas[1], PAGE);
        // ...so a 2-page request misses its own order, finds the tree full, flushes the caches
        // into the tree and succeeds at the 2-aligned pair they freed.
        two = t.dma->map(c, BUF, 2 * PAGE);
    });
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(iovas[0], dmatest::IOVA_BASE + 3 * PAGE);  // top-down
    EXPECT_EQ(iovas[1], dmatest::IOVA_BASE + 2 * PAGE);
    EXPECT_EQ(two, dmatest::IOVA_BASE + 2 * PAGE);
    EXPECT_EQ(t.stat("dma.iova.rcache_flushes"), 1u);
    EXPECT_EQ(t.stat("dma.map_failures"), 0u);
    EXPECT_TRUE(t.pt->walk(two + PAGE).mapped);
}

// The replay costs an edit's loads and stores without transactions only while the editing CPU's
// port holds DMI grants for the table pages; the port remembers pages it found covered, and a DMI
// invalidation must make it look again. CPU 1 edits through CPU 0's backdoor (the writer's port),
// so only CPU 1's own grants decide; after the invalidation its replay reaches DRAM.
TEST(DmaIommu, after_a_dmi_invalidation_the_replay_issues_transactions_again) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    for (auto& c : t.cpus) c->main_port().set_cached_access_cost(sc_time(2, SC_NS));
    uint64_t warm_reads = 0, cold_reads = 0, again_reads = 0;
    t.script(0, [](fw::Cpu&) {});
    t.script(1, [&](fw::Cpu& c) {
        auto map_unmap_reads = [&] {
            const uint64_t r0 = t.stat("dram.reads") + t.stat("dram.writes");
            t.dma->unmap(c, t.dma->map(c, BUF, PAGE), PAGE);
            return t.stat("dram.reads") + t.stat("dram.writes") - r0;
        };
        map_unmap_reads();  // tables exist afterwards
        warm_reads = map_unmap_reads();
        t.dram.in->invalidate_direct_mem_ptr(0, ~uint64_t{0});  // every grant, every initiator
        cold_reads = map_unmap_reads();
        again_reads = map_unmap_reads();  // the timed accesses asked for grants again
    });
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(warm_reads, 0u);
    // The map walks the four table levels: the first access to each table page goes out as a
    // transaction (which asks for that page's grant again); the rest are costed.
    EXPECT_EQ(cold_reads, 4u);
    EXPECT_EQ(again_reads, 0u);
}
