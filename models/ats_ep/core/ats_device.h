// grace-sim ATS endpoint: the pure core of one ATS-capable PCIe function: its ATC, the
// handling of ATS Invalidation Requests and their timing model, statistics.
// Implements: ATC lookups/fills with hit/miss statistics; invalidation = remove the matching
// entries at the request time and answer at now + pcie_rtt_ns + inv_per_entry_ns * entries
// scanned, or never when respond_to_inv = false (fault injection for CERROR_ATC_INV_SYNC).
// Not implemented: Page Request Interface (PRI), invalidation queue depth / flow control
// (Invalidate Queue Depth), out-of-order or merged completions, ITags.
#pragma once
#include <cstdint>

#include "ats_ep/core/atc.h"
#include "ats_ep/core/ats_params.h"
#include "common/stats.h"
#include "smmuv3/core/translation_iface.h"

namespace ats::core {

class AtsDevice {
public:
    AtsDevice(uint32_t sid, const AtsParams& params, gsim::StatGroup stats = gsim::StatGroup());

    uint32_t sid() const { return m_sid; }
    const AtsParams& params() const { return m_p; }
    Atc& atc() { return m_atc; }

    // ATC lookup with statistics; nullptr on a miss.
    const AtcEntry* lookup(bool ssv, uint32_t ssid, uint64_t iova);
    // Caches a Translation Completion (only if it grants R or W).
    void fill(const AtcEntry& e);

    // An ATS Invalidation Request (fields of ATC_INV, IHI 0070 / spec/smmuv3.md A.11) arriving
    // at now_ps: removes the matching entries and says when the completion reaches the SMMU.
    smmu::core::AtcInvResult invalidate(bool ssv, uint32_t ssid, uint64_t addr,
                                        uint8_t size_log2_4k, bool global, uint64_t now_ps);

    // Timing of the device side, in ps.
    uint64_t lookup_ps() const { return m_p.atc_lookup_ns * 1000; }
    uint64_t treq_link_ps() const { return m_p.treq_link_ns * 1000; }

private:
    uint32_t m_sid;
    AtsParams m_p;
    Atc m_atc;
    gsim::StatGroup m_stats;
    gsim::Counter& m_hits;
    gsim::Counter& m_misses;
    gsim::Counter& m_fills;
    gsim::Counter& m_evictions;
    gsim::Counter& m_invs;
    gsim::Counter& m_inv_scanned;
    gsim::Counter& m_inv_removed;
    gsim::Counter& m_inv_unanswered;
    gsim::Histogram& m_inv_latency;
};

}  // namespace ats::core
