// grace-sim: see tegra241_cmdqv.h. Register sequences of spec/cmdqv.md 2.1-2.3, 2.7, 2.10.
#include "linux/tegra241_cmdqv.h"

#include <cerrno>

#include "cmdqv/core/cmdqv_regs.h"

namespace fw::linux_model {

namespace r = cmdqv::core::regs;

Tegra241Cmdqv::Tegra241Cmdqv(uint64_t base, uint64_t poll_timeout_us,
                             std::function<int(Cpu&)> main_sync, gsim::StatGroup stats)
    : m_base(base),
      m_timeout_us(poll_timeout_us),
      m_main_sync(std::move(main_sync)),
      m_handshakes(stats.counter("handshakes")),
      m_timeouts(stats.counter("handshake_timeouts")),
      m_gerror_acks(stats.counter("queue_deinit_gerror_acks")) {}

uint64_t Tegra241Cmdqv::lpage0(unsigned v, unsigned l) const {
    return m_base + r::vintf_page0(v) + r::VCMDQ_STRIDE * l;
}
uint64_t Tegra241Cmdqv::lpage1(unsigned v, unsigned l) const {
    return m_base + r::vintf_page1(v) + r::VCMDQ_STRIDE * l;
}
uint64_t Tegra241Cmdqv::vintf_reg(unsigned v, uint64_t off) const {
    return m_base + r::vintf_block(v) + off;
}
uint64_t Tegra241Cmdqv::vintf_page0(unsigned v) const { return m_base + r::vintf_page0(v); }

// readl_poll_timeout: 1 us between reads, ARM_SMMU_POLL_TIMEOUT_US in total.
bool Tegra241Cmdqv::poll32(Cpu& cpu, uint64_t addr, uint32_t mask, uint32_t expect) {
    ++m_handshakes;
    const sc_core::sc_time end =
        cpu.now() + sc_core::sc_time(static_cast<double>(m_timeout_us), sc_core::SC_US);
    for (;;) {
        if ((cpu.read32(addr) & mask) == expect) return true;
        if (cpu.now() >= end) {
            ++m_timeouts;
            return false;
        }
        cpu.compute_ns(1000);
    }
}

bool Tegra241Cmdqv::probe(Cpu& cpu, bool disable) {
    const uint32_t cfg = cpu.read32(m_base + r::CONFIG);
    if (disable) {
        cpu.write32(m_base + r::CONFIG, cfg & ~1u);
        return false;
    }
    const uint32_t param = cpu.read32(m_base + r::PARAM);
    m_version = static_cast<unsigned>(r::PARAM_VER.get(param));
    const unsigned q_log2 = static_cast<unsigned>(r::PARAM_NUM_VCMDQ_LOG2.get(param));
    const unsigned v_log2 = static_cast<unsigned>(r::PARAM_NUM_VINTF_LOG2.get(param));
    m_log2_sids = static_cast<unsigned>(r::PARAM_NUM_SID_PER_VINTF_LOG2.get(param));
    m_num_vcmdqs = 1u << q_log2;
    m_num_vintfs = 1u << v_log2;
    m_log2_per_vintf = q_log2 >= v_log2 ? q_log2 - v_log2 : 0;
    m_per_vintf = 1u << m_log2_per_vintf;
    m_sids = 1u << m_log2_sids;
    m_mapped.assign(m_num_vcmdqs, false);
    return m_version != 0 && m_per_vintf != 0;
}

int Tegra241Cmdqv::enable_and_preassign(Cpu& cpu) {
    const uint32_t cfg = cpu.read32(m_base + r::CONFIG);
    cpu.write32(m_base + r::CONFIG, cfg & ~1u);
    if (!poll32(cpu, m_base + r::STATUS, 1, 0)) return -ETIMEDOUT;
    cpu.write32(m_base + r::CONFIG, cfg | 1u);
    if (!poll32(cpu, m_base + r::STATUS, 1, 1)) return -ETIMEDOUT;
    for (unsigned q = 0; q < m_num_vcmdqs; ++q) {
        const unsigned v = q / m_per_vintf, l = q % m_per_vintf;
        cpu.write32(
            m_base + r::CMDQ_ALLOC + 4 * q,
            static_cast<uint32_t>(r::CMDQ_ALLOC_VINTF.make(v) | r::CMDQ_ALLOC_LVCMDQ.make(l)));
        m_mapped[q] = false;
    }
    return 0;
}

int Tegra241Cmdqv::queue_deinit(Cpu& cpu, unsigned v, unsigned l) {
    const uint64_t p0 = lpage0(v, l), p1 = lpage1(v, l);
    cpu.write32(p0 + r::VCMDQ_CONFIG, 0);
    int rc = poll32(cpu, p0 + r::VCMDQ_STATUS, 1, 0) ? 0 : -ETIMEDOUT;
    // Flush a latent ATC_INV timeout through the main CMDQ.
    if (m_main_sync) {
        const int s = m_main_sync(cpu);
        if (rc == 0) rc = s;
    }
    cpu.write32(p0 + r::VCMDQ_PROD, 0);
    cpu.write32(p0 + r::VCMDQ_CONS, 0);
    cpu.write64(p1 + r::VCMDQ_BASE_L, 0);
    cpu.write64(p1 + r::VCMDQ_CONS_INDX_BASE_L, 0);
    const uint32_t ge = cpu.read32(p0 + r::VCMDQ_GERROR);
    const uint32_t gn = cpu.read32(p0 + r::VCMDQ_GERRORN);
    if (ge != gn) {
        ++m_gerror_acks;
        cpu.write32(p0 + r::VCMDQ_GERRORN, ge);
    }
    return rc;
}

void Tegra241Cmdqv::map(Cpu& cpu, unsigned v, unsigned l) {
    const uint64_t a = m_base + r::CMDQ_ALLOC + 4 * global_q(v, l);
    cpu.write32(a, cpu.read32(a) | 1u);
    m_mapped.at(global_q(v, l)) = true;
}

void Tegra241Cmdqv::unmap(Cpu& cpu, unsigned v, unsigned l) {
    const uint64_t a = m_base + r::CMDQ_ALLOC + 4 * global_q(v, l);
    cpu.write32(a, cpu.read32(a) & ~1u);
    m_mapped.at(global_q(v, l)) = false;
}

void Tegra241Cmdqv::write_base(Cpu& cpu, unsigned v, unsigned l, uint64_t base_reg) {
    cpu.write64(lpage1(v, l) + r::VCMDQ_BASE_L, base_reg & r::VCMDQ_BASE_WRITABLE);
}

int Tegra241Cmdqv::queue_enable(Cpu& cpu, unsigned v, unsigned l, bool en) {
    const uint64_t p0 = lpage0(v, l);
    cpu.write32(p0 + r::VCMDQ_CONFIG, en ? 1u : 0u);
    if (!poll32(cpu, p0 + r::VCMDQ_STATUS, 1, en ? 1u : 0u)) return -ETIMEDOUT;
    return en ? 1 : 0;
}

int Tegra241Cmdqv::vintf_deinit(Cpu& cpu, unsigned v) {
    int rc = 0;
    for (unsigned l = m_per_vintf; l-- > 0;) {
        // At first boot the queues are pre-assigned, not mapped: Linux deinits VINTF0's
        // windows anyway (harmless accesses); user VINTFs only deinit mapped queues.
        if (v == 0 || mapped(v, l)) {
            if (int e = queue_deinit(cpu, v, l)) rc = e;
        }
        if (mapped(v, l)) unmap(cpu, v, l);
    }
    cpu.write32(vintf_reg(v, r::VINTF_CONFIG), 0);
    if (!poll32(cpu, vintf_reg(v, r::VINTF_STATUS), 1, 0)) rc = -ETIMEDOUT;
    for (unsigned s = 0; s < m_sids; ++s) {
        cpu.write32(vintf_reg(v, r::VINTF_SID_MATCH + 4 * s), 0);
        cpu.write32(vintf_reg(v, r::VINTF_SID_REPLACE + 4 * s), 0);
    }
    return rc;
}

int Tegra241Cmdqv::vintf_init(Cpu& cpu, unsigned v, uint16_t vmid, bool hyp_own,
                              uint32_t* readback) {
    int rc = vintf_deinit(cpu, v);
    const uint32_t cfg = static_cast<uint32_t>(r::VINTF_CONFIG_VMID.make(vmid) |
                                               r::VINTF_CONFIG_HYP_OWN.make(hyp_own ? 1 : 0));
    cpu.write32(vintf_reg(v, r::VINTF_CONFIG), cfg);
    cpu.write32(vintf_reg(v, r::VINTF_CONFIG), cfg | 1u);
    if (!poll32(cpu, vintf_reg(v, r::VINTF_STATUS), 1, 1)) rc = -ETIMEDOUT;
    const uint32_t back = cpu.read32(vintf_reg(v, r::VINTF_CONFIG));
    if (readback) *readback = back;
    return rc;
}

void Tegra241Cmdqv::sid_write(Cpu& cpu, unsigned v, unsigned s, uint32_t match, uint32_t replace,
                              bool match_first) {
    const uint64_t m = vintf_reg(v, r::VINTF_SID_MATCH + 4 * s);
    const uint64_t rp = vintf_reg(v, r::VINTF_SID_REPLACE + 4 * s);
    if (match_first) {
        cpu.write32(m, match);
        cpu.write32(rp, replace);
    } else {
        cpu.write32(rp, replace);
        cpu.write32(m, match);
    }
}

uint64_t Tegra241Cmdqv::read_vintf_err_map(Cpu& cpu) {
    const uint64_t lo = cpu.read32(m_base + r::VINTF_ERR_MAP);
    const uint64_t hi = cpu.read32(m_base + r::VINTF_ERR_MAP + 4);
    return lo | (hi << 32);
}

void Tegra241Cmdqv::read_cmdq_err_maps(Cpu& cpu, uint32_t out[4]) {
    for (unsigned m = 0; m < r::CMDQ_ERR_MAP_WORDS; ++m)
        out[m] = cpu.read32(m_base + r::CMDQ_ERR_MAP + 4 * m);
}

void Tegra241Cmdqv::read_lvcmdq_err_map(Cpu& cpu, unsigned v, uint64_t out[2]) {
    out[0] = cpu.read64(vintf_reg(v, r::VINTF_LVCMDQ_ERR_MAP));
    out[1] = cpu.read64(vintf_reg(v, r::VINTF_LVCMDQ_ERR_MAP + 8));
}

}  // namespace fw::linux_model
