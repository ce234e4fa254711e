// grace-sim SMMUv3: the transaction extension carried by every upstream (device -> SMMU)
// transaction: StreamID, SubstreamID and the attributes the SMMU checks. Mandatory on
// SmmuModule::upstream_in; a transaction without it is answered with an error and logged once.
//
// | field       | meaning                                                   |
// |-------------|-----------------------------------------------------------|
// | sid         | StreamID (PCIe RID / platform stream)                     |
// | ssv, ssid   | SubstreamID valid / value (PASID)                         |
// | priv, instr | privileged / instruction access (AXI AxPROT)              |
// | ats_translated | PCIe AT = Translated: the address is already a PA      |
// | ats_request | PCIe ATS Translation Request: the SMMU translates only (no |
// |             | memory access) and answers in the ats_* result fields; the |
// |             | command (read/write) asks for read-only or write access    |
// | initiator   | free-form id for statistics and tracing                   |
//
// ATS Translation Completion (written by the SMMU when ats_request, response OK):
// | ats_pa          | PA of the requested address                           |
// | ats_perm_r/w/x  | permissions granted                                    |
// | ats_range_bytes | size of the naturally aligned translated range         |
// A translation fault answers the request with an error response (and its event record).
#pragma once
#include <tlm>

#include <cstdint>

namespace smmu::sysc {

struct SmmuTxnExt : tlm::tlm_extension<SmmuTxnExt> {
    uint32_t sid = 0;
    bool ssv = false;
    uint32_t ssid = 0;
    bool priv = false;
    bool instr = false;
    bool ats_translated = false;
    bool ats_request = false;
    uint32_t initiator = 0;
    // ATS Translation Completion (outputs).
    uint64_t ats_pa = 0;
    bool ats_perm_r = false, ats_perm_w = false, ats_perm_x = false;
    uint64_t ats_range_bytes = 0;

    tlm::tlm_extension_base* clone() const override { return new SmmuTxnExt(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        *this = static_cast<const SmmuTxnExt&>(e);
    }
};

}  // namespace smmu::sysc
