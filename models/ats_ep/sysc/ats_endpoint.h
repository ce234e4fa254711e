// grace-sim ATS endpoint: SystemC shell of one PCIe endpoint function on an SMMU upstream port.
// Implements: dma() for an agent thread: with ATS enabled, ATC lookup per translated range;
// miss (or missing permission) -> ATS Translation Request (SmmuTxnExt.ats_request; the SMMU
// answers PA, R/W, range, or an error on a fault) -> ATC fill -> the memory access as a PCIe
// Translated request (SmmuTxnExt.ats_translated, address = PA) through the SMMU, which checks
// CR0.ATSCHK / STE.EATS. With ATS disabled (ats_enable = false) the device is a plain DMA
// master (untranslated requests). Timing is loosely timed: delays are added to the caller's
// `delay` (ATC lookup, Translation Request link round trip, SMMU and memory latency); the
// caller keeps its quantum. The ATS Invalidation handling is the core's (AtsDevice), reached
// through AtsRegistry from the SMMU's command executor.
// Not implemented: PRI (Page Request Interface) and page-request retries, No-snoop/TPH,
// Translation Requests for more than one page (the SMMU returns one translated range),
// invalidation of in-flight requests, maximum outstanding Translation Requests.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <vector>

#include "ats_ep/core/ats_device.h"
#include "ats_ep/core/ats_params.h"
#include "common/log.h"
#include "common/stats.h"

namespace ats::sysc {

class AtsEndpoint : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<AtsEndpoint> out;  // bind to SmmuModule::upstream_in

    AtsEndpoint(const sc_core::sc_module_name& name, uint32_t sid, const core::AtsParams& params,
                gsim::StatGroup stats);

    uint32_t sid() const { return m_dev.sid(); }
    core::AtsDevice& device() { return m_dev; }  // register it with an AtsRegistry

    // One DMA of `len` bytes at `iova` (PASID = ssid when ssv), from a thread; `delay` is the
    // caller's local time offset and receives the cost. Split at translated-range boundaries.
    tlm::tlm_response_status dma(uint64_t iova, uint8_t* data, unsigned len, bool write,
                                 sc_core::sc_time& delay, bool ssv = false, uint32_t ssid = 0);
    tlm::tlm_response_status dma(uint64_t iova, std::vector<uint8_t>& data, bool write,
                                 sc_core::sc_time& delay, bool ssv = false, uint32_t ssid = 0) {
        return dma(iova, data.data(), static_cast<unsigned>(data.size()), write, delay, ssv, ssid);
    }
    // An ATS Translation Request alone (fills the ATC on success); false on a fault.
    bool translate(uint64_t iova, bool write, sc_core::sc_time& delay, bool ssv = false,
                   uint32_t ssid = 0);
    // A PCIe Translated request at a PA the device believes valid (for tests and misbehaving
    // devices: no ATC lookup).
    tlm::tlm_response_status translated_access(uint64_t pa, uint8_t* data, unsigned len,
                                               bool write, sc_core::sc_time& delay);

private:
    tlm::tlm_response_status transport(uint64_t addr, uint8_t* data, unsigned len, bool write,
                                       bool ats_translated, bool ssv, uint32_t ssid,
                                       sc_core::sc_time& delay);

    gsim::Logger m_log;
    core::AtsDevice m_dev;
    gsim::Counter& m_treqs;
    gsim::Counter& m_treq_faults;
    gsim::Counter& m_translated;
    gsim::Counter& m_untranslated;
    gsim::Counter& m_dma_errors;
    gsim::Histogram& m_treq_latency;
};

}  // namespace ats::sysc
