// grace-sim: what every simulating command does around its scenario: install logging and the
// SystemC report handler, set the global quantum, run until the agents finish (or the time
// limit), write statistics.
#pragma once
#include <systemc>

#include <string>

#include "common/stats.h"
#include "common/timeline.h"

#include <memory>
#include "sim_config.h"

namespace platform {

// Applies log levels and the quantum; throws ConfigError on a bad log.modules spec.
void init_simulation(const SimConfig& cfg);

struct RunOutcome {
    bool finished = false;        // every agent finished before the time limit
    sc_core::sc_time end_time;
    uint64_t sc_warnings = 0, sc_errors = 0;
};
RunOutcome run_simulation(const SimConfig& cfg);

// Writes stats as JSON to path ("-" = stdout); throws ConfigError if the file cannot be written.
void write_stats(const gsim::Stats& stats, const std::string& path);

// --timeline-out: a process-wide timeline active for the lifetime of this object; written by
// finish() (ConfigError if the file cannot be written).
class TimelineOutput {
public:
    explicit TimelineOutput(const std::string& path);
    ~TimelineOutput();
    void finish();

private:
    std::string m_path;
    std::unique_ptr<gsim::Timeline> m_tl;
};

uint64_t systemc_warnings();
uint64_t systemc_errors();

}  // namespace platform
