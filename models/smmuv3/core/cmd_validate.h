// grace-sim SMMUv3: validation of a command against the advertised features
// (IHI 0070 "Commands"; spec/smmuv3.md A.10-A.12).
// Implements: CERROR_ILL for Reserved / IMPLEMENTATION DEFINED opcodes and the ones this
// Non-secure v3.1 queue does not accept (TLBI_EL3_*, CFGI_VMS_PIDM), SSec = 1, CMD_SYNC CS = 3,
// non-zero NUM/SCALE/TG/TTL when IDR3.RIL = 0, and with RIL = 1 the Reserved TG != 0 with
// NUM = SCALE = TTL = 0, TG = 16K with TTL = 1 (no IDR5.DS), RES0 NUM/SCALE/TTL when TG = 0;
// TLBI_EL2_* without IDR0.HYP, TLBI_NH_* without S1P, TLBI_S2_IPA/S12_VMALL without S2P,
// ATC_INV without ATS, PRI_RESP without PRI (or Resp = 3), RESUME/STALL_TERM with
// STALL_MODEL = 1 (IHI 0070 4.1.3, 4.1.5, 4.4, 4.7).
// Does not check: every RES0 field of every command (4.1.5 allows ignoring them); out-of-range
// SID/SSID parameters are CONSTRAINED UNPREDICTABLE (4.1.7) and passed on unchanged.
#pragma once
#include "smmuv3/core/command.h"
#include "smmuv3/core/smmu_params.h"

namespace smmu::core {

CError validate_command(const Command& cmd, const SmmuParams& p);

}  // namespace smmu::core
