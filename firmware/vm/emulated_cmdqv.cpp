// grace-sim: the guest's emulated Tegra241 CMDQV of the VMM model (see emulated_cmdqv.h).
#include "vm/emulated_cmdqv.h"

namespace fw::vm {

EmulatedCmdqv::EmulatedCmdqv(GuestMemory& g, fw::iommufd::Iommufd& f, IoctlFn iofn, uint64_t gpa,
                             const fw::iommufd::HwInfoTegra241Cmdqv& info, gsim::StatGroup s)
    : gmem(g),
      fd(f),
      io(std::move(iofn)),
      cmdqv_gpa(gpa),
      hw_queue_allocs(s.counter("hw_queue_allocs")),
      hw_queue_alloc_fails(s.counter("hw_queue_alloc_fails")) {
    nlv = 1u << info.log2vcmdqs;
    param = static_cast<uint32_t>(cmdqv_regs::PARAM_VER.make(info.version) |
                                  cmdqv_regs::PARAM_NUM_VCMDQ_LOG2.make(info.log2vcmdqs) |
                                  cmdqv_regs::PARAM_NUM_VINTF_LOG2.make(0) |
                                  cmdqv_regs::PARAM_NUM_SID_PER_VINTF_LOG2.make(info.log2vsids));
    cmdq_alloc.assign(nlv, 0);
    page0.assign(nlv, {});
    page1.assign(nlv, {});
    hw_queue.assign(nlv, 0);
}

}  // namespace fw::vm
