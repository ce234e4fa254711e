// gsim::DeferredQueue: time order, FIFO among equal times, deadlines, actions scheduling
// actions.
#include <gtest/gtest.h>

#include <vector>

#include "common/deferred.h"

TEST(DeferredQueue, runs_due_actions_in_time_order_with_fifo_for_equal_times) {
    gsim::DeferredQueue q;
    std::vector<int> order;
    std::vector<uint64_t> at;
    q.schedule(300, [&](uint64_t t) {
        order.push_back(3);
        at.push_back(t);
    });
    q.schedule(100, [&](uint64_t t) {
        order.push_back(1);
        at.push_back(t);
    });
    q.schedule(200, [&](uint64_t t) {
        order.push_back(21);
        at.push_back(t);
    });
    q.schedule(200, [&](uint64_t t) {
        order.push_back(22);
        at.push_back(t);
    });
    EXPECT_EQ(q.next_deadline(), 100u);
    EXPECT_EQ(q.run_due(99), 0u);
    EXPECT_EQ(q.run_due(250), 3u);
    EXPECT_EQ(order, (std::vector<int>{1, 21, 22}));
    EXPECT_EQ(at, (std::vector<uint64_t>{100, 200, 200}));  // scheduled times, not now
    EXPECT_EQ(q.next_deadline(), 300u);
    q.run_due(1000);
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.next_deadline(), gsim::DeferredQueue::NO_DEADLINE);
}

TEST(DeferredQueue, an_action_may_schedule_another_that_runs_if_already_due) {
    gsim::DeferredQueue q;
    std::vector<uint64_t> ran;
    q.schedule(10, [&](uint64_t t) {
        ran.push_back(t);
        q.schedule(t + 5, [&](uint64_t t2) { ran.push_back(t2); });
        q.schedule(t + 50, [&](uint64_t t3) { ran.push_back(t3); });
    });
    q.run_due(20);
    EXPECT_EQ(ran, (std::vector<uint64_t>{10, 15}));
    EXPECT_EQ(q.next_deadline(), 60u);
}
