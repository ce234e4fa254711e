// grace-sim: a device-side bus master on the SMMU's upstream port. It issues one transaction
// with a StreamID/SubstreamID (SmmuTxnExt) and returns the response and the latency. Used by
// the trace `dma` op and by simple DMA-engine device models.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <vector>

#include "smmuv3/sysc/smmu_txn_ext.h"

namespace platform {

struct DmaRequest {
    uint32_t sid = 0;
    bool ssv = false;
    uint32_t ssid = 0;
    uint64_t iova = 0;
    bool write = false;
    bool priv = false;
    bool instr = false;
};

class DmaMaster : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<DmaMaster> out;
    explicit DmaMaster(const sc_core::sc_module_name& name) : sc_module(name), out("out") {}

    // data: bytes to write, or the buffer filled by a read (its size is the length).
    tlm::tlm_response_status transact(const DmaRequest& r, std::vector<uint8_t>& data,
                                      sc_core::sc_time& delay) {
        smmu::sysc::SmmuTxnExt ext;
        ext.sid = r.sid;
        ext.ssv = r.ssv;
        ext.ssid = r.ssid;
        ext.priv = r.priv;
        ext.instr = r.instr;
        tlm::tlm_generic_payload gp;
        gp.set_command(r.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(r.iova);
        gp.set_data_ptr(data.data());
        gp.set_data_length(static_cast<unsigned>(data.size()));
        gp.set_streaming_width(static_cast<unsigned>(data.size()));
        gp.set_byte_enable_ptr(nullptr);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        gp.set_extension(&ext);
        out->b_transport(gp, delay);
        gp.clear_extension(&ext);
        return gp.get_response_status();
    }
};

}  // namespace platform
