#include "smmuv3/core/translator.h"

#include "common/bits.h"
#include "smmuv3/core/cd_table.h"
#include "smmuv3/core/event.h"
#include "smmuv3/core/stream_table.h"

namespace smmu::core {

using gsim::bit;
using gsim::mask;

namespace {

uint64_t low_mask(unsigned log2) {
    return log2 >= 64 ? ~uint64_t{0} : (uint64_t{1} << log2) - 1;
}

bool overlaps(uint64_t base, unsigned size_log2, uint64_t lo, uint64_t last) {
    const uint64_t b = base & ~low_mask(size_log2);
    const uint64_t e = b + low_mask(size_log2);
    return b <= last && lo <= e;
}

bool allowed(const StagePerms& p, const XlateRequest& req) {
    if (req.write) return req.priv ? p.w_priv : p.w_user;
    if (req.instr) return req.priv ? p.x_priv : p.x_user;
    return req.priv ? p.r_priv : p.r_user;
}

uint64_t cfg_key(uint32_t sid, uint32_t ssid) {
    return uint64_t{sid} * 0x9E37u ^ ssid;
}

}  // namespace

// Reads CDs and L1CDs, through stage 2 when the stream is nested.
class Translator::Fetcher final : public ConfigFetcher {
public:
    Fetcher(gsim::MemPort& mem, PageWalker& walker, const Ste& ste, XlateResult& cost)
        : m_mem(mem), m_walker(walker), m_ste(ste), m_cost(cost) {}
    FetchStatus fetch(uint64_t addr, void* dst, size_t len, uint64_t& fault_pa) override {
        uint64_t pa = addr;
        if (m_ste.config == SteConfig::NESTED) {
            s2 = m_walker.s2_fetch_translate(m_ste.s2, addr, CLASS_CD, pa, m_cost);
            if (s2.fault != Fault::NONE) return FetchStatus::S2_FAULT;
        }
        ++m_cost.cfg_reads;
        if (!gsim::ok(m_mem.read(pa, dst, len, m_cost.mem_latency_ps))) {
            fault_pa = pa;
            return FetchStatus::ABORT;
        }
        return FetchStatus::OK;
    }
    WalkOutcome s2;

private:
    gsim::MemPort& m_mem;
    PageWalker& m_walker;
    const Ste& m_ste;
    XlateResult& m_cost;
};

Translator::Translator(const TranslatorParams& params, gsim::MemPort& mem, gsim::StatGroup stats,
                       std::string log_name)
    : m_params(params),
      m_mem(mem),
      m_stats(std::move(stats)),
      m_log(std::move(log_name)),
      m_tlb(unsigned(params.tlb_entries), unsigned(params.tlb_ways),
            parse_repl_policy(params.tlb_policy), params.seed * 3 + 1),
      m_ste_cache(unsigned(params.cfg_cache_entries), unsigned(params.cfg_cache_ways),
                  parse_repl_policy(params.cfg_cache_policy), params.seed * 5 + 2),
      m_cd_cache(unsigned(params.cfg_cache_entries), unsigned(params.cfg_cache_ways),
                 parse_repl_policy(params.cfg_cache_policy), params.seed * 7 + 3),
      m_walk(unsigned(params.walk_cache_entries), unsigned(params.walk_cache_ways),
             parse_repl_policy(params.walk_cache_policy), params.seed * 11 + 4),
      m_walker(mem, m_walk, m_params) {
    for (uint64_t p = 0; p < params.ports; ++p) {
        m_utlb.push_back(std::make_unique<SetAssocCache<TlbEntry>>(
            unsigned(params.utlb_entries), unsigned(params.utlb_ways),
            parse_repl_policy(params.utlb_policy), params.seed * 13 + p));
        m_utlb_sizes.push_back(0);
    }
}

SetAssocCache<TlbEntry>& Translator::utlb_for(uint32_t port) {
    return *m_utlb[port % m_utlb.size()];
}

Translator::Occupancy Translator::occupancy() const {
    Occupancy o;
    for (const auto& u : m_utlb) o.utlb += u->occupancy();
    o.tlb = m_tlb.occupancy();
    o.ste = m_ste_cache.occupancy();
    o.cd = m_cd_cache.occupancy();
    o.walk = m_walk.occupancy();
    return o;
}

void Translator::config_event(uint8_t type, const XlateRequest& req, XlateResult& r) {
    r.response = XlateResponse::ABORT;
    r.has_event = true;
    r.event = EventRecord{};
    r.event.type = type;
    r.event.stream_id = req.sid;
    r.event.ssv = req.ssv;
    r.event.substream_id = req.ssv ? req.ssid : 0;
    // Configuration errors are recorded for ordinary transactions only (IHI 0070 translation
    // procedure: "If OT"); ATS requests and translated transactions are just denied.
    const bool cfg_error = type == C_BAD_STREAMID || type == F_STE_FETCH || type == C_BAD_STE ||
                           type == C_BAD_SUBSTREAMID || type == F_CD_FETCH || type == C_BAD_CD ||
                           type == F_STREAM_DISABLED;
    if (cfg_error && (req.ats_request || req.ats_translated)) r.has_event = false;
    ++m_stats.counter("events");
}

void Translator::walk_fault(const WalkOutcome& w, const XlateRequest& req, bool s1_record,
                            bool s1_abort, bool s2_record, XlateResult& r) {
    uint8_t type = F_TRANSLATION;
    switch (w.fault) {
        case Fault::TRANSLATION: type = F_TRANSLATION; break;
        case Fault::ADDR_SIZE: type = F_ADDR_SIZE; break;
        case Fault::ACCESS: type = F_ACCESS; break;
        case Fault::PERMISSION: type = F_PERMISSION; break;
        case Fault::WALK_EABT: type = F_WALK_EABT; break;
        case Fault::NONE: return;
    }
    config_event(type, req, r);
    EventRecord& e = r.event;
    e.pnu = req.priv;
    e.ind = req.instr;
    e.rnw = !req.write;
    e.s2 = w.s2;
    e.cls = w.cls;
    e.input_addr = req.iova;
    if (w.fault == Fault::WALK_EABT) {
        e.addr2 = w.fetch_addr & mask(51, 3);
    } else if (w.s2) {
        e.addr2 = w.ipa & mask(51, 12);
    }
    const bool record = w.fault == Fault::WALK_EABT || (w.s2 ? s2_record : s1_record);
    r.has_event = record;
    r.response = (w.s2 || w.fault == Fault::WALK_EABT || s1_abort) ? XlateResponse::ABORT
                                                                   : XlateResponse::RAZ_WI;
    ++m_stats.counter("faults");
    if (req.ats_request && w.fault != Fault::WALK_EABT) {
        // An ATS Translation Request that faults is not recorded: it completes successfully
        // with no access rights (R = W = 0), and the endpoint falls back to untranslated
        // traffic or to PRI.
        r.has_event = false;
        r.response = XlateResponse::OK;
        r.pa = 0;
        r.perm_r = r.perm_w = r.perm_x = false;
        r.range_bytes = 4096;
    }
}

bool Translator::get_ste(const XlateRequest& req, const ControlState& ctrl, const IdRegs& id,
                         Ste& out, XlateResult& r) {
    r.lookup_cycles += uint32_t(m_params.cfg_cache_lookup_cycles);
    const uint32_t sid = req.sid;
    if (auto* e = m_ste_cache.lookup(cfg_key(sid, 0),
                                     [&](const SteCacheEntry& s) { return s.sid == sid; })) {
        ++r.cfg_hits;
        out = e->ste;
        return true;
    }
    ++r.cfg_misses;
    ++lazy_counter(11, "ste_fetches");
    StLocate loc = StreamTable::locate(sid, ctrl, id, m_mem);
    r.cfg_reads += loc.reads;
    r.mem_latency_ps += loc.latency_ps;
    switch (loc.status) {
        case StStatus::OK: break;
        case StStatus::BAD_STREAMID:
            config_event(C_BAD_STREAMID, req, r);
            r.has_event = bit(ctrl.cr2, 1);  // CR2.RECINVSID
            return false;
        case StStatus::BAD_CONFIG:
            m_log.unimp_once("strtab_cfg",
                             "reserved STRTAB_BASE_CFG.SPLIT/FMT: every lookup gives C_BAD_STE");
            config_event(C_BAD_STE, req, r);
            return false;
        case StStatus::FETCH_ABORT:
            config_event(F_STE_FETCH, req, r);
            r.event.addr2 = loc.fetch_addr & mask(51, 3);
            return false;
    }
    std::array<uint64_t, 8> w{};
    ++r.cfg_reads;
    if (!gsim::ok(m_mem.read(loc.ste_addr, w.data(), 64, r.mem_latency_ps))) {
        config_event(F_STE_FETCH, req, r);
        r.event.addr2 = loc.ste_addr & mask(51, 3);
        return false;
    }
    if (SteError err = Ste::decode(w, id, out); err != SteError::NONE) {
        m_log.debug("SID %u: C_BAD_STE (check %u)", sid, unsigned(err));
        config_event(C_BAD_STE, req, r);
        return false;
    }
    if (out.s2s) m_log.unimp_once("s2s", "STE.S2S = 1: no stall model, stage-2 faults terminate");
    if (out.eats == 2) m_log.unimp_once("eats2", "STE.EATS = 2 (split-stage ATS) handled as 1");
    SteCacheEntry ce{sid, out};
    m_ste_cache.insert(cfg_key(sid, 0), ce, [&](const SteCacheEntry& s) { return s.sid == sid; });
    return true;
}

bool Translator::get_cd(const XlateRequest& req, uint32_t cd_ssid, const Ste& ste, const IdRegs& id,
                        bool e2h, Cd& out, XlateResult& r) {
    r.lookup_cycles += uint32_t(m_params.cfg_cache_lookup_cycles);
    const uint32_t sid = req.sid;
    auto same = [&](const CdCacheEntry& c) { return c.sid == sid && c.ssid == cd_ssid; };
    if (auto* e = m_cd_cache.lookup(cfg_key(sid, cd_ssid), same)) {
        ++r.cfg_hits;
        out = e->cd;
        return true;
    }
    ++r.cfg_misses;
    ++lazy_counter(12, "cd_fetches");
    Fetcher f(m_mem, m_walker, ste, r);
    CdLocate loc = CdTable::locate(ste, cd_ssid, f);
    std::array<uint64_t, 8> w{};
    uint64_t fault_pa = loc.fetch_addr;
    FetchStatus st = FetchStatus::OK;
    if (loc.status == CdStatus::OK) st = f.fetch(loc.cd_addr, w.data(), 64, fault_pa);
    if (loc.status == CdStatus::BAD_SUBSTREAMID) {
        config_event(C_BAD_SUBSTREAMID, req, r);
        return false;
    }
    if (loc.status == CdStatus::FETCH_ABORT || st == FetchStatus::ABORT) {
        config_event(F_CD_FETCH, req, r);
        r.event.addr2 = fault_pa & mask(51, 3);
        return false;
    }
    if (loc.status == CdStatus::S2_FAULT || st == FetchStatus::S2_FAULT) {
        walk_fault(f.s2, req, true, true, ste.s2r, r);
        return false;
    }
    if (CdError err = Cd::decode(w, id, ste.el2(), e2h, ste.s2vmid, out); err != CdError::NONE) {
        m_log.debug("SID %u SSID %u: C_BAD_CD (check %u)", sid, cd_ssid, unsigned(err));
        config_event(C_BAD_CD, req, r);
        return false;
    }
    if (out.stall) m_log.unimp_once("cd_s", "CD.S = 1: no stall model, stage-1 faults terminate");
    if (gsim::bit(w[0], 42) || gsim::bit(w[0], 43))
        m_log.unimp_once("httu", "CD.HA/HD set: HTTU not modelled, AF = 0 still faults");
    m_cd_cache.insert(cfg_key(sid, cd_ssid), CdCacheEntry{sid, cd_ssid, out}, same);
    return true;
}

const TlbEntry* Translator::tlb_lookup(SetAssocCache<TlbEntry>& c, uint64_t& sizes,
                                       const XlateRequest& req) {
    for (unsigned s = 12; s < 64; ++s) {
        if (!bit(sizes, s)) continue;
        // Set index without the top byte, so that TBI-tagged addresses share a set.
        const uint64_t key = ((req.iova & mask(55, 0)) >> s) ^ req.sid;
        const TlbEntry* e = c.lookup(key, [&](const TlbEntry& t) {
            return t.sid == req.sid && t.ssv == req.ssv && (!req.ssv || t.ssid == req.ssid) &&
                   t.size_log2 == s && t.contains(req.iova);
        });
        if (e) return e;
    }
    return nullptr;
}

void Translator::tlb_insert(SetAssocCache<TlbEntry>& c, uint64_t& sizes, const TlbEntry& e) {
    sizes |= uint64_t{1} << e.size_log2;
    c.insert(((e.va & mask(55, 0)) >> e.size_log2) ^ e.sid, e, [&](const TlbEntry& t) {
        return t.sid == e.sid && t.ssv == e.ssv && t.ssid == e.ssid && t.size_log2 == e.size_log2 &&
               t.va == e.va;
    });
}

void Translator::finish(const TlbEntry& e, const XlateRequest& in, XlateResult& r) {
    // STE.PRIVCFG / STE.INSTCFG override the incoming attributes (2: unprivileged / data,
    // 3: privileged / instruction; writes are never instruction accesses).
    XlateRequest req = in;
    if (e.privcfg >= 2) req.priv = e.privcfg == 3;
    if (e.instcfg >= 2) req.instr = e.instcfg == 3 && !req.write;
    const uint64_t off = req.iova & low_mask(e.size_log2);
    const bool has_s1 = e.stage != TlbStage::S2_ONLY;
    const bool has_s2 = e.stage != TlbStage::S1_ONLY;
    StagePerms p;  // combined
    auto combine = [&](const StagePerms& s) {
        p.r_priv &= s.r_priv;
        p.w_priv &= s.w_priv;
        p.x_priv &= s.x_priv;
        p.r_user &= s.r_user;
        p.w_user &= s.w_user;
        p.x_user &= s.x_user;
    };
    if (has_s1) combine(e.s1);
    if (has_s2) combine(e.s2);
    if (!req.ats_request) {
        WalkOutcome w;
        w.fault = Fault::PERMISSION;
        w.cls = CLASS_IN;
        w.level = has_s1 ? e.s1_level : e.s2_level;
        if (has_s1 && !allowed(e.s1, req)) {
            walk_fault(w, req, e.s1_record, e.s1_abort, e.s2_record, r);
            return;
        }
        if (has_s2 && !allowed(e.s2, req)) {
            w.s2 = true;
            w.ipa = e.ipa | off;
            walk_fault(w, req, e.s1_record, e.s1_abort, e.s2_record, r);
            return;
        }
    }
    r.response = XlateResponse::OK;
    r.pa = e.pa | off;
    r.perm_r = req.priv ? p.r_priv : p.r_user;
    r.perm_w = req.priv ? p.w_priv : p.w_user;
    r.perm_x = req.priv ? p.x_priv : p.x_user;
    r.range_bytes = uint64_t{1} << e.size_log2;
}

XlateResult Translator::translate(const XlateRequest& req, const ControlState& ctrl) {
    XlateResult r = translate_uncounted(req, ctrl);
    ++lazy_counter(0, "translations");
    lazy_counter(1, "walk_reads") += r.walk_reads;
    lazy_counter(2, "walk_cache_hits") += r.walk_cache_hits;
    lazy_counter(3, "cfg_hits") += r.cfg_hits;
    lazy_counter(4, "cfg_misses") += r.cfg_misses;
    lazy_counter(5, "cfg_reads") += r.cfg_reads;
    if (r.response != XlateResponse::OK) ++lazy_counter(6, "terminated");
    return r;
}

XlateResult Translator::translate_uncounted(const XlateRequest& req, const ControlState& ctrl) {
    XlateResult r;
    if (req.len > 1 && (req.iova & 0xFFF) + req.len > 0x1000)
        m_log.unimp_once("cross4k",
                         "transaction crosses a 4 KiB boundary: only its start is translated");
    auto bypass = [&]() {
        r.response = XlateResponse::OK;
        r.pa = req.iova;
        r.perm_r = r.perm_w = r.perm_x = true;
        r.range_bytes = 4096;
        return r;
    };
    if (!ctrl.smmuen) {
        if (bit(ctrl.gbpa, 20) || req.ats_request) {  // ATS requests are invalid on bypass
            r.response = XlateResponse::ABORT;
            return r;
        }
        return bypass();
    }
    const IdRegs id = IdRegs::from(ctrl);
    Ste ste;
    if (req.ats_translated) {
        if (!ctrl.atschk) return bypass();
        if (!get_ste(req, ctrl, id, ste, r)) return r;
        if (ste.eats == 0 || ste.config == SteConfig::BYPASS) {
            config_event(F_TRANSL_FORBIDDEN, req, r);
            r.event.input_addr = req.iova;
            r.event.rnw = !req.write;
            return r;
        }
        if (ste.config == SteConfig::ABORT) {
            r.response = XlateResponse::ABORT;
            return r;
        }
        return bypass();
    }

    // TBU: micro-TLB (transactions only), then main TLB.
    auto& utlb = utlb_for(req.port);
    uint64_t& usizes = m_utlb_sizes[req.port % m_utlb_sizes.size()];
    if (!req.ats_request) {
        r.lookup_cycles += uint32_t(m_params.utlb_lookup_cycles);
        if (const TlbEntry* e = tlb_lookup(utlb, usizes, req)) {
            ++r.utlb_hits;
            ++lazy_counter(7, "utlb_hits");
            finish(*e, req, r);
            return r;
        }
    }
    r.lookup_cycles += uint32_t(m_params.tlb_lookup_cycles);
    if (const TlbEntry* e = tlb_lookup(m_tlb, m_tlb_sizes, req)) {
        ++r.tlb_hits;
        ++lazy_counter(8, "tlb_hits");
        TlbEntry copy = *e;
        if (req.ats_request && !copy.ats_allowed) {  // filled by ordinary traffic
            config_event(F_BAD_ATS_TREQ, req, r);
            r.event.input_addr = req.iova;
            r.event.rnw = !req.write;
            return r;
        }
        if (!req.ats_request) tlb_insert(utlb, usizes, copy);
        finish(copy, req, r);
        return r;
    }
    ++r.tlb_misses;
    ++lazy_counter(9, "tlb_misses");

    if (!get_ste(req, ctrl, id, ste, r)) return r;
    if (req.ats_request && (ste.eats == 0 || ste.config == SteConfig::BYPASS)) {
        config_event(F_BAD_ATS_TREQ, req, r);
        r.event.input_addr = req.iova;
        r.event.rnw = !req.write;
        return r;
    }
    if (ste.config == SteConfig::ABORT) {
        r.response = XlateResponse::ABORT;  // silently terminated: no event
        return r;
    }
    bool s1 = ste.s1_enabled();
    const bool s2 = ste.s2_enabled();
    if (req.ssv && !s1) {
        config_event(C_BAD_SUBSTREAMID, req, r);
        return r;
    }
    uint32_t cd_ssid = 0;
    if (s1) {
        if (req.ssv) {
            if (ste.s1cdmax == 0 || (uint64_t{req.ssid} >> ste.s1cdmax) != 0 ||
                (ste.s1dss == 2 && req.ssid == 0)) {
                config_event(C_BAD_SUBSTREAMID, req, r);
                return r;
            }
            cd_ssid = req.ssid;
        } else if (ste.s1cdmax != 0) {
            if (ste.s1dss == 0) {
                config_event(F_STREAM_DISABLED, req, r);
                return r;
            }
            if (ste.s1dss == 1) s1 = false;  // stage 1 bypassed for non-SSID traffic
        }
    }
    if (!s1 && !s2) return bypass();

    TlbEntry e;
    e.sid = req.sid;
    e.ssv = req.ssv;
    e.ssid = req.ssv ? req.ssid : 0;
    e.cd_ssid = cd_ssid;
    e.vmid = ste.s2vmid;
    e.el2 = ste.el2();
    e.s2_record = ste.s2r;
    e.ats_allowed = ste.eats != 0;
    e.privcfg = ste.privcfg;
    e.instcfg = ste.instcfg;
    e.stage = s1 && s2 ? TlbStage::NESTED : s1 ? TlbStage::S1_ONLY : TlbStage::S2_ONLY;
    uint64_t va = req.iova;  // TBI-normalised when the stage-1 range ignores the top byte
    uint64_t ipa = req.iova;
    unsigned size = 63;
    if (s1) {
        Cd cd;
        const bool e2h = bit(ctrl.cr2, 0);
        if (!get_cd(req, cd_ssid, ste, id, e2h, cd, r)) return r;
        const bool single = ste.el2() && !e2h;
        const bool upper = !single && bit(req.iova, 55);
        const bool disabled = upper ? (cd.epd1 || single) : cd.epd0;
        e.s1_record = cd.record;
        e.s1_abort = cd.abort;
        if (disabled) {
            WalkOutcome w;
            w.fault = Fault::TRANSLATION;
            walk_fault(w, req, cd.record, cd.abort, ste.s2r, r);
            return r;
        }
        const StageCfg& cfg = upper ? cd.range1 : cd.range0;
        if (cfg.tbi) va = tbi_normalise(req.iova);
        e.tbi = cfg.tbi;
        WalkOutcome w = m_walker.walk(cfg, va, s2 ? &ste.s2 : nullptr, r);
        if (w.fault != Fault::NONE) {
            walk_fault(w, req, cd.record, cd.abort, ste.s2r, r);
            return r;
        }
        e.asid = cfg.asid;
        e.global = !w.ng;
        e.s1 = w.perms;
        e.s1_level = w.level;
        e.granule_shift = cfg.granule_shift;
        e.s1_size_log2 = w.size_log2;
        e.s1_va = va & ~low_mask(w.size_log2);
        size = w.size_log2;
        ipa = w.out_base | (va & low_mask(w.size_log2));
    }
    uint64_t pa = ipa;
    if (s2) {
        WalkOutcome w = m_walker.walk(ste.s2, ipa, nullptr, r);
        if (w.fault != Fault::NONE) {
            walk_fault(w, req, e.s1_record, e.s1_abort, ste.s2r, r);
            return r;
        }
        e.s2 = w.perms;
        e.s2_level = w.level;
        e.s2_granule_shift = ste.s2.granule_shift;
        e.s2_size_log2 = w.size_log2;
        e.s2_ipa = ipa & ~low_mask(w.size_log2);
        if (!s1) {
            e.granule_shift = ste.s2.granule_shift;
            e.s1_level = w.level;
        }
        if (w.size_log2 < size) size = w.size_log2;  // nested fragmentation
        pa = w.out_base | (ipa & low_mask(w.size_log2));
    }
    e.size_log2 = size;
    e.va = va & ~low_mask(size);
    e.ipa = ipa & ~low_mask(size);
    e.pa = pa & ~low_mask(size);
    if (!s1) {
        e.s1_va = e.va;
        e.s1_size_log2 = size;
    }
    tlb_insert(m_tlb, m_tlb_sizes, e);
    if (!req.ats_request) tlb_insert(utlb, usizes, e);
    finish(e, req, r);
    return r;
}

InvalidationCost Translator::invalidate(const Command& cmd, const ControlState& ctrl) {
    InvalidationCost cost;
    ++lazy_counter(10, "invalidations");
    auto add = [&](CacheScan s) {
        cost.entries_scanned += s.scanned;
        cost.entries_removed += s.removed;
    };
    auto tlbs = [&](auto pred) {
        for (auto& u : m_utlb) add(u->invalidate_if(pred));
        add(m_tlb.invalidate_if(pred));
    };
    const uint8_t op = cmd.op();

    // --- configuration invalidations -------------------------------------------------------
    if (op == CMD_CFGI_STE || op == CMD_CFGI_STE_RANGE || op == CMD_CFGI_CD ||
        op == CMD_CFGI_CD_ALL) {
        uint64_t lo = cmd.sid(), hi = cmd.sid();
        if (op == CMD_CFGI_STE_RANGE) {
            const unsigned range = cmd.cfgi_range();
            if (range >= 31) {
                lo = 0;
                hi = 0xFFFFFFFFull;
            } else {
                const uint64_t n = uint64_t{2} << range;  // 2^(Range+1) StreamIDs
                lo = cmd.sid() & ~(n - 1);
                hi = lo + n - 1;
            }
        }
        auto in = [&](uint32_t sid) { return sid >= lo && sid <= hi; };
        if (op == CMD_CFGI_CD) {
            const uint32_t ssid = cmd.ssid();
            add(m_cd_cache.invalidate_if(
                [&](const CdCacheEntry& c) { return in(c.sid) && c.ssid == ssid; }));
            tlbs([&](const TlbEntry& t) {
                return in(t.sid) && t.stage != TlbStage::S2_ONLY && t.cd_ssid == ssid;
            });
        } else if (op == CMD_CFGI_CD_ALL) {
            add(m_cd_cache.invalidate_if([&](const CdCacheEntry& c) { return in(c.sid); }));
            tlbs([&](const TlbEntry& t) { return in(t.sid) && t.stage != TlbStage::S2_ONLY; });
        } else {
            add(m_ste_cache.invalidate_if([&](const SteCacheEntry& s) { return in(s.sid); }));
            add(m_cd_cache.invalidate_if([&](const CdCacheEntry& c) { return in(c.sid); }));
            tlbs([&](const TlbEntry& t) { return in(t.sid); });
        }
        return cost;
    }

    // --- TLB invalidations -------------------------------------------------------------------
    const IdRegs id = IdRegs::from(ctrl);
    const uint16_t vmid = cmd.vmid() & id.vmid_mask();
    const uint16_t asid = cmd.asid() & id.asid_mask();
    const bool e2h = bit(ctrl.cr2, 0);
    const bool is_va = op == CMD_TLBI_NH_VA || op == CMD_TLBI_NH_VAA || op == CMD_TLBI_EL2_VA ||
                       op == CMD_TLBI_EL2_VAA || op == CMD_TLBI_S2_IPA;
    uint64_t lo = 0, last = ~uint64_t{0};
    unsigned tg_shift = 0;
    unsigned ttl = 0;
    if (is_va) {
        // Stage-1 VAs are compared TBI-normalised (entries of non-TBI ranges are canonical
        // already, so this can only over-invalidate).
        const uint64_t addr =
            op == CMD_TLBI_S2_IPA ? cmd.tlbi_ipa() : tbi_normalise(cmd.tlbi_addr());
        const unsigned tg = cmd.tlbi_tg();
        if (tg != 0) {
            tg_shift = tg == 1 ? 12 : tg == 2 ? 14 : 16;
            const uint64_t pages = uint64_t(cmd.tlbi_num() + 1) << cmd.tlbi_scale();
            lo = addr & ~low_mask(tg_shift);
            last = lo + (pages << tg_shift) - 1;
            if (last < lo) last = ~uint64_t{0};
            ttl = cmd.tlbi_ttl();
            cost.pages = pages;
        } else {
            lo = last = addr;
            cost.pages = 1;
        }
    }
    // TTL (only with TG != 0) restricts to leaves at that level of the same granule.
    auto ttl_ok = [&](int level, unsigned granule) {
        return ttl == 0 || granule != tg_shift || level == int(ttl);
    };
    const bool leaf = cmd.tlbi_leaf();

    switch (op) {
        case CMD_TLBI_NH_ALL:
            tlbs([&](const TlbEntry& t) {
                return !t.el2 && t.vmid == vmid && t.stage != TlbStage::S2_ONLY;
            });
            add(m_walk.invalidate_if(
                [&](const WalkCacheEntry& w) { return w.stage == 1 && !w.el2 && w.vmid == vmid; }));
            break;
        case CMD_TLBI_NH_ASID:
            tlbs([&](const TlbEntry& t) {
                return !t.el2 && t.vmid == vmid && t.stage != TlbStage::S2_ONLY && !t.global &&
                       t.asid == asid;
            });
            add(m_walk.invalidate_if([&](const WalkCacheEntry& w) {
                return w.stage == 1 && !w.el2 && w.vmid == vmid && w.asid == asid;
            }));
            break;
        case CMD_TLBI_NH_VA:
        case CMD_TLBI_NH_VAA:
        case CMD_TLBI_EL2_VA:
        case CMD_TLBI_EL2_VAA: {
            const bool el2 = op == CMD_TLBI_EL2_VA || op == CMD_TLBI_EL2_VAA;
            const bool by_asid = op == CMD_TLBI_NH_VA || (op == CMD_TLBI_EL2_VA && e2h);
            tlbs([&](const TlbEntry& t) {
                return t.el2 == el2 && (el2 || t.vmid == vmid) && t.stage != TlbStage::S2_ONLY &&
                       (!by_asid || t.global || t.asid == asid) &&
                       overlaps(t.s1_va, t.s1_size_log2, lo, last) &&
                       ttl_ok(t.s1_level, t.granule_shift);
            });
            if (!leaf)
                add(m_walk.invalidate_if([&](const WalkCacheEntry& w) {
                    return w.stage == 1 && w.el2 == el2 && (el2 || w.vmid == vmid) &&
                           (!by_asid || w.asid == asid) &&
                           overlaps(w.in_base, w.region_log2, lo, last);
                }));
            break;
        }
        case CMD_TLBI_EL2_ALL:
            tlbs([&](const TlbEntry& t) { return t.el2; });
            add(m_walk.invalidate_if([&](const WalkCacheEntry& w) { return w.el2; }));
            break;
        case CMD_TLBI_EL2_ASID:
            tlbs([&](const TlbEntry& t) { return t.el2 && !t.global && t.asid == asid; });
            add(m_walk.invalidate_if(
                [&](const WalkCacheEntry& w) { return w.el2 && w.asid == asid; }));
            break;
        case CMD_TLBI_S12_VMALL:
            tlbs([&](const TlbEntry& t) { return !t.el2 && t.vmid == vmid; });
            add(m_walk.invalidate_if(
                [&](const WalkCacheEntry& w) { return !w.el2 && w.vmid == vmid; }));
            break;
        case CMD_TLBI_S2_IPA:
            tlbs([&](const TlbEntry& t) {
                return !t.el2 && t.vmid == vmid && t.stage != TlbStage::S1_ONLY &&
                       overlaps(t.s2_ipa, t.s2_size_log2, lo, last) &&
                       ttl_ok(t.s2_level, t.s2_granule_shift);
            });
            if (!leaf)
                add(m_walk.invalidate_if([&](const WalkCacheEntry& w) {
                    return w.stage == 2 && w.vmid == vmid &&
                           overlaps(w.in_base, w.region_log2, lo, last);
                }));
            break;
        case CMD_TLBI_NSNH_ALL:
            tlbs([&](const TlbEntry& t) { return !t.el2; });
            add(m_walk.invalidate_if([&](const WalkCacheEntry& w) { return !w.el2; }));
            break;
        default: break;  // TLBI_EL3_*: no Secure state in this model
    }
    return cost;
}

}  // namespace smmu::core
