// grace-sim: waveforms (--vcd-out FILE.vcd) for GTKWave: every interrupt line (level and a
// count of its rising edges, since pulses last zero time), and the PROD/CONS indices of the
// SMMU main CMDQ, the event queue and every CMDQV VCMDQ, sampled every `period` (queue
// indices are computed lazily by the models, so they are sampled, not traced on change).
// The $date header is fixed so that the same configuration gives the same file.
#pragma once
#include <systemc>

#include <memory>
#include <string>
#include <vector>

namespace platform {

class Platform;

class VcdTracer : public sc_core::sc_module {
public:
    VcdTracer(const sc_core::sc_module_name& name, Platform& top, const std::string& path,
              const sc_core::sc_time& period);
    ~VcdTracer() override;

private:
    void sampler();
    Platform& m_top;
    std::string m_path;
    sc_core::sc_time m_period;
    sc_core::sc_trace_file* m_tf = nullptr;
    std::vector<uint64_t> m_edges;
    std::vector<uint32_t> m_q;  // sampled indices: cmdq prod, cons, evtq prod, cons, then VCMDQs
};

}  // namespace platform
