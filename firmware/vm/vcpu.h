// grace-sim: a vCPU thread of a VM (the KVM vCPU thread of the VMM process). A SwAgent with two
// address spaces: the guest port (main port, guest-physical, bound to GuestMemory.in) on which
// the guest kernel runs, and the host port (host-physical, bound to the system bus) that the
// VMM and the host kernel use on this thread after a VM exit. Every guest transaction carries
// a VcpuExt pointing at the thread's host-view Cpu, so that an emulated device runs its
// handler (exit, BQL, emulation) on this very thread.
// Implements: the two ports, the VcpuExt on guest transactions, guest RAM as a decoupled range with a cached CPU
// access cost, the body std::function(guest, host).
// Not implemented: vCPU scheduling by the host (a vCPU owns its physical CPU), interrupts
// injection into the body (the body waits on IrqLine events itself), WFI.
#pragma once
#include <systemc>

#include <functional>
#include <memory>
#include <string>

#include "agent/sw_agent.h"
#include "kernel/cpu.h"
#include "vm/vcpu_ext.h"

namespace fw::vm {

class Vcpu : public SwAgent {
public:
    using Body = std::function<void(Cpu& guest, Cpu& host)>;

    // cpu_id: the physical CPU number of the thread; vcpu_index: index in its VM.
    // guest_ram_*: decoupled (DMI, cached cost) range of the guest port.
    Vcpu(const sc_core::sc_module_name& name, gsim::StatGroup stats, unsigned cpu_id,
         unsigned vcpu_index, uint64_t guest_ram_gpa, uint64_t guest_ram_size,
         const sc_core::sc_time& cached_access_cost = sc_core::sc_time(1, sc_core::SC_NS));

    AgentPort& guest_port() { return main_port(); }
    AgentPort& host_port() { return *m_host_port; }
    // guest socket -> GuestMemory.in; host socket -> system bus.
    tlm_utils::simple_initiator_socket<AgentPort>& guest_out() { return main_port().out; }
    tlm_utils::simple_initiator_socket<AgentPort>& host_out() { return m_host_port->out; }

    void set_body(Body b) { m_body = std::move(b); }
    unsigned cpu_id() const { return m_cpu_id; }
    unsigned vcpu_index() const { return m_vcpu; }

protected:
    void run() override;

private:
    unsigned m_cpu_id;
    unsigned m_vcpu;
    AgentPort* m_host_port;
    std::unique_ptr<Cpu> m_host_cpu;
    std::unique_ptr<VcpuExt> m_ext;  // on every guest-physical transaction (see vcpu_ext.h)
    Body m_body;
};

}  // namespace fw::vm
