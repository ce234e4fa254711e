// Conformance tests of spec/smmuv3.md B.7 that concern the control side (items 1, 2, 7, 8,
// 9, 10, 13), each as its own TEST, driven through MMIO and memory as software would.
#include "smmu_fixture.h"

using namespace smmu::test;
namespace r = smmu::core::regs;

class Conformance : public SmmuCtl {
protected:
    void enable(uint32_t cr0, unsigned cmdq_log2 = 4, unsigned evtq_log2 = 3) {
        setup_cmdq(cmdq_log2);
        setup_eventq(evtq_log2);
        set_cr0(cr0);
    }
};

// B.7 item 1: every event record carries the correct EventType, SID/SSID/SSV, CLASS, S2,
// RnW and addresses.
TEST_F(Conformance, B7_01_event_records_carry_every_field) {
    enable(0x4, 4, 4);  // 16-entry event queue
    const uint8_t types[] = {C_BAD_STREAMID, F_STE_FETCH, C_BAD_STE,   C_BAD_SUBSTREAMID,
                             F_CD_FETCH,     C_BAD_CD,    F_WALK_EABT, F_TRANSLATION,
                             F_ADDR_SIZE,    F_ACCESS,    F_PERMISSION};
    for (size_t i = 0; i < std::size(types); ++i) {
        EventRecord e;
        e.type = types[i];
        e.ssv = i & 1;
        e.substream_id = 0x100 + i;
        e.stream_id = 0x5000 + i;
        e.rnw = (i >> 1) & 1;
        e.s2 = (i >> 2) & 1;
        e.cls = static_cast<uint8_t>(i % 3);
        e.input_addr = 0xFFFF000012340000ull + i;
        e.addr2 = (0x80000000ull + (i << 12)) & gsim::mask(51, 12);
        xlate.result = XlateResult{};
        xlate.result.has_event = true;
        xlate.result.event = e;
        uint64_t lat;
        c().translate(XlateRequest{}, now, lat);
        const uint64_t slot = EVTQ_ADDR + 32 * i;
        std::array<uint64_t, 4> d{mem.peek64(slot), mem.peek64(slot + 8), mem.peek64(slot + 16),
                                  mem.peek64(slot + 24)};
        EXPECT_EQ(d[0] & 0xFF, types[i]);
        EXPECT_EQ((d[0] >> 11) & 1, uint64_t(i & 1));
        EXPECT_EQ((d[0] >> 12) & 0xFFFFF, 0x100 + i);
        EXPECT_EQ(d[0] >> 32, 0x5000 + i);
        EXPECT_EQ((d[1] >> 35) & 1, (i >> 1) & 1);
        EXPECT_EQ((d[1] >> 39) & 1, (i >> 2) & 1);
        EXPECT_EQ((d[1] >> 40) & 3, i % 3);
        EXPECT_EQ(d[2], 0xFFFF000012340000ull + i);
        EXPECT_EQ(d[3], e.addr2);
        EXPECT_EQ(EventRecord::decode(d), e);
    }
    EXPECT_EQ(r32(r::EVENTQ_PROD), std::size(types) & 0xF);
}

// B.7 item 2: a 1-entry and a full event queue set OVFLG and drop; never a GERROR.
TEST_F(Conformance, B7_02_eventq_overflow_sets_ovflg_drops_and_never_raises_gerror) {
    for (unsigned log2 : {0u, 2u}) {
        core.reset();
        enable(0x4, 4, log2);
        set_irq_ctrl(0x5);
        EventRecord e;
        e.type = F_TRANSLATION;
        const unsigned n = 1u << log2;
        for (unsigned i = 0; i < n + 3; ++i) {
            e.stream_id = i;
            c().record_event(e, now);
        }
        advance(1000000);
        EXPECT_EQ(r32(r::EVENTQ_PROD), 0x80000000u | n) << log2;
        EXPECT_EQ(mem.peek32(EVTQ_ADDR + 32 * (n - 1) + 4), n - 1) << log2;
        EXPECT_EQ(r32(r::GERROR), 0u) << log2;
        EXPECT_EQ(irq_gerror.rises, 0u) << log2;
    }
}

// B.7 item 7: CMD_SYNC CS = 3 gives CERROR_ILL; CS = IRQ with MSI writes MSIData to MSIAddr.
TEST_F(Conformance, B7_07_cmd_sync_cs3_is_ill_and_cs_irq_msi_writes_msidata) {
    enable(0x8);
    push(cmd(CMD_SYNC, (uint64_t{CS_IRQ} << 12) | (0x600DF00Dull << 32), 0x7F000));
    push(cmd(CMD_SYNC, uint64_t{CS_RESERVED} << 12));
    BatchResult b = run();
    EXPECT_EQ(b.error, CError::ILL);
    EXPECT_EQ(b.executed, 1u);
    advance(b.busy_ps);  // the failure's time
    EXPECT_EQ((r32(r::CMDQ_CONS) >> 24) & 0x7F, 1u);
    EXPECT_EQ(r32(r::CMDQ_CONS) & 0xFFFFF, 1u);
    advance(1000000);
    EXPECT_EQ(mem.peek32(0x7F000), 0x600DF00Du);
}

// B.7 item 8: CMDQ_CONS is writable only while CMDQEN = 0; CONS.ERR is preserved until the
// error is acknowledged through GERRORN.
TEST_F(Conformance, B7_08_cmdq_cons_writability_and_err_preserved_until_ack) {
    enable(0x8);
    w32(r::CMDQ_CONS, 2);
    EXPECT_EQ(r32(r::CMDQ_CONS), 0u);
    push(cmd(0x55));
    advance(run().busy_ps);  // the failure's time
    EXPECT_EQ(r32(r::CMDQ_CONS), 0x01000000u);
    advance(10000000);
    w32(r::CMDQ_CONS, 0);  // ignored: queue enabled
    EXPECT_EQ(r32(r::CMDQ_CONS), 0x01000000u);
    c().process_cmdq_batch(now);
    EXPECT_EQ(r32(r::CMDQ_CONS), 0x01000000u);
    // Acknowledge after fixing the command; ERR clears once the queue makes progress.
    mem.poke64(CMDQ_ADDR, CMD_SYNC);
    w32(r::GERRORN, r32(r::GERROR));
    BatchResult b = run();
    advance(b.busy_ps);
    EXPECT_EQ(r32(r::CMDQ_CONS), 1u);
    // Disabled: CONS writable again.
    set_cr0(0);
    w32(r::CMDQ_CONS, 0);
    EXPECT_EQ(r32(r::CMDQ_CONS), 0u);
}

// B.7 item 9: an unknown opcode gives CERROR_ILL and the queue halts; a command-fetch abort
// gives CERROR_ABT.
TEST_F(Conformance, B7_09_unknown_opcode_halts_with_ill_and_fetch_abort_gives_abt) {
    enable(0x8);
    push(cmd(0x3F));
    push(cmd(CMD_CFGI_STE));
    run();
    advance(10000000);
    run();
    EXPECT_EQ(r32(r::CMDQ_CONS), 0x01000000u);
    EXPECT_TRUE(xlate.invalidations.empty());
    EXPECT_EQ(r32(r::GERROR) & 1u, 1u);
    // Recover, then make the next fetch abort.
    mem.poke64(CMDQ_ADDR, CMD_CFGI_CD_ALL);
    mem.inject_fault(CMDQ_ADDR + 16, CMDQ_ADDR + 31);
    w32(r::GERRORN, r32(r::GERROR));
    advance(c().process_cmdq_batch(now, BatchLimits{64, ~uint64_t{0}, 1, 0}).busy_ps);
    EXPECT_EQ(r32(r::CMDQ_CONS), 0x02000001u);
    EXPECT_EQ(xlate.invalidations.size(), 1u);
    EXPECT_EQ(r32(r::GERROR) & 1u, 0u);  // toggled back: a new active error
    EXPECT_NE(r32(r::GERROR) & 1u, r32(r::GERRORN) & 1u);
}

// B.7 item 10: GBPA writes are ignored without UPDATE; with SMMUEN = 0 traffic obeys
// GBPA.ABORT (the control side hands GBPA and SMMUEN to the translation side).
TEST_F(Conformance, B7_10_gbpa_needs_update_and_governs_traffic_while_smmuen_is_zero) {
    w32(r::GBPA, 1u << 20);
    uint64_t lat;
    c().translate(XlateRequest{}, now, lat);
    EXPECT_FALSE(xlate.last_ctrl.smmuen);
    EXPECT_EQ(xlate.last_ctrl.gbpa & (1u << 20), 0u);
    w32(r::GBPA, (1u << 31) | (1u << 20));
    EXPECT_EQ(r32(r::GBPA), 1u << 20);
    c().translate(XlateRequest{}, now, lat);
    EXPECT_EQ(xlate.last_ctrl.gbpa & (1u << 20), 1u << 20);
    set_cr0(0x1);
    c().translate(XlateRequest{}, now, lat);
    EXPECT_TRUE(xlate.last_ctrl.smmuen);
}

// B.7 item 13: 32-bit and 64-bit accesses to every 64-bit register give the same result.
TEST_F(Conformance, B7_13_32bit_and_64bit_accesses_agree_on_every_64bit_register) {
    params.pri = true;
    const uint64_t regs64[] = {r::GERROR_IRQ_CFG0, r::STRTAB_BASE, r::CMDQ_BASE,    r::EVENTQ_BASE,
                               r::EVENTQ_IRQ_CFG0, r::PRIQ_BASE,   r::PRIQ_IRQ_CFG0};
    for (uint64_t off : regs64) {
        const uint64_t v = 0x0001234587654360ull;
        w64(off, v);
        EXPECT_EQ(r64(off), r32(off) | (r32(off + 4) << 32)) << std::hex << off;
        EXPECT_NE(r64(off), 0u) << std::hex << off;
        const uint64_t a = r64(off);
        w64(off, 0);
        w32(off + 4, v >> 32);
        w32(off, v & 0xFFFFFFFF);
        EXPECT_EQ(r64(off), a) << std::hex << off;
    }
    // 64-bit access to a pair of 32-bit registers (IDR0/IDR1) reads both halves too.
    EXPECT_EQ(r64(r::IDR0), r32(r::IDR0) | (r32(r::IDR1) << 32));
}

// A Linux-like bring-up through MMIO only: program tables and queues, enable with CR0/CR0ACK
// polling, invalidate everything, CMD_SYNC, poll CONS (with time advancing) until done.
TEST_F(Conformance, driver_style_bring_up_through_mmio_only) {
    w32(r::GBPA, (1u << 31) | (1u << 20));  // abort while disabled
    w64(r::STRTAB_BASE, 0x40000000);
    w32(r::STRTAB_BASE_CFG, (1u << 16) | (8u << 6) | 16);
    w32(r::CR1, 0x0D75);  // WB, inner shareable tables and queues
    w32(r::CR2, 0x2);     // RECINVSID
    w64(r::CMDQ_BASE, CMDQ_ADDR | 8);
    w32(r::CMDQ_PROD, 0);
    w32(r::CMDQ_CONS, 0);
    w64(r::EVENTQ_BASE, EVTQ_ADDR | 7);
    w32(r::EVENTQ_PROD, 0);
    w32(r::EVENTQ_CONS, 0);
    w64(r::EVENTQ_IRQ_CFG0, 0xF000);
    w32(r::EVENTQ_IRQ_CFG1, 1);
    w32(r::IRQ_CTRL, 0x5);
    uint64_t spins = 0;
    while (r32(r::IRQ_CTRLACK) != 0x5 && ++spins < 100) advance(c().mmio_latency_ps());
    w32(r::CR0, 0xC);  // queues first
    while (r32(r::CR0ACK) != 0xC && ++spins < 200) advance(c().mmio_latency_ps());
    ASSERT_EQ(r32(r::CR0ACK), 0xCu);
    m_log2 = 8;
    push(cmd(CMD_CFGI_STE_RANGE, 0, 31));  // CFGI_ALL
    push(cmd(CMD_TLBI_NSNH_ALL));
    push(cmd(CMD_SYNC));
    const uint32_t prod = static_cast<uint32_t>(r32(r::CMDQ_PROD));
    // The shell's worker: batches while ready, sleeping until a CMD_SYNC completes.
    for (int i = 0; i < 100 && (r32(r::CMDQ_CONS) & 0xFFFFF) != prod; ++i) {
        if (c().cmdq().ready(now)) {
            BatchResult b = run();
            ASSERT_EQ(b.error, CError::NONE);
        }
        advance(c().mmio_latency_ps());
    }
    EXPECT_EQ(r32(r::CMDQ_CONS), prod);
    EXPECT_EQ(r32(r::GERROR), r32(r::GERRORN));
    ASSERT_EQ(xlate.invalidations.size(), 2u);
    EXPECT_EQ(xlate.invalidations[0].cfgi_range(), 31u);
    EXPECT_EQ(xlate.last_ctrl.strtab_base, 0x40000000u);
    EXPECT_EQ(xlate.last_ctrl.cr2, 0x2u);
    EXPECT_FALSE(xlate.last_ctrl.smmuen);
    w32(r::CR0, 0xD);
    advance(c().timing().cr0ack_ps());
    EXPECT_EQ(r32(r::CR0ACK), 0xDu);
    EXPECT_TRUE(c().control_state().smmuen);
    EXPECT_EQ(counter("cmds.CMD_SYNC"), 1u);
}
