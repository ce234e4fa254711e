// grace-sim iommufd object layer: the hardware-programming interface it calls.
// Implements: the contract between the pure iommufd object layer and the host kernel agent,
// which implements it over MMIO (CMDQV VINTF/SID/LVCMDQ registers, main SMMU CMDQ); tests use a
// fake that records the calls. Every method runs to completion (polling is the agent's job).
// Not implemented here: any register access (see the host agent).
#pragma once
#include <cstdint>
#include <vector>

#include "smmuv3/core/command.h"

namespace fw::iommufd {

class HostHw {
public:
    virtual ~HostHw() = default;

    // Lowest free VINTF index in 1..num_vintfs-1 (0 is the host's); -ENOSPC when none is left.
    virtual int vintf_alloc(unsigned& idx) = 0;
    // spec/cmdqv.md 3.2 step 4: full VINTF deinit, CONFIG = VMID | HYP_OWN, then EN and poll.
    virtual void vintf_hw_init(unsigned idx, uint16_t vmid, bool hyp_own) = 0;
    // spec/cmdqv.md 2.10 VINTF deinit (no LVCMDQ left), SID pairs zeroed.
    virtual void vintf_deinit(unsigned idx) = 0;
    virtual void vintf_free(unsigned idx) = 0;

    // Lowest free SID pair of a VINTF; -ENOSPC when none is left.
    virtual int sid_pair_alloc(unsigned vintf, unsigned& slot) = 0;
    // SID_REPLACE = psid first, then SID_MATCH = vsid << 1 | ENABLE (spec/cmdqv.md 2.7).
    virtual void sid_pair_program(unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid) = 0;
    // SID_MATCH cleared first, then SID_REPLACE, then the slot is freed.
    virtual void sid_pair_clear(unsigned vintf, unsigned slot) = 0;

    // spec/cmdqv.md 3.6 driver steps 6-7: set CMDQ_ALLOC.ALLOCATED, queue deinit, write page1
    // BASE = base_pa | log2size (log2 of entries). Returns 0 or a negative errno.
    virtual int lvcmdq_map_and_program(unsigned vintf, unsigned lidx, uint64_t base_pa,
                                       unsigned log2size) = 0;
    // Queue deinit (disable+poll, flush CMD_SYNC on the main CMDQ, zero registers, ack GERROR),
    // then clear ALLOCATED.
    virtual void lvcmdq_deinit_and_unmap(unsigned vintf, unsigned lidx) = 0;

    // Issue the commands on the host main SMMU CMDQ followed by a CMD_SYNC and wait for it.
    virtual int issue_main_cmdq(const std::vector<smmu::core::Command>& cmds) = 0;

    // Host PA of VINTF idx logical page0 (CMDQV base + 0x30000 + 0x20000 * idx).
    virtual uint64_t vintf_page0_pa(unsigned idx) = 0;

    struct Info {
        uint32_t idr[6] = {};
        uint32_t iidr = 0;
        uint32_t aidr = 0;
        unsigned cmdqv_version = 1;
        unsigned log2_lvcmdqs_per_vintf = 1;
        unsigned log2_sids_per_vintf = 4;
        unsigned num_vintfs = 2;
        unsigned cmdqs_log2 = 19;     // SMMU IDR1.CMDQS
        uint64_t page_size = 0x1000;  // host PAGE_SIZE
        bool has_cmdqv = true;        // a CMDQV is attached to this SMMU
        bool nesting = true;          // SMMU supports nesting (vIOMMU allowed)
        unsigned smmu_id = 0;         // devices with another smmu_id are not behind this SMMU
    };
    virtual Info info() = 0;
};

}  // namespace fw::iommufd
