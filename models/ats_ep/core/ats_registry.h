// grace-sim ATS endpoint: the set of ATS endpoints behind one SMMU, as the SMMU's command
// executor sees it (smmu::core::AtcInvalidationTarget): an ATC_INV is routed to every endpoint
// function registered with its StreamID.
// Implements: SID routing; the completion of an ATC_INV is the latest completion of the
// functions it reached, and it never completes if one of them does not answer. An ATC_INV for a
// StreamID with no registered endpoint completes at once (no ATC there, nothing to wait for;
// a real root complex would still send the request, which an endpoint without ATS rejects).
// Not implemented: root-port/switch latency per hop (part of each device's pcie_rtt_ns), more
// than one SMMU per registry (use one registry per SMMU).
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "ats_ep/core/ats_device.h"
#include "common/stats.h"
#include "smmuv3/core/translation_iface.h"

namespace ats::core {

class AtsRegistry : public smmu::core::AtcInvalidationTarget {
public:
    explicit AtsRegistry(gsim::StatGroup stats = gsim::StatGroup());

    // Registers a function under its StreamID (several functions may share one).
    void add(AtsDevice& dev);
    size_t endpoints(uint32_t sid) const;

    smmu::core::AtcInvResult atc_invalidate(uint32_t sid, bool ssv, uint32_t ssid, uint64_t addr,
                                            uint8_t size_log2_4k, bool global,
                                            uint64_t now_ps) override;

private:
    std::map<uint32_t, std::vector<AtsDevice*>> m_by_sid;
    gsim::StatGroup m_stats;
    gsim::Counter& m_routed;
    gsim::Counter& m_unknown_sid;
};

}  // namespace ats::core
