// grace-sim tests of firmware/vm: a real platform (SMMU0 + CMDQV0 + DRAM on the bus), one VM
// (GuestMemory, vCPUs, Vmm) over a real Iommufd whose HostHw is a fake that programs the
// CMDQV model through MMIO on the calling thread (VINTF init, SID pairs, LVCMDQ map + BASE)
// and records the main-CMDQ batches; HostIommu is a fake that records the STEs installed.
// Does not implement: the host SMMU driver (main CMDQ is not executed; STEs are not written).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "encoders/commands.h"
#include "iommufd/iommufd.h"
#include "platform_harness.h"
#include "vm/guest_memory.h"
#include "vm/vcpu.h"
#include "vm/vmm.h"

namespace vmtest {

using namespace ptest;
namespace cr = cmdqv::core::regs;
namespace sr = smmu::core::regs;

// The host kernel side the Vmm talks to: HostHw for the iommufd layer, HostIommu for STEs.
class FakeHost final : public fw::iommufd::HostHw, public fw::vm::HostIommu {
public:
    explicit FakeHost(cmdqv::core::CmdqvCore& core) : m_core(core) {}

    // HostIommu
    int install_ste(fw::Cpu& cpu, uint32_t sid, const fw::enc::Ste& ste) override {
        cpu.compute_ns(500);
        stes.push_back({sid, ste});
        return 0;
    }
    void bind_cpu(fw::Cpu* c) override { cpu = c; }

    // HostHw
    int vintf_alloc(unsigned& idx) override {
        for (unsigned v = 1; v < m_core.num_vintfs(); ++v) {
            if (!(used_vintfs & (1ull << v))) {
                used_vintfs |= 1ull << v;
                idx = v;
                return 0;
            }
        }
        return -ENOSPC;
    }
    void vintf_hw_init(unsigned idx, uint16_t vmid, bool hyp_own) override {
        const uint64_t cfg = CMDQV + cr::vintf_block(idx) + cr::VINTF_CONFIG;
        const uint32_t v = static_cast<uint32_t>(cr::VINTF_CONFIG_VMID.make(vmid) |
                                                 cr::VINTF_CONFIG_HYP_OWN.make(hyp_own));
        cpu->write32(cfg, v);
        cpu->write32(cfg, v | 1);
        poll(CMDQV + cr::vintf_block(idx) + cr::VINTF_STATUS);
    }
    void vintf_deinit(unsigned idx) override {
        if (!cpu) return;  // fd closed at the end of the test, outside a thread
        cpu->write32(CMDQV + cr::vintf_block(idx) + cr::VINTF_CONFIG, 0);
    }
    void vintf_free(unsigned idx) override { used_vintfs &= ~(1ull << idx); }
    int sid_pair_alloc(unsigned, unsigned& slot) override {
        slot = next_slot++;
        return 0;
    }
    void sid_pair_program(unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid) override {
        if (!cpu) return;  // fd closed at the end of the test, outside a thread
        cpu->write32(CMDQV + cr::vintf_block(vintf) + cr::VINTF_SID_REPLACE + 4 * slot, psid);
        cpu->write32(CMDQV + cr::vintf_block(vintf) + cr::VINTF_SID_MATCH + 4 * slot, vsid << 1 | 1);
    }
    void sid_pair_clear(unsigned vintf, unsigned slot) override {
        if (!cpu) return;  // fd closed at the end of the test, outside a thread
        cpu->write32(CMDQV + cr::vintf_block(vintf) + cr::VINTF_SID_MATCH + 4 * slot, 0);
        cpu->write32(CMDQV + cr::vintf_block(vintf) + cr::VINTF_SID_REPLACE + 4 * slot, 0);
    }
    int lvcmdq_map_and_program(unsigned vintf, unsigned lidx, uint64_t base_pa,
                               unsigned log2size) override {
        const unsigned q = next_q++;
        const uint32_t a = static_cast<uint32_t>(cr::CMDQ_ALLOC_ALLOCATED.make(1) |
                                                 cr::CMDQ_ALLOC_LVCMDQ.make(lidx) |
                                                 cr::CMDQ_ALLOC_VINTF.make(vintf));
        cpu->write32(CMDQV + cr::CMDQ_ALLOC + 4 * q, a);
        const uint64_t p1 = CMDQV + cr::vintf_page1(vintf) + cr::VCMDQ_STRIDE * lidx;
        const uint64_t base = base_pa | log2size;
        cpu->write32(p1 + cr::VCMDQ_BASE_L, static_cast<uint32_t>(base));
        cpu->write32(p1 + cr::VCMDQ_BASE_H, static_cast<uint32_t>(base >> 32));
        ++queues_programmed;
        return 0;
    }
    void lvcmdq_deinit_and_unmap(unsigned, unsigned) override { ++queues_unmapped; }
    int issue_main_cmdq(const std::vector<smmu::core::Command>& cmds) override {
        if (cpu) cpu->compute_ns(1000);  // stands for TLBI + CMD_SYNC on the host main CMDQ
        main_cmdq_batches.push_back(cmds);
        return 0;
    }
    uint64_t vintf_page0_pa(unsigned idx) override { return CMDQV + cr::vintf_page0(idx); }
    Info info() override {
        Info i;
        i.idr[0] = static_cast<uint32_t>(
            sr::IDR0_S1P.make(1) | sr::IDR0_S2P.make(1) | sr::IDR0_TTF.make(2) |
            sr::IDR0_COHACC.make(1) | sr::IDR0_ATS.make(1) | sr::IDR0_ASID16.make(1) |
            sr::IDR0_MSI.make(1) | sr::IDR0_SEV.make(1) | sr::IDR0_VMID16.make(1) |
            sr::IDR0_CD2L.make(1) | sr::IDR0_ST_LEVEL.make(1) | sr::IDR0_HYP.make(1));
        i.idr[1] = static_cast<uint32_t>(sr::IDR1_CMDQS.make(19) | sr::IDR1_EVENTQS.make(19) |
                                         sr::IDR1_PRIQS.make(19) | sr::IDR1_SIDSIZE.make(16) |
                                         sr::IDR1_SSIDSIZE.make(20));
        i.idr[3] = static_cast<uint32_t>(sr::IDR3_RIL.make(1));
        i.idr[5] = static_cast<uint32_t>(sr::IDR5_OAS.make(5) | sr::IDR5_GRAN4K.make(1) |
                                         sr::IDR5_GRAN64K.make(1));
        i.iidr = 0x0400043b;
        i.aidr = 0x2;
        i.cmdqv_version = 1;
        unsigned l2 = 0;
        while ((1u << l2) < m_core.lvcmdqs_per_vintf()) ++l2;
        i.log2_lvcmdqs_per_vintf = l2;
        i.log2_sids_per_vintf = 4;
        i.num_vintfs = m_core.num_vintfs();
        i.cmdqs_log2 = 19;
        return i;
    }

    struct SteRec {
        uint32_t sid;
        fw::enc::Ste ste;
    };
    std::vector<SteRec> stes;
    std::vector<std::vector<smmu::core::Command>> main_cmdq_batches;
    unsigned queues_programmed = 0, queues_unmapped = 0;
    fw::Cpu* cpu = nullptr;

private:
    void poll(uint64_t addr) {
        for (int i = 0; i < 1000 && !(cpu->read32(addr) & 1); ++i) cpu->compute_ns(100);
    }
    cmdqv::core::CmdqvCore& m_core;
    uint64_t used_vintfs = 1;
    unsigned next_slot = 0;
    unsigned next_q = 8;  // global VCMDQs above the host's
};

// A point in simulated time other threads wait for.
struct Gate {
    bool open = false;
    sc_core::sc_event ev;
    void release(fw::Cpu& c) {
        c.sync_global();  // the notification happens at the kernel's time: make it this CPU's
        open = true;
        ev.notify(sc_core::SC_ZERO_TIME);
    }
    void wait_for(fw::Cpu& c) {
        c.sync();
        while (!open) sc_core::wait(ev);
    }
};

constexpr uint64_t RAM_HPA = DRAM + 0x1000'0000;
constexpr uint32_t PSID = 0x20, VSID = 0x5;

struct World {
    platform::SimConfig cfg;
    gsim::Stats stats;
    std::unique_ptr<platform::Platform> top;
    std::unique_ptr<FakeHost> fake;
    fw::iommufd::VmidPool vmids{1, 255};
    std::unique_ptr<fw::iommufd::Iommufd> fd;
    std::unique_ptr<fw::vm::GuestMemory> gmem;
    gsim::sysc::IrqLine cmdqv_irq{"vm0.cmdqv"}, evtq_irq{"vm0.evtq"};
    fw::vm::VmLayout layout;
    fw::vm::VmmParams params;
    std::unique_ptr<fw::vm::Vmm> vmm;
    std::unique_ptr<ScriptAgent> host;
    std::vector<std::unique_ptr<fw::vm::Vcpu>> vcpus;
    Gate created;
    int create_rc = -1;

    explicit World(unsigned nvcpus, bool ats = false, const fw::vm::VmmParams& p = {}) {
        common_setup();
        params = p;
        top = std::make_unique<platform::Platform>("platform", cfg, stats);
        fake = std::make_unique<FakeHost>(top->cmdqv().core());
        fd = std::make_unique<fw::iommufd::Iommufd>(*fake, vmids);
        gmem = std::make_unique<fw::vm::GuestMemory>("gmem", gsim::StatGroup(stats, "vm0.gmem"));
        gmem->out.bind(top->bus().in);
        // The Vmm owns a HostIommu: a forwarder to the shared fake.
        struct Fwd final : fw::vm::HostIommu {
            FakeHost& f;
            explicit Fwd(FakeHost& x) : f(x) {}
            int install_ste(fw::Cpu& c, uint32_t s, const fw::enc::Ste& e) override {
                return f.install_ste(c, s, e);
            }
            void bind_cpu(fw::Cpu* c) override { f.bind_cpu(c); }
        };
        vmm = std::make_unique<fw::vm::Vmm>(params, layout, 0, *gmem, std::make_unique<Fwd>(*fake),
                                            *fd, cmdqv_irq, evtq_irq,
                                            gsim::StatGroup(stats, "vm0.vmm"), "vm0");
        host = std::make_unique<ScriptAgent>("host", gsim::StatGroup(stats, "host"));
        // Not attach_agent(): the platform would stop the simulation when the host is done.
        host->bus_out.bind(top->bus().in);
        host->add_decoupled_range(cfg.map.dram_base, cfg.map.dram_size);
        for (unsigned i = 0; i < nvcpus; ++i) {
            const std::string n = "vcpu" + std::to_string(i);
            vcpus.push_back(std::make_unique<fw::vm::Vcpu>(n.c_str(), gsim::StatGroup(stats, "vm0." + n),
                                                           10 + i, i, layout.ram_gpa, layout.ram_size));
            vcpus.back()->guest_out().bind(gmem->in);
            vcpus.back()->host_out().bind(top->bus().in);
            vcpus.back()->host_port().add_decoupled_range(cfg.map.dram_base, cfg.map.dram_size);
        }
        host->script = [this, ats](ScriptAgent& a) {
            fw::Cpu c(a, a.main_port(), 0);
            // Host kernel: CMDQV enabled (its bring-up is not under test here).
            c.write32(CMDQV + cr::CONFIG, c.read32(CMDQV + cr::CONFIG) | 1);
            for (int i = 0; i < 100 && !(c.read32(CMDQV + cr::STATUS) & 1); ++i) c.compute_ns(100);
            create_rc = vmm->create(c, RAM_HPA, {fw::vm::VmDevice{PSID, VSID, ats}});
            created.release(c);
            if (host_after) host_after(c);
        };
    }
    // Guest body on vCPU i, started once the VM exists.
    void guest(unsigned i, std::function<void(fw::Cpu&, fw::Cpu&)> body) {
        vcpus.at(i)->set_body([this, body](fw::Cpu& g, fw::Cpu& h) {
            created.wait_for(g);
            body(g, h);
        });
    }
    std::function<void(fw::Cpu&)> host_after;

    void run(sc_core::sc_time limit = sc_core::sc_time(5, sc_core::SC_MS)) {
        gsim::test::advance(limit);
        EXPECT_EQ(create_rc, 0);
        EXPECT_TRUE(host->done());
        EXPECT_FALSE(host->failed()) << host->failure();
        for (auto& v : vcpus) {
            EXPECT_TRUE(v->done()) << v->name();
            EXPECT_FALSE(v->failed()) << v->name() << ": " << v->failure();
        }
    }
    uint64_t stat(const std::string& n) const { return stats.value(n); }
    uint64_t smmu_g(uint64_t off) const { return layout.smmu_gpa + off; }
    uint64_t cmdqv_g(uint64_t off) const { return layout.cmdqv_gpa + off; }
    uint64_t hpa_of(uint64_t gpa) const { return RAM_HPA + (gpa - layout.ram_gpa); }
};

}  // namespace vmtest
