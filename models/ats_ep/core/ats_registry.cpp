// grace-sim ATS endpoint: SID routing of ATC_INV commands (see ats_registry.h).
#include "ats_ep/core/ats_registry.h"

#include <algorithm>

namespace ats::core {

AtsRegistry::AtsRegistry(gsim::StatGroup stats)
    : m_stats(std::move(stats)),
      m_routed(m_stats.counter("atc_inv_routed")),
      m_unknown_sid(m_stats.counter("atc_inv_unknown_sid")) {}

void AtsRegistry::add(AtsDevice& dev) { m_by_sid[dev.sid()].push_back(&dev); }

size_t AtsRegistry::endpoints(uint32_t sid) const {
    auto it = m_by_sid.find(sid);
    return it == m_by_sid.end() ? 0 : it->second.size();
}

smmu::core::AtcInvResult AtsRegistry::atc_invalidate(uint32_t sid, bool ssv, uint32_t ssid,
                                                     uint64_t addr, uint8_t size_log2_4k,
                                                     bool global, uint64_t now_ps) {
    smmu::core::AtcInvResult r;
    r.completes = true;
    r.complete_ps = now_ps;
    auto it = m_by_sid.find(sid);
    if (it == m_by_sid.end()) {
        ++m_unknown_sid;
        return r;
    }
    ++m_routed;
    for (AtsDevice* d : it->second) {
        const smmu::core::AtcInvResult one =
            d->invalidate(ssv, ssid, addr, size_log2_4k, global, now_ps);
        if (!one.completes) r.completes = false;
        r.complete_ps = std::max(r.complete_ps, one.complete_ps);
    }
    if (!r.completes) r.complete_ps = 0;
    return r;
}

}  // namespace ats::core
