// grace-sim: the experiments built on sweeps: the seed table (the main job) and the plots.
#pragma once
#include <string>
#include <vector>

#include "cli.h"
#include "sweep.h"

namespace platform {



// Writes a gnuplot script and data and renders PNG `png` (returns false if gnuplot failed or is
// missing; the data and script stay for the user).
bool plot_lines(const std::string& dir, const std::string& name, const std::string& title,
                const std::string& xlabel, const std::string& ylabel,
                const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& series,
                bool logx, bool logy);

int run_seed_table(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg, const std::string& self_exe);

}  // namespace platform
