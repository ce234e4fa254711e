// SmmuCore register policy: ID values, RO / RAZ-WI, access sizes, CR0ACK and IRQ_CTRLACK
// latency, GBPA UPDATE, queue register writability, 32/64-bit halves.
#include "smmu_fixture.h"

using namespace smmu::test;
namespace r = smmu::core::regs;

TEST_F(SmmuCtl, id_registers_carry_the_grace_like_preset) {
    uint32_t idr0 = static_cast<uint32_t>(r32(r::IDR0));
    EXPECT_EQ(r::IDR0_S1P.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_S2P.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_TTF.get(idr0), 2u);
    EXPECT_EQ(r::IDR0_COHACC.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_ASID16.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_VMID16.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_ST_LEVEL.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_CD2L.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_MSI.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_SEV.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_ATS.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_HYP.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_TTENDIAN.get(idr0), 2u);
    EXPECT_EQ(r::IDR0_STALL_MODEL.get(idr0), 1u);
    EXPECT_EQ(r::IDR0_PRI.get(idr0), 0u);
    // Exact value: bits 0,1,3(TTF=2),4,9,10,12,13,14,18,19,22(TTENDIAN=2),24(STALL=1),27.
    EXPECT_EQ(idr0, 0x094C761Bu);
    uint32_t idr1 = static_cast<uint32_t>(r32(r::IDR1));
    EXPECT_EQ(r::IDR1_SIDSIZE.get(idr1), 16u);
    EXPECT_EQ(r::IDR1_SSIDSIZE.get(idr1), 20u);
    EXPECT_EQ(r::IDR1_CMDQS.get(idr1), 19u);
    EXPECT_EQ(r::IDR1_EVENTQS.get(idr1), 19u);
    EXPECT_EQ(r::IDR1_PRIQS.get(idr1), 0u);
    EXPECT_EQ(r::IDR1_ATTR_TYPES_OVR.get(idr1), 1u);
    EXPECT_EQ(r::IDR1_ATTR_PERMS_OVR.get(idr1), 1u);
    EXPECT_EQ(idr1, 0x0E730510u);  // SIDSIZE 16, SSIDSIZE 20, EVENTQS 19, CMDQS 19, ATTR_*_OVR
    EXPECT_EQ(r32(r::IDR3), 0u);   // RIL off by default
    uint32_t idr5 = static_cast<uint32_t>(r32(r::IDR5));
    EXPECT_EQ(idr5, 0x75u);       // OAS=5 (48 bits), GRAN4K/16K/64K
    EXPECT_EQ(r32(r::AIDR), 1u);  // SMMUv3.1
    EXPECT_EQ(r32(r::IIDR), 0x4870043Bu);
    EXPECT_EQ(r32(r::IDR2), 0u);
    EXPECT_EQ(r32(r::IDR4), 0u);
}

TEST_F(SmmuCtl, ril_is_selectable_through_params) {
    params.ril = true;
    EXPECT_EQ(r32(r::IDR3), 1u << 10);
}

TEST_F(SmmuCtl, id_and_status_registers_are_read_only) {
    for (uint64_t off : {r::IDR0, r::IDR1, r::IDR3, r::IDR5, r::IIDR, r::AIDR, r::STATUSR,
                         r::CR0ACK, r::IRQ_CTRLACK, r::GERROR, r::CIDR0}) {
        uint64_t before = r32(off);
        w32(off, ~before & 0xFFFFFFFFu);
        EXPECT_EQ(r32(off), before) << std::hex << off;
    }
}

TEST_F(SmmuCtl, reserved_offsets_read_as_zero_and_ignore_writes) {
    for (uint64_t off : {uint64_t{0x030}, uint64_t{0x04C}, uint64_t{0x100}, uint64_t{0x190},
                         uint64_t{0x4000}, uint64_t{0x8020}, uint64_t{0x10000}, uint64_t{0x1FFFC},
                         r::EVENTQ_PROD_PAGE0_ALIAS, r::EVENTQ_CONS_PAGE0_ALIAS}) {
        w32(off, 0xFFFFFFFF);
        EXPECT_EQ(r32(off), 0u) << std::hex << off;
    }
}

TEST_F(SmmuCtl, bad_sizes_misalignment_and_out_of_frame_are_access_errors) {
    uint64_t v;
    EXPECT_FALSE(c().mmio_read(r::CR0, 2, v, now));
    EXPECT_FALSE(c().mmio_read(r::CR0, 1, v, now));
    EXPECT_FALSE(c().mmio_read(r::CR0, 16, v, now));
    EXPECT_FALSE(c().mmio_read(r::CR0 + 2, 4, v, now));
    EXPECT_FALSE(c().mmio_read(r::CMDQ_BASE + 4, 8, v, now));
    EXPECT_FALSE(c().mmio_read(0x20000, 4, v, now));
    EXPECT_FALSE(c().mmio_write(r::CR0, 2, 1, now));
    EXPECT_FALSE(c().mmio_write(r::CR0 + 1, 4, 1, now));
    EXPECT_EQ(r32(r::CR0), 0u);
    EXPECT_EQ(counter("mmio_errors"), 8u);
}

TEST_F(SmmuCtl, cr0ack_follows_cr0_after_the_configured_latency) {
    params.cr0ack_latency = 10;
    w32(r::CR0, 0x1);
    EXPECT_EQ(r32(r::CR0), 1u);
    EXPECT_EQ(r32(r::CR0ACK), 0u);
    EXPECT_EQ(c().next_deadline(), now + 10000);
    uint64_t v;
    ASSERT_TRUE(c().mmio_read(r::CR0ACK, 4, v, now + 9999));
    EXPECT_EQ(v, 0u);
    ASSERT_TRUE(c().mmio_read(r::CR0ACK, 4, v, now + 10000));  // lazily evaluated at read
    EXPECT_EQ(v, 1u);
    EXPECT_TRUE(c().control_state().smmuen);
}

TEST_F(SmmuCtl, cr0ack_with_zero_latency_is_immediate) {
    params.cr0ack_latency = 0;
    w32(r::CR0, 0xC);
    EXPECT_EQ(r32(r::CR0ACK), 0xCu);
}

TEST_F(SmmuCtl, cr0_reserved_and_unsupported_bits_are_res0) {
    set_cr0(0);
    w32(r::CR0, 0xFFFFFFFF);
    // SMMUEN, EVENTQEN, CMDQEN, ATSCHK (ATS advertised); no PRIQEN (PRI=0), no VMW.
    EXPECT_EQ(r32(r::CR0), 0x1Du);
}

TEST_F(SmmuCtl, gbpa_write_without_update_is_ignored_and_update_self_clears) {
    EXPECT_EQ(r32(r::GBPA), 0x1000u);
    w32(r::GBPA, 1u << 20);
    EXPECT_EQ(r32(r::GBPA), 0x1000u);
    w32(r::GBPA, (1u << 31) | (1u << 20) | 0x1000);
    EXPECT_EQ(r32(r::GBPA), (1u << 20) | 0x1000u);
    EXPECT_EQ(c().control_state().gbpa, (1u << 20) | 0x1000u);
    w32(r::GBPA, (1u << 31) | 0xFFFFFFFF);
    EXPECT_EQ(r32(r::GBPA), 0x001F3F1Fu);  // reserved bits RES0
}

TEST_F(SmmuCtl, irq_ctrlack_follows_irq_ctrl_and_priq_bit_is_res0_without_pri) {
    params.irq_ctrlack_latency = 5;
    w32(r::IRQ_CTRL, 0x7);
    EXPECT_EQ(r32(r::IRQ_CTRL), 0x5u);
    EXPECT_EQ(r32(r::IRQ_CTRLACK), 0u);
    advance(5000);
    EXPECT_EQ(r32(r::IRQ_CTRLACK), 0x5u);
}

TEST_F(SmmuCtl, gerror_is_read_only_and_gerrorn_keeps_implemented_bits_only) {
    w32(r::GERROR, 0x1FF);
    EXPECT_EQ(r32(r::GERROR), 0u);
    w32(r::GERRORN, 0xFFFFFFFF);
    EXPECT_EQ(r32(r::GERRORN), 0x1FDu);
}

TEST_F(SmmuCtl, irq_cfg_registers_keep_only_their_fields) {
    w64(r::GERROR_IRQ_CFG0, ~uint64_t{0});
    EXPECT_EQ(r64(r::GERROR_IRQ_CFG0), gsim::mask(51, 2));
    w32(r::GERROR_IRQ_CFG1, 0xDEADBEEF);
    EXPECT_EQ(r32(r::GERROR_IRQ_CFG1), 0xDEADBEEFu);
    w32(r::GERROR_IRQ_CFG2, 0xFFFFFFFF);
    EXPECT_EQ(r32(r::GERROR_IRQ_CFG2), 0x3Fu);
    w64(r::EVENTQ_IRQ_CFG0, 0x12345678ABCull);
    EXPECT_EQ(r64(r::EVENTQ_IRQ_CFG0), 0x12345678ABCull & gsim::mask(51, 2));
}

TEST_F(SmmuCtl, irq_cfg_registers_are_raz_wi_without_msi) {
    params.msi = false;
    w64(r::EVENTQ_IRQ_CFG0, 0x1000);
    w32(r::EVENTQ_IRQ_CFG1, 5);
    EXPECT_EQ(r64(r::EVENTQ_IRQ_CFG0), 0u);
    EXPECT_EQ(r32(r::EVENTQ_IRQ_CFG1), 0u);
}

TEST_F(SmmuCtl, priq_registers_are_raz_wi_when_pri_is_not_advertised) {
    for (uint64_t off : {r::PRIQ_BASE, r::PRIQ_IRQ_CFG0}) {
        w64(off, 0x1000);
        EXPECT_EQ(r64(off), 0u);
    }
    for (uint64_t off : {r::PRIQ_IRQ_CFG1, r::PRIQ_IRQ_CFG2, r::PRIQ_PROD, r::PRIQ_CONS}) {
        w32(off, 0x3);
        EXPECT_EQ(r32(off), 0u);
    }
}

TEST_F(SmmuCtl, cmdq_base_and_cons_are_writable_only_while_cmdqen_is_zero) {
    setup_cmdq(4);
    EXPECT_EQ(r64(r::CMDQ_BASE), CMDQ_ADDR | 4);
    w32(r::CMDQ_CONS, 3);
    EXPECT_EQ(r32(r::CMDQ_CONS), 3u);
    w32(r::CR0, 0x8);  // CMDQEN, not yet acknowledged: already read-only
    w32(r::CMDQ_CONS, 5);
    EXPECT_EQ(r32(r::CMDQ_CONS), 3u);
    advance(c().timing().cr0ack_ps());
    w64(r::CMDQ_BASE, 0x300000 | 2);
    EXPECT_EQ(r64(r::CMDQ_BASE), CMDQ_ADDR | 4);
    w32(r::CMDQ_CONS, 7);
    EXPECT_EQ(r32(r::CMDQ_CONS), 3u);
    w32(r::CMDQ_PROD, 9);  // PROD stays writable
    EXPECT_EQ(r32(r::CMDQ_PROD), 9u);
    set_cr0(0);
    w32(r::CMDQ_CONS, 7);
    EXPECT_EQ(r32(r::CMDQ_CONS), 7u);
}

TEST_F(SmmuCtl, eventq_base_and_prod_are_writable_only_while_eventqen_is_zero) {
    setup_eventq(3);
    set_cr0(0x4);
    w64(r::EVENTQ_BASE, 0x400000 | 5);
    EXPECT_EQ(r64(r::EVENTQ_BASE), EVTQ_ADDR | 3);
    w32(r::EVENTQ_PROD, 4);
    EXPECT_EQ(r32(r::EVENTQ_PROD), 0u);
    w32(r::EVENTQ_CONS, 0);  // CONS always writable by software
    EXPECT_EQ(r32(r::EVENTQ_CONS), 0u);
}

TEST_F(SmmuCtl, strtab_registers_are_read_only_while_smmuen) {
    w64(r::STRTAB_BASE, 0x40000000ull | (1ull << 62) | 0x3F);
    EXPECT_EQ(r64(r::STRTAB_BASE), 0x40000000ull | (1ull << 62));
    w32(r::STRTAB_BASE_CFG, (1u << 16) | (8u << 6) | 16 | 0xFFFC0000u);
    EXPECT_EQ(r32(r::STRTAB_BASE_CFG), (1u << 16) | (8u << 6) | 16u);
    set_cr0(0x1);
    w64(r::STRTAB_BASE, 0x50000000ull);
    w32(r::STRTAB_BASE_CFG, 0);
    EXPECT_EQ(r64(r::STRTAB_BASE), 0x40000000ull | (1ull << 62));
    EXPECT_EQ(r32(r::STRTAB_BASE_CFG), (1u << 16) | (8u << 6) | 16u);
    ControlState s = c().control_state();
    EXPECT_EQ(s.strtab_base, 0x40000000ull | (1ull << 62));
    EXPECT_EQ(s.idr0, r32(r::IDR0));
}

TEST_F(SmmuCtl, cr1_table_fields_freeze_with_smmuen_and_queue_fields_with_queue_enables) {
    w32(r::CR1, 0xFFFFFFFF);
    EXPECT_EQ(r32(r::CR1), 0xFFFu);
    set_cr0(0x1);  // SMMUEN: TABLE_* read-only, QUEUE_* still writable
    w32(r::CR1, 0);
    EXPECT_EQ(r32(r::CR1), 0xFC0u);
    set_cr0(0x9);  // + CMDQEN: everything read-only
    w32(r::CR1, 0x3F);
    EXPECT_EQ(r32(r::CR1), 0xFC0u);
    set_cr0(0x8);  // CMDQEN only: TABLE_* writable again
    w32(r::CR1, 0x3F);
    EXPECT_EQ(r32(r::CR1), 0x000u);
}

TEST_F(SmmuCtl, cr2_keeps_its_fields_and_freezes_while_smmuen) {
    w32(r::CR2, 0xFFFFFFFF);
    EXPECT_EQ(r32(r::CR2), 0x3u);  // E2H, RECINVSID; PTM is RES0 without BTM
    set_cr0(0x1);
    w32(r::CR2, 0);
    EXPECT_EQ(r32(r::CR2), 0x3u);
    EXPECT_EQ(c().control_state().cr2, 0x3u);
}

TEST_F(SmmuCtl, cr2_ptm_exists_only_with_btm) {
    params.btm = true;
    w32(r::CR2, 0x4);
    EXPECT_EQ(r32(r::CR2), 0x4u);
}

TEST_F(SmmuCtl, cr2_e2h_is_res0_without_hyp) {
    params.hyp = false;
    w32(r::CR2, 0x7);
    EXPECT_EQ(r32(r::CR2), 0x2u);
}

TEST_F(SmmuCtl, irq_cfg_registers_are_read_only_while_their_source_is_enabled) {
    w64(r::EVENTQ_IRQ_CFG0, 0x1000);
    set_irq_ctrl(0x4);
    w64(r::EVENTQ_IRQ_CFG0, 0x2000);
    w32(r::EVENTQ_IRQ_CFG1, 9);
    EXPECT_EQ(r64(r::EVENTQ_IRQ_CFG0), 0x1000u);
    EXPECT_EQ(r32(r::EVENTQ_IRQ_CFG1), 0u);
    w64(r::GERROR_IRQ_CFG0, 0x3000);  // GERROR source still disabled: writable
    EXPECT_EQ(r64(r::GERROR_IRQ_CFG0), 0x3000u);
    set_irq_ctrl(0x0);
    w64(r::EVENTQ_IRQ_CFG0, 0x2000);
    EXPECT_EQ(r64(r::EVENTQ_IRQ_CFG0), 0x2000u);
}

TEST_F(SmmuCtl, page0_aliases_of_eventq_prod_cons_when_configured) {
    params.page0_eventq_alias = true;
    setup_eventq(3);
    w32(r::EVENTQ_CONS_PAGE0_ALIAS, 5);
    EXPECT_EQ(r32(r::EVENTQ_CONS), 5u);
    EXPECT_EQ(r32(r::EVENTQ_CONS_PAGE0_ALIAS), 5u);
}

TEST_F(SmmuCtl, component_id_registers_identify_a_corelink_component) {
    EXPECT_EQ(r32(r::CIDR0), 0x0Du);
    EXPECT_EQ(r32(r::CIDR1), 0xF0u);
    EXPECT_EQ(r32(r::CIDR2), 0x05u);
    EXPECT_EQ(r32(r::CIDR3), 0xB1u);
    // Derived from IIDR 0x4870043B: part 0x487, JEP106 0x3B with continuation 4.
    EXPECT_EQ(r32(r::PIDR0), 0x87u);
    EXPECT_EQ(r32(r::PIDR1), 0xB4u);
    EXPECT_EQ(r32(r::PIDR2), 0x0Bu);
    EXPECT_EQ(r32(r::PIDR4), 0x04u);
}

TEST_F(SmmuCtl, every_64bit_register_reads_the_same_as_two_32bit_halves) {
    params.pri = true;  // PRIQ registers become storage
    const uint64_t regs64[] = {r::GERROR_IRQ_CFG0, r::STRTAB_BASE, r::CMDQ_BASE,    r::EVENTQ_BASE,
                               r::EVENTQ_IRQ_CFG0, r::PRIQ_BASE,   r::PRIQ_IRQ_CFG0};
    const uint64_t pattern = 0x000ABCDE12345664ull | (1ull << 62);
    for (uint64_t off : regs64) {
        w64(off, pattern);
        const uint64_t via64 = r64(off);
        EXPECT_NE(via64, 0u) << std::hex << off;
        EXPECT_EQ(via64, r32(off) | (r32(off + 4) << 32)) << std::hex << off;
        w64(off, 0);
        EXPECT_EQ(r64(off), 0u) << std::hex << off;
        w32(off, pattern & 0xFFFFFFFF);
        w32(off + 4, pattern >> 32);
        EXPECT_EQ(r64(off), via64) << std::hex << off;
        // A write of one half leaves the other half alone.
        w32(off + 4, 0);
        EXPECT_EQ(r64(off), via64 & 0xFFFFFFFFu) << std::hex << off;
    }
}
