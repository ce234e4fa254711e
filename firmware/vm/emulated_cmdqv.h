// grace-sim: the guest's emulated Tegra241 CMDQV (one VINTF) of the VMM model; an internal
// part of Vmm (vmm.cpp), split out for size. Behaviour: firmware/vm/README.md, spec/cmdqv.md 3.7.
// Implements: global page (PARAM with one VINTF, CONFIG/STATUS immediate, CMDQ_ALLOC, error
// maps), VINTF0 block (HYP_OWN forced to 0, VMID ignored, STATUS immediate), VINTF0 page1 BASE
// writes -> IOMMU_HW_QUEUE_ALLOC (free-old first; failure -> GERROR.CMDQ_INIT_ERR), VINTF0 page0
// emulated until the first queue exists then a GuestMemory passthrough of the host page,
// direct windows as aliases through CMDQ_ALLOC, freeing queues (descending) on disable.
// Not implemented: VINTF_INT_MASK / SID tables / filters beyond storage; BASE = 0 frees nothing.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "cmdqv/core/cmdqv_regs.h"
#include "common/stats.h"
#include "iommufd/iommufd.h"
#include "kernel/cpu.h"
#include "vm/guest_memory.h"

namespace fw::vm {

namespace cmdqv_regs = cmdqv::core::regs;

struct EmulatedCmdqv {
    // Runs one iommufd call on thread h with its syscall cost (the Vmm's helper).
    using IoctlFn = std::function<int(Cpu& h, double extra_ns, const std::function<int()>& call)>;

    EmulatedCmdqv(GuestMemory& g, fw::iommufd::Iommufd& f, IoctlFn io, uint64_t gpa,
                  const fw::iommufd::HwInfoTegra241Cmdqv& info, gsim::StatGroup s);

    GuestMemory& gmem;
    fw::iommufd::Iommufd& fd;
    IoctlFn io;
    uint64_t cmdqv_gpa;
    uint32_t viommu_id = 0;  // set once the vIOMMU exists
    uint64_t page0_hpa = 0;  // the mmapped host VINTF page0
    gsim::Counter& hw_queue_allocs;
    gsim::Counter& hw_queue_alloc_fails;

    template <class F>
    int ioctl(Cpu& h, double extra_ns, F&& f) {
        return io(h, extra_ns, std::function<int()>(std::forward<F>(f)));
    }

    unsigned nlv = 2;  // LVCMDQs of VINTF0 = guest VCMDQs
    uint32_t param = 0;
    uint32_t cmdqv_config = 0, vintf_config = 0;
    uint64_t vintf_err_map = 0;
    uint32_t cmdq_err_map[cmdqv_regs::CMDQ_ERR_MAP_WORDS] = {};
    uint32_t lvcmdq_err_map[4] = {};
    std::map<uint64_t, uint32_t> cmdqv_misc;  // other global/VINTF words (SID tables, masks)
    std::vector<uint32_t> cmdq_alloc;
    struct Page0 {
        uint32_t cons = 0, prod = 0, config = 0, gerror = 0, gerrorn = 0;
    };
    struct Page1 {
        uint64_t base = 0, cons_indx_base = 0;
    };
    std::vector<Page0> page0;
    std::vector<Page1> page1;
    std::vector<uint32_t> hw_queue;  // HW queue id per LVCMDQ (0 = none)
    bool passthrough = false;

    bool lvcmdq_allocated(unsigned l) const;
    int lvcmdq_of(unsigned q) const;
    void free_hw_queues(Cpu& h);
    // QEMU's page1 BASE trap: free the old queue, HW_QUEUE_ALLOC the new one.
    void maybe_alloc(Cpu& h, unsigned l);
    uint32_t global_read32(uint64_t off) const;
    void global_write32(Cpu& h, uint64_t off, uint32_t v);
    // VCMDQ page0 of LVCMDQ l, emulated (before the passthrough) or forwarded to the host page.
    uint32_t page0_read32(Cpu& h, unsigned l, uint64_t r);
    void page0_write32(Cpu& h, unsigned l, uint64_t r, uint32_t v);
    bool page1_access(Cpu& h, unsigned l, uint64_t r, unsigned len, bool write, uint64_t& v);
    bool cmdqv_access(Cpu& h, uint64_t off, unsigned len, bool write, uint64_t& v);
    // A TEGRA241 vEVENT: the LVCMDQ error map into VINTF0's map, CMDQ_ERR_MAP, VINTF_ERR_MAP.
    void set_error_maps(const std::array<uint64_t, 2>& map);
    bool access(Cpu& h, uint64_t off, unsigned len, bool write, uint64_t& v) {
        return cmdqv_access(h, off, len, write, v);
    }
};

}  // namespace fw::vm
