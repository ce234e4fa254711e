// grace-sim: the execution context of simulated software. A Cpu is one software thread (an
// agent's SC_THREAD) running on a numbered CPU, seen through one address space (an agent
// port). Kernel, VMM and driver code is written as plain blocking C++ against this view:
// loads and stores (MMIO or memory), software costs, and synchronisation before touching state
// other CPUs share. The same thread may hold several views (a vCPU: guest-physical for the
// guest kernel, host-physical for the VMM and host kernel code it runs on VM exits).
#pragma once
#include <systemc>

#include <cstdint>
#include <string>

#include "agent/sw_agent.h"
#include "sysc/sim_time.h"

namespace fw {

class Cpu {
public:
    Cpu(SwAgent& agent, AgentPort& port, unsigned id) : m_agent(&agent), m_port(&port), m_id(id) {}

    unsigned id() const { return m_id; }
    SwAgent& agent() { return *m_agent; }
    AgentPort& port() { return *m_port; }
    // The same thread and CPU, another address space.
    Cpu view(AgentPort& other) const { return Cpu(*m_agent, other, m_id); }

    // ---- time ------------------------------------------------------------------------
    void compute_ns(double ns) { m_agent->compute(gsim::sysc::from_ns(ns)); }
    void compute(const sc_core::sc_time& t) { m_agent->compute(t); }
    sc_core::sc_time now() const { return m_agent->local_time(); }
    uint64_t now_ps() const { return gsim::sysc::to_ps(now()); }
    // Required before reading or writing state that other simulated CPUs share (locks, queue
    // shadows), so the interleaving follows simulated time. Waits only when another process is
    // due before this CPU's local time; otherwise the CPU keeps running ahead (nothing else can
    // happen meanwhile) and its local time stays ahead of the kernel's.
    void sync() { m_agent->sync_shared(); }
    // Local time becomes the kernel's time: before raising an interrupt line or notifying an
    // event other processes wait on (those happen at the kernel's time).
    void sync_global() { m_agent->sync(); }
    // When another process is next due (absolute): until then, nothing this CPU can observe
    // changes except by its own doing (LocalClock::horizon()).
    sc_core::sc_time horizon() { return m_agent->quantum_keeper().horizon(); }
    // Notifies `ev` at this CPU's local time (another thread's wake-up or lock hand-off).
    void notify_at_local(sc_core::sc_event& ev) {
        LocalClock& clk = m_agent->quantum_keeper();
        ev.notify(clk.get_local_time());
        clk.forget_horizon();
    }

    // ---- loads and stores --------------------------------------------------------------
    uint64_t read(uint64_t addr, unsigned size) {
        uint64_t v = 0;
        check(m_port->transport(tlm::TLM_READ_COMMAND, addr, reinterpret_cast<uint8_t*>(&v), size), addr);
        return v;
    }
    void write(uint64_t addr, unsigned size, uint64_t v) {
        check(m_port->transport(tlm::TLM_WRITE_COMMAND, addr, reinterpret_cast<uint8_t*>(&v), size), addr);
    }
    // A 32-bit doorbell write (a queue's PROD register): see AgentPort::transport.
    void doorbell32(uint64_t a, uint32_t v) {
        uint64_t x = v;
        check(m_port->transport(tlm::TLM_WRITE_COMMAND, a, reinterpret_cast<uint8_t*>(&x), 4, true), a);
    }
    uint32_t read32(uint64_t a) { return static_cast<uint32_t>(read(a, 4)); }
    uint64_t read64(uint64_t a) { return read(a, 8); }
    void write32(uint64_t a, uint32_t v) { write(a, 4, v); }
    void write64(uint64_t a, uint64_t v) { write(a, 8, v); }
    void mem_read(uint64_t a, void* dst, size_t len) {
        check(m_port->transport(tlm::TLM_READ_COMMAND, a, static_cast<uint8_t*>(dst), len), a);
    }
    void mem_write(uint64_t a, const void* src, size_t len) {
        check(m_port->transport(tlm::TLM_WRITE_COMMAND, a,
                                const_cast<uint8_t*>(static_cast<const uint8_t*>(src)), len),
              a);
    }
    gsim::MemPort& mem_port() { return m_port->mem_port(); }
    // Bus errors seen by this context (a load or store that faulted).
    uint64_t faults() const { return m_faults; }

private:
    void check(Access a, uint64_t addr) {
        if (a != Access::OK) {
            ++m_faults;
            char buf[96];
            std::snprintf(buf, sizeof buf, "cpu%u: access at 0x%llx: %s", m_id,
                          static_cast<unsigned long long>(addr), access_name(a));
            m_agent->fail(buf);
        }
    }
    SwAgent* m_agent;
    AgentPort* m_port;
    unsigned m_id;
    uint64_t m_faults = 0;
};

}  // namespace fw
