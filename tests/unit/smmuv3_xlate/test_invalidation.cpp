// Invalidation: every CFGI_* / TLBI_* command against every cache level (micro-TLBs, main TLB,
// walk cache, STE and CD caches). Caches are filled through translate(); after the command
// the removed translations must be absent from every cache and re-walk, and unrelated ones
// (other VMID / ASID / VA / SID / SSID / regime) must survive (B.7 #5, #6).
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "xlate_builders.h"

using namespace xt;

namespace {

struct Probe {
    const char* name;
    uint32_t sid;
    uint64_t va;
    bool ssv = false;
    uint32_t ssid = 0;
};

// P0..P9, see World().
enum { P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, NPROBES };

struct World {
    Env e;
    std::vector<Probe> probes;
    Geo g1 = s1_geo(12, 16);
    Geo g2;
    uint64_t r1 = 0;

    static TranslatorParams params() {
        TranslatorParams p;
        p.ports = 2;
        return p;
    }
    World() : e(params()) {
        // Shared stage-1 tables: 0x1000 nG, 0x5000 nG, 0x200000 global.
        r1 = e.m.new_root(g1);
        e.m.map(g1, r1, 0x1000, 0x80001000, 3, S1_RW_ALL | S1_NG);
        e.m.map(g1, r1, 0x5000, 0x80005000, 3, S1_RW_ALL | S1_NG);
        e.m.map(g1, r1, 0x200000, 0x80200000, 3, S1_RW_ALL);
        // Stage 2 of VMID 1: identity over the arena, IPA 0x1000 and the S1 outputs.
        SteSpec s2ste;
        s2ste.config = CFG_S2;
        s2ste.vmid = 1;
        g2 = add_s2(e.m, s2ste, 12, 24, 1);
        for (uint64_t a = 0x10000000; a < 0x10400000; a += 2ull << 20)
            e.m.map(g2, s2ste.s2ttb, a, a, 2, S2_RW);
        e.m.map(g2, s2ste.s2ttb, 0x1000, 0xD0001000, 3, S2_RW);
        e.m.map(g2, s2ste.s2ttb, 0x80001000, 0xC0001000, 3, S2_RW);
        e.set_ste(4, s2ste);

        auto s1 = [&](uint32_t sid, uint16_t vmid, uint16_t asid, uint8_t strw = 0) {
            CdSpec cd;
            cd.ttb0 = r1;
            cd.asid = asid;
            SteSpec s;
            s.vmid = vmid;
            s.strw = strw;
            s.ctx = e.put_cd(cd);
            e.set_ste(sid, s);
        };
        s1(1, 1, 1);
        s1(2, 1, 2);
        s1(3, 2, 1);
        s1(6, 0, 0, 2);  // EL2 stream
        {
            SteSpec n = s2ste;  // nested, VMID 1, ASID 3
            n.config = CFG_NESTED;
            CdSpec cd;
            cd.ttb0 = r1;
            cd.asid = 3;
            n.ctx = e.put_cd(cd);
            e.set_ste(5, n);
        }
        {
            SteSpec s;  // SID 7: substreams, VMID 1, ASID 1 in each CD
            s.vmid = 1;
            s.cdmax = 2;
            uint64_t table = e.m.alloc(4 * 64, 64);
            CdSpec cd;
            cd.ttb0 = r1;
            cd.asid = 1;
            for (uint32_t i = 0; i < 4; ++i) e.put_cd(cd, table + i * 64);
            s.ctx = table;
            e.set_ste(7, s);
        }
        probes = {
            {"P0 sid1 vmid1 asid1 nG 0x1000", 1, 0x1000},
            {"P1 sid1 vmid1 global 0x200000", 1, 0x200000},
            {"P2 sid1 vmid1 asid1 nG 0x5000", 1, 0x5000},
            {"P3 sid2 vmid1 asid2 0x1000", 2, 0x1000},
            {"P4 sid3 vmid2 asid1 0x1000", 3, 0x1000},
            {"P5 sid4 S2-only vmid1 ipa 0x1000", 4, 0x1000},
            {"P6 sid5 nested vmid1 asid3 0x1000", 5, 0x1000},
            {"P7 sid6 EL2 0x1000", 6, 0x1000},
            {"P8 sid7 ssid3 vmid1 asid1 0x1000", 7, 0x1000, true, 3},
            {"P9 sid7 ssid1 vmid1 asid1 0x1000", 7, 0x1000, true, 1},
        };
    }
    XlateResult go(const Probe& p, uint32_t port) {
        return e.access(p.sid, p.va, false, false, false, p.ssv, p.ssid, port);
    }
    void fill() {
        for (const auto& p : probes)
            for (uint32_t port : {0u, 1u})
                ASSERT_EQ(go(p, port).response, XlateResponse::OK) << p.name;
    }
    // In how many TLB levels (micro-TLB 0, micro-TLB 1, main TLB) the probe is cached.
    int cached(const Probe& p) {
        int n = 0;
        auto has = [&](const SetAssocCache<TlbEntry>& c) {
            bool f = false;
            c.for_each([&](const TlbEntry& t) {
                f |= t.sid == p.sid && t.ssv == p.ssv && t.ssid == p.ssid && t.contains(p.va);
            });
            return f;
        };
        n += has(e.t->utlb(0));
        n += has(e.t->utlb(1));
        n += has(e.t->tlb());
        return n;
    }
    // Fill, run cmd, then check exactly `removed` are gone from every TLB level and re-walk.
    void check(const Command& cmd, std::set<int> removed, const char* what) {
        fill();
        for (int i = 0; i < NPROBES; ++i)
            ASSERT_EQ(cached(probes[size_t(i)]), 3) << probes[size_t(i)].name;
        auto cost = e.t->invalidate(cmd, e.ctrl);
        if (!removed.empty()) {
            EXPECT_GT(cost.entries_removed, 0u) << what;
        }
        EXPECT_GT(cost.entries_scanned, 0u) << what;
        for (int i = 0; i < NPROBES; ++i) {
            const Probe& p = probes[size_t(i)];
            const bool gone = removed.count(i) != 0;
            EXPECT_EQ(cached(p), gone ? 0 : 3) << what << ": " << p.name;
            auto r = go(p, 0);
            ASSERT_EQ(r.response, XlateResponse::OK) << what << ": " << p.name;
            if (gone) {
                EXPECT_EQ(r.utlb_hits + r.tlb_hits, 0u) << what << ": " << p.name;
                EXPECT_EQ(r.tlb_misses, 1u) << what << ": " << p.name;
                EXPECT_GT(r.walk_reads, 0u) << what << ": " << p.name;
            } else {
                EXPECT_EQ(r.utlb_hits, 1u) << what << ": " << p.name;
            }
        }
    }
};

const std::set<int> ALL = {P0, P1, P2, P3, P4, P5, P6, P7, P8, P9};

}  // namespace

TEST(SmmuXlateInval, cfgi_ste_removes_that_streams_entries_and_configs_only) {
    World w;
    w.check(cfgi(CMD_CFGI_STE, 1), {P0, P1, P2}, "CFGI_STE 1");
    // The STE of SID 1 was refetched; SID 2's is still cached.
    w.e.t->invalidate(cfgi(CMD_CFGI_STE, 1), w.e.ctrl);
    auto r = w.e.read(1, 0x1000);
    EXPECT_EQ(r.cfg_misses, 2u);  // STE and CD (CFGI_STE also drops the stream's CDs)
    r = w.e.read(2, 0x7000);      // unmapped VA: TLB miss, configs from the caches
    EXPECT_EQ(r.cfg_hits, 2u);
    EXPECT_EQ(r.cfg_misses, 0u);
}

TEST(SmmuXlateInval, cfgi_ste_range_covers_aligned_power_of_two_and_31_means_all) {
    {
        World w;
        w.check(cfgi(CMD_CFGI_STE_RANGE, 3, 0, 0), {P3, P4}, "RANGE 2..3");  // Range 0: 2 SIDs
    }
    {
        World w;
        w.check(cfgi(CMD_CFGI_STE_RANGE, 5, 0, 1), {P5, P6, P7, P8, P9}, "RANGE 4..7");
    }
    {
        World w;
        w.check(cfgi(CMD_CFGI_STE_RANGE, 0, 0, 31), ALL, "CFGI_ALL");
        EXPECT_EQ(w.e.t->occupancy().ste, 7u);  // SIDs 1..7 refetched by check()
    }
}

TEST(SmmuXlateInval, cfgi_cd_removes_tbu_entries_of_that_sid_and_ssid) {  // B.7 #5
    World w;
    w.check(cfgi(CMD_CFGI_CD, 7, 3), {P8}, "CFGI_CD 7/3");
    w.e.t->invalidate(cfgi(CMD_CFGI_CD, 7, 3), w.e.ctrl);
    auto r = w.e.ssid_read(7, 3, 0x9000);  // unmapped: only the configuration counts
    EXPECT_EQ(r.cfg_hits, 1u);             // STE
    EXPECT_EQ(r.cfg_misses, 1u);           // CD 3 refetched
    r = w.e.ssid_read(7, 1, 0x9000);
    EXPECT_EQ(r.cfg_hits, 2u);
}

TEST(SmmuXlateInval, cfgi_cd_on_non_ssid_stream_removes_cd0_users) {
    World w;
    w.check(cfgi(CMD_CFGI_CD, 1, 0), {P0, P1, P2}, "CFGI_CD 1/0");
}

TEST(SmmuXlateInval, cfgi_cd_all_removes_every_cd_of_the_sid) {
    World w;
    w.check(cfgi(CMD_CFGI_CD_ALL, 7), {P8, P9}, "CFGI_CD_ALL 7");
}

TEST(SmmuXlateInval, tlbi_nh_all_removes_stage1_of_vmid) {
    World w;
    w.check(tlbi(CMD_TLBI_NH_ALL, 1, 0), {P0, P1, P2, P3, P6, P8, P9}, "NH_ALL vmid1");
}

TEST(SmmuXlateInval, tlbi_nh_asid_keeps_global_and_other_asids) {
    World w;
    w.check(tlbi(CMD_TLBI_NH_ASID, 1, 1), {P0, P2, P8, P9}, "NH_ASID 1/1");
}

TEST(SmmuXlateInval, tlbi_nh_va_removes_asid_match_at_that_va) {
    World w;
    w.check(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000), {P0, P8, P9}, "NH_VA 1/1/0x1000");
}

TEST(SmmuXlateInval, tlbi_nh_va_removes_global_entry_for_any_asid) {
    World w;
    w.check(tlbi(CMD_TLBI_NH_VA, 1, 55, 0x200000), {P1}, "NH_VA global");
}

TEST(SmmuXlateInval, tlbi_nh_vaa_removes_every_asid_at_that_va) {
    World w;
    w.check(tlbi(CMD_TLBI_NH_VAA, 1, 0, 0x1000), {P0, P3, P6, P8, P9}, "NH_VAA 1/0x1000");
}

TEST(SmmuXlateInval, tlbi_el2_commands_touch_only_el2_entries) {
    {
        World w;
        w.check(tlbi(CMD_TLBI_EL2_ALL, 0, 0), {P7}, "EL2_ALL");
    }
    {
        World w;
        w.check(tlbi(CMD_TLBI_EL2_VA, 0, 0, 0x1000), {P7}, "EL2_VA");
    }
    {
        World w;
        w.check(tlbi(CMD_TLBI_EL2_VAA, 0, 0, 0x1000), {P7}, "EL2_VAA");
    }
    {
        World w;  // EL2 entries without E2H are global: EL2_ASID removes nothing
        w.check(tlbi(CMD_TLBI_EL2_ASID, 0, 0), {}, "EL2_ASID");
    }
}

TEST(SmmuXlateInval, tlbi_s12_vmall_removes_everything_of_the_vmid) {
    World w;
    w.check(tlbi(CMD_TLBI_S12_VMALL, 1, 0), {P0, P1, P2, P3, P5, P6, P8, P9}, "S12_VMALL 1");
}

TEST(SmmuXlateInval, tlbi_s2_ipa_removes_s2_and_nested_entries_for_that_ipa) {
    {
        World w;
        w.check(tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x1000), {P5}, "S2_IPA 0x1000");
    }
    {
        World w;
        w.check(tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x80001000), {P6}, "S2_IPA 0x80001000");
    }
    {
        World w;
        w.check(tlbi(CMD_TLBI_S2_IPA, 2, 0, 0x1000), {}, "S2_IPA other vmid");
    }
}

TEST(SmmuXlateInval, tlbi_nsnh_all_removes_all_but_el2) {
    World w;
    w.check(tlbi(CMD_TLBI_NSNH_ALL, 0, 0), {P0, P1, P2, P3, P4, P5, P6, P8, P9}, "NSNH_ALL");
}

TEST(SmmuXlateInval, range_tlbi_honours_num_scale_tg) {  // B.7 #6
    {
        World w;  // TG 4K, NUM 4, SCALE 0: 5 pages 0x1000..0x5fff
        w.check(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false, 1, 4, 0), {P0, P2, P8, P9}, "5 pages");
    }
    {
        World w;  // NUM 3, SCALE 0 from 0x1000: 0x1000..0x4fff (P2 at 0x5000 survives)
        w.check(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false, 1, 3, 0), {P0, P8, P9}, "4 pages");
    }
    {
        World w;  // NUM 0, SCALE 9: 512 pages from 0: P1 at 0x200000 is outside
        w.check(tlbi(CMD_TLBI_NH_VAA, 1, 0, 0, false, 1, 0, 9), {P0, P2, P3, P6, P8, P9},
                "512 pages");
    }
    {
        World w;  // NUM 1, SCALE 9: 1024 pages: P1 inside
        w.check(tlbi(CMD_TLBI_NH_VAA, 1, 0, 0, false, 1, 1, 9), {P0, P1, P2, P3, P6, P8, P9},
                "1024 pages");
    }
    World w;
    w.fill();
    auto c = w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false, 1, 4, 2), w.e.ctrl);
    EXPECT_EQ(c.pages, 20u);
}

TEST(SmmuXlateInval, range_tlbi_ttl_selects_leaf_level) {
    {
        World w;  // 4K pages are level-3 leaves: TTL = 2 does not touch them
        w.check(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false, 1, 0, 0, 2), {}, "TTL 2");
    }
    {
        World w;
        w.check(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false, 1, 0, 0, 3), {P0, P8, P9}, "TTL 3");
    }
}

TEST(SmmuXlateInval, range_tlbi_s2_ipa) {
    World w;  // IPA range 0x0..0x1fff covers P5's IPA 0x1000, not P6's 0x80001000
    w.check(tlbi(CMD_TLBI_S2_IPA, 1, 0, 0, false, 1, 1, 0), {P5}, "S2_IPA range");
}

TEST(SmmuXlateInval, leaf_keeps_walk_cache_and_non_leaf_clears_it) {
    {
        World w;
        w.fill();
        w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, true), w.e.ctrl);
        auto r = w.go(w.probes[P0], 0);
        EXPECT_EQ(r.tlb_misses, 1u);
        EXPECT_EQ(r.walk_reads, 1u);  // L0..L2 from the walk cache
        EXPECT_EQ(r.walk_cache_hits, 1u);
    }
    {
        World w;
        w.fill();
        w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000, false), w.e.ctrl);
        auto r = w.go(w.probes[P0], 0);
        EXPECT_EQ(r.walk_reads, 4u);  // the walk-cache entries for 0x1000 went too
        EXPECT_EQ(r.walk_cache_hits, 0u);
        // ASID 2 has its own walk-cache entries: still hit.
        w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 2, 0x1000, true), w.e.ctrl);
        r = w.go(w.probes[P3], 0);
        EXPECT_EQ(r.walk_reads, 1u);
    }
}

TEST(SmmuXlateInval, every_tlbi_clears_matching_walk_cache_entries) {
    struct Case {
        Command cmd;
        int probe;
        bool cleared;
    };
    const Case cases[] = {
        {tlbi(CMD_TLBI_NH_ALL, 1, 0), P0, true},
        {tlbi(CMD_TLBI_NH_ALL, 2, 0), P0, false},
        {tlbi(CMD_TLBI_NH_ASID, 1, 1), P0, true},
        {tlbi(CMD_TLBI_NH_ASID, 1, 2), P0, false},
        {tlbi(CMD_TLBI_NH_VAA, 1, 0, 0x1000), P0, true},
        {tlbi(CMD_TLBI_NH_VAA, 1, 0, 0x40000000), P0, false},
        {tlbi(CMD_TLBI_S12_VMALL, 1, 0), P0, true},
        {tlbi(CMD_TLBI_S12_VMALL, 2, 0), P0, false},
        {tlbi(CMD_TLBI_NSNH_ALL, 0, 0), P0, true},
        {tlbi(CMD_TLBI_EL2_ALL, 0, 0), P7, true},
        {tlbi(CMD_TLBI_EL2_ALL, 0, 0), P0, false},
        {tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x1000), P5, true},
        {tlbi(CMD_TLBI_S12_VMALL, 1, 0), P5, true},
        {tlbi(CMD_TLBI_S12_VMALL, 2, 0), P5, false},
        {tlbi(CMD_TLBI_NSNH_ALL, 0, 0), P5, true},
        {tlbi(CMD_TLBI_NH_ALL, 1, 0), P5, false},
        {tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x40000000), P5, false},
        {tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x40000000, false, 1, 0, 0), P5, false},
        {tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x1000, true), P5, false},
    };
    for (const auto& c : cases) {
        World w;
        w.fill();
        const Probe& p = w.probes[size_t(c.probe)];
        // Drop only the leaf entries first so the next access has to walk.
        w.e.t->invalidate(cfgi(CMD_CFGI_STE, p.sid), w.e.ctrl);
        w.go(p, 0);  // refill configs
        w.e.t->invalidate(c.cmd, w.e.ctrl);
        w.e.t->invalidate(cfgi(CMD_CFGI_STE, p.sid), w.e.ctrl);
        auto r = w.go(p, 0);
        EXPECT_EQ(r.walk_cache_hits == 0, c.cleared) << opcode_name(c.cmd.op()) << " " << p.name;
    }
}

TEST(SmmuXlateInval, nested_fragments_all_go_with_their_s1_block_or_s2_block) {
    World w;
    // S1 2 MiB block VA 0x400000 -> IPA 0x80400000; S2 4K pages for its first two pages.
    w.e.m.map(w.g1, w.r1, 0x400000, 0x80400000, 2, S1_RW_ALL);
    uint64_t s2ttb = 0;
    {
        std::array<uint64_t, 8> ste{};
        for (int i = 0; i < 8; ++i)
            ste[size_t(i)] = w.e.m.mem.peek64(w.e.ctrl.strtab_base + 5 * 64 + 8 * uint64_t(i));
        s2ttb = ste[3] & gsim::mask(51, 4);
    }
    w.e.m.map(w.g2, s2ttb, 0x80400000, 0xE0000000, 3, S2_RW);
    w.e.m.map(w.g2, s2ttb, 0x80401000, 0xE0100000, 3, S2_RW);
    EXPECT_EQ(w.e.read(5, 0x400010).pa, 0xE0000010u);
    EXPECT_EQ(w.e.read(5, 0x401010).pa, 0xE0100010u);
    EXPECT_EQ(w.e.read(5, 0x401010).utlb_hits, 1u);
    // TLBI by a VA of the second fragment removes the first fragment too (same S1 block).
    w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 3, 0x5ff000), w.e.ctrl);
    EXPECT_EQ(w.e.read(5, 0x400010).tlb_misses, 1u);
    EXPECT_EQ(w.e.read(5, 0x401010).tlb_misses, 1u);
    // TLBI_S2_IPA of the first S2 page removes only that fragment.
    w.e.t->invalidate(tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x80400000), w.e.ctrl);
    EXPECT_EQ(w.e.read(5, 0x400010).tlb_misses, 1u);
    EXPECT_EQ(w.e.read(5, 0x401010).utlb_hits, 1u);
}

TEST(SmmuXlateInval, cost_counts_scanned_removed_and_pages) {
    World w;
    w.fill();
    auto c = w.e.t->invalidate(tlbi(CMD_TLBI_NSNH_ALL, 0, 0), w.e.ctrl);
    // 9 non-EL2 translations in 2 micro-TLBs + main TLB, plus walk-cache entries.
    EXPECT_GE(c.entries_removed, 27u);
    EXPECT_GE(c.entries_scanned, c.entries_removed + 3u);
    EXPECT_EQ(c.pages, 0u);
    c = w.e.t->invalidate(tlbi(CMD_TLBI_NH_VA, 1, 1, 0x1000), w.e.ctrl);
    EXPECT_EQ(c.pages, 1u);
}

TEST(SmmuXlateInval, cfgi_ste_range_and_cd_all_drop_config_cache_entries) {
    World w;
    w.fill();
    w.e.t->invalidate(cfgi(CMD_CFGI_STE_RANGE, 2, 0, 0), w.e.ctrl);  // SIDs 2, 3
    EXPECT_EQ(w.e.read(2, 0x7000).cfg_misses, 2u);
    EXPECT_EQ(w.e.read(3, 0x7000).cfg_misses, 2u);
    EXPECT_EQ(w.e.read(1, 0x7000).cfg_misses, 0u);
    w.e.t->invalidate(cfgi(CMD_CFGI_CD_ALL, 7), w.e.ctrl);
    auto r = w.e.ssid_read(7, 1, 0x7000);
    EXPECT_EQ(r.cfg_hits, 1u);  // the STE stays
    EXPECT_EQ(r.cfg_misses, 1u);
    EXPECT_EQ(w.e.ssid_read(7, 3, 0x7000).cfg_misses, 1u);
}

TEST(SmmuXlateInval, s2_ipa_removes_every_nested_entry_built_on_that_s2_block) {
    World w;
    uint64_t s2ttb = w.e.m.mem.peek64(w.e.ctrl.strtab_base + 5 * 64 + 24) & gsim::mask(51, 4);
    // Two S1 4K pages whose IPAs sit in one S2 2 MiB block.
    w.e.m.map(w.g1, w.r1, 0x700000, 0x80600000, 3, S1_RW_ALL);
    w.e.m.map(w.g1, w.r1, 0x701000, 0x80605000, 3, S1_RW_ALL);
    w.e.m.map(w.g2, s2ttb, 0x80600000, 0xF0000000, 2, S2_RW);
    EXPECT_EQ(w.e.read(5, 0x700000).pa, 0xF0000000u);
    EXPECT_EQ(w.e.read(5, 0x701000).pa, 0xF0005000u);
    EXPECT_EQ(w.e.read(5, 0x701000).utlb_hits, 1u);
    // Invalidate by an IPA of the block that neither entry's own 4K fragment contains.
    w.e.t->invalidate(tlbi(CMD_TLBI_S2_IPA, 1, 0, 0x80700000), w.e.ctrl);
    EXPECT_EQ(w.e.read(5, 0x700000).tlb_misses, 1u);
    EXPECT_EQ(w.e.read(5, 0x701000).tlb_misses, 1u);
}

TEST(SmmuXlateInval, eight_bit_asid_and_vmid_without_asid16_vmid16) {
    Env e;
    e.ctrl.idr0 &= ~((1u << 12) | (1u << 18));  // no ASID16, no VMID16
    CdSpec cd;
    cd.asid = 0x0105;  // only ASID[7:0] = 5 is significant
    SteSpec s;
    s.vmid = 0x0203;   // VMID[7:0] = 3
    uint64_t root = e.s1_stream(1, cd, s);
    e.m.map(s1_geo(12, 16), root, 0x1000, 0x91000, 3, S1_RW_ALL | S1_NG);
    ASSERT_EQ(e.read(1, 0x1000).response, XlateResponse::OK);
    e.t->invalidate(tlbi(CMD_TLBI_NH_ASID, 3, 6), e.ctrl);
    EXPECT_EQ(e.read(1, 0x1000).utlb_hits, 1u);
    e.t->invalidate(tlbi(CMD_TLBI_NH_ASID, 0x0703, 0x0905), e.ctrl);
    EXPECT_EQ(e.read(1, 0x1000).tlb_misses, 1u);
}

TEST(SmmuXlateInval, nested_nh_asid_drops_stage1_walks_and_keeps_stage2_walks) {
    World w;
    w.fill();
    auto count = [&](uint8_t stage, uint16_t asid) {
        size_t n = 0;
        w.e.t->walk_cache().for_each([&](const WalkCacheEntry& e) {
            n += e.stage == stage && e.vmid == 1 && (stage == 2 || e.asid == asid);
        });
        return n;
    };
    ASSERT_GT(count(1, 3), 0u);
    const size_t s2 = count(2, 0);
    ASSERT_GT(s2, 0u);
    w.e.t->invalidate(tlbi(CMD_TLBI_NH_ASID, 1, 3), w.e.ctrl);
    EXPECT_EQ(count(1, 3), 0u);
    EXPECT_GT(count(1, 1), 0u);
    EXPECT_EQ(count(2, 0), s2);
}
