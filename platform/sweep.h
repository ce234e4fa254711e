// grace-sim: parameter sweeps. A grid of configuration points (the cartesian product of the
// swept keys' values, in a fixed order), each run as its own process (SystemC elaborates once
// per process) with `-j N` processes at a time; results as CSV, JSON and Markdown (one row per
// point: point index, every swept key, every metric) and plots through gnuplot. A failed point
// is reported with its parameters and error and does not lose the others. `--shard i/n` runs the
// points whose index % n == i; `merge` combines shard outputs into exactly what one unsharded
// run writes.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace platform {

struct SweepAxis {
    std::string key;                  // configuration key, e.g. dma_bench.granule
    std::vector<std::string> values;  // in sweep order
};

// Parses "1,4,16", "1..8" (step 1), "1..64*2" (geometric), "0..100+25" (arithmetic).
// Throws ConfigError on a malformed list.
std::vector<std::string> parse_sweep_values(const std::string& key, const std::string& text);
// Reads a sweep file: [sweep] key = values lines are the axes; keys of any other section are
// fixed settings for every point (file:line errors).
struct SweepFile {
    std::vector<SweepAxis> axes;
    std::vector<std::pair<std::string, std::string>> fixed;
};
SweepFile read_sweep_file(const std::string& path);

struct SweepPoint {
    unsigned index = 0;
    std::vector<std::pair<std::string, std::string>> settings;  // swept key -> value
};
std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes);

struct PointResult {
    unsigned index = 0;
    std::vector<std::pair<std::string, std::string>> settings;
    bool ok = false;
    std::string error;                        // when !ok
    std::map<std::string, double> metrics;    // sorted by name
};

struct SweepOptions {
    std::string command = "dma-bench";     // subcommand each point runs (must print --json)
    std::vector<std::string> base_args;    // -c files and --key=value for every point
    unsigned jobs = 1;
    unsigned shard = 0, shards = 1;
    bool progress = false;                 // progress bar with ETA on stderr
};

// The executable's own entry point (its sc_main), registered by main(). With one registered,
// a point runs in a forked copy of this process that calls it with the point's arguments,
// instead of in a newly executed one: still a process of its own with its own SystemC kernel
// (the sweep's process never elaborates), without the start-up of a new one (loading and
// linking the shared libraries, static initialisation: ~3 ms a point). Without one (a test
// binary), points run `self_exe`.
using PointMain = int (*)(int argc, char* argv[]);
void set_point_main(PointMain m);

// Runs the points of this shard; results in point order.
std::vector<PointResult> run_sweep(const std::string& self_exe, const std::vector<SweepPoint>& points,
                                   const SweepOptions& opt);

// Metrics of one dma-bench --json object (avg_unmap_us, unmap_stddev_us, avg_map_us, ...).
std::map<std::string, double> dma_bench_metrics(const std::string& json_text);

// Writes results.csv, results.json, results.md into dir (created). Deterministic.
void write_sweep_results(const std::string& dir, const std::vector<SweepAxis>& axes,
                         const std::vector<PointResult>& results);
// Reads results.json files of shards and returns the union in point order.
std::vector<PointResult> read_sweep_results(const std::string& json_path, std::vector<SweepAxis>& axes);

}  // namespace platform
