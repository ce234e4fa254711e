#include "vcd.h"

#include <fstream>
#include <sstream>

#include "config_error.h"
#include "sysc/sim_time.h"
#include "top.h"

namespace platform {

VcdTracer::VcdTracer(const sc_core::sc_module_name& name, Platform& top, const std::string& path,
                     const sc_core::sc_time& period)
    : sc_module(name), m_top(top), m_path(path), m_period(period) {
    std::string base = path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
    m_path = base + ".vcd";
    {
        std::ofstream probe(m_path);
        if (!probe) throw ConfigError(m_path + ": cannot write the waveform file");
    }
    m_tf = sc_core::sc_create_vcd_trace_file(base.c_str());
    const auto names = top.irq_names();
    m_edges.resize(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        auto* l = top.irq(names[i]);
        sc_core::sc_trace(m_tf, l->level_ref(), "irq." + names[i]);
    }
    const unsigned nq = top.cmdqv().core().num_vcmdqs();
    m_q.assign(4 + 2 * nq, 0);
    for (size_t i = 0; i < names.size(); ++i) sc_core::sc_trace(m_tf, m_edges[i], "irq." + names[i] + ".edges");
    sc_core::sc_trace(m_tf, m_q[0], "smmu0.cmdq.prod");
    sc_core::sc_trace(m_tf, m_q[1], "smmu0.cmdq.cons");
    sc_core::sc_trace(m_tf, m_q[2], "smmu0.eventq.prod");
    sc_core::sc_trace(m_tf, m_q[3], "smmu0.eventq.cons");
    for (unsigned q = 0; q < nq; ++q) {
        sc_core::sc_trace(m_tf, m_q[4 + 2 * q], "cmdqv0.vcmdq" + std::to_string(q) + ".prod");
        sc_core::sc_trace(m_tf, m_q[5 + 2 * q], "cmdqv0.vcmdq" + std::to_string(q) + ".cons");
    }
    SC_HAS_PROCESS(VcdTracer);
    SC_THREAD(sampler);
}

void VcdTracer::sampler() {
    const auto names = m_top.irq_names();
    auto& smmu = m_top.smmu().core();
    auto& cmdqv = m_top.cmdqv().core();
    for (;;) {
        const uint64_t now = gsim::sysc::now_ps();
        for (size_t i = 0; i < names.size(); ++i) m_edges[i] = m_top.irq(names[i])->rising_edges();
        m_q[0] = smmu.cmdq().prod();
        m_q[1] = smmu.cmdq().cons(now);
        m_q[2] = smmu.eventq().prod();
        m_q[3] = smmu.eventq().cons();
        for (unsigned q = 0; q < cmdqv.num_vcmdqs(); ++q) {
            m_q[4 + 2 * q] = cmdqv.vcmdq(q).prod();
            m_q[5 + 2 * q] = cmdqv.vcmdq(q).cons(now);
        }
        wait(m_period);
    }
}

VcdTracer::~VcdTracer() {
    if (!m_tf) return;
    sc_core::sc_close_vcd_trace_file(m_tf);
    // Replace the wall-clock $date so that the file depends on the configuration only.
    std::ifstream in(m_path);
    std::stringstream ss;
    ss << in.rdbuf();
    in.close();
    std::string text = ss.str();
    auto d = text.find("$date");
    if (d != std::string::npos) {
        auto e = text.find("$end", d);
        if (e != std::string::npos) text.replace(d, e - d, "$date\n     (grace-sim)\n");
    }
    std::ofstream out(m_path);
    out << text;
}

}  // namespace platform
