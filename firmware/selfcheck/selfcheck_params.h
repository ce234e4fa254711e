// grace-sim: parameters of the platform self-check scenario (pure, no SystemC).
#pragma once
#include <cstdint>

#include "common/params.h"

namespace fw {

struct SelfCheckParams {
    uint64_t bytes = 65536;         // size of the pattern written and read back
    uint64_t offset = 0x1000000;    // offset of the test buffer inside DRAM
    uint64_t access_size = 8;       // bytes per access
    uint64_t unmapped_probe = 0x0;  // an address expected to be unmapped (0: just below DRAM)
    void visit(gsim::ParamVisitor& v) {
        v.u64("bytes", bytes, {"bytes", "size of the DRAM pattern written and read back",
                               "test choice", 8, uint64_t{1} << 30});
        v.u64("offset", offset, {"bytes", "offset of the test buffer from the DRAM base",
                                 "test choice"});
        v.u64("access_size", access_size, {"bytes", "bytes per access (1, 2, 4 or 8)",
                                           "test choice", 1, 8});
        v.u64("unmapped_probe", unmapped_probe,
              {"address", "an address expected to be unmapped (0: the byte below DRAM)",
               "test choice"});
    }
};

}  // namespace fw
