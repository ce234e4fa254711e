// grace-sim tests: VEVENTQ_ALLOC rejections, read(), sequence numbers, LOST_EVENTS, ISR report.
#include "iommufd/vevent_queue.h"
#include "vm_fixture.h"

namespace fw::iommufd::test {

using IommufdVeventq = VmFixture;

TEST_F(IommufdVeventq, nonzero_flags_is_eopnotsupp) {
    up_to_viommu();
    VeventqAllocCmd c = veventq_cmd();
    c.flags = 1;
    EXPECT_EQ(fd->veventq_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdVeventq, nonzero_reserved_is_eopnotsupp) {
    up_to_viommu();
    VeventqAllocCmd c = veventq_cmd();
    c.reserved = 1;
    EXPECT_EQ(fd->veventq_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdVeventq, default_type_is_eopnotsupp) {
    up_to_viommu();
    VeventqAllocCmd c = veventq_cmd();
    c.type = IOMMU_VEVENTQ_TYPE_DEFAULT;
    EXPECT_EQ(fd->veventq_alloc(c), -EOPNOTSUPP);
}

TEST_F(IommufdVeventq, zero_depth_is_einval) {
    up_to_viommu();
    VeventqAllocCmd c = veventq_cmd(0);
    EXPECT_EQ(fd->veventq_alloc(c), -EINVAL);
}

TEST_F(IommufdVeventq, unknown_viommu_is_enoent) {
    up_to_viommu();
    VeventqAllocCmd c = veventq_cmd();
    c.viommu_id = 99;
    EXPECT_EQ(fd->veventq_alloc(c), -ENOENT);
}

TEST_F(IommufdVeventq, second_queue_of_the_same_type_is_eexist) {
    up_to_viommu();
    make_veventq();
    VeventqAllocCmd c = veventq_cmd();
    EXPECT_EQ(fd->veventq_alloc(c), -EEXIST);
}

TEST_F(IommufdVeventq, queue_of_another_type_may_coexist) {
    up_to_viommu();
    make_veventq();
    VeventqAllocCmd c = veventq_cmd();
    c.type = IOMMU_VEVENTQ_TYPE_ARM_SMMUV3;
    EXPECT_EQ(fd->veventq_alloc(c), 0);
}

TEST_F(IommufdVeventq, report_without_a_queue_is_dropped_with_eopnotsupp) {
    up_to_viommu();
    EXPECT_EQ(fd->report_vevent(vintf(), {1, 0}), -EOPNOTSUPP);
}

TEST_F(IommufdVeventq, report_for_a_vintf_of_no_viommu_is_enoent) {
    up_to_viommu();
    make_veventq();
    EXPECT_EQ(fd->report_vevent(3, {1, 0}), -ENOENT);
}

TEST_F(IommufdVeventq, read_returns_records_in_order_with_sequence_numbers) {
    up_to_viommu();
    uint32_t q = make_veventq(4);
    ASSERT_EQ(fd->report_vevent(vintf(), {0x1, 0}), 0);
    ASSERT_EQ(fd->report_vevent(vintf(), {0x2, 0x8000000000000000ull}), 0);
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(q, 100, r), 48);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].sequence, 0u);
    EXPECT_EQ(r[0].flags, 0u);
    EXPECT_EQ(r[1].sequence, 1u);
    EXPECT_EQ(r[1].lvcmdq_err_map[1], 0x8000000000000000ull);
    EXPECT_EQ(fd->veventq_read(q, 100, r), 0);  // empty now
}

TEST_F(IommufdVeventq, read_stops_at_the_last_whole_record_that_fits) {
    up_to_viommu();
    uint32_t q = make_veventq(4);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(fd->report_vevent(vintf(), {1, 0}), 0);
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(q, 50, r), 48);
    EXPECT_EQ(r.size(), 2u);
}

TEST_F(IommufdVeventq, read_with_buffer_smaller_than_a_record_is_einval) {
    up_to_viommu();
    uint32_t q = make_veventq(4);
    ASSERT_EQ(fd->report_vevent(vintf(), {1, 0}), 0);
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(q, 23, r), -EINVAL);
}

TEST_F(IommufdVeventq, read_of_unknown_queue_is_ebadf) {
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(5, 100, r), -EBADF);
}

TEST_F(IommufdVeventq, full_queue_collapses_further_events_into_one_lost_events_header) {
    up_to_viommu();
    uint32_t q = make_veventq(2);
    for (uint64_t i = 0; i < 5; ++i) ASSERT_EQ(fd->report_vevent(vintf(), {i, 0}), 0);
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(q, 1000, r), 24 + 24 + 8);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].sequence, 0u);
    EXPECT_EQ(r[1].sequence, 1u);
    EXPECT_EQ(r[2].flags, IOMMU_VEVENTQ_FLAG_LOST_EVENTS);
    EXPECT_FALSE(r[2].has_payload);
    EXPECT_EQ(r[2].sequence, 4u);  // the latest lost event: 2 and 3 were lost too
    EXPECT_EQ(fd->veventq(q)->lost(), 3u);
}

TEST_F(IommufdVeventq, events_after_a_read_are_queued_again_with_continuing_sequence) {
    up_to_viommu();
    uint32_t q = make_veventq(1);
    ASSERT_EQ(fd->report_vevent(vintf(), {1, 0}), 0);
    ASSERT_EQ(fd->report_vevent(vintf(), {2, 0}), 0);  // lost
    std::vector<VeventRecord> r;
    EXPECT_EQ(fd->veventq_read(q, 1000, r), 32);
    ASSERT_EQ(fd->report_vevent(vintf(), {3, 0}), 0);
    r.clear();
    EXPECT_EQ(fd->veventq_read(q, 1000, r), 24);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].sequence, 2u);
    EXPECT_EQ(r[0].lvcmdq_err_map[0], 3u);
}

TEST(VeventQueue, sequence_wraps_from_int_max_to_zero) {
    VeventQueue q(8, 0x7ffffffe);
    q.report({1, 0});
    q.report({2, 0});
    q.report({3, 0});
    std::vector<VeventRecord> r;
    EXPECT_EQ(q.read(1000, r), 72);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].sequence, 0x7ffffffeu);
    EXPECT_EQ(r[1].sequence, 0x7fffffffu);
    EXPECT_EQ(r[2].sequence, 0u);
}

TEST(VeventQueue, lost_header_sequence_also_wraps) {
    VeventQueue q(1, 0x7fffffff);
    EXPECT_TRUE(q.report({1, 0}));   // 0x7fffffff
    EXPECT_FALSE(q.report({2, 0}));  // lost, 0
    EXPECT_FALSE(q.report({3, 0}));  // lost, 1
    std::vector<VeventRecord> r;
    q.read(1000, r);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].flags, IOMMU_VEVENTQ_FLAG_LOST_EVENTS);
    EXPECT_EQ(r[1].sequence, 1u);
    EXPECT_EQ(q.next_sequence(), 2u);
}

TEST(VeventQueue, lost_header_does_not_count_against_depth) {
    VeventQueue q(2);
    q.report({1, 0});
    q.report({2, 0});
    q.report({3, 0});  // lost
    EXPECT_EQ(q.num_events(), 2u);
    EXPECT_EQ(q.pending_records(), 3u);
    std::vector<VeventRecord> r;
    q.read(24, r);  // one payload record
    EXPECT_TRUE(q.report({4, 0}));
    EXPECT_EQ(q.num_events(), 2u);
}

}  // namespace fw::iommufd::test
