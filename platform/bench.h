// grace-sim: the `bench` subcommand, the simulator-speed benchmark (issue 6 item 6).
//
// Implements: in one run on one machine, (a) the raw SystemC timed-wait rate (one SC_THREAD doing
// wait(1 ns) N times; host ns per activation) as the machine reference, and for each path
// (direct, trapped, ... ) a dma_map_benchmark run reporting (b) simulated SMMU commands per host
// second, (c) unmaps per host second, (d) kernel delta cycles per simulated command
// (sc_delta_count(); with timed waits, every resumption of a thread starts a delta cycle), (e) the
// peak RSS of the process that ran it (getrusage/wait4 ru_maxrss), (f) the ratio of (b) to the raw
// wait rate, which is machine independent to first order. Table or --json output.
// Every measurement runs in its own child process (`grace-sim bench --child=raw|dma ...`), since a
// SystemC kernel elaborates once per process; host time is measured inside the child around
// sc_start only (elaboration and process start are excluded). Each row runs 400000 / (pages + 1)
// unmaps per thread (20000-200000) unless --loops says otherwise, so that start-up does not
// weigh in the rate; the output names the build (type, compiler, LTO, profile-guided).
// Does not implement: repetitions/statistics over runs, CPU pinning. Wall-clock time appears only in
// this command's output, never in simulation results.
#pragma once
#include "cli.h"

namespace platform {

// Registers the options of `grace-sim bench`.
void add_bench_options(po::options_description& d);
// Runs `grace-sim bench` (parent or --child mode). exe: this executable, for the children.
int run_bench(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg, const std::string& exe);

}  // namespace platform
