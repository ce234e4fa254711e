#include <gtest/gtest.h>

#include "encoders/queue.h"

using namespace fw::enc;

TEST(EncQueue, empty_full_and_space_follow_index_and_wrap) {
    Queue q(0x8000'0000, 3);  // 8 entries
    EXPECT_EQ(q.entries(), 8u);
    EXPECT_EQ(q.bytes(), 128u);
    EXPECT_TRUE(q.empty(0, 0));
    EXPECT_EQ(q.space(0, 0), 8u);
    EXPECT_TRUE(q.full(0x8, 0x0));   // index 0 wrap 1 vs index 0 wrap 0
    EXPECT_FALSE(q.empty(0x8, 0x0));
    EXPECT_EQ(q.space(0x8, 0x0), 0u);
    EXPECT_EQ(q.used(0x9, 0x3), 6u);  // prod idx1 w1, cons idx3 w0: 6 used
    EXPECT_EQ(q.space(0x9, 0x3), 2u);
    EXPECT_EQ(q.used(0x5, 0x3), 2u);
    EXPECT_TRUE(q.empty(0x8 | (5u << 24), 0x8));  // ERR bits ignored
}

TEST(EncQueue, next_toggles_wrap_when_passing_the_end) {
    Queue q(0x8000'0000, 3);
    EXPECT_EQ(q.next(0x7), 0x8u);
    EXPECT_EQ(q.next(0xF), 0x0u);
    EXPECT_EQ(q.next(0x6, 4), 0xAu);
    EXPECT_EQ(q.index(0xA), 2u);
    EXPECT_TRUE(q.wrap(0xA));
    EXPECT_EQ(q.slot_address(0xA), 0x8000'0000u + 2 * 16);
}

TEST(EncQueue, base_register_packs_addr_and_log2size) {
    Queue q(0x1'2345'6780ull, 10, Queue::EVT_ENTRY_BYTES);
    EXPECT_EQ(q.base_register(), 0x1'2345'6780ull | 10u);
    EXPECT_EQ(q.base_register(true) >> 62, 1u);
    EXPECT_EQ(q.slot_address(3), 0x1'2345'6780ull + 96);
}
