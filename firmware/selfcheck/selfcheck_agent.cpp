#include "selfcheck/selfcheck_agent.h"

namespace fw {

SelfCheckAgent::SelfCheckAgent(const sc_core::sc_module_name& name, const SelfCheckParams& p,
                               uint64_t dram_base, uint64_t dram_size, uint64_t msi_addr,
                               gsim::StatGroup stats)
    : SwAgent(name, stats), m_p(p), m_dram_base(dram_base), m_dram_size(dram_size), m_msi_addr(msi_addr) {}

static uint64_t pattern(uint64_t i) {
    uint64_t z = i * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    z ^= z >> 29;
    return z;
}

void SelfCheckAgent::run() {
    const unsigned sz = static_cast<unsigned>(m_p.access_size);
    if (sz != 1 && sz != 2 && sz != 4 && sz != 8) {
        fail("selfcheck.access_size must be 1, 2, 4 or 8");
        return;
    }
    if (m_p.offset + m_p.bytes > m_dram_size) {
        fail("selfcheck buffer does not fit in DRAM");
        return;
    }
    const uint64_t base = m_dram_base + m_p.offset;
    const uint64_t n = m_p.bytes / sz;
    const uint64_t value_mask = sz == 8 ? ~uint64_t{0} : ((uint64_t{1} << (8 * sz)) - 1);

    sync();
    sc_core::sc_time t0 = local_time();
    for (uint64_t i = 0; i < n; ++i) {
        if (write(base + i * sz, sz, pattern(i) & value_mask) != Access::OK) {
            fail("write error in DRAM");
            return;
        }
    }
    sync();
    sc_core::sc_time t1 = local_time();
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t v = 0;
        if (read(base + i * sz, sz, v) != Access::OK) {
            fail("read error in DRAM");
            return;
        }
        if (v != (pattern(i) & value_mask)) ++m_result.mismatches;
    }
    sync();
    sc_core::sc_time t2 = local_time();
    m_result.accesses = n;
    if (n) {
        m_result.write_ns_per_access = (t1 - t0).to_seconds() * 1e9 / double(n);
        m_result.read_ns_per_access = (t2 - t1).to_seconds() * 1e9 / double(n);
    }

    uint64_t probe = m_p.unmapped_probe ? m_p.unmapped_probe : m_dram_base - 8;
    uint64_t dummy = 0;
    m_result.unmapped_decode_error = read(probe, 4, dummy) == Access::DECODE_ERROR;

    const uint32_t msi_data = 0x5E1FC4EC;
    write(m_msi_addr, 4, msi_data);
    sync();
    m_result.msi_ok = msi_seen ? msi_seen(m_msi_addr, msi_data) : false;

    if (m_result.mismatches) fail(std::to_string(m_result.mismatches) + " DRAM mismatches");
    if (!m_result.unmapped_decode_error) fail("unmapped probe did not give a decode error");
    if (!m_result.msi_ok) fail("MSI doorbell did not record the write");
}

}  // namespace fw
