// grace-sim: number and byte-string text rules of the trace formats.
#include "formats/number_text.h"

namespace traces {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool parse_u64_text(const char* first, const char* last, uint64_t& out) {
    unsigned base = 10;
    if (last - first > 2 && first[0] == '0' && (first[1] == 'x' || first[1] == 'X')) {
        base = 16;
        first += 2;
    }
    if (first == last || *first == '_' || *(last - 1) == '_') return false;
    uint64_t v = 0;
    for (const char* p = first; p != last; ++p) {
        if (*p == '_') continue;
        const int d = hex_digit(*p);
        if (d < 0 || unsigned(d) >= base) return false;
        if (v > (UINT64_MAX - unsigned(d)) / base) return false;
        v = v * base + unsigned(d);
    }
    out = v;
    return true;
}

bool parse_hex_bytes(const std::string& s, std::vector<uint8_t>& out, std::string& error) {
    size_t i = 0;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) i = 2;
    const size_t digits = s.size() - i;
    if (digits == 0) {
        error = "empty byte string";
        return false;
    }
    if (digits % 2 != 0) {
        error = "odd number of hex digits in byte string";
        return false;
    }
    out.clear();
    out.reserve(digits / 2);
    for (; i < s.size(); i += 2) {
        const int hi = hex_digit(s[i]);
        const int lo = hex_digit(s[i + 1]);
        if (hi < 0 || lo < 0) {
            error = "invalid hex digit in byte string";
            return false;
        }
        out.push_back(uint8_t(hi << 4 | lo));
    }
    return true;
}

std::string format_hex_u64(uint64_t v) {
    static const char DIGITS[] = "0123456789abcdef";
    char buf[18];
    char* p = buf + sizeof buf;
    do {
        *--p = DIGITS[v & 0xf];
        v >>= 4;
    } while (v != 0);
    *--p = 'x';
    *--p = '0';
    return std::string(p, buf + sizeof buf);
}

std::string format_hex_bytes(const std::vector<uint8_t>& bytes) {
    static const char DIGITS[] = "0123456789abcdef";
    std::string s;
    s.reserve(2 + 2 * bytes.size());
    s += "0x";
    for (uint8_t b : bytes) {
        s += DIGITS[b >> 4];
        s += DIGITS[b & 0xf];
    }
    return s;
}

}  // namespace traces
