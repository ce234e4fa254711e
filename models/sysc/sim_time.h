// grace-sim: conversions between sc_time and the integer picoseconds the cores use.
#pragma once
#include <systemc>
#include <cstdint>
#include <string>

namespace gsim::sysc {

inline uint64_t to_ps(const sc_core::sc_time& t) {
    return static_cast<uint64_t>(t.value() / sc_core::sc_time(1, sc_core::SC_PS).value());
}
inline sc_core::sc_time from_ps(uint64_t ps) { return sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS); }
inline uint64_t now_ps() { return to_ps(sc_core::sc_time_stamp()); }
// "12.345678 us"-style rendering used by logs.
std::string format_time(const sc_core::sc_time& t);
// Installs sc_time_stamp() as the log time source.
void install_log_time_source();

}  // namespace gsim::sysc
