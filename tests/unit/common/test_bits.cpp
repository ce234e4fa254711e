#include <gtest/gtest.h>

#include "common/bits.h"

using namespace gsim;

TEST(Bits, mask_covers_inclusive_range) {
    EXPECT_EQ(mask(3, 0), 0xFu);
    EXPECT_EQ(mask(63, 0), ~uint64_t{0});
    EXPECT_EQ(mask(63, 63), uint64_t{1} << 63);
    EXPECT_EQ(mask(51, 5), 0x000FFFFFFFFFFFE0ull);
}

TEST(Bits, extract_and_deposit_round_trip) {
    uint64_t v = 0;
    v = deposit(v, 47, 32, 0xBEEF);
    EXPECT_EQ(extract(v, 47, 32), 0xBEEFu);
    v = deposit(v, 47, 32, 0x1FFFF);  // truncated to the field
    EXPECT_EQ(extract(v, 47, 32), 0xFFFFu);
    EXPECT_EQ(v & ~mask(47, 32), 0u);
}

TEST(Bits, field_descriptor) {
    constexpr Field F{13, 12};
    EXPECT_EQ(F.get(0x3000), 3u);
    EXPECT_EQ(F.make(2), 0x2000u);
    EXPECT_EQ(F.set(0xFFFF, 0), 0xCFFFu);
}

TEST(Bits, pow2_and_log2) {
    EXPECT_TRUE(is_pow2(4096));
    EXPECT_FALSE(is_pow2(0));
    EXPECT_FALSE(is_pow2(12));
    EXPECT_EQ(log2_floor(4096), 12u);
    EXPECT_EQ(log2_floor(1), 0u);
}
