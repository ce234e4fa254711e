// grace-sim: parameters of register-level trace replay (pure).
#pragma once
#include <cstdint>

#include "common/params.h"

namespace platform {

struct ReplayParams {
    uint64_t poll_interval_ns = 100;
    void visit(gsim::ParamVisitor& v) {
        v.u64("poll_interval_ns", poll_interval_ns,
              {"ns", "time between the reads of a trace `poll` operation",
               "Est. (one device register read; software-stack.md 5)", 1, 1'000'000'000});
    }
};

}  // namespace platform
