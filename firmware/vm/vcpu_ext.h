// grace-sim: the extension a vCPU puts on every guest-physical transaction, so that an
// emulated device (the VMM) can run its code on the exiting vCPU's thread: `host` is that
// thread's host-physical view (fw::Cpu), used for the VMM's and the host kernel's accesses.
#pragma once
#include <tlm>

#include "kernel/cpu.h"

namespace fw::vm {

struct VcpuExt : tlm::tlm_extension<VcpuExt> {
    fw::Cpu* host = nullptr;  // the exiting vCPU thread, host-physical view
    unsigned vcpu = 0;        // vCPU index in its VM
    tlm::tlm_extension_base* clone() const override { return new VcpuExt(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override { *this = static_cast<const VcpuExt&>(e); }
};

}  // namespace fw::vm
