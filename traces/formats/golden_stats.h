// grace-sim: golden statistics tolerance files (traces/FORMAT.md section 3).
// Implements: reading and writing `{"stat": {"value": N, "rel_tol": x, "abs_tol": y}, ...}`
// files with strict validation (TraceError with line and column), and the comparison of a run's
// statistics with them (|actual - value| <= max(abs_tol, rel_tol * |value|)).
// Not implemented: collecting statistics from a run (gsim::StatGroup dump) or running replays.
#pragma once
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "formats/trace_ops.h"

namespace traces {

struct GoldenStat {
    std::string name;
    double value = 0;
    double rel_tol = 0;
    double abs_tol = 0;
    int line = 0;  // where it is in the file (0: built in code)
};

struct GoldenMismatch {
    std::string name;
    double expected = 0;
    double actual = 0;
    double allowed = 0;    // the tolerance that applied
    bool missing = false;  // the run has no statistic of that name
};

// Throws TraceError on malformed files.
std::vector<GoldenStat> read_golden_stats(std::istream& in, const std::string& name);
std::vector<GoldenStat> read_golden_stats_file(const std::string& path);
// One statistic per line, in the given order, numbers with full precision.
void write_golden_stats(std::ostream& out, const std::vector<GoldenStat>& stats);

double golden_allowed_deviation(const GoldenStat& s);
bool golden_within(const GoldenStat& s, double actual);
// Every statistic of `golden` that is missing from `actual` or outside its tolerance.
std::vector<GoldenMismatch> compare_golden(const std::vector<GoldenStat>& golden,
                                           const std::map<std::string, double>& actual);

}  // namespace traces
