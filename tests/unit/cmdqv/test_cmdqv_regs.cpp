// CMDQV core, register level: PARAM and sizing, register policy, handshakes, sticky state,
// allocation map, logical-window aliasing, RAZ/WI unmapped windows, order violations.
#include "cmdqv_fixture.h"

using namespace cmdqv_test;

using Regs = CmdqvFixture;

TEST_F(Regs, param_and_aperture_follow_grace_like_defaults) {
    EXPECT_EQ(r32(regs::PARAM), 0x4671u);  // VER 1, 2^7 VCMDQs, 2^6 VINTFs, 2^4 SIDs
    EXPECT_EQ(core->num_vcmdqs(), 128u);
    EXPECT_EQ(core->num_vintfs(), 64u);
    EXPECT_EQ(core->lvcmdqs_per_vintf(), 2u);
    EXPECT_EQ(core->aperture_size(), 0x830000u);
    uint64_t v = 0;
    EXPECT_TRUE(core->mmio_read(0x82FFFC, 4, v, t));
    EXPECT_FALSE(core->mmio_read(0x830000, 4, v, t));
}

TEST_F(Regs, qemu_guest_view_sizing_gives_param_0x4011_and_a_0x50000_aperture) {
    CmdqvParams p;
    p.num_vcmdqs_log2 = 1;
    p.num_vintfs_log2 = 0;
    make(p);
    EXPECT_EQ(r32(regs::PARAM), 0x4011u);
    EXPECT_EQ(core->aperture_size(), 0x50000u);
    EXPECT_EQ(core->lvcmdqs_per_vintf(), 2u);
}

TEST_F(Regs, inconsistent_sizing_is_rejected_at_construction) {
    CmdqvParams p;
    p.num_vcmdqs_log2 = 2;
    p.num_vintfs_log2 = 3;
    EXPECT_THROW(make(p), std::invalid_argument);
    CmdqvParams q;
    q.alloc_order_violation = "maybe";
    EXPECT_THROW(make(q), std::invalid_argument);
}

TEST_F(Regs, config_resets_to_qemu_value_and_read_only_registers_ignore_writes) {
    EXPECT_EQ(r32(regs::CONFIG), 0x00020083u);
    EXPECT_EQ(r32(regs::STATUS), 1u);
    w32(regs::PARAM, 0xffffffff);
    EXPECT_EQ(r32(regs::PARAM), 0x4671u);
    w32(regs::STATUS, 0);
    EXPECT_EQ(r32(regs::STATUS), 1u);
    w32(regs::CONFIG, 0xffffffff);  // reserved bits above CONS_DRAM_EN stay zero
    EXPECT_EQ(r32(regs::CONFIG), 0x001FFFFFu);
    w32(regs::CMDQ_ERR_MAP, 0xffffffff);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 0u);
}

TEST_F(Regs, cmdqv_status_follows_config_en_after_the_latency) {
    w32(regs::CONFIG, r32(regs::CONFIG) & ~1u);
    EXPECT_EQ(r32(regs::STATUS), 1u);  // not yet
    t += params.cmdqv_enable_ns * 1000 - 1;
    EXPECT_EQ(r32(regs::STATUS), 1u);
    t += 1;
    EXPECT_EQ(r32(regs::STATUS), 0u);
    w32(regs::CONFIG, r32(regs::CONFIG) | 1u);
    EXPECT_EQ(r32(regs::STATUS), 0u);
    EXPECT_EQ(core->next_event_ps(t), t + params.cmdqv_enable_ns * 1000);
    t += params.cmdqv_enable_ns * 1000;
    EXPECT_EQ(r32(regs::STATUS), 1u);
    EXPECT_EQ(core->next_event_ps(t), 0u);
}

TEST_F(Regs, vintf_and_vcmdq_status_follow_their_enable_after_their_latencies) {
    preassign();
    w32(vb(3) + regs::VINTF_CONFIG, (1u << 17) | (5u << 1) | 1);
    EXPECT_EQ(r32(vb(3) + regs::VINTF_STATUS) & 1, 0u);
    t += params.vintf_enable_ns * 1000;
    EXPECT_EQ(r32(vb(3) + regs::VINTF_STATUS) & 1, 1u);
    EXPECT_EQ(r32(vb(3) + regs::VINTF_CONFIG), (1u << 17) | (5u << 1) | 1);

    map(3, 0);
    w32(lp0(3, 0) + regs::VCMDQ_CONFIG, 1);
    EXPECT_EQ(r32(lp0(3, 0) + regs::VCMDQ_STATUS), 0u);
    t += params.vcmdq_enable_ns * 1000;
    EXPECT_EQ(r32(lp0(3, 0) + regs::VCMDQ_STATUS), 1u);
    w32(lp0(3, 0) + regs::VCMDQ_CONFIG, 0);
    EXPECT_EQ(r32(lp0(3, 0) + regs::VCMDQ_STATUS), 1u);
    t += params.vcmdq_enable_ns * 1000;
    EXPECT_EQ(r32(lp0(3, 0) + regs::VCMDQ_STATUS), 0u);
}

TEST_F(Regs, disabling_resets_nothing_else) {
    setup_default();
    const unsigned q = gq(1, 0);
    w32(lp1(1, 0) + regs::VCMDQ_CONS_INDX_BASE_L, 0x5000);
    w32(vb(1) + regs::VINTF_SID_REPLACE + 4 * 2, 0x123);
    w32(vb(1) + regs::VINTF_SID_MATCH + 4 * 2, (0x45u << 1) | 1);
    push(1, 0, {cmd_sync(), cmd(smmu::core::CMD_CFGI_STE), cmd_sync()});  // CFGI_STE is illegal for a guest
    drain(q);
    const uint32_t cons_before = cons(1, 0);
    ASSERT_EQ(cons_before, (4u << 24) | 1u);
    ASSERT_EQ(r32(lp0(1, 0) + regs::VCMDQ_GERROR), 1u);

    w32(lp0(1, 0) + regs::VCMDQ_CONFIG, 0);
    w32(vb(1) + regs::VINTF_CONFIG, 7u << 1);
    w32(regs::CONFIG, r32(regs::CONFIG) & ~1u);
    settle();
    EXPECT_EQ(r32(regs::STATUS), 0u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_STATUS) & 1, 0u);
    EXPECT_EQ(r32(dp0(q) + regs::VCMDQ_STATUS), 0u);
    EXPECT_EQ(r32(dp0(q) + regs::VCMDQ_PROD), 3u);
    EXPECT_EQ(r32(dp0(q) + regs::VCMDQ_CONS), cons_before);
    EXPECT_EQ(r64(dp1(q) + regs::VCMDQ_BASE_L), qbase(q) | QLOG2);
    EXPECT_EQ(r64(dp1(q) + regs::VCMDQ_CONS_INDX_BASE_L), 0x5000u);
    EXPECT_EQ(r32(dp0(q) + regs::VCMDQ_GERROR), 1u);
    EXPECT_EQ(r32(dp0(q) + regs::VCMDQ_GERRORN), 0u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_SID_REPLACE + 8), 0x123u);
    EXPECT_EQ(r32(vb(1) + regs::VINTF_SID_MATCH + 8), (0x45u << 1) | 1);
    EXPECT_EQ(r32(alloc_reg(q)), (1u << 15) | 1u);
}

TEST_F(Regs, cons_and_base_are_writable_only_while_the_queue_is_disabled) {
    setup_default();
    w32(lp0(0, 0) + regs::VCMDQ_CONS, 5);
    EXPECT_EQ(cons(0, 0), 0u);
    w64(lp1(0, 0) + regs::VCMDQ_BASE_L, 0x7770000 | 4);
    EXPECT_EQ(r64(lp1(0, 0) + regs::VCMDQ_BASE_L), qbase(0) | QLOG2);
    w32(lp0(0, 0) + regs::VCMDQ_CONFIG, 0);
    settle();
    w32(lp0(0, 0) + regs::VCMDQ_CONS, 5);
    EXPECT_EQ(cons(0, 0), 5u);
    w32(lp0(0, 0) + regs::VCMDQ_CONS, 0);  // Linux zeroes CONS while disabled
    EXPECT_EQ(cons(0, 0), 0u);
    EXPECT_EQ(stats.value("cmdqv.vcmdq0.ignored_writes"), 3u);  // per 32-bit word
}

TEST_F(Regs, sixty_four_bit_access_only_on_sixty_four_bit_registers) {
    preassign();
    uint64_t v = 0;
    // BASE as one 64-bit access or two 32-bit halves.
    w64(dp1(5) + regs::VCMDQ_BASE_L, 0x0000'8123'4560'0000ull | 6);
    EXPECT_EQ(r32(dp1(5) + regs::VCMDQ_BASE_L), 0x45600006u);
    EXPECT_EQ(r32(dp1(5) + regs::VCMDQ_BASE_H), 0x8123u);
    w32(dp1(5) + regs::VCMDQ_CONS_INDX_BASE_H, 0xffff'ffff);  // above bit 47: reserved
    EXPECT_EQ(r64(dp1(5) + regs::VCMDQ_CONS_INDX_BASE_L), 0x0000'ffff'0000'0000ull);
    // 64-bit registers of the global page and VINTF block.
    EXPECT_TRUE(core->mmio_read(regs::VINTF_ERR_MAP, 8, v, t));
    w64(regs::VINTF_INT_MASK, 0x8000'0000'0000'0001ull);
    EXPECT_EQ(r32(regs::VINTF_INT_MASK + 4), 0x8000'0000u);
    EXPECT_TRUE(core->mmio_read(vb(2) + regs::VINTF_LVCMDQ_ERR_MAP + 8, 8, v, t));
    // Not 64-bit registers, wrong sizes, misaligned.
    EXPECT_FALSE(core->mmio_read(regs::CONFIG, 8, v, t));
    EXPECT_FALSE(core->mmio_write(dp0(0) + regs::VCMDQ_CONS, 8, 0, t));
    EXPECT_FALSE(core->mmio_read(regs::PARAM, 2, v, t));
    EXPECT_FALSE(core->mmio_read(regs::PARAM + 1, 4, v, t));
    EXPECT_EQ(stats.value("cmdqv.bad_accesses"), 4u);
}

TEST_F(Regs, vintf_config_sid_tables_and_status_fields) {
    preassign();
    w32(vb(4) + regs::VINTF_CONFIG, 0xffffffff);
    EXPECT_EQ(r32(vb(4) + regs::VINTF_CONFIG), 0x0003FFFFu);
    EXPECT_TRUE(core->vintf(4).hyp_own());
    EXPECT_EQ(core->vintf(4).vmid(), 0xffffu);
    w32(vb(4) + regs::VINTF_SID_MATCH + 4 * 15, 0xffffffff);
    EXPECT_EQ(r32(vb(4) + regs::VINTF_SID_MATCH + 4 * 15), 0x001FFFFFu);
    w32(vb(4) + regs::VINTF_SID_REPLACE + 4 * 15, 0xffffffff);
    EXPECT_EQ(r32(vb(4) + regs::VINTF_SID_REPLACE + 4 * 15), 0x000FFFFFu);
    w32(vb(4) + regs::VINTF_LVCMDQ_ERR_MAP, 0xffffffff);  // RO
    EXPECT_EQ(r32(vb(4) + regs::VINTF_LVCMDQ_ERR_MAP), 0u);
    settle();
    EXPECT_EQ(r32(vb(4) + regs::VINTF_STATUS), 1u);  // enabled, no error, no LVCMDQ mapped
    map(4, 0);
    map(4, 1);
    EXPECT_EQ(r32(vb(4) + regs::VINTF_STATUS), (2u << 16) | 1u);
}

TEST_F(Regs, cmdq_alloc_preassignment_does_not_map_a_logical_window) {
    preassign();
    EXPECT_EQ(r32(alloc_reg(7)), (3u << 15) | (1u << 1));
    EXPECT_EQ(core->mapped_vcmdq(3, 1), -1);
    // Unmapped logical slot: reads as zero, writes ignored, counted.
    w32(dp0(7) + regs::VCMDQ_PROD, 0);
    w32(lp0(3, 1) + regs::VCMDQ_CONFIG, 1);
    w32(lp0(3, 1) + regs::VCMDQ_PROD, 9);
    w64(lp1(3, 1) + regs::VCMDQ_BASE_L, 0x123400 | 3);
    EXPECT_EQ(r32(lp0(3, 1) + regs::VCMDQ_CONFIG), 0u);
    EXPECT_EQ(r32(dp0(7) + regs::VCMDQ_CONFIG), 0u);
    EXPECT_EQ(r32(dp0(7) + regs::VCMDQ_PROD), 0u);
    EXPECT_EQ(r64(dp1(7) + regs::VCMDQ_BASE_L), 0u);
    EXPECT_EQ(stats.value("cmdqv.vintf3.unmapped_window_accesses"), 4u);  // per access
}

TEST_F(Regs, logical_window_aliases_the_mapped_global_vcmdq) {
    preassign();
    map(3, 0);
    map(3, 1);
    EXPECT_EQ(core->mapped_vcmdq(3, 1), 7);
    w64(lp1(3, 1) + regs::VCMDQ_BASE_L, 0x40000 | 5);
    EXPECT_EQ(r64(dp1(7) + regs::VCMDQ_BASE_L), 0x40000u | 5);
    w32(dp0(7) + regs::VCMDQ_PROD, 3);
    EXPECT_EQ(r32(lp0(3, 1) + regs::VCMDQ_PROD), 3u);
    EXPECT_EQ(core->vcmdq(7).prod(), 3u);
    // Unmap (descending): the window goes dead again, the global queue keeps its state.
    unmap(3, 1);
    EXPECT_EQ(r32(lp0(3, 1) + regs::VCMDQ_PROD), 0u);
    EXPECT_EQ(r32(dp0(7) + regs::VCMDQ_PROD), 3u);
}

TEST_F(Regs, guest_window_cannot_reach_another_vintfs_queues) {
    setup_default();  // VINTF0 has q0, q1 mapped; VINTF1 has q2, q3
    w32(lp0(0, 0) + regs::VCMDQ_PROD, 0);
    // VINTF 2 has nothing mapped: its whole window is dead, whatever index it uses.
    for (unsigned slot = 0; slot < 512; ++slot) {
        w32(regs::vintf_page0(2) + 0x80 * slot + regs::VCMDQ_CONFIG, 0);
        w32(regs::vintf_page0(2) + 0x80 * slot + regs::VCMDQ_PROD, 0x55);
        EXPECT_EQ(r32(regs::vintf_page0(2) + 0x80 * slot + regs::VCMDQ_STATUS), 0u);
    }
    // VINTF 1 slots beyond its mapped LVCMDQs are dead too.
    w32(lp0(1, 2) + regs::VCMDQ_PROD, 0x55);
    for (unsigned q = 0; q < core->num_vcmdqs(); ++q) {
        EXPECT_NE(core->vcmdq(q).prod(), 0x55u) << q;
        EXPECT_EQ(core->vcmdq(q).enabled(), q < 4) << q;
    }
}

TEST_F(Regs, map_out_of_ascending_order_is_rejected_by_default) {
    preassign();
    map(5, 1);
    EXPECT_EQ(r32(alloc_reg(11)) & 1, 0u);
    EXPECT_EQ(core->alloc_violations(), 1u);
    map(5, 0);
    map(5, 1);
    EXPECT_EQ(core->mapped_vcmdq(5, 1), 11);
    unmap(5, 0);  // not descending
    EXPECT_EQ(core->mapped_vcmdq(5, 0), 10);
    EXPECT_EQ(core->alloc_violations(), 2u);
    unmap(5, 1);
    unmap(5, 0);
    EXPECT_EQ(core->mapped_vcmdq(5, 0), -1);
    EXPECT_EQ(core->alloc_violations(), 2u);
}

TEST_F(Regs, order_violation_policy_ignore_applies_the_write_and_counts_it) {
    CmdqvParams p;
    p.alloc_order_violation = "ignore";
    make(p);
    preassign();
    map(5, 1);
    EXPECT_EQ(core->mapped_vcmdq(5, 1), 11);
    EXPECT_EQ(core->alloc_violations(), 1u);
    EXPECT_EQ(irq.rises, 0);
}

TEST_F(Regs, order_violation_policy_error_refuses_and_reports_cmdq_init_err) {
    CmdqvParams p;
    p.alloc_order_violation = "error";
    make(p);
    preassign();
    map(5, 1);
    EXPECT_EQ(core->mapped_vcmdq(5, 1), -1);
    EXPECT_EQ(r32(dp0(11) + regs::VCMDQ_GERROR), regs::GERROR_CMDQ_INIT_ERR);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 1u << 11);
    // Not mapped: not aggregated into the VINTF maps, no interrupt.
    EXPECT_EQ(r32(regs::VINTF_ERR_MAP), 0u);
    EXPECT_EQ(irq.rises, 0);
    w32(dp0(11) + regs::VCMDQ_GERRORN, regs::GERROR_CMDQ_INIT_ERR);
    EXPECT_EQ(r32(regs::CMDQ_ERR_MAP), 0u);
}

TEST_F(Regs, duplicate_mapping_of_one_lvcmdq_lowest_global_index_wins_when_ignored) {
    CmdqvParams p;
    p.alloc_order_violation = "ignore";
    make(p);
    preassign();
    map(0, 0);  // q0
    w32(alloc_reg(40), (0u << 15) | (0u << 1) | 1);  // q40 also claims (0, 0)
    EXPECT_EQ(core->alloc_violations(), 1u);
    EXPECT_EQ(core->mapped_vcmdq(0, 0), 0);
    w32(lp0(0, 0) + regs::VCMDQ_PROD, 1);
    EXPECT_EQ(core->vcmdq(0).prod(), 1u);
    EXPECT_EQ(core->vcmdq(40).prod(), 0u);
}

TEST_F(Regs, duplicate_mapping_is_refused_by_default) {
    preassign();
    map(0, 0);
    w32(alloc_reg(40), 1);
    EXPECT_EQ(r32(alloc_reg(40)) & 1, 0u);
    EXPECT_EQ(core->alloc_violations(), 1u);
}

TEST_F(Regs, a_mapped_entry_keeps_its_vintf_and_lvcmdq_fields) {
    preassign();
    map(2, 0);
    w32(alloc_reg(4), (9u << 15) | (1u << 1) | 1);
    EXPECT_EQ(r32(alloc_reg(4)), (2u << 15) | 1u);
    EXPECT_EQ(core->mapped_vcmdq(2, 0), 4);
}

TEST(CmdqvHandshake, a_new_request_in_flight_restarts_from_the_observed_status) {
    Handshake h(false);
    h.request(true, 1000, 500);
    EXPECT_FALSE(h.status(1499));
    EXPECT_TRUE(h.pending(1499));
    h.request(false, 1200, 500);  // cancelled before it completed: stays off
    EXPECT_FALSE(h.status(1500));
    EXPECT_FALSE(h.status(5000));
    h.request(true, 6000, 0);  // zero latency: immediate
    EXPECT_TRUE(h.status(6000));
    EXPECT_FALSE(h.pending(6000));
}

TEST_F(Regs, reserved_offsets_read_zero_and_ignore_writes) {
    for (uint64_t off : {uint64_t{0x00C}, uint64_t{0x010}, uint64_t{0x100}, uint64_t{0x600},
                         regs::vintf_block(64), uint64_t{0xFFFC}, vb(0) + 0x08, vb(0) + 0xD0,
                         dp0(0) + 0x18, dp0(0) + 0x7C, dp1(0) + 0x10}) {
        w32(off, 0xffffffff);
        EXPECT_EQ(r32(off), 0u) << std::hex << off;
    }
}
