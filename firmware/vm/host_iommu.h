// grace-sim: what the VMM model needs from the host kernel besides the iommufd fd: installing
// an STE on the physical SMMU (the host arm-smmu-v3 driver's attach path) and telling the host
// side which simulated thread runs the next iommufd call (HostHw methods take no Cpu).
// Implemented once over ArmSmmuDriver (arm_smmu_host_iommu.cpp, built when fw_linux_driver
// exists) and by fakes in the tests.
#pragma once
#include <cstdint>

#include "encoders/ste.h"
#include "kernel/cpu.h"

namespace fw::vm {

class HostIommu {
public:
    virtual ~HostIommu() = default;
    // Write the STE of physical StreamID `sid` and invalidate it (CFGI_STE + CMD_SYNC).
    virtual int install_ste(Cpu& cpu, uint32_t sid, const enc::Ste& ste) = 0;
    // The thread on which the following Iommufd calls (and so HostHw) run; nullptr after them.
    virtual void bind_cpu(Cpu* cpu) { (void)cpu; }
};

}  // namespace fw::vm
