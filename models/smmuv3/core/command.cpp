#include "smmuv3/core/command.h"

namespace smmu::core {

const char* opcode_name(uint8_t op) {
    switch (op) {
        case CMD_PREFETCH_CONFIG: return "PREFETCH_CONFIG";
        case CMD_PREFETCH_ADDR: return "PREFETCH_ADDR";
        case CMD_CFGI_STE: return "CFGI_STE";
        case CMD_CFGI_STE_RANGE: return "CFGI_STE_RANGE";
        case CMD_CFGI_CD: return "CFGI_CD";
        case CMD_CFGI_CD_ALL: return "CFGI_CD_ALL";
        case CMD_CFGI_VMS_PIDM: return "CFGI_VMS_PIDM";
        case CMD_TLBI_NH_ALL: return "TLBI_NH_ALL";
        case CMD_TLBI_NH_ASID: return "TLBI_NH_ASID";
        case CMD_TLBI_NH_VA: return "TLBI_NH_VA";
        case CMD_TLBI_NH_VAA: return "TLBI_NH_VAA";
        case CMD_TLBI_EL3_ALL: return "TLBI_EL3_ALL";
        case CMD_TLBI_EL3_VA: return "TLBI_EL3_VA";
        case CMD_TLBI_EL2_ALL: return "TLBI_EL2_ALL";
        case CMD_TLBI_EL2_ASID: return "TLBI_EL2_ASID";
        case CMD_TLBI_EL2_VA: return "TLBI_EL2_VA";
        case CMD_TLBI_EL2_VAA: return "TLBI_EL2_VAA";
        case CMD_TLBI_S12_VMALL: return "TLBI_S12_VMALL";
        case CMD_TLBI_S2_IPA: return "TLBI_S2_IPA";
        case CMD_TLBI_NSNH_ALL: return "TLBI_NSNH_ALL";
        case CMD_ATC_INV: return "ATC_INV";
        case CMD_PRI_RESP: return "PRI_RESP";
        case CMD_RESUME: return "RESUME";
        case CMD_STALL_TERM: return "STALL_TERM";
        case CMD_SYNC: return "CMD_SYNC";
        default: return nullptr;
    }
}

const char* cerror_name(CError e) {
    switch (e) {
        case CError::NONE: return "CERROR_NONE";
        case CError::ILL: return "CERROR_ILL";
        case CError::ABT: return "CERROR_ABT";
        case CError::ATC_INV_SYNC: return "CERROR_ATC_INV_SYNC";
        case CError::ILL_ACCESS: return "CERROR_ILL_ACCESS";
    }
    return "CERROR_?";
}

}  // namespace smmu::core
