// grace-sim iommufd object layer: checks on SMMU commands trapped from a guest.
// Implements: the list of commands IOMMU_HWPT_INVALIDATE accepts on a vIOMMU (spec/cmdqv.md
// 3.9) and, per accepted opcode, the bits a command may set (everything else is RES0 in
// IHI 0070 for a Non-secure stream and makes newer kernels reject the command with EIO).
// Not implemented: the rewrite itself (Iommufd does it: it needs the VMID and vDEVICE table).
#pragma once
#include <cstdint>

#include "smmuv3/core/command.h"

namespace fw::iommufd {

// True for TLBI_NSNH_ALL, TLBI_NH_ALL/ASID/VA/VAA, ATC_INV, CFGI_CD, CFGI_CD_ALL.
bool user_cmd_accepted(uint8_t opcode);
// True when the command sets a bit outside the fields of its opcode (accepted opcodes only).
bool user_cmd_has_reserved_bits(const smmu::core::Command& c);

}  // namespace fw::iommufd
