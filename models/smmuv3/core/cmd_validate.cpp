// grace-sim SMMUv3: command validation (see cmd_validate.h).
#include "smmuv3/core/cmd_validate.h"

namespace smmu::core {

namespace {

// Range fields of TLBI_*_VA / VAA / S2_IPA (NUM, SCALE, TG, TTL; IHI 0070 4.4.1.1).
bool range_fields_ok(const Command& c, const SmmuParams& p) {
    const bool any = c.tlbi_num() || c.tlbi_scale() || c.tlbi_tg() || c.tlbi_ttl();
    if (!p.ril) return !any;            // all RES0: non-zero detected as malformed
    if (c.tlbi_tg() == 0) return !any;  // not a range: NUM, SCALE, TTL are RES0
    // TG != 0 with NUM = SCALE = TTL = 0 is a Reserved combination.
    if (!c.tlbi_num() && !c.tlbi_scale() && !c.tlbi_ttl()) return false;
    // 16 KiB granule, TTL = 1 needs IDR5.DS (52-bit, not advertised by this model).
    if (c.tlbi_tg() == 2 && c.tlbi_ttl() == 1) return false;
    return true;
}

// Other TLBIs carry no range fields at all.
bool no_range_fields(const Command& c) {
    return !c.tlbi_num() && !c.tlbi_scale() && !c.tlbi_tg() && !c.tlbi_ttl();
}

}  // namespace

CError validate_command(const Command& c, const SmmuParams& p) {
    if (c.ssec()) return CError::ILL;  // Non-secure command queue
    bool ok = true;
    switch (c.op()) {
        case CMD_PREFETCH_CONFIG:
        case CMD_PREFETCH_ADDR:
        case CMD_CFGI_STE:
        case CMD_CFGI_STE_RANGE:
        case CMD_CFGI_CD:
        case CMD_CFGI_CD_ALL:
            break;  // out-of-range SID/SSID: CONSTRAINED UNPREDICTABLE, executed as given
        case CMD_TLBI_NH_ALL:
        case CMD_TLBI_NH_ASID: ok = p.s1p && no_range_fields(c); break;
        case CMD_TLBI_NH_VA:
        case CMD_TLBI_NH_VAA: ok = p.s1p && range_fields_ok(c, p); break;
        case CMD_TLBI_EL2_ALL:
        case CMD_TLBI_EL2_ASID: ok = p.hyp && p.s1p && no_range_fields(c); break;
        case CMD_TLBI_EL2_VA:
        case CMD_TLBI_EL2_VAA: ok = p.hyp && p.s1p && range_fields_ok(c, p); break;
        case CMD_TLBI_S12_VMALL: ok = p.s2p && no_range_fields(c); break;
        case CMD_TLBI_S2_IPA: ok = p.s2p && range_fields_ok(c, p); break;
        case CMD_TLBI_NSNH_ALL: ok = no_range_fields(c); break;
        case CMD_ATC_INV: ok = p.ats; break;
        case CMD_PRI_RESP: ok = p.pri && c.pri_resp() != 3; break;
        case CMD_RESUME:
        case CMD_STALL_TERM: ok = p.stall_model != 1; break;
        case CMD_SYNC: ok = c.sync_cs() != CS_RESERVED; break;
        default:  // TLBI_EL3_* (Secure only), CFGI_VMS_PIDM (v3.2), unallocated
            ok = false;
            break;
    }
    return ok ? CError::NONE : CError::ILL;
}

}  // namespace smmu::core
