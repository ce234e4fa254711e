// libFuzzer harness for the Linux ftrace text reader (traces/formats/ftrace_reader.h).
// Any input must either parse or throw traces::TraceError; anything else is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/ftrace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const traces::FtraceTrace t = traces::read_ftrace_string(text, "fuzz");
        // Invariants of a successful parse.
        if (t.map_count() + t.unmap_count() != t.events.size()) std::abort();
        for (const auto& e : t.events) {
            if (e.cpu > t.max_cpu || e.line <= 0) std::abort();
        }
    } catch (const traces::TraceError& e) {
        if (e.line <= 0 || e.column <= 0) std::abort();
    }
    return 0;
}
