// grace-sim tests: the whole VMM flow of spec/cmdqv.md 3.0-3.7 against a recording HostHw.
#include <cstring>

#include "vm_fixture.h"

namespace fw::iommufd::test {
namespace sc = smmu::core;

using IommufdHappyPath = VmFixture;

TEST_F(IommufdHappyPath, vmm_flow_3_0_to_3_7_programs_hardware_in_order) {
    // 3.0 prerequisites
    dev_id = bind();
    ioas_id = make_ioas();
    hwpt_id = make_parent(dev_id, ioas_id);
    EXPECT_EQ(fd->hwpt_vmid(hwpt_id), 1);
    // 3.1 GET_HW_INFO, default then TEGRA241_CMDQV
    GetHwInfoCmd info;
    info.dev_id = dev_id;
    info.data_len = 64;
    ASSERT_EQ(fd->get_hw_info(info), 0);
    EXPECT_EQ(info.out_data_type, IOMMU_HW_INFO_TYPE_ARM_SMMUV3);
    EXPECT_EQ(info.out_smmuv3.idr[1], hw.m_info.idr[1]);
    GetHwInfoCmd qinfo;
    qinfo.dev_id = dev_id;
    qinfo.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    qinfo.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    qinfo.data_len = 8;
    ASSERT_EQ(fd->get_hw_info(qinfo), 0);
    EXPECT_EQ(qinfo.out_data_type, IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV);
    EXPECT_EQ(qinfo.out_cmdqv.log2vcmdqs, 2);
    // 3.2 VIOMMU_ALLOC
    ViommuAllocCmd v = viommu_cmd();
    ASSERT_EQ(fd->viommu_alloc(v), 0);
    viommu_id = v.out_viommu_id;
    EXPECT_EQ(v.out_vintf_mmap_offset, 0x1000u);  // first offset is PAGE_SIZE
    EXPECT_EQ(v.out_vintf_mmap_length, 0x10000u);
    EXPECT_EQ(vintf(), 1u);
    EXPECT_EQ(hw.vintf_vmid.at(1), 1);
    // 3.3 mmap of VINTF page0
    uint64_t pa = 0;
    uint32_t handle = 0;
    ASSERT_EQ(fd->mmap(v.out_vintf_mmap_offset, v.out_vintf_mmap_length, PROT_READ_ | PROT_WRITE_,
                       MAP_SHARED_, pa, handle),
              0);
    EXPECT_EQ(pa, FakeHostHw::CMDQV_BASE + 0x30000 + 0x20000);
    // 3.4 VDEVICE_ALLOC
    uint32_t vdev = make_vdevice();
    EXPECT_NE(vdev, 0u);
    EXPECT_EQ(hw.sid_pairs.at({1, 0}), std::make_pair(VSID, PSID));
    // 3.5 VEVENTQ_ALLOC
    uint32_t veq = make_veventq(8);
    // 3.6 HW_QUEUE_ALLOC index 0 then 1
    make_hwq(0, RING0_IOVA);
    make_hwq(1, RING1_IOVA);
    EXPECT_EQ(hw.lvcmdqs.at({1, 0}), std::make_pair(CHUNK0_PA + RING0_IOVA, 8u));
    EXPECT_EQ(hw.lvcmdqs.at({1, 1}), std::make_pair(CHUNK0_PA + RING1_IOVA, 8u));
    // 3.9 trapped CFGI_CD via HWPT_INVALIDATE
    HwptInvalidateCmd inv;
    inv.hwpt_id = viommu_id;
    sc::Command cfgi;
    cfgi.d0 = sc::CMD_CFGI_CD | (uint64_t{VSID} << 32);
    inv.entries = {cfgi};
    inv.entry_num = 1;
    ASSERT_EQ(fd->hwpt_invalidate(inv), 0);
    EXPECT_EQ(inv.entry_num, 1u);
    ASSERT_EQ(hw.batches.size(), 1u);
    EXPECT_EQ(hw.batches[0][0].sid(), PSID);
    // 2.9 vEVENT from the ISR path
    EXPECT_EQ(fd->report_vevent(1, {0x2, 0}), 0);
    std::vector<VeventRecord> recs;
    EXPECT_EQ(fd->veventq_read(veq, 24, recs), 24);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].lvcmdq_err_map[0], 0x2u);

    const std::vector<std::string> expected = {
        "vintf_alloc 1",
        "vintf_hw_init 1 vmid=1 hyp_own=0",
        "sid_pair_alloc 1 0",
        "sid_pair_program 1 0 vsid=8 psid=256",
        "lvcmdq_map_and_program 1 0 log2size=8",
        "lvcmdq_map_and_program 1 1 log2size=8",
        "issue_main_cmdq 1",
    };
    EXPECT_EQ(hw.calls, expected);
}

TEST_F(IommufdHappyPath, object_ids_count_from_one_and_are_not_reused_after_destroy) {
    IoasAllocCmd a;
    ASSERT_EQ(fd->ioas_alloc(a), 0);
    EXPECT_EQ(a.out_ioas_id, 1u);
    ASSERT_EQ(fd->destroy(1), 0);
    IoasAllocCmd b;
    ASSERT_EQ(fd->ioas_alloc(b), 0);
    EXPECT_EQ(b.out_ioas_id, 2u);
    EXPECT_FALSE(fd->exists(1));
    EXPECT_EQ(fd->type_of(2), ObjType::IOAS);
}

TEST_F(IommufdHappyPath, objects_count_their_dependents_as_users) {
    up_to_viommu();
    EXPECT_EQ(fd->users(ioas_id), 1u);   // the HWPT
    EXPECT_EQ(fd->users(hwpt_id), 1u);   // the vIOMMU
    make_vdevice();
    make_veventq();
    uint32_t q0 = make_hwq(0, RING0_IOVA);
    make_hwq(1, RING1_IOVA);
    EXPECT_EQ(fd->users(viommu_id), 4u);  // vdevice, veventq, two HW queues
    EXPECT_EQ(fd->users(q0), 1u);         // queue 1 depends on queue 0
}

TEST_F(IommufdHappyPath, get_hw_info_smmuv3_copies_idrs_and_truncates_to_user_buffer) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.data_len = 12;  // flags, reserved, idr[0]
    ASSERT_EQ(fd->get_hw_info(c), 0);
    EXPECT_EQ(c.data_len, 40u);  // driver struct length
    ASSERT_EQ(c.out_data.size(), 12u);
    uint32_t idr0 = 0;
    std::memcpy(&idr0, c.out_data.data() + 8, 4);
    EXPECT_EQ(idr0, hw.m_info.idr[0]);
    EXPECT_EQ(c.out_smmuv3.iidr, hw.m_info.iidr);
    EXPECT_EQ(c.out_smmuv3.aidr, hw.m_info.aidr);
}

TEST_F(IommufdHappyPath, get_hw_info_cmdqv_reports_version_and_per_vintf_log2_counts) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    c.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    c.data_len = 8;
    ASSERT_EQ(fd->get_hw_info(c), 0);
    EXPECT_EQ(c.data_len, 8u);
    const std::vector<uint8_t> bytes = {0, 0, 0, 0, 1, 2, 4, 0};
    EXPECT_EQ(c.out_data, bytes);
}

TEST_F(IommufdHappyPath, get_hw_info_ignores_in_data_type_without_input_type_flag) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    ASSERT_EQ(fd->get_hw_info(c), 0);
    EXPECT_EQ(c.out_data_type, IOMMU_HW_INFO_TYPE_ARM_SMMUV3);
}

TEST_F(IommufdHappyPath, each_nest_parent_gets_its_own_vmid_and_vintf_uses_it) {
    dev_id = bind();
    ioas_id = make_ioas();
    uint32_t h1 = make_parent(dev_id, ioas_id);
    hwpt_id = make_parent(dev_id, ioas_id);
    EXPECT_EQ(fd->hwpt_vmid(h1), 1);
    EXPECT_EQ(fd->hwpt_vmid(hwpt_id), 2);
    ViommuAllocCmd v = viommu_cmd();
    ASSERT_EQ(fd->viommu_alloc(v), 0);
    EXPECT_EQ(hw.vintf_vmid.at(1), 2);
}

TEST_F(IommufdHappyPath, two_viommus_get_distinct_vintfs_and_mmap_offsets) {
    up_to_viommu();
    ViommuAllocCmd v2 = viommu_cmd();
    ASSERT_EQ(fd->viommu_alloc(v2), 0);
    EXPECT_EQ(fd->viommu_vintf(v2.out_viommu_id), 2);
    EXPECT_EQ(v2.out_vintf_mmap_offset, 0x1000u + 0x10000u);
    EXPECT_TRUE(fd->owns_vintf(1));
    EXPECT_TRUE(fd->owns_vintf(2));
    EXPECT_FALSE(fd->owns_vintf(3));
}

TEST_F(IommufdHappyPath, smmuv3_viommu_has_no_vintf_and_no_mmap_region) {
    dev_id = bind();
    ioas_id = make_ioas();
    hwpt_id = make_parent(dev_id, ioas_id);
    ViommuAllocCmd v = viommu_cmd();
    v.type = IOMMU_VIOMMU_TYPE_ARM_SMMUV3;
    v.data_len = 0;
    ASSERT_EQ(fd->viommu_alloc(v), 0);
    EXPECT_EQ(v.out_vintf_mmap_length, 0u);
    EXPECT_EQ(fd->viommu_vintf(v.out_viommu_id), -ENOENT);
    EXPECT_TRUE(hw.vintfs.empty());
    viommu_id = v.out_viommu_id;
    make_vdevice();  // no SID pair for a plain vSMMUv3
    EXPECT_TRUE(hw.sid_pairs.empty());
}

}  // namespace fw::iommufd::test
