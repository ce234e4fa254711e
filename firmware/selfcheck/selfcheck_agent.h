// grace-sim: the platform self-check scenario (the main job until the experiments exist).
// An agent writes a pattern into DRAM through the interconnect, reads it back and compares,
// probes an unmapped address (expects a decode error), writes the MSI doorbell, and reports
// what it measured in simulated time.
#pragma once
#include <cstdint>
#include <string>

#include "agent/sw_agent.h"
#include "selfcheck/selfcheck_params.h"

namespace fw {



struct SelfCheckResult {
    uint64_t accesses = 0;
    uint64_t mismatches = 0;
    double write_ns_per_access = 0;
    double read_ns_per_access = 0;
    bool unmapped_decode_error = false;
    bool msi_ok = false;
};

class SelfCheckAgent : public SwAgent {
public:
    SelfCheckAgent(const sc_core::sc_module_name& name, const SelfCheckParams& p, uint64_t dram_base,
                   uint64_t dram_size, uint64_t msi_addr, gsim::StatGroup stats);
    const SelfCheckResult& result() const { return m_result; }
    // Set by the platform: how the agent checks that the doorbell saw its write.
    std::function<bool(uint64_t addr, uint32_t data)> msi_seen;

protected:
    void run() override;

private:
    SelfCheckParams m_p;
    uint64_t m_dram_base, m_dram_size, m_msi_addr;
    SelfCheckResult m_result;
};

}  // namespace fw
