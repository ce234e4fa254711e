#include "top.h"

#include "config_error.h"
#include "sysc/sim_time.h"

namespace platform {

using sc_core::sc_time;
using sc_core::SC_NS;

Platform::Platform(const sc_core::sc_module_name& name, SimConfig& cfg, gsim::Stats& stats)
    : sc_module(name), m_cfg(cfg), m_stats(stats) {
    const std::string base = this->name();
    m_bus = std::make_unique<soc::Router>("bus", gsim::StatGroup(stats, base + ".bus"),
                                          sc_time(double(cfg.soc.bus_hop_ns), SC_NS));
    m_dram = std::make_unique<soc::Dram>("dram", cfg.map.dram_size,
                                         sc_time(double(cfg.soc.dram_read_ns), SC_NS),
                                         sc_time(double(cfg.soc.dram_write_ns), SC_NS),
                                         gsim::StatGroup(stats, base + ".dram"), cfg.soc.dmi);
    m_msi = std::make_unique<soc::MsiDoorbell>("msi", cfg.map.msi_base,
                                               sc_time(double(cfg.soc.msi_ns), SC_NS),
                                               gsim::StatGroup(stats, base + ".msi"));
    for (const char* n : {"smmu0.eventq", "smmu0.gerror", "smmu0.cmdq_sync", "smmu0.priq", "cmdqv0"}) {
        m_irqs[n] = std::make_unique<gsim::sysc::IrqLine>(n);
    }
    smmu::sysc::SmmuLines lines;
    lines.eventq = irq("smmu0.eventq");
    lines.gerror = irq("smmu0.gerror");
    lines.cmdq_sync = irq("smmu0.cmdq_sync");
    lines.priq = irq("smmu0.priq");
    m_ats_registry = std::make_unique<ats::core::AtsRegistry>(gsim::StatGroup(stats, base + ".ats"));
    m_smmu = std::make_unique<smmu::sysc::SmmuModule>("smmu0", cfg.smmu, cfg.smmu_xlate, lines,
                                                      gsim::StatGroup(stats, base + ".smmu0"),
                                                      m_ats_registry.get());
    m_ats0 = std::make_unique<ats::sysc::AtsEndpoint>("ats0", ATS0_SID, ats::core::AtsParams{},
                                                      gsim::StatGroup(stats, base + ".ats0"));
    m_ats_registry->add(m_ats0->device());
    m_cmdqv = std::make_unique<cmdqv::sysc::CmdqvModule>("cmdqv0", cfg.cmdqv, *m_smmu, *irq("cmdqv0"),
                                                         gsim::StatGroup(stats, base + ".cmdqv0"));
    m_dma = std::make_unique<DmaMaster>("dma");
    try {
        m_bus->map({"dram", cfg.map.dram_base, cfg.map.dram_size});
        m_bus->out.bind(m_dram->in);
        m_bus->map({"msi", cfg.map.msi_base, cfg.map.msi_size});
        m_bus->out.bind(m_msi->in);
        m_bus->map({"smmu0", cfg.map.smmu0_base, cfg.map.smmu0_size});
        m_bus->out.bind(m_smmu->mmio_in);
        m_bus->map({"cmdqv0", cfg.map.cmdqv0_base, m_cmdqv->aperture_size()});
        m_bus->out.bind(m_cmdqv->mmio_in);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("address map: ") + e.what());
    }
    m_smmu->walk.out.bind(m_bus->in);
    m_smmu->downstream_out.bind(m_bus->in);
    m_cmdqv->fetch.out.bind(m_bus->in);
    m_dma->out.bind(m_smmu->upstream_in);
    m_model_initiators = 3;  // walk, downstream, fetch: bound above, before any agent
    m_ats0->out.bind(m_smmu->upstream_in);
    SC_HAS_PROCESS(Platform);
    SC_THREAD(watchdog_thread);
}

Platform::~Platform() = default;

gsim::sysc::IrqLine* Platform::irq(const std::string& n) {
    auto it = m_irqs.find(n);
    return it == m_irqs.end() ? nullptr : it->second.get();
}

std::vector<std::string> Platform::irq_names() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : m_irqs) out.push_back(k);
    return out;
}

void Platform::attach_agent(fw::SwAgent& a) {
    a.bus_out.bind(m_bus->in);
    a.add_decoupled_range(m_cfg.map.dram_base, m_cfg.map.dram_size);
    m_agents.push_back(&a);
}

bool Platform::all_agents_done() const {
    for (auto* a : m_agents) {
        if (!a->done()) return false;
    }
    return true;
}

void Platform::watchdog_thread() {
    // Stop the simulation as soon as every agent has finished.
    if (m_agents.empty()) return;
    while (!all_agents_done()) {
        sc_core::sc_event_or_list any;
        for (auto* a : m_agents) any |= a->done_event();
        wait(any);
    }
    sc_core::sc_stop();
}

}  // namespace platform
