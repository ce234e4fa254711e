// grace-sim: writer of register-level traces (canonical JSON Lines version 1).
#include "formats/jsonl_writer.h"

#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "formats/number_text.h"

namespace traces {

namespace {

// Small appender producing `"key": value` pairs separated by ", ".
class LineBuilder {
public:
    LineBuilder() { m_s.reserve(128); m_s += '{'; }
    void key(const char* k) {
        if (m_s.size() > 1) m_s += ", ";
        m_s += '"';
        m_s += k;
        m_s += "\": ";
    }
    void raw(const char* k, const std::string& v) {
        key(k);
        m_s += v;
    }
    void str(const char* k, const std::string& v) {
        key(k);
        m_s += nlohmann::json(v).dump();
    }
    void hex(const char* k, uint64_t v) {
        key(k);
        m_s += '"';
        m_s += format_hex_u64(v);
        m_s += '"';
    }
    void count(const char* k, uint64_t v) {
        key(k);
        if (v <= MAX_JSON_INTEGER) {
            m_s += std::to_string(v);
        } else {
            m_s += '"' + std::to_string(v) + '"';
        }
    }
    void bytes(const char* k, const std::vector<uint8_t>& b) {
        key(k);
        m_s += '"';
        m_s += format_hex_bytes(b);
        m_s += '"';
    }
    void boolean(const char* k, bool b) { raw(k, b ? "true" : "false"); }
    std::string done() {
        m_s += '}';
        return std::move(m_s);
    }

private:
    std::string m_s;
};

uint64_t all_ones(unsigned size) {
    return size >= 8 ? UINT64_MAX : (uint64_t{1} << (8 * size)) - 1;
}

}  // namespace

void TraceWriter::write_header(const std::vector<ConfigEntry>& config) {
    if (m_header_done) throw std::logic_error("TraceWriter: header written twice");
    nlohmann::ordered_json h;
    h["format"] = TRACE_FORMAT_NAME;
    h["version"] = TRACE_FORMAT_VERSION;
    if (!config.empty()) {
        nlohmann::ordered_json c = nlohmann::ordered_json::object();
        for (const auto& e : config) c[e.key] = e.value;
        h["config"] = c;
    }
    m_out << h.dump() << '\n';
    m_header_done = true;
}

std::string TraceWriter::format_op(const TraceOp& op) {
    LineBuilder b;
    b.str("op", op_name(op.kind));
    if (op.has_t) b.count("t", op.t_ns);
    if (op.cpu != 0) b.count("cpu", op.cpu);
    switch (op.kind) {
        case OpKind::MEM_WRITE:
            b.hex("addr", op.addr);
            b.bytes("data", op.data);
            break;
        case OpKind::MEM_EXPECT:
            b.hex("addr", op.addr);
            b.bytes("data", op.data);
            if (!op.data_mask.empty()) b.bytes("mask", op.data_mask);
            break;
        case OpKind::WRITE:
            b.hex("addr", op.addr);
            b.count("size", op.size);
            b.hex("value", op.value);
            break;
        case OpKind::READ:
            b.hex("addr", op.addr);
            b.count("size", op.size);
            if (op.has_expect) b.hex("expect", op.expect);
            if (op.mask != all_ones(op.size)) b.hex("mask", op.mask);
            break;
        case OpKind::POLL:
            b.hex("addr", op.addr);
            b.count("size", op.size);
            b.hex("mask", op.mask);
            b.hex("value", op.value);
            b.count("timeout_ns", op.timeout_ns);
            break;
        case OpKind::WAIT:
            b.count("ns", op.ns);
            break;
        case OpKind::DMA:
            b.hex("sid", op.sid);
            if (op.has_ssid) b.hex("ssid", op.ssid);
            b.hex("iova", op.iova);
            b.count("size", op.size);
            b.str("dir", op.dma_write ? "write" : "read");
            if (op.dma_write) b.bytes("data", op.data);
            b.str("expect", op.expect_ok ? "ok" : "abort");
            if (!op.dma_write && !op.expect_data.empty()) b.bytes("expect_data", op.expect_data);
            break;
        case OpKind::IRQ_EXPECT:
            b.str("line", op.line_name);
            b.boolean("asserted", op.asserted);
            break;
        case OpKind::MSI_EXPECT:
            b.hex("addr", op.addr);
            b.hex("data", op.value);
            break;
    }
    return b.done();
}

void TraceWriter::write(const TraceOp& op) {
    if (!m_header_done) throw std::logic_error("TraceWriter: write_header() must come first");
    m_out << format_op(op) << '\n';
    ++m_ops;
}

void TraceWriter::comment(const std::string& text) {
    std::string t = text;
    for (char& c : t) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    m_out << "# " << t << '\n';
}

void TraceWriter::write_trace(const Trace& trace) {
    write_header(trace.header.config);
    for (const auto& op : trace.ops) write(op);
}

}  // namespace traces
