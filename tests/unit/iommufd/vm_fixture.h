// grace-sim tests: a VMM-like fixture over one Iommufd and a FakeHostHw. Guest RAM is 2 GiB at
// IOVA 0 backed by two non-contiguous host chunks; helpers run the spec/cmdqv.md 3.0-3.6 steps.
#pragma once
#include <gtest/gtest.h>

#include <cerrno>
#include <memory>

#include "fake_host_hw.h"
#include "iommufd/iommufd.h"

namespace fw::iommufd::test {

class VmFixture : public ::testing::Test {
protected:
    static constexpr uint64_t GIB = 1ull << 30;
    static constexpr uint64_t CHUNK0_PA = 0x80000000ull;   // backs IOVA [0, 1 GiB)
    static constexpr uint64_t CHUNK1_PA = 0x400000000ull;  // backs IOVA [1 GiB, 2 GiB)
    static constexpr uint32_t PSID = 0x100;
    static constexpr uint32_t VSID = 0x8;
    static constexpr uint64_t RING0_IOVA = 0x100000;
    static constexpr uint64_t RING1_IOVA = 0x200000;
    static constexpr uint64_t RING_LEN = 0x1000;  // 256 entries

    void SetUp() override { make_fd(); }

    void make_fd() { fd = std::make_unique<Iommufd>(hw, vmids, params); }

    uint32_t bind(uint32_t psid = PSID, unsigned smmu_id = 0) {
        BoundDevice d;
        d.psids = {psid};
        d.ats = true;
        d.smmu_id = smmu_id;
        uint32_t id = 0;
        EXPECT_EQ(fd->bind_device(d, id), 0);
        return id;
    }
    uint32_t make_ioas() {
        IoasAllocCmd a;
        EXPECT_EQ(fd->ioas_alloc(a), 0);
        IoasMapCmd m;
        m.ioas_id = a.out_ioas_id;
        m.iova = 0;
        m.length = GIB;
        m.host_pa = CHUNK0_PA;
        EXPECT_EQ(fd->ioas_map(m), 0);
        m.iova = GIB;
        m.host_pa = CHUNK1_PA;
        EXPECT_EQ(fd->ioas_map(m), 0);
        return a.out_ioas_id;
    }
    uint32_t make_parent(uint32_t dev, uint32_t ioas, uint32_t flags = IOMMU_HWPT_ALLOC_NEST_PARENT) {
        HwptAllocCmd h;
        h.flags = flags;
        h.dev_id = dev;
        h.pt_id = ioas;
        EXPECT_EQ(fd->hwpt_alloc(h), 0);
        return h.out_hwpt_id;
    }
    ViommuAllocCmd viommu_cmd() const {
        ViommuAllocCmd c;
        c.dev_id = dev_id;
        c.hwpt_id = hwpt_id;
        return c;
    }
    // bind + IOAS + nest parent + TEGRA241 vIOMMU.
    void up_to_viommu() {
        dev_id = bind();
        ioas_id = make_ioas();
        hwpt_id = make_parent(dev_id, ioas_id);
        ViommuAllocCmd c = viommu_cmd();
        ASSERT_EQ(fd->viommu_alloc(c), 0);
        viommu_id = c.out_viommu_id;
        mmap_offset = c.out_vintf_mmap_offset;
    }
    VdeviceAllocCmd vdev_cmd(uint64_t vsid = VSID) const {
        VdeviceAllocCmd c;
        c.viommu_id = viommu_id;
        c.dev_id = dev_id;
        c.virt_id = vsid;
        return c;
    }
    uint32_t make_vdevice(uint64_t vsid = VSID) {
        VdeviceAllocCmd c = vdev_cmd(vsid);
        EXPECT_EQ(fd->vdevice_alloc(c), 0);
        return c.out_vdevice_id;
    }
    VeventqAllocCmd veventq_cmd(uint32_t depth = 4) const {
        VeventqAllocCmd c;
        c.viommu_id = viommu_id;
        c.veventq_depth = depth;
        return c;
    }
    uint32_t make_veventq(uint32_t depth = 4) {
        VeventqAllocCmd c = veventq_cmd(depth);
        EXPECT_EQ(fd->veventq_alloc(c), 0);
        return c.out_veventq_id;
    }
    HwQueueAllocCmd hwq_cmd(unsigned index, uint64_t iova, uint64_t length = RING_LEN) const {
        HwQueueAllocCmd c;
        c.viommu_id = viommu_id;
        c.index = index;
        c.nesting_parent_iova = iova;
        c.length = length;
        return c;
    }
    uint32_t make_hwq(unsigned index, uint64_t iova, uint64_t length = RING_LEN) {
        HwQueueAllocCmd c = hwq_cmd(index, iova, length);
        EXPECT_EQ(fd->hw_queue_alloc(c), 0);
        return c.out_hw_queue_id;
    }
    unsigned vintf() const { return static_cast<unsigned>(fd->viommu_vintf(viommu_id)); }

    FakeHostHw hw;
    VmidPool vmids{1, 255};
    IommufdParams params;
    std::unique_ptr<Iommufd> fd;
    uint32_t dev_id = 0, ioas_id = 0, hwpt_id = 0, viommu_id = 0;
    uint64_t mmap_offset = 0;
};

}  // namespace fw::iommufd::test
