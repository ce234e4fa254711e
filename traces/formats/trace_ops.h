// grace-sim: data model of register-level traces (traces/FORMAT.md, JSON Lines version 1).
// Implements: the operation, header and trace types shared by the JSON Lines reader, the
// writer (record) and the replay engine; TraceError with "FILE:LINE:COL: reason" messages.
// Not implemented here: parsing (jsonl_reader.h), writing (jsonl_writer.h), execution (replay).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace traces {

// Version of the JSON Lines format this library reads and writes.
constexpr int TRACE_FORMAT_VERSION = 1;
constexpr const char* TRACE_FORMAT_NAME = "grace-sim-trace";

enum class OpKind { MEM_WRITE, MEM_EXPECT, WRITE, READ, POLL, WAIT, DMA, IRQ_EXPECT, MSI_EXPECT };

// The "op" string of a kind ("mem_write", ...), and the reverse (false when unknown).
const char* op_name(OpKind kind);
bool op_from_name(const std::string& name, OpKind& out);

// One operation. Only the fields of its kind are meaningful; the others keep their defaults,
// so that two operations read from equivalent text compare equal (operator== ignores `line`).
struct TraceOp {
    OpKind kind = OpKind::WAIT;
    int line = 0;               // 1-based line in the source file (0: built in code)
    uint64_t t_ns = 0;          // "t": not issued before this simulated time
    bool has_t = false;
    unsigned cpu = 0;           // "cpu": replay initiator index

    // mem_write / mem_expect / write / read / poll / msi_expect: "addr"
    uint64_t addr = 0;
    // write / read / poll: access size in bytes (1, 2, 4, 8); dma: transfer size in bytes
    unsigned size = 0;
    // write: "value"; poll: "value" (wanted masked value); msi_expect: "data" (MSI payload)
    uint64_t value = 0;
    // read: optional "expect"; mask defaults to all ones of `size` (also for poll)
    bool has_expect = false;
    uint64_t expect = 0;
    uint64_t mask = 0;
    // mem_write / mem_expect / dma write: "data"; mem_expect "mask" (empty: all ones);
    // dma read: optional "expect_data" (empty: not compared)
    std::vector<uint8_t> data;
    std::vector<uint8_t> data_mask;
    std::vector<uint8_t> expect_data;
    // poll: "timeout_ns"; wait: "ns"
    uint64_t timeout_ns = 0;
    uint64_t ns = 0;
    // dma
    uint32_t sid = 0;
    uint32_t ssid = 0;
    bool has_ssid = false;
    uint64_t iova = 0;
    bool dma_write = false;     // "dir": "write" (true) / "read" (false)
    bool expect_ok = true;      // "expect": "ok" (true) / "abort" (false)
    // irq_expect
    std::string line_name;      // "line", e.g. "smmu0.eventq"
    bool asserted = false;
};

bool operator==(const TraceOp& a, const TraceOp& b);  // all fields except `line`
inline bool operator!=(const TraceOp& a, const TraceOp& b) { return !(a == b); }

struct ConfigEntry {
    std::string key;
    std::string value;
    int line = 0;
};

struct TraceHeader {
    int version = TRACE_FORMAT_VERSION;
    std::vector<ConfigEntry> config;  // "config" object, in file order
    int line = 0;
};

struct Trace {
    TraceHeader header;
    std::vector<TraceOp> ops;
    unsigned max_cpu = 0;  // highest "cpu" used (0 when none)
};

// A malformed trace. what() is "FILE:LINE:COL: reason".
class TraceError : public std::runtime_error {
public:
    TraceError(const std::string& file, int line, int column, const std::string& reason);
    std::string file;
    int line;
    int column;
    std::string reason;
};

// Names of the interrupt lines an irq_expect may name: smmu<N>.{eventq,gerror,cmdq_sync,priq}
// and cmdqv<N>.
bool is_valid_irq_line_name(const std::string& name);

}  // namespace traces
