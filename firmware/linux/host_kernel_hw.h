// grace-sim: fw::iommufd::HostHw implemented by the host kernel's SMMU driver model
// (ArmSmmuDriver, host mode). The iommufd object layer is pure and its HostHw calls take no
// Cpu; the host kernel's ioctl entry therefore sets the calling context first:
//
//     hw.set_context(&cpu);          // the CPU (thread + address space) running the ioctl
//     ictx.viommu_alloc(...);        // HostHw calls run as blocking code on that CPU
//     hw.set_context(nullptr);
//
// Every HostHw method then performs its MMIO/memory accesses, costs and waits on that Cpu.
// Calling a method without a context fails: it returns -EINVAL (int methods) or does nothing.
// Implements: every HostHw method as spec/cmdqv.md 2.7, 2.10, 3.2, 3.6 order them (see
// ArmSmmuDriver). Does not implement: any iommufd validation (firmware/iommufd does that).
#pragma once
#include <cstdint>
#include <vector>

#include "iommufd/host_hw.h"
#include "kernel/cpu.h"
#include "linux/arm_smmu_driver.h"

namespace fw::linux_model {

class HostKernelHw : public fw::iommufd::HostHw {
public:
    // smmu_id: the id iommufd compares with a device's smmu_id; page_size: host PAGE_SIZE.
    explicit HostKernelHw(ArmSmmuDriver& drv, unsigned smmu_id = 0, uint64_t page_size = 0x1000)
        : m_drv(drv), m_smmu_id(smmu_id), m_page_size(page_size) {}

    // The CPU the next HostHw calls run on (set by the ioctl entry; nullptr clears it).
    void set_context(Cpu* cpu) { m_cpu = cpu; }
    Cpu* context() const { return m_cpu; }
    // Calls attempted without a context (a programming error of the caller).
    uint64_t calls_without_context() const { return m_no_ctx; }

    int vintf_alloc(unsigned& idx) override;
    void vintf_hw_init(unsigned idx, uint16_t vmid, bool hyp_own) override;
    void vintf_deinit(unsigned idx) override;
    void vintf_free(unsigned idx) override;
    int sid_pair_alloc(unsigned vintf, unsigned& slot) override;
    void sid_pair_program(unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid) override;
    void sid_pair_clear(unsigned vintf, unsigned slot) override;
    int lvcmdq_map_and_program(unsigned vintf, unsigned lidx, uint64_t base_pa,
                               unsigned log2size) override;
    void lvcmdq_deinit_and_unmap(unsigned vintf, unsigned lidx) override;
    int issue_main_cmdq(const std::vector<smmu::core::Command>& cmds) override;
    uint64_t vintf_page0_pa(unsigned idx) override;
    Info info() override;

private:
    bool ctx() {
        if (m_cpu) return true;
        ++m_no_ctx;
        return false;
    }
    ArmSmmuDriver& m_drv;
    unsigned m_smmu_id;
    uint64_t m_page_size;
    Cpu* m_cpu = nullptr;
    uint64_t m_no_ctx = 0;
};

}  // namespace fw::linux_model
