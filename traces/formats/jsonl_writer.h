// grace-sim: writer of register-level traces, JSON Lines version 1 (traces/FORMAT.md).
// Implements: the canonical form used by record (--trace-out): a header line, then one op per
// line with a fixed key order, addresses/values/masks as 0x-hex strings, sizes/times/counts as
// JSON integers (as decimal strings above 2^53), byte strings as 0x-hex; fields equal to their
// defaults are omitted (cpu 0, read/poll mask all ones). read_trace(write(x)) == x.
// Not implemented: comments (write them yourself with comment()), pretty printing.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "formats/trace_ops.h"

namespace traces {

class TraceWriter {
public:
    explicit TraceWriter(std::ostream& out) : m_out(out) {}

    // Must be called once, first. Config pairs are written in the given order.
    void write_header(const std::vector<ConfigEntry>& config = {});
    void write(const TraceOp& op);
    // "# text" line (text must not contain newlines; they are replaced by spaces).
    void comment(const std::string& text);
    void write_trace(const Trace& trace);

    // The canonical line of one op, without the newline.
    static std::string format_op(const TraceOp& op);

    uint64_t ops_written() const { return m_ops; }

private:
    std::ostream& m_out;
    uint64_t m_ops = 0;
    bool m_header_done = false;
};

}  // namespace traces
