#include <gtest/gtest.h>

#include "common/bits.h"
#include "encoders/commands.h"

using namespace fw::enc;
using gsim::extract;
namespace sc = smmu::core;

TEST(EncCommands, cfgi_fields_land_at_their_offsets) {
    Command c = cfgi_ste(0x12345, true);
    EXPECT_EQ(extract(c.d0, 7, 0), sc::CMD_CFGI_STE);
    EXPECT_EQ(extract(c.d0, 63, 32), 0x12345u);
    EXPECT_EQ(c.d1, 1u);
    EXPECT_EQ(cfgi_ste(7, false).d1, 0u);

    c = cfgi_ste_range(0x100, 7);
    EXPECT_EQ(c.op(), sc::CMD_CFGI_STE_RANGE);
    EXPECT_EQ(extract(c.d1, 4, 0), 7u);
    c = cfgi_all();
    EXPECT_EQ(c.op(), sc::CMD_CFGI_STE_RANGE);
    EXPECT_EQ(extract(c.d1, 4, 0), 31u);

    c = cfgi_cd(0xABCD, 0xFFFFF, true);
    EXPECT_EQ(c.op(), sc::CMD_CFGI_CD);
    EXPECT_EQ(extract(c.d0, 31, 12), 0xFFFFFu);
    EXPECT_EQ(extract(c.d0, 63, 32), 0xABCDu);
    EXPECT_EQ(extract(c.d1, 0, 0), 1u);
    c = cfgi_cd_all(42);
    EXPECT_EQ(c.op(), sc::CMD_CFGI_CD_ALL);
    EXPECT_EQ(c.sid(), 42u);
    EXPECT_EQ(cfgi_vms_pidm(9).vmid(), 9u);
}

TEST(EncCommands, prefetch_fields) {
    Command c = prefetch_config(5, 3, true);
    EXPECT_EQ(c.op(), sc::CMD_PREFETCH_CONFIG);
    EXPECT_EQ(c.sid(), 5u);
    EXPECT_EQ(c.ssid(), 3u);
    EXPECT_TRUE(extract(c.d0, 11, 11));
    c = prefetch_addr(6, 0x1234'5678'9000ull, 9);
    EXPECT_EQ(c.op(), sc::CMD_PREFETCH_ADDR);
    EXPECT_EQ(extract(c.d1, 4, 0), 9u);
    EXPECT_EQ(c.d1 & gsim::mask(63, 12), 0x1234'5678'9000ull);
}

TEST(EncCommands, tlbi_tags_and_range_fields_land_at_their_offsets) {
    Command c = tlbi_nh_va(0xBEEF, 0xCAFE, 0xFFFF'8000'1234'5000ull, true, 3, 1, 0x1F, 0x1F);
    EXPECT_EQ(extract(c.d0, 7, 0), sc::CMD_TLBI_NH_VA);
    EXPECT_EQ(extract(c.d0, 47, 32), 0xBEEFu);
    EXPECT_EQ(extract(c.d0, 63, 48), 0xCAFEu);
    EXPECT_EQ(extract(c.d0, 16, 12), 0x1Fu);
    EXPECT_EQ(extract(c.d0, 24, 20), 0x1Fu);
    EXPECT_EQ(extract(c.d0, 19, 17), 0u);
    EXPECT_EQ(extract(c.d1, 0, 0), 1u);
    EXPECT_EQ(extract(c.d1, 9, 8), 3u);
    EXPECT_EQ(extract(c.d1, 11, 10), 1u);
    EXPECT_EQ(c.d1 & gsim::mask(63, 12), 0xFFFF'8000'1234'5000ull);

    c = tlbi_nh_vaa(3, 0x4000, false);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_NH_VAA);
    EXPECT_EQ(c.vmid(), 3u);
    EXPECT_EQ(c.asid(), 0u);
    EXPECT_EQ(c.d1, 0x4000u);

    c = tlbi_nh_all(77);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_NH_ALL);
    EXPECT_EQ(c.vmid(), 77u);
    EXPECT_EQ(c.d1, 0u);
    c = tlbi_nh_asid(1, 2);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_NH_ASID);
    EXPECT_EQ(c.vmid(), 1u);
    EXPECT_EQ(c.asid(), 2u);

    c = tlbi_s2_ipa(12, 0xFFFF'FFFF'FFFF'F000ull, true, 2, 3, 4, 5);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_S2_IPA);
    EXPECT_EQ(c.vmid(), 12u);
    EXPECT_EQ(c.d1 & gsim::mask(63, 52), 0u);  // IPA is [51:12]
    EXPECT_EQ(c.tlbi_ipa(), gsim::mask(51, 12));
    EXPECT_EQ(c.tlbi_ttl(), 2u);
    EXPECT_EQ(c.tlbi_tg(), 3u);
    EXPECT_EQ(c.tlbi_num(), 4u);
    EXPECT_EQ(c.tlbi_scale(), 5u);

    EXPECT_EQ(tlbi_s12_vmall(5).op(), sc::CMD_TLBI_S12_VMALL);
    EXPECT_EQ(tlbi_s12_vmall(5).vmid(), 5u);
    EXPECT_EQ(tlbi_nsnh_all(), (Command{sc::CMD_TLBI_NSNH_ALL, 0}));
    EXPECT_EQ(tlbi_el2_all(), (Command{sc::CMD_TLBI_EL2_ALL, 0}));
    EXPECT_EQ(tlbi_el3_all(), (Command{sc::CMD_TLBI_EL3_ALL, 0}));
    c = tlbi_el2_asid(0x55);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_EL2_ASID);
    EXPECT_EQ(c.asid(), 0x55u);
    c = tlbi_el2_va(0x66, 0x7000, true);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_EL2_VA);
    EXPECT_EQ(c.asid(), 0x66u);
    EXPECT_EQ(c.vmid(), 0u);
    EXPECT_EQ(c.d1, 0x7001u);
    c = tlbi_el2_vaa(0x8000, false);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_EL2_VAA);
    EXPECT_EQ(c.d1, 0x8000u);
    c = tlbi_el3_va(0x9000, true);
    EXPECT_EQ(c.op(), sc::CMD_TLBI_EL3_VA);
    EXPECT_EQ(c.d1, 0x9001u);
}

TEST(EncCommands, atc_pri_resume_stall_fields) {
    Command c = atc_inv(0x3456, 0x9, true, 0x1234'0000ull, 5, true);
    EXPECT_EQ(c.op(), sc::CMD_ATC_INV);
    EXPECT_EQ(extract(c.d0, 63, 32), 0x3456u);
    EXPECT_EQ(extract(c.d0, 31, 12), 0x9u);
    EXPECT_EQ(extract(c.d0, 11, 11), 1u);
    EXPECT_EQ(extract(c.d0, 9, 9), 1u);
    EXPECT_EQ(extract(c.d1, 5, 0), 5u);
    EXPECT_EQ(c.d1 & gsim::mask(63, 12), 0x1234'0000ull);

    c = pri_resp(0x10, 0x20, true, 0x1FF, PRI_RESP_SUCCESS);
    EXPECT_EQ(c.op(), sc::CMD_PRI_RESP);
    EXPECT_EQ(c.sid(), 0x10u);
    EXPECT_EQ(c.ssid(), 0x20u);
    EXPECT_EQ(extract(c.d1, 8, 0), 0x1FFu);
    EXPECT_EQ(extract(c.d1, 13, 12), 2u);

    c = resume(0x77, 0xABCD, RESUME_ABORT);
    EXPECT_EQ(c.op(), sc::CMD_RESUME);
    EXPECT_EQ(extract(c.d0, 63, 32), 0x77u);
    EXPECT_EQ(extract(c.d0, 13, 12), 2u);
    EXPECT_EQ(extract(c.d1, 15, 0), 0xABCDu);

    c = stall_term(0x99);
    EXPECT_EQ(c.op(), sc::CMD_STALL_TERM);
    EXPECT_EQ(c.sid(), 0x99u);
}

TEST(EncCommands, cmd_sync_fields) {
    Command c = cmd_sync(sc::CS_IRQ, 0x000F'1234'5678'9ABFull, 0xDEADBEEF, 3, 0xF);
    EXPECT_EQ(extract(c.d0, 7, 0), sc::CMD_SYNC);
    EXPECT_EQ(extract(c.d0, 13, 12), 1u);
    EXPECT_EQ(extract(c.d0, 23, 22), 3u);
    EXPECT_EQ(extract(c.d0, 27, 24), 0xFu);
    EXPECT_EQ(extract(c.d0, 63, 32), 0xDEADBEEFu);
    EXPECT_EQ(c.d1, 0x000F'1234'5678'9ABCull);  // [51:2]
    EXPECT_EQ(cmd_sync(), (Command{sc::CMD_SYNC, 0}));
}

namespace {
TlbiRangeRequest req4k(uint64_t pages, bool ril) {
    TlbiRangeRequest r;
    r.kind = TlbiKind::NH_VA;
    r.vmid = 1;
    r.asid = 2;
    r.iova = 0x40'0000;
    r.size = pages * 4096;
    r.ril = ril;
    return r;
}
}  // namespace

TEST(EncTlbiRange, without_ril_one_command_per_page) {
    for (uint64_t n : {1u, 16u, 64u}) {
        auto cmds = tlbi_range(req4k(n, false));
        ASSERT_EQ(cmds.size(), n);
        for (uint64_t i = 0; i < n; ++i) {
            EXPECT_EQ(cmds[i].op(), sc::CMD_TLBI_NH_VA);
            EXPECT_EQ(cmds[i].tlbi_addr(), 0x40'0000u + i * 4096);
            EXPECT_EQ(cmds[i].tlbi_tg(), 0u);
            EXPECT_EQ(cmds[i].tlbi_num(), 0u);
            EXPECT_EQ(cmds[i].tlbi_scale(), 0u);
            EXPECT_TRUE(cmds[i].tlbi_leaf());
            EXPECT_EQ(cmds[i].asid(), 2u);
            EXPECT_EQ(cmds[i].vmid(), 1u);
        }
    }
}

TEST(EncTlbiRange, with_ril_one_command_for_1_16_64_pages) {
    struct Case { uint64_t pages; uint8_t scale; };
    for (Case k : {Case{1, 0}, Case{16, 4}, Case{64, 6}}) {
        auto cmds = tlbi_range(req4k(k.pages, true));
        ASSERT_EQ(cmds.size(), 1u) << k.pages;
        EXPECT_EQ(cmds[0].tlbi_num(), 0u);
        EXPECT_EQ(cmds[0].tlbi_scale(), k.scale);
        EXPECT_EQ(cmds[0].tlbi_tg(), TLBI_TG_4K);
        EXPECT_EQ(cmds[0].tlbi_ttl(), 3u);  // 4K leaf = level 3
        EXPECT_EQ(cmds[0].tlbi_addr(), 0x40'0000u);
    }
}

TEST(EncTlbiRange, with_ril_odd_counts_split_into_num_scale_chunks) {
    auto cmds = tlbi_range(req4k(3, true));
    ASSERT_EQ(cmds.size(), 1u);
    EXPECT_EQ(cmds[0].tlbi_num(), 2u);
    EXPECT_EQ(cmds[0].tlbi_scale(), 0u);
    // 33 pages = 1 page, then 32 pages (NUM 0, SCALE 5).
    cmds = tlbi_range(req4k(33, true));
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_EQ(cmds[0].tlbi_num(), 0u);
    EXPECT_EQ(cmds[0].tlbi_scale(), 0u);
    EXPECT_EQ(cmds[1].tlbi_num(), 0u);
    EXPECT_EQ(cmds[1].tlbi_scale(), 5u);
    EXPECT_EQ(cmds[1].tlbi_addr(), 0x40'0000u + 4096);
    // 96 pages = 3 << 5: one command NUM 2 SCALE 5.
    cmds = tlbi_range(req4k(96, true));
    ASSERT_EQ(cmds.size(), 1u);
    EXPECT_EQ(cmds[0].tlbi_num(), 2u);
    EXPECT_EQ(cmds[0].tlbi_scale(), 5u);
}

TEST(EncTlbiRange, ril_tg_and_ttl_follow_granule_and_block_size) {
    TlbiRangeRequest r;
    r.kind = TlbiKind::S2_IPA;
    r.vmid = 9;
    r.iova = 0x2000'0000;
    r.size = uint64_t{512} << 20;  // one 512M block of a 64K table
    r.granule = uint64_t{512} << 20;
    r.pgsize_min = 65536;
    r.ril = true;
    auto cmds = tlbi_range(r);
    ASSERT_EQ(cmds.size(), 1u);
    EXPECT_EQ(cmds[0].op(), sc::CMD_TLBI_S2_IPA);
    EXPECT_EQ(cmds[0].tlbi_tg(), TLBI_TG_64K);
    EXPECT_EQ(cmds[0].tlbi_ttl(), 2u);
    EXPECT_EQ(cmds[0].tlbi_scale(), 13u);  // 8192 pages of 64K
    r.ril = false;
    EXPECT_EQ(tlbi_range(r).size(), 1u);   // one step of the block size

    r.pgsize_min = 16384;  // 2M of 16K pages, non-leaf
    r.granule = 16384;
    r.size = 2u << 20;
    r.leaf = false;
    r.ril = true;
    cmds = tlbi_range(r);
    ASSERT_EQ(cmds.size(), 1u);
    EXPECT_EQ(cmds[0].tlbi_tg(), TLBI_TG_16K);
    EXPECT_EQ(cmds[0].tlbi_ttl(), 0u);
    EXPECT_EQ(cmds[0].tlbi_scale(), 7u);
    EXPECT_FALSE(cmds[0].tlbi_leaf());
    EXPECT_TRUE(tlbi_range(TlbiRangeRequest{}).empty());  // size 0
}

TEST(EncAtcInvRange, covers_smallest_aligned_power_of_two_span) {
    Command c = atc_inv_range(4, 0, 0x5000, 4096);
    EXPECT_EQ(c.op(), sc::CMD_ATC_INV);
    EXPECT_EQ(c.atc_size(), 0u);
    EXPECT_EQ(c.atc_addr(), 0x5000u);
    EXPECT_FALSE(c.ssv());
    c = atc_inv_range(4, 0, 0x5000, 2 * 4096);  // pages 5,6 -> span 4 at page 4
    EXPECT_EQ(c.atc_size(), 2u);
    EXPECT_EQ(c.atc_addr(), 0x4000u);
    c = atc_inv_range(4, 0, 0x7000, 2 * 4096);  // pages 7,8 -> span 16 at page 0
    EXPECT_EQ(c.atc_size(), 4u);
    EXPECT_EQ(c.atc_addr(), 0x0u);
    c = atc_inv_range(4, 7, 0x10'0000, 64 * 4096);  // aligned 64 pages
    EXPECT_EQ(c.atc_size(), 6u);
    EXPECT_EQ(c.atc_addr(), 0x10'0000u);
    EXPECT_TRUE(c.ssv());
    EXPECT_EQ(c.ssid(), 7u);
    c = atc_inv_range(4, 0, 0x10'F000, 2 * 4096);  // pages 0x10F,0x110 -> 32 pages at 0x100
    EXPECT_EQ(c.atc_size(), 5u);
    EXPECT_EQ(c.atc_addr(), 0x10'0000u);
    c = atc_inv_range(4, 0, 0x1234, 0);
    EXPECT_EQ(c.atc_size(), ATC_INV_SIZE_ALL);
}

TEST(EncTlbiRange, kind_selects_opcode_and_tags) {
    TlbiRangeRequest r = req4k(2, false);
    r.kind = TlbiKind::NH_VAA;
    auto c = tlbi_range(r);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].op(), sc::CMD_TLBI_NH_VAA);
    EXPECT_EQ(c[0].vmid(), 1u);
    EXPECT_EQ(c[0].asid(), 0u);
    r.kind = TlbiKind::EL2_VA;
    c = tlbi_range(r);
    EXPECT_EQ(c[1].op(), sc::CMD_TLBI_EL2_VA);
    EXPECT_EQ(c[1].asid(), 2u);
    EXPECT_EQ(c[1].vmid(), 0u);
    EXPECT_EQ(c[1].tlbi_addr(), 0x40'1000u);
    r.kind = TlbiKind::S2_IPA;
    r.ril = true;
    c = tlbi_range(r);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].op(), sc::CMD_TLBI_S2_IPA);
    EXPECT_EQ(c[0].tlbi_scale(), 1u);
    EXPECT_EQ(c[0].tlbi_num(), 0u);
}
