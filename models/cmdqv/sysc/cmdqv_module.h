// grace-sim CMDQV: the SystemC shell around cmdqv::core::CmdqvCore.
// - mmio_in: the whole aperture (0x30000 + 0x20000 per VINTF), 32/64-bit accesses;
//   latency cmdqv.mmio_latency_ns; every write wakes the SMMU's command worker. Grants
//   register routes (sysc/reg_route.h) over the aperture; no DMI.
// - fetch:   the CMDQV's own memory traffic (command fetches, CONS_INDX_BASE write-back).
// - the VCMDQs are arbiter sources of the SMMU's command worker (shared execution with the
//   main CMDQ); handshakes settle lazily and the worker wakes at their completion times.
// - CMD_SYNC completions on the SMMU main CMDQ flush the latent ATC-timeout state.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <memory>

#include "cmdqv/core/cmdqv_core.h"
#include "cmdqv/core/cmdqv_params.h"
#include "smmuv3/sysc/smmu_module.h"
#include "sysc/reg_target.h"
#include "sysc/tlm_mem_port.h"

namespace cmdqv::sysc {

class CmdqvModule : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<CmdqvModule> mmio_in;
    gsim::sysc::TlmMemPort fetch;  // bind fetch.out to the interconnect

    CmdqvModule(const sc_core::sc_module_name& name, const core::CmdqvParams& params,
                smmu::sysc::SmmuModule& smmu, gsim::IrqSink& irq, gsim::StatGroup stats);

    core::CmdqvCore& core() { return *m_core; }
    uint64_t aperture_size() const { return m_core->aperture_size(); }

    // A register access at the kernel's time plus `delay` (which the access's latency is added
    // to): what b_transport does with a payload and a register route (sysc/reg_route.h)
    // without one.
    tlm::tlm_response_status access(const gsim::sysc::RegRequest& rq, sc_core::sc_time& delay);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned dbg(tlm::tlm_generic_payload& gp);
    // No DMI (registers); grants a register route over the aperture.
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);

    smmu::sysc::SmmuModule& m_smmu;
    std::unique_ptr<core::CmdqvCore> m_core;
};

}  // namespace cmdqv::sysc
