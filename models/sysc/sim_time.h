// grace-sim: conversions between sc_time and the integer picoseconds the cores use.
#pragma once
#include <systemc>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace gsim::sysc {

// Kernel time units per picosecond: 1. grace-sim keeps SystemC's default time resolution (1 ps;
// nothing calls sc_set_time_resolution, and require_ps_resolution() checks it at elaboration),
// so the conversions below are copies, with no run-time test of the resolution on hot paths.
constexpr uint64_t PS_UNIT = 1;
inline uint64_t to_ps(const sc_core::sc_time& t) { return t.value() / PS_UNIT; }
// Throws std::logic_error unless the kernel's time resolution is 1 ps.
void require_ps_resolution();
// Whole nanoseconds, truncated (statistics and records kept in ns).
inline uint64_t to_ns(const sc_core::sc_time& t) { return to_ps(t) / 1000; }
// sc_time::from_value() without the library call (which checks, on every call, that the time
// resolution is fixed): hot paths convert several times per simulated command. An sc_time is
// its count of resolution units and nothing else (SystemC 2.3's sc_time: one uint64 member),
// so the count is copied in; tests/module/sysc checks the result against the library's.
static_assert(sizeof(sc_core::sc_time) == sizeof(uint64_t) &&
                  std::is_standard_layout_v<sc_core::sc_time>,
              "sc_time is expected to hold exactly its 64-bit count");
inline sc_core::sc_time from_value(uint64_t v) {
    sc_core::sc_time t;
    std::memcpy(static_cast<void*>(&t), &v, sizeof v);
    return t;
}
inline sc_core::sc_time from_ps(uint64_t ps) { return from_value(ps * PS_UNIT); }
// sc_time(ns, SC_NS) without the library's unit lookup, rounded the same way: ns x 1000 in
// double, + 0.5, truncated (the build keeps ISO floating point: no fused multiply-add). Inlined
// into its callers (software costs are converted several times per simulated command); the
// library's path, for out-of-range values, is kept out of line.
[[gnu::noinline, gnu::cold]] inline sc_core::sc_time from_ns_library(double ns) {
    return sc_core::sc_time(ns, sc_core::SC_NS);
}
[[gnu::always_inline]] inline sc_core::sc_time from_ns(double ns) {
    const double ps = ns * 1000.0;
    if (__builtin_expect(ps >= 0 && ps < 0x1p62, 1)) {
        return from_value(static_cast<uint64_t>(static_cast<int64_t>(ps + 0.5)));  // one cvttsd2si
    }
    return from_ns_library(ns);
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
