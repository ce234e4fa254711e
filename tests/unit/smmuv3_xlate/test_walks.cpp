// Page-table walks: every granule at stage 1, stage 2 and nested; blocks; TTB1; EPD; T0SZ
// edges; stage-2 start levels and concatenation; nested fragmentation.
#include <gtest/gtest.h>
#include <string>

#include "xlate_builders.h"

using namespace xt;

namespace {

struct GranuleCase {
    unsigned gs;
    int block_level;  // a legal block level
    int bad_block;    // an illegal block level (-1: none to test)
};
const GranuleCase GRANULES[] = {{12, 2, 0}, {14, 2, 1}, {16, 2, 1}};

uint64_t tg0_of(unsigned gs) {
    return gs == 12 ? 0 : gs == 16 ? 1 : 2;
}

}  // namespace

TEST(SmmuXlateWalk, s1_page_and_block_for_every_granule) {
    for (const auto& gc : GRANULES) {
        Env e;
        CdSpec cd;
        cd.tg0 = uint8_t(tg0_of(gc.gs));
        uint64_t root = e.s1_stream(1, cd, {}, gc.gs);
        Geo g = s1_geo(gc.gs, 16);
        const uint64_t page = uint64_t{1} << gc.gs;
        // Page at level 3.
        const uint64_t va = 0x0000123456780000ull & ~(page - 1);
        e.m.map(g, root, va, 0x880000000ull, 3, S1_RW_ALL);
        auto r = e.read(1, va + 0x18);
        ASSERT_EQ(r.response, XlateResponse::OK) << gc.gs;
        EXPECT_EQ(r.pa, 0x880000018ull) << gc.gs;
        EXPECT_EQ(r.range_bytes, page);
        EXPECT_EQ(r.walk_reads, unsigned(4 - g.start)) << gc.gs;
        // Block at a legal level.
        const unsigned bshift = g.shift(gc.block_level);
        const uint64_t bva = 0x0000700000000000ull;
        e.m.map(g, root, bva, 0x4000000000ull, gc.block_level, S1_RW_ALL);
        const uint64_t off = (uint64_t{1} << bshift) - 8;
        r = e.read(1, bva + off);
        ASSERT_EQ(r.response, XlateResponse::OK) << gc.gs;
        EXPECT_EQ(r.pa, 0x4000000000ull + off) << gc.gs;
        EXPECT_EQ(r.range_bytes, uint64_t{1} << bshift);
        // Block at an illegal level: translation fault at that level.
        if (gc.bad_block >= g.start) {
            const uint64_t xva = 0x0000500000000000ull;
            e.m.map(g, root, xva, 0, gc.bad_block, S1_RW_ALL);
            r = e.read(1, xva);
            EXPECT_EQ(r.response, XlateResponse::ABORT) << gc.gs;
            EXPECT_EQ(r.event.type, F_TRANSLATION) << gc.gs;
        }
    }
}

TEST(SmmuXlateWalk, s1_4k_level1_block_is_1g) {
    Env e;
    uint64_t root = e.s1_stream(1);
    e.m.map(s1_geo(12, 16), root, 0x40000000, 0x1C0000000ull, 1, S1_RW_ALL);
    auto r = e.read(1, 0x40000000 + 0x3ffff008);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x1C0000000ull + 0x3ffff008);
    EXPECT_EQ(r.range_bytes, 1ull << 30);
    EXPECT_EQ(r.walk_reads, 2u);
}

TEST(SmmuXlateWalk, level3_descriptor_with_block_encoding_is_translation_fault) {
    Env e;
    uint64_t root = e.s1_stream(1);
    Geo g = s1_geo(12, 16);
    uint64_t d = e.m.map(g, root, 0x5000, 0x9000, 3, S1_RW_ALL);
    e.m.mem.poke64(d, e.m.mem.peek64(d) & ~2ull);  // 0b01 at level 3 is reserved
    auto r = e.read(1, 0x5000);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
}

TEST(SmmuXlateWalk, t0sz_edges_39_and_16) {
    {
        Env e;
        CdSpec cd;
        cd.t0sz = 39;  // 25-bit VA: starts at level 2
        uint64_t root = e.s1_stream(1, cd);
        Geo g = s1_geo(12, 39);
        EXPECT_EQ(g.start, 2);
        const uint64_t top = (1ull << 25) - 0x1000;
        e.m.map(g, root, top, 0x7000, 3, S1_RW_ALL);
        auto r = e.read(1, top + 4);
        ASSERT_EQ(r.response, XlateResponse::OK);
        EXPECT_EQ(r.pa, 0x7004u);
        EXPECT_EQ(r.walk_reads, 2u);
        r = e.read(1, 1ull << 25);
        EXPECT_EQ(r.event.type, F_TRANSLATION);
        EXPECT_EQ(r.walk_reads, 0u);
    }
    {
        Env e;
        uint64_t root = e.s1_stream(1);  // T0SZ = 16
        const uint64_t top = (1ull << 48) - 0x1000;
        e.m.map(s1_geo(12, 16), root, top, 0x8000, 3, S1_RW_ALL);
        EXPECT_EQ(e.read(1, top).pa, 0x8000u);
        EXPECT_EQ(e.read(1, 1ull << 48).event.type, F_TRANSLATION);
    }
}

TEST(SmmuXlateWalk, ttb1_translates_upper_range_and_mixed_upper_bits_fault) {
    Env e;
    CdSpec cd;
    cd.epd1 = false;
    cd.tg1 = 2;  // 4K in the TG1 encoding
    cd.t1sz = 25;
    Geo g1 = s1_geo(12, 25);
    uint64_t root1 = e.m.new_root(g1);
    cd.ttb1 = root1;
    e.s1_stream(1, cd);
    const uint64_t va = 0xFFFFFF8000123000ull;
    e.m.map(g1, root1, va, 0x66000, 3, S1_RW_ALL);
    auto r = e.read(1, va + 0x10);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x66010u);
    EXPECT_EQ(r.walk_reads, 3u);           // 39-bit range: L1..L3
    r = e.read(1, 0xFF00008000123000ull);  // bit 55 set but not all upper bits
    EXPECT_EQ(r.event.type, F_TRANSLATION);
}

TEST(SmmuXlateWalk, epd0_and_epd1_disable_their_range_without_walking) {
    Env e;
    CdSpec cd;
    cd.epd0 = true;  // EPD1 is also set by default
    SteSpec s;
    s.ctx = e.put_cd(cd);
    e.set_ste(1, s);
    auto r = e.read(1, 0x1000);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_EQ(r.walk_reads, 0u);
    r = e.read(1, 0xFFFF000000001000ull);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_EQ(r.walk_reads, 0u);
}

TEST(SmmuXlateWalk, s2_every_granule_with_concatenated_start_tables) {
    struct Case {
        unsigned gs, t0sz, sl0, concat;
    };
    const Case cases[] = {
        {12, 24, 1, 2},   // 40-bit IPA from L1: 2 tables
        {12, 22, 1, 8},   // 42-bit IPA from L1: 8 tables
        {12, 25, 2, 1},   // 39-bit from L0: 1 table, 1 bit
        {14, 24, 1, 16},  // 16K 40-bit from L2: 16 tables
        {14, 28, 1, 1},   // 16K 36-bit from L2
        {16, 20, 1, 4},   // 64K 44-bit from L2: 4 tables
        {16, 22, 0, 1},   // 64K 42-bit from L3: 26 bits at the start level, illegal
    };
    for (const auto& c : cases) {
        Env e;
        SteSpec s;
        s.config = CFG_S2;
        s.vmid = 3;
        Geo g = add_s2(e.m, s, c.gs, c.t0sz, c.sl0);
        const unsigned start_bits = g.bits(g.start);
        const bool legal = start_bits >= 1 && start_bits <= g.stride() + 4;
        e.set_ste(1, s);
        if (!legal) {
            EXPECT_EQ(e.read(1, 0).event.type, C_BAD_STE) << c.gs << "/" << c.t0sz;
            continue;
        }
        if (c.concat > 1) {
            EXPECT_EQ(start_bits, g.stride() + gsim::log2_floor(c.concat)) << c.gs;
        }
        // The top of the IPA space lives in the last concatenated table.
        const uint64_t ipa = (uint64_t{1} << g.input_bits) - (uint64_t{1} << c.gs);
        e.m.map(g, s.s2ttb, ipa, 0x123ull << c.gs, 3, S2_RW);
        auto r = e.read(1, ipa + 0x28);
        ASSERT_EQ(r.response, XlateResponse::OK) << c.gs << "/" << c.t0sz;
        EXPECT_EQ(r.pa, (0x123ull << c.gs) + 0x28) << c.gs;
        EXPECT_EQ(r.walk_reads, unsigned(4 - g.start));
        EXPECT_EQ(e.read(1, uint64_t{1} << g.input_bits).event.type, F_TRANSLATION);
    }
}

TEST(SmmuXlateWalk, s2_block_and_s2_fault_reports_ipa) {
    Env e;
    SteSpec s;
    s.config = CFG_S2;
    Geo g = add_s2(e.m, s, 12, 24, 1);
    e.set_ste(1, s);
    e.m.map(g, s.s2ttb, 0x40000000, 0x80000000, 2, S2_RW);
    auto r = e.read(1, 0x401ff000);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x801ff000u);
    EXPECT_EQ(r.range_bytes, 2u << 20);
    r = e.read(1, 0x50000123);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.cls, CLASS_IN);
    EXPECT_EQ(r.event.addr2, 0x50000000u);
    EXPECT_EQ(r.event.input_addr, 0x50000123u);
}

// Nested: S2 identity-maps the table arena; the data page goes elsewhere.
struct Nested {
    Env e;
    SteSpec ste;
    Geo g2;
    Geo g1 = s1_geo(12, 16);
    uint64_t s1root = 0;
    explicit Nested(unsigned s2gs = 12) {
        ste.config = CFG_NESTED;
        ste.vmid = 7;
        g2 = add_s2(e.m, ste, s2gs, 24, 1);
        // Identity map the arena (tables, CDs) at stage 2 with pages of the S2 granule.
        const uint64_t arena = 0x10000000, arena_end = 0x10800000;
        s1root = e.m.new_root(g1);
        CdSpec cd;
        cd.ttb0 = s1root;
        cd.asid = 9;
        ste.ctx = e.put_cd(cd);
        for (uint64_t a = arena; a < arena_end; a += 2ull << 20)
            e.m.map(g2, ste.s2ttb, a, a, 2, S2_RW);
        e.set_ste(1, ste);
    }
};

TEST(SmmuXlateWalk, nested_translates_tables_and_output_through_stage2) {
    Nested n;
    n.e.m.map(n.g1, n.s1root, 0x7000, 0x40000000, 3, S1_RW_ALL);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x40000000, 0x90000000, 3, S2_RW);
    ASSERT_LT(n.e.m.next, 0x10800000u);
    auto r = n.e.read(1, 0x7abc);
    ASSERT_EQ(r.response, XlateResponse::OK) << int(r.event.type);
    EXPECT_EQ(r.pa, 0x90000abcu);
    // CD fetch through S2 (2 reads: L1, L2 block) then 4 S1 levels each needing S2 (the
    // walk cache keeps the S2 L1 table: 1 read per S1 table) plus the final IPA (3 reads).
    EXPECT_GT(r.walk_reads, 4u + 3u);
    EXPECT_GT(r.walk_cache_hits, 0u);
}

TEST(SmmuXlateWalk, nested_fragmentation_caches_min_of_s1_and_s2_sizes) {
    Nested n;
    // S1: 2 MiB block VA 0x200000 -> IPA 0x40000000; S2: 4K pages.
    n.e.m.map(n.g1, n.s1root, 0x200000, 0x40000000, 2, S1_RW_ALL);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x40000000, 0x90000000, 3, S2_RW);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x40001000, 0xA0000000, 3, S2_RW);
    auto r = n.e.read(1, 0x200010);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x90000010u);
    EXPECT_EQ(r.range_bytes, 4096u);
    // The next 4K of the same S1 block is a different S2 page: must not hit the first entry.
    r = n.e.read(1, 0x201010);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0xA0000010u);
    EXPECT_EQ(r.tlb_misses, 1u);
    // S1 4K page onto an S2 2 MiB block: 4K as well.
    n.e.m.map(n.g1, n.s1root, 0x600000, 0x40200000, 3, S1_RW_ALL);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x40200000, 0xB0000000, 2, S2_RW);
    r = n.e.read(1, 0x600008);
    EXPECT_EQ(r.pa, 0xB0000008u);
    EXPECT_EQ(r.range_bytes, 4096u);
    // S1 2 MiB block onto S2 2 MiB block: 2 MiB.
    n.e.m.map(n.g1, n.s1root, 0x800000, 0x40400000, 2, S1_RW_ALL);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x40400000, 0xC0000000, 2, S2_RW);
    r = n.e.read(1, 0x9ffff8);
    EXPECT_EQ(r.pa, 0xC01ffff8u);
    EXPECT_EQ(r.range_bytes, 2u << 20);
}

TEST(SmmuXlateWalk, nested_with_64k_stage2_and_4k_stage1) {
    Nested n(16);
    n.e.m.map(n.g1, n.s1root, 0x3000, 0x50000000, 3, S1_RW_ALL);
    n.e.m.map(n.g2, n.ste.s2ttb, 0x50000000, 0xD0000000, 3, S2_RW);
    auto r = n.e.read(1, 0x3008);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0xD0000008u);
    EXPECT_EQ(r.range_bytes, 4096u);
}

TEST(SmmuXlateWalk, el2_stream_uses_ttb0_only_and_ignores_ap1) {
    Env e;
    SteSpec s;
    s.strw = 2;
    uint64_t root = e.s1_stream(1, {}, s);
    e.m.map(s1_geo(12, 16), root, 0x9000, 0x19000, 3, S1_RW_PRIV);
    auto r = e.access(1, 0x9000, true, false);  // unprivileged write allowed: one privilege level
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x19000u);
}

TEST(SmmuXlateWalk, el2_stream_with_e2h_has_two_ranges_asids_and_ap1) {
    Env e;
    e.ctrl.cr2 |= 1;  // E2H
    CdSpec cd;
    cd.asid = 12;
    cd.epd1 = false;
    cd.tg1 = 2;
    cd.t1sz = 16;
    Geo g = s1_geo(12, 16);
    uint64_t r1 = e.m.new_root(g);
    cd.ttb1 = r1;
    SteSpec s;
    s.strw = 2;
    uint64_t r0 = e.s1_stream(1, cd, s);
    e.m.map(g, r0, 0x9000, 0x19000, 3, S1_RW_PRIV | S1_NG);
    e.m.map(g, r1, 0xFFFF000000009000ull, 0x29000, 3, S1_RW_ALL | S1_NG);
    EXPECT_EQ(e.access(1, 0x9000, true, false).event.type, F_PERMISSION);  // EL0 has no access
    EXPECT_EQ(e.access(1, 0x9000, true, true).pa, 0x19000u);
    EXPECT_EQ(e.read(1, 0xFFFF000000009008ull).pa, 0x29008u);
    // ASID-tagged EL2 entries: TLBI_EL2_ASID of another ASID keeps them, of 12 removes them.
    e.inv(tlbi(CMD_TLBI_EL2_ASID, 0, 11).d0);
    EXPECT_EQ(e.read(1, 0xFFFF000000009008ull).utlb_hits, 1u);
    e.inv(tlbi(CMD_TLBI_EL2_ASID, 0, 12).d0);
    EXPECT_EQ(e.read(1, 0xFFFF000000009008ull).tlb_misses, 1u);
    // TLBI_NH_ALL (EL1 regime) never touches EL2 entries.
    e.inv(tlbi(CMD_TLBI_NH_ALL, 0, 0).d0);
    EXPECT_EQ(e.read(1, 0xFFFF000000009008ull).utlb_hits, 1u);
}

TEST(SmmuXlateWalk, nested_every_s1_granule_by_every_s2_granule_pages_and_blocks) {
    for (unsigned s1gs : {12u, 14u, 16u}) {
        for (unsigned s2gs : {12u, 14u, 16u}) {
            Env e;
            SteSpec ste;
            ste.config = CFG_NESTED;
            ste.vmid = 2;
            Geo g2 = add_s2(e.m, ste, s2gs, 24, 1);
            Geo g1 = s1_geo(s1gs, 16);
            uint64_t r1 = e.m.new_root(g1);
            CdSpec cd;
            cd.ttb0 = r1;
            cd.tg0 = uint8_t(s1gs == 12 ? 0 : s1gs == 16 ? 1 : 2);
            ste.ctx = e.put_cd(cd);
            e.set_ste(1, ste);
            const uint64_t p1 = uint64_t{1} << s1gs, p2 = uint64_t{1} << s2gs;
            // S1: a page and a level-2 block; S2: pages for the page, a block for the block.
            const uint64_t va_page = 0x1234ull << 20, ipa_page = 0x40000000;
            e.m.map(g1, r1, va_page, ipa_page, 3, S1_RW_ALL);
            const unsigned b1 = g1.shift(2), b2 = g2.shift(2);
            const uint64_t va_blk = 1ull << 40, ipa_blk = 1ull << 36;  // aligned for all sizes
            e.m.map(g1, r1, va_blk, ipa_blk, 2, S1_RW_ALL);
            // Stage 2: identity over the arena (tables, CD) with L2 blocks.
            for (uint64_t a = 0x10000000; a < 0x10000000 + (16ull << 20); a += 1ull << b2)
                e.m.map(g2, ste.s2ttb, a, a, 2, S2_RW);
            e.m.map(g2, ste.s2ttb, ipa_page, 0x2000000000ull, 3, S2_RW);
            e.m.map(g2, ste.s2ttb, ipa_blk, 0x3000000000ull, 2, S2_RW);
            ASSERT_LT(e.m.next, 0x10000000u + (16u << 20));
            const std::string tag = std::to_string(s1gs) + "x" + std::to_string(s2gs);
            auto r = e.read(1, va_page + 8);
            ASSERT_EQ(r.response, XlateResponse::OK) << tag << " type " << int(r.event.type);
            EXPECT_EQ(r.pa, 0x2000000008ull) << tag;
            EXPECT_EQ(r.range_bytes, p1 < p2 ? p1 : p2) << tag;
            const uint64_t off = (uint64_t{1} << (b1 < b2 ? b1 : b2)) - 8;
            r = e.read(1, va_blk + off);
            ASSERT_EQ(r.response, XlateResponse::OK) << tag << " type " << int(r.event.type);
            EXPECT_EQ(r.pa, 0x3000000000ull + off) << tag;
            EXPECT_EQ(r.range_bytes, uint64_t{1} << (b1 < b2 ? b1 : b2)) << tag;
        }
    }
}

TEST(SmmuXlateWalk, s2_blocks_for_16k_and_64k) {
    for (unsigned gs : {14u, 16u}) {
        Env e;
        SteSpec s;
        s.config = CFG_S2;
        Geo g = add_s2(e.m, s, gs, 24, 1);
        e.set_ste(1, s);
        const unsigned b = g.shift(2);
        e.m.map(g, s.s2ttb, 1ull << 36, 1ull << 37, 2, S2_RW);
        auto r = e.read(1, (1ull << 36) + (1ull << b) - 4);
        ASSERT_EQ(r.response, XlateResponse::OK) << gs;
        EXPECT_EQ(r.pa, (1ull << 37) + (1ull << b) - 4) << gs;
        EXPECT_EQ(r.range_bytes, 1ull << b) << gs;
    }
}

TEST(SmmuXlateWalk, tbi_ignores_the_top_byte_per_range) {
    Env e;
    CdSpec cd;
    uint64_t root = e.s1_stream(1, cd);  // TBI0 = 0
    e.m.map(s1_geo(12, 16), root, 0x1000, 0x81000, 3, S1_RW_ALL);
    EXPECT_EQ(e.read(1, 0x5A00000000001000ull).event.type, F_TRANSLATION);
    Env t;
    CdSpec tcd;
    Geo g = s1_geo(12, 16);
    uint64_t r = t.m.new_root(g);
    tcd.ttb0 = r;
    uint64_t w0 = tcd.encode()[0] | (1ull << 38);  // TBI[0]
    uint64_t cdaddr = t.put_cd(tcd);
    t.m.mem.poke64(cdaddr, w0);
    SteSpec s;
    s.ctx = cdaddr;
    t.set_ste(1, s);
    t.m.map(g, r, 0x1000, 0x81000, 3, S1_RW_ALL);
    auto x = t.read(1, 0x5A00000000001010ull);
    ASSERT_EQ(x.response, XlateResponse::OK);
    EXPECT_EQ(x.pa, 0x81010u);
    x = t.read(1, 0x7700000000001020ull);  // another tag: same TLB entry
    EXPECT_EQ(x.utlb_hits, 1u);
    EXPECT_EQ(x.pa, 0x81020u);
    EXPECT_EQ(t.read(1, 0x1030).utlb_hits, 1u);
    auto f = t.read(1, 0x5A00000000009000ull);  // unmapped: InputAddr keeps the tag
    EXPECT_EQ(f.event.input_addr, 0x5A00000000009000ull);
    t.inv(tlbi(CMD_TLBI_NH_VA, 0, 1, 0x1000).d0, tlbi(CMD_TLBI_NH_VA, 0, 1, 0x1000).d1);
    EXPECT_EQ(t.read(1, 0x5A00000000001010ull).tlb_misses, 1u);
}
