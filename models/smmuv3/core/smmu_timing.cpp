// grace-sim SMMUv3: control-side timing model (see smmu_timing.h).
#include "smmuv3/core/smmu_timing.h"

#include <algorithm>

#include "smmuv3/core/command.h"

namespace smmu::core {

SmmuTiming::SmmuTiming(const SmmuParams& p)
    : m_p(p),
      m_period_ps(std::max<uint64_t>(
          1, (1000000 + p.clock_mhz / 2) / std::max<uint64_t>(1, p.clock_mhz))),
      m_per_page_inv(p.per_page_inv()) {}

uint64_t SmmuTiming::cmd_issue_ps(uint8_t op) const {
    if (is_cfgi(op)) return cycles(m_p.cmd_cost_cfgi);
    if (is_tlbi(op)) return cycles(m_p.cmd_cost_tlbi);
    switch (op) {
        case CMD_SYNC: return cycles(m_p.cmd_cost_sync);
        case CMD_ATC_INV: return cycles(m_p.cmd_cost_atc_inv);
        case CMD_PREFETCH_CONFIG:
        case CMD_PREFETCH_ADDR: return cycles(m_p.cmd_cost_prefetch);
        default: return cycles(m_p.cmd_cost_default);
    }
}

uint64_t SmmuTiming::invalidation_ps(const InvalidationCost& c) const {
    if (m_per_page_inv) return cycles(std::max<uint64_t>(1, c.pages) * m_p.inv_cycles_per_page);
    return cycles(c.entries_scanned * m_p.inv_cycles_per_entry);
}

uint64_t SmmuTiming::translation_ps(const XlateResult& r) const {
    return cycles(uint64_t{r.lookup_cycles} + m_p.xlate_overhead) + r.mem_latency_ps;
}

}  // namespace smmu::core
