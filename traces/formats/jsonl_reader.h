// grace-sim: reader of register-level traces, JSON Lines version 1 (traces/FORMAT.md).
// Implements: strict validation of the header, every op and every field (types, number rules,
// sizes, byte strings, unknown fields and ops), errors as TraceError with line, column and
// reason. Parsing goes through nlohmann::json's SAX interface (no DOM per line) for speed.
// Not implemented: execution of the operations (the replay engine), applying the header's
// config (the platform does that).
#pragma once
#include <iosfwd>
#include <string>

#include "formats/trace_ops.h"

namespace traces {

// Reads a whole trace; `name` is used in error messages. Throws TraceError.
Trace read_trace(std::istream& in, const std::string& name);
// Same from a file; a file that cannot be opened is a TraceError at line 0, column 0.
Trace read_trace_file(const std::string& path);
// Same from a string (tests, fuzzing).
Trace read_trace_string(const std::string& text, const std::string& name = "<string>");

}  // namespace traces
