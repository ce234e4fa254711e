// grace-sim tests: IommufdParams declaration and the statistics an Iommufd keeps.
#include <string>
#include <vector>

#include "common/params.h"
#include "vm_fixture.h"

namespace fw::iommufd::test {
namespace sc = smmu::core;

namespace {
struct KeyCollector : gsim::ParamVisitor {
    std::vector<std::string> keys;
    std::vector<std::string> sources;
    void u64(const char* k, uint64_t&, const gsim::Param& p) override { add(k, p); }
    void f64(const char* k, double&, const gsim::Param& p) override { add(k, p); }
    void flag(const char* k, bool&, const gsim::Param& p) override { add(k, p); }
    void str(const char* k, std::string&, const gsim::Param& p) override { add(k, p); }
    void choice(const char* k, std::string&, std::vector<std::string>,
                const gsim::Param& p) override {
        add(k, p);
    }
    void add(const char* k, const gsim::Param& p) {
        keys.emplace_back(k);
        sources.emplace_back(p.source);
    }
};
}  // namespace

TEST(IommufdParams, declares_every_parameter_with_provenance) {
    IommufdParams p;
    KeyCollector c;
    p.visit(c);
    const std::vector<std::string> expected = {"inv_batch_max", "reject_reserved_bits"};
    EXPECT_EQ(c.keys, expected);
    for (const auto& s : c.sources) EXPECT_FALSE(s.empty());
}

TEST(IommufdParams, batch_size_parameter_sets_the_main_cmdq_chunk) {
    FakeHostHw hw;
    VmidPool pool;
    IommufdParams p;
    p.inv_batch_max = 2;
    Iommufd fd(hw, pool, p);
    BoundDevice d{{0x100}, false, 0};
    uint32_t dev = 0;
    ASSERT_EQ(fd.bind_device(d, dev), 0);
    IoasAllocCmd a;
    ASSERT_EQ(fd.ioas_alloc(a), 0);
    HwptAllocCmd h;
    h.flags = IOMMU_HWPT_ALLOC_NEST_PARENT;
    h.dev_id = dev;
    h.pt_id = a.out_ioas_id;
    ASSERT_EQ(fd.hwpt_alloc(h), 0);
    ViommuAllocCmd v;
    v.dev_id = dev;
    v.hwpt_id = h.out_hwpt_id;
    ASSERT_EQ(fd.viommu_alloc(v), 0);
    HwptInvalidateCmd inv;
    inv.hwpt_id = v.out_viommu_id;
    inv.entries.assign(5, sc::Command{sc::CMD_TLBI_NH_ASID, 0});
    inv.entry_num = 5;
    ASSERT_EQ(fd.hwpt_invalidate(inv), 0);
    ASSERT_EQ(hw.batches.size(), 3u);
    EXPECT_EQ(hw.batches[2].size(), 1u);
}

TEST(IommufdStats, counts_ioctls_errors_and_invalidation_batches) {
    FakeHostHw hw;
    VmidPool pool;
    gsim::Stats stats;
    Iommufd fd(hw, pool, {}, gsim::StatGroup(stats, "host.iommufd0"));
    IoasAllocCmd a;
    ASSERT_EQ(fd.ioas_alloc(a), 0);
    EXPECT_EQ(fd.destroy(99), -ENOENT);
    EXPECT_EQ(stats.value("host.iommufd0.ioctl.IOAS_ALLOC"), 1u);
    EXPECT_EQ(stats.value("host.iommufd0.ioctl.DESTROY"), 1u);
    EXPECT_EQ(stats.value("host.iommufd0.ioctl_errors"), 1u);
}

}  // namespace fw::iommufd::test
