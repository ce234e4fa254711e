// grace-sim: parameters of register-level trace replay (pure).
#pragma once
#include <cstdint>

#include "common/params.h"

namespace platform {

struct ReplayParams {
    uint64_t poll_interval_ns = 100;
    bool posted_writes = true;
    void visit(gsim::ParamVisitor& v) {
        v.u64("poll_interval_ns", poll_interval_ns,
              {"ns", "time between the reads of a trace `poll` operation",
               "Est. (one device register read; software-stack.md 5)", 1, 1'000'000'000});
        v.flag("posted_writes", posted_writes,
               {"", "`write` to a device is posted: the initiator does not wait for the device before "
                    "its next operation (as a CPU store to device memory, and as recorded traces assume)",
                "Arm Device-nGnRE early write acknowledgement; traces/FORMAT.md"});
    }
};

}  // namespace platform
