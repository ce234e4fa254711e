// Configuration side of the Translator: GBPA, stream tables, STE and CD checks, S1DSS,
// substreams, ATS checks (spec/smmuv3.md A.7-A.9, B.7 #3, #4, #12).
#include <gtest/gtest.h>

#include "smmuv3/core/stream_table.h"
#include "xlate_builders.h"

using namespace xt;

namespace {

// Map VA 0x1000 -> PA 0x80001000 for stream `sid` (S1, 4K) and return the env.
void basic_s1(Env& e, uint32_t sid, CdSpec cd = {}, SteSpec ste = {}) {
    uint64_t root = e.s1_stream(sid, cd, ste);
    e.m.map(s1_geo(12, cd.t0sz), root, 0x1000, 0x80001000, 3, S1_RW_ALL);
}

}  // namespace

TEST(SmmuXlateConfig, smmuen_0_follows_gbpa_abort_or_bypass) {
    Env e;
    e.ctrl.smmuen = false;
    e.ctrl.gbpa = 1u << 20;
    auto r = e.read(1, 0x1234);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_FALSE(r.has_event);
    e.ctrl.gbpa = 0x1000;
    r = e.read(1, 0x1234);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x1234u);
    EXPECT_EQ(e.m.mem.reads, 0u);
}

TEST(SmmuXlateConfig, ste_config_abort_is_silent_and_bypass_passes_through) {
    Env e;
    SteSpec s;
    s.config = CFG_ABORT;
    e.set_ste(3, s);
    auto r = e.read(3, 0x5000);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_FALSE(r.has_event);
    s.config = CFG_BYPASS;
    e.set_ste(4, s);
    r = e.read(4, 0xdead000);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0xdead000u);
}

TEST(SmmuXlateConfig, s1_translation_returns_pa_and_fills_counts) {
    Env e;
    basic_s1(e, 5);
    auto r = e.read(5, 0x1abc);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x80001abcu);
    EXPECT_EQ(r.tlb_misses, 1u);
    EXPECT_EQ(r.cfg_misses, 2u);  // STE and CD
    EXPECT_EQ(r.cfg_reads, 2u);   // STE and CD reads
    EXPECT_EQ(r.walk_reads, 4u);  // L0..L3
    EXPECT_EQ(r.mem_latency_ps, 6u * 100000u);
    EXPECT_GT(r.lookup_cycles, 0u);
    EXPECT_FALSE(r.has_event);
}

TEST(SmmuXlateConfig, invalid_streamid_records_c_bad_streamid_only_with_recinvsid) {
    Env e;
    auto r = e.read(256, 0);  // LOG2SIZE = 8
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    ASSERT_TRUE(r.has_event);
    EXPECT_EQ(r.event.type, C_BAD_STREAMID);
    EXPECT_EQ(r.event.stream_id, 256u);
    e.ctrl.cr2 = 0;
    r = e.read(300, 0);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_FALSE(r.has_event);
}

TEST(SmmuXlateConfig, log2size_is_clamped_to_sidsize) {
    Env e;
    e.ctrl.strtab_base_cfg = 20;
    e.ctrl.idr1 = (e.ctrl.idr1 & ~0x3fu) | 4;  // SIDSIZE 4
    SteSpec s;
    s.config = CFG_BYPASS;
    e.set_ste(15, s);
    EXPECT_EQ(e.read(15, 0).response, XlateResponse::OK);
    EXPECT_EQ(e.read(16, 0).event.type, C_BAD_STREAMID);
}

// Each STE mutation must give C_BAD_STE.
TEST(SmmuXlateConfig, every_ste_check_gives_c_bad_ste) {
    struct Case {
        const char* name;
        void (*mut)(SteSpec&, ControlState&);
    };
    const Case cases[] = {
        {"V=0", [](SteSpec& s, ControlState&) { s.v = false; }},
        {"Config=1", [](SteSpec& s, ControlState&) { s.config = 1; }},
        {"Config=2", [](SteSpec& s, ControlState&) { s.config = 2; }},
        {"Config=3", [](SteSpec& s, ControlState&) { s.config = 3; }},
        {"S1 without S1P", [](SteSpec&, ControlState& c) { c.idr0 &= ~2u; }},
        {"S2 without S2P",
         [](SteSpec& s, ControlState& c) {
             s.config = CFG_S2;
             c.idr0 &= ~1u;
         }},
        {"S1Fmt=3",
         [](SteSpec& s, ControlState&) {
             s.cdmax = 2;
             s.s1fmt = 3;
         }},
        {"2L CD without CD2L",
         [](SteSpec& s, ControlState& c) {
             s.cdmax = 2;
             s.s1fmt = 1;
             c.idr0 &= ~(1u << 19);
         }},
        {"S1CDMax>SSIDSIZE",
         [](SteSpec& s, ControlState& c) {
             s.cdmax = 5;
             c.idr1 = 16u | (4u << 6);
         }},
        {"S1DSS=3",
         [](SteSpec& s, ControlState&) {
             s.cdmax = 2;
             s.s1dss = 3;
         }},
        {"ctx ptr > OAS",
         [](SteSpec& s, ControlState& c) {
             c.idr5 = (c.idr5 & ~7u) | 2;
             s.ctx = 1ull << 41;
         }},
        {"EATS=3", [](SteSpec& s, ControlState&) { s.eats = 3; }},
        {"EATS without ATS",
         [](SteSpec& s, ControlState& c) {
             s.eats = 1;
             c.idr0 &= ~(1u << 10);
         }},
        {"EATS=2 not nested", [](SteSpec& s, ControlState&) { s.eats = 2; }},
        {"STRW=1", [](SteSpec& s, ControlState&) { s.strw = 1; }},
        {"STRW=EL2 without HYP",
         [](SteSpec& s, ControlState& c) {
             s.strw = 2;
             c.idr0 &= ~(1u << 9);
         }},
        {"STRW=EL2 with S2",
         [](SteSpec& s, ControlState&) {
             s.strw = 2;
             s.config = CFG_NESTED;
         }},
        {"S2AA64=0",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2aa64 = false;
         }},
        {"S2ENDI=1 on LE",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2endi = true;
         }},
        {"S2TG=3",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2tg = 3;
         }},
        {"S2TG 16K unsupported",
         [](SteSpec& s, ControlState& c) {
             s.config = CFG_S2;
             s.s2tg = 2;
             c.idr5 &= ~(1u << 5);
         }},
        {"S2T0SZ=15",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2t0sz = 15;
         }},
        {"S2T0SZ=40",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2t0sz = 40;
         }},
        {"S2SL0=3 4K",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2sl0 = 3;
         }},
        {"S2SL0 needs >16 concat",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2t0sz = 16;
             s.s2sl0 = 0;
         }},
        {"S2SL0 too deep",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2t0sz = 39;
             s.s2sl0 = 2;
         }},
        {"S2SL0=2 64K",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2tg = 1;
             s.s2sl0 = 2;
         }},
        {"S2TTB > S2PS",
         [](SteSpec& s, ControlState&) {
             s.config = CFG_S2;
             s.s2ps = 0;
             s.s2ttb = 1ull << 33;
         }},
        {"S2S with terminate model",
         [](SteSpec& s, ControlState& c) {
             s.config = CFG_S2;
             s.s2s = true;
             c.idr0 |= 1u << 24;
         }},
    };
    for (const auto& tc : cases) {
        Env e;
        SteSpec s;
        s.ctx = 0x200000;
        s.s2ttb = 0x300000;
        tc.mut(s, e.ctrl);
        e.set_ste(7, s);
        auto r = e.read(7, 0x1000);
        EXPECT_EQ(r.response, XlateResponse::ABORT) << tc.name;
        EXPECT_TRUE(r.has_event) << tc.name;
        EXPECT_EQ(r.event.type, C_BAD_STE) << tc.name;
        EXPECT_EQ(r.event.stream_id, 7u) << tc.name;
        EXPECT_EQ(e.t->occupancy().ste, 0u) << tc.name << ": a bad STE must not be cached";
    }
}

TEST(SmmuXlateConfig, c_bad_ste_record_is_exact) {
    Env e;
    SteSpec s;
    s.v = false;
    e.set_ste(9, s);
    auto r = e.read(9, 0x1234);
    auto d = r.event.encode();
    EXPECT_EQ(d[0], 0x04ull | (9ull << 32));
    EXPECT_EQ(d[1], 0u);
    EXPECT_EQ(d[2], 0u);
    EXPECT_EQ(d[3], 0u);
}

TEST(SmmuXlateConfig, ste_w1_fields_decode_at_spec_offsets) {  // B.7 #12
    std::array<uint64_t, 8> w{};
    w[0] = 1 | (5u << 1);
    w[1] = 2u | (1ull << 28) | (2ull << 30);
    IdRegs id = IdRegs::from(default_ctrl());
    Ste s;
    ASSERT_EQ(Ste::decode(w, id, s), SteError::NONE);
    EXPECT_EQ(s.s1dss, 2u);
    EXPECT_EQ(s.eats, 1u);
    EXPECT_EQ(s.strw, 2u);
    w[1] = 3ull << 28;  // EATS 0b11 is reserved
    EXPECT_EQ(Ste::decode(w, id, s), SteError::EATS);
}

TEST(SmmuXlateConfig, ste_fetch_abort_gives_f_ste_fetch_with_fetch_addr) {
    Env e;
    e.m.mem.inject_fault(0x100000 + 6 * 64, 0x100000 + 6 * 64 + 63);
    auto r = e.read(6, 0);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    ASSERT_TRUE(r.has_event);
    EXPECT_EQ(r.event.type, F_STE_FETCH);
    EXPECT_EQ(r.event.addr2, 0x100000u + 6 * 64);
}

// Two-level stream table: L1 at base, leaf for SID>>SPLIT.
struct TwoLevel {
    Env e;
    uint64_t l2 = 0x400000;
    void setup(unsigned split, unsigned span, uint32_t sid, uint64_t cfg_extra = 0) {
        e.ctrl.strtab_base_cfg = 16 | (split << 6) | (1u << 16) | uint32_t(cfg_extra);
        e.m.mem.poke64(e.ctrl.strtab_base + (sid >> split) * 8, l2 | span);
        SteSpec s;
        s.config = CFG_BYPASS;
        e.m.write_words(l2 + (sid & ((1u << split) - 1)) * 64ull, s.encode());
    }
};

TEST(SmmuXlateConfig, two_level_stream_table_accepts_split_6_8_10) {  // B.7 #3
    for (unsigned split : {6u, 8u, 10u}) {
        TwoLevel t;
        uint32_t sid = (3u << split) | 5u;
        t.setup(split, split + 1, sid);
        auto r = t.e.read(sid, 0x7000);
        EXPECT_EQ(r.response, XlateResponse::OK) << split;
        EXPECT_EQ(r.cfg_reads, 2u) << "L1 descriptor + STE";
    }
}

TEST(SmmuXlateConfig, two_level_stream_table_reserved_split_gives_c_bad_ste) {
    for (unsigned split : {5u, 7u, 9u, 11u, 16u}) {
        TwoLevel t;
        t.setup(split, 2, 1);
        auto r = t.e.read(1, 0);
        EXPECT_EQ(r.response, XlateResponse::ABORT) << split;
        EXPECT_EQ(r.event.type, C_BAD_STE) << split;
        EXPECT_FALSE(StreamTable::legal_split(split));
    }
}

TEST(SmmuXlateConfig, span_covers_two_to_span_minus_one_stes) {  // B.7 #3
    TwoLevel t;
    t.setup(8, 3, (2u << 8) | 3);  // SPAN 3: 4 STEs (indices 0..3)
    EXPECT_EQ(t.e.read((2u << 8) | 3, 0).response, XlateResponse::OK);
    auto r = t.e.read((2u << 8) | 4, 0);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_EQ(r.event.type, C_BAD_STREAMID);
}

TEST(SmmuXlateConfig, span_zero_or_above_split_plus_one_is_bad_streamid) {
    for (unsigned span : {0u, 10u, 12u}) {
        TwoLevel t;
        t.setup(8, span, 1);
        auto r = t.e.read(1, 0);
        EXPECT_EQ(r.event.type, C_BAD_STREAMID) << span;
    }
}

TEST(SmmuXlateConfig, l1_std_fetch_abort_gives_f_ste_fetch) {
    TwoLevel t;
    t.setup(8, 9, 0x305);
    t.e.m.mem.inject_fault(0x100000 + 3 * 8, 0x100000 + 3 * 8 + 7);
    auto r = t.e.read(0x305, 0);
    EXPECT_EQ(r.event.type, F_STE_FETCH);
    EXPECT_EQ(r.event.addr2, 0x100000u + 24);
}

TEST(SmmuXlateConfig, every_cd_check_gives_c_bad_cd) {
    struct Case {
        const char* name;
        void (*mut)(CdSpec&, ControlState&);
    };
    const Case cases[] = {
        {"V=0", [](CdSpec& c, ControlState&) { c.v = false; }},
        {"AA64=0", [](CdSpec& c, ControlState&) { c.aa64 = false; }},
        {"ENDI=1 on LE", [](CdSpec& c, ControlState&) { c.endi = true; }},
        {"T0SZ=15", [](CdSpec& c, ControlState&) { c.t0sz = 15; }},
        {"T0SZ=40", [](CdSpec& c, ControlState&) { c.t0sz = 40; }},
        {"TG0=3", [](CdSpec& c, ControlState&) { c.tg0 = 3; }},
        {"TG0 16K unsupported",
         [](CdSpec& c, ControlState& s) {
             c.tg0 = 2;
             s.idr5 &= ~(1u << 5);
         }},
        {"TG1=0 with EPD1=0",
         [](CdSpec& c, ControlState&) {
             c.epd1 = false;
             c.tg1 = 0;
         }},
        {"T1SZ=12 with EPD1=0",
         [](CdSpec& c, ControlState&) {
             c.epd1 = false;
             c.t1sz = 12;
         }},
        {"S=1 terminate model",
         [](CdSpec& c, ControlState& s) {
             c.s = true;
             s.idr0 |= 1u << 24;
         }},
    };
    for (const auto& tc : cases) {
        Env e;
        CdSpec cd;
        cd.ttb0 = 0x500000;
        tc.mut(cd, e.ctrl);
        SteSpec s;
        s.ctx = e.put_cd(cd);
        e.set_ste(2, s);
        auto r = e.read(2, 0x1000);
        EXPECT_EQ(r.response, XlateResponse::ABORT) << tc.name;
        EXPECT_EQ(r.event.type, C_BAD_CD) << tc.name;
        EXPECT_EQ(e.t->occupancy().cd, 0u) << tc.name;
    }
}

TEST(SmmuXlateConfig, cd_fetch_abort_gives_f_cd_fetch) {
    Env e;
    SteSpec s;
    s.ctx = 0x600040;
    e.set_ste(2, s);
    e.m.mem.inject_fault(0x600040, 0x60007f);
    auto r = e.read(2, 0x1000);
    EXPECT_EQ(r.event.type, F_CD_FETCH);
    EXPECT_EQ(r.event.addr2, 0x600040u);
}

TEST(SmmuXlateConfig, two_level_cd_tables_hold_64_and_1024_cds) {  // B.7 #4
    for (uint8_t fmt : {uint8_t(1), uint8_t(2)}) {
        Env e;
        const unsigned split = fmt == 1 ? 6 : 10;
        const uint32_t ssid = (2u << split) | 37u;
        Geo g = s1_geo(12, 16);
        uint64_t root = e.m.new_root(g);
        e.m.map(g, root, 0x2000, 0x90002000, 3, S1_RW_ALL);
        CdSpec cd;
        cd.ttb0 = root;
        uint64_t l1 = 0x700000, leaf = 0x800000;
        e.m.mem.poke64(l1 + 2 * 8, leaf | 1);
        e.put_cd(cd, leaf + 37 * 64);
        SteSpec s;
        s.ctx = l1;
        s.cdmax = 16;
        s.s1fmt = fmt;
        e.set_ste(1, s);
        auto r = e.ssid_read(1, ssid, 0x2010);
        EXPECT_EQ(r.response, XlateResponse::OK) << int(fmt);
        EXPECT_EQ(r.pa, 0x90002010u);
        // Same leaf index in the other L1 slot is invalid: C_BAD_SUBSTREAMID.
        r = e.ssid_read(1, (3u << split) | 37u, 0x2010);
        EXPECT_EQ(r.event.type, C_BAD_SUBSTREAMID) << int(fmt);
    }
}

TEST(SmmuXlateConfig, ssid_beyond_s1cdmax_is_bad_substreamid) {
    Env e;
    SteSpec s;
    s.cdmax = 2;
    e.s1_stream(1, {}, s);
    auto r = e.ssid_read(1, 4, 0);
    EXPECT_EQ(r.event.type, C_BAD_SUBSTREAMID);
    EXPECT_TRUE(r.event.ssv);
    EXPECT_EQ(r.event.substream_id, 4u);
}

TEST(SmmuXlateConfig, ssid_traffic_on_stream_without_stage1_is_bad_substreamid) {
    Env e;
    SteSpec s;
    s.config = CFG_BYPASS;
    e.set_ste(1, s);
    EXPECT_EQ(e.ssid_read(1, 1, 0).event.type, C_BAD_SUBSTREAMID);
    s.cdmax = 0;
    s.config = CFG_S1;
    e.s1_stream(2, {}, s);
    EXPECT_EQ(e.ssid_read(2, 0, 0).event.type, C_BAD_SUBSTREAMID);
}

TEST(SmmuXlateConfig, s1dss_selects_terminate_bypass_or_cd0) {
    for (uint8_t dss : {uint8_t(0), uint8_t(1), uint8_t(2)}) {
        Env e;
        Geo g = s1_geo(12, 16);
        uint64_t root = e.m.new_root(g);
        e.m.map(g, root, 0x3000, 0xA0003000, 3, S1_RW_ALL);
        CdSpec cd;
        cd.ttb0 = root;
        uint64_t table = e.m.alloc(4 * 64, 64);
        e.put_cd(cd, table);  // CD 0
        SteSpec s;
        s.ctx = table;
        s.cdmax = 2;
        s.s1dss = dss;
        e.set_ste(1, s);
        auto r = e.read(1, 0x3008);
        if (dss == 0) {
            EXPECT_EQ(r.response, XlateResponse::ABORT);
            EXPECT_EQ(r.event.type, F_STREAM_DISABLED);
        } else if (dss == 1) {
            EXPECT_EQ(r.response, XlateResponse::OK);
            EXPECT_EQ(r.pa, 0x3008u);
        } else {
            EXPECT_EQ(r.response, XlateResponse::OK);
            EXPECT_EQ(r.pa, 0xA0003008u);
            // With S1DSS = substream0, SSID 0 itself is reserved.
            EXPECT_EQ(e.ssid_read(1, 0, 0x3008).event.type, C_BAD_SUBSTREAMID);
        }
    }
}

TEST(SmmuXlateConfig, ats_request_on_stream_without_eats_is_bad_ats_treq) {
    Env e;
    basic_s1(e, 1);
    XlateRequest q;
    q.sid = 1;
    q.iova = 0x1000;
    q.ats_request = true;
    auto r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_EQ(r.event.type, F_BAD_ATS_TREQ);
    SteSpec s;
    s.eats = 1;
    basic_s1(e, 2, {}, s);
    q.sid = 2;
    r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x80001000u);
    EXPECT_TRUE(r.perm_r);
    EXPECT_EQ(r.range_bytes, 4096u);
}

TEST(SmmuXlateConfig, translated_transaction_checked_only_with_atschk) {
    Env e;
    basic_s1(e, 1);
    XlateRequest q;
    q.sid = 1;
    q.iova = 0x123456000;
    q.ats_translated = true;
    auto r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::OK);  // ATSCHK = 0: passes untranslated
    EXPECT_EQ(r.pa, 0x123456000u);
    e.ctrl.atschk = true;
    r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_EQ(r.event.type, F_TRANSL_FORBIDDEN);
    SteSpec s;
    s.eats = 1;
    basic_s1(e, 3, {}, s);
    q.sid = 3;
    r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x123456000u);
}

TEST(SmmuXlateConfig, ats_request_fault_completes_without_rights_and_is_not_recorded) {
    Env e;
    SteSpec s;
    s.eats = 1;
    basic_s1(e, 2, {}, s);
    XlateRequest q;
    q.sid = 2;
    q.iova = 0x9000;  // unmapped
    q.ats_request = true;
    auto r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_FALSE(r.perm_r);
    EXPECT_FALSE(r.perm_w);
    EXPECT_FALSE(r.has_event);
    // Configuration errors are recorded for ordinary transactions only.
    SteSpec bad;
    bad.v = false;
    e.set_ste(3, bad);
    q.sid = 3;
    r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_FALSE(r.has_event);
    EXPECT_TRUE(e.read(3, 0x9000).has_event);
    // ATS is invalid while the SMMU is bypassed (SMMUEN = 0).
    e.ctrl.smmuen = false;
    q.sid = 2;
    EXPECT_EQ(e.t->translate(q, e.ctrl).response, XlateResponse::ABORT);
}

TEST(SmmuXlateConfig, ats_request_reports_write_permission_and_range) {
    Env e;
    SteSpec s;
    s.eats = 1;
    uint64_t root = e.s1_stream(2, {}, s);
    e.m.map(s1_geo(12, 16), root, 0x200000, 0x40000000, 2, S1_RO_ALL);
    XlateRequest q;
    q.sid = 2;
    q.iova = 0x200000;
    q.ats_request = true;
    auto r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0x40000000u);
    EXPECT_TRUE(r.perm_r);
    EXPECT_FALSE(r.perm_w);
    EXPECT_EQ(r.range_bytes, 2u << 20);
    EXPECT_EQ(r.utlb_hits, 0u);  // ATS requests do not use the micro-TLB
}

TEST(SmmuXlateConfig, ats_request_hitting_a_tlb_entry_still_needs_eats) {
    Env e;
    basic_s1(e, 1);  // EATS = 0
    ASSERT_EQ(e.read(1, 0x1000).response, XlateResponse::OK);  // fills the main TLB
    XlateRequest q;
    q.sid = 1;
    q.iova = 0x1000;
    q.ats_request = true;
    auto r = e.t->translate(q, e.ctrl);
    EXPECT_EQ(r.tlb_hits, 1u);
    EXPECT_EQ(r.response, XlateResponse::ABORT);
    EXPECT_EQ(r.event.type, F_BAD_ATS_TREQ);
}
