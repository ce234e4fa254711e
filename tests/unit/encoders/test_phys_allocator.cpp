#include <gtest/gtest.h>

#include "encoders/phys_allocator.h"

using namespace fw::enc;

TEST(PhysAllocator, allocations_are_aligned_and_disjoint) {
    PhysAllocator a(0x1000'0100, 0x10'0000);
    uint64_t p1 = 0, p2 = 0, p3 = 0;
    ASSERT_EQ(a.alloc(0x40, 0x40, &p1), EncError::OK);
    EXPECT_EQ(p1, 0x1000'0100u);
    ASSERT_EQ(a.alloc(0x1000, 0x1000, &p2), EncError::OK);
    EXPECT_EQ(p2, 0x1000'1000u);
    ASSERT_EQ(a.alloc(0x10000, 0x10000, &p3), EncError::OK);
    EXPECT_EQ(p3, 0x1001'0000u);
    EXPECT_EQ(a.allocations(), 3u);
    EXPECT_EQ(a.used(), 0x1002'0000u - 0x1000'0100u);
}

TEST(PhysAllocator, exhaustion_is_reported_and_leaves_state_unchanged) {
    PhysAllocator a(0x2000, 0x2000);
    uint64_t p = 0xdead;
    ASSERT_EQ(a.alloc(0x1000, 0x1000, &p), EncError::OK);
    EXPECT_EQ(p, 0x2000u);
    uint64_t q = 0xdead;
    EXPECT_EQ(a.alloc(0x1001, 8, &q), EncError::NO_MEMORY);
    EXPECT_EQ(q, 0xdeadu);
    EXPECT_EQ(a.used(), 0x1000u);
    EXPECT_EQ(a.alloc(0x1000, 0x2000, &q), EncError::NO_MEMORY);  // alignment pushes past end
    ASSERT_EQ(a.alloc(0x1000, 0x1000, &q), EncError::OK);
    EXPECT_EQ(q, 0x3000u);
    EXPECT_EQ(a.remaining(), 0u);
    EXPECT_EQ(a.alloc(1, 1, &q), EncError::NO_MEMORY);
}

TEST(PhysAllocator, bad_arguments_and_overflow_are_errors_not_ub) {
    PhysAllocator a(0xFFFF'FFFF'FFFF'F000ull, 0x10000);  // range wraps: clamped
    uint64_t p = 0;
    EXPECT_EQ(a.alloc(0, 8, &p), EncError::BAD_ALIGNMENT);
    EXPECT_EQ(a.alloc(8, 3, &p), EncError::BAD_ALIGNMENT);
    EXPECT_EQ(a.alloc(8, 0, &p), EncError::BAD_ALIGNMENT);
    EXPECT_EQ(a.alloc(0x10000, 8, &p), EncError::NO_MEMORY);
    EXPECT_EQ(a.alloc(8, uint64_t{1} << 63, &p), EncError::NO_MEMORY);  // align wraps to 0
    ASSERT_EQ(a.alloc(0x800, 0x800, &p), EncError::OK);
    EXPECT_EQ(p, 0xFFFF'FFFF'FFFF'F000ull);
    a.reset();
    EXPECT_EQ(a.used(), 0u);
    EXPECT_STREQ(enc_error_name(EncError::NO_MEMORY), "NO_MEMORY");
}
