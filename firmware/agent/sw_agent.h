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
#include <string>
#include <vector>

#include "common/log.h"
#include "common/mem_port.h"
#include "common/stats.h"

namespace fw {

enum class Access : uint8_t { OK, DECODE_ERROR, SLAVE_ERROR };
const char* access_name(Access a);

struct PollResult {
    bool matched = false;
    uint64_t value = 0;   // last value read
    unsigned reads = 0;
    Access status = Access::OK;
};

class SwAgent : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<SwAgent> bus_out;

    SwAgent(const sc_core::sc_module_name& name, gsim::StatGroup stats);

    // Address ranges [base, base+size) accessed with temporal decoupling (normally DRAM).
    void add_decoupled_range(uint64_t base, uint64_t size) { m_decoupled.push_back({base, size}); }

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
    void sync() { m_qk.sync(); }
    sc_core::sc_time local_time() const { return m_qk.get_current_time(); }
    void fail(const std::string& why);

    // A MemPort view of this agent's memory accesses (for encoders and shared helpers).
    gsim::MemPort& mem_port() { return m_port; }

protected:
    virtual void run() = 0;
    gsim::Logger m_log;
    gsim::StatGroup m_stats;

private:
    class Port final : public gsim::MemPort {
    public:
        explicit Port(SwAgent& a) : m_a(a) {}
        gsim::MemStatus read(uint64_t addr, void* dst, size_t len, uint64_t&, const gsim::MemAttrs&) override;
        gsim::MemStatus write(uint64_t addr, const void* src, size_t len, uint64_t&,
                              const gsim::MemAttrs&) override;

    private:
        SwAgent& m_a;
    };

    void thread();
    bool decoupled(uint64_t addr, size_t len) const;
    Access transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len);
    bool try_dmi(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len);
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

    struct Range {
        uint64_t base, size;
    };
    std::vector<Range> m_decoupled;
    std::vector<tlm::tlm_dmi> m_dmi;
    tlm_utils::tlm_quantumkeeper m_qk;
    Port m_port{*this};
    bool m_done = false;
    bool m_failed = false;
    std::string m_failure;
    sc_core::sc_event m_done_ev;
    gsim::Counter& m_mmio_reads;
    gsim::Counter& m_mmio_writes;
    gsim::Counter& m_mem_accesses;
    gsim::Counter& m_bus_errors;
};

}  // namespace fw
