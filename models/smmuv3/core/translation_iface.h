// grace-sim SMMUv3: the boundary between the SMMU's control side (registers, queues, command
// executor, event queue: SmmuCore) and its translation side (stream table and CD decode,
// page-table walks, TLBs and configuration caches: Translator).
#pragma once
#include <cstdint>

#include "smmuv3/core/command.h"
#include "smmuv3/core/event.h"

namespace smmu::core {

// The register state translation depends on, supplied by the control side.
struct ControlState {
    bool smmuen = false;          // CR0.SMMUEN (acknowledged)
    bool atschk = false;          // CR0.ATSCHK
    uint32_t gbpa = 0;            // GBPA (ABORT[20] and bypass attributes) while SMMUEN = 0
    uint64_t strtab_base = 0;     // STRTAB_BASE
    uint32_t strtab_base_cfg = 0; // STRTAB_BASE_CFG
    uint32_t cr2 = 0;             // E2H[0], RECINVSID[1], PTM[2]
    // ID register values (what the implementation advertises and therefore checks against).
    uint32_t idr0 = 0, idr1 = 0, idr3 = 0, idr5 = 0;
};

// One upstream transaction (or ATS translation request) to translate.
struct XlateRequest {
    uint32_t sid = 0;
    bool ssv = false;
    uint32_t ssid = 0;
    uint64_t iova = 0;
    uint32_t len = 1;
    bool write = false;
    bool priv = false;
    bool instr = false;
    bool ats_request = false;   // PCIe ATS Translation Request rather than a transaction
    bool ats_translated = false; // PCIe AT=Translated transaction (address already a PA)
    uint32_t port = 0;          // upstream port (selects the micro-TLB)
};

enum class XlateResponse : uint8_t {
    OK,      // forward to pa
    ABORT,   // terminate with an abort (TLM: generic error / slave error)
    RAZ_WI,  // terminate "silently": reads return zero, writes ignored (STE.Config abort with
             // no fault record, GBPA with ABORT=0 is a bypass instead)
};

struct XlateResult {
    XlateResponse response = XlateResponse::ABORT;
    uint64_t pa = 0;
    // Permissions granted for an ATS request (R/W/X/priv) and the translated range size.
    bool perm_r = false, perm_w = false, perm_x = false;
    uint64_t range_bytes = 0;
    bool has_event = false;     // an event record must be written to the event queue
    EventRecord event;
    // Cost counts for the timing model.
    uint32_t utlb_hits = 0, tlb_hits = 0, tlb_misses = 0;
    uint32_t cfg_hits = 0, cfg_misses = 0;
    uint32_t walk_cache_hits = 0, walk_reads = 0;  // PTE reads after walk-cache lookups
    uint32_t cfg_reads = 0;       // STE/CD/L1 descriptor reads
    uint64_t mem_latency_ps = 0;  // summed latency of every memory read above
    uint32_t lookup_cycles = 0;   // cache lookups and walk steps in SMMU cycles
};

// What one invalidation command removed and scanned, for the invalidation cost model.
struct InvalidationCost {
    uint64_t entries_scanned = 0;
    uint64_t entries_removed = 0;
    uint64_t pages = 0;  // pages named by a VA/IPA (range) invalidation
};

// The translation side as the control side sees it.
class TranslationService {
public:
    virtual ~TranslationService() = default;
    virtual XlateResult translate(const XlateRequest& req, const ControlState& ctrl) = 0;
    // CFGI_* and TLBI_* commands (already validated by the executor; range fields present
    // only when IDR3.RIL = 1). Removes exactly what the architecture says, at every cache level.
    virtual InvalidationCost invalidate(const Command& cmd, const ControlState& ctrl) = 0;
};

// ATS endpoints as the command executor sees them.
struct AtcInvResult {
    bool completes = true;     // false: the endpoint never answers (invalidation times out)
    uint64_t complete_ps = 0;  // absolute completion time when completes
};

class AtcInvalidationTarget {
public:
    virtual ~AtcInvalidationTarget() = default;
    virtual AtcInvResult atc_invalidate(uint32_t sid, bool ssv, uint32_t ssid, uint64_t addr,
                                        uint8_t size_log2_4k, bool global, uint64_t now_ps) = 0;
};

}  // namespace smmu::core
