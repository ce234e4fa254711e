// grace-sim: model of the VMM (QEMU with an accelerated SMMUv3 and the Tegra241 CMDQV, over
// iommufd) for one VM. THIS HEADER IS THE CONTRACT (behaviour: firmware/vm/README.md).
//
// - Guest view: an emulated SMMUv3 (page 0 + page 1) and an emulated CMDQV (1 VINTF, its
//   LVCMDQs) registered as emulated regions of the VM's GuestMemory; VINTF0 page0 of the
//   guest CMDQV becomes a passthrough of the host VINTF page0 once the first HW queue exists.
// - Every emulated access: exit cost, then the global lock (SimMutex "bql") for the handler,
//   then re-entry cost; all on the exiting vCPU's thread (host view).
// - Guest CMDQ_PROD write: the emulated CMDQ is consumed synchronously: each command is read
//   from guest RAM; invalidations are forwarded with IOMMU_HWPT_INVALIDATE (one command per
//   call by default, `batch` > 1 groups them), CFGI_STE installs the nested STE of the device
//   on the host, CMD_SYNC completes locally (CS=IRQ: guest interrupt); then CONS advances.
// - Guest CMDQV page1 BASE writes (with CMDQV and VINTF enabled and the queue mapped) become
//   IOMMU_HW_QUEUE_ALLOC; HYP_OWN is masked to 0 in the emulated VINTF0 CONFIG.
// - A vEVENTQ reader thread copies TEGRA241 vEVENTs into the emulated error maps and raises
//   the guest's CMDQV interrupt.
#pragma once
#include <systemc>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/params.h"
#include "common/stats.h"
#include "iommufd/iommufd.h"
#include "kernel/cpu.h"
#include "kernel/sim_sync.h"
#include "linux/arm_smmu_driver.h"
#include "sysc/irq_line.h"
#include "vm/guest_memory.h"
#include "vm/host_iommu.h"

namespace fw::vm {

struct VmmParams {
    double exit_ns = 14254;        // MMIO exit to user space and back, excluding the handler
    double bql_wakeup_ns = 2000;   // futex wake-up of a vCPU thread that waited for the BQL
    double emulate_reg_ns = 200;   // decode + register emulation in the handler
    double cmd_decode_ns = 100;    // per emulated-CMDQ entry (read, decode, emulated IOTLB)
    double ioctl_ns = 670;         // HWPT_INVALIDATE syscall entry/exit + iommufd lookups
    double ioctl_per_cmd_ns = 100; // per entry: copy, validation, VMID/SID rewrite
    uint64_t batch = 1;            // commands per HWPT_INVALIDATE (1 = upstream QEMU)
    void visit(gsim::ParamVisitor& v);
};

// Guest-physical layout the VMM presents (QEMU virt-like).
struct VmLayout {
    uint64_t ram_gpa = 0x4000'0000;
    uint64_t ram_size = 256ull << 20;
    uint64_t smmu_gpa = 0x0905'0000;   // 128 KiB
    uint64_t cmdqv_gpa = 0x0910'0000;  // 0x50000 (1 VINTF)
    // Addition (vmm branch): host DRAM reserved for the VM's stage-2 page table;
    // 0 = right after the guest RAM chunk (ram_hpa + ram_size).
    uint64_t s2_pt_hpa = 0;
    uint64_t s2_pt_size = 1ull << 20;
    // Host PAGE_SIZE seen by the VMM (QEMU's host page size): caps the guest CMDQS with a CMDQV.
    uint64_t host_page_size = 4096;
};

struct VmDevice {
    uint32_t psid = 0;   // physical StreamID
    uint32_t vsid = 0;   // virtual StreamID the guest uses
    bool ats = false;
};

class Vmm {
public:
    Vmm(const VmmParams& p, const VmLayout& layout, unsigned vm_index, GuestMemory& gmem,
        linux_model::ArmSmmuDriver& host_driver, fw::iommufd::Iommufd& fd, gsim::sysc::IrqLine& guest_cmdqv_irq,
        gsim::sysc::IrqLine& guest_evtq_irq, gsim::StatGroup stats, std::string name);
    // Addition (vmm branch): the same with any HostIommu (tests: a fake; the constructor above
    // wraps the ArmSmmuDriver, it is built only with fw_linux_driver).
    Vmm(const VmmParams& p, const VmLayout& layout, unsigned vm_index, GuestMemory& gmem,
        std::unique_ptr<HostIommu> host, fw::iommufd::Iommufd& fd,
        gsim::sysc::IrqLine& guest_cmdqv_irq, gsim::sysc::IrqLine& guest_evtq_irq,
        gsim::StatGroup stats, std::string name);
    ~Vmm();

    // VM creation on a host thread (before the vCPUs run): iommufd objects (IOAS + guest RAM
    // map, nest-parent HWPT with its S2 page table, vIOMMU + mmap of VINTF page0, vDEVICEs,
    // vEVENTQ), S2-only STEs of the devices, emulated regions in GuestMemory.
    // ram_hpa: host physical chunks backing guest RAM (contiguous here: one chunk).
    int create(Cpu& host, uint64_t ram_hpa, const std::vector<VmDevice>& devices);
    // Tear-down in the order of spec/cmdqv.md 3.8.
    void destroy(Cpu& host);

    const VmLayout& layout() const;
    uint16_t vmid() const;
    SimMutex& bql();

    // --- additions (vmm branch) ---
    // The vEVENTQ reader's work (QEMU's vEVENTQ fd handler, on a host thread `host`): reads
    // every pending TEGRA241 vEVENT, copies its LVCMDQ error map into the emulated VINTF0
    // LVCMDQ_ERR_MAP / CMDQ_ERR_MAP / VINTF_ERR_MAP and pulses guest_cmdqv_irq. Takes the BQL.
    // Returns the number of vEVENTs delivered. Call it when the host reported a vEVENT.
    unsigned service_vevents(Cpu& host);
    uint32_t viommu_id() const;
    uint32_t veventq_id() const;
    bool vintf_page0_passthrough() const;  // VINTF0 page0 mapped through to the host page
    uint64_t vintf_page0_hpa() const;      // host PA of the mmapped VINTF page0
    uint32_t guest_cmdq_cons() const;      // emulated SMMU_CMDQ_CONS

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace fw::vm
