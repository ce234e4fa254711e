// grace-sim: parameters of the seed-table experiment (the main job), pure.
#pragma once
#include <cstdint>
#include <string>

#include "common/params.h"

namespace platform {

struct SeedTableParams {
    uint64_t loops = 2000;        // unmaps per thread per cell
    uint64_t jobs = 0;            // processes at a time (0: the number of CPUs)
    std::string out = "results/seed_table";
    std::string reference = "";   // calibration CSV ("" : configs/reference/calibration.csv next to the sources)
    void visit(gsim::ParamVisitor& v) {
        v.u64("loops", loops, {"unmaps", "unmaps per thread in each cell of the seed table",
                               "user choice (the tool runs for seconds; 2000 gives a stable mean)", 1,
                               100'000'000});
        v.u64("jobs", jobs, {"processes", "cells simulated at a time (0: one per CPU)", "user choice", 0, 1024});
        v.str("out", out, {"", "directory for results.csv/.json/.md and seed_table.png", "user choice"});
        v.str("reference", reference, {"", "calibration CSV printed beside the cells (empty: the shipped copy)",
                                       "configs/reference/calibration.csv"});
    }
};

}  // namespace platform
