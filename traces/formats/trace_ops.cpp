// grace-sim: trace data model helpers (op names, equality, TraceError, IRQ line names).
#include "formats/trace_ops.h"

#include <cstring>

namespace traces {

namespace {
struct OpNameEntry {
    OpKind kind;
    const char* name;
};
constexpr OpNameEntry OP_NAMES[] = {
    {OpKind::MEM_WRITE, "mem_write"}, {OpKind::MEM_EXPECT, "mem_expect"},
    {OpKind::WRITE, "write"},         {OpKind::READ, "read"},
    {OpKind::POLL, "poll"},           {OpKind::WAIT, "wait"},
    {OpKind::DMA, "dma"},             {OpKind::IRQ_EXPECT, "irq_expect"},
    {OpKind::MSI_EXPECT, "msi_expect"},
};

bool all_digits(const std::string& s, size_t from) {
    if (from >= s.size()) return false;
    for (size_t i = from; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}
}  // namespace

const char* op_name(OpKind kind) {
    for (const auto& e : OP_NAMES) {
        if (e.kind == kind) return e.name;
    }
    return "?";
}

bool op_from_name(const std::string& name, OpKind& out) {
    for (const auto& e : OP_NAMES) {
        if (name == e.name) {
            out = e.kind;
            return true;
        }
    }
    return false;
}

bool operator==(const TraceOp& a, const TraceOp& b) {
    return a.kind == b.kind && a.t_ns == b.t_ns && a.has_t == b.has_t && a.cpu == b.cpu &&
           a.addr == b.addr && a.size == b.size && a.value == b.value &&
           a.has_expect == b.has_expect && a.expect == b.expect && a.mask == b.mask &&
           a.data == b.data && a.data_mask == b.data_mask && a.expect_data == b.expect_data &&
           a.timeout_ns == b.timeout_ns && a.ns == b.ns && a.sid == b.sid && a.ssid == b.ssid &&
           a.has_ssid == b.has_ssid && a.iova == b.iova && a.dma_write == b.dma_write &&
           a.expect_ok == b.expect_ok && a.line_name == b.line_name && a.asserted == b.asserted;
}

TraceError::TraceError(const std::string& file_, int line_, int column_, const std::string& reason_)
    : std::runtime_error(file_ + ":" + std::to_string(line_) + ":" + std::to_string(column_) +
                         ": " + reason_),
      file(file_),
      line(line_),
      column(column_),
      reason(reason_) {}

bool is_valid_irq_line_name(const std::string& name) {
    static const char* const SMMU_LINES[] = {"eventq", "gerror", "cmdq_sync", "priq"};
    if (name.compare(0, 5, "cmdqv") == 0) return all_digits(name, 5) && name.size() <= 8;
    if (name.compare(0, 4, "smmu") != 0) return false;
    const size_t dot = name.find('.');
    if (dot == std::string::npos || dot == 4 || dot > 7) return false;
    if (!all_digits(name.substr(0, dot), 4)) return false;
    const std::string suffix = name.substr(dot + 1);
    for (const char* s : SMMU_LINES) {
        if (suffix == s) return true;
    }
    return false;
}

}  // namespace traces
