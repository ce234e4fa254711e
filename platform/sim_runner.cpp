#include "sim_runner.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include <fstream>
#include <iostream>

#include "common/log.h"
#include "config_error.h"
#include "sysc/sim_time.h"

namespace platform {

static uint64_t g_sc_warnings = 0, g_sc_errors = 0;

uint64_t systemc_warnings() { return g_sc_warnings; }

TimelineOutput::TimelineOutput(const std::string& path) : m_path(path) {
    if (path.empty()) return;
    m_tl = std::make_unique<gsim::Timeline>();
    gsim::Timeline::activate(m_tl.get());
}

TimelineOutput::~TimelineOutput() {
    if (gsim::Timeline::active() == m_tl.get()) gsim::Timeline::activate(nullptr);
}

void TimelineOutput::finish() {
    if (!m_tl) return;
    std::ofstream f(m_path);
    if (!f) throw ConfigError(m_path + ": cannot write the timeline");
    m_tl->write_json(f);
}
uint64_t systemc_errors() { return g_sc_errors; }

static void report_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
    using namespace sc_core;
    if (rep.get_severity() == SC_INFO) return;
    if (rep.get_severity() == SC_WARNING) ++g_sc_warnings;
    if (rep.get_severity() >= SC_ERROR) ++g_sc_errors;
    std::cerr << "grace-sim: SystemC " << (rep.get_severity() == SC_WARNING ? "warning" : "error")
              << ": " << rep.get_msg_type() << ": " << rep.get_msg() << "\n";
    if (rep.get_severity() >= SC_ERROR && (actions & (SC_THROW | SC_ABORT))) throw rep;
}

void init_simulation(const SimConfig& cfg) {
    auto& log = gsim::LogConfig::instance();
    gsim::LogLevel lvl;
    gsim::parse_log_level(cfg.log.level, lvl);
    log.set_default_level(lvl);
    std::string err = log.parse_module_levels(cfg.log.modules);
    if (!err.empty()) throw ConfigError("log.modules: " + err);
    gsim::sysc::install_log_time_source();
    sc_core::sc_report_handler::set_handler(report_handler);
    tlm_utils::tlm_quantumkeeper::set_global_quantum(
        sc_core::sc_time(double(cfg.sim.quantum_ns), sc_core::SC_NS));
}

RunOutcome run_simulation(const SimConfig& cfg) {
    RunOutcome out;
    sc_core::sc_time limit(double(cfg.sim.time_limit_us), sc_core::SC_US);
    sc_core::sc_start(limit);
    out.end_time = sc_core::sc_time_stamp();
    out.finished = sc_core::sc_get_status() == sc_core::SC_STOPPED ||
                   sc_core::sc_end_of_simulation_invoked();
    out.sc_warnings = g_sc_warnings;
    out.sc_errors = g_sc_errors;
    return out;
}

void write_stats(const gsim::Stats& stats, const std::string& path) {
    if (path.empty()) return;
    if (path == "-") {
        stats.write_json(std::cout);
        return;
    }
    std::ofstream f(path);
    if (!f) throw ConfigError(path + ": cannot write statistics file");
    stats.write_json(f);
}

}  // namespace platform
