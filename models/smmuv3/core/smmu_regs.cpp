// grace-sim SMMUv3: names of register bits (for statistics and logs).
#include "smmuv3/core/smmu_regs.h"

namespace smmu::core::regs {

const char* gerror_bit_name(unsigned bit) {
    switch (bit) {
        case GERROR_CMDQ_ERR: return "CMDQ_ERR";
        case GERROR_EVENTQ_ABT_ERR: return "EVENTQ_ABT_ERR";
        case GERROR_PRIQ_ABT_ERR: return "PRIQ_ABT_ERR";
        case GERROR_MSI_CMDQ_ABT_ERR: return "MSI_CMDQ_ABT_ERR";
        case GERROR_MSI_EVENTQ_ABT_ERR: return "MSI_EVENTQ_ABT_ERR";
        case GERROR_MSI_PRIQ_ABT_ERR: return "MSI_PRIQ_ABT_ERR";
        case GERROR_MSI_GERROR_ABT_ERR: return "MSI_GERROR_ABT_ERR";
        case GERROR_SFM_ERR: return "SFM_ERR";
        default: return "GERROR_RESERVED";
    }
}

}  // namespace smmu::core::regs
