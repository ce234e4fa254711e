// Platform-level SystemC tests of HostKernelHw (firmware/linux) alone and under the iommufd
// object layer (firmware/iommufd): register programming of a user VINTF (VINTF config, SID
// pair, LVCMDQ map/BASE) checked in the CMDQV model, the error codes of the queue rules,
// teardown on close(), a user queue error forwarded by the host ISR as a vEVENT, and trapped
// HWPT_INVALIDATE commands executed on the host main CMDQ.
// Not covered: several VMs at once, VEVENTQ overflow (firmware/iommufd unit tests).
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <memory>

#include "iommufd/iommufd.h"
#include "linux/arm_smmu_cmdq.h"
#include "linux/host_kernel_hw.h"
#include "linux_driver_host.h"

using namespace ldtest;
using fw::linux_model::HostKernelHw;
namespace cr = cmdqv::core::regs;

TEST(LinuxDriver, host_kernel_hw_programs_a_user_vintf_its_sid_pair_and_lvcmdqs) {
    Host h(1);
    int r_alloc = -1, r_sid = -1, r_out_of_order = 0, r_q0 = -1, r_dup = 0, r_misaligned = 0,
        r_q1 = -1, r_noctx = 0;
    unsigned idx = 0, slot = 99;
    uint32_t cfg_live = 0, match_live = 0, replace_live = 0, alloc2_live = 0, alloc3_live = 0;
    uint64_t base2_live = 0;
    fw::iommufd::HostHw::Info info;
    const uint64_t q0_pa = h.b.alloc_queue(8, 16), q1_pa = h.b.alloc_queue(8, 16);
    h.b.cpu().script = [&](ScriptAgent& a) {
        fw::Cpu cpu(a, a.main_port(), 0);
        if (!h.probe(cpu, a)) return;
        HostKernelHw hw(*h.drv);
        unsigned dummy = 0;
        r_noctx = hw.vintf_alloc(dummy);
        hw.set_context(&cpu);
        info = hw.info();
        r_alloc = hw.vintf_alloc(idx);
        hw.vintf_hw_init(idx, 7, false);
        r_sid = hw.sid_pair_alloc(idx, slot);
        hw.sid_pair_program(idx, slot, 0x20, 0x100);
        r_out_of_order = hw.lvcmdq_map_and_program(idx, 1, q1_pa, 8);
        r_q0 = hw.lvcmdq_map_and_program(idx, 0, q0_pa, 8);
        r_dup = hw.lvcmdq_map_and_program(idx, 0, q0_pa, 8);
        r_misaligned = hw.lvcmdq_map_and_program(idx, 1, q1_pa + 16, 8);
        r_q1 = hw.lvcmdq_map_and_program(idx, 1, q1_pa, 8);
        auto& cq = h.b.top->cmdqv().core();
        cfg_live = cq.vintf(idx).config();
        match_live = cq.vintf(idx).sid_match(slot);
        replace_live = cq.vintf(idx).sid_replace(slot);
        alloc2_live = cq.cmdq_alloc(2);
        alloc3_live = cq.cmdq_alloc(3);
        base2_live = cq.vcmdq(2).base();
        // Teardown: queues descending, SID pair, VINTF.
        hw.lvcmdq_deinit_and_unmap(idx, 1);
        hw.lvcmdq_deinit_and_unmap(idx, 0);
        hw.sid_pair_clear(idx, slot);
        hw.vintf_deinit(idx);
        hw.vintf_free(idx);
        hw.set_context(nullptr);
    };
    h.b.run();
    EXPECT_EQ(r_noctx, -EINVAL);
    EXPECT_TRUE(info.has_cmdqv);
    EXPECT_EQ(info.num_vintfs, 64u);
    EXPECT_EQ(info.log2_lvcmdqs_per_vintf, 1u);
    EXPECT_EQ(info.log2_sids_per_vintf, 4u);
    EXPECT_TRUE(info.nesting);
    EXPECT_EQ(r_alloc, 0);
    EXPECT_EQ(idx, 1u);
    EXPECT_EQ(r_sid, 0);
    EXPECT_EQ(slot, 0u);
    EXPECT_EQ(r_out_of_order, -EIO);
    EXPECT_EQ(r_q0, 0);
    EXPECT_EQ(r_dup, -EEXIST);
    EXPECT_EQ(r_misaligned, -EINVAL);
    EXPECT_EQ(r_q1, 0);
    EXPECT_EQ(cfg_live, (7u << 1) | 1u);  // VMID 7, HYP_OWN 0, EN
    EXPECT_EQ(match_live, (0x20u << 1) | 1u);
    EXPECT_EQ(replace_live, 0x100u);
    EXPECT_EQ(alloc2_live, (1u << 15) | 1u);
    EXPECT_EQ(alloc3_live, (1u << 15) | (1u << 1) | 1u);
    EXPECT_EQ(base2_live & gsim::mask(47, 5), q0_pa);
    EXPECT_EQ(base2_live & 0x1F, 8u);
    auto& cq = h.b.top->cmdqv().core();
    EXPECT_EQ(cq.cmdq_alloc(2), 1u << 15);  // unmapped again
    EXPECT_EQ(cq.cmdq_alloc(3), (1u << 15) | (1u << 1));
    EXPECT_EQ(cq.vcmdq(2).base(), 0u);
    EXPECT_EQ(cq.vintf(1).sid_match(0), 0u);
    EXPECT_EQ(cq.vintf(1).sid_replace(0), 0u);
    EXPECT_EQ(cq.vintf(1).config(), 0u);
    EXPECT_EQ(h.b.stat("platform.cmdqv0.alloc_order_violations"), 0u);
}

TEST(LinuxDriver, iommufd_over_host_kernel_hw_programs_and_tears_down_a_user_vintf) {
    Host h(1);
    constexpr uint64_t GUEST_RAM_PA = DRAM + 0x2000'0000;  // backs IOVA [0, 16 MiB)
    constexpr uint32_t PSID = 0x100, VSID = 0x8;
    int rc_viommu = -1, rc_vdev = -1, rc_hwq = -1, vintf = -1, vmid = -1;
    uint32_t cfg_live = 0, match_live = 0, replace_live = 0, alloc_live = 0;
    uint64_t base_live = 0, page0 = 0, mmap_pa = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        fw::Cpu cpu(a, a.main_port(), 0);
        if (!h.probe(cpu, a)) return;
        HostKernelHw hw(*h.drv);
        hw.set_context(&cpu);  // the ioctl entry
        fw::iommufd::VmidPool vmids(1, 255);
        fw::iommufd::Iommufd fd(hw, vmids);
        fw::iommufd::BoundDevice dev;
        dev.psids = {PSID};
        uint32_t dev_id = 0;
        EXPECT_EQ(fd.bind_device(dev, dev_id), 0);
        fw::iommufd::IoasAllocCmd ia;
        EXPECT_EQ(fd.ioas_alloc(ia), 0);
        fw::iommufd::IoasMapCmd im;
        im.ioas_id = ia.out_ioas_id;
        im.length = 16 << 20;
        im.host_pa = GUEST_RAM_PA;
        EXPECT_EQ(fd.ioas_map(im), 0);
        fw::iommufd::HwptAllocCmd ha;
        ha.flags = fw::iommufd::IOMMU_HWPT_ALLOC_NEST_PARENT;
        ha.dev_id = dev_id;
        ha.pt_id = ia.out_ioas_id;
        EXPECT_EQ(fd.hwpt_alloc(ha), 0);
        vmid = fd.hwpt_vmid(ha.out_hwpt_id);
        fw::iommufd::ViommuAllocCmd va;
        va.dev_id = dev_id;
        va.hwpt_id = ha.out_hwpt_id;
        rc_viommu = fd.viommu_alloc(va);
        vintf = fd.viommu_vintf(va.out_viommu_id);
        uint32_t handle = 0;
        EXPECT_EQ(
            fd.mmap(va.out_vintf_mmap_offset, va.out_vintf_mmap_length, 3, 1, mmap_pa, handle), 0);
        page0 = h.drv->vintf_page0_addr(static_cast<unsigned>(vintf));
        fw::iommufd::VdeviceAllocCmd vd;
        vd.viommu_id = va.out_viommu_id;
        vd.dev_id = dev_id;
        vd.virt_id = VSID;
        rc_vdev = fd.vdevice_alloc(vd);
        fw::iommufd::HwQueueAllocCmd hq;
        hq.viommu_id = va.out_viommu_id;
        hq.index = 0;
        hq.nesting_parent_iova = 0x100000;
        hq.length = 0x1000;
        rc_hwq = fd.hw_queue_alloc(hq);
        auto& cq = h.b.top->cmdqv().core();
        const unsigned v = static_cast<unsigned>(vintf);
        cfg_live = cq.vintf(v).config();
        match_live = cq.vintf(v).sid_match(0);
        replace_live = cq.vintf(v).sid_replace(0);
        alloc_live = cq.cmdq_alloc(2 * v);
        base_live = cq.vcmdq(2 * v).base();
        EXPECT_EQ(fd.munmap(handle), 0);
        fd.close();
        hw.set_context(nullptr);
    };
    h.b.run();
    ASSERT_EQ(rc_viommu, 0);
    EXPECT_EQ(rc_vdev, 0);
    EXPECT_EQ(rc_hwq, 0);
    ASSERT_EQ(vintf, 1);
    EXPECT_EQ(mmap_pa, page0);
    EXPECT_EQ(page0, CMDQV + 0x30000 + 0x20000);
    EXPECT_EQ(cfg_live, (uint32_t(vmid) << 1) | 1u);  // VM's VMID, HYP_OWN = 0, EN
    EXPECT_EQ(match_live, (VSID << 1) | 1u);
    EXPECT_EQ(replace_live, PSID);
    EXPECT_EQ(alloc_live, (1u << 15) | 1u);
    EXPECT_EQ(base_live, (GUEST_RAM_PA + 0x100000) | 8u);  // 256 entries
    auto& cq = h.b.top->cmdqv().core();
    EXPECT_EQ(cq.cmdq_alloc(2), 1u << 15);  // close(): queue unmapped, pairs and VINTF cleared
    EXPECT_EQ(cq.vcmdq(2).base(), 0u);
    EXPECT_EQ(cq.vintf(1).sid_match(0), 0u);
    EXPECT_EQ(cq.vintf(1).config(), 0u);
}

TEST(LinuxDriver,
     user_vintf_queue_error_reaches_the_veventq_and_trapped_invalidations_run_on_the_main_cmdq) {
    Host h(1);
    constexpr uint64_t GUEST_RAM_PA = DRAM + 0x2000'0000;
    constexpr uint64_t RING_IOVA = 0x100000;
    int rc_inval = -1;
    long read_bytes = -1;
    std::vector<fw::iommufd::VeventRecord> recs;
    uint32_t guest_cons = 0;
    bool still_in_error = false;
    uint64_t tlbi0 = 0, tlbi1 = 0, main0 = 0, main1 = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        fw::Cpu cpu(a, a.main_port(), 0);
        if (!h.probe(cpu, a)) return;
        HostKernelHw hw(*h.drv);
        hw.set_context(&cpu);
        fw::iommufd::VmidPool vmids(1, 255);
        fw::iommufd::Iommufd fd(hw, vmids);
        fw::iommufd::BoundDevice dev;
        dev.psids = {0x100};
        uint32_t dev_id = 0;
        ASSERT_EQ(fd.bind_device(dev, dev_id), 0);
        fw::iommufd::IoasAllocCmd ia;
        ASSERT_EQ(fd.ioas_alloc(ia), 0);
        fw::iommufd::IoasMapCmd im;
        im.ioas_id = ia.out_ioas_id;
        im.length = 16 << 20;
        im.host_pa = GUEST_RAM_PA;
        ASSERT_EQ(fd.ioas_map(im), 0);
        fw::iommufd::HwptAllocCmd ha;
        ha.flags = fw::iommufd::IOMMU_HWPT_ALLOC_NEST_PARENT;
        ha.dev_id = dev_id;
        ha.pt_id = ia.out_ioas_id;
        ASSERT_EQ(fd.hwpt_alloc(ha), 0);
        fw::iommufd::ViommuAllocCmd va;
        va.dev_id = dev_id;
        va.hwpt_id = ha.out_hwpt_id;
        ASSERT_EQ(fd.viommu_alloc(va), 0);
        fw::iommufd::VeventqAllocCmd ve;
        ve.viommu_id = va.out_viommu_id;
        ve.veventq_depth = 4;
        ASSERT_EQ(fd.veventq_alloc(ve), 0);
        fw::iommufd::HwQueueAllocCmd hq;
        hq.viommu_id = va.out_viommu_id;
        hq.nesting_parent_iova = RING_IOVA;
        hq.length = 0x1000;
        ASSERT_EQ(fd.hw_queue_alloc(hq), 0);
        // The "guest" (same CPU, host view) drives its LVCMDQ0 through the VINTF page0: enable,
        // then a CFGI_STE, which a guest-owned queue refuses.
        const uint64_t p0 = h.drv->vintf_page0_addr(1);
        const Command bad = fw::enc::cfgi_ste(8, true);
        const uint64_t w[2] = {bad.d0, bad.d1};
        cpu.mem_write(GUEST_RAM_PA + RING_IOVA, w, sizeof w);
        cpu.write32(p0 + cr::VCMDQ_CONFIG, 1);
        a.compute(sc_time(2, SC_US));
        cpu.write32(p0 + cr::VCMDQ_PROD, 1);
        a.compute(sc_time(10, SC_US));
        guest_cons = cpu.read32(p0 + cr::VCMDQ_CONS);
        // Host ISR: VINTF 1's map goes to its vIOMMU's vEVENTQ.
        h.drv->handle_cmdqv_irq(cpu, [&](unsigned v, const uint64_t* map) {
            EXPECT_EQ(fd.report_vevent(v, {map[0], map[1]}), 0);
        });
        still_in_error = h.b.top->cmdqv().core().vcmdq_regs(2).in_error();
        read_bytes = fd.veventq_read(ve.out_veventq_id, 256, recs);
        // Trapped invalidation (HWPT_INVALIDATE on the vIOMMU) -> host main CMDQ + CMD_SYNC.
        tlbi0 = h.b.stats.value("platform.smmu0.cmds.TLBI_NH_VA");
        main0 = h.stat("drv.cmdq.cmds");
        fw::iommufd::HwptInvalidateCmd inv;
        inv.hwpt_id = va.out_viommu_id;
        inv.entries = {fw::enc::tlbi_nh_va(0, 5, 0x1000, true)};
        inv.entry_num = 1;
        rc_inval = fd.hwpt_invalidate(inv);
        tlbi1 = h.b.stats.value("platform.smmu0.cmds.TLBI_NH_VA");
        main1 = h.stat("drv.cmdq.cmds");
        fd.close();
        hw.set_context(nullptr);
    };
    h.b.run();
    EXPECT_NE(cons_err_code(guest_cons), 0u);  // the guest's queue stopped on the CFGI_STE
    EXPECT_TRUE(still_in_error);               // the host does not touch a user queue
    EXPECT_GT(read_bytes, 0);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_TRUE(recs[0].has_payload);
    EXPECT_EQ(recs[0].lvcmdq_err_map[0], 1u);  // LVCMDQ0 of the VINTF
    EXPECT_EQ(h.stat("drv.cmdqv_errors_forwarded"), 1u);
    EXPECT_EQ(rc_inval, 0);
    EXPECT_EQ(tlbi1 - tlbi0, 1u);
    EXPECT_EQ(main1 - main0, 1u);
}
