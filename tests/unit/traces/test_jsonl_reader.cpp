// Unit tests of the JSON Lines v1 reader: every op with every optional field, header, comments.
#include <gtest/gtest.h>

#include <sstream>

#include "formats/jsonl_reader.h"

using traces::OpKind;
using traces::read_trace_string;
using traces::Trace;
using traces::TraceOp;

namespace {
const std::string HDR = "{\"format\": \"grace-sim-trace\", \"version\": 1}\n";

TraceOp one(const std::string& line) {
    Trace t = read_trace_string(HDR + line + "\n");
    EXPECT_EQ(t.ops.size(), 1u);
    return t.ops.empty() ? TraceOp{} : t.ops[0];
}
}  // namespace

TEST(JsonlReader, header_with_config_keeps_file_order) {
    Trace t = read_trace_string(
        "# a comment\n\n"
        "{\"format\": \"grace-sim-trace\", \"version\": 1, \"config\": {\"smmu.tlb_entries\": "
        "\"64\", \"agents\": \"none\"}, \"x_tool\": \"rec\"}\n");
    EXPECT_EQ(t.header.version, 1);
    EXPECT_EQ(t.header.line, 3);
    ASSERT_EQ(t.header.config.size(), 2u);
    EXPECT_EQ(t.header.config[0].key, "smmu.tlb_entries");
    EXPECT_EQ(t.header.config[0].value, "64");
    EXPECT_EQ(t.header.config[1].key, "agents");
    EXPECT_EQ(t.header.config[1].value, "none");
    EXPECT_TRUE(t.ops.empty());
}

TEST(JsonlReader, comments_blank_lines_and_crlf_are_skipped_and_lines_counted) {
    Trace t = read_trace_string(HDR + "\r\n   # indented comment\r\n\t\r\n{\"op\": \"wait\", \"ns\": 5}\r\n");
    ASSERT_EQ(t.ops.size(), 1u);
    EXPECT_EQ(t.ops[0].line, 5);
    EXPECT_EQ(t.ops[0].ns, 5u);
}

TEST(JsonlReader, mem_write_reads_addr_and_bytes) {
    TraceOp op = one(R"({"op": "mem_write", "addr": "0x8000_0000", "data": "0x0102030405"})");
    EXPECT_EQ(op.kind, OpKind::MEM_WRITE);
    EXPECT_EQ(op.addr, 0x80000000u);
    EXPECT_EQ(op.data, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
    EXPECT_FALSE(op.has_t);
    EXPECT_EQ(op.cpu, 0u);
    EXPECT_EQ(op.line, 2);
}

TEST(JsonlReader, mem_expect_reads_optional_mask) {
    TraceOp a = one(R"({"op": "mem_expect", "addr": 4096, "data": "aabb"})");
    EXPECT_EQ(a.kind, OpKind::MEM_EXPECT);
    EXPECT_EQ(a.addr, 4096u);
    EXPECT_EQ(a.data, (std::vector<uint8_t>{0xaa, 0xbb}));
    EXPECT_TRUE(a.data_mask.empty());
    TraceOp b = one(R"({"op": "mem_expect", "addr": "0x1000", "data": "aabb", "mask": "0xff0f"})");
    EXPECT_EQ(b.data_mask, (std::vector<uint8_t>{0xff, 0x0f}));
}

TEST(JsonlReader, write_with_t_and_cpu) {
    TraceOp op = one(
        R"({"op": "write", "t": 1500, "cpu": 3, "addr": "0x11000020", "size": 4, "value": "0xc"})");
    EXPECT_EQ(op.kind, OpKind::WRITE);
    EXPECT_TRUE(op.has_t);
    EXPECT_EQ(op.t_ns, 1500u);
    EXPECT_EQ(op.cpu, 3u);
    EXPECT_EQ(op.addr, 0x11000020u);
    EXPECT_EQ(op.size, 4u);
    EXPECT_EQ(op.value, 0xcu);
}

TEST(JsonlReader, read_without_expect_has_all_ones_mask) {
    TraceOp op = one(R"({"op": "read", "addr": "0x11000024", "size": 2})");
    EXPECT_EQ(op.kind, OpKind::READ);
    EXPECT_FALSE(op.has_expect);
    EXPECT_EQ(op.mask, 0xffffu);
    TraceOp op8 = one(R"({"op": "read", "addr": "0x11000024", "size": 8})");
    EXPECT_EQ(op8.mask, UINT64_MAX);
}

TEST(JsonlReader, read_with_expect_and_mask) {
    TraceOp op = one(
        R"({"op": "read", "addr": "0x11000024", "size": 8, "expect": "0xffff_ffff_ffff_fff0", "mask": "0xfffffffffffffff0"})");
    EXPECT_TRUE(op.has_expect);
    EXPECT_EQ(op.expect, 0xfffffffffffffff0u);
    EXPECT_EQ(op.mask, 0xfffffffffffffff0u);
}

TEST(JsonlReader, poll_reads_every_field_and_mask_defaults_to_all_ones) {
    TraceOp op = one(
        R"({"op": "poll", "addr": "0x11000024", "size": 4, "mask": "0x1", "value": "0x1", "timeout_ns": 100000})");
    EXPECT_EQ(op.kind, OpKind::POLL);
    EXPECT_EQ(op.mask, 1u);
    EXPECT_EQ(op.value, 1u);
    EXPECT_EQ(op.timeout_ns, 100000u);
    TraceOp d = one(
        R"({"op": "poll", "addr": "0x11000024", "size": 1, "value": "7", "timeout_ns": "1_000"})");
    EXPECT_EQ(d.mask, 0xffu);
    EXPECT_EQ(d.timeout_ns, 1000u);
}

TEST(JsonlReader, wait_reads_ns) {
    TraceOp op = one(R"({"op": "wait", "ns": "0x10"})");
    EXPECT_EQ(op.kind, OpKind::WAIT);
    EXPECT_EQ(op.ns, 16u);
}

TEST(JsonlReader, dma_write_with_ssid_and_data) {
    TraceOp op = one(
        R"({"op": "dma", "sid": "0x10", "ssid": 3, "iova": "0xfff80000", "size": 4, "dir": "write", "data": "01020304", "expect": "ok"})");
    EXPECT_EQ(op.kind, OpKind::DMA);
    EXPECT_EQ(op.sid, 0x10u);
    EXPECT_TRUE(op.has_ssid);
    EXPECT_EQ(op.ssid, 3u);
    EXPECT_EQ(op.iova, 0xfff80000u);
    EXPECT_EQ(op.size, 4u);
    EXPECT_TRUE(op.dma_write);
    EXPECT_TRUE(op.expect_ok);
    EXPECT_EQ(op.data, (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(JsonlReader, dma_read_with_abort_and_expect_data) {
    TraceOp op = one(
        R"({"op": "dma", "sid": 7, "iova": "0x1000", "size": 2, "dir": "read", "expect": "abort", "expect_data": "beef"})");
    EXPECT_FALSE(op.dma_write);
    EXPECT_FALSE(op.has_ssid);
    EXPECT_FALSE(op.expect_ok);
    EXPECT_EQ(op.expect_data, (std::vector<uint8_t>{0xbe, 0xef}));
}

TEST(JsonlReader, irq_expect_reads_line_and_asserted) {
    TraceOp op = one(R"({"op": "irq_expect", "line": "smmu0.eventq", "asserted": true})");
    EXPECT_EQ(op.kind, OpKind::IRQ_EXPECT);
    EXPECT_EQ(op.line_name, "smmu0.eventq");
    EXPECT_TRUE(op.asserted);
    for (const char* l : {"smmu0.gerror", "smmu0.cmdq_sync", "smmu0.priq", "cmdqv0", "smmu1.eventq"}) {
        TraceOp o = one(std::string(R"({"op": "irq_expect", "line": ")") + l +
                        R"(", "asserted": false})");
        EXPECT_EQ(o.line_name, l);
        EXPECT_FALSE(o.asserted);
    }
}

TEST(JsonlReader, msi_expect_reads_addr_and_data_value) {
    TraceOp op = one(R"({"op": "msi_expect", "addr": "0x08000040", "data": "0x1234"})");
    EXPECT_EQ(op.kind, OpKind::MSI_EXPECT);
    EXPECT_EQ(op.addr, 0x08000040u);
    EXPECT_EQ(op.value, 0x1234u);
}

TEST(JsonlReader, extension_fields_are_accepted_and_ignored) {
    TraceOp op = one(R"({"op": "wait", "ns": 1, "x_note": {"a": [1, 2]}, "x_src": "agent0"})");
    EXPECT_EQ(op.ns, 1u);
}

TEST(JsonlReader, json_integer_limit_is_two_to_the_53) {
    TraceOp op = one(R"({"op": "write", "addr": 9007199254740992, "size": 8, "value": 0})");
    EXPECT_EQ(op.addr, 9007199254740992u);
}

TEST(JsonlReader, max_cpu_is_highest_cpu_used) {
    Trace t = read_trace_string(HDR + R"({"op": "wait", "ns": 1, "cpu": 2})" + "\n" +
                                R"({"op": "wait", "ns": 1, "cpu": 5})" + "\n" +
                                R"({"op": "wait", "ns": 1})" + "\n");
    EXPECT_EQ(t.max_cpu, 5u);
    EXPECT_EQ(t.ops.size(), 3u);
}

TEST(JsonlReader, missing_file_is_a_trace_error) {
    EXPECT_THROW(traces::read_trace_file("/nonexistent/trace.jsonl"), traces::TraceError);
}
