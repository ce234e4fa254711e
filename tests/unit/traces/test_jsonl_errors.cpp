// Unit tests of the JSON Lines v1 reader's errors: line, column and reason of each.
#include <gtest/gtest.h>

#include "formats/jsonl_reader.h"

using traces::read_trace_string;
using traces::TraceError;

namespace {
const std::string HDR = "{\"format\": \"grace-sim-trace\", \"version\": 1}\n";

// Reads `text`; expects a TraceError at (line, column) whose reason contains `reason`.
void expect_error(const std::string& text, int line, int column, const std::string& reason) {
    try {
        read_trace_string(text, "t.jsonl");
        ADD_FAILURE() << "no error for: " << text;
    } catch (const TraceError& e) {
        EXPECT_EQ(e.line, line) << e.what();
        EXPECT_EQ(e.column, column) << e.what();
        EXPECT_NE(e.reason.find(reason), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("t.jsonl:" + std::to_string(line) + ":" +
                                                  std::to_string(column) + ": ",
                                              0),
                  0u)
            << e.what();
    }
}

// Column (1-based) of `needle` in `line`.
int col(const std::string& line, const std::string& needle) {
    const size_t p = line.find(needle);
    EXPECT_NE(p, std::string::npos) << needle;
    return int(p) + 1;
}

void expect_op_error(const std::string& op_line, const std::string& value_at,
                     const std::string& reason) {
    expect_error(HDR + op_line + "\n", 2, col(op_line, value_at), reason);
}
}  // namespace

TEST(JsonlErrors, bad_json_reports_byte_column) {
    // The parser stops at the unexpected '}' (column 11).
    expect_error(HDR + "{\"op\": \"wait\", \"ns\": 1}\n{\"op\": 12,}\n", 3, 11, "invalid JSON");
    expect_error(HDR + "{\"op\": \"wait\", \"ns\": 1\n", 2, 23, "invalid JSON");
}

TEST(JsonlErrors, trailing_garbage_is_bad_json) {
    expect_error(HDR + "{\"op\": \"wait\", \"ns\": 1} x\n", 2, 25, "invalid JSON");
}

TEST(JsonlErrors, non_object_line_is_rejected) {
    expect_error(HDR + "  [1, 2]\n", 2, 3, "expected a JSON object");
    expect_error(HDR + "42\n", 2, 1, "expected a JSON object");
}

TEST(JsonlErrors, missing_header_is_reported) {
    expect_error("{\"op\": \"wait\", \"ns\": 1}\n", 1, 1, "missing header");
    expect_error("# only a comment\n\n", 3, 1, "missing header");
    expect_error("", 1, 1, "missing header");
}

TEST(JsonlErrors, invalid_header_fields_are_reported) {
    const std::string wrong_fmt = R"({"format": "other", "version": 1})";
    expect_error(wrong_fmt + "\n", 1, col(wrong_fmt, "\"other\""), "format must be");
    const std::string no_version = R"({"format": "grace-sim-trace"})";
    expect_error(no_version + "\n", 1, 1, "missing field 'version'");
    const std::string extra = R"({"format": "grace-sim-trace", "version": 1, "author": "me"})";
    expect_error(extra + "\n", 1, col(extra, "\"author\""), "unknown field 'author'");
    const std::string bad_cfg =
        R"({"format": "grace-sim-trace", "version": 1, "config": {"a": "1", "b": 2}})";
    expect_error(bad_cfg + "\n", 1, col(bad_cfg, "2}"), "config value of 'b' must be a string");
    const std::string cfg_not_obj = R"({"format": "grace-sim-trace", "version": 1, "config": "x"})";
    expect_error(cfg_not_obj + "\n", 1, col(cfg_not_obj, "\"x\""), "config must be an object");
}

TEST(JsonlErrors, version_2_is_unsupported) {
    const std::string v2 = R"({"format": "grace-sim-trace", "version": 2})";
    expect_error(v2 + "\n", 1, col(v2, "2}"), "unsupported format version 2");
}

TEST(JsonlErrors, missing_field_is_reported_at_column_1) {
    expect_error(HDR + R"({"op": "write", "addr": "0x10", "size": 4})" + "\n", 2, 1,
                 "missing field 'value'");
    expect_error(HDR + R"({"addr": "0x10"})" + "\n", 2, 1, "missing field 'op'");
    expect_error(HDR + R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 4, "dir": "read"})" + "\n",
                 2, 1, "missing field 'expect'");
    expect_error(HDR + R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 4, "dir": "write", "expect": "ok"})" + "\n",
                 2, 1, "missing field 'data'");
}

TEST(JsonlErrors, wrong_types_are_reported_at_the_value) {
    expect_op_error(R"({"op": "write", "addr": true, "size": 4, "value": "1"})", "true",
                    "field 'addr': expected a number");
    expect_op_error(R"({"op": "irq_expect", "line": "smmu0.eventq", "asserted": "yes"})",
                    "\"yes\"", "expected true or false");
    expect_op_error(R"({"op": 5})", "5", "field 'op': expected a string");
    expect_op_error(R"({"op": "mem_write", "addr": "0x0", "data": 1234})", "1234",
                    "expected a hex byte string");
    expect_op_error(R"({"op": "wait", "ns": 1.5})", "1.5", "expected an integer");
    expect_op_error(R"({"op": "wait", "ns": -1})", "-1", "negative");
    expect_op_error(R"({"op": "wait", "ns": [1]})", "[1]", "got an array");
}

TEST(JsonlErrors, bad_number_strings_are_reported) {
    expect_op_error(R"({"op": "wait", "ns": "12z"})", "\"12z\"", "invalid number '12z'");
    expect_op_error(R"({"op": "write", "addr": "0x1_", "size": 4, "value": "1"})", "\"0x1_\"",
                    "invalid number");
}

TEST(JsonlErrors, bad_hex_bytes_are_reported) {
    expect_op_error(R"({"op": "mem_write", "addr": "0x0", "data": "0x123"})", "\"0x123\"",
                    "odd number of hex digits");
    expect_op_error(R"({"op": "mem_write", "addr": "0x0", "data": "12 456"})", "\"12 456\"",
                    "invalid hex digit");
    expect_op_error(R"({"op": "mem_expect", "addr": "0x0", "data": "1234", "mask": "ff"})",
                    "\"ff\"", "1 byte(s), but data has 2");
}

TEST(JsonlErrors, size_3_is_rejected) {
    expect_op_error(R"({"op": "write", "addr": "0x0", "size": 3, "value": "1"})", "3,",
                    "size 3 is not 1, 2, 4 or 8");
}

TEST(JsonlErrors, value_wider_than_size_is_rejected) {
    expect_op_error(R"({"op": "write", "addr": "0x0", "size": 1, "value": "0x100"})", "\"0x100\"",
                    "does not fit in 1 byte(s)");
    expect_op_error(R"({"op": "read", "addr": "0x0", "size": 2, "expect": "0x10000"})",
                    "\"0x10000\"", "does not fit in 2 byte(s)");
}

TEST(JsonlErrors, unknown_op_is_reported_at_its_value) {
    expect_op_error(R"({"op": "writ", "addr": "0x0"})", "\"writ\"", "unknown op 'writ'");
}

TEST(JsonlErrors, unknown_field_is_reported_at_its_key) {
    expect_op_error(R"({"op": "write", "adr": "0x0", "size": 4, "value": "1"})", "\"adr\"",
                    "unknown field 'adr'");
    // A field valid for another op is unknown here.
    expect_op_error(R"({"op": "wait", "ns": 1, "timeout_ns": 5})", "\"timeout_ns\"",
                    "unknown field 'timeout_ns'");
}

TEST(JsonlErrors, duplicate_field_is_reported) {
    expect_op_error(R"({"op": "wait", "ns": 1, "ns": 2})", "\"ns\"", "duplicate field 'ns'");
}

TEST(JsonlErrors, json_number_above_2_pow_53_is_rejected) {
    expect_op_error(R"({"op": "write", "addr": 9007199254740993, "size": 4, "value": 0})",
                    "9007199254740993", "above 2^53");
    expect_op_error(R"({"op": "wait", "ns": 18446744073709551616})", "18446744073709551616",
                    "above 2^53");
}

TEST(JsonlErrors, dma_field_rules_are_enforced) {
    expect_op_error(
        R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 2, "dir": "write", "data": "010203", "expect": "ok"})",
        "\"010203\"", "3 byte(s), but size is 2");
    expect_op_error(
        R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 2, "dir": "sideways", "expect": "ok"})",
        "\"sideways\"", "expected \"read\" or \"write\"");
    expect_op_error(
        R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 2, "dir": "read", "expect": "maybe"})",
        "\"maybe\"", "expected \"ok\" or \"abort\"");
    expect_op_error(
        R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 2, "dir": "read", "data": "0102", "expect": "ok"})",
        "\"0102\"", "only allowed on dma writes");
    expect_op_error(
        R"({"op": "dma", "sid": 1, "ssid": "0x100000", "iova": "0x0", "size": 2, "dir": "read", "expect": "ok"})",
        "\"0x100000\"", "out of range");
    expect_op_error(R"({"op": "dma", "sid": 1, "iova": "0x0", "size": 0, "dir": "read", "expect": "ok"})",
                    "0,", "at least 1 byte");
}

TEST(JsonlErrors, unknown_irq_line_and_cpu_out_of_range) {
    expect_op_error(R"({"op": "irq_expect", "line": "smmu0.evtq", "asserted": true})",
                    "\"smmu0.evtq\"", "unknown interrupt line");
    expect_op_error(R"({"op": "wait", "ns": 1, "cpu": 4096})", "4096", "out of range");
    expect_op_error(R"({"op": "msi_expect", "addr": "0x0", "data": "0x100000000"})",
                    "\"0x100000000\"", "out of range");
}

TEST(JsonlErrors, error_on_later_line_keeps_earlier_lines_counted) {
    expect_error(HDR + "# c\n{\"op\": \"wait\", \"ns\": 1}\n\n{\"op\": \"nop\"}\n", 5, 8,
                 "unknown op 'nop'");
}
