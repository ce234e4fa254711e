// libFuzzer harness for the JSON Lines v1 trace reader (traces/formats/jsonl_reader.h).
// Any input must either parse or throw traces::TraceError; anything else (another exception,
// a crash, a sanitizer report) is a bug. A trace that parses must also survive a round trip
// through the canonical writer unchanged.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <sstream>
#include <string>

#include "formats/jsonl_reader.h"
#include "formats/jsonl_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    traces::Trace trace;
    try {
        trace = traces::read_trace_string(text, "fuzz");
    } catch (const traces::TraceError&) {
        return 0;
    }
    std::ostringstream out;
    traces::TraceWriter(out).write_trace(trace);
    traces::Trace back;
    try {
        back = traces::read_trace_string(out.str(), "roundtrip");
    } catch (const traces::TraceError& e) {
        std::fprintf(stderr, "round trip failed: %s\n%s\n", e.what(), out.str().c_str());
        std::abort();
    }
    if (back.ops.size() != trace.ops.size() || back.max_cpu != trace.max_cpu ||
        back.header.config.size() != trace.header.config.size()) {
        std::abort();
    }
    for (size_t i = 0; i < trace.ops.size(); ++i) {
        if (!(back.ops[i] == trace.ops[i])) {
            std::fprintf(stderr, "round trip changed op %zu: %s\n", i,
                         traces::TraceWriter::format_op(trace.ops[i]).c_str());
            std::abort();
        }
    }
    for (size_t i = 0; i < trace.header.config.size(); ++i) {
        if (back.header.config[i].key != trace.header.config[i].key ||
            back.header.config[i].value != trace.header.config[i].value) {
            std::abort();
        }
    }
    return 0;
}
