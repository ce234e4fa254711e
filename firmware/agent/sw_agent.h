// grace-sim: base class of every software agent (host kernel, VMM, guest driver, workloads,
// trace replay). One SC_THREAD initiator that issues MMIO and memory accesses through the
// interconnect, under temporal decoupling (tlm_quantumkeeper):
// - software costs (instructions between accesses) advance the agent's local time (compute());
// - memory accesses are decoupled: DMI when granted, latency added to local time;
// - device accesses (anything outside the decoupled ranges, e.g. SMMU/CMDQV registers) first
//   synchronise, so a device sees each register access at the agent's true local time.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/agent_port.h"
#include "common/log.h"
#include "common/mem_port.h"
#include "common/stats.h"

namespace fw {

struct PollResult {
    bool matched = false;
    uint64_t value = 0;   // last value read
    unsigned reads = 0;
    Access status = Access::OK;
};

namespace detail {
// State constructed before SwAgent's members (its ports are referenced by bus_out).
struct AgentState {
    LocalClock m_qk;
    std::vector<std::unique_ptr<AgentPort>> m_ports;
};
}  // namespace detail

class SwAgent : public sc_core::sc_module, protected detail::AgentState {
public:
    SwAgent(const sc_core::sc_module_name& name, gsim::StatGroup stats);

    // The main port: the address space the agent's own code runs in.
    AgentPort& main_port() { return *m_ports.front(); }
    tlm_utils::simple_initiator_socket<AgentPort>& bus_out;
    // Another address space for the same thread (e.g. a vCPU's host-physical view).
    AgentPort& add_port(const std::string& name);

    // Address ranges [base, base+size) of the main port accessed with temporal decoupling.
    void add_decoupled_range(uint64_t base, uint64_t size) { main_port().add_decoupled_range(base, size); }

    bool done() const { return m_done; }
    const sc_core::sc_event& done_event() const { return m_done_ev; }
    bool failed() const { return m_failed; }
    const std::string& failure() const { return m_failure; }

    // ---- helpers for run() (agent thread only) -------------------------------------
    Access read(uint64_t addr, unsigned size, uint64_t& value);
    Access write(uint64_t addr, unsigned size, uint64_t value);
    uint32_t read32(uint64_t addr);  // logs and records a failure on a bus error
    uint64_t read64(uint64_t addr);
    void write32(uint64_t addr, uint32_t v);
    void write64(uint64_t addr, uint64_t v);
    // Reads every `interval` until (value & mask) == expect or `timeout` elapsed.
    PollResult poll(uint64_t addr, unsigned size, uint64_t mask, uint64_t expect,
                    const sc_core::sc_time& timeout,
                    const sc_core::sc_time& interval = sc_core::sc_time(1, sc_core::SC_US));
    Access mem_read(uint64_t addr, void* dst, size_t len);
    Access mem_write(uint64_t addr, const void* src, size_t len);

    void compute(const sc_core::sc_time& t);  // software cost: local time advances
    // Local time becomes the kernel's time: before looking at or changing anything that lives
    // in kernel time (device state, interrupt lines, events, the DMA master).
    void sync() { m_qk.sync_global(); }
    // Before touching state only other software threads share: waits only if another process
    // is due before this thread's local time (sync_if_observable), so the interleaving follows
    // simulated time without a kernel activation per call.
    void sync_shared() { m_qk.sync_if_observable(); }
    sc_core::sc_time local_time() const { return m_qk.get_current_time(); }
    void fail(const std::string& why);

    // A MemPort view of the main port's memory accesses (for encoders and shared helpers).
    gsim::MemPort& mem_port() { return main_port().mem_port(); }
    LocalClock& quantum_keeper() { return m_qk; }

protected:
    virtual void run() = 0;
    gsim::Logger m_log;
    gsim::StatGroup m_stats;

private:
    void thread();
    bool m_done = false;
    bool m_failed = false;
    std::string m_failure;
    sc_core::sc_event m_done_ev;
};

}  // namespace fw
