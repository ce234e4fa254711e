#include <gtest/gtest.h>

#include "common/rng.h"

using namespace gsim;

TEST(Rng, same_seed_same_sequence) {
    Rng a(7), b(7), c(8);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        uint64_t x = a.next();
        EXPECT_EQ(x, b.next());
        differs |= x != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, below_stays_in_range_and_covers_it) {
    Rng r(1);
    int seen[5] = {};
    for (int i = 0; i < 1000; ++i) {
        uint64_t v = r.below(5);
        ASSERT_LT(v, 5u);
        ++seen[v];
    }
    for (int s : seen) EXPECT_GT(s, 100);
    double u = r.uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
}
