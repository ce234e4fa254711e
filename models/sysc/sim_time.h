// grace-sim: conversions between sc_time and the integer picoseconds the cores use.
#pragma once
#include <systemc>
#include <cstdint>
#include <cstring>
#include <string>

namespace gsim::sysc {

// Kernel time units per picosecond (1 with SystemC's default resolution). Computed once: an
// sc_time built from a double costs floating-point work on every hot-path conversion.
inline uint64_t ps_unit() {
    static const uint64_t unit = sc_core::sc_time(1, sc_core::SC_PS).value();
    return unit;
}
inline uint64_t to_ps(const sc_core::sc_time& t) {
    const uint64_t unit = ps_unit();
    return unit == 1 ? t.value() : t.value() / unit;  // no division at the default resolution
}
// sc_time::from_value() without the library call (which checks, on every call, that the
// resolution is fixed): one kernel unit scaled by the count, which sc_time's inline *= rounds
// exactly while the count is below 2^52 (4,500 simulated seconds at 1 ps). Hot paths convert
// several times per simulated command.
inline sc_core::sc_time from_value(uint64_t v) {
    static const sc_core::sc_time one = sc_core::sc_time::from_value(1);
    if (v >= (uint64_t{1} << 52)) return sc_core::sc_time::from_value(v);
    sc_core::sc_time t(one);
    t *= static_cast<double>(v);
    return t;
}
inline sc_core::sc_time from_ps(uint64_t ps) { return from_value(ps * ps_unit()); }
// sc_time(ns, SC_NS) with the same rounding (to the nearest picosecond), without the
// kernel's unit lookup.
inline sc_core::sc_time from_ns_uncached(double ns) {
    if (ps_unit() != 1 || !(ns >= 0)) return sc_core::sc_time(ns, sc_core::SC_NS);
    volatile double tmp = ns * 1000.0 + 0.5;  // as sc_time's constructor rounds
    return from_value(static_cast<uint64_t>(tmp));
}
// Software costs are a few constants converted over and over: the last conversions are kept in
// a small direct-mapped table keyed by the double's bits (a pure function, so the result is
// the same either way).
inline sc_core::sc_time from_ns(double ns) {
    struct Entry {
        uint64_t bits = 0;
        bool used = false;
        sc_core::sc_time t;
    };
    static Entry table[64];
    uint64_t bits;
    std::memcpy(&bits, &ns, sizeof bits);
    Entry& e = table[(bits * 0x9E3779B97F4A7C15ull) >> 58];
    if (!e.used || e.bits != bits) {
        e.t = from_ns_uncached(ns);
        e.bits = bits;
        e.used = true;
    }
    return e.t;
}
// The kernel's time: sc_time_stamp() without the library call (hot paths ask for it often).
inline const sc_core::sc_time& kernel_time() { return sc_core::sc_get_curr_simcontext()->time_stamp(); }
inline uint64_t now_ps() { return to_ps(kernel_time()); }

// When the code running now acts, as an offset over the kernel's time: zero in a process's own
// context. A target that carries out an initiator's time-annotated access (TLM-2.0 loosely
// timed: the access happens at the kernel's time plus its delay), or work the access starts,
// sets it for that call, so that what the target signals meanwhile (interrupt-line
// notifications, its own memory traffic, log lines) happens at the access's time and not at
// the kernel's. Scopes nest; code inside one never waits (it runs inside another process's
// b_transport).
class ActingAt {
public:
    explicit ActingAt(const sc_core::sc_time& offset) : m_saved(s_offset) { s_offset = offset; }
    ~ActingAt() { s_offset = m_saved; }
    ActingAt(const ActingAt&) = delete;
    ActingAt& operator=(const ActingAt&) = delete;
    static const sc_core::sc_time& offset() { return s_offset; }

private:
    sc_core::sc_time m_saved;
    static inline sc_core::sc_time s_offset;
};
// "12.345678 us"-style rendering used by logs.
std::string format_time(const sc_core::sc_time& t);
// Installs sc_time_stamp() as the log time source.
void install_log_time_source();

}  // namespace gsim::sysc
