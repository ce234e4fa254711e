// grace-sim SMMUv3: the translation side pure core (TranslationService).
//
// Implements: SMMUEN = 0 -> GBPA (ABORT or bypass); STE location (linear / 2-level) and
// decode with C_BAD_STREAMID (only recorded with CR2.RECINVSID), F_STE_FETCH, C_BAD_STE;
// STE.Config abort / bypass / S1 / S2 / nested; S1DSS for non-SSID traffic
// (F_STREAM_DISABLED, bypass, CD 0); C_BAD_SUBSTREAMID; CD location (linear, 2-level 64/1024)
// and decode with F_CD_FETCH and C_BAD_CD; stage-1, stage-2 and nested walks (PageWalker);
// fault events F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION, F_WALK_EABT with S2, CLASS,
// InputAddr, IPA, recorded per CD.R / STE.S2R (CD.A selects abort or RAZ/WI for stage-1
// faults); ATS: F_BAD_ATS_TREQ (EATS = 0), F_TRANSL_FORBIDDEN (CR0.ATSCHK, EATS = 0);
// caches: per-port micro-TLB, main TLB, STE cache, CD cache, walk cache (SetAssocCache);
// nested fragmentation (entry size = min(S1, S2)); invalidation of CFGI_* and TLBI_* at
// every cache level with range (NUM/SCALE/TG/TTL) and Leaf; cost counts for the timing model.
// Not implemented: stall model (S/S2S faults terminate), PRI, ATS split-stage (EATS = 2 is
// treated like EATS = 1), IPA cache, HTTU, Secure state, transactions crossing a page, memory
// attributes. TBU-level TLBs are tagged with StreamID/SubstreamID, so CFGI_STE/CFGI_CD also
// remove that stream's TLB entries.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/mem_port.h"
#include "common/stats.h"
#include "smmuv3/core/cd.h"
#include "smmuv3/core/page_walker.h"
#include "smmuv3/core/set_assoc_cache.h"
#include "smmuv3/core/ste.h"
#include "smmuv3/core/translation_iface.h"
#include "smmuv3/core/translator_params.h"
#include "smmuv3/core/xlate_types.h"

namespace smmu::core {

struct SteCacheEntry {
    uint32_t sid = 0;
    Ste ste;
};

struct CdCacheEntry {
    uint32_t sid = 0;
    uint32_t ssid = 0;
    Cd cd;
};

class Translator final : public TranslationService {
public:
    Translator(const TranslatorParams& params, gsim::MemPort& mem, gsim::StatGroup stats = {},
               std::string log_name = "smmu.xlate");

    XlateResult translate(const XlateRequest& req, const ControlState& ctrl) override;
    InvalidationCost invalidate(const Command& cmd, const ControlState& ctrl) override;

    struct Occupancy {
        size_t utlb = 0, tlb = 0, ste = 0, cd = 0, walk = 0;
    };
    Occupancy occupancy() const;
    const SetAssocCache<TlbEntry>& tlb() const { return m_tlb; }
    const SetAssocCache<TlbEntry>& utlb(size_t port) const { return *m_utlb.at(port); }
    const SetAssocCache<WalkCacheEntry>& walk_cache() const { return m_walk; }
    const TranslatorParams& params() const { return m_params; }

private:
    class Fetcher;
    XlateResult translate_uncounted(const XlateRequest& req, const ControlState& ctrl);
    bool get_ste(const XlateRequest& req, const ControlState& ctrl, const IdRegs& id, Ste& out,
                 XlateResult& r);
    bool get_cd(const XlateRequest& req, uint32_t cd_ssid, const Ste& ste, const IdRegs& id,
                bool e2h, Cd& out, XlateResult& r);
    const TlbEntry* tlb_lookup(SetAssocCache<TlbEntry>& c, uint64_t& sizes,
                               const XlateRequest& req);
    void tlb_insert(SetAssocCache<TlbEntry>& c, uint64_t& sizes, const TlbEntry& e);
    void finish(const TlbEntry& e, const XlateRequest& req, XlateResult& r);
    void config_event(uint8_t type, const XlateRequest& req, XlateResult& r);
    void walk_fault(const WalkOutcome& w, const XlateRequest& req, bool s1_record, bool s1_abort,
                    bool s2_record, XlateResult& r);
    SetAssocCache<TlbEntry>& utlb_for(uint32_t port);

    TranslatorParams m_params;
    gsim::MemPort& m_mem;
    gsim::StatGroup m_stats;

    // Hot-path counters, looked up in the registry on first use only (the same keys appear in the
    // statistics as with a direct lookup at every increment).
    std::array<gsim::Counter*, 13> m_lazy_counters{};
    gsim::Counter& lazy_counter(size_t i, const char* name) {
        gsim::Counter*& c = m_lazy_counters[i];
        if (!c) c = &m_stats.counter(name);
        return *c;
    }    gsim::Logger m_log;
    std::vector<std::unique_ptr<SetAssocCache<TlbEntry>>> m_utlb;
    std::vector<uint64_t> m_utlb_sizes;  // bitmask of entry sizes present (log2) per port
    SetAssocCache<TlbEntry> m_tlb;
    uint64_t m_tlb_sizes = 0;
    SetAssocCache<SteCacheEntry> m_ste_cache;
    SetAssocCache<CdCacheEntry> m_cd_cache;
    SetAssocCache<WalkCacheEntry> m_walk;
    PageWalker m_walker;
};

}  // namespace smmu::core
