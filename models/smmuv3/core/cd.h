// grace-sim SMMUv3: Context Descriptor decode and validity checks (IHI 0070 "CD";
// spec/smmuv3.md A.9).
// Implements: T0SZ/TG0/EPD0, T1SZ/TG1/EPD1, V, IPS, AFFD, WXN, UWXN, AA64, ENDI, S, R, A,
// ASID, TTB0, TTB1; the checks below yield C_BAD_CD. Resolves both VA ranges into StageCfgs.
// TBI[1:0] per range.
// Not implemented: PAN, HA/HD (HTTU), HAD (hierarchical attribute disable: table
// attributes are always honoured), MAIR/AMAIR attributes, AArch32 CDs (AA64 = 0 rejected).
#pragma once
#include <array>
#include <cstdint>

#include "smmuv3/core/id_regs.h"
#include "smmuv3/core/xlate_types.h"

namespace smmu::core {

enum class CdError : uint8_t { NONE, INVALID, AA64, ENDI, T0SZ, TG0, T1SZ, TG1, STALL };

struct Cd {
    std::array<uint64_t, 8> raw{};
    bool valid = false;
    uint8_t t0sz = 0, tg0 = 0, t1sz = 0, tg1 = 0, ips = 0;
    bool epd0 = false, epd1 = false, endi = false, affd = false, wxn = false, uwxn = false;
    bool aa64 = false, stall = false, record = false, abort = false;
    uint16_t asid = 0;
    uint64_t ttb0 = 0, ttb1 = 0;
    StageCfg range0, range1;  // resolved TTB0 / TTB1 stage-1 configurations

    // el2: the stream's STRW is EL2; without e2h (CR2.E2H) that regime has a single VA range
    // (TTB1 unused), no ASID and one privilege level. vmid tags the walks.
    static CdError decode(const std::array<uint64_t, 8>& w, const IdRegs& id, bool el2, bool e2h,
                          uint16_t vmid, Cd& out);
};

// Stage-1 start level from the input size and granule (VMSAv8-64 level count rule).
int s1_start_level(unsigned granule_shift, unsigned input_bits);

}  // namespace smmu::core
