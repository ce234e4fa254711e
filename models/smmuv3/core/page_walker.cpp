#include "smmuv3/core/page_walker.h"

#include "common/bits.h"
#include "smmuv3/core/event.h"

namespace smmu::core {

using gsim::bit;
using gsim::extract;
using gsim::mask;

namespace {

// Set index: input region, level, stage and the VMID/ASID tags, so that streams sharing
// tables do not all compete for one set.
uint64_t wc_key(uint64_t in_base, int level, const StageCfg& c) {
    return (in_base >> 12) ^ (uint64_t(level) << 3) ^ c.stage ^ (uint64_t(c.vmid) * 0x9E3779B1u) ^
           (uint64_t(c.asid) * 0x85EBCA77u) ^ (uint64_t(c.el2) << 7);
}

}  // namespace

bool PageWalker::block_allowed(unsigned granule_shift, int level) const {
    if (granule_shift == 12) return level == 1 || level == 2;
    return level == 2;  // 16K and 64K: L2 blocks only without 52-bit addressing
}

void PageWalker::set_perms(const StageCfg& cfg, uint64_t d, const WalkCacheEntry& t,
                           WalkOutcome& o) const {
    StagePerms& p = o.perms;
    if (cfg.stage == 2) {
        bool r = bit(d, 6), w = bit(d, 7);
        p.r_priv = p.r_user = r;
        p.w_priv = p.w_user = w;
        if (cfg.xnx) {
            unsigned xn = unsigned(extract(d, 54, 53));
            p.x_priv = xn == 0 || xn == 3;
            p.x_user = xn == 0 || xn == 1;
        } else {
            p.x_priv = p.x_user = !bit(d, 54);
        }
        return;
    }
    const bool ap2 = bit(d, 7), ap1 = bit(d, 6);
    if (cfg.single_priv) {
        // Single privilege level: AP[1] ignored, XN in bit 54, XNTable in bit 60.
        p.r_priv = p.r_user = true;
        p.w_priv = p.w_user = !ap2 && !t.ap_no_write;
        p.x_priv = p.x_user = !bit(d, 54) && !t.uxn;
    } else {
        p.r_priv = true;
        p.w_priv = !ap2 && !t.ap_no_write;
        p.r_user = ap1 && !t.ap_no_user;
        p.w_user = p.r_user && !ap2 && !t.ap_no_write;
        p.x_user = !bit(d, 54) && !t.uxn;
        // Memory writable at EL0 is never executable at EL1.
        p.x_priv = !bit(d, 53) && !t.pxn && !p.w_user;
    }
    if (cfg.wxn) {
        if (p.w_priv) p.x_priv = false;
        if (p.w_user) p.x_user = false;
    }
}

WalkOutcome PageWalker::s2_fetch_translate(const StageCfg& s2, uint64_t ipa, uint8_t cls,
                                           uint64_t& pa, XlateResult& cost) {
    WalkOutcome o = walk(s2, ipa, nullptr, cost);
    if (o.fault == Fault::NONE && !o.perms.r_priv) o.fault = Fault::PERMISSION;
    if (o.fault != Fault::NONE) {
        o.s2 = true;
        o.cls = cls;
        o.ipa = ipa;
        return o;
    }
    pa = o.out_base | (ipa & mask(o.size_log2 - 1, 0));
    return o;
}

WalkOutcome PageWalker::walk(const StageCfg& cfg, uint64_t in, const StageCfg* s2,
                             XlateResult& cost) {
    WalkOutcome o;
    o.s2 = cfg.stage == 2;
    o.cls = CLASS_IN;
    o.ipa = cfg.stage == 2 ? in : 0;
    o.level = cfg.start_level;
    auto fail = [&](Fault f, int level) {
        o.fault = f;
        o.level = level;
        return o;
    };

    // Input range.
    if (cfg.input_bits < 64) {
        const uint64_t top = in >> cfg.input_bits;
        const uint64_t ones = (uint64_t{1} << (64 - cfg.input_bits)) - 1;
        const bool ok = cfg.stage == 1 && cfg.ttb1 ? top == ones : top == 0;
        if (!ok) return fail(Fault::TRANSLATION, cfg.start_level);
    }
    const uint64_t in_masked = cfg.input_bits < 64 ? in & mask(cfg.input_bits - 1, 0) : in;

    // Walk-cache probe, deepest non-leaf level first (one lookup charged).
    int level = cfg.start_level;
    uint64_t table = cfg.ttb;
    WalkCacheEntry attrs;
    cost.lookup_cycles += uint32_t(m_params.walk_cache_lookup_cycles);
    for (int l = 2; l >= cfg.start_level; --l) {
        const unsigned region = cfg.level_shift(l);
        const uint64_t base = in & ~mask(region - 1, 0);
        WalkCacheEntry* e = m_wc.lookup(wc_key(base, l, cfg), [&](const WalkCacheEntry& w) {
            return w.stage == cfg.stage && w.level == l && w.vmid == cfg.vmid &&
                   w.asid == cfg.asid && w.el2 == cfg.el2 && w.ttb == cfg.ttb &&
                   w.granule_shift == cfg.granule_shift && w.in_base == base;
        });
        if (e) {
            ++cost.walk_cache_hits;
            level = l + 1;
            table = e->next_table;
            attrs = *e;
            break;
        }
    }

    if (level == cfg.start_level && (cfg.ttb >> cfg.oas_bits) != 0)
        return fail(Fault::ADDR_SIZE, level);

    for (;; ++level) {
        const unsigned shift = cfg.level_shift(level);
        const unsigned bits = level == cfg.start_level ? cfg.input_bits - shift : cfg.stride();
        const uint64_t idx = (in_masked >> shift) & mask(bits - 1, 0);
        const uint64_t tbase = table & ~mask(bits + 2, 0);  // tables are aligned to their size
        uint64_t daddr = tbase + idx * 8;
        if (s2) {
            uint64_t pa = 0;
            WalkOutcome so = s2_fetch_translate(*s2, daddr, CLASS_TT, pa, cost);
            if (so.fault != Fault::NONE) return so;
            daddr = pa;
        }
        uint64_t d = 0;
        ++cost.walk_reads;
        cost.lookup_cycles += uint32_t(m_params.walk_step_cycles);
        if (!gsim::ok(m_mem.read64(daddr, d, cost.mem_latency_ps))) {
            o.fetch_addr = daddr;
            return fail(Fault::WALK_EABT, level);
        }
        if (!bit(d, 0)) return fail(Fault::TRANSLATION, level);
        const bool is_table = bit(d, 1) && level < 3;
        if (is_table) {
            const uint64_t next = d & mask(51, cfg.granule_shift);
            if ((next >> cfg.oas_bits) != 0) return fail(Fault::ADDR_SIZE, level);
            if (cfg.stage == 1) {
                attrs.ap_no_user |= bit(d, 61);
                attrs.ap_no_write |= bit(d, 62);
                attrs.uxn |= bit(d, 60);
                attrs.pxn |= bit(d, 59) && !cfg.single_priv;
            }
            const uint64_t levels =
                cfg.stage == 1 ? m_params.walk_cache_s1_levels : m_params.walk_cache_s2_levels;
            if ((levels >> level) & 1) {
                WalkCacheEntry e = attrs;
                e.stage = cfg.stage;
                e.level = level;
                e.vmid = cfg.vmid;
                e.asid = cfg.asid;
                e.el2 = cfg.el2;
                e.ttb = cfg.ttb;
                e.granule_shift = cfg.granule_shift;
                e.region_log2 = shift;
                e.in_base = in & ~mask(shift - 1, 0);
                e.next_table = next;
                m_wc.insert(wc_key(e.in_base, level, cfg), e, [&](const WalkCacheEntry& w) {
                    return w.stage == e.stage && w.level == e.level && w.vmid == e.vmid &&
                           w.asid == e.asid && w.el2 == e.el2 && w.ttb == e.ttb &&
                           w.granule_shift == e.granule_shift && w.in_base == e.in_base;
                });
            }
            table = next;
            continue;
        }
        // Leaf: a page at level 3 (0b11) or a block (0b01) where the granule allows it.
        if (level == 3 ? !bit(d, 1) : !block_allowed(cfg.granule_shift, level))
            return fail(Fault::TRANSLATION, level);
        const uint64_t oa = d & mask(51, shift);
        if ((oa >> cfg.oas_bits) != 0) return fail(Fault::ADDR_SIZE, level);
        if (!bit(d, 10) && !cfg.affd) return fail(Fault::ACCESS, level);
        o.out_base = oa;
        o.size_log2 = shift;
        o.level = level;
        o.ng = cfg.stage == 1 && !cfg.single_priv && bit(d, 11);
        set_perms(cfg, d, attrs, o);
        return o;
    }
}

}  // namespace smmu::core
