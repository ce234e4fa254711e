// grace-sim SMMUv3: locating an STE in a linear or 2-level stream table (IHI 0070 "Stream
// table"; spec/smmuv3.md A.7).
// Implements: STRTAB_BASE.ADDR, STRTAB_BASE_CFG.LOG2SIZE (clamped to IDR1.SIDSIZE), FMT,
// SPLIT; linear lookup; 2-level lookup through an 8-byte L1 descriptor (SPAN, L2PTR) with the
// SPAN rule (leaf holds 2^(SPAN-1) STEs; SPAN = 0 or SPAN > SPLIT + 1 is invalid);
// StreamID range; L1 fetch abort.
// Model choices (CONSTRAINED UNPREDICTABLE in the architecture): a reserved SPLIT (not 6, 8
// or 10), FMT = 2-level without IDR0.ST_LEVEL, or a reserved FMT makes every lookup fail with
// C_BAD_STE; it never silently picks another split.
// Not implemented: the STE fetch itself (the Translator reads the 64 bytes), Secure tables.
#pragma once
#include <cstdint>

#include "common/mem_port.h"
#include "smmuv3/core/id_regs.h"
#include "smmuv3/core/translation_iface.h"

namespace smmu::core {

enum class StStatus : uint8_t {
    OK,
    BAD_STREAMID,  // SID out of range, invalid L1 descriptor, SID beyond SPAN
    BAD_CONFIG,    // reserved SPLIT/FMT: C_BAD_STE
    FETCH_ABORT,   // L1 descriptor read aborted: F_STE_FETCH
};

struct StLocate {
    StStatus status = StStatus::OK;
    uint64_t ste_addr = 0;
    uint64_t fetch_addr = 0;  // faulting address for FETCH_ABORT
    uint32_t reads = 0;
    uint64_t latency_ps = 0;
};

class StreamTable {
public:
    static bool legal_split(unsigned split) { return split == 6 || split == 8 || split == 10; }
    static StLocate locate(uint32_t sid, const ControlState& ctrl, const IdRegs& id,
                           gsim::MemPort& mem);
};

}  // namespace smmu::core
