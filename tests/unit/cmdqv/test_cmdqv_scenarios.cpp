// CMDQV core, driver-level scenarios written from spec/cmdqv.md 2.3, 2.9, 2.10 and 3.6:
// Linux host bring-up from reset, a user VINTF with HW queues, guest error recovery through
// page0 only, and teardown.
#include "cmdqv_fixture.h"

using namespace cmdqv_test;
using namespace smmu::core;

namespace {

class Scenario : public CmdqvFixture {
protected:
    // Poll a STATUS-like register until bit0 == want (1 us interval, as Linux).
    bool poll(uint64_t off, uint32_t want) {
        for (int i = 0; i < 1000; ++i) {
            if ((r32(off) & 1) == want) return true;
            t += 1'000'000;
        }
        return false;
    }
    // Queue deinit, spec 2.10 (the main-CMDQ CMD_SYNC is modelled by on_main_cmdq_sync).
    void queue_deinit(unsigned v, unsigned l) {
        w32(lp0(v, l) + regs::VCMDQ_CONFIG, 0);
        EXPECT_TRUE(poll(lp0(v, l) + regs::VCMDQ_STATUS, 0));
        core->on_main_cmdq_sync();
        w32(lp0(v, l) + regs::VCMDQ_PROD, 0);
        w32(lp0(v, l) + regs::VCMDQ_CONS, 0);
        w64(lp1(v, l) + regs::VCMDQ_BASE_L, 0);
        w64(lp1(v, l) + regs::VCMDQ_CONS_INDX_BASE_L, 0);
        uint32_t ge = r32(lp0(v, l) + regs::VCMDQ_GERROR);
        if (ge != r32(lp0(v, l) + regs::VCMDQ_GERRORN)) w32(lp0(v, l) + regs::VCMDQ_GERRORN, ge);
    }
    void vintf_deinit(unsigned v) {
        for (unsigned l = core->lvcmdqs_per_vintf(); l-- > 0;) {
            queue_deinit(v, l);  // harmless on unmapped slots: RAZ/WI
            if (core->mapped_vcmdq(v, l) >= 0) unmap(v, l);
        }
        w32(vb(v) + regs::VINTF_CONFIG, 0);
        EXPECT_TRUE(poll(vb(v) + regs::VINTF_STATUS, 0));
        for (unsigned s = 0; s < 16; ++s) {
            w32(vb(v) + regs::VINTF_SID_MATCH + 4 * s, 0);
            w32(vb(v) + regs::VINTF_SID_REPLACE + 4 * s, 0);
        }
    }
    void host_bring_up() {
        w32(regs::CONFIG, r32(regs::CONFIG) & ~1u);
        ASSERT_TRUE(poll(regs::STATUS, 0));
        w32(regs::CONFIG, r32(regs::CONFIG) | 1u);
        ASSERT_TRUE(poll(regs::STATUS, 1));
        preassign();
        vintf_deinit(0);
        w32(vb(0) + regs::VINTF_CONFIG, 1u << 17);
        w32(vb(0) + regs::VINTF_CONFIG, (1u << 17) | 1);
        ASSERT_TRUE(poll(vb(0) + regs::VINTF_STATUS, 1));
        ASSERT_TRUE(r32(vb(0) + regs::VINTF_CONFIG) & (1u << 17));  // HYP_OWN latched
        for (unsigned l = 0; l < core->lvcmdqs_per_vintf(); ++l) {
            map(0, l);
            queue_deinit(0, l);
            w64(lp1(0, l) + regs::VCMDQ_BASE_L, qbase(gq(0, l)) | QLOG2);
            w32(lp0(0, l) + regs::VCMDQ_CONFIG, 1);
            ASSERT_TRUE(poll(lp0(0, l) + regs::VCMDQ_STATUS, 1));
        }
    }
};

}  // namespace

TEST_F(Scenario, linux_host_bring_up_from_reset_touches_no_queue_before_mapping) {
    host_bring_up();
    EXPECT_EQ(stats.value("cmdqv.alloc_order_violations"), 0u);
    // The first-boot deinit hit unmapped slots only: counted, no queue state changed.
    EXPECT_GT(stats.value("cmdqv.vintf0.unmapped_window_accesses"), 0u);
    for (unsigned q = 2; q < core->num_vcmdqs(); ++q) {
        EXPECT_FALSE(core->vcmdq(q).enabled()) << q;
        EXPECT_EQ(core->vcmdq(q).base(), 0u) << q;
    }
    push(0, 1, {cmd(CMD_CFGI_STE, uint64_t{5} << 32), cmd_sync()});
    drain(gq(0, 1));
    EXPECT_EQ(cons(0, 1), 2u);
}

TEST_F(Scenario, user_vintf_hw_queue_guest_error_and_guest_recovery_through_page0) {
    host_bring_up();
    // VIOMMU_ALLOC: VINTF 5 for a VM with S2 VMID 0x2a, HYP_OWN = 0.
    vintf_deinit(5);
    w32(vb(5) + regs::VINTF_CONFIG, 0x2au << 1);
    w32(vb(5) + regs::VINTF_CONFIG, (0x2au << 1) | 1);
    ASSERT_TRUE(poll(vb(5) + regs::VINTF_STATUS, 1));
    // VDEVICE_ALLOC: vSID 0x8 -> pSID 0x31 (REPLACE first, then MATCH).
    w32(vb(5) + regs::VINTF_SID_REPLACE, 0x31);
    w32(vb(5) + regs::VINTF_SID_MATCH, (0x8u << 1) | 1);
    // HW_QUEUE_ALLOC index 0 and 1 (ascending): map, deinit, BASE; the guest enables.
    for (unsigned l = 0; l < 2; ++l) {
        map(5, l);
        queue_deinit(5, l);
        w64(lp1(5, l) + regs::VCMDQ_BASE_L, qbase(gq(5, l)) | QLOG2);
    }
    EXPECT_EQ(r32(vb(5) + regs::VINTF_STATUS) >> 16, 2u);
    // From here on the guest only uses VINTF 5 page0.
    w32(lp0(5, 0) + regs::VCMDQ_CONFIG, 1);
    ASSERT_TRUE(poll(lp0(5, 0) + regs::VCMDQ_STATUS, 1));
    push(5, 0, {tlbi_nh_va(0, 3, 0x7000), atc_inv(0x8), cmd(CMD_CFGI_CD), cmd_sync()});
    drain(gq(5, 0));
    ASSERT_EQ(exec.seen.size(), 2u);
    EXPECT_EQ(exec.seen[0].cmd.vmid(), 0x2au);
    EXPECT_EQ(exec.seen[1].cmd.sid(), 0x31u);
    uint32_t c = cons(5, 0);
    EXPECT_EQ(c, (4u << 24) | 2u);
    // Host ISR: VINTF_ERR_MAP bit 5, LVCMDQ_ERR_MAP of VINTF 5 = bit 0 (the vEVENT payload).
    EXPECT_EQ(r64(regs::VINTF_ERR_MAP), uint64_t{1} << 5);
    EXPECT_EQ(r64(vb(5) + regs::VINTF_LVCMDQ_ERR_MAP), 1u);
    EXPECT_EQ(irq.rises, 1);
    // Guest ISR (after the vEVENT): patch the slot with CS_NONE CMD_SYNC, ack via page0.
    mem.poke64(qbase(gq(5, 0)) + 16 * (c & 0xfffff), CMD_SYNC);
    w32(lp0(5, 0) + regs::VCMDQ_GERRORN, r32(lp0(5, 0) + regs::VCMDQ_GERROR));
    drain(gq(5, 0));
    EXPECT_EQ(cons(5, 0), 4u);
    EXPECT_EQ(r64(regs::VINTF_ERR_MAP), 0u);

    // Teardown: HW queues highest index first, then the VINTF; no violation anywhere.
    for (unsigned l = 2; l-- > 0;) {
        queue_deinit(5, l);
        unmap(5, l);
    }
    vintf_deinit(5);
    EXPECT_EQ(stats.value("cmdqv.alloc_order_violations"), 0u);
    EXPECT_EQ(r32(vb(5) + regs::VINTF_SID_MATCH), 0u);
    EXPECT_EQ(core->mapped_vcmdq(5, 0), -1);
    // The next owner of the queue starts clean.
    EXPECT_EQ(r32(dp0(gq(5, 0)) + regs::VCMDQ_CONS), 0u);
    EXPECT_EQ(r32(dp0(gq(5, 0)) + regs::VCMDQ_PROD), 0u);
    EXPECT_EQ(r64(dp1(gq(5, 0)) + regs::VCMDQ_BASE_L), 0u);
}
