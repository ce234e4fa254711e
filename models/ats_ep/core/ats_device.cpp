// grace-sim ATS endpoint: pure core of one ATS-capable function (see ats_device.h).
#include "ats_ep/core/ats_device.h"

namespace ats::core {

AtsDevice::AtsDevice(uint32_t sid, const AtsParams& params, gsim::StatGroup stats)
    : m_sid(sid),
      m_p(params),
      m_atc(static_cast<size_t>(params.atc_entries)),
      m_stats(std::move(stats)),
      m_hits(m_stats.counter("atc_hits")),
      m_misses(m_stats.counter("atc_misses")),
      m_fills(m_stats.counter("atc_fills")),
      m_evictions(m_stats.counter("atc_evictions")),
      m_invs(m_stats.counter("invalidations")),
      m_inv_scanned(m_stats.counter("inv_entries_scanned")),
      m_inv_removed(m_stats.counter("inv_entries_removed")),
      m_inv_unanswered(m_stats.counter("inv_not_answered")),
      m_inv_latency(m_stats.histogram("inv_completion_latency_ps", "ps")) {}

const AtcEntry* AtsDevice::lookup(bool ssv, uint32_t ssid, uint64_t iova) {
    const AtcEntry* e = m_atc.lookup(ssv, ssid, iova);
    if (e) {
        ++m_hits;
    } else {
        ++m_misses;
    }
    return e;
}

void AtsDevice::fill(const AtcEntry& e) {
    if (!e.perm_r && !e.perm_w) return;  // nothing usable to cache
    m_atc.insert(e);
    ++m_fills;
    m_evictions.value = m_atc.evictions();
}

smmu::core::AtcInvResult AtsDevice::invalidate(bool ssv, uint32_t ssid, uint64_t addr,
                                               uint8_t size_log2_4k, bool global,
                                               uint64_t now_ps) {
    ++m_invs;
    const AtcInvCount c = m_atc.invalidate(ssv, ssid, addr, size_log2_4k, global);
    m_inv_scanned += c.scanned;
    m_inv_removed += c.removed;
    smmu::core::AtcInvResult r;
    if (!m_p.respond_to_inv) {
        ++m_inv_unanswered;
        r.completes = false;
        return r;
    }
    const uint64_t lat = (m_p.pcie_rtt_ns + m_p.inv_per_entry_ns * c.scanned) * 1000;
    m_inv_latency.sample(lat);
    r.completes = true;
    r.complete_ps = now_ps + lat;
    return r;
}

}  // namespace ats::core
