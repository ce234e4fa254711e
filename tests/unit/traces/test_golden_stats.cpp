// Unit tests of the golden statistics tolerance files.
#include <gtest/gtest.h>

#include <sstream>

#include "formats/golden_stats.h"

using traces::GoldenStat;
using traces::TraceError;

namespace {
std::vector<GoldenStat> read(const std::string& text) {
    std::istringstream in(text);
    return traces::read_golden_stats(in, "g.json");
}

void expect_error(const std::string& text, int line, int col, const std::string& reason) {
    try {
        read(text);
        ADD_FAILURE() << "no error";
    } catch (const TraceError& e) {
        EXPECT_EQ(e.line, line) << e.what();
        EXPECT_EQ(e.column, col) << e.what();
        EXPECT_NE(e.reason.find(reason), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(GoldenStats, reads_values_and_tolerances_in_file_order_skipping_comments) {
    auto s = read(
        "{\n"
        "  \"_comment\": \"x\",\n"
        "  \"smmu0.tlb_hits\": {\"value\": 1024},\n"
        "  \"replay.sim_time_ns\": {\"value\": 125000, \"rel_tol\": 0.02, \"abs_tol\": 100}\n"
        "}\n");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].name, "smmu0.tlb_hits");
    EXPECT_EQ(s[0].value, 1024.0);
    EXPECT_EQ(s[0].rel_tol, 0.0);
    EXPECT_EQ(s[0].line, 3);
    EXPECT_EQ(s[1].name, "replay.sim_time_ns");
    EXPECT_EQ(s[1].rel_tol, 0.02);
    EXPECT_EQ(s[1].abs_tol, 100.0);
    EXPECT_EQ(s[1].line, 4);
}

TEST(GoldenStats, tolerance_is_max_of_absolute_and_relative) {
    GoldenStat s{"x", 1000, 0.01, 5, 0};
    EXPECT_TRUE(traces::golden_within(s, 1010));
    EXPECT_TRUE(traces::golden_within(s, 990));
    EXPECT_FALSE(traces::golden_within(s, 1010.5));
    GoldenStat small{"y", 10, 0.01, 5, 0};
    EXPECT_TRUE(traces::golden_within(small, 15));
    EXPECT_FALSE(traces::golden_within(small, 15.01));
    GoldenStat exact{"z", 7, 0, 0, 0};
    EXPECT_TRUE(traces::golden_within(exact, 7));
    EXPECT_FALSE(traces::golden_within(exact, 8));
}

TEST(GoldenStats, compare_reports_missing_and_drifted_statistics) {
    std::vector<GoldenStat> g = {{"a", 10, 0, 0, 0}, {"b", 100, 0.1, 0, 0}, {"c", 1, 0, 0, 0}};
    auto m = traces::compare_golden(g, {{"a", 10}, {"b", 111}, {"extra", 5}});
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].name, "b");
    EXPECT_FALSE(m[0].missing);
    EXPECT_EQ(m[0].actual, 111.0);
    EXPECT_DOUBLE_EQ(m[0].allowed, 10.0);
    EXPECT_EQ(m[1].name, "c");
    EXPECT_TRUE(m[1].missing);
}

TEST(GoldenStats, malformed_files_give_line_and_reason) {
    expect_error("{\n  \"a\": {\"value\": 1},\n  \"b\": {\"valu\": 2}\n}\n", 3, 3,
                 "unknown field 'valu'");
    expect_error("{\n  \"a\": {\"rel_tol\": 0.1}\n}\n", 2, 3, "missing field 'value'");
    expect_error("{\n  \"a\": {\"value\": \"1\"}\n}\n", 2, 3, "must be a number");
    expect_error("{\n  \"a\": {\"value\": 1, \"abs_tol\": -1}\n}\n", 2, 3, "must not be negative");
    expect_error("{\n  \"a\": 5\n}\n", 2, 3, "expected an object");
    expect_error("[1]", 1, 1, "must be a JSON object");
    expect_error("{\n  \"a\": {\"value\": 1},\n}\n", 3, 1, "invalid JSON");
}

TEST(GoldenStats, write_then_read_round_trips) {
    std::vector<GoldenStat> g = {{"smmu0.walk_reads", 4096, 0, 0, 0},
                                 {"lat_ns", 182.125, 0.05, 0.5, 0}};
    std::ostringstream out;
    traces::write_golden_stats(out, g);
    auto back = read(out.str());
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].name, "smmu0.walk_reads");
    EXPECT_EQ(back[0].value, 4096.0);
    EXPECT_EQ(back[1].value, 182.125);
    EXPECT_EQ(back[1].rel_tol, 0.05);
    EXPECT_EQ(back[1].abs_tol, 0.5);
    EXPECT_EQ(back[1].line, 3);
}
