// grace-sim: HostIommu over the host's ArmSmmuDriver, and the Vmm constructor of the contract
// (vmm.h) that takes an ArmSmmuDriver. Built only when the target fw_linux_driver exists.
// Not implemented: bind_cpu (the host agent's HostHw keeps track of its current Cpu itself).
#include "linux/arm_smmu_driver.h"
#include "vm/host_iommu.h"
#include "vm/vmm.h"

namespace fw::vm {

namespace {
class ArmSmmuHostIommu final : public HostIommu {
public:
    explicit ArmSmmuHostIommu(linux_model::ArmSmmuDriver& d) : m_d(d) {}
    int install_ste(Cpu& cpu, uint32_t sid, const enc::Ste& ste) override {
        return m_d.install_ste(cpu, sid, ste);
    }

private:
    linux_model::ArmSmmuDriver& m_d;
};
}  // namespace

Vmm::Vmm(const VmmParams& p, const VmLayout& layout, unsigned vm_index, GuestMemory& gmem,
         linux_model::ArmSmmuDriver& host_driver, fw::iommufd::Iommufd& fd, gsim::sysc::IrqLine& guest_cmdqv_irq,
         gsim::sysc::IrqLine& guest_evtq_irq, gsim::StatGroup stats, std::string name)
    : Vmm(p, layout, vm_index, gmem, std::unique_ptr<HostIommu>(new ArmSmmuHostIommu(host_driver)),
          fd, guest_cmdqv_irq, guest_evtq_irq, stats, std::move(name)) {}

}  // namespace fw::vm
