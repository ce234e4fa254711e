// grace-sim: reader of Linux ftrace text with iommu:map / iommu:unmap events
// (traces/FORMAT.md "Linux ftrace input").
// Implements: the kernel trace buffer format (/sys/kernel/tracing/trace, trace_pipe) and
// `trace-cmd report` output: "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: PAYLOAD", with or without
// the flags column, with the optional "(TGID)" column, "iommu:map" style event names, comment
// ('#') and trace-cmd header lines ("cpus=N", "version = N", "CPU N is empty", LOST EVENTS),
// both the ranged ("iova=A - B") and the older ("iova=A paddr=...") payloads.
// Unknown events are counted per name and skipped; malformed map/unmap lines are TraceErrors.
// Not implemented: binary trace.dat files, events other than map/unmap.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "formats/trace_ops.h"

namespace traces {

enum class FtraceKind { MAP, UNMAP };

struct FtraceEvent {
    int line = 0;
    std::string task;
    int pid = 0;
    unsigned cpu = 0;
    uint64_t timestamp_ns = 0;
    FtraceKind kind = FtraceKind::MAP;
    uint64_t iova = 0;
    uint64_t iova_end = 0;     // exclusive end; iova + size when the payload has no range
    uint64_t paddr = 0;        // map only
    uint64_t size = 0;
    uint64_t unmapped_size = 0;  // unmap only
};

struct FtraceTrace {
    std::vector<FtraceEvent> events;                 // in file order
    std::map<std::string, uint64_t> unknown_events;  // event name -> count, skipped
    uint64_t comment_lines = 0;                      // '#' lines and blank lines
    uint64_t other_lines = 0;  // header/info lines and lines that are not events (skipped)
    uint64_t lost_events = 0;  // sum of "[LOST N EVENTS]" reports
    unsigned max_cpu = 0;
    uint64_t map_count() const;
    uint64_t unmap_count() const;
};

// Throws TraceError ("FILE:LINE:COL: reason") on a malformed iommu map/unmap line.
FtraceTrace read_ftrace(std::istream& in, const std::string& name);
FtraceTrace read_ftrace_file(const std::string& path);
FtraceTrace read_ftrace_string(const std::string& text, const std::string& name = "<string>");

}  // namespace traces
