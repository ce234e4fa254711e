#include "server.h"

#include <array>
#include <cstdio>

#include "config_error.h"
#include "encoders/cd.h"
#include "encoders/cd_table.h"
#include "encoders/mem_port_writer.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"
#include "iommufd/iommufd.h"
#include "iommufd/vmid_pool.h"
#include "kernel/sim_sync.h"
#include "linux/arm_smmu_driver.h"
#include "linux/dma_iommu.h"
#include "linux/host_kernel_hw.h"
#include "linux/pt_access_writer.h"
#include "top.h"
#include "vm/guest_memory.h"
#include "vm/host_iommu.h"
#include "vm/vcpu.h"
#include "vm/vmm.h"

namespace platform {

namespace lm = fw::linux_model;
namespace enc = fw::enc;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

// A host kernel thread running a body on a numbered CPU.
class HostThread : public fw::SwAgent {
public:
    HostThread(const sc_core::sc_module_name& n, gsim::StatGroup s, unsigned cpu, sc_time cached, sc_time posted)
        : SwAgent(n, s), m_cpu_id(cpu) {
        main_port().set_cached_access_cost(cached);
        main_port().set_posted_writes(posted);
    }
    std::function<void(fw::Cpu&)> body;

protected:
    void run() override {
        fw::Cpu c(*this, main_port(), m_cpu_id);
        if (body) body(c);
    }

private:
    unsigned m_cpu_id;
};

// A one-shot condition other threads wait for.
struct Flag {
    bool set = false;
    fw::WaitQueue wq;
    void raise(fw::Cpu& c) {
        c.sync();
        set = true;
        wq.notify_all(c);
    }
    void wait(fw::Cpu& c) { wq.wait_until(c, [this] { return set; }); }
};

// The VMM's view of the host kernel: STE installation by the driver, and the CPU iommufd's
// HostHw calls run on.
class HostIommuAdapter final : public fw::vm::HostIommu {
public:
    HostIommuAdapter(lm::ArmSmmuDriver& d, lm::HostKernelHw& hw) : m_d(d), m_hw(hw) {}
    int install_ste(fw::Cpu& cpu, uint32_t sid, const enc::Ste& ste) override {
        return m_d.install_ste(cpu, sid, ste);
    }
    void bind_cpu(fw::Cpu* cpu) override { m_hw.set_context(cpu); }

private:
    lm::ArmSmmuDriver& m_d;
    lm::HostKernelHw& m_hw;
};

// A stage-1 DMA domain (CD table, page table, DmaIommu) in one address space.
struct Domain {
    std::unique_ptr<enc::PhysAllocator> alloc;
    std::unique_ptr<lm::PtAccessWriter> ptw;
    std::unique_ptr<enc::PageTable> pt;
    std::unique_ptr<lm::DmaIommu> dma;
    lm::DomainInfo info;

    // Builds the tables in the thread of `c` and installs the STE of `sid` through `drv`.
    int setup(fw::Cpu& c, lm::ArmSmmuDriver& drv, uint32_t sid, uint16_t asid) {
        enc::MemPortWriter cd_mem(c.mem_port());
        pt->init();
        enc::CdTable cds({enc::CdTableFmt::LINEAR, 0}, *alloc, cd_mem);
        if (cds.init() != enc::EncError::OK) return -12;
        enc::CdBuilder cd;
        cd.ttb0_pgtable(pt->info(), asid, enc::DEFAULT_MAIR);
        if (cds.write_cd(0, cd.build()) != enc::EncError::OK) return -14;
        enc::SteBuilder ste;
        ste.valid().config(enc::STE_CFG_S1_TRANS).eats(info.ats ? 1 : 0);
        cds.apply_to(ste);
        return drv.install_ste(c, sid, ste.build());
    }
};

}  // namespace

struct GraceServer::Impl {
    Platform& top;
    SimConfig& cfg;
    gsim::Stats& stats;
    std::string failure;
    sc_time cached, posted;

    // Host kernel.
    std::unique_ptr<enc::PhysAllocator> host_alloc;
    std::unique_ptr<lm::ArmSmmuDriver> host_drv;
    std::unique_ptr<lm::HostKernelHw> host_hw;
    fw::iommufd::VmidPool vmids{1, 0xffff};
    std::unique_ptr<HostThread> host, isr;
    Flag host_ready;

    // Native benchmark.
    Domain host_domain;
    std::vector<std::unique_ptr<HostThread>> host_bench_threads;

    struct Vm {
        std::unique_ptr<fw::vm::GuestMemory> gmem;
        std::unique_ptr<fw::iommufd::Iommufd> fd;
        std::unique_ptr<gsim::sysc::IrqLine> cmdqv_irq, evtq_irq;
        std::unique_ptr<fw::vm::Vmm> vmm;
        std::vector<std::unique_ptr<fw::vm::Vcpu>> vcpus;
        std::unique_ptr<lm::ArmSmmuDriver> gdrv;
        Domain domain;
        std::unique_ptr<fw::workloads::DmaMapBenchmark> bench;
        std::unique_ptr<fw::workloads::FtraceReplay> replay;
        uint64_t ready_ps = 0;
        std::unique_ptr<fw::vm::Vcpu> isr;  // the guest kernel's interrupt thread
        Flag guest_ready;
        uint64_t ram_hpa = 0;
    };
    std::vector<std::unique_ptr<Vm>> vms;
    std::unique_ptr<fw::workloads::DmaMapBenchmark> host_bench;
    std::unique_ptr<fw::workloads::FtraceReplay> host_replay;
    uint64_t host_ready_ps = 0;
    const traces::FtraceTrace* ftrace;

    unsigned threads() const {
        return ftrace ? ftrace->max_cpu + 1 : static_cast<unsigned>(cfg.dma_bench.threads);
    }

    Impl(Platform& t, SimConfig& c, gsim::Stats& s, const traces::FtraceTrace* f)
        : top(t), cfg(c), stats(s), ftrace(f) {
        cached = sc_time(cfg.server.cpu_cached_access_ns, SC_NS);
        posted = sc_time(cfg.server.posted_write_ns, SC_NS);
        const uint64_t dram = cfg.map.dram_base;
        host_alloc = std::make_unique<enc::PhysAllocator>(dram, 256ull << 20);
        lm::SmmuDriverParams hp = cfg.host_driver;
        if (cfg.server.path == "host-cmdq") hp.bypass_vcmdq = true;
        if (cfg.server.path == "host-vcmdq") hp.bypass_vcmdq = false;
        host_drv = std::make_unique<lm::ArmSmmuDriver>(hp, cfg.map.smmu0_base, cfg.map.cmdqv0_base,
                                                       *host_alloc, gsim::StatGroup(stats, "host.smmu_driver"),
                                                       "host.smmu_driver");
        host_hw = std::make_unique<lm::HostKernelHw>(*host_drv);
        host = std::make_unique<HostThread>("host", gsim::StatGroup(stats, "host.cpu0"), 0, cached, posted);
        top.attach_agent(*host);
        isr = std::make_unique<HostThread>("host_isr", gsim::StatGroup(stats, "host.isr"), 1, cached, posted);
        isr->bus_out.bind(top.bus().in);
        isr->add_decoupled_range(dram, cfg.map.dram_size);
        isr->body = [this](fw::Cpu& cpu) { isr_loop(cpu); };
        if (cfg.server.in_vm()) {
            build_vms();
        } else {
            build_native();
        }
        host->body = [this](fw::Cpu& cpu) { host_main(cpu); };
    }

    void fail(const std::string& why) {
        if (failure.empty()) failure = why;
    }

    // ---- host kernel ------------------------------------------------------------------
    void host_main(fw::Cpu& c) {
        int rc = host_drv->probe(c);
        if (rc) fail("host SMMU driver probe failed: " + std::to_string(rc));
        if (rc == 0) rc = host_setup(c);
        host_ready_ps = c.now_ps();
        host_ready.raise(c);  // also on failure: the waiting threads then stop
    }

    int host_setup(fw::Cpu& c) {
        int rc = 0;
        if (cfg.server.in_vm()) {
            for (auto& vm : vms) {
                const uint32_t psid = static_cast<uint32_t>(cfg.server.device_psid_base + (&vm - &vms[0]));
                rc = vm->vmm->create(c, vm->ram_hpa,
                                     {fw::vm::VmDevice{psid, static_cast<uint32_t>(cfg.server.device_vsid),
                                                       cfg.server.ats}});
                if (rc) {
                    fail("VM creation failed: " + std::to_string(rc));
                    return rc;
                }
            }
        } else {
            rc = host_domain.setup(c, *host_drv, static_cast<uint32_t>(cfg.server.device_psid_base),
                                   static_cast<uint16_t>(cfg.server.asid));
            if (rc) {
                fail("host DMA domain setup failed: " + std::to_string(rc));
                return rc;
            }
        }
        return 0;
    }

    // The host's threaded CMDQV interrupt handler: VINTF0 errors are fixed in place, a user
    // VINTF's error map goes to its VM as a vEVENT (and the VMM's vEVENTQ reader delivers it).
    void isr_loop(fw::Cpu& c) {
        gsim::sysc::IrqLine* line = top.irq("cmdqv0");
        for (;;) {
            c.sync_global();  // the handler's work is done before it sleeps again
            line->wait_asserted(line->rising_edges());
            c.sync();
            host_drv->handle_cmdqv_irq(c, [this, &c](unsigned vintf, const uint64_t* map) {
                for (auto& vm : vms) {
                    if (!vm->fd->owns_vintf(vintf)) continue;
                    if (vm->fd->report_vevent(vintf, {map[0], map[1]}) == 0) vm->vmm->service_vevents(c);
                }
            });
        }
    }

    // ---- native benchmark -------------------------------------------------------------------
    void build_native() {
        const auto& b = cfg.dma_bench;
        host_domain.alloc = std::make_unique<enc::PhysAllocator>(cfg.map.dram_base + (256ull << 20), 64ull << 20);
        host_domain.ptw = std::make_unique<lm::PtAccessWriter>(host->main_port());
        host_domain.pt = std::make_unique<enc::PageTable>(
            enc::PageTableConfig{enc::Stage::S1, enc::Granule::G4K, 48, 48}, *host_domain.alloc,
            *host_domain.ptw);
        host_domain.info.asid = static_cast<uint16_t>(cfg.server.asid);
        host_domain.info.sid = static_cast<uint32_t>(cfg.server.device_psid_base);
        host_domain.info.ats = cfg.server.ats;
        host_domain.dma = std::make_unique<lm::DmaIommu>(cfg.dma_iommu, *host_drv, host_domain.info,
                                                         *host_domain.pt, 0x1'0000'0000ull, 0x1'0000'0000ull,
                                                         gsim::StatGroup(stats, "host.dma"), "host.dma");
        host_domain.dma->set_pgtable_writer(host_domain.ptw.get());
        fw::workloads::DmaBenchParams bp = b;
        bp.buffer_base = cfg.map.dram_base + (512ull << 20);
        host_bench = std::make_unique<fw::workloads::DmaMapBenchmark>(bp, gsim::StatGroup(stats, "host.bench"));
        if (ftrace) {
            host_replay = std::make_unique<fw::workloads::FtraceReplay>(*ftrace, bp.buffer_base, 64ull << 20,
                                                                        gsim::StatGroup(stats, "host.ftrace"));
        }
        for (unsigned t = 0; t < threads(); ++t) {
            const std::string n = "bench_cpu" + std::to_string(t);
            unsigned cpu = t;
            std::string err;
            if (!cfg.server.bench_cpu(t, cpu, err)) throw ConfigError(err);
            auto th = std::make_unique<HostThread>(n.c_str(), gsim::StatGroup(stats, "host." + n), cpu, cached, posted);
            top.attach_agent(*th);
            th->body = [this, t](fw::Cpu& c) {
                host_ready.wait(c);
                if (!failure.empty()) return;
                if (host_replay) {
                    host_replay->run_cpu(c, *host_domain.dma, t, host_ready_ps);
                } else {
                    host_bench->run_thread(c, *host_domain.dma, t);
                }
            };
            host_bench_threads.push_back(std::move(th));
        }
    }

    // ---- VMs ----------------------------------------------------------------------------------
    void build_vms() {
        const uint64_t ram = cfg.server.vm_ram_mb << 20;
        const uint64_t stride = ram + (4ull << 20);
        for (unsigned i = 0; i < cfg.server.vms; ++i) {
            auto vm = std::make_unique<Vm>();
            const std::string p = "vm" + std::to_string(i);
            vm->ram_hpa = cfg.map.dram_base + (1ull << 30) + stride * i;
            fw::vm::VmLayout& layout = m_layout;
            layout.ram_size = ram;
            vm->gmem = std::make_unique<fw::vm::GuestMemory>((p + "_gmem").c_str(), gsim::StatGroup(stats, p + ".gmem"));
            vm->gmem->out.bind(top.bus().in);
            vm->fd = std::make_unique<fw::iommufd::Iommufd>(*host_hw, vmids, fw::iommufd::IommufdParams{},
                                                            gsim::StatGroup(stats, p + ".iommufd"));
            vm->cmdqv_irq = std::make_unique<gsim::sysc::IrqLine>(p + ".cmdqv");
            vm->evtq_irq = std::make_unique<gsim::sysc::IrqLine>(p + ".evtq");
            vm->vmm = std::make_unique<fw::vm::Vmm>(cfg.vmm, layout, i, *vm->gmem,
                                                    std::make_unique<HostIommuAdapter>(*host_drv, *host_hw),
                                                    *vm->fd, *vm->cmdqv_irq, *vm->evtq_irq,
                                                    gsim::StatGroup(stats, p + ".vmm"), p);
            // Guest kernel: tables and queues in guest RAM, [ram + 16 MiB, +48 MiB).
            auto galloc = std::make_unique<enc::PhysAllocator>(layout.ram_gpa + (16ull << 20), 48ull << 20);
            lm::SmmuDriverParams gp = cfg.guest_driver;
            gp.bypass_vcmdq = cfg.server.path == "trapped";
            vm->gdrv = std::make_unique<lm::ArmSmmuDriver>(gp, layout.smmu_gpa, layout.cmdqv_gpa, *galloc,
                                                           gsim::StatGroup(stats, p + ".guest.smmu_driver"),
                                                           p + ".guest.smmu_driver");
            vm->domain.alloc = std::make_unique<enc::PhysAllocator>(layout.ram_gpa + (64ull << 20), 32ull << 20);
            m_guest_allocs.push_back(std::move(galloc));
            const auto& b = cfg.dma_bench;
            for (unsigned j = 0; j < threads(); ++j) {
                const std::string n = p + "_vcpu" + std::to_string(j);
                const unsigned cpu = static_cast<unsigned>(cfg.server.vcpu_cpu_base + i * threads() + j);
                unsigned guest_cpu = j;
                std::string err;
                if (!ftrace && !cfg.server.bench_cpu(j, guest_cpu, err)) throw ConfigError(err);
                auto v = std::make_unique<fw::vm::Vcpu>(n.c_str(), gsim::StatGroup(stats, p + ".vcpu" + std::to_string(j)),
                                                        cpu, guest_cpu, layout.ram_gpa, ram, cached);
                v->guest_out().bind(vm->gmem->in);
                v->host_out().bind(top.bus().in);
                v->host_port().add_decoupled_range(cfg.map.dram_base, cfg.map.dram_size);
                v->host_port().set_cached_access_cost(cached);
                v->guest_port().set_posted_writes(posted);
                v->host_port().set_posted_writes(posted);
                top.watch(*v);
                vm->vcpus.push_back(std::move(v));
            }
            Vm* raw = vm.get();
            vm->domain.ptw = std::make_unique<lm::PtAccessWriter>(vm->vcpus[0]->guest_port());
            vm->domain.pt = std::make_unique<enc::PageTable>(
                enc::PageTableConfig{enc::Stage::S1, enc::Granule::G4K, 48, 48}, *vm->domain.alloc,
                *vm->domain.ptw);
            vm->domain.info.asid = static_cast<uint16_t>(cfg.server.asid);
            vm->domain.info.sid = static_cast<uint32_t>(cfg.server.device_vsid);
            vm->domain.info.ats = cfg.server.ats;
            vm->domain.dma = std::make_unique<lm::DmaIommu>(cfg.dma_iommu, *vm->gdrv, vm->domain.info,
                                                            *vm->domain.pt, 0x1'0000'0000ull, 0x1'0000'0000ull,
                                                            gsim::StatGroup(stats, p + ".dma"), p + ".dma");
            vm->domain.dma->set_pgtable_writer(vm->domain.ptw.get());
            fw::workloads::DmaBenchParams bp = b;
            bp.buffer_base = layout.ram_gpa + (128ull << 20);
            vm->bench = std::make_unique<fw::workloads::DmaMapBenchmark>(bp, gsim::StatGroup(stats, p + ".bench"));
            if (ftrace) {
                vm->replay = std::make_unique<fw::workloads::FtraceReplay>(*ftrace, bp.buffer_base, 64ull << 20,
                                                                           gsim::StatGroup(stats, p + ".ftrace"));
            }
            for (unsigned j = 0; j < threads(); ++j) {
                raw->vcpus[j]->set_body([this, raw, j](fw::Cpu& g, fw::Cpu&) { vcpu_main(*raw, j, g); });
            }
            // The guest's CMDQV interrupt handler, on a vCPU of its own (not waited for: it
            // serves interrupts until the simulation stops).
            const unsigned isr_idx = threads();
            vm->isr = std::make_unique<fw::vm::Vcpu>((p + "_isr").c_str(), gsim::StatGroup(stats, p + ".isr"),
                                                     static_cast<unsigned>(cfg.server.vcpu_cpu_base + 1000 + i),
                                                     isr_idx, layout.ram_gpa, ram, cached);
            vm->isr->guest_out().bind(vm->gmem->in);
            vm->isr->host_out().bind(top.bus().in);
            vm->isr->host_port().add_decoupled_range(cfg.map.dram_base, cfg.map.dram_size);
            vm->isr->guest_port().set_posted_writes(posted);
            vm->isr->host_port().set_posted_writes(posted);
            vm->isr->set_body([this, raw](fw::Cpu& g, fw::Cpu&) { guest_isr_loop(*raw, g); });
            vms.push_back(std::move(vm));
        }
    }

    // The guest kernel's threaded CMDQV interrupt handler: its VINTF0 (the VM's VINTF seen
    // through the VMM) errors are fixed in place through the passed-through page0.
    void guest_isr_loop(Vm& vm, fw::Cpu& g) {
        host_ready.wait(g);
        vm.guest_ready.wait(g);
        if (!failure.empty()) return;
        gsim::sysc::IrqLine& line = *vm.cmdqv_irq;
        for (;;) {
            g.sync_global();
            line.wait_asserted(line.rising_edges());
            g.sync();
            vm.gdrv->handle_cmdqv_irq(g, [](unsigned, const uint64_t*) {});
        }
    }

    void vcpu_main(Vm& vm, unsigned j, fw::Cpu& g) {
        host_ready.wait(g);
        if (!failure.empty()) return;
        if (j == 0) {
            int rc = vm.gdrv->probe(g);
            if (rc == 0) {
                rc = vm.domain.setup(g, *vm.gdrv, static_cast<uint32_t>(cfg.server.device_vsid),
                                     static_cast<uint16_t>(cfg.server.asid));
            }
            if (rc) fail("guest kernel set-up failed: " + std::to_string(rc));
            vm.ready_ps = g.now_ps();
            vm.guest_ready.raise(g);
        } else {
            vm.guest_ready.wait(g);
        }
        if (!failure.empty()) return;
        if (vm.replay) {
            vm.replay->run_cpu(g, *vm.domain.dma, j, vm.ready_ps);
        } else {
            vm.bench->run_thread(g, *vm.domain.dma, j);
        }
    }

    std::vector<std::unique_ptr<enc::PhysAllocator>> m_guest_allocs;
    fw::vm::VmLayout m_layout;
};

GraceServer::GraceServer(Platform& top, SimConfig& cfg, gsim::Stats& stats,
                         const traces::FtraceTrace* ftrace)
    : m(std::make_unique<Impl>(top, cfg, stats, ftrace)) {}
GraceServer::~GraceServer() = default;

const fw::workloads::DmaMapBenchmark& GraceServer::bench(unsigned vm) const {
    return m->vms.empty() ? *m->host_bench : *m->vms.at(vm)->bench;
}
fw::vm::GuestMemory& GraceServer::guest_memory(unsigned vm) { return *m->vms.at(vm)->gmem; }
lm::ArmSmmuDriver& GraceServer::guest_driver(unsigned vm) { return *m->vms.at(vm)->gdrv; }
lm::ArmSmmuDriver& GraceServer::host_driver() { return *m->host_drv; }
const fw::vm::VmLayout& GraceServer::vm_layout() const { return m->m_layout; }
bool GraceServer::wait_guest_ready(unsigned vm, fw::Cpu& g) {
    m->host_ready.wait(g);
    m->vms.at(vm)->guest_ready.wait(g);
    return m->failure.empty();
}
const fw::workloads::FtraceReplay& GraceServer::ftrace_replay(unsigned vm) const {
    return m->vms.empty() ? *m->host_replay : *m->vms.at(vm)->replay;
}
unsigned GraceServer::benchmarks() const { return m->vms.empty() ? 1u : static_cast<unsigned>(m->vms.size()); }
bool GraceServer::failed() const { return !m->failure.empty(); }
std::string GraceServer::failure() const { return m->failure; }

}  // namespace platform
