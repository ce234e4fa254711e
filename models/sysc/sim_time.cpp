#include "sysc/sim_time.h"

#include <cstdio>
#include <stdexcept>

#include "common/log.h"

namespace gsim::sysc {

std::string format_time(const sc_core::sc_time& t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6f us", t.to_seconds() * 1e6);
    return buf;
}

void require_ps_resolution() {
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS)) {
        throw std::logic_error("grace-sim needs SystemC's default time resolution (1 ps), not " +
                               sc_core::sc_get_time_resolution().to_string());
    }
}

void install_log_time_source() {
    LogConfig::instance().set_time_source(
        [] { return format_time(sc_core::sc_time_stamp() + ActingAt::offset()); });
}

}  // namespace gsim::sysc
