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

#include "common/slot_pool.h"

TEST(SlotPool, requests_wait_for_the_earliest_free_slot) {
    gsim::SlotPool p(2);
    EXPECT_EQ(p.acquire(0, 100), 0u);
    EXPECT_EQ(p.acquire(0, 50), 0u);
    EXPECT_EQ(p.acquire(10, 10), 50u);   // both busy: waits for the one ending at 50
    EXPECT_EQ(p.acquire(200, 10), 200u);  // free again
    EXPECT_EQ(p.waits(), 1u);
    EXPECT_EQ(p.wait_total(), 40u);
    gsim::SlotPool zero(0);  // at least one slot
    EXPECT_EQ(zero.slots(), 1u);
}
