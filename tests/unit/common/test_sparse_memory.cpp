#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "common/sparse_memory.h"

using namespace gsim;

TEST(SparseMemory, sixteen_gib_costs_nothing_until_touched) {
    SparseMemory m(16ull << 30);
    EXPECT_EQ(m.pages_allocated(), 0u);
    uint64_t v = 0xdead;
    m.read(12345678, &v, 8);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(m.pages_allocated(), 0u);  // reads do not allocate
    m.write((16ull << 30) - 8, &v, 8);
    EXPECT_EQ(m.pages_allocated(), 1u);
}

TEST(SparseMemory, byte_accurate_across_page_boundaries) {
    SparseMemory m(1 << 20);
    std::vector<uint8_t> src(10000);
    for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>(i * 7 + 3);
    m.write(4090, src.data(), src.size());
    std::vector<uint8_t> dst(src.size());
    m.read(4090, dst.data(), dst.size());
    EXPECT_EQ(src, dst);
    uint8_t one = 0;
    m.read(4089, &one, 1);
    EXPECT_EQ(one, 0u);
    EXPECT_EQ(m.pages_allocated(), 4u);
}

TEST(SparseMemory, fill_zero_does_not_allocate) {
    SparseMemory m(1 << 20);
    m.fill(0, 0, 65536);
    EXPECT_EQ(m.pages_allocated(), 0u);
    m.fill(100, 0xAB, 2);
    uint8_t b[3];
    m.read(99, b, 3);
    EXPECT_EQ(b[0], 0);
    EXPECT_EQ(b[1], 0xAB);
    EXPECT_EQ(b[2], 0xAB);
}

TEST(SparseMemory, range_check) {
    SparseMemory m(4096);
    EXPECT_TRUE(m.in_range(0, 4096));
    EXPECT_FALSE(m.in_range(1, 4096));
    EXPECT_FALSE(m.in_range(4097, 0));
    EXPECT_FALSE(m.in_range(8, ~uint64_t{0}));
}
