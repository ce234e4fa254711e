// grace-sim tests: VIOMMU_ALLOC, mmap/munmap and VDEVICE_ALLOC rejection paths.
#include "vm_fixture.h"

namespace fw::iommufd::test {

using IommufdViommu = VmFixture;
using IommufdMmap = VmFixture;
using IommufdVdevice = VmFixture;

class IommufdViommuPrereq : public VmFixture {
protected:
    void SetUp() override {
        VmFixture::SetUp();
        dev_id = bind();
        ioas_id = make_ioas();
        hwpt_id = make_parent(dev_id, ioas_id);
    }
};

// ---------------------------------------------------------------- VIOMMU_ALLOC

TEST_F(IommufdViommuPrereq, nonzero_flags_is_eopnotsupp) {
    ViommuAllocCmd c = viommu_cmd();
    c.flags = 1;
    EXPECT_EQ(fd->viommu_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdViommuPrereq, default_type_is_eopnotsupp) {
    ViommuAllocCmd c = viommu_cmd();
    c.type = IOMMU_VIOMMU_TYPE_DEFAULT;
    EXPECT_EQ(fd->viommu_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdViommuPrereq, unknown_device_is_enoent) {
    ViommuAllocCmd c = viommu_cmd();
    c.dev_id = 99;
    EXPECT_EQ(fd->viommu_alloc(c), -ENOENT);
}

TEST_F(IommufdViommuPrereq, type_the_driver_does_not_know_is_eopnotsupp) {
    ViommuAllocCmd c = viommu_cmd();
    c.type = 7;
    EXPECT_EQ(fd->viommu_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdViommu, cmdqv_type_without_a_cmdqv_is_eopnotsupp) {
    hw.m_info.has_cmdqv = false;
    make_fd();
    dev_id = bind();
    ioas_id = make_ioas();
    hwpt_id = make_parent(dev_id, ioas_id);
    ViommuAllocCmd c = viommu_cmd();
    EXPECT_EQ(fd->viommu_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdViommu, smmu_without_nesting_is_eopnotsupp) {
    hw.m_info.nesting = false;
    make_fd();
    dev_id = bind();
    ioas_id = make_ioas();
    hwpt_id = make_parent(dev_id, ioas_id);
    ViommuAllocCmd c = viommu_cmd();
    EXPECT_EQ(fd->viommu_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdViommuPrereq, unknown_hwpt_is_enoent) {
    ViommuAllocCmd c = viommu_cmd();
    c.hwpt_id = 99;
    EXPECT_EQ(fd->viommu_alloc(c), -ENOENT);
}

TEST_F(IommufdViommuPrereq, hwpt_id_naming_an_ioas_is_enoent) {
    ViommuAllocCmd c = viommu_cmd();
    c.hwpt_id = ioas_id;
    EXPECT_EQ(fd->viommu_alloc(c), -ENOENT);
}

TEST_F(IommufdViommuPrereq, hwpt_that_is_not_a_nest_parent_is_einval) {
    ViommuAllocCmd c = viommu_cmd();
    c.hwpt_id = make_parent(dev_id, ioas_id, 0);
    EXPECT_EQ(fd->viommu_alloc(c), -EINVAL);
    EXPECT_TRUE(hw.calls.empty());
}

TEST_F(IommufdViommuPrereq, device_behind_another_smmu_is_einval) {
    ViommuAllocCmd c = viommu_cmd();
    c.dev_id = bind(0x200, 1);
    EXPECT_EQ(fd->viommu_alloc(c), -EINVAL);
}

TEST_F(IommufdViommuPrereq, missing_driver_data_is_einval) {
    ViommuAllocCmd c = viommu_cmd();
    c.data_len = 0;
    EXPECT_EQ(fd->viommu_alloc(c), -EINVAL);
    EXPECT_TRUE(hw.vintfs.empty());
}

TEST_F(IommufdViommuPrereq, vintf_exhaustion_returns_the_allocator_errno) {
    for (int i = 0; i < 3; ++i) {
        ViommuAllocCmd c = viommu_cmd();
        ASSERT_EQ(fd->viommu_alloc(c), 0);
    }
    ViommuAllocCmd c = viommu_cmd();
    EXPECT_EQ(fd->viommu_alloc(c), -ENOSPC);
    EXPECT_EQ(fd->users(hwpt_id), 3u);
}

// ---------------------------------------------------------------- mmap

TEST_F(IommufdMmap, length_not_page_aligned_is_einval) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x10010, PROT_READ_, MAP_SHARED_, pa, h), -EINVAL);
}

TEST_F(IommufdMmap, zero_length_is_einval) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0, PROT_READ_, MAP_SHARED_, pa, h), -EINVAL);
}

TEST_F(IommufdMmap, private_mapping_is_einval) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_READ_, MAP_PRIVATE_, pa, h), -EINVAL);
}

TEST_F(IommufdMmap, private_check_comes_before_exec_check) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_EXEC_, MAP_PRIVATE_, pa, h), -EINVAL);
}

TEST_F(IommufdMmap, executable_mapping_is_eperm) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_READ_ | PROT_EXEC_, MAP_SHARED_, pa, h),
              -EPERM);
}

TEST_F(IommufdMmap, offset_not_at_a_region_start_is_enxio) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset + 0x1000, 0x1000, PROT_READ_, MAP_SHARED_, pa, h), -ENXIO);
}

TEST_F(IommufdMmap, partial_length_is_enxio) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x1000, PROT_READ_, MAP_SHARED_, pa, h), -ENXIO);
}

TEST_F(IommufdMmap, live_mapping_keeps_the_viommu_until_munmap) {
    up_to_viommu();
    uint64_t pa;
    uint32_t h;
    ASSERT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_READ_ | PROT_WRITE_, MAP_SHARED_, pa, h), 0);
    EXPECT_EQ(fd->users(viommu_id), 1u);
    EXPECT_EQ(fd->destroy(viommu_id), -EBUSY);
    EXPECT_EQ(fd->munmap(h), 0);
    EXPECT_EQ(fd->destroy(viommu_id), 0);
    EXPECT_EQ(fd->munmap(h), -EINVAL);
}

TEST_F(IommufdMmap, region_disappears_with_its_viommu) {
    up_to_viommu();
    ASSERT_EQ(fd->destroy(viommu_id), 0);
    uint64_t pa;
    uint32_t h;
    EXPECT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_READ_, MAP_SHARED_, pa, h), -ENXIO);
}

// ---------------------------------------------------------------- VDEVICE_ALLOC

TEST_F(IommufdVdevice, unknown_viommu_is_enoent) {
    up_to_viommu();
    VdeviceAllocCmd c = vdev_cmd();
    c.viommu_id = 99;
    EXPECT_EQ(fd->vdevice_alloc(c), -ENOENT);
}

TEST_F(IommufdVdevice, unknown_device_is_enoent) {
    up_to_viommu();
    VdeviceAllocCmd c = vdev_cmd();
    c.dev_id = 99;
    EXPECT_EQ(fd->vdevice_alloc(c), -ENOENT);
}

TEST_F(IommufdVdevice, device_not_behind_the_viommus_smmu_is_einval) {
    up_to_viommu();
    VdeviceAllocCmd c = vdev_cmd();
    c.dev_id = bind(0x300, 1);
    EXPECT_EQ(fd->vdevice_alloc(c), -EINVAL);
}

TEST_F(IommufdVdevice, second_vdevice_for_one_device_is_eexist) {
    up_to_viommu();
    make_vdevice(VSID);
    VdeviceAllocCmd c = vdev_cmd(VSID + 1);
    EXPECT_EQ(fd->vdevice_alloc(c), -EEXIST);
}

TEST_F(IommufdVdevice, virt_id_already_used_in_the_viommu_is_eexist) {
    up_to_viommu();
    make_vdevice(VSID);
    VdeviceAllocCmd c = vdev_cmd(VSID);
    c.dev_id = bind(0x101);
    EXPECT_EQ(fd->vdevice_alloc(c), -EEXIST);
}

TEST_F(IommufdVdevice, virt_id_wider_than_32_bits_is_einval) {
    up_to_viommu();
    VdeviceAllocCmd c = vdev_cmd(0x100000000ull);
    EXPECT_EQ(fd->vdevice_alloc(c), -EINVAL);
    EXPECT_TRUE(hw.sid_pairs.empty());
}

TEST_F(IommufdVdevice, sid_pair_exhaustion_returns_the_allocator_errno) {
    hw.m_info.log2_sids_per_vintf = 1;  // 2 pairs
    make_fd();
    up_to_viommu();
    make_vdevice(1);
    VdeviceAllocCmd c2 = vdev_cmd(2);
    c2.dev_id = bind(0x101);
    ASSERT_EQ(fd->vdevice_alloc(c2), 0);
    VdeviceAllocCmd c3 = vdev_cmd(3);
    c3.dev_id = bind(0x102);
    EXPECT_EQ(fd->vdevice_alloc(c3), -ENOSPC);
    EXPECT_EQ(fd->users(viommu_id), 2u);
}

TEST_F(IommufdVdevice, sid_pair_is_allocated_before_it_is_programmed) {
    up_to_viommu();
    make_vdevice();
    EXPECT_LT(hw.index_of("sid_pair_alloc"), hw.index_of("sid_pair_program"));
    EXPECT_EQ(hw.calls.back(), "sid_pair_program 1 0 vsid=8 psid=256");
}

TEST_F(IommufdVdevice, destroy_clears_the_sid_pair_and_frees_the_virt_id) {
    up_to_viommu();
    uint32_t vd = make_vdevice();
    ASSERT_EQ(fd->destroy(vd), 0);
    EXPECT_EQ(hw.calls.back(), "sid_pair_clear 1 0");
    EXPECT_TRUE(hw.sid_pairs.empty());
    make_vdevice();  // same device and vSID again
}

TEST_F(IommufdVdevice, unbind_force_destroys_the_vdevice_and_leaks_its_id) {
    up_to_viommu();
    uint32_t vd = make_vdevice();
    ASSERT_EQ(fd->unbind_device(dev_id), 0);
    EXPECT_TRUE(hw.sid_pairs.empty());
    EXPECT_FALSE(fd->exists(vd));
    EXPECT_EQ(fd->destroy(vd), -ENOENT);
    EXPECT_EQ(fd->users(viommu_id), 0u);
    EXPECT_EQ(fd->destroy(viommu_id), 0);
}

}  // namespace fw::iommufd::test
