// grace-sim SMMUv3: VMSAv8-64 translation-table walker for stage 1, stage 2 and nested
// stage 1 (every table address translated by stage 2).
//
// Implements: 4K/16K/64K granules; start level from TxSZ (stage 1) or S2SL0 (stage 2, with
// concatenated initial tables up to 16); table, block (4K: L1/L2, 16K/64K: L2) and page
// descriptors; reserved encodings -> translation fault; input-range check (TTB0 all-zero /
// TTB1 all-one upper bits; IPA below 2^(64-S2T0SZ)); output and table addresses checked
// against the effective OAS (IPS/S2PS clamped to IDR5.OAS) -> address-size fault; AF with
// AFFD/S2AFFD (no HTTU: AF = 0 faults unless disabled); stage-1 permissions AP[2:1], UXN, PXN,
// APTable, UXNTable/XNTable, PXNTable, WXN, EL0-writable implies PXN, EL2 regime (XN only);
// stage-2 S2AP and S2XN (XN[1:0] with IDR3.XNX); external abort on a descriptor read.
// Walk cache: every non-leaf descriptor is cached per stage/level (tags VMID, ASID, TTB,
// granule, input region) and probed deepest level first.
// Not implemented: 52-bit addresses (LPA/LPA2), contiguous hint (ignored: entries are cached
// at their own size, which is architecturally allowed), HTTU, PAN, HPD, AArch32 formats,
// big-endian tables.
#pragma once
#include <cstdint>

#include "common/mem_port.h"
#include "smmuv3/core/set_assoc_cache.h"
#include "smmuv3/core/translation_iface.h"
#include "smmuv3/core/translator_params.h"
#include "smmuv3/core/xlate_types.h"

namespace smmu::core {

class PageWalker {
public:
    PageWalker(gsim::MemPort& mem, SetAssocCache<WalkCacheEntry>& walk_cache,
               const TranslatorParams& params)
        : m_mem(mem), m_wc(walk_cache), m_params(params) {}

    // Walk `cfg` for input address `in`. When `s2` is given (nested stage 1) every table
    // address is an IPA translated by stage 2; a fault there is returned with s2 = true,
    // cls = CLASS_TT and ipa = the table IPA. Costs are added to `cost`.
    WalkOutcome walk(const StageCfg& cfg, uint64_t in, const StageCfg* s2, XlateResult& cost);

    // Translate an IPA (stage 2 only) for a configuration or table fetch and require read
    // permission; the fault is tagged with `cls`. On success pa holds the physical address.
    WalkOutcome s2_fetch_translate(const StageCfg& s2, uint64_t ipa, uint8_t cls, uint64_t& pa,
                                   XlateResult& cost);

private:
    bool block_allowed(unsigned granule_shift, int level) const;
    void set_perms(const StageCfg& cfg, uint64_t desc, const WalkCacheEntry& tbl,
                   WalkOutcome& o) const;

    gsim::MemPort& m_mem;
    SetAssocCache<WalkCacheEntry>& m_wc;
    const TranslatorParams& m_params;
};

}  // namespace smmu::core
