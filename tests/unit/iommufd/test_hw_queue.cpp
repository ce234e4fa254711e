// grace-sim tests: HW_QUEUE_ALLOC validation (spec/cmdqv.md 3.6, core then CMDQV) and effects.
#include "vm_fixture.h"

namespace fw::iommufd::test {

class IommufdHwQueue : public VmFixture {
protected:
    void SetUp() override {
        VmFixture::SetUp();
        up_to_viommu();
    }
    int alloc(HwQueueAllocCmd c) { return fd->hw_queue_alloc(c); }
    size_t pins() const { return fd->ioas(ioas_id)->pin_count(); }
};

TEST_F(IommufdHwQueue, nonzero_flags_is_eopnotsupp) {
    HwQueueAllocCmd c = hwq_cmd(0, RING0_IOVA);
    c.flags = 1;
    EXPECT_EQ(alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwQueue, default_type_is_eopnotsupp) {
    HwQueueAllocCmd c = hwq_cmd(0, RING0_IOVA);
    c.type = IOMMU_HW_QUEUE_TYPE_DEFAULT;
    EXPECT_EQ(alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwQueue, zero_length_is_einval) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 0)), -EINVAL);
}

TEST_F(IommufdHwQueue, iova_plus_length_overflowing_is_eoverflow) {
    EXPECT_EQ(alloc(hwq_cmd(0, 0xfffffffffffff000ull, 0x2000)), -EOVERFLOW);
}

TEST_F(IommufdHwQueue, unknown_viommu_is_enoent) {
    HwQueueAllocCmd c = hwq_cmd(0, RING0_IOVA);
    c.viommu_id = 99;
    EXPECT_EQ(alloc(c), -ENOENT);
}

TEST_F(IommufdHwQueue, viommu_without_hw_queue_support_is_eopnotsupp) {
    ViommuAllocCmd v = viommu_cmd();
    v.type = IOMMU_VIOMMU_TYPE_ARM_SMMUV3;
    ASSERT_EQ(fd->viommu_alloc(v), 0);
    HwQueueAllocCmd c = hwq_cmd(0, RING0_IOVA);
    c.viommu_id = v.out_viommu_id;
    EXPECT_EQ(alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwQueue, type_the_driver_rejects_is_eopnotsupp) {
    HwQueueAllocCmd c = hwq_cmd(0, RING0_IOVA);
    c.type = 2;
    EXPECT_EQ(alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdHwQueue, span_ending_at_the_top_of_iova_space_is_erange) {
    EXPECT_EQ(alloc(hwq_cmd(0, 0xfffffffffffff000ull, 0x1000)), -ERANGE);
}

TEST_F(IommufdHwQueue, unmapped_ring_is_enoent) {
    EXPECT_EQ(alloc(hwq_cmd(0, 4 * GIB)), -ENOENT);
    EXPECT_EQ(pins(), 0u);
}

TEST_F(IommufdHwQueue, ring_across_non_contiguous_host_chunks_is_efault) {
    EXPECT_EQ(alloc(hwq_cmd(0, GIB - 0x1000, 0x2000)), -EFAULT);
    EXPECT_EQ(pins(), 0u);
}

TEST_F(IommufdHwQueue, ring_across_contiguous_areas_is_accepted) {
    IoasMapCmd m;
    m.ioas_id = ioas_id;
    m.iova = 4 * GIB;
    m.length = 0x1000;
    m.host_pa = 0x900000000ull;
    ASSERT_EQ(fd->ioas_map(m), 0);
    m.iova = 4 * GIB + 0x1000;
    m.host_pa = 0x900001000ull;
    ASSERT_EQ(fd->ioas_map(m), 0);
    EXPECT_EQ(alloc(hwq_cmd(0, 4 * GIB, 0x2000)), 0);
    EXPECT_EQ(hw.lvcmdqs.at({1, 0}).first, 0x900000000ull);
}

TEST_F(IommufdHwQueue, index_beyond_lvcmdqs_per_vintf_is_einval) {
    EXPECT_EQ(alloc(hwq_cmd(4, RING0_IOVA)), -EINVAL);
    EXPECT_EQ(pins(), 0u);
}

TEST_F(IommufdHwQueue, index_already_in_use_is_eexist) {
    make_hwq(0, RING0_IOVA);
    EXPECT_EQ(alloc(hwq_cmd(0, RING1_IOVA)), -EEXIST);
    EXPECT_EQ(pins(), 1u);
}

TEST_F(IommufdHwQueue, index_whose_predecessor_is_free_is_eio) {
    EXPECT_EQ(alloc(hwq_cmd(1, RING1_IOVA)), -EIO);
    EXPECT_TRUE(hw.lvcmdqs.empty());
}

TEST_F(IommufdHwQueue, length_not_a_power_of_two_is_einval) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 0x1800)), -EINVAL);
}

TEST_F(IommufdHwQueue, length_below_two_entries_is_einval) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 16)), -EINVAL);
}

TEST_F(IommufdHwQueue, minimum_length_of_two_entries_is_accepted) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 32)), 0);
    EXPECT_EQ(hw.lvcmdqs.at({1, 0}).second, 1u);
}

TEST_F(IommufdHwQueue, length_above_cmdqs_limit_is_einval) {
    hw.m_info.cmdqs_log2 = 8;  // max 2^12 bytes
    make_fd();
    up_to_viommu();
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 0x2000)), -EINVAL);
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA, 0x1000)), 0);
}

TEST_F(IommufdHwQueue, base_not_aligned_to_ring_size_is_einval) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA + 0x800, 0x1000)), -EINVAL);
    EXPECT_EQ(pins(), 0u);
}

TEST_F(IommufdHwQueue, sub_page_ring_aligned_to_its_size_is_accepted) {
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA + 0x800, 0x800)), 0);
    EXPECT_EQ(hw.lvcmdqs.at({1, 0}).first, CHUNK0_PA + RING0_IOVA + 0x800);
}

TEST_F(IommufdHwQueue, base_above_47_bits_is_einval) {
    IoasMapCmd m;
    m.ioas_id = ioas_id;
    m.iova = 4 * GIB;
    m.length = 0x1000;
    m.host_pa = 1ull << 48;
    ASSERT_EQ(fd->ioas_map(m), 0);
    EXPECT_EQ(alloc(hwq_cmd(0, 4 * GIB)), -EINVAL);
}

TEST_F(IommufdHwQueue, driver_programming_failure_is_returned_and_unpins) {
    hw.fail_map = -ETIMEDOUT;
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA)), -ETIMEDOUT);
    EXPECT_EQ(pins(), 0u);
    EXPECT_EQ(fd->users(viommu_id), 0u);
}

TEST_F(IommufdHwQueue, queues_map_in_ascending_order_with_host_pa_and_log2size) {
    make_hwq(0, RING0_IOVA);
    make_hwq(1, RING1_IOVA, 0x2000);
    EXPECT_LT(hw.index_of("lvcmdq_map_and_program 1 0"), hw.index_of("lvcmdq_map_and_program 1 1"));
    EXPECT_EQ(hw.lvcmdqs.at({1, 1}), std::make_pair(CHUNK0_PA + RING1_IOVA, 9u));
    EXPECT_EQ(pins(), 2u);
}

TEST_F(IommufdHwQueue, ring_in_second_chunk_uses_that_chunks_host_pa) {
    make_hwq(0, GIB + 0x10000);
    EXPECT_EQ(hw.lvcmdqs.at({1, 0}).first, CHUNK1_PA + 0x10000);
}

TEST_F(IommufdHwQueue, destroy_deinits_and_unmaps_the_lvcmdq_and_unpins) {
    uint32_t q = make_hwq(0, RING0_IOVA);
    ASSERT_EQ(fd->destroy(q), 0);
    EXPECT_EQ(hw.calls.back(), "lvcmdq_deinit_and_unmap 1 0");
    EXPECT_EQ(pins(), 0u);
    EXPECT_EQ(alloc(hwq_cmd(0, RING0_IOVA)), 0);  // slot free again
}

}  // namespace fw::iommufd::test
