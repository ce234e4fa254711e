// grace-sim tests: DESTROY with dependency counting and close() (spec/cmdqv.md 3.8).
#include "vm_fixture.h"

namespace fw::iommufd::test {

class IommufdTeardown : public VmFixture {
protected:
    // A complete VM: vIOMMU with mmap, vDEVICE, vEVENTQ and two HW queues.
    void build_vm() {
        up_to_viommu();
        uint64_t pa;
        ASSERT_EQ(fd->mmap(mmap_offset, 0x10000, PROT_READ_ | PROT_WRITE_, MAP_SHARED_, pa, map),
                  0);
        vdev = make_vdevice();
        veq = make_veventq();
        q0 = make_hwq(0, RING0_IOVA);
        q1 = make_hwq(1, RING1_IOVA);
        hw.calls.clear();
    }
    uint32_t map = 0, vdev = 0, veq = 0, q0 = 0, q1 = 0;
};

TEST_F(IommufdTeardown, destroy_of_unknown_id_is_enoent) { EXPECT_EQ(fd->destroy(12), -ENOENT); }

TEST_F(IommufdTeardown, second_destroy_of_the_same_id_is_enoent) {
    IoasAllocCmd a;
    ASSERT_EQ(fd->ioas_alloc(a), 0);
    ASSERT_EQ(fd->destroy(a.out_ioas_id), 0);
    EXPECT_EQ(fd->destroy(a.out_ioas_id), -ENOENT);
}

TEST_F(IommufdTeardown, device_object_is_ebusy_while_bound) {
    dev_id = bind();
    EXPECT_EQ(fd->destroy(dev_id), -EBUSY);
}

TEST_F(IommufdTeardown, ioas_used_by_a_hwpt_is_ebusy) {
    build_vm();
    EXPECT_EQ(fd->destroy(ioas_id), -EBUSY);
}

TEST_F(IommufdTeardown, hwpt_used_by_a_viommu_is_ebusy) {
    build_vm();
    EXPECT_EQ(fd->destroy(hwpt_id), -EBUSY);
}

TEST_F(IommufdTeardown, viommu_with_dependents_is_ebusy) {
    build_vm();
    EXPECT_EQ(fd->destroy(viommu_id), -EBUSY);
    EXPECT_TRUE(hw.calls.empty());
}

TEST_F(IommufdTeardown, lower_hw_queue_before_higher_one_is_ebusy) {
    build_vm();
    EXPECT_EQ(fd->destroy(q0), -EBUSY);
    EXPECT_TRUE(hw.lvcmdqs.count({1, 0}));
}

TEST_F(IommufdTeardown, valid_order_succeeds_and_frees_all_hardware) {
    build_vm();
    EXPECT_EQ(fd->destroy(q1), 0);
    EXPECT_EQ(fd->destroy(q0), 0);
    EXPECT_EQ(fd->destroy(vdev), 0);
    EXPECT_EQ(fd->destroy(veq), 0);
    EXPECT_EQ(fd->munmap(map), 0);
    EXPECT_EQ(fd->destroy(viommu_id), 0);
    EXPECT_EQ(fd->destroy(hwpt_id), 0);
    IoasUnmapCmd u;
    u.ioas_id = ioas_id;
    u.iova = 0;
    u.length = ~0ull;
    EXPECT_EQ(fd->ioas_unmap(u), 0);
    EXPECT_EQ(fd->destroy(ioas_id), 0);
    const std::vector<std::string> expected = {
        "lvcmdq_deinit_and_unmap 1 1", "lvcmdq_deinit_and_unmap 1 0", "sid_pair_clear 1 0",
        "vintf_deinit 1", "vintf_free 1",
    };
    EXPECT_EQ(hw.calls, expected);
    EXPECT_TRUE(hw.vintfs.empty());
    EXPECT_TRUE(hw.sid_pairs.empty());
    EXPECT_TRUE(hw.lvcmdqs.empty());
    EXPECT_EQ(vmids.used(), 0u);
    EXPECT_EQ(fd->object_count(), 1u);  // only the bound device remains
}

TEST_F(IommufdTeardown, viommu_becomes_destroyable_exactly_when_its_last_user_goes) {
    build_vm();
    ASSERT_EQ(fd->destroy(q1), 0);
    ASSERT_EQ(fd->destroy(q0), 0);
    ASSERT_EQ(fd->destroy(vdev), 0);
    ASSERT_EQ(fd->destroy(veq), 0);
    EXPECT_EQ(fd->destroy(viommu_id), -EBUSY);  // the mmap still holds it
    ASSERT_EQ(fd->munmap(map), 0);
    EXPECT_EQ(fd->destroy(viommu_id), 0);
}

TEST_F(IommufdTeardown, close_tears_down_everything_in_dependency_order) {
    build_vm();
    fd->close();
    EXPECT_TRUE(fd->closed());
    EXPECT_EQ(fd->object_count(), 0u);
    EXPECT_EQ(fd->mmap_count(), 0u);
    EXPECT_TRUE(hw.vintfs.empty());
    EXPECT_TRUE(hw.sid_pairs.empty());
    EXPECT_TRUE(hw.lvcmdqs.empty());
    EXPECT_EQ(vmids.used(), 0u);
    // HW queues highest first; SID pair and all queues before the VINTF goes.
    EXPECT_LT(hw.index_of("lvcmdq_deinit_and_unmap 1 1"), hw.index_of("lvcmdq_deinit_and_unmap 1 0"));
    EXPECT_LT(hw.index_of("lvcmdq_deinit_and_unmap 1 0"), hw.index_of("vintf_deinit 1"));
    EXPECT_LT(hw.index_of("sid_pair_clear 1 0"), hw.index_of("vintf_deinit 1"));
    EXPECT_LT(hw.index_of("vintf_deinit 1"), hw.index_of("vintf_free 1"));
    EXPECT_EQ(hw.count_of("vintf_free"), 1u);
}

TEST_F(IommufdTeardown, close_frees_every_vintf_of_several_viommus) {
    build_vm();
    ViommuAllocCmd v2 = viommu_cmd();
    ASSERT_EQ(fd->viommu_alloc(v2), 0);
    VdeviceAllocCmd vd = vdev_cmd(0x20);
    vd.viommu_id = v2.out_viommu_id;
    vd.dev_id = bind(0x101);
    ASSERT_EQ(fd->vdevice_alloc(vd), 0);
    EXPECT_EQ(hw.vintfs.size(), 2u);
    fd->close();
    EXPECT_TRUE(hw.vintfs.empty());
    EXPECT_TRUE(hw.sid_pairs.empty());
    EXPECT_EQ(hw.count_of("vintf_free"), 2u);
}

TEST_F(IommufdTeardown, close_releases_a_force_destroyed_vdevice_id) {
    build_vm();
    ASSERT_EQ(fd->unbind_device(dev_id), 0);
    EXPECT_EQ(fd->destroy(vdev), -ENOENT);
    fd->close();
    EXPECT_EQ(fd->object_count(), 0u);
    EXPECT_EQ(hw.count_of("sid_pair_clear"), 1u);
}

TEST_F(IommufdTeardown, destructor_closes_an_open_fd) {
    build_vm();
    fd.reset();
    EXPECT_TRUE(hw.vintfs.empty());
    EXPECT_TRUE(hw.lvcmdqs.empty());
}

TEST_F(IommufdTeardown, calls_after_close_are_rejected) {
    fd->close();
    uint32_t id = 0;
    EXPECT_EQ(fd->bind_device(BoundDevice{{PSID}, false, 0}, id), -EBADF);
}

TEST_F(IommufdTeardown, two_fds_share_the_vmid_pool_without_collision) {
    build_vm();
    Iommufd other(hw, vmids, params);
    BoundDevice d{{0x300}, false, 0};
    uint32_t dev = 0;
    ASSERT_EQ(other.bind_device(d, dev), 0);
    IoasAllocCmd a;
    ASSERT_EQ(other.ioas_alloc(a), 0);
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev;
    h.pt_id = a.out_ioas_id;
    ASSERT_EQ(other.hwpt_alloc(h), 0);
    EXPECT_EQ(other.hwpt_vmid(h.out_hwpt_id), 2);
    EXPECT_EQ(h.out_hwpt_id, 3u);  // ids are per fd
    ViommuAllocCmd v;
    v.dev_id = dev;
    v.hwpt_id = h.out_hwpt_id;
    ASSERT_EQ(other.viommu_alloc(v), 0);
    EXPECT_EQ(other.viommu_vintf(v.out_viommu_id), 2);
    EXPECT_FALSE(fd->owns_vintf(2));
    other.close();
    EXPECT_TRUE(vmids.in_use(1));
    EXPECT_FALSE(vmids.in_use(2));
}

}  // namespace fw::iommufd::test
