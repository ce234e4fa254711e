// grace-sim: bit-field helpers used by every register and descriptor decoder.
#pragma once
#include <cstdint>

namespace gsim {

// Mask of bits [hi:lo] (inclusive), hi in [0, 63].
constexpr uint64_t mask(unsigned hi, unsigned lo) {
    return (hi >= 63 ? ~uint64_t{0} : ((uint64_t{1} << (hi + 1)) - 1)) & ~((uint64_t{1} << lo) - 1);
}

// Field [hi:lo] of v, shifted down.
constexpr uint64_t extract(uint64_t v, unsigned hi, unsigned lo) {
    return (v & mask(hi, lo)) >> lo;
}

// v with field [hi:lo] replaced by f (f is truncated to the field width).
constexpr uint64_t deposit(uint64_t v, unsigned hi, unsigned lo, uint64_t f) {
    return (v & ~mask(hi, lo)) | ((f << lo) & mask(hi, lo));
}

constexpr bool bit(uint64_t v, unsigned n) { return (v >> n) & 1u; }

// A named field descriptor: `constexpr Field CR0_SMMUEN{0, 0};` then CR0_SMMUEN.get(v).
struct Field {
    unsigned hi;
    unsigned lo;
    constexpr uint64_t get(uint64_t v) const { return extract(v, hi, lo); }
    constexpr uint64_t set(uint64_t v, uint64_t f) const { return deposit(v, hi, lo, f); }
    constexpr uint64_t mask() const { return gsim::mask(hi, lo); }
    constexpr uint64_t make(uint64_t f) const { return deposit(0, hi, lo, f); }
};

constexpr bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

constexpr unsigned log2_floor(uint64_t v) {
    unsigned r = 0;
    while (v >>= 1) ++r;
    return r;
}

}  // namespace gsim
