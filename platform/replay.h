// grace-sim: register-level trace replay (traces/FORMAT.md, version 1). One replay initiator
// (a software agent) per "cpu" of the trace executes that cpu's operations in file order on the
// platform: timed CPU accesses through the interconnect, zero-time backdoor memory accesses,
// device DMA into the SMMU's upstream port, and checks of interrupt lines and MSI writes.
// Every failed expectation is recorded with its line, expected and actual values.
#pragma once
#include <systemc>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/sw_agent.h"
#include "common/params.h"
#include "formats/trace_ops.h"
#include "replay_params.h"

namespace platform {

class Platform;



struct ReplayFailure {
    int line;
    std::string message;
};

// Shared state of all replay initiators of one run.
class ReplayContext {
public:
    ReplayContext(Platform& p, const ReplayParams& params, std::string file)
        : platform(p), params(params), file(std::move(file)) {}
    Platform& platform;
    const ReplayParams& params;
    std::string file;
    std::vector<ReplayFailure> failures;
    uint64_t ops_done = 0, checks = 0;
    std::map<std::string, uint64_t> irq_edges_seen;  // latched irq_expect semantics
    void fail(int line, const std::string& msg) { failures.push_back({line, msg}); }
};

class ReplayAgent : public fw::SwAgent {
public:
    ReplayAgent(const sc_core::sc_module_name& name, ReplayContext& ctx, gsim::StatGroup stats);
    void add(const traces::TraceOp* op) { m_ops.push_back(op); }

protected:
    void run() override;

private:
    void execute(const traces::TraceOp& op);
    bool backdoor(bool write, uint64_t addr, uint8_t* data, size_t len);
    ReplayContext& m_ctx;
    std::vector<const traces::TraceOp*> m_ops;
};

// Builds one agent per cpu of `trace` on the platform.
std::vector<std::unique_ptr<ReplayAgent>> make_replay_agents(Platform& p, ReplayContext& ctx,
                                                             const traces::Trace& trace,
                                                             gsim::Stats& stats);

}  // namespace platform
