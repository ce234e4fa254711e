// grace-sim ATS endpoint: SystemC shell (see ats_endpoint.h).
#include "ats_ep/sysc/ats_endpoint.h"

#include <algorithm>

#include "smmuv3/sysc/smmu_txn_ext.h"
#include "sysc/sim_time.h"

namespace ats::sysc {

using gsim::sysc::from_ps;
using gsim::sysc::to_ps;

AtsEndpoint::AtsEndpoint(const sc_core::sc_module_name& name, uint32_t sid,
                         const core::AtsParams& params, gsim::StatGroup stats)
    : sc_module(name),
      out("out"),
      m_log(this->name()),
      m_dev(sid, params, stats),
      m_treqs(stats.counter("ats_requests")),
      m_treq_faults(stats.counter("ats_request_faults")),
      m_translated(stats.counter("translated_accesses")),
      m_untranslated(stats.counter("untranslated_accesses")),
      m_dma_errors(stats.counter("dma_errors")),
      m_treq_latency(stats.histogram("ats_request_latency_ps", "ps")) {}

tlm::tlm_response_status AtsEndpoint::transport(uint64_t addr, uint8_t* data, unsigned len,
                                                bool write, bool ats_translated, bool ssv,
                                                uint32_t ssid, sc_core::sc_time& delay) {
    smmu::sysc::SmmuTxnExt ext;
    ext.sid = sid();
    ext.ssv = ssv && !ats_translated;  // Translated requests carry no PASID
    ext.ssid = ext.ssv ? ssid : 0;
    ext.ats_translated = ats_translated;
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
    out->b_transport(gp, delay);
    gp.clear_extension(&ext);
    ++(ats_translated ? m_translated : m_untranslated);
    return gp.get_response_status();
}

bool AtsEndpoint::translate(uint64_t iova, bool write, sc_core::sc_time& delay, bool ssv,
                            uint32_t ssid) {
    ++m_treqs;
    const sc_core::sc_time start = delay;
    smmu::sysc::SmmuTxnExt ext;
    ext.sid = sid();
    ext.ssv = ssv;
    ext.ssid = ssv ? ssid : 0;
    ext.ats_request = true;
    uint8_t dummy[8] = {};
    tlm::tlm_generic_payload gp;
    // A read request asks for read access only (PCIe No Write = 1); a write asks for write.
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(iova & ~uint64_t{0xFFF});
    gp.set_data_ptr(dummy);
    gp.set_data_length(sizeof dummy);
    gp.set_streaming_width(sizeof dummy);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
    delay += from_ps(m_dev.treq_link_ps());
    out->b_transport(gp, delay);
    gp.clear_extension(&ext);
    m_treq_latency.sample(to_ps(delay - start));
    if (!gp.is_response_ok()) {
        ++m_treq_faults;
        m_log.debug("ATS translation request for 0x%llx failed",
                    static_cast<unsigned long long>(iova));
        return false;
    }
    core::AtcEntry e;
    e.ssv = ssv;
    e.ssid = ssid;
    uint64_t range = std::max<uint64_t>(ext.ats_range_bytes, 4096);
    unsigned log2 = 12;
    while (log2 < 63 && (uint64_t{1} << log2) < range) ++log2;
    e.size_log2 = log2;
    e.iova = iova;
    e.pa = ext.ats_pa;
    e.perm_r = ext.ats_perm_r;
    e.perm_w = ext.ats_perm_w;
    m_dev.fill(e);
    return e.perm_r || e.perm_w;
}

tlm::tlm_response_status AtsEndpoint::translated_access(uint64_t pa, uint8_t* data, unsigned len,
                                                        bool write, sc_core::sc_time& delay) {
    return transport(pa, data, len, write, true, false, 0, delay);
}

tlm::tlm_response_status AtsEndpoint::dma(uint64_t iova, uint8_t* data, unsigned len, bool write,
                                          sc_core::sc_time& delay, bool ssv, uint32_t ssid) {
    if (!m_dev.params().ats_enable) {
        auto st = transport(iova, data, len, write, false, ssv, ssid, delay);
        if (st != tlm::TLM_OK_RESPONSE) ++m_dma_errors;
        return st;
    }
    uint64_t addr = iova;
    unsigned done = 0;
    while (done < len) {
        delay += from_ps(m_dev.lookup_ps());
        const core::AtcEntry* e = m_dev.lookup(ssv, ssid, addr);
        if (!e || !(write ? e->perm_w : e->perm_r)) {
            if (!translate(addr, write, delay, ssv, ssid)) {
                ++m_dma_errors;
                return tlm::TLM_GENERIC_ERROR_RESPONSE;
            }
            e = m_dev.atc().lookup(ssv, ssid, addr);  // the fill just made
            if (!e || !(write ? e->perm_w : e->perm_r)) {
                ++m_dma_errors;  // translated, but the access is not permitted
                return tlm::TLM_GENERIC_ERROR_RESPONSE;
            }
        }
        const uint64_t room = e->last() - addr + 1;
        const unsigned chunk =
            static_cast<unsigned>(std::min<uint64_t>(room, uint64_t{len - done}));
        const uint64_t pa = e->translate(addr);
        auto st = transport(pa, data + done, chunk, write, true, false, 0, delay);
        if (st != tlm::TLM_OK_RESPONSE) {
            ++m_dma_errors;
            return st;
        }
        done += chunk;
        addr += chunk;
    }
    return tlm::TLM_OK_RESPONSE;
}

}  // namespace ats::sysc
