// Fault events: F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION, F_WALK_EABT at stage 1,
// stage 2 and nested (CLASS CD/TT/IN), records checked word by word; CD.R / STE.S2R; CD.A.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "xlate_builders.h"

using namespace xt;

namespace {

constexpr uint64_t D1_PNU = 1ull << 33, D1_IND = 1ull << 34, D1_RNW = 1ull << 35,
                   D1_S2 = 1ull << 39;
uint64_t d1_class(uint64_t c) {
    return c << 40;
}

struct S1 {
    Env e;
    Geo g = s1_geo(12, 16);
    uint64_t root = 0;
    explicit S1(CdSpec cd = {}) { root = e.s1_stream(4, cd); }
};

}  // namespace

TEST(SmmuXlateFault, translation_fault_record_word_by_word) {
    S1 s;
    auto r = s.e.access(4, 0x12345678, true, true, false, false, 0, 0);
    ASSERT_EQ(r.response, XlateResponse::ABORT);
    ASSERT_TRUE(r.has_event);
    auto d = r.event.encode();
    EXPECT_EQ(d[0], 0x10ull | (4ull << 32));
    EXPECT_EQ(d[1], D1_PNU | d1_class(CLASS_IN));  // write: RnW = 0
    EXPECT_EQ(d[2], 0x12345678u);
    EXPECT_EQ(d[3], 0u);
}

TEST(SmmuXlateFault, ssid_fault_record_carries_substream) {
    Env e;
    SteSpec s;
    s.cdmax = 4;
    Geo g = s1_geo(12, 16);
    uint64_t root = e.m.new_root(g);
    CdSpec cd;
    cd.ttb0 = root;
    uint64_t table = e.m.alloc(16 * 64, 64);
    e.put_cd(cd, table + 5 * 64);
    s.ctx = table;
    e.set_ste(4, s);
    auto r = e.access(4, 0x1000, false, false, true, true, 5);
    ASSERT_TRUE(r.has_event);
    auto d = r.event.encode();
    EXPECT_EQ(d[0], 0x10ull | (1ull << 11) | (5ull << 12) | (4ull << 32));
    EXPECT_EQ(d[1], D1_IND | D1_RNW | d1_class(CLASS_IN));
}

TEST(SmmuXlateFault, addr_size_fault_for_output_beyond_ips) {
    CdSpec cd;
    cd.ips = 2;  // 40 bits
    S1 s(cd);
    s.e.m.map(s.g, s.root, 0x1000, 1ull << 40, 3, S1_RW_ALL);
    auto r = s.e.read(4, 0x1000);
    EXPECT_EQ(r.event.type, F_ADDR_SIZE);
    EXPECT_FALSE(r.event.s2);
    s.e.m.map(s.g, s.root, 0x2000, (1ull << 40) - 0x1000, 3, S1_RW_ALL);
    EXPECT_EQ(s.e.read(4, 0x2000).response, XlateResponse::OK);
}

TEST(SmmuXlateFault, addr_size_fault_for_table_address_beyond_ips) {
    CdSpec cd;
    cd.ips = 0;  // 32 bits
    S1 s(cd);
    // The L0 descriptor points at a table above 4 GiB (arena is at 256 MiB: patch it).
    s.e.m.map(s.g, s.root, 0x1000, 0x2000, 3, S1_RW_ALL);
    uint64_t l0 = s.e.m.desc_addr(s.g, s.root, 0x1000, 0);
    s.e.m.mem.poke64(l0, (1ull << 33) | 3);
    auto r = s.e.read(4, 0x1000);
    EXPECT_EQ(r.event.type, F_ADDR_SIZE);
    EXPECT_EQ(r.walk_reads, 1u);
}

TEST(SmmuXlateFault, oas_clamps_ips) {
    CdSpec cd;
    cd.ips = 5;  // 48 bits requested, IDR5.OAS = 36 bits
    Env e;
    e.ctrl.idr5 = (e.ctrl.idr5 & ~7u) | 1;
    uint64_t root = e.s1_stream(4, cd);
    e.m.map(s1_geo(12, 16), root, 0x1000, 1ull << 36, 3, S1_RW_ALL);
    EXPECT_EQ(e.read(4, 0x1000).event.type, F_ADDR_SIZE);
}

TEST(SmmuXlateFault, access_flag_zero_faults_unless_affd) {
    {
        S1 s;
        s.e.m.map(s.g, s.root, 0x1000, 0x2000, 3, S1_RW_ALL & ~AF);
        auto r = s.e.read(4, 0x1000);
        EXPECT_EQ(r.event.type, F_ACCESS);
        EXPECT_EQ(s.e.t->occupancy().tlb, 0u);  // faults are not cached
    }
    {
        CdSpec cd;
        cd.affd = true;
        S1 s(cd);
        s.e.m.map(s.g, s.root, 0x1000, 0x2000, 3, S1_RW_ALL & ~AF);
        EXPECT_EQ(s.e.read(4, 0x1000).response, XlateResponse::OK);
    }
}

TEST(SmmuXlateFault, s1_permissions_ap_pxn_uxn_wxn) {
    S1 s;
    s.e.m.map(s.g, s.root, 0x1000, 0x11000, 3, S1_RO_ALL);
    s.e.m.map(s.g, s.root, 0x2000, 0x12000, 3, S1_RW_PRIV);
    s.e.m.map(s.g, s.root, 0x3000, 0x13000, 3, S1_RO_ALL | S1_UXN);
    s.e.m.map(s.g, s.root, 0x4000, 0x14000, 3, S1_RO_ALL | S1_PXN);
    s.e.m.map(s.g, s.root, 0x5000, 0x15000, 3, S1_RW_ALL);  // EL0-writable: never EL1-executable
    auto ok = [&](uint64_t va, bool w, bool priv, bool x) {
        return s.e.access(4, va, w, priv, x).response == XlateResponse::OK;
    };
    EXPECT_TRUE(ok(0x1000, false, false, false));
    EXPECT_FALSE(ok(0x1000, true, true, false));
    EXPECT_TRUE(ok(0x2000, true, true, false));
    EXPECT_FALSE(ok(0x2000, false, false, false));
    EXPECT_FALSE(ok(0x3000, false, false, true));
    EXPECT_TRUE(ok(0x3000, false, true, true));
    EXPECT_FALSE(ok(0x4000, false, true, true));
    EXPECT_TRUE(ok(0x4000, false, false, true));
    EXPECT_TRUE(ok(0x5000, false, false, true));
    EXPECT_FALSE(ok(0x5000, false, true, true));
    auto r = s.e.access(4, 0x1008, true, false);
    EXPECT_EQ(r.event.type, F_PERMISSION);
    auto d = r.event.encode();
    EXPECT_EQ(d[1], d1_class(CLASS_IN));
    EXPECT_EQ(d[2], 0x1008u);
    EXPECT_EQ(d[3], 0u);
}

TEST(SmmuXlateFault, wxn_makes_writable_memory_non_executable) {
    CdSpec cd;
    cd.wxn = true;
    S1 s(cd);
    s.e.m.map(s.g, s.root, 0x1000, 0x11000, 3, S1_RW_PRIV);
    s.e.m.map(s.g, s.root, 0x2000, 0x12000, 3, S1_RO_ALL);
    EXPECT_EQ(s.e.access(4, 0x1000, false, true, true).event.type, F_PERMISSION);
    EXPECT_EQ(s.e.access(4, 0x2000, false, true, true).response, XlateResponse::OK);
}

TEST(SmmuXlateFault, table_attributes_restrict_later_levels) {
    S1 s;
    const uint64_t APTABLE_RO = 1ull << 62, APTABLE_NOUSER = 1ull << 61;
    s.e.m.map(s.g, s.root, 0x8000000000, 0x11000, 3, S1_RW_ALL, APTABLE_RO);
    s.e.m.map(s.g, s.root, 0x10000000000, 0x12000, 3, S1_RW_ALL, APTABLE_NOUSER);
    EXPECT_EQ(s.e.access(4, 0x8000000000, true, true).event.type, F_PERMISSION);
    EXPECT_EQ(s.e.access(4, 0x8000000000, false, false).response, XlateResponse::OK);
    EXPECT_EQ(s.e.access(4, 0x10000000000, false, false).event.type, F_PERMISSION);
    EXPECT_EQ(s.e.access(4, 0x10000000000, true, true).response, XlateResponse::OK);
}

TEST(SmmuXlateFault, permission_checked_again_on_tlb_hit) {
    S1 s;
    s.e.m.map(s.g, s.root, 0x1000, 0x11000, 3, S1_RO_ALL);
    EXPECT_EQ(s.e.read(4, 0x1000).response, XlateResponse::OK);
    auto r = s.e.access(4, 0x1000, true, false);
    EXPECT_EQ(r.utlb_hits, 1u);
    EXPECT_EQ(r.event.type, F_PERMISSION);
}

TEST(SmmuXlateFault, cd_r_0_suppresses_record_and_cd_a_0_gives_raz_wi) {
    CdSpec cd;
    cd.r = false;
    cd.a = false;
    S1 s(cd);
    auto r = s.e.read(4, 0x1000);
    EXPECT_EQ(r.response, XlateResponse::RAZ_WI);
    EXPECT_FALSE(r.has_event);
    EXPECT_EQ(r.event.type, F_TRANSLATION);  // decoded but not recorded
    // External aborts are always recorded.
    s.e.m.map(s.g, s.root, 0x1000, 0x11000, 3, S1_RW_ALL);
    uint64_t l3 = s.e.m.desc_addr(s.g, s.root, 0x2000, 3);
    s.e.m.mem.inject_fault(l3, l3 + 7);
    r = s.e.read(4, 0x2000);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_TRUE(r.has_event);
    EXPECT_EQ(r.event.type, F_WALK_EABT);
    EXPECT_EQ(r.event.addr2, l3 & gsim::mask(51, 3));
    EXPECT_EQ(r.event.cls, CLASS_IN);
}

struct S2Only {
    Env e;
    SteSpec ste;
    Geo g;
    explicit S2Only(bool s2r = true, uint8_t s2ps = 5) {
        ste.config = CFG_S2;
        ste.s2r = s2r;
        ste.s2ps = s2ps;
        g = add_s2(e.m, ste, 12, 24, 1);
        e.set_ste(2, ste);
    }
};

TEST(SmmuXlateFault, s2_permission_fault_record_word_by_word) {
    S2Only s;
    s.e.m.map(s.g, s.ste.s2ttb, 0x7000, 0x17000, 3, S2_RO);
    s.e.m.map(s.g, s.ste.s2ttb, 0x8000, 0x18000, 3, S2_WO);
    EXPECT_EQ(s.e.read(2, 0x7000).response, XlateResponse::OK);
    EXPECT_EQ(s.e.access(2, 0x8000, true).response, XlateResponse::OK);
    EXPECT_EQ(s.e.read(2, 0x8000).event.type, F_PERMISSION);
    auto r = s.e.access(2, 0x7010, true);
    ASSERT_TRUE(r.has_event);
    auto d = r.event.encode();
    EXPECT_EQ(d[0], 0x13ull | (2ull << 32));
    EXPECT_EQ(d[1], D1_S2 | d1_class(CLASS_IN));
    EXPECT_EQ(d[2], 0x7010u);
    EXPECT_EQ(d[3], 0x7000u);
}

TEST(SmmuXlateFault, s2_xn_with_xnx) {
    S2Only s;
    s.e.m.map(s.g, s.ste.s2ttb, 0x1000, 0x11000, 3, S2_RW | (1ull << 53));  // XN = 01: EL1 no
    s.e.m.map(s.g, s.ste.s2ttb, 0x2000, 0x12000, 3, S2_RW | (2ull << 53));  // XN = 10: none
    EXPECT_EQ(s.e.access(2, 0x1000, false, true, true).event.type, F_PERMISSION);
    EXPECT_EQ(s.e.access(2, 0x1000, false, false, true).response, XlateResponse::OK);
    EXPECT_EQ(s.e.access(2, 0x2000, false, false, true).event.type, F_PERMISSION);
}

TEST(SmmuXlateFault, s2_access_flag_and_addr_size_and_s2r) {
    S2Only s(true, 1);  // S2PS 36 bits
    s.e.m.map(s.g, s.ste.s2ttb, 0x1000, 0x11000, 3, S2_RW & ~AF);
    s.e.m.map(s.g, s.ste.s2ttb, 0x2000, 1ull << 36, 3, S2_RW);
    auto r = s.e.read(2, 0x1000);
    EXPECT_EQ(r.event.type, F_ACCESS);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.addr2, 0x1000u);
    r = s.e.read(2, 0x2000);
    EXPECT_EQ(r.event.type, F_ADDR_SIZE);
    EXPECT_TRUE(r.event.s2);
    S2Only q(false);
    r = q.e.read(2, 0x5000);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_FALSE(r.has_event);
}

TEST(SmmuXlateFault, s2_walk_external_abort) {
    S2Only s;
    s.e.m.map(s.g, s.ste.s2ttb, 0x1000, 0x11000, 3, S2_RW);
    uint64_t l3 = s.e.m.desc_addr(s.g, s.ste.s2ttb, 0x1000, 3);
    s.e.m.mem.inject_fault(l3, l3 + 7, gsim::MemStatus::DECODE_ERROR);
    auto r = s.e.read(2, 0x1000);
    EXPECT_EQ(r.event.type, F_WALK_EABT);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.addr2, l3);
}

// Nested: faults while translating S1 table addresses (CLASS = TT) and the CD (CLASS = CD).
struct NestedF {
    Env e;
    SteSpec ste;
    Geo g2, g1 = s1_geo(12, 16);
    uint64_t s1root = 0, cd_ipa = 0;
    NestedF() {
        ste.config = CFG_NESTED;
        g2 = add_s2(e.m, ste, 12, 24, 1);
        s1root = e.m.new_root(g1);
        CdSpec cd;
        cd.ttb0 = s1root;
        cd_ipa = e.put_cd(cd);
        ste.ctx = cd_ipa;
        e.set_ste(1, ste);
    }
    void map_identity(uint64_t a) { e.m.map(g2, ste.s2ttb, a, a, 3, S2_RW); }
};

TEST(SmmuXlateFault, nested_cd_fetch_s2_fault_is_class_cd) {
    NestedF n;  // nothing mapped at stage 2
    auto r = n.e.read(1, 0x1000);
    ASSERT_TRUE(r.has_event);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.cls, CLASS_CD);
    EXPECT_EQ(r.event.addr2, n.cd_ipa & gsim::mask(51, 12));
    EXPECT_EQ(r.event.input_addr, 0x1000u);
}

TEST(SmmuXlateFault, nested_table_fetch_s2_fault_is_class_tt) {
    NestedF n;
    n.map_identity(n.cd_ipa & ~0xfffull);
    auto r = n.e.read(1, 0x1000);  // S1 root not mapped at stage 2
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.cls, CLASS_TT);
    EXPECT_EQ(r.event.addr2, n.s1root & gsim::mask(51, 12));
    // Stage 2 without read permission on the S1 table: F_PERMISSION, CLASS = TT.
    n.e.m.map(n.g2, n.ste.s2ttb, n.s1root, n.s1root, 3, S2_WO);
    n.e.t->invalidate(tlbi(CMD_TLBI_NSNH_ALL, 0, 0), n.e.ctrl);
    r = n.e.read(1, 0x1000);
    EXPECT_EQ(r.event.type, F_PERMISSION);
    EXPECT_EQ(r.event.cls, CLASS_TT);
}

TEST(SmmuXlateFault, nested_output_s2_fault_is_class_in_with_ipa) {
    NestedF n;
    n.e.m.map(n.g1, n.s1root, 0x5000, 0x40005000, 3, S1_RW_ALL);
    for (uint64_t a = 0x10000000; a < n.e.m.next; a += 0x1000) n.map_identity(a);
    auto r = n.e.read(1, 0x5008);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_TRUE(r.event.s2);
    EXPECT_EQ(r.event.cls, CLASS_IN);
    EXPECT_EQ(r.event.addr2, 0x40005000u);
    EXPECT_EQ(r.event.input_addr, 0x5008u);
    // A stage-1 fault in the same nested stream is S2 = 0.
    r = n.e.read(1, 0x9000);
    EXPECT_EQ(r.event.type, F_TRANSLATION);
    EXPECT_FALSE(r.event.s2);
}

TEST(SmmuXlateFault, ttb_beyond_ips_is_addr_size_fault_before_any_read) {
    Env e;
    CdSpec cd;
    cd.ips = 0;  // 32 bits
    cd.ttb0 = 1ull << 34;
    SteSpec s;
    s.ctx = e.put_cd(cd);
    e.set_ste(4, s);
    auto r = e.read(4, 0x1000);
    EXPECT_EQ(r.event.type, F_ADDR_SIZE);
    EXPECT_EQ(r.walk_reads, 0u);
}

TEST(SmmuXlateFault, nested_stage1_descriptor_abort_is_stage1_walk_eabt) {
    NestedF n;
    for (uint64_t a = 0x10000000; a < n.e.m.next + 0x2000; a += 0x1000) n.map_identity(a);
    n.e.m.map(n.g1, n.s1root, 0x5000, 0x40005000, 3, S1_RW_ALL);
    for (uint64_t a = 0x10000000; a < n.e.m.next + 0x2000; a += 0x1000) n.map_identity(a);
    uint64_t l3 = n.e.m.desc_addr(n.g1, n.s1root, 0x5000, 3);
    n.e.m.mem.inject_fault(l3, l3 + 7);
    auto r = n.e.read(1, 0x5000);
    ASSERT_TRUE(r.has_event);
    EXPECT_EQ(r.event.type, F_WALK_EABT);
    EXPECT_FALSE(r.event.s2);
    EXPECT_EQ(r.event.addr2, l3);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
}

TEST(SmmuXlateFault, ste_privcfg_and_instcfg_override_incoming_attributes) {
    Env e;
    SteSpec s;
    s.privcfg = 3;  // privileged
    s.instcfg = 3;  // instruction
    uint64_t root = e.s1_stream(4, {}, s);
    Geo g = s1_geo(12, 16);
    e.m.map(g, root, 0x1000, 0x11000, 3, S1_RW_PRIV);            // EL1 only
    e.m.map(g, root, 0x2000, 0x12000, 3, S1_RO_ALL | S1_PXN);    // not EL1-executable
    EXPECT_EQ(e.access(4, 0x1000, true, false).response, XlateResponse::OK);
    auto r = e.access(4, 0x2000, false, false, false);  // a data read, forced to instruction
    EXPECT_EQ(r.event.type, F_PERMISSION);
    EXPECT_TRUE(r.event.pnu);
    EXPECT_TRUE(r.event.ind);
    s.privcfg = 2;  // unprivileged
    s.instcfg = 2;  // data
    root = e.s1_stream(5, {}, s);
    e.m.map(g, root, 0x1000, 0x11000, 3, S1_RW_PRIV);
    EXPECT_EQ(e.access(5, 0x1000, false, true).event.type, F_PERMISSION);
}

// Exact 32-byte records for one instance of every translation-side event.
TEST(SmmuXlateFault, every_event_record_word_by_word) {
    struct Expect {
        const char* name;
        XlateResult r;
        std::array<uint64_t, 4> d;
    };
    std::vector<Expect> cases;
    {  // F_ADDR_SIZE, stage 1, privileged instruction fetch
        CdSpec cd;
        cd.ips = 2;
        S1 s(cd);
        s.e.m.map(s.g, s.root, 0x3000, 1ull << 41, 3, S1_RW_ALL);
        cases.push_back({"F_ADDR_SIZE", s.e.access(4, 0x3008, false, true, true),
                         {0x11ull | (4ull << 32), D1_PNU | D1_IND | D1_RNW | d1_class(CLASS_IN),
                          0x3008, 0}});
    }
    {  // F_ACCESS, stage 1, write
        S1 s;
        s.e.m.map(s.g, s.root, 0x3000, 0x5000, 3, S1_RW_ALL & ~AF);
        cases.push_back({"F_ACCESS", s.e.access(4, 0x3010, true),
                         {0x12ull | (4ull << 32), d1_class(CLASS_IN), 0x3010, 0}});
    }
    {  // F_WALK_EABT, stage 1, FetchAddr in D3
        S1 s;
        uint64_t l0 = s.root;  // L0 entry 0
        s.e.m.mem.inject_fault(l0, l0 + 7);
        cases.push_back({"F_WALK_EABT", s.e.read(4, 0x20),
                         {0x0Bull | (4ull << 32), D1_RNW | d1_class(CLASS_IN), 0x20, l0}});
    }
    {  // F_TRANSLATION at stage 2 while fetching a nested stage-1 table: CLASS = TT
        NestedF n;
        n.map_identity(n.cd_ipa & ~0xfffull);
        cases.push_back({"F_TRANSLATION S2 TT", n.e.read(1, 0x40),
                         {0x10ull | (1ull << 32), D1_RNW | D1_S2 | d1_class(CLASS_TT), 0x40,
                          n.s1root & gsim::mask(51, 12)}});
    }
    {  // C_BAD_SUBSTREAMID with SSV
        Env e;
        SteSpec s;
        s.cdmax = 1;
        e.s1_stream(3, {}, s);
        cases.push_back({"C_BAD_SUBSTREAMID", e.ssid_read(3, 7, 0x1000),
                         {0x08ull | (1ull << 11) | (7ull << 12) | (3ull << 32), 0, 0, 0}});
    }
    {  // F_CD_FETCH: FetchAddr[51:3]
        Env e;
        SteSpec s;
        s.ctx = 0x7000c0;
        e.set_ste(2, s);
        e.m.mem.inject_fault(0x7000c0, 0x7000ff);
        cases.push_back({"F_CD_FETCH", e.read(2, 0x1000), {0x09ull | (2ull << 32), 0, 0, 0x7000c0}});
    }
    {  // F_STREAM_DISABLED
        Env e;
        SteSpec s;
        s.cdmax = 1;
        e.s1_stream(5, {}, s);
        cases.push_back({"F_STREAM_DISABLED", e.read(5, 0x1000), {0x06ull | (5ull << 32), 0, 0, 0}});
    }
    {  // F_BAD_ATS_TREQ
        Env e;
        e.s1_stream(6);
        XlateRequest q;
        q.sid = 6;
        q.iova = 0x4000;
        q.ats_request = true;
        cases.push_back({"F_BAD_ATS_TREQ", e.t->translate(q, e.ctrl),
                         {0x05ull | (6ull << 32), D1_RNW, 0x4000, 0}});
    }
    for (const auto& c : cases) {
        EXPECT_TRUE(c.r.has_event) << c.name;
        EXPECT_EQ(c.r.event.encode(), c.d) << c.name;
    }
}
