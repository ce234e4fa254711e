// CMDQV core, queue level: engines and gating, guest filtering and substitution, errors,
// map aggregation and the interrupt, recovery, CONS write-back, latent ATC timeout, batching,
// arbitration and isolation.
#include "cmdqv_fixture.h"

#include "smmuv3/core/cmd_arbiter.h"

using namespace cmdqv_test;
using namespace smmu::core;

using Queues = CmdqvFixture;

namespace {

const uint8_t ALL_OPCODES[] = {
    CMD_PREFETCH_CONFIG, CMD_PREFETCH_ADDR, CMD_CFGI_STE,      CMD_CFGI_STE_RANGE, CMD_CFGI_CD,
    CMD_CFGI_CD_ALL,     CMD_CFGI_VMS_PIDM, CMD_TLBI_NH_ALL,   CMD_TLBI_NH_ASID,   CMD_TLBI_NH_VA,
    CMD_TLBI_NH_VAA,     CMD_TLBI_EL3_ALL,  CMD_TLBI_EL3_VA,   CMD_TLBI_EL2_ALL,   CMD_TLBI_EL2_ASID,
    CMD_TLBI_EL2_VA,     CMD_TLBI_EL2_VAA,  CMD_TLBI_S12_VMALL, CMD_TLBI_S2_IPA,   CMD_TLBI_NSNH_ALL,
    CMD_ATC_INV,         CMD_PRI_RESP,      CMD_RESUME,        CMD_STALL_TERM,     CMD_SYNC,
};

bool guest_whitelisted(uint8_t op) {
    return op == CMD_TLBI_NH_ASID || op == CMD_TLBI_NH_VA || op == CMD_ATC_INV || op == CMD_SYNC;
}

}  // namespace

TEST_F(Queues, host_owned_queue_executes_in_order_and_advances_cons) {
    setup_default();
    push(0, 0, {tlbi_nh_va(3, 9, 0x1000), cmd(CMD_TLBI_NH_ASID, uint64_t{9} << 48), cmd_sync()});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), 3u);
    ASSERT_EQ(exec.seen.size(), 3u);
    EXPECT_EQ(exec.seen[0].cmd.op(), CMD_TLBI_NH_VA);
    EXPECT_EQ(exec.seen[1].cmd.op(), CMD_TLBI_NH_ASID);
    EXPECT_EQ(exec.seen[2].cmd.op(), CMD_SYNC);
    EXPECT_EQ(exec.seen[0].queue_id, 1u + gq(0, 0));
    EXPECT_FALSE(exec.seen[0].main_cmdq);
    EXPECT_EQ(mem.reads, 1u);  // one burst fetch from BASE
}

TEST_F(Queues, host_owned_queue_runs_every_opcode_verbatim) {
    setup_default();
    std::vector<Command> cmds;
    for (uint8_t op : ALL_OPCODES) {
        if (op != CMD_SYNC) cmds.push_back(cmd(op, 0x1234'5678'0000'0000ull, 0xabc000));
    }
    push(0, 1, cmds);
    drain(gq(0, 1));
    ASSERT_EQ(exec.seen.size(), cmds.size());
    for (size_t i = 0; i < cmds.size(); ++i) EXPECT_EQ(exec.seen[i].cmd, cmds[i]) << i;
    EXPECT_EQ(cons(0, 1), cmds.size());
}

TEST_F(Queues, guest_owned_queue_executes_only_the_whitelist) {
    for (uint8_t op : ALL_OPCODES) {
        SetUp();
        exec.seen.clear();
        setup_default();
        w32(vb(1) + regs::VINTF_SID_REPLACE, 0x77);
        w32(vb(1) + regs::VINTF_SID_MATCH, (0x12u << 1) | 1);
        push(1, 0, {cmd_sync(), cmd(op, op == CMD_ATC_INV ? uint64_t{0x12} << 32 : 0), cmd_sync()});
        drain(gq(1, 0));
        if (guest_whitelisted(op)) {
            EXPECT_EQ(cons(1, 0), 3u) << opcode_name(op);
            EXPECT_EQ(exec.seen.size(), 3u) << opcode_name(op);
        } else {
            EXPECT_EQ(cons(1, 0), (4u << 24) | 1u) << opcode_name(op);  // ILL_ACCESS at slot 1
            EXPECT_EQ(exec.seen.size(), 1u) << opcode_name(op);  // the executor never saw it
        }
    }
}

TEST_F(Queues, guest_illegal_cerror_is_configurable) {
    CmdqvParams p;
    p.guest_illegal_cerror = 1;
    make(p);
    setup_default();
    push(1, 1, {cmd(CMD_TLBI_NSNH_ALL)});
    drain(gq(1, 1));
    EXPECT_EQ(cons(1, 1), 1u << 24);  // CERROR_ILL at slot 0
}

TEST_F(Queues, guest_tlbi_vmid_is_replaced_by_the_vintf_vmid) {
    setup_default();  // VINTF1: VMID 7
    push(1, 0, {tlbi_nh_va(0x55, 9, 0x4000), cmd(CMD_TLBI_NH_ASID, (uint64_t{0x66} << 32) | (uint64_t{9} << 48))});
    drain(gq(1, 0));
    ASSERT_EQ(exec.seen.size(), 2u);
    EXPECT_EQ(exec.seen[0].cmd.vmid(), 7u);
    EXPECT_EQ(exec.seen[0].cmd.asid(), 9u);
    EXPECT_EQ(exec.seen[0].cmd.tlbi_addr(), 0x4000u);
    EXPECT_EQ(exec.seen[1].cmd.vmid(), 7u);
    EXPECT_EQ(stats.value("cmdqv.vintf1.vmid_substitutions"), 2u);
}

TEST_F(Queues, host_tlbi_vmid_is_not_replaced) {
    setup_default();
    w32(vb(0) + regs::VINTF_CONFIG, (1u << 17) | (3u << 1) | 1);  // host VINTF with VMID 3
    push(0, 0, {tlbi_nh_va(0x55, 9, 0x4000)});
    drain(gq(0, 0));
    ASSERT_EQ(exec.seen.size(), 1u);
    EXPECT_EQ(exec.seen[0].cmd.vmid(), 0x55u);
}

TEST_F(Queues, guest_atc_inv_sid_is_replaced_on_a_match) {
    setup_default();
    w32(vb(1) + regs::VINTF_SID_REPLACE + 4 * 3, 0x8001);
    w32(vb(1) + regs::VINTF_SID_MATCH + 4 * 3, (0x10u << 1) | 1);
    push(1, 0, {atc_inv(0x10, 0x9000), cmd_sync()});
    drain(gq(1, 0));
    ASSERT_EQ(exec.seen.size(), 2u);
    EXPECT_EQ(exec.seen[0].cmd.sid(), 0x8001u);
    EXPECT_EQ(exec.seen[0].cmd.atc_addr(), 0x9000u);
    EXPECT_EQ(cons(1, 0), 2u);
}

TEST_F(Queues, guest_atc_inv_with_an_unregistered_sid_is_an_error_never_a_pass_through) {
    setup_default();
    w32(vb(1) + regs::VINTF_SID_REPLACE, 0x8001);
    w32(vb(1) + regs::VINTF_SID_MATCH, 0x10u << 1);  // ENABLE = 0
    w32(vb(0) + regs::VINTF_SID_REPLACE, 0x9999);    // another VINTF's pair does not count
    w32(vb(0) + regs::VINTF_SID_MATCH, (0x10u << 1) | 1);
    push(1, 0, {atc_inv(0x10)});
    drain(gq(1, 0));
    EXPECT_TRUE(exec.seen.empty());
    EXPECT_EQ(cons(1, 0), 4u << 24);
    EXPECT_EQ(stats.value("cmdqv.vintf1.sid_misses"), 1u);
}

TEST_F(Queues, guest_vsid_wider_than_virt_sid_never_matches) {
    CmdqvParams p;
    p.sid_miss_cerror = 1;
    make(p);
    setup_default();
    w32(vb(1) + regs::VINTF_SID_REPLACE, 0x8001);
    w32(vb(1) + regs::VINTF_SID_MATCH, (0x10u << 1) | 1);
    push(1, 0, {atc_inv(0x100010)});  // bit 20 set: truncation would alias 0x10
    drain(gq(1, 0));
    EXPECT_TRUE(exec.seen.empty());
    EXPECT_EQ(cons(1, 0), 1u << 24);
}

TEST_F(Queues, cmd_sync_with_cs_irq_runs_as_cs_none_by_default) {
    setup_default();
    push(0, 0, {cmd_sync(CS_IRQ), cmd_sync(CS_SEV)});
    drain(gq(0, 0));
    ASSERT_EQ(exec.seen.size(), 2u);
    EXPECT_EQ(exec.seen[0].cmd.sync_cs(), CS_NONE);
    EXPECT_EQ(exec.seen[1].cmd.sync_cs(), CS_NONE);
    EXPECT_EQ(cons(0, 0), 2u);
}

TEST_F(Queues, cmd_sync_with_cs_irq_is_illegal_under_the_ill_policy_and_cs3_always) {
    CmdqvParams p;
    p.cs_on_vcmdq = "ill";
    make(p);
    setup_default();
    push(1, 0, {cmd_sync(CS_IRQ)});
    drain(gq(1, 0));
    EXPECT_EQ(cons(1, 0), 1u << 24);
    make(CmdqvParams{});
    setup_default();
    push(0, 0, {cmd_sync(CS_RESERVED)});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), 1u << 24);
}

TEST_F(Queues, queue_runs_only_when_mapped_and_enabled_at_all_three_levels) {
    setup_default();
    const unsigned q = gq(1, 1);
    push(1, 1, {cmd_sync()});
    // VINTF disabled: not runnable.
    w32(vb(1) + regs::VINTF_CONFIG, 7u << 1);
    settle();
    core->advance(t);
    EXPECT_FALSE(core->vcmdq(q).ready(t));
    w32(vb(1) + regs::VINTF_CONFIG, (7u << 1) | 1);
    core->advance(t);
    EXPECT_FALSE(core->vcmdq(q).ready(t));  // handshake still in flight
    settle();
    core->advance(t);
    EXPECT_TRUE(core->vcmdq(q).ready(t));
    // CMDQV disabled: not runnable.
    w32(regs::CONFIG, r32(regs::CONFIG) & ~1u);
    settle();
    core->advance(t);
    EXPECT_FALSE(core->vcmdq(q).ready(t));
    EXPECT_EQ(core->process_vcmdq_batch(q, exec, t).executed, 0u);
    w32(regs::CONFIG, r32(regs::CONFIG) | 1u);
    settle();
    drain(q);
    EXPECT_EQ(cons(1, 1), 1u);
}

TEST_F(Queues, doorbells_open_no_gate_and_a_gate_still_opens_when_its_handshake_settles) {
    // A VCMDQ_PROD write leaves the gates to regate()'s time check (it changes no enable):
    // the queue must still start when its enable handshake settles with no write after it,
    // and must stay gated off, doorbell or not, while its VINTF is disabled.
    setup_default();
    const unsigned q = gq(1, 0);
    auto ready_now = [&] {
        core->advance(t);
        return core->vcmdq(q).ready(t);
    };
    w32(lp0(1, 0) + regs::VCMDQ_CONFIG, 0);
    settle();
    EXPECT_FALSE(ready_now());
    w32(lp0(1, 0) + regs::VCMDQ_CONFIG, 1);
    push(1, 0, {cmd_sync()});
    EXPECT_FALSE(ready_now());  // enable handshake in flight
    t += 1000;
    push(1, 0, {cmd_sync()});
    EXPECT_FALSE(ready_now());
    settle();
    EXPECT_TRUE(ready_now());
    drain(q);
    EXPECT_EQ(cons(1, 0), 2u);
    w32(vb(1) + regs::VINTF_CONFIG, 7u << 1);
    settle();
    push(1, 0, {cmd_sync()});
    EXPECT_FALSE(ready_now());
    settle();
    EXPECT_FALSE(ready_now());
    w32(vb(1) + regs::VINTF_CONFIG, (7u << 1) | 1);
    settle();
    drain(q);
    EXPECT_EQ(cons(1, 0), 3u);
}

TEST_F(Queues, an_enabled_but_unmapped_queue_never_runs) {
    preassign();
    w32(vb(0) + regs::VINTF_CONFIG, (1u << 17) | 1);
    w64(dp1(0) + regs::VCMDQ_BASE_L, qbase(0) | QLOG2);
    w32(dp0(0) + regs::VCMDQ_CONFIG, 1);
    mem.poke64(qbase(0), CMD_SYNC);
    w32(dp0(0) + regs::VCMDQ_PROD, 1);
    settle();
    drain(0);
    EXPECT_TRUE(exec.seen.empty());
    EXPECT_EQ(r32(dp0(0) + regs::VCMDQ_STATUS), 1u);
}

TEST_F(Queues, error_sets_gerror_and_aggregates_into_all_three_maps_and_the_irq) {
    setup_default();
    push(1, 1, {cmd(CMD_CFGI_CD)});
    drain(gq(1, 1));
    EXPECT_EQ(r32(lp0(1, 1) + regs::VCMDQ_GERROR), regs::GERROR_CMDQ_ERR);
    EXPECT_EQ(r32(lp0(1, 1) + regs::VCMDQ_GERRORN), 0u);
    EXPECT_EQ(r64(vb(1) + regs::VINTF_LVCMDQ_ERR_MAP), 0b10u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_LVCMDQ_ERR_MAP), 0b10u);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 1u << gq(1, 1));
    EXPECT_EQ(r64(regs::VINTF_ERR_MAP), 0b10u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_STATUS) & 0xe, 1u << 1);
    EXPECT_EQ(r32(vb(0) + regs::VINTF_STATUS) & 0xe, 0u);
    EXPECT_EQ(irq.rises, 1);  // edge: one pulse
    EXPECT_FALSE(irq.level);
    EXPECT_EQ(stats.value("cmdqv.vcmdq3.errors"), 1u);
    EXPECT_EQ(stats.value("cmdqv.vintf1.errors"), 1u);
}

TEST_F(Queues, high_vcmdq_and_vintf_indices_land_in_the_upper_map_words) {
    setup_default();
    bring_up_vintf(63, false, 9, 2);
    push(63, 1, {cmd(CMD_CFGI_STE_RANGE)});
    drain(127);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP + 12), 1u << 31);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 0u);
    EXPECT_EQ(r32(regs::VINTF_ERR_MAP + 4), 1u << 31);
    EXPECT_EQ(r64(regs::VINTF_ERR_MAP), uint64_t{1} << 63);
    EXPECT_EQ(r32(vb(63) + regs::VINTF_LVCMDQ_ERR_MAP), 0b10u);
}

TEST_F(Queues, vintf_int_mask_holds_back_the_irq_until_unmasked) {
    setup_default();
    w32(regs::VINTF_INT_MASK, 0b10);
    push(1, 0, {cmd(CMD_CFGI_STE)});
    drain(gq(1, 0));
    EXPECT_EQ(r32(regs::VINTF_ERR_MAP), 0b10u);  // the map still shows it
    EXPECT_EQ(irq.rises, 0);
    push(0, 0, {cmd(0xFE)});  // host queue error: VINTF0 is not masked
    drain(gq(0, 0));
    EXPECT_EQ(irq.rises, 1);
    w32(regs::VINTF_INT_MASK, 0);
    EXPECT_EQ(irq.rises, 2);
}

TEST_F(Queues, level_irq_stays_asserted_until_every_unmasked_error_is_acknowledged) {
    CmdqvParams p;
    p.irq_mode = "level";
    make(p);
    setup_default();
    push(1, 0, {cmd(CMD_CFGI_STE)});
    drain(gq(1, 0));
    EXPECT_TRUE(irq.level);
    EXPECT_TRUE(core->irq_level());
    w32(regs::VINTF_INT_MASK, 0b10);
    EXPECT_FALSE(irq.level);
    w32(regs::VINTF_INT_MASK, 0);
    EXPECT_TRUE(irq.level);
    w32(lp0(1, 0) + regs::VCMDQ_GERRORN, r32(lp0(1, 0) + regs::VCMDQ_GERROR));
    EXPECT_FALSE(irq.level);
    EXPECT_EQ(irq.rises, 2);
}

TEST_F(Queues, gerrorn_ack_after_patching_resumes_the_queue_and_clears_the_maps) {
    setup_default();
    const unsigned q = gq(1, 0);
    push(1, 0, {tlbi_nh_va(1, 2, 0x1000), cmd(CMD_CFGI_STE), tlbi_nh_va(1, 2, 0x2000), cmd_sync()});
    drain(q);
    const uint32_t c = cons(1, 0);
    ASSERT_EQ(c, (4u << 24) | 1u);
    // Second drain while halted: nothing happens.
    drain(q);
    EXPECT_EQ(exec.seen.size(), 1u);
    // Guest ISR: patch the failing slot with a CMD_SYNC (CS_NONE), then ack.
    mem.poke64(qbase(q) + 16 * (c & 0xfffff), CMD_SYNC);
    mem.poke64(qbase(q) + 16 * (c & 0xfffff) + 8, 0);
    w32(lp0(1, 0) + regs::VCMDQ_GERRORN, r32(lp0(1, 0) + regs::VCMDQ_GERROR));
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 0u);
    EXPECT_EQ(r32(regs::VINTF_ERR_MAP), 0u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_LVCMDQ_ERR_MAP), 0u);
    drain(q);
    EXPECT_EQ(cons(1, 0), 4u);  // ERR cleared by progress
    EXPECT_EQ(exec.seen.size(), 4u);
    // A second error toggles GERROR back: active again while GERROR != GERRORN.
    push(1, 0, {cmd(CMD_CFGI_STE)});
    drain(q);
    EXPECT_EQ(r32(lp0(1, 0) + regs::VCMDQ_GERROR), 0u);
    EXPECT_EQ(r32(lp0(1, 0) + regs::VCMDQ_GERRORN), 1u);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 1u << q);
}

TEST_F(Queues, fetch_abort_reports_abt_and_is_retried_after_the_ack) {
    setup_default();
    const unsigned q = gq(0, 1);
    push(0, 1, {cmd_sync()});
    mem.inject_fault(qbase(q), qbase(q) + 0xfff);
    drain(q);
    EXPECT_EQ(cons(0, 1), 2u << 24);
    mem.clear_faults();
    w32(lp0(0, 1) + regs::VCMDQ_GERRORN, 1);
    drain(q);
    EXPECT_EQ(cons(0, 1), 1u);
}

TEST_F(Queues, cons_is_written_back_to_cons_indx_base_when_cons_dram_en) {
    setup_default();
    w32(regs::CONFIG, r32(regs::CONFIG) | (1u << 20));
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 0);
    settle();
    w64(lp1(0, 0) + regs::VCMDQ_CONS_INDX_BASE_L, 0x300000);
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 1);
    settle();
    mem.poke32(0x300000, 0xffffffff);
    push(0, 0, {cmd_sync(), cmd_sync(), cmd_sync()});
    drain(gq(0, 0));
    EXPECT_EQ(mem.peek32(0x300000), 3u);
    EXPECT_EQ(stats.value("cmdqv.vcmdq0.cons_writebacks"), 1u);
}

TEST_F(Queues, cons_write_back_is_off_without_cons_dram_en) {
    setup_default();
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 0);
    settle();
    w64(lp1(0, 0) + regs::VCMDQ_CONS_INDX_BASE_L, 0x300000);
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 1);
    settle();
    mem.reset_counts();
    push(0, 0, {cmd_sync()});
    drain(gq(0, 0));
    EXPECT_EQ(mem.writes, 0u);
}

TEST_F(Queues, cons_write_back_abort_raises_cons_dram_wr_abt_err_and_halts) {
    setup_default();
    w32(regs::CONFIG, r32(regs::CONFIG) | (1u << 20));
    // CONS_INDX_BASE left at 0; make address 0 abort.
    mem.inject_fault(0, 0xff, gsim::MemStatus::SLAVE_ERROR, false, true);
    push(0, 0, {cmd_sync()});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), 1u);  // the command itself completed
    EXPECT_EQ(r32(lp0(0, 0) + regs::VCMDQ_GERROR), regs::GERROR_CONS_DRAM_WR_ABT_ERR);
    EXPECT_TRUE(core->vcmdq(0).halted());
    EXPECT_EQ(r32(regs::VINTF_ERR_MAP), 1u);
    EXPECT_EQ(irq.rises, 1);
    mem.clear_faults();
    w32(lp0(0, 0) + regs::VCMDQ_GERRORN, regs::GERROR_CONS_DRAM_WR_ABT_ERR);
    EXPECT_FALSE(core->vcmdq(0).halted());
    push(0, 0, {cmd_sync()});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), 2u);
}

TEST_F(Queues, latent_atc_timeout_survives_disable_and_is_flushed_by_a_main_cmdq_sync) {
    setup_default();
    const unsigned q = gq(0, 0);
    // ATC_INV that times out, no trailing CMD_SYNC; then the queue is torn down.
    push(0, 0, {atc_inv(0x10, FakeExecutor::TIMEOUT_ADDR)});
    drain(q);
    ASSERT_EQ(cons(0, 0), 1u);
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 0);
    settle();
    w32(lp0(0, 0) + regs::VCMDQ_PROD, 0);
    w32(lp0(0, 0) + regs::VCMDQ_CONS, 0);
    EXPECT_TRUE(core->vcmdq(q).context().atc_timeout);  // survives the disable
    // Without the flush the next owner's CMD_SYNC would fail.
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 1);
    settle();
    push(0, 0, {cmd_sync()});
    drain(q);
    EXPECT_EQ(cons(0, 0), 3u << 24);
    // Deinit with the flush: a CMD_SYNC on the main CMDQ clears it on every VCMDQ.
    core->vcmdq(5).context().atc_timeout = true;
    core->on_main_cmdq_sync();
    EXPECT_FALSE(core->vcmdq(q).context().atc_timeout);
    EXPECT_FALSE(core->vcmdq(5).context().atc_timeout);
    w32(lp0(0, 0) + regs::VCMDQ_GERRORN, r32(lp0(0, 0) + regs::VCMDQ_GERROR));
    drain(q);
    EXPECT_EQ(cons(0, 0), 1u);  // the CMD_SYNC re-executed and completed
}

TEST_F(Queues, cmdq_max_cmd_batch_limits_a_batch) {
    setup_default();
    uint32_t cfg = r32(regs::CONFIG);
    cfg = static_cast<uint32_t>(regs::CONFIG_CMDQ_MAX_CMD_BATCH.set(cfg, 2));
    cfg = static_cast<uint32_t>(regs::CONFIG_CMDQ_MAX_CLK_BATCH.set(cfg, 0));
    w32(regs::CONFIG, cfg);
    push(0, 0, {cmd_sync(), cmd_sync(), cmd_sync(), cmd_sync(), cmd_sync()});
    auto r = core->process_vcmdq_batch(0, exec, t);
    EXPECT_EQ(r.executed, 2u);
    EXPECT_EQ(core->batch_limits().max_cmds, 2u);
}

TEST_F(Queues, cmdq_max_clk_batch_limits_executor_time_per_batch) {
    setup_default();
    uint32_t cfg = r32(regs::CONFIG);
    cfg = static_cast<uint32_t>(regs::CONFIG_CMDQ_MAX_CMD_BATCH.set(cfg, 0));
    cfg = static_cast<uint32_t>(regs::CONFIG_CMDQ_MAX_CLK_BATCH.set(cfg, 1));  // 64 clk = 64 ns
    w32(regs::CONFIG, cfg);
    EXPECT_EQ(core->batch_limits().max_ps, 64000u);
    push(0, 0, {cmd_sync(), cmd_sync(), cmd_sync()});
    auto r = core->process_vcmdq_batch(0, exec, t);
    EXPECT_EQ(r.executed, 1u);  // the fetch alone exceeds 64 ns: one command, then yield
}

TEST_F(Queues, attach_registers_every_vcmdq_with_the_config_batch_limits) {
    CommandArbiter arb;
    CommandQueue main_cmdq("main");
    arb.add(&main_cmdq, BatchLimits{});
    core->attach(arb);
    EXPECT_EQ(arb.size(), 1u + core->num_vcmdqs());
    EXPECT_EQ(core->vcmdq_of_source(0), -1);
    EXPECT_EQ(core->vcmdq_of_source(1), 0);
    EXPECT_EQ(core->vcmdq_of_source(128), 127);
    EXPECT_EQ(arb.source(5).limits.max_cmds, 32u);
    EXPECT_EQ(arb.source(5).limits.max_ps, 512000u);
    w32(regs::CONFIG, static_cast<uint32_t>(regs::CONFIG_CMDQ_MAX_CMD_BATCH.set(r32(regs::CONFIG), 4)));
    EXPECT_EQ(arb.source(5).limits.max_cmds, 4u);
}

TEST_F(Queues, an_erroring_guest_queue_never_blocks_the_host_or_other_vintfs) {
    setup_default();
    bring_up_vintf(2, false, 11, 1);
    CommandArbiter arb;
    core->attach(arb);
    const std::vector<Command> work(10, tlbi_nh_va(0, 1, 0x1000));
    push(1, 0, {cmd(CMD_CFGI_STE)});  // the guest queue errors at once and stays halted
    push(1, 1, work);
    push(0, 0, work);
    push(2, 0, work);
    int picks = 0;
    for (; picks < 1000; ++picks) {
        core->advance(t);
        long src = arb.pick(t);
        if (src < 0) {
            uint64_t w = arb.next_wake(t);
            if (!w) break;
            t = w;
            continue;
        }
        long q = core->vcmdq_of_source(size_t(src));
        ASSERT_GE(q, 0);
        auto r = core->process_vcmdq_batch(unsigned(q), exec, t);
        t += r.busy_ps + 1;
    }
    t += 1'000'000;
    EXPECT_EQ(cons(1, 0), 4u << 24);
    EXPECT_EQ(cons(1, 1), 10u);
    EXPECT_EQ(cons(0, 0), 10u);
    EXPECT_EQ(cons(2, 0), 10u);
    EXPECT_EQ(stats.value("cmdqv.vcmdq2.batches"), 1u);  // never picked again while halted
    // The other guest's TLBIs carried its own VMID, the host's verbatim.
    EXPECT_EQ(stats.value("cmdqv.vintf2.commands"), 10u);
    EXPECT_EQ(stats.value("cmdqv.vintf1.commands"), 10u);
    EXPECT_EQ(stats.value("cmdqv.vintf0.commands"), 10u);
    unsigned vmid7 = 0, vmid11 = 0, vmid0 = 0;
    for (const auto& s : exec.seen) {
        vmid7 += s.cmd.vmid() == 7;
        vmid11 += s.cmd.vmid() == 11;
        vmid0 += s.cmd.vmid() == 0;
    }
    EXPECT_EQ(vmid7, 10u);
    EXPECT_EQ(vmid11, 10u);
    EXPECT_EQ(vmid0, 10u);
}

TEST_F(Queues, statistics_count_commands_syncs_batches_and_occupancy) {
    setup_default();
    push(0, 1, {tlbi_nh_va(0, 1, 0), cmd_sync(), tlbi_nh_va(0, 1, 0), cmd_sync()});
    drain(gq(0, 1));
    EXPECT_EQ(stats.value("cmdqv.vcmdq1.commands"), 4u);
    EXPECT_EQ(stats.value("cmdqv.vcmdq1.cmd_syncs"), 2u);
    EXPECT_GE(stats.value("cmdqv.vcmdq1.batches"), 1u);
    const gsim::Histogram* occ = stats.find_histogram("cmdqv.vcmdq1.occupancy");
    ASSERT_NE(occ, nullptr);
    EXPECT_EQ(occ->max(), 4u);
    const gsim::Histogram* wait = stats.find_histogram("cmdqv.vcmdq1.arbitration_wait");
    ASSERT_NE(wait, nullptr);
    EXPECT_GE(wait->count(), 1u);
    EXPECT_EQ(stats.value("cmdqv.vintf0.cmd_syncs"), 2u);
}

TEST_F(Queues, a_guest_queue_stalled_on_a_slow_cmd_sync_does_not_hold_up_other_queues) {
    setup_default();
    w32(vb(1) + regs::VINTF_SID_REPLACE, 0x40);
    w32(vb(1) + regs::VINTF_SID_MATCH, (0x4u << 1) | 1);
    CommandArbiter arb;
    core->attach(arb);
    push(1, 0, {atc_inv(0x4, FakeExecutor::SLOW_ADDR), cmd_sync()});
    push(0, 0, std::vector<Command>(5, cmd_sync()));
    const uint64_t t0 = t;
    uint64_t host_done = 0;
    for (int i = 0; i < 100; ++i) {
        core->advance(t);
        long src = arb.pick(t);
        if (src < 0) {
            uint64_t w = arb.next_wake(t);
            if (!w) break;
            t = w;
            continue;
        }
        auto r = core->process_vcmdq_batch(unsigned(core->vcmdq_of_source(size_t(src))), exec, t);
        t += r.busy_ps + 1;
        if (!host_done && core->vcmdq(0).cons(t) == 5) host_done = t;
    }
    ASSERT_NE(host_done, 0u);
    EXPECT_LT(host_done - t0, 10'000'000u);  // the host queue finished within microseconds
    EXPECT_LT(core->vcmdq(gq(1, 0)).cons(host_done), 2u);  // guest still waits on its CMD_SYNC
    t = t0 + 1'000'000'000 + 10'000'000;                   // the ATC_INV takes 1 ms
    EXPECT_EQ(cons(1, 0), 2u);
}

namespace {
// Checks that every parameter declares help and provenance and that defaults are in range.
class ParamChecker : public gsim::ParamVisitor {
public:
    void check(const char* k, const gsim::Param& p) {
        ++count;
        EXPECT_STRNE(p.help, "") << k;
        EXPECT_STRNE(p.source, "") << k;
    }
    void u64(const char* k, uint64_t& v, const gsim::Param& p) override {
        check(k, p);
        EXPECT_GE(v, p.min) << k;
        EXPECT_LE(v, p.max) << k;
    }
    void f64(const char* k, double&, const gsim::Param& p) override { check(k, p); }
    void flag(const char* k, bool&, const gsim::Param& p) override { check(k, p); }
    void str(const char* k, std::string&, const gsim::Param& p) override { check(k, p); }
    void choice(const char* k, std::string& v, std::vector<std::string> c,
                const gsim::Param& p) override {
        check(k, p);
        EXPECT_NE(std::find(c.begin(), c.end(), v), c.end()) << k;
    }
    int count = 0;
};
}  // namespace

TEST(CmdqvParams, every_parameter_has_help_provenance_and_an_in_range_default) {
    CmdqvParams p;
    ParamChecker c;
    p.visit(c);
    EXPECT_GE(c.count, 23);
    EXPECT_EQ(p.config_reset_value(), 0x00020083u);
    EXPECT_EQ(p.param_value(), 0x4671u);
}

TEST_F(Queues, hyp_own_is_sampled_per_command_so_the_host_can_demote_a_vintf) {
    setup_default();
    push(0, 0, {cmd(CMD_CFGI_STE)});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), 1u);
    w32(vb(0) + regs::VINTF_CONFIG, (9u << 1) | 1);  // HYP_OWN cleared, VMID 9
    push(0, 0, {tlbi_nh_va(0, 1, 0), cmd(CMD_CFGI_STE)});
    drain(gq(0, 0));
    EXPECT_EQ(cons(0, 0), (4u << 24) | 2u);
    EXPECT_EQ(exec.seen.back().cmd.vmid(), 9u);
}
