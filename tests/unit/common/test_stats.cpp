#include <gtest/gtest.h>

#include <sstream>

#include "common/stats.h"

using namespace gsim;

TEST(Stats, counters_are_stable_and_sorted_in_json) {
    Stats s;
    Counter& b = s.counter("b.x");
    Counter& a = s.counter("a.y");
    ++b;
    a += 5;
    s.counter("c");  // creating more entries keeps references valid
    b.inc(2);
    std::ostringstream os;
    s.write_json(os);
    std::string j = os.str();
    EXPECT_LT(j.find("\"a.y\": 5"), j.find("\"b.x\": 3"));
    EXPECT_EQ(s.value("b.x"), 3u);
    EXPECT_EQ(s.value("missing"), 0u);
}

TEST(Stats, histogram_buckets_and_moments) {
    Histogram h("ns");
    for (uint64_t v : {0, 1, 2, 3, 4, 100}) h.sample(v);
    EXPECT_EQ(h.count(), 6u);
    EXPECT_EQ(h.min(), 0u);
    EXPECT_EQ(h.max(), 100u);
    EXPECT_DOUBLE_EQ(h.mean(), 110.0 / 6.0);
    // bucket 0: {0}; 1: {1}; 2: {2,3}; 3: {4}; 7: {100}
    ASSERT_EQ(h.buckets().size(), 8u);
    EXPECT_EQ(h.buckets()[0], 1u);
    EXPECT_EQ(h.buckets()[2], 2u);
    EXPECT_EQ(h.buckets()[7], 1u);
    EXPECT_EQ(h.percentile_upper(100), 100u);
    EXPECT_LE(h.percentile_upper(50), 3u);
}

TEST(Stats, stat_group_prefixes_names) {
    Stats s;
    StatGroup g(s, "platform.smmu0");
    g.counter("tlb_hits").inc();
    g.sub("cmdq").counter("cmds").inc(4);
    EXPECT_EQ(s.value("platform.smmu0.tlb_hits"), 1u);
    EXPECT_EQ(s.value("platform.smmu0.cmdq.cmds"), 4u);
    StatGroup own;  // private registry
    own.counter("x").inc();
    EXPECT_EQ(own.registry().value("x"), 1u);
}

TEST(Stats, json_escape) {
    EXPECT_EQ(json_escape("a\"b\\c\n"), "a\\\"b\\\\c\\n");
}
