// Unit tests of the trace number and byte-string rules.
#include <gtest/gtest.h>

#include "formats/number_text.h"

using traces::format_hex_bytes;
using traces::format_hex_u64;
using traces::parse_hex_bytes;
using traces::parse_u64_text;

TEST(TraceNumberText, decimal_hex_and_separators_parse) {
    uint64_t v = 0;
    EXPECT_TRUE(parse_u64_text("1234", v));
    EXPECT_EQ(v, 1234u);
    EXPECT_TRUE(parse_u64_text("0x1100_0000", v));
    EXPECT_EQ(v, 0x11000000u);
    EXPECT_TRUE(parse_u64_text("0XfFfF", v));
    EXPECT_EQ(v, 0xffffu);
    EXPECT_TRUE(parse_u64_text("1_000_000", v));
    EXPECT_EQ(v, 1000000u);
    EXPECT_TRUE(parse_u64_text("0xffffffffffffffff", v));
    EXPECT_EQ(v, UINT64_MAX);
    EXPECT_TRUE(parse_u64_text("18446744073709551615", v));
    EXPECT_EQ(v, UINT64_MAX);
}

TEST(TraceNumberText, malformed_numbers_are_rejected) {
    uint64_t v = 0;
    for (const char* s : {"", "0x", "_1", "1_", "0x_1", "12a", "-1", " 1", "1 ", "0x10000000000000000",
                          "18446744073709551616", "1.0", "+1"}) {
        EXPECT_FALSE(parse_u64_text(s, v)) << s;
    }
}

TEST(TraceNumberText, hex_bytes_need_even_digits_and_allow_0x) {
    std::vector<uint8_t> b;
    std::string err;
    ASSERT_TRUE(parse_hex_bytes("0x01aB", b, err));
    EXPECT_EQ(b, (std::vector<uint8_t>{0x01, 0xab}));
    ASSERT_TRUE(parse_hex_bytes("deadbeef", b, err));
    EXPECT_EQ(b, (std::vector<uint8_t>{0xde, 0xad, 0xbe, 0xef}));
    EXPECT_FALSE(parse_hex_bytes("0x123", b, err));
    EXPECT_NE(err.find("odd"), std::string::npos);
    EXPECT_FALSE(parse_hex_bytes("0x", b, err));
    EXPECT_NE(err.find("empty"), std::string::npos);
    EXPECT_FALSE(parse_hex_bytes("12 34", b, err));
    EXPECT_FALSE(parse_hex_bytes("zz", b, err));
    EXPECT_NE(err.find("invalid hex digit"), std::string::npos);
}

TEST(TraceNumberText, formatting_is_lower_case_minimal_hex) {
    EXPECT_EQ(format_hex_u64(0), "0x0");
    EXPECT_EQ(format_hex_u64(0x11000020), "0x11000020");
    EXPECT_EQ(format_hex_u64(UINT64_MAX), "0xffffffffffffffff");
    EXPECT_EQ(format_hex_bytes({0x00, 0xab, 0x10}), "0x00ab10");
}
