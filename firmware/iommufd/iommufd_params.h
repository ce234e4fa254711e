// grace-sim iommufd object layer: configuration of one Iommufd (per open fd).
// Implements: the knobs of the trapped-invalidation path and of the reserved-bit checks.
// Not implemented: software costs (they belong to the host agent's timing parameters).
#pragma once
#include <cstdint>

#include "common/params.h"

namespace fw::iommufd {

struct IommufdParams {
    // Commands per main-CMDQ batch in HWPT_INVALIDATE (each batch ends with a CMD_SYNC).
    uint64_t inv_batch_max = 63;
    // Reject reserved/RES0 bits in trapped commands with EIO (newer kernels do).
    bool reject_reserved_bits = true;

    void visit(gsim::ParamVisitor& v) {
        v.u64("inv_batch_max", inv_batch_max,
              {"commands", "commands per host main-CMDQ batch for HWPT_INVALIDATE (+CMD_SYNC)",
               "spec/cmdqv.md 3.9 (Linux CMDQ_BATCH_ENTRIES - 1)", 1, 1024});
        v.flag("reject_reserved_bits", reject_reserved_bits,
               {"", "HWPT_INVALIDATE rejects commands with reserved bits set (EIO)",
                "spec/cmdqv.md 3.9 (newer kernels)", 0, 1});
    }
};

}  // namespace fw::iommufd
