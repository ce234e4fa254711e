#include <gtest/gtest.h>

#include "common/bits.h"
#include "encoders/cd.h"
#include "encoders/ste.h"

using namespace fw::enc;
using gsim::extract;

TEST(EncSte, abort_and_bypass_presets) {
    Ste a = SteBuilder::abort();
    EXPECT_EQ(a[0], 1u);  // V = 1, Config = 000
    for (int i = 1; i < 8; ++i) EXPECT_EQ(a[i], 0u);
    Ste b = SteBuilder::bypass();
    EXPECT_EQ(extract(b[0], 0, 0), 1u);
    EXPECT_EQ(extract(b[0], 3, 1), 0b100u);
    EXPECT_EQ(extract(b[1], 45, 44), 1u);  // SHCFG = incoming
    EXPECT_EQ(b[1] & ~gsim::mask(45, 44), 0u);
}

TEST(EncSte, word0_fields_land_at_their_offsets) {
    Ste s = SteBuilder()
                .valid()
                .config(STE_CFG_S1_TRANS)
                .s1_fmt(S1FMT_64K_L2)
                .s1_context_ptr(0x000F'ABCD'EF12'3440ull | 0x3F)  // low 6 bits dropped
                .s1_cdmax(20)
                .build();
    EXPECT_EQ(extract(s[0], 0, 0), 1u);
    EXPECT_EQ(extract(s[0], 3, 1), 0b101u);
    EXPECT_EQ(extract(s[0], 5, 4), 2u);
    EXPECT_EQ(extract(s[0], 51, 6) << 6, 0x000F'ABCD'EF12'3440ull);
    EXPECT_EQ(extract(s[0], 58, 52), 0u);
    EXPECT_EQ(extract(s[0], 63, 59), 20u);
}

TEST(EncSte, word1_fields_land_at_their_offsets) {
    // Each field is set alone to its maximum so a misplaced offset shows as a wrong word.
    struct Case { SteBuilder& (SteBuilder::*set)(uint8_t); unsigned hi, lo; };
    const Case cases[] = {
        {&SteBuilder::s1_dss, 1, 0},     {&SteBuilder::s1_cir, 3, 2},
        {&SteBuilder::s1_cor, 5, 4},     {&SteBuilder::s1_csh, 7, 6},
        {&SteBuilder::s2_hwu, 11, 8},    {&SteBuilder::cont, 16, 13},
        {&SteBuilder::eats, 29, 28},     {&SteBuilder::strw, 31, 30},
        {&SteBuilder::memattr, 35, 32},  {&SteBuilder::alloccfg, 40, 37},
        {&SteBuilder::shcfg, 45, 44},    {&SteBuilder::nscfg, 47, 46},
        {&SteBuilder::privcfg, 49, 48},  {&SteBuilder::instcfg, 51, 50},
    };
    for (const Case& c : cases) {
        SteBuilder b;
        (b.*c.set)(0xFF);
        EXPECT_EQ(b.build()[1], gsim::mask(c.hi, c.lo)) << c.hi << ":" << c.lo;
        EXPECT_EQ(b.build()[0], 0u);
    }
    Ste s = SteBuilder().dre(true).dcp(true).ppar(true).mev(true).s1_stalld(true).mtcfg(true).build();
    EXPECT_EQ(s[1], (1ull << 12) | (1ull << 17) | (1ull << 18) | (1ull << 19) | (1ull << 27) |
                        (1ull << 36));
    // Typical values at the classic-bug offsets.
    s = SteBuilder().eats(EATS_TRANS).strw(STRW_EL2).shcfg(SHCFG_INCOMING).build();
    EXPECT_EQ(extract(s[1], 29, 28), 1u);
    EXPECT_EQ(extract(s[1], 31, 30), 2u);
    EXPECT_EQ(extract(s[1], 45, 44), 1u);
    EXPECT_EQ(s[1], (1ull << 28) | (2ull << 30) | (1ull << 44));
}

TEST(EncSte, word2_and_word3_fields_land_at_their_offsets) {
    Ste s = SteBuilder()
                .s2_vmid(0xBEEF)
                .s2_t0sz(24)
                .s2_sl0(1)
                .s2_ir0(1)
                .s2_or0(2)
                .s2_sh0(3)
                .s2_tg(2)
                .s2_ps(5)
                .s2_aa64(true)
                .s2_ptw(true)
                .s2_s(true)
                .s2_r(true)
                .s2_ttb(0x000F'1234'5678'9AB0ull | 0xF)
                .build();
    EXPECT_EQ(extract(s[2], 15, 0), 0xBEEFu);
    EXPECT_EQ(extract(s[2], 31, 16), 0u);
    EXPECT_EQ(extract(s[2], 37, 32), 24u);
    EXPECT_EQ(extract(s[2], 39, 38), 1u);
    EXPECT_EQ(extract(s[2], 41, 40), 1u);
    EXPECT_EQ(extract(s[2], 43, 42), 2u);
    EXPECT_EQ(extract(s[2], 45, 44), 3u);
    EXPECT_EQ(extract(s[2], 47, 46), 2u);
    EXPECT_EQ(extract(s[2], 50, 48), 5u);
    EXPECT_EQ(extract(s[2], 51, 51), 1u);
    EXPECT_EQ(extract(s[2], 53, 52), 0u);
    EXPECT_EQ(extract(s[2], 54, 54), 1u);
    EXPECT_EQ(extract(s[2], 56, 55), 0u);
    EXPECT_EQ(extract(s[2], 57, 57), 1u);
    EXPECT_EQ(extract(s[2], 58, 58), 1u);
    EXPECT_EQ(extract(s[2], 63, 59), 0u);
    EXPECT_EQ(s[3], 0x000F'1234'5678'9AB0ull);
    s = SteBuilder().s2_endi(true).s2_affd(true).s2_hd(true).s2_ha(true).build();
    EXPECT_EQ(s[2], (1ull << 52) | (1ull << 53) | (1ull << 55) | (1ull << 56));
}

TEST(EncSte, s2_pgtable_copies_vtcr_fields_from_info) {
    PgtableInfo info;
    info.root_pa = 0x8000'2000;
    info.tsz = 24;
    info.sl0 = 1;
    info.tg0 = tg0_code(Granule::G64K);
    info.ps = ps_code(48);
    Ste s = SteBuilder().valid().config(STE_CFG_S2_TRANS).s2_pgtable(info, 7).build();
    EXPECT_EQ(extract(s[0], 3, 1), 0b110u);
    EXPECT_EQ(extract(s[2], 15, 0), 7u);
    EXPECT_EQ(extract(s[2], 37, 32), 24u);
    EXPECT_EQ(extract(s[2], 39, 38), 1u);
    EXPECT_EQ(extract(s[2], 47, 46), 1u);
    EXPECT_EQ(extract(s[2], 50, 48), 5u);
    EXPECT_EQ(extract(s[2], 51, 51), 1u);
    EXPECT_EQ(s[3], 0x8000'2000u);
}

TEST(EncCd, word0_fields_land_at_their_offsets) {
    Cd c = CdBuilder()
               .t0sz(16)
               .tg0(Granule::G16K)
               .ir0(1)
               .or0(2)
               .sh0(3)
               .epd0(true)
               .t1sz(25)
               .tg1(Granule::G4K)
               .epd1(true)
               .valid()
               .ips(5)
               .affd(true)
               .wxn(true)
               .tbi(3)
               .aa64(true)
               .r(true)
               .a(true)
               .s(true)
               .asid(0xCAFE)
               .build();
    EXPECT_EQ(extract(c[0], 5, 0), 16u);
    EXPECT_EQ(extract(c[0], 7, 6), 2u);
    EXPECT_EQ(extract(c[0], 9, 8), 1u);
    EXPECT_EQ(extract(c[0], 11, 10), 2u);
    EXPECT_EQ(extract(c[0], 13, 12), 3u);
    EXPECT_EQ(extract(c[0], 14, 14), 1u);
    EXPECT_EQ(extract(c[0], 15, 15), 0u);
    EXPECT_EQ(extract(c[0], 21, 16), 25u);
    EXPECT_EQ(extract(c[0], 23, 22), 2u);  // TG1 4K = 2
    EXPECT_EQ(extract(c[0], 29, 24), 0u);
    EXPECT_EQ(extract(c[0], 30, 30), 1u);
    EXPECT_EQ(extract(c[0], 31, 31), 1u);
    EXPECT_EQ(extract(c[0], 34, 32), 5u);
    EXPECT_EQ(extract(c[0], 35, 35), 1u);
    EXPECT_EQ(extract(c[0], 36, 36), 1u);
    EXPECT_EQ(extract(c[0], 37, 37), 0u);
    EXPECT_EQ(extract(c[0], 39, 38), 3u);
    EXPECT_EQ(extract(c[0], 40, 40), 0u);
    EXPECT_EQ(extract(c[0], 41, 41), 1u);
    EXPECT_EQ(extract(c[0], 43, 42), 0u);
    EXPECT_EQ(extract(c[0], 44, 44), 1u);
    EXPECT_EQ(extract(c[0], 45, 45), 1u);
    EXPECT_EQ(extract(c[0], 46, 46), 1u);
    EXPECT_EQ(extract(c[0], 47, 47), 0u);
    EXPECT_EQ(extract(c[0], 63, 48), 0xCAFEu);
}

TEST(EncCd, single_bit_fields_and_tg_encodings) {
    EXPECT_EQ(CdBuilder().endi(true).build()[0], 1ull << 15);
    EXPECT_EQ(CdBuilder().uwxn(true).build()[0], 1ull << 37);
    EXPECT_EQ(CdBuilder().pan(true).build()[0], 1ull << 40);
    EXPECT_EQ(CdBuilder().hd(true).build()[0], 1ull << 42);
    EXPECT_EQ(CdBuilder().ha(true).build()[0], 1ull << 43);
    EXPECT_EQ(CdBuilder().aset(true).build()[0], 1ull << 47);
    EXPECT_EQ(CdBuilder().ir1(3).or1(3).sh1(3).build()[0], gsim::mask(29, 24));
    EXPECT_EQ(extract(CdBuilder().tg0(Granule::G4K).build()[0], 7, 6), 0u);
    EXPECT_EQ(extract(CdBuilder().tg0(Granule::G64K).build()[0], 7, 6), 1u);
    EXPECT_EQ(extract(CdBuilder().tg1(Granule::G16K).build()[0], 23, 22), 1u);
    EXPECT_EQ(extract(CdBuilder().tg1(Granule::G64K).build()[0], 23, 22), 3u);
    EXPECT_EQ(ps_code(40), 2u);
    EXPECT_EQ(ps_code(52), 6u);
    EXPECT_EQ(ps_code(41), 0xffu);
}

TEST(EncCd, ttb_and_mair_words) {
    Cd c = CdBuilder()
               .ttb0(0x000F'1111'2222'3330ull | 0xF)
               .nscfg0(true)
               .had0(true)
               .ttb1(0x0000'4444'5555'6660ull)
               .had1(true)
               .mair(0x0000'0000'F404'FF44ull)
               .amair(0x1234)
               .build();
    EXPECT_EQ(c[1], 0x000F'1111'2222'3330ull | 0x3);
    EXPECT_EQ(c[2], 0x0000'4444'5555'6660ull | 0x2);
    EXPECT_EQ(c[3], 0xF404'FF44ull);
    EXPECT_EQ(c[4], 0x1234u);
    EXPECT_EQ(c[5] | c[6] | c[7], 0u);
}

TEST(EncCd, ttb0_pgtable_builds_a_linux_like_stage1_cd) {
    PgtableInfo info;
    info.root_pa = 0x9000'0000;
    info.tsz = 16;
    info.tg0 = tg0_code(Granule::G4K);
    info.ps = ps_code(44);
    Cd c = CdBuilder().ttb0_pgtable(info, 0x42, 0xFF44).build();
    EXPECT_EQ(extract(c[0], 5, 0), 16u);
    EXPECT_EQ(extract(c[0], 7, 6), 0u);
    EXPECT_EQ(extract(c[0], 30, 30), 1u);  // EPD1
    EXPECT_EQ(extract(c[0], 31, 31), 1u);  // V
    EXPECT_EQ(extract(c[0], 34, 32), 4u);
    EXPECT_EQ(extract(c[0], 41, 41), 1u);
    EXPECT_EQ(extract(c[0], 63, 48), 0x42u);
    EXPECT_EQ(c[1], 0x9000'0000u);
    EXPECT_EQ(c[3], 0xFF44u);
}
