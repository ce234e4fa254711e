#include "cmdqv/sysc/cmdqv_module.h"

#include <cstring>

#include "sysc/reg_route.h"
#include "sysc/sim_time.h"

namespace cmdqv::sysc {

using gsim::sysc::from_ps;
using gsim::sysc::to_ps;

CmdqvModule::CmdqvModule(const sc_core::sc_module_name& name, const core::CmdqvParams& params,
                         smmu::sysc::SmmuModule& smmu, gsim::IrqSink& irq, gsim::StatGroup stats)
    : sc_module(name), mmio_in("mmio_in"), fetch("fetch"), m_smmu(smmu) {
    gsim::sysc::require_ps_resolution();  // the core counts integer picoseconds
    m_core = std::make_unique<core::CmdqvCore>(params, fetch, irq, stats);
    auto& arb = smmu.arbiter();
    const size_t first = arb.size();
    m_core->attach(arb);
    for (size_t src = first; src < arb.size(); ++src) {
        long q = m_core->vcmdq_of_source(src);
        if (q < 0) continue;
        smmu.set_runner(src, [this, q](uint64_t now) {
            return m_core->process_vcmdq_batch(static_cast<unsigned>(q), m_smmu.executor(), now);
        });
    }
    smmu.add_hooks([this](uint64_t now) { m_core->advance(now); },
                   [this](uint64_t now) { return m_core->next_event_ps(now); });
    smmu.core().set_main_sync_listener([this](uint64_t) { m_core->on_main_cmdq_sync(); });
    mmio_in.register_b_transport(this, &CmdqvModule::b_transport);
    mmio_in.register_transport_dbg(this, &CmdqvModule::dbg);
    mmio_in.register_get_direct_mem_ptr(this, &CmdqvModule::get_direct_mem_ptr);
}

tlm::tlm_response_status CmdqvModule::access(const gsim::sysc::RegRequest& rq, sc_core::sc_time& delay) {
    const sc_core::sc_time at = delay;  // the access's time, relative to the kernel's
    const uint64_t now = to_ps(gsim::sysc::kernel_time() + delay);
    tlm::tlm_response_status s;
    {
        gsim::sysc::ActingAt acting(at);  // an error interrupt a write raises, at its time
        s = gsim::sysc::reg_transport(rq, gsim::sysc::RegAccess(*m_core, now));
    }
    delay += from_ps(m_core->mmio_latency_ps());
    if (rq.cmd == tlm::TLM_WRITE_COMMAND) m_smmu.kick(at);
    return s;
}

void CmdqvModule::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    gp.set_response_status(access(gsim::sysc::RegRequest::of(gp), delay));
}

bool CmdqvModule::get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi&) {
    gsim::sysc::grant_route(gp, *this);
    return false;  // registers: no DMI
}

unsigned CmdqvModule::dbg(tlm::tlm_generic_payload& gp) {
    if (!gp.is_read() || (gp.get_data_length() != 4 && gp.get_data_length() != 8)) return 0;
    uint64_t v = 0;
    if (!m_core->mmio_read(gp.get_address(), gp.get_data_length(), v, gsim::sysc::now_ps())) return 0;
    std::memcpy(gp.get_data_ptr(), &v, gp.get_data_length());
    return gp.get_data_length();
}

}  // namespace cmdqv::sysc
