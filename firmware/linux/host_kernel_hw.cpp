// grace-sim: see host_kernel_hw.h. Thin forwarding to ArmSmmuDriver on the context Cpu.
#include "linux/host_kernel_hw.h"

#include <cerrno>

#include "smmuv3/core/smmu_regs.h"

namespace fw::linux_model {

namespace sr = smmu::core::regs;

int HostKernelHw::vintf_alloc(unsigned& idx) {
    if (!ctx()) return -EINVAL;
    return m_drv.vintf_alloc(*m_cpu, idx);
}

void HostKernelHw::vintf_hw_init(unsigned idx, uint16_t vmid, bool hyp_own) {
    if (ctx()) m_drv.vintf_hw_init(*m_cpu, idx, vmid, hyp_own);
}

void HostKernelHw::vintf_deinit(unsigned idx) {
    if (ctx()) m_drv.vintf_deinit(*m_cpu, idx);
}

void HostKernelHw::vintf_free(unsigned idx) { m_drv.vintf_free(idx); }

int HostKernelHw::sid_pair_alloc(unsigned vintf, unsigned& slot) {
    return m_drv.sid_pair_alloc(vintf, slot);
}

void HostKernelHw::sid_pair_program(unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid) {
    if (ctx()) m_drv.sid_pair_program(*m_cpu, vintf, slot, vsid, psid);
}

void HostKernelHw::sid_pair_clear(unsigned vintf, unsigned slot) {
    if (ctx()) m_drv.sid_pair_clear(*m_cpu, vintf, slot);
}

int HostKernelHw::lvcmdq_map_and_program(unsigned vintf, unsigned lidx, uint64_t base_pa,
                                         unsigned log2size) {
    if (!ctx()) return -EINVAL;
    return m_drv.lvcmdq_map_and_program(*m_cpu, vintf, lidx, base_pa, log2size);
}

void HostKernelHw::lvcmdq_deinit_and_unmap(unsigned vintf, unsigned lidx) {
    if (ctx()) m_drv.lvcmdq_deinit_and_unmap(*m_cpu, vintf, lidx);
}

int HostKernelHw::issue_main_cmdq(const std::vector<smmu::core::Command>& cmds) {
    if (!ctx()) return -EINVAL;
    return m_drv.issue_main_cmdq(*m_cpu, cmds);
}

uint64_t HostKernelHw::vintf_page0_pa(unsigned idx) { return m_drv.vintf_page0_addr(idx); }

fw::iommufd::HostHw::Info HostKernelHw::info() {
    Info i;
    for (unsigned n = 0; n < 6; ++n) i.idr[n] = m_drv.idr(n);
    i.iidr = m_drv.iidr();
    i.aidr = m_drv.aidr();
    const ArmSmmuDriver::CmdqvInfo c = m_drv.cmdqv_info();
    i.has_cmdqv = c.present;
    if (c.present) {
        i.cmdqv_version = c.version;
        i.log2_lvcmdqs_per_vintf = c.log2_lvcmdqs_per_vintf;
        i.log2_sids_per_vintf = c.log2_sids_per_vintf;
        i.num_vintfs = c.num_vintfs;
    }
    i.cmdqs_log2 = static_cast<unsigned>(sr::IDR1_CMDQS.get(m_drv.idr(1)));
    i.page_size = m_page_size;
    i.nesting = sr::IDR0_S1P.get(m_drv.idr(0)) && sr::IDR0_S2P.get(m_drv.idr(0));
    i.smmu_id = m_smmu_id;
    return i;
}

}  // namespace fw::linux_model
