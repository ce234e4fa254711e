// Unit tests of the canonical JSON Lines writer: exact lines and writer -> reader round trips.
#include <gtest/gtest.h>

#include <sstream>

#include "formats/jsonl_reader.h"
#include "formats/jsonl_writer.h"

using traces::OpKind;
using traces::Trace;
using traces::TraceOp;
using traces::TraceWriter;

namespace {
TraceOp make(OpKind k) {
    TraceOp op;
    op.kind = k;
    return op;
}

std::vector<TraceOp> every_op() {
    std::vector<TraceOp> ops;
    TraceOp a = make(OpKind::MEM_WRITE);
    a.addr = 0x80001000;
    a.data = {0, 1, 0xfe, 0xff};
    ops.push_back(a);
    TraceOp b = make(OpKind::MEM_EXPECT);
    b.addr = 0x80001000;
    b.data = {0xaa, 0xbb};
    b.data_mask = {0xff, 0x0f};
    ops.push_back(b);
    TraceOp b2 = b;
    b2.data_mask.clear();
    ops.push_back(b2);
    TraceOp c = make(OpKind::WRITE);
    c.addr = 0x11000020;
    c.size = 8;
    c.value = UINT64_MAX;
    c.has_t = true;
    c.t_ns = (uint64_t{1} << 60) + 3;  // above 2^53: written as a decimal string
    c.cpu = 7;
    ops.push_back(c);
    TraceOp d = make(OpKind::READ);
    d.addr = 0x11000024;
    d.size = 4;
    d.mask = 0xffffffff;
    ops.push_back(d);
    TraceOp e = d;
    e.has_expect = true;
    e.expect = 0x10;
    e.mask = 0xf0;
    ops.push_back(e);
    TraceOp f = make(OpKind::POLL);
    f.addr = 0x1100009c;
    f.size = 4;
    f.mask = 1;
    f.value = 1;
    f.timeout_ns = 1000000;
    ops.push_back(f);
    TraceOp g = make(OpKind::WAIT);
    g.ns = 250;
    g.has_t = true;
    g.t_ns = 0;
    ops.push_back(g);
    TraceOp h = make(OpKind::DMA);
    h.sid = 0xffffffff;
    h.has_ssid = true;
    h.ssid = 0xfffff;
    h.iova = 0xfff80000;
    h.size = 3;
    h.dma_write = true;
    h.data = {1, 2, 3};
    ops.push_back(h);
    TraceOp i = make(OpKind::DMA);
    i.sid = 5;
    i.iova = 0;
    i.size = 2;
    i.expect_ok = false;
    i.expect_data = {9, 8};
    ops.push_back(i);
    TraceOp j = make(OpKind::IRQ_EXPECT);
    j.line_name = "smmu0.gerror";
    j.asserted = true;
    ops.push_back(j);
    TraceOp k = make(OpKind::MSI_EXPECT);
    k.addr = 0x08000040;
    k.value = 0xdeadbeef;
    ops.push_back(k);
    return ops;
}
}  // namespace

TEST(JsonlWriter, canonical_lines_have_fixed_key_order_and_hex_strings) {
    std::vector<TraceOp> ops = every_op();
    EXPECT_EQ(TraceWriter::format_op(ops[0]),
              R"({"op": "mem_write", "addr": "0x80001000", "data": "0x0001feff"})");
    EXPECT_EQ(TraceWriter::format_op(ops[3]),
              R"({"op": "write", "t": "1152921504606846979", "cpu": 7, "addr": "0x11000020", "size": 8, "value": "0xffffffffffffffff"})");
    EXPECT_EQ(TraceWriter::format_op(ops[4]),
              R"({"op": "read", "addr": "0x11000024", "size": 4})");
    EXPECT_EQ(TraceWriter::format_op(ops[5]),
              R"({"op": "read", "addr": "0x11000024", "size": 4, "expect": "0x10", "mask": "0xf0"})");
    EXPECT_EQ(TraceWriter::format_op(ops[9]),
              R"({"op": "dma", "sid": "0x5", "iova": "0x0", "size": 2, "dir": "read", "expect": "abort", "expect_data": "0x0908"})");
}

TEST(JsonlWriter, header_writes_config_in_order) {
    std::ostringstream out;
    TraceWriter w(out);
    w.write_header({{"smmu.tlb_entries", "64", 0}, {"agents", "a\"b", 0}});
    EXPECT_EQ(out.str(),
              "{\"format\":\"grace-sim-trace\",\"version\":1,\"config\":{\"smmu.tlb_entries\":"
              "\"64\",\"agents\":\"a\\\"b\"}}\n");
}

TEST(JsonlWriter, read_of_write_round_trips_every_op) {
    Trace in;
    in.header.config = {{"smmu.tlb_entries", "64", 0}, {"cmdqv.vintfs", "2", 0}};
    in.ops = every_op();
    std::ostringstream out;
    TraceWriter w(out);
    w.write_header(in.header.config);
    w.comment("recorded\nby a test");
    for (const auto& op : in.ops) w.write(op);
    EXPECT_EQ(w.ops_written(), in.ops.size());

    Trace back = traces::read_trace_string(out.str(), "rt");
    ASSERT_EQ(back.ops.size(), in.ops.size());
    for (size_t n = 0; n < in.ops.size(); ++n) {
        EXPECT_EQ(back.ops[n], in.ops[n]) << "op " << n << ": " << TraceWriter::format_op(in.ops[n]);
        EXPECT_EQ(back.ops[n].line, int(n) + 3);
    }
    ASSERT_EQ(back.header.config.size(), 2u);
    EXPECT_EQ(back.header.config[1].key, "cmdqv.vintfs");
    EXPECT_EQ(back.header.config[1].value, "2");
    EXPECT_EQ(back.max_cpu, 7u);
}

TEST(JsonlWriter, write_of_read_is_a_fixed_point) {
    const std::string text =
        "{\"format\": \"grace-sim-trace\", \"version\": 1}\n"
        "{\"cpu\": 1, \"op\": \"poll\", \"size\": 4, \"addr\": 285212828, \"value\": \"1\", "
        "\"timeout_ns\": \"1_000\"}\n";
    Trace t = traces::read_trace_string(text);
    std::ostringstream a;
    TraceWriter(a).write_trace(t);
    std::ostringstream b;
    TraceWriter(b).write_trace(traces::read_trace_string(a.str()));
    EXPECT_EQ(a.str(), b.str());
    EXPECT_NE(a.str().find(R"({"op": "poll", "cpu": 1, "addr": "0x1100009c", "size": 4, "mask": "0xffffffff", "value": "0x1", "timeout_ns": 1000})"),
              std::string::npos)
        << a.str();
}

TEST(JsonlWriter, op_before_header_is_a_logic_error) {
    std::ostringstream out;
    TraceWriter w(out);
    EXPECT_THROW(w.write(make(OpKind::WAIT)), std::logic_error);
}
