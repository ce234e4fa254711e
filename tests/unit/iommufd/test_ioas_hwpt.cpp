// grace-sim tests: IOAS_ALLOC/MAP/UNMAP, HWPT_ALLOC and GET_HW_INFO rejection paths.
#include "vm_fixture.h"

namespace fw::iommufd::test {

using IommufdIoas = VmFixture;
using IommufdHwpt = VmFixture;
using IommufdHwInfo = VmFixture;

namespace {
IoasMapCmd map_cmd(uint32_t ioas, uint64_t iova, uint64_t len, uint64_t pa) {
    IoasMapCmd m;
    m.ioas_id = ioas;
    m.iova = iova;
    m.length = len;
    m.host_pa = pa;
    return m;
}
IoasUnmapCmd unmap_cmd(uint32_t ioas, uint64_t iova, uint64_t len) {
    IoasUnmapCmd u;
    u.ioas_id = ioas;
    u.iova = iova;
    u.length = len;
    return u;
}
}  // namespace

// ---------------------------------------------------------------- IOAS

TEST_F(IommufdIoas, alloc_with_flags_is_eopnotsupp) {
    IoasAllocCmd a;
    a.flags = 1;
    EXPECT_EQ(fd->ioas_alloc(a), -EOPNOTSUPP);
}

TEST_F(IommufdIoas, map_with_unknown_flag_is_eopnotsupp) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 4 * GIB, 0x1000, 0x1000);
    m.flags |= 1u << 7;
    EXPECT_EQ(fd->ioas_map(m), -EOPNOTSUPP);
}

TEST_F(IommufdIoas, map_with_reserved_field_is_eopnotsupp) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 4 * GIB, 0x1000, 0x1000);
    m.reserved = 1;
    EXPECT_EQ(fd->ioas_map(m), -EOPNOTSUPP);
}

TEST_F(IommufdIoas, map_without_read_or_write_is_einval) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 4 * GIB, 0x1000, 0x1000);
    m.flags = IOMMU_IOAS_MAP_FIXED_IOVA;
    EXPECT_EQ(fd->ioas_map(m), -EINVAL);
}

TEST_F(IommufdIoas, map_into_unknown_ioas_is_enoent) {
    IoasMapCmd m = map_cmd(42, 0, 0x1000, 0x1000);
    EXPECT_EQ(fd->ioas_map(m), -ENOENT);
}

TEST_F(IommufdIoas, map_with_zero_length_is_einval) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 4 * GIB, 0, 0x1000);
    EXPECT_EQ(fd->ioas_map(m), -EINVAL);
}

TEST_F(IommufdIoas, map_of_unaligned_iova_is_einval) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 4 * GIB + 0x10, 0x1000, 0x1000);
    EXPECT_EQ(fd->ioas_map(m), -EINVAL);
}

TEST_F(IommufdIoas, map_wrapping_past_the_end_of_iova_space_is_eoverflow) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, 0xfffffffffffff000ull, 0x2000, 0x1000);
    EXPECT_EQ(fd->ioas_map(m), -EOVERFLOW);
}

TEST_F(IommufdIoas, map_overlapping_an_area_is_eexist) {
    ioas_id = make_ioas();
    IoasMapCmd m = map_cmd(ioas_id, GIB - 0x1000, 0x2000, 0x1000);
    EXPECT_EQ(fd->ioas_map(m), -EEXIST);
}

TEST_F(IommufdIoas, map_without_fixed_iova_takes_the_lowest_free_hole) {
    IoasAllocCmd a;
    ASSERT_EQ(fd->ioas_alloc(a), 0);
    IoasMapCmd m = map_cmd(a.out_ioas_id, 0, 0x2000, 0x9000);
    m.flags = IOMMU_IOAS_MAP_READABLE;
    ASSERT_EQ(fd->ioas_map(m), 0);
    EXPECT_EQ(m.iova, 0x1000u);
    uint64_t pa = 0;
    ASSERT_TRUE(fd->ioas(a.out_ioas_id)->translate(0x2010, pa));
    EXPECT_EQ(pa, 0xa010u);
}

TEST_F(IommufdIoas, unmap_of_part_of_an_area_is_einval) {
    ioas_id = make_ioas();
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, 0x1000);
    EXPECT_EQ(fd->ioas_unmap(u), -EINVAL);
    EXPECT_EQ(fd->ioas(ioas_id)->area_count(), 2u);
}

TEST_F(IommufdIoas, unmap_of_nothing_mapped_is_enoent) {
    ioas_id = make_ioas();
    IoasUnmapCmd u = unmap_cmd(ioas_id, 8 * GIB, 0x1000);
    EXPECT_EQ(fd->ioas_unmap(u), -ENOENT);
}

TEST_F(IommufdIoas, unmap_of_zero_length_is_einval) {
    ioas_id = make_ioas();
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, 0);
    EXPECT_EQ(fd->ioas_unmap(u), -EINVAL);
}

TEST_F(IommufdIoas, unmap_of_unknown_ioas_is_enoent) {
    IoasUnmapCmd u = unmap_cmd(9, 0, 0x1000);
    EXPECT_EQ(fd->ioas_unmap(u), -ENOENT);
}

TEST_F(IommufdIoas, unmap_of_whole_areas_reports_the_length) {
    ioas_id = make_ioas();
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, 2 * GIB);
    ASSERT_EQ(fd->ioas_unmap(u), 0);
    EXPECT_EQ(u.out_length, 2 * GIB);
    EXPECT_EQ(fd->ioas(ioas_id)->area_count(), 0u);
}

TEST_F(IommufdIoas, unmap_of_area_holding_a_pinned_ring_is_ebusy) {
    up_to_viommu();
    make_hwq(0, RING0_IOVA);
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, GIB);
    EXPECT_EQ(fd->ioas_unmap(u), -EBUSY);
    EXPECT_EQ(fd->ioas(ioas_id)->area_count(), 2u);
}

TEST_F(IommufdIoas, unmap_of_an_unpinned_area_is_allowed_while_a_ring_is_pinned) {
    up_to_viommu();
    make_hwq(0, RING0_IOVA);
    IoasUnmapCmd u = unmap_cmd(ioas_id, GIB, GIB);
    EXPECT_EQ(fd->ioas_unmap(u), 0);
}

TEST_F(IommufdIoas, unmap_all_is_ebusy_while_a_ring_is_pinned) {
    up_to_viommu();
    make_hwq(0, RING0_IOVA);
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, ~0ull);
    EXPECT_EQ(fd->ioas_unmap(u), -EBUSY);
}

TEST_F(IommufdIoas, unmap_of_ring_area_succeeds_after_the_queue_is_destroyed) {
    up_to_viommu();
    uint32_t q = make_hwq(0, RING0_IOVA);
    ASSERT_EQ(fd->destroy(q), 0);
    IoasUnmapCmd u = unmap_cmd(ioas_id, 0, ~0ull);
    EXPECT_EQ(fd->ioas_unmap(u), 0);
    EXPECT_EQ(u.out_length, 2 * GIB);
}

// ---------------------------------------------------------------- HWPT_ALLOC

TEST_F(IommufdHwpt, unknown_flag_is_eopnotsupp) {
    dev_id = bind();
    ioas_id = make_ioas();
    HwptAllocCmd h;
    h.flags = 1u << 5;
    h.dev_id = dev_id;
    h.pt_id = ioas_id;
    EXPECT_EQ(fd->hwpt_alloc(h), -EOPNOTSUPP);
}

TEST_F(IommufdHwpt, nested_data_type_is_eopnotsupp) {
    dev_id = bind();
    ioas_id = make_ioas();
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev_id;
    h.pt_id = ioas_id;
    h.data_type = 2;
    EXPECT_EQ(fd->hwpt_alloc(h), -EOPNOTSUPP);
}

TEST_F(IommufdHwpt, unknown_device_is_enoent) {
    ioas_id = make_ioas();
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = 77;
    h.pt_id = ioas_id;
    EXPECT_EQ(fd->hwpt_alloc(h), -ENOENT);
}

TEST_F(IommufdHwpt, unknown_pt_id_is_enoent) {
    dev_id = bind();
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev_id;
    h.pt_id = 77;
    EXPECT_EQ(fd->hwpt_alloc(h), -ENOENT);
}

TEST_F(IommufdHwpt, pt_id_that_is_not_an_ioas_is_einval) {
    dev_id = bind();
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev_id;
    h.pt_id = dev_id;
    EXPECT_EQ(fd->hwpt_alloc(h), -EINVAL);
}

TEST_F(IommufdHwpt, vmid_pool_exhaustion_is_enospc) {
    VmidPool tiny(1, 1);
    fd = std::make_unique<Iommufd>(hw, tiny, params);
    dev_id = bind();
    ioas_id = make_ioas();
    make_parent(dev_id, ioas_id);
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev_id;
    h.pt_id = ioas_id;
    EXPECT_EQ(fd->hwpt_alloc(h), -ENOSPC);
    fd.reset();  // before `tiny` goes away
}

TEST_F(IommufdHwpt, plain_paging_hwpt_takes_no_vmid) {
    dev_id = bind();
    ioas_id = make_ioas();
    uint32_t h = make_parent(dev_id, ioas_id, 0);
    EXPECT_EQ(fd->hwpt_vmid(h), -ENOENT);
    EXPECT_EQ(vmids.used(), 0u);
}

TEST_F(IommufdHwpt, destroying_a_nest_parent_returns_its_vmid_to_the_pool) {
    dev_id = bind();
    ioas_id = make_ioas();
    uint32_t h = make_parent(dev_id, ioas_id);
    EXPECT_TRUE(vmids.in_use(1));
    ASSERT_EQ(fd->destroy(h), 0);
    EXPECT_FALSE(vmids.in_use(1));
}

// ---------------------------------------------------------------- GET_HW_INFO

TEST_F(IommufdHwInfo, unknown_flag_is_eopnotsupp) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.flags = 2;
    EXPECT_EQ(fd->get_hw_info(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwInfo, reserved_field_is_eopnotsupp) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.reserved[1] = 1;
    EXPECT_EQ(fd->get_hw_info(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwInfo, unknown_device_is_enoent) {
    GetHwInfoCmd c;
    c.dev_id = 5;
    EXPECT_EQ(fd->get_hw_info(c), -ENOENT);
}

TEST_F(IommufdHwInfo, foreign_type_is_eopnotsupp) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    c.in_data_type = IOMMU_HW_INFO_TYPE_INTEL_VTD;
    EXPECT_EQ(fd->get_hw_info(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwInfo, cmdqv_type_without_a_cmdqv_is_eopnotsupp) {
    hw.m_info.has_cmdqv = false;
    make_fd();
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    c.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    EXPECT_EQ(fd->get_hw_info(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwInfo, explicit_arm_smmuv3_type_is_accepted) {
    dev_id = bind();
    GetHwInfoCmd c;
    c.dev_id = dev_id;
    c.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    c.in_data_type = IOMMU_HW_INFO_TYPE_ARM_SMMUV3;
    ASSERT_EQ(fd->get_hw_info(c), 0);
    EXPECT_EQ(c.out_data_type, IOMMU_HW_INFO_TYPE_ARM_SMMUV3);
}

}  // namespace fw::iommufd::test
