// grace-sim: a vCPU thread of a VM (see vcpu.h).
#include "vm/vcpu.h"

#include "vm/vcpu_ext.h"

namespace fw::vm {

Vcpu::Vcpu(const sc_core::sc_module_name& name, gsim::StatGroup stats, unsigned cpu_id,
           unsigned vcpu_index, uint64_t guest_ram_gpa, uint64_t guest_ram_size,
           const sc_core::sc_time& cached_access_cost)
    : SwAgent(name, stats), m_cpu_id(cpu_id), m_vcpu(vcpu_index), m_host_port(&add_port("host")) {
    add_decoupled_range(guest_ram_gpa, guest_ram_size);
    main_port().set_cached_access_cost(cached_access_cost);
    m_host_cpu = std::make_unique<Cpu>(*this, *m_host_port, m_cpu_id);
    m_ext = std::make_unique<VcpuExt>();
    m_ext->host = m_host_cpu.get();
    m_ext->vcpu = m_vcpu;
    main_port().set_extension(VcpuExt::ID, m_ext.get());
}

void Vcpu::run() {
    Cpu guest(*this, main_port(), m_vcpu);  // the guest kernel numbers its vCPUs
    if (m_body) m_body(guest, *m_host_cpu);
}

}  // namespace fw::vm
