// grace-sim: the platform. Instantiates and binds the models at the configured address map;
// holds the named interrupt lines; builds the scenario's software agents. No behaviour here.
#pragma once
#include <systemc>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/sw_agent.h"
#include "ats_ep/core/ats_registry.h"
#include "ats_ep/sysc/ats_endpoint.h"
#include "cmdqv/sysc/cmdqv_module.h"
#include "dma_master.h"
#include "smmuv3/sysc/smmu_module.h"
#include "common/stats.h"
#include "sim_config.h"
#include "soc/dram.h"
#include "soc/msi_doorbell.h"
#include "soc/router.h"
#include "sysc/irq_line.h"

namespace platform {

class Platform : public sc_core::sc_module {
public:
    Platform(const sc_core::sc_module_name& name, SimConfig& cfg, gsim::Stats& stats);
    ~Platform() override;

    soc::Router& bus() { return *m_bus; }
    soc::Dram& dram() { return *m_dram; }
    soc::MsiDoorbell& msi() { return *m_msi; }
    smmu::sysc::SmmuModule& smmu() { return *m_smmu; }
    cmdqv::sysc::CmdqvModule& cmdqv() { return *m_cmdqv; }
    // Device-side master on the SMMU's upstream port (trace `dma` op, device models).
    DmaMaster& dma() { return *m_dma; }
    // ATS endpoints behind SMMU0 (ATC_INV targets) and the default endpoint "ats0"
    // (StreamID ATS0_SID, default AtsParams) on SMMU0's upstream port.
    static constexpr uint32_t ATS0_SID = 0x100;
    ats::core::AtsRegistry& ats_registry() { return *m_ats_registry; }
    ats::sysc::AtsEndpoint& ats0() { return *m_ats0; }
    // Named interrupt lines ("smmu0.eventq", ...); nullptr if absent.
    gsim::sysc::IrqLine* irq(const std::string& name);
    std::vector<std::string> irq_names() const;
    // Agents of the scenario; the simulation stops when all are done.
    const std::vector<fw::SwAgent*>& agents() const { return m_agents; }
    bool all_agents_done() const;
    // Binds an agent to the bus and registers it (decoupled range = DRAM).
    void attach_agent(fw::SwAgent& a);
    uint64_t dram_base() const { return m_cfg.map.dram_base; }
    // Initiators bound to the interconnect before any software agent (the models' own ports).
    int first_software_initiator() const { return m_model_initiators; }
    // Registers an agent bound elsewhere (a vCPU): the simulation also waits for it.
    void watch(fw::SwAgent& a) { m_agents.push_back(&a); }

private:
    void watchdog_thread();

    SimConfig& m_cfg;
    gsim::Stats& m_stats;
    std::unique_ptr<soc::Router> m_bus;
    std::unique_ptr<soc::Dram> m_dram;
    std::unique_ptr<soc::MsiDoorbell> m_msi;
    std::map<std::string, std::unique_ptr<gsim::sysc::IrqLine>> m_irqs;
    std::unique_ptr<smmu::sysc::SmmuModule> m_smmu;
    std::unique_ptr<cmdqv::sysc::CmdqvModule> m_cmdqv;
    std::unique_ptr<DmaMaster> m_dma;
    std::unique_ptr<ats::core::AtsRegistry> m_ats_registry;
    std::unique_ptr<ats::sysc::AtsEndpoint> m_ats0;
    std::vector<fw::SwAgent*> m_agents;
    int m_model_initiators = 0;
};

}  // namespace platform
