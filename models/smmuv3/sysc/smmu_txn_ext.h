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
// | initiator   | free-form id for statistics and tracing                   |
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
    uint32_t initiator = 0;

    tlm::tlm_extension_base* clone() const override { return new SmmuTxnExt(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        *this = static_cast<const SmmuTxnExt&>(e);
    }
};

}  // namespace smmu::sysc
