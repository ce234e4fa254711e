// dma_map_benchmark arithmetic: per-sample flooring to 100 ns, floored mean, integer stddev,
// exactly as kernel/dma/map_benchmark.c computes them.
#include <gtest/gtest.h>

#include "workloads/map_bench_stats.h"

using fw::workloads::MapBenchStats;

TEST(MapBenchStats, floors_each_sample_and_the_mean) {
    MapBenchStats s;
    // unmap: 1299 -> 12, 1301 -> 13, 1399 -> 13 (100 ns units); map: 250 -> 2 each.
    s.add_delta_ns(250, 1299);
    s.add_delta_ns(250, 1301);
    s.add_delta_ns(250, 1399);
    const auto r = s.finish();
    EXPECT_EQ(r.loops, 3u);
    EXPECT_EQ(r.sum_unmap_100ns, 38u);
    EXPECT_EQ(r.sum_sq_unmap, 144u + 169u + 169u);
    EXPECT_EQ(r.avg_unmap_100ns, 12u);   // 38 / 3 floored (true mean 13.3 us*10)
    EXPECT_EQ(r.unmap_stddev, 4u);       // isqrt(482/3 - 144) = isqrt(16)
    EXPECT_EQ(r.avg_map_100ns, 2u);
    EXPECT_EQ(r.map_stddev, 0u);
}

TEST(MapBenchStats, uses_timestamp_differences_in_ns) {
    MapBenchStats s;
    s.add_ns(1000, 1599, 2000, 7399);  // 599 ns -> 5, 5399 ns -> 53
    const auto r = s.finish();
    EXPECT_EQ(r.avg_map_100ns, 5u);
    EXPECT_EQ(r.avg_unmap_100ns, 53u);
}

TEST(MapBenchStats, stddev_is_the_integer_root_of_floored_moments) {
    MapBenchStats s;
    s.add_delta_ns(0, 1000);   // 10
    s.add_delta_ns(0, 3000);   // 30
    const auto r = s.finish();
    EXPECT_EQ(r.avg_unmap_100ns, 20u);
    EXPECT_EQ(r.unmap_stddev, 10u);  // (100 + 900) / 2 - 400 = 100
    MapBenchStats t;
    t.add_delta_ns(0, 100);  // 1
    t.add_delta_ns(0, 400);  // 4
    const auto q = t.finish();
    EXPECT_EQ(q.avg_unmap_100ns, 2u);   // 5 / 2
    EXPECT_EQ(q.unmap_stddev, 2u);      // 17 / 2 - 4 = 4 -> 2 (true stddev 1.5)
}

TEST(MapBenchStats, no_samples_reports_zero) {
    MapBenchStats s;
    const auto r = s.finish();
    EXPECT_EQ(r.loops, 0u);
    EXPECT_EQ(r.avg_unmap_100ns, 0u);
}

TEST(MapBenchStats, int_sqrt64_is_exact_floor) {
    EXPECT_EQ(MapBenchStats::int_sqrt64(0), 0u);
    EXPECT_EQ(MapBenchStats::int_sqrt64(1), 1u);
    EXPECT_EQ(MapBenchStats::int_sqrt64(15), 3u);
    EXPECT_EQ(MapBenchStats::int_sqrt64(16), 4u);
    EXPECT_EQ(MapBenchStats::int_sqrt64(~uint64_t{0}), 4294967295u);
    EXPECT_EQ(MapBenchStats::int_sqrt64(uint64_t{4294967295} * 4294967295u), 4294967295u);
}
