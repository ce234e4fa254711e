// grace-sim tests: HWPT_INVALIDATE of trapped commands (spec/cmdqv.md 3.9).
#include "vm_fixture.h"

namespace fw::iommufd::test {
namespace sc = smmu::core;

class IommufdInvalidate : public VmFixture {
protected:
    void SetUp() override {
        VmFixture::SetUp();
        up_to_viommu();
        make_vdevice();
        vmid = static_cast<uint16_t>(fd->hwpt_vmid(hwpt_id));
    }
    HwptInvalidateCmd inv(std::vector<sc::Command> cmds) const {
        HwptInvalidateCmd c;
        c.hwpt_id = viommu_id;
        c.entry_num = static_cast<uint32_t>(cmds.size());
        c.entries = std::move(cmds);
        return c;
    }
    static sc::Command cmd(uint64_t d0, uint64_t d1 = 0) { return sc::Command{d0, d1}; }
    static sc::Command tlbi_va(uint16_t asid, uint16_t guest_vmid, uint64_t va) {
        return cmd(sc::CMD_TLBI_NH_VA | (uint64_t{guest_vmid} << 32) | (uint64_t{asid} << 48),
                   va | 1);
    }
    uint16_t vmid = 0;
};

TEST_F(IommufdInvalidate, tlbi_nsnh_all_becomes_nh_all_with_the_vm_vmid) {
    auto c = inv({cmd(sc::CMD_TLBI_NSNH_ALL)});
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    ASSERT_EQ(hw.batches.size(), 1u);
    EXPECT_EQ(hw.batches[0][0].op(), sc::CMD_TLBI_NH_ALL);
    EXPECT_EQ(hw.batches[0][0].vmid(), vmid);
    EXPECT_EQ(hw.batches[0][0].d1, 0u);
}

TEST_F(IommufdInvalidate, tlbi_nh_va_gets_the_vmid_forced_and_keeps_asid_and_address) {
    auto c = inv({tlbi_va(5, 0x77, 0x12345000)});
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    const sc::Command& out = hw.batches[0][0];
    EXPECT_EQ(out.op(), sc::CMD_TLBI_NH_VA);
    EXPECT_EQ(out.vmid(), vmid);
    EXPECT_EQ(out.asid(), 5);
    EXPECT_EQ(out.tlbi_addr(), 0x12345000u);
    EXPECT_TRUE(out.tlbi_leaf());
}

TEST_F(IommufdInvalidate, tlbi_nh_vaa_all_and_asid_get_the_vmid_forced) {
    auto c = inv({cmd(sc::CMD_TLBI_NH_VAA | (0x33ull << 32), 0x5000),
                  cmd(sc::CMD_TLBI_NH_ALL | (0x33ull << 32)),
                  cmd(sc::CMD_TLBI_NH_ASID | (0x33ull << 32) | (9ull << 48))});
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    ASSERT_EQ(hw.batches[0].size(), 3u);
    for (const auto& out : hw.batches[0]) EXPECT_EQ(out.vmid(), vmid);
    EXPECT_EQ(hw.batches[0][2].asid(), 9);
}

TEST_F(IommufdInvalidate, atc_inv_vsid_is_replaced_by_the_psid) {
    auto c = inv({cmd(sc::CMD_ATC_INV | (uint64_t{VSID} << 32), 52)});
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    EXPECT_EQ(hw.batches[0][0].sid(), PSID);
    EXPECT_EQ(hw.batches[0][0].atc_size(), 52);
}

TEST_F(IommufdInvalidate, cfgi_cd_all_vsid_is_replaced_by_the_psid) {
    auto c = inv({cmd(sc::CMD_CFGI_CD_ALL | (uint64_t{VSID} << 32))});
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    EXPECT_EQ(hw.batches[0][0].sid(), PSID);
}

TEST_F(IommufdInvalidate, unknown_vsid_is_eio_with_entry_num_of_commands_before_it) {
    auto c = inv({tlbi_va(1, 0, 0x1000), cmd(sc::CMD_ATC_INV | (0x99ull << 32), 52)});
    EXPECT_EQ(fd->hwpt_invalidate(c), -EIO);
    EXPECT_EQ(c.entry_num, 1u);
    EXPECT_TRUE(hw.batches.empty());  // the converted TLBI had not reached a batch boundary
}

TEST_F(IommufdInvalidate, non_invalidation_command_is_eio) {
    auto c = inv({cmd(sc::CMD_CFGI_STE | (uint64_t{VSID} << 32))});
    EXPECT_EQ(fd->hwpt_invalidate(c), -EIO);
    EXPECT_EQ(c.entry_num, 0u);
}

TEST_F(IommufdInvalidate, el2_and_s2_tlbi_are_eio) {
    auto c1 = inv({cmd(sc::CMD_TLBI_S12_VMALL)});
    EXPECT_EQ(fd->hwpt_invalidate(c1), -EIO);
    auto c2 = inv({cmd(sc::CMD_TLBI_EL2_ALL)});
    EXPECT_EQ(fd->hwpt_invalidate(c2), -EIO);
    auto c3 = inv({cmd(sc::CMD_SYNC)});
    EXPECT_EQ(fd->hwpt_invalidate(c3), -EIO);
}

TEST_F(IommufdInvalidate, reserved_bit_in_a_command_is_eio) {
    auto c = inv({cmd(sc::CMD_TLBI_NH_ASID | (1ull << 8))});
    EXPECT_EQ(fd->hwpt_invalidate(c), -EIO);
    auto d = inv({cmd(sc::CMD_TLBI_NSNH_ALL, 1)});
    EXPECT_EQ(fd->hwpt_invalidate(d), -EIO);
}

TEST_F(IommufdInvalidate, reserved_bits_pass_when_the_check_is_disabled) {
    params.reject_reserved_bits = false;
    fd.reset();
    make_fd();
    up_to_viommu();
    auto c = inv({cmd(sc::CMD_TLBI_NH_ASID | (1ull << 8))});
    EXPECT_EQ(fd->hwpt_invalidate(c), 0);
}

TEST_F(IommufdInvalidate, commands_go_to_the_main_cmdq_in_batches_of_63) {
    std::vector<sc::Command> v(130, tlbi_va(1, 0, 0x1000));
    auto c = inv(v);
    ASSERT_EQ(fd->hwpt_invalidate(c), 0);
    EXPECT_EQ(c.entry_num, 130u);
    ASSERT_EQ(hw.batches.size(), 3u);
    EXPECT_EQ(hw.batches[0].size(), 63u);
    EXPECT_EQ(hw.batches[1].size(), 63u);
    EXPECT_EQ(hw.batches[2].size(), 4u);
}

TEST_F(IommufdInvalidate, bad_command_after_a_full_batch_keeps_that_batch_issued) {
    std::vector<sc::Command> v(70, tlbi_va(1, 0, 0x1000));
    v[65] = cmd(sc::CMD_PREFETCH_CONFIG);
    auto c = inv(v);
    EXPECT_EQ(fd->hwpt_invalidate(c), -EIO);
    EXPECT_EQ(c.entry_num, 65u);
    ASSERT_EQ(hw.batches.size(), 1u);
    EXPECT_EQ(hw.batches[0].size(), 63u);
}

TEST_F(IommufdInvalidate, main_cmdq_failure_is_returned) {
    hw.fail_issue = -ETIMEDOUT;
    auto c = inv({tlbi_va(1, 0, 0x1000), tlbi_va(1, 0, 0x2000)});
    EXPECT_EQ(fd->hwpt_invalidate(c), -ETIMEDOUT);
    EXPECT_EQ(c.entry_num, 1u);
}

TEST_F(IommufdInvalidate, zero_entries_succeeds_without_touching_hardware) {
    auto c = inv({});
    EXPECT_EQ(fd->hwpt_invalidate(c), 0);
    EXPECT_TRUE(hw.batches.empty());
}

TEST_F(IommufdInvalidate, nonzero_reserved_is_eopnotsupp) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.reserved = 1;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EOPNOTSUPP);
}

TEST_F(IommufdInvalidate, zero_entry_len_is_einval) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.entry_len = 0;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EINVAL);
}

TEST_F(IommufdInvalidate, unknown_id_is_enoent) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.hwpt_id = 99;
    EXPECT_EQ(fd->hwpt_invalidate(c), -ENOENT);
}

TEST_F(IommufdInvalidate, paging_hwpt_id_is_einval) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.hwpt_id = hwpt_id;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EINVAL);
}

TEST_F(IommufdInvalidate, wrong_data_type_is_einval) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.data_type = 2;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EINVAL);
}

TEST_F(IommufdInvalidate, entry_len_other_than_16_is_einval) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.entry_len = 8;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EINVAL);
}

TEST_F(IommufdInvalidate, entry_num_beyond_the_user_array_is_efault) {
    auto c = inv({tlbi_va(1, 0, 0x1000)});
    c.entry_num = 2;
    EXPECT_EQ(fd->hwpt_invalidate(c), -EFAULT);
}

}  // namespace fw::iommufd::test
