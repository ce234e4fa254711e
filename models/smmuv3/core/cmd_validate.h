// grace-sim SMMUv3: validation of a command against the advertised features
// (IHI 0070 "Commands"; spec/smmuv3.md A.10-A.12).
// Implements: CERROR_ILL for unknown or unimplemented opcodes (TLBI_EL3_*, CFGI_VMS_PIDM on a
// Non-secure v3.1 queue), SSec = 1, CMD_SYNC CS = 3, range fields (NUM, SCALE, TG, TTL)
// when IDR3.RIL = 0 and unsupported TG granules when RIL = 1, EL2 forms without IDR0.HYP,
// stage-1 TLBIs without S1P, stage-2 TLBIs without S2P, ATC_INV without ATS, SSV = 1 without
// substreams, PRI_RESP without PRI (or Resp = 3), RESUME/STALL_TERM with STALL_MODEL = 1.
// Does not check: every RES0 field of every command (only the ones listed above).
#pragma once
#include "smmuv3/core/command.h"
#include "smmuv3/core/smmu_params.h"

namespace smmu::core {

CError validate_command(const Command& cmd, const SmmuParams& p);

}  // namespace smmu::core
