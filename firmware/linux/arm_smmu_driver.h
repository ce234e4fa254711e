// grace-sim: model of Linux's arm-smmu-v3 driver with the tegra241-cmdqv extension, as one
// class usable by the host kernel (physical SMMU/CMDQV, HYP_OWN=1 VINTF0) and by a guest
// kernel (VMM-emulated SMMU/CMDQV, VINTF0 reads back HYP_OWN=0 -> restricted queues).
//
// THIS HEADER IS THE CONTRACT; see firmware/linux/README.md for the behaviour each method models.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/params.h"
#include "common/stats.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"
#include "kernel/cpu.h"
#include "linux/iommu_ops.h"
#include "smmuv3/core/command.h"

namespace fw::linux_model {

// Software costs of the driver (ns unless noted), each with provenance in visit().
struct SmmuDriverParams {
    bool bypass_vcmdq = false;      // tegra241_cmdqv bypass_vcmdq (this kernel's instance)
    bool disable_cmdqv = false;     // do not use the CMDQV at all
    bool msipoll = true;            // use MSI polling on the main CMDQ when MSI+COHACC
    uint64_t cmdq_log2size = 18;    // main CMDQ entries (log2), capped by IDR1.CMDQS
    uint64_t vcmdq_log2size = 18;   // each LVCMDQ ring (log2 entries), capped by IDR1.CMDQS
    uint64_t evtq_log2size = 7;
    uint64_t batch_entries = 64;    // CMDQ_BATCH_ENTRIES
    uint64_t poll_spin_count = 10;  // ARM_SMMU_POLL_SPIN_COUNT
    uint64_t poll_timeout_us = 1'000'000;
    // software costs
    double cmd_build_ns = 10;       // building one 16-byte command
    double cmdq_reserve_ns = 40;    // cmpxchg loop on the shared {prod, cons}
    double cmdq_write_entry_ns = 5; // store of one entry into the ring (plus the memory's time)
    double cmdq_owner_ns = 50;      // owner: wait predecessor, clear OWNED, check valid bits
    double cpu_relax_ns = 5;        // one cpu_relax() between CONS polls
    double wfe_ns = 100;            // a WFE wake-up when SEV is used
    double batch_overhead_ns = 30;  // arm_smmu_cmdq_batch_init/submit
    // (added) v6.17 behaviour: VINTF0 LVCMDQs take only the guest command set even on the host.
    bool restrict_host_vcmdqs = false;
    void visit(gsim::ParamVisitor& v);
};

class ArmSmmuDriver : public IommuFlushOps {
public:
    // smmu_base / cmdqv_base: addresses in the address space of the Cpu used (host PA or GPA);
    // cmdqv_base = 0: no CMDQV. alloc: DMA-coherent memory for tables and queues in that space.
    ArmSmmuDriver(const SmmuDriverParams& p, uint64_t smmu_base, uint64_t cmdqv_base,
                  enc::PhysAllocator& alloc, gsim::StatGroup stats, std::string name);
    ~ArmSmmuDriver() override;

    // Probe and reset (arm_smmu_device_probe/reset + tegra241_cmdqv bring-up). 0 or -errno.
    int probe(Cpu& cpu);
    bool guest_mode() const;        // VINTF0 read back HYP_OWN = 0
    bool ril() const;               // IDR3.RIL
    unsigned num_lvcmdqs() const;   // VINTF0 LVCMDQs in use (0: no CMDQV)

    // Stream table: write the STE of `sid` (allocating its leaf) then CFGI_STE + CMD_SYNC.
    int install_ste(Cpu& cpu, uint32_t sid, const enc::Ste& ste);

    // Command submission as arm_smmu_cmdq_batch: the queue is chosen per command (CMDQV hook:
    // LVCMDQ cpu % N unless bypass_vcmdq or the queue does not support the command, else the
    // main CMDQ); a full batch is issued without sync; the end issues a CMD_SYNC and waits.
    int issue_cmds(Cpu& cpu, const std::vector<smmu::core::Command>& cmds, bool sync = true);
    // Directly on the main CMDQ (iommufd HWPT_INVALIDATE path): cmds + CMD_SYNC, wait.
    int issue_main_cmdq(Cpu& cpu, const std::vector<smmu::core::Command>& cmds);

    // IommuFlushOps: range TLBI (+ ATC_INV) + sync for an unmap.
    int iotlb_sync_range(Cpu& cpu, const DomainInfo& d, uint64_t iova, uint64_t size, bool leaf) override;

    // --- CMDQV services for the host's iommufd (HostHw); host mode only -------------
    int vintf_alloc(Cpu& cpu, unsigned& idx);
    void vintf_hw_init(Cpu& cpu, unsigned idx, uint16_t vmid, bool hyp_own);
    void vintf_deinit(Cpu& cpu, unsigned idx);
    void vintf_free(unsigned idx);
    int sid_pair_alloc(unsigned vintf, unsigned& slot);
    void sid_pair_program(Cpu& cpu, unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid);
    void sid_pair_clear(Cpu& cpu, unsigned vintf, unsigned slot);
    int lvcmdq_map_and_program(Cpu& cpu, unsigned vintf, unsigned lidx, uint64_t base_pa, unsigned log2size);
    void lvcmdq_deinit_and_unmap(Cpu& cpu, unsigned vintf, unsigned lidx);
    uint64_t vintf_page0_addr(unsigned idx) const;

    // --- interrupts (called from an ISR thread when the line fires) -------------------
    // CMDQV error IRQ: VINTF0 errors are fixed in place (skip-error routine + GERRORN ack);
    // for another VINTF, `forward(vintf, lvcmdq_err_map[2])` (host: iommufd vEVENT).
    void handle_cmdqv_irq(Cpu& cpu, const std::function<void(unsigned, const uint64_t*)>& forward);
    // GERROR: CMDQ errors on the main CMDQ (skip-error routine + ack).
    void handle_gerror_irq(Cpu& cpu);
    // Event queue: drain records (returned for logging/statistics).
    std::vector<std::array<uint64_t, 4>> drain_evtq(Cpu& cpu);

    const SmmuDriverParams& params() const;
    uint32_t idr(unsigned n) const;

    // --- added by the driver implementation (additive) ----------------------------------
    uint32_t iidr() const;
    uint32_t aidr() const;
    // CMDQV as probed (present = false: no CMDQV, disabled, or not probed yet).
    struct CmdqvInfo {
        bool present = false;
        unsigned version = 0;
        unsigned num_vintfs = 0;
        unsigned log2_lvcmdqs_per_vintf = 0;
        unsigned log2_sids_per_vintf = 0;
    };
    CmdqvInfo cmdqv_info() const;
    // Runtime bypass_vcmdq (Linux: debugfs tegra241_cmdqv/bypass_vcmdq).
    void set_bypass_vcmdq(bool bypass);
    // Where VINTF0 LVCMDQ l's ring lives (tests, error injection): 0 when absent.
    uint64_t lvcmdq_ring_pa(unsigned l) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace fw::linux_model
