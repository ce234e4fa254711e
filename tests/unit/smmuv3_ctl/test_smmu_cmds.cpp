// SmmuCore as command executor and main CMDQ owner: validation of every command, errors and
// recovery, invalidation forwarding and cost, the CMD_SYNC barrier and its completion signal.
#include <functional>

#include "smmu_fixture.h"

using namespace smmu::test;
namespace r = smmu::core::regs;

namespace {

constexpr uint64_t SSEC = 1ull << 10;
constexpr uint64_t SSV = 1ull << 11;

uint64_t cs(uint64_t v) {
    return v << 12;
}
uint64_t tlbi_num(uint64_t v) {
    return v << 12;
}
uint64_t tlbi_tg(uint64_t v) {
    return v << 10;
}
uint64_t tlbi_ttl(uint64_t v) {
    return v << 8;
}

}  // namespace

class SmmuCmds : public SmmuCtl {
protected:
    CError exec(const Command& k, bool main = true) {
        QueueContext q;
        q.main_cmdq = main;
        return c().execute(k, q, now).err;
    }
    void enable_cmdq(unsigned log2 = 4) {
        setup_cmdq(log2);
        set_cr0(0x8);
    }
};

TEST_F(SmmuCmds, every_legal_command_is_accepted_with_the_default_preset) {
    const Command ok[] = {
        cmd(CMD_PREFETCH_CONFIG, 5ull << 32),
        cmd(CMD_PREFETCH_ADDR, 5ull << 32, 0x1000),
        cmd(CMD_CFGI_STE, 5ull << 32, 1),
        cmd(CMD_CFGI_STE_RANGE, 0, 31),
        cmd(CMD_CFGI_CD, (5ull << 32) | (3ull << 12)),
        cmd(CMD_CFGI_CD_ALL, 5ull << 32),
        cmd(CMD_TLBI_NH_ALL, 1ull << 32),
        cmd(CMD_TLBI_NH_ASID, 7ull << 48),
        cmd(CMD_TLBI_NH_VA, 7ull << 48, 0x4000 | 1),
        cmd(CMD_TLBI_NH_VAA, 1ull << 32, 0x4000),
        cmd(CMD_TLBI_EL2_ALL),
        cmd(CMD_TLBI_EL2_ASID, 7ull << 48),
        cmd(CMD_TLBI_EL2_VA, 7ull << 48, 0x4000),
        cmd(CMD_TLBI_EL2_VAA, 0, 0x4000),
        cmd(CMD_TLBI_S12_VMALL, 1ull << 32),
        cmd(CMD_TLBI_S2_IPA, 1ull << 32, 0x8000),
        cmd(CMD_TLBI_NSNH_ALL),
        cmd(CMD_ATC_INV, (5ull << 32) | SSV | (9ull << 12), 52),
        cmd(CMD_SYNC, cs(CS_NONE)),
        cmd(CMD_SYNC, cs(CS_IRQ)),
        cmd(CMD_SYNC, cs(CS_SEV)),
    };
    for (const Command& k : ok) EXPECT_EQ(exec(k), CError::NONE) << opcode_name(k.op());
}

TEST_F(SmmuCmds, unknown_secure_and_el3_opcodes_are_illegal) {
    for (uint8_t op : {0x00, 0x07, 0x08, 0x14, 0x18, 0x1A, 0x31, 0x42, 0x47, 0x80, 0xFF})
        EXPECT_EQ(exec(cmd(op)), CError::ILL) << int(op);
}

TEST_F(SmmuCmds, ssec_set_is_illegal_on_the_non_secure_queue) {
    EXPECT_EQ(exec(cmd(CMD_CFGI_STE, SSEC)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NSNH_ALL, SSEC)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_SYNC, SSEC)), CError::ILL);
}

TEST_F(SmmuCmds, cmd_sync_with_cs_3_is_illegal) {
    EXPECT_EQ(exec(cmd(CMD_SYNC, cs(CS_RESERVED))), CError::ILL);
}

TEST_F(SmmuCmds, range_fields_are_illegal_without_ril) {
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, tlbi_num(1), 0x4000)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, 0, 0x4000 | tlbi_tg(1))), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VAA, 0, 0x4000 | tlbi_ttl(3))), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_S2_IPA, 1ull << 20, 0x4000)), CError::ILL);  // SCALE
    EXPECT_EQ(exec(cmd(CMD_TLBI_EL2_VA, 0, 0x4000 | tlbi_tg(3))), CError::ILL);
    EXPECT_TRUE(xlate.invalidations.empty());
}

TEST_F(SmmuCmds, range_fields_follow_the_ril_encoding_rules) {
    params.ril = true;
    EXPECT_EQ(
        exec(cmd(CMD_TLBI_NH_VA, tlbi_num(3) | (2ull << 20), 0x4000 | tlbi_tg(1) | tlbi_ttl(3))),
        CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_TLBI_S2_IPA, tlbi_num(1), 0x4000 | tlbi_tg(3))), CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VAA, 0, 0x4000 | tlbi_tg(2) | tlbi_ttl(2))), CError::NONE);
    // TG != 0 with NUM = SCALE = TTL = 0 is Reserved.
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, 0, 0x4000 | tlbi_tg(1))), CError::ILL);
    // 16K granule with TTL = 1 needs IDR5.DS.
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, tlbi_num(1), 0x4000 | tlbi_tg(2) | tlbi_ttl(1))),
              CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, tlbi_num(1), 0x4000)), CError::ILL);      // NUM without TG
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, 0, 0x4000 | tlbi_ttl(2))), CError::ILL);  // TTL without TG
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_ASID, tlbi_num(1))), CError::ILL);            // not a range form
    ASSERT_EQ(xlate.invalidations.size(), 3u);
    EXPECT_EQ(xlate.invalidations[0].tlbi_num(), 3u);
    EXPECT_EQ(xlate.invalidations[0].tlbi_scale(), 2u);
    EXPECT_EQ(xlate.invalidations[0].tlbi_ttl(), 3u);
}

TEST_F(SmmuCmds, el2_forms_need_hyp) {
    params.hyp = false;
    for (uint8_t op : {CMD_TLBI_EL2_ALL, CMD_TLBI_EL2_ASID, CMD_TLBI_EL2_VA, CMD_TLBI_EL2_VAA})
        EXPECT_EQ(exec(cmd(op)), CError::ILL) << int(op);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_ASID)), CError::NONE);
}

TEST_F(SmmuCmds, stage_specific_tlbis_need_their_stage) {
    params.s1p = false;
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_VA, 0, 0x1000)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_NH_ASID)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_S2_IPA, 0, 0x1000)), CError::NONE);
}

TEST_F(SmmuCmds, stage2_tlbis_need_s2p) {
    params.s2p = false;
    EXPECT_EQ(exec(cmd(CMD_TLBI_S2_IPA, 0, 0x1000)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_TLBI_S12_VMALL)), CError::ILL);
}

TEST_F(SmmuCmds, atc_inv_needs_ats) {
    params.ats = false;
    EXPECT_EQ(exec(cmd(CMD_ATC_INV, 5ull << 32)), CError::ILL);
    EXPECT_TRUE(atc.sids.empty());
}

TEST_F(SmmuCmds, out_of_range_substream_parameters_are_not_errors) {
    params.ssidsize = 0;  // IHI 0070 4.1.7: CONSTRAINED UNPREDICTABLE, not CERROR_ILL
    EXPECT_EQ(exec(cmd(CMD_ATC_INV, (5ull << 32) | SSV | (3ull << 12))), CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_CFGI_CD, 3ull << 12)), CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_PREFETCH_CONFIG, SSV)), CError::NONE);
}

TEST_F(SmmuCmds, pri_and_stall_commands_follow_the_advertised_features) {
    EXPECT_EQ(exec(cmd(CMD_PRI_RESP)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_RESUME)), CError::ILL);
    EXPECT_EQ(exec(cmd(CMD_STALL_TERM)), CError::ILL);
    core.reset();
    params.pri = true;
    params.stall_model = 0;
    EXPECT_EQ(exec(cmd(CMD_PRI_RESP, 0, 2ull << 12)), CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_PRI_RESP, 0, 3ull << 12)), CError::ILL);  // Resp = 3 reserved
    EXPECT_EQ(exec(cmd(CMD_RESUME)), CError::NONE);
    EXPECT_EQ(exec(cmd(CMD_STALL_TERM)), CError::NONE);
}

TEST_F(SmmuCmds, cfgi_and_tlbi_are_forwarded_to_the_translation_side) {
    const uint8_t ops[] = {CMD_CFGI_STE,       CMD_CFGI_STE_RANGE, CMD_CFGI_CD,
                           CMD_CFGI_CD_ALL,    CMD_TLBI_NH_ALL,    CMD_TLBI_NH_ASID,
                           CMD_TLBI_NH_VA,     CMD_TLBI_NH_VAA,    CMD_TLBI_EL2_ALL,
                           CMD_TLBI_EL2_ASID,  CMD_TLBI_EL2_VA,    CMD_TLBI_EL2_VAA,
                           CMD_TLBI_S12_VMALL, CMD_TLBI_S2_IPA,    CMD_TLBI_NSNH_ALL};
    for (uint8_t op : ops) EXPECT_EQ(exec(cmd(op, 0x1234ull << 32, 0x5000)), CError::NONE);
    ASSERT_EQ(xlate.invalidations.size(), std::size(ops));
    for (size_t i = 0; i < std::size(ops); ++i) {
        EXPECT_EQ(xlate.invalidations[i].op(), ops[i]);
        EXPECT_EQ(xlate.invalidations[i].d1, 0x5000u);
    }
    // PREFETCH, ATC_INV and CMD_SYNC are not invalidations of the SMMU's caches.
    exec(cmd(CMD_PREFETCH_ADDR));
    exec(cmd(CMD_ATC_INV));
    exec(cmd(CMD_SYNC));
    EXPECT_EQ(xlate.invalidations.size(), std::size(ops));
    EXPECT_EQ(counter("cmds.TLBI_NH_VA"), 1u);
    EXPECT_EQ(counter("cmds.CMD_SYNC"), 1u);
}

TEST_F(SmmuCmds, unknown_opcode_halts_the_queue_with_ill_until_gerrorn_ack) {
    enable_cmdq();
    push(cmd(CMD_CFGI_STE));
    push(cmd(0x77));
    push(cmd(CMD_TLBI_NH_ASID));
    BatchResult b = run();
    EXPECT_EQ(b.error, CError::ILL);
    EXPECT_EQ(b.executed, 1u);
    // The batch ran ahead of its commands' times: until the bad command fails (after the
    // CFGI_STE's execution), CONS and GERROR show the queue as it was.
    ASSERT_GT(b.busy_ps, 0u);
    advance(b.busy_ps - 1);
    EXPECT_EQ(cons_index(), 0u);
    EXPECT_EQ(cons_err(), 0u);
    EXPECT_EQ(r32(r::GERROR) & 1u, 0u);
    advance(1);
    EXPECT_EQ(cons_index(), 1u);
    EXPECT_EQ(cons_err(), 1u);
    EXPECT_TRUE(c().gerror_active(r::GERROR_CMDQ_ERR));
    EXPECT_EQ(r32(r::GERROR) & 1u, 1u);
    EXPECT_EQ(xlate.invalidations.size(), 1u);  // TLBI after the bad command not executed
    // Still halted: another batch does nothing.
    advance(1000000);
    EXPECT_EQ(run().executed, 0u);
    EXPECT_EQ(cons_err(), 1u);
    // Software fixes the slot (turns it into a CFGI_CD_ALL) and acknowledges.
    mem.poke64(CMDQ_ADDR + 16, CMD_CFGI_CD_ALL);
    w32(r::GERRORN, r32(r::GERROR));
    EXPECT_FALSE(c().gerror_active(r::GERROR_CMDQ_ERR));
    BatchResult b2 = run();
    EXPECT_EQ(b2.error, CError::NONE);
    EXPECT_EQ(b2.executed, 2u);
    advance(b2.busy_ps);
    EXPECT_EQ(cons_index(), 3u);
    EXPECT_EQ(cons_err(), 0u);
    EXPECT_EQ(counter("gerror.CMDQ_ERR"), 1u);
}

TEST_F(SmmuCmds, command_fetch_abort_gives_cerror_abt) {
    enable_cmdq();
    mem.inject_fault(CMDQ_ADDR, CMDQ_ADDR + 0xFF);
    push(cmd(CMD_SYNC));
    BatchResult b = run();
    EXPECT_EQ(b.error, CError::ABT);
    advance(b.busy_ps);  // the failure's time
    EXPECT_EQ(cons_index(), 0u);
    EXPECT_EQ(cons_err(), 2u);
    EXPECT_TRUE(c().gerror_active(r::GERROR_CMDQ_ERR));
    mem.clear_faults();
    w32(r::GERRORN, r32(r::GERROR));
    BatchResult b2 = run();
    EXPECT_EQ(b2.executed, 1u);
}

TEST_F(SmmuCmds, cmdq_error_raises_the_gerror_interrupt_wired_or_msi) {
    enable_cmdq();
    set_irq_ctrl(0x1);
    push(cmd(0x77));
    BatchResult b = run();
    advance(b.busy_ps + c().timing().irq_issue_ps() - 1);
    EXPECT_EQ(irq_gerror.rises, 0u);  // signalled at the failure time + irq_issue
    advance(1);
    EXPECT_EQ(irq_gerror.rises, 1u);
    // Second error while the first is still active: no new toggle, no new interrupt.
    c().process_cmdq_batch(now);
    EXPECT_EQ(counter("gerror.CMDQ_ERR"), 1u);
    // With an MSI address configured the interrupt is also a memory write (IHI 0070 3.18.2:
    // an enabled source pulses its wired output, if any, and sends its MSI, if configured).
    set_irq_ctrl(0x0);
    w64(r::GERROR_IRQ_CFG0, 0x9000);
    w32(r::GERROR_IRQ_CFG1, 0x55);
    set_irq_ctrl(0x1);
    w32(r::GERRORN, r32(r::GERROR));
    run();  // the same bad command fails again
    advance(1000000);
    EXPECT_EQ(mem.peek32(0x9000), 0x55u);
    EXPECT_EQ(irq_gerror.rises, 2u);
}

TEST_F(SmmuCmds, cmd_sync_waits_for_invalidation_propagation) {
    xlate.cost.entries_scanned = 10;
    enable_cmdq();
    const uint64_t t0 = now;
    push(cmd(CMD_TLBI_NH_ASID, 7ull << 48));
    push(cmd(CMD_SYNC));
    BatchResult b = run();
    ASSERT_EQ(b.error, CError::NONE);
    EXPECT_TRUE(b.sync_pending);
    // Fetch 50 ns + 2 cycles; TLBI 4 + 10 scanned cycles; propagation 64 cycles.
    const uint64_t tlbi_start = t0 + MEM_LAT + 2000;
    const uint64_t expect = tlbi_start + 14000 + 64000;
    EXPECT_EQ(c().cmdq().wake_time(), expect);
    uint64_t v;
    c().mmio_read(r::CMDQ_CONS, 4, v, expect - 1);
    EXPECT_EQ(v & 0xFFFFF, 0u);
    c().mmio_read(r::CMDQ_CONS, 4, v, expect);
    EXPECT_EQ(v & 0xFFFFF, 2u);
    const gsim::Histogram* h = stats.find_histogram("smmu.cmd_sync_latency");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->count(), 1u);
    EXPECT_EQ(h->max(), expect - (tlbi_start + 14000));
}

TEST_F(SmmuCmds, per_page_invalidation_cost_model_charges_pages) {
    params.inv_cost_model = "per_page";
    params.inv_cycles_per_page = 3;
    xlate.cost.entries_scanned = 1000;
    xlate.cost.pages = 5;
    QueueContext q;
    CmdOutcome o = c().execute(cmd(CMD_TLBI_NH_VA, 0, 0x1000), q, now);
    EXPECT_EQ(o.issue_ps, (4 + 15) * 1000u);
    EXPECT_EQ(o.complete_ps, now + o.issue_ps + 64000);
    EXPECT_EQ(q.inflight_until_ps, o.complete_ps);
}

TEST_F(SmmuCmds, cmd_sync_waits_for_atc_invalidation_completion) {
    atc.round_trip_ps = 700000;
    enable_cmdq();
    push(cmd(CMD_ATC_INV, 0x42ull << 32, 52));
    push(cmd(CMD_SYNC));
    BatchResult b = run();
    ASSERT_EQ(b.error, CError::NONE);
    ASSERT_EQ(atc.sids.size(), 1u);
    EXPECT_EQ(atc.sids[0], 0x42u);
    EXPECT_EQ(c().cmdq().wake_time(), atc.issued_at[0] + 700000);
}

TEST_F(SmmuCmds, atc_inv_passes_every_field_to_the_endpoint_side) {
    QueueContext q;
    Command k = cmd(CMD_ATC_INV, (0x1234ull << 32) | SSV | (0xABCDEull << 12) | (1ull << 9),
                    0xFFFF123456789000ull | 12);
    CmdOutcome o = c().execute(k, q, now);
    EXPECT_EQ(o.err, CError::NONE);
    ASSERT_EQ(atc.sids.size(), 1u);
    EXPECT_EQ(atc.sids[0], 0x1234u);
    EXPECT_TRUE(atc.last.ssv);
    EXPECT_EQ(atc.last.ssid, 0xABCDEu);
    EXPECT_EQ(atc.last.addr, 0xFFFF123456789000ull);
    EXPECT_EQ(atc.last.size, 12u);
    EXPECT_TRUE(atc.last.global);
    EXPECT_EQ(atc.issued_at[0], now + 4000);  // after the executor's issue cost
    EXPECT_EQ(o.complete_ps, now + 4000 + atc.round_trip_ps);
    EXPECT_EQ(q.inflight_until_ps, o.complete_ps);
    EXPECT_TRUE(xlate.invalidations.empty());
}

TEST_F(SmmuCmds, atc_inv_timeout_makes_the_next_sync_fail_with_atc_inv_sync) {
    atc.completes = false;
    enable_cmdq();
    push(cmd(CMD_ATC_INV, 0x42ull << 32));
    push(cmd(CMD_SYNC));
    BatchResult b = run();
    EXPECT_EQ(b.error, CError::ATC_INV_SYNC);
    advance(b.busy_ps);  // the failure's time
    EXPECT_EQ(cons_index(), 1u);  // CONS at the CMD_SYNC
    EXPECT_EQ(cons_err(), 3u);
    EXPECT_TRUE(c().gerror_active(r::GERROR_CMDQ_ERR));
    EXPECT_EQ(counter("atc_inv_timeouts"), 1u);
    w32(r::GERRORN, r32(r::GERROR));
    BatchResult b2 = run();  // the SYNC re-executes and completes
    EXPECT_EQ(b2.error, CError::NONE);
    EXPECT_EQ(b2.syncs, 1u);
}

TEST_F(SmmuCmds, atc_inv_answer_later_than_the_timeout_counts_as_timeout) {
    params.atc_inv_timeout_ns = 100;
    atc.round_trip_ps = 200000;
    QueueContext q;
    c().execute(cmd(CMD_ATC_INV), q, now);
    EXPECT_TRUE(q.atc_timeout);
    EXPECT_EQ(c().execute(cmd(CMD_SYNC), q, now).err, CError::ATC_INV_SYNC);
}

TEST_F(SmmuCmds, cmd_sync_msi_is_a_memory_write_at_completion_time) {
    enable_cmdq();
    push(cmd(CMD_TLBI_NSNH_ALL));
    push(cmd(CMD_SYNC, cs(CS_IRQ) | (0xCAFEull << 32), 0x8000));
    BatchResult b = run();
    ASSERT_TRUE(b.sync_pending);
    const uint64_t done = c().cmdq().wake_time();
    EXPECT_EQ(c().next_deadline(), done);
    EXPECT_EQ(mem.peek32(0x8000), 0u);
    c().run_due(done - 1);
    EXPECT_EQ(mem.peek32(0x8000), 0u);
    c().run_due(done);
    EXPECT_EQ(mem.peek32(0x8000), 0xCAFEu);
    EXPECT_EQ(irq_sync.rises, 1u);  // the wired output is pulsed as well
    EXPECT_EQ(counter("msi_writes"), 1u);
}

TEST_F(SmmuCmds, without_wired_outputs_cmd_sync_irq_is_only_the_msi) {
    params.wired_irqs = false;
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_IRQ) | (0x77ull << 32), 0x8000));
    advance(run().busy_ps);
    EXPECT_EQ(mem.peek32(0x8000), 0x77u);
    EXPECT_EQ(irq_sync.rises, 0u);
}

TEST_F(SmmuCmds, cmd_sync_signal_is_not_observable_before_cons_passes_the_sync) {
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_IRQ) | (0x5Aull << 32), 0x8000));  // completes at once...
    push(cmd(CMD_CFGI_STE));
    push(cmd(CMD_CFGI_STE));  // ...but CONS moves at batch end
    BatchResult b = run();
    ASSERT_FALSE(b.sync_pending);
    const uint64_t end = now + b.busy_ps;
    EXPECT_EQ(c().next_deadline(), end);
    c().run_due(end - 1);
    EXPECT_EQ(mem.peek32(0x8000), 0u);
    uint64_t v;
    c().mmio_read(r::CMDQ_CONS, 4, v, end - 1);
    EXPECT_EQ(v & 0xFFFFF, 0u);
    c().mmio_read(r::CMDQ_CONS, 4, v, end);
    EXPECT_EQ(v & 0xFFFFF, 3u);
    EXPECT_EQ(mem.peek32(0x8000), 0x5Au);
}

TEST_F(SmmuCmds, cmd_sync_irq_without_msi_address_pulses_the_wired_line) {
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_IRQ)));
    advance(run().busy_ps);
    EXPECT_EQ(irq_sync.rises, 1u);
    EXPECT_EQ(counter("msi_writes"), 0u);
}

TEST_F(SmmuCmds, cmd_sync_irq_without_msi_support_pulses_the_wired_line) {
    params.msi = false;
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_IRQ), 0x8000));
    advance(run().busy_ps);
    EXPECT_EQ(irq_sync.rises, 1u);
    EXPECT_EQ(mem.peek32(0x8000), 0u);
}

TEST_F(SmmuCmds, cmd_sync_sev_is_counted_and_signalled) {
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_SEV)));
    advance(run().busy_ps);
    EXPECT_EQ(c().sev_count(), 1u);
    EXPECT_EQ(irq_sev.rises, 1u);
}

TEST_F(SmmuCmds, cmd_sync_msi_abort_raises_msi_cmdq_abt_err) {
    mem.inject_fault(0x8000, 0x8003, gsim::MemStatus::SLAVE_ERROR, false, true);
    enable_cmdq();
    push(cmd(CMD_SYNC, cs(CS_IRQ) | (1ull << 32), 0x8000));
    advance(run().busy_ps);
    EXPECT_TRUE(c().gerror_active(r::GERROR_MSI_CMDQ_ABT_ERR));
    EXPECT_FALSE(c().gerror_active(r::GERROR_CMDQ_ERR));
}

TEST_F(SmmuCmds, cmd_sync_on_a_non_main_queue_treats_cs_as_none) {
    QueueContext q;
    q.id = 3;
    q.main_cmdq = false;
    CmdOutcome o = c().execute(cmd(CMD_SYNC, cs(CS_IRQ) | (7ull << 32), 0x8000), q, now);
    EXPECT_EQ(o.err, CError::NONE);
    c().run_due(o.complete_ps);
    EXPECT_EQ(mem.peek32(0x8000), 0u);
    EXPECT_EQ(irq_sync.rises, 0u);
    EXPECT_EQ(counter("cmd_sync_cs_ignored_non_main"), 1u);
}

TEST_F(SmmuCmds, main_sync_listener_is_called_at_main_queue_sync_completion_only) {
    std::vector<uint64_t> calls;
    c().set_main_sync_listener([&](uint64_t t) { calls.push_back(t); });
    QueueContext vq;
    vq.main_cmdq = false;
    CmdOutcome ov = c().execute(cmd(CMD_SYNC), vq, now);
    c().run_due(ov.complete_ps);
    EXPECT_TRUE(calls.empty());
    QueueContext mq;
    mq.inflight_until_ps = now + 90000;
    CmdOutcome om = c().execute(cmd(CMD_SYNC), mq, now);
    EXPECT_EQ(om.complete_ps, now + 90000);
    c().run_due(om.complete_ps - 1);
    EXPECT_TRUE(calls.empty());
    c().run_due(om.complete_ps);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0], now + 90000);
}

TEST_F(SmmuCmds, queue_wraps_for_a_two_entry_queue) {
    enable_cmdq(1);
    for (int i = 0; i < 5; ++i) {
        push(cmd(CMD_CFGI_STE, uint64_t(i) << 32));
        BatchResult b = run();
        ASSERT_EQ(b.executed, 1u) << i;
        advance(b.busy_ps);
    }
    EXPECT_EQ(xlate.invalidations.size(), 5u);
    EXPECT_EQ(xlate.invalidations[4].sid(), 4u);
    EXPECT_EQ(r32(r::CMDQ_CONS), r32(r::CMDQ_PROD));
    EXPECT_EQ(r32(r::CMDQ_CONS), 1u);  // 5 mod 4 (index 1, wrap 0)
}

TEST_F(SmmuCmds, batch_limits_come_from_params) {
    params.cmdq_batch_cmds = 3;
    params.cmdq_fetch_burst = 2;
    BatchLimits l = c().cmdq_limits();
    EXPECT_EQ(l.max_cmds, 3u);
    EXPECT_EQ(l.fetch_burst, 2u);
    EXPECT_EQ(l.fetch_overhead_ps, 2000u);
    enable_cmdq();
    for (int i = 0; i < 5; ++i) push(cmd(CMD_CFGI_STE));
    BatchResult b = run();
    EXPECT_EQ(b.executed, 3u);
    EXPECT_EQ(b.fetches, 2u);
    const gsim::Histogram* occ = stats.find_histogram("smmu.cmdq_occupancy");
    ASSERT_NE(occ, nullptr);
    EXPECT_EQ(occ->max(), 5u);
}
