// grace-sim: number and byte-string text rules shared by the trace readers and writer
// (traces/FORMAT.md "Numbers" and "Byte strings").
// Implements: unsigned integers as decimal or 0x-hex with '_' separators (the configuration's
// rule), hex byte strings (even count of hex digits, optional 0x prefix) and their formatting.
// Not implemented: signed or floating-point numbers (the formats have none).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace traces {

// Largest integer a JSON number may carry in a trace (2^53): beyond it doubles lose precision.
constexpr uint64_t MAX_JSON_INTEGER = uint64_t{1} << 53;

// Decimal or 0x/0X-hex, '_' allowed between digits (not first or last, not right after 0x).
// False on anything else, on an empty string and on overflow of 64 bits.
bool parse_u64_text(const char* first, const char* last, uint64_t& out);
inline bool parse_u64_text(const std::string& s, uint64_t& out) {
    return parse_u64_text(s.data(), s.data() + s.size(), out);
}

// Hex byte string: optional 0x/0X prefix, then an even, non-zero count of hex digits, first
// byte first. On failure returns false and sets `error` to a short reason.
bool parse_hex_bytes(const std::string& s, std::vector<uint8_t>& out, std::string& error);

// "0x" + lower-case hex digits, no leading zeros ("0x0" for zero).
std::string format_hex_u64(uint64_t v);
// "0x" + two lower-case hex digits per byte.
std::string format_hex_bytes(const std::vector<uint8_t>& bytes);

}  // namespace traces
