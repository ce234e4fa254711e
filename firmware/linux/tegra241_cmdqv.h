// grace-sim: the register-level part of Linux's tegra241-cmdqv driver (spec/cmdqv.md 2.1-2.3,
// 2.7, 2.9, 2.10, 3.6): PARAM decoding, the CONFIG/STATUS handshakes, the static CMDQ_ALLOC
// pre-assignment, VINTF init/deinit, LVCMDQ map/unmap, queue deinit, BASE programming, SID
// pairs and the error-map reads of the ISR. Every access goes through the given fw::Cpu.
// Does not implement: queue selection and the command path (ArmSmmuDriver / ArmSmmuCmdq), the
// skip-error routine (the driver's, shared with the main CMDQ), debugfs.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "common/stats.h"
#include "kernel/cpu.h"

namespace fw::linux_model {

class Tegra241Cmdqv {
public:
    // base: CMDQV aperture in the Cpu's address space. main_sync: issue one CMD_SYNC on the
    // main SMMU CMDQ and wait (queue deinit step 2). poll_timeout_us: ARM_SMMU_POLL_TIMEOUT_US.
    Tegra241Cmdqv(uint64_t base, uint64_t poll_timeout_us, std::function<int(Cpu&)> main_sync,
                  gsim::StatGroup stats);

    // Reads CONFIG and PARAM (counts). With `disable`, clears CONFIG.EN and returns false.
    bool probe(Cpu& cpu, bool disable);
    // 2.3 a-b: CONFIG.EN 0 -> poll, EN 1 -> poll (read-modify-write), pre-assign CMDQ_ALLOC.
    int enable_and_preassign(Cpu& cpu);

    // 2.10 queue deinit of LVCMDQ l of VINTF v: disable + poll, CMD_SYNC on the main CMDQ,
    // zero PROD/CONS/BASE/CONS_INDX_BASE, acknowledge a pending GERROR.
    int queue_deinit(Cpu& cpu, unsigned v, unsigned l);
    // CMDQ_ALLOC[q].ALLOCATED set / cleared by read-modify-write.
    void map(Cpu& cpu, unsigned v, unsigned l);
    void unmap(Cpu& cpu, unsigned v, unsigned l);
    bool mapped(unsigned v, unsigned l) const { return m_mapped.at(global_q(v, l)); }
    void write_base(Cpu& cpu, unsigned v, unsigned l, uint64_t base_reg);
    // CONFIG.EN := en, poll STATUS; returns the observed ENABLED bit (or -ETIMEDOUT).
    int queue_enable(Cpu& cpu, unsigned v, unsigned l, bool en);

    // VINTF deinit: every mapped LVCMDQ deinit + unmap (descending), CONFIG = 0 + poll, SID
    // pairs zeroed.
    int vintf_deinit(Cpu& cpu, unsigned v);
    // VINTF init: deinit, CONFIG = VMID | HYP_OWN, then | EN and poll; *readback = CONFIG.
    int vintf_init(Cpu& cpu, unsigned v, uint16_t vmid, bool hyp_own, uint32_t* readback);

    void sid_write(Cpu& cpu, unsigned v, unsigned s, uint32_t match, uint32_t replace,
                   bool match_first);

    // Error maps (ISR): global VINTF_ERR_MAP (two 32-bit reads), CMDQ_ERR_MAP words (logged),
    // a VINTF's LVCMDQ_ERR_MAP (two 64-bit reads).
    uint64_t read_vintf_err_map(Cpu& cpu);
    void read_cmdq_err_maps(Cpu& cpu, uint32_t out[4]);
    void read_lvcmdq_err_map(Cpu& cpu, unsigned v, uint64_t out[2]);

    // Addresses (absolute, in the Cpu's space).
    uint64_t base() const { return m_base; }
    uint64_t lpage0(unsigned v, unsigned l) const;
    uint64_t lpage1(unsigned v, unsigned l) const;
    uint64_t vintf_reg(unsigned v, uint64_t off) const;
    uint64_t vintf_page0(unsigned v) const;

    unsigned version() const { return m_version; }
    unsigned num_vcmdqs() const { return m_num_vcmdqs; }
    unsigned num_vintfs() const { return m_num_vintfs; }
    unsigned lvcmdqs_per_vintf() const { return m_per_vintf; }
    unsigned sids_per_vintf() const { return m_sids; }
    unsigned log2_lvcmdqs_per_vintf() const { return m_log2_per_vintf; }
    unsigned log2_sids_per_vintf() const { return m_log2_sids; }
    unsigned global_q(unsigned v, unsigned l) const { return v * m_per_vintf + l; }

private:
    bool poll32(Cpu& cpu, uint64_t addr, uint32_t mask, uint32_t expect);

    uint64_t m_base;
    uint64_t m_timeout_us;
    std::function<int(Cpu&)> m_main_sync;
    unsigned m_version = 0, m_num_vcmdqs = 0, m_num_vintfs = 0, m_per_vintf = 0, m_sids = 0;
    unsigned m_log2_per_vintf = 0, m_log2_sids = 0;
    std::vector<bool> m_mapped;  // per global VCMDQ: ALLOCATED as last written
    gsim::Counter& m_handshakes;
    gsim::Counter& m_timeouts;
    gsim::Counter& m_gerror_acks;
};

}  // namespace fw::linux_model
