// SystemC tests of the VM model (firmware/vm) on the real platform: guest memory routing, DMI,
// passthrough and stage-2 faults; VM exits (cost, BQL serialisation); the emulated SMMUv3 CMDQ
// (one HWPT_INVALIDATE per command, CONS, CFGI_STE -> nested STE); the emulated CMDQV bring-up
// by a guest (HW_QUEUE_ALLOC, page0 passthrough, HYP_OWN masked); vEVENT delivery to the guest.
#include <gtest/gtest.h>

#include <map>

#include "encoders/mem_port_writer.h"
#include "encoders/ste.h"
#include "vm_world.h"

using namespace vmtest;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {
constexpr uint64_t RING_OFF = 0x10'0000;   // guest CMDQ ring (GPA offset in RAM)
constexpr uint64_t STRTAB_OFF = 0x20'0000; // guest stream table
constexpr uint64_t CD_OFF = 0x30'0000;     // guest CD table
constexpr uint64_t VQ_OFF = 0x40'0000;     // guest VCMDQ rings (4 KiB each)

void write_cmds(fw::Cpu& g, uint64_t ring, unsigned first, const std::vector<smmu::core::Command>& cmds) {
    for (size_t i = 0; i < cmds.size(); ++i) {
        const uint64_t w[2] = {cmds[i].d0, cmds[i].d1};
        g.mem_write(ring + 16 * (first + i), w, 16);
    }
}

void enable_guest_cmdq(World& w, fw::Cpu& g, uint64_t ring) {
    g.write64(w.smmu_g(sr::CMDQ_BASE), ring | 8);
    g.write32(w.smmu_g(sr::CMDQ_PROD), 0);
    g.write32(w.smmu_g(sr::CMDQ_CONS), 0);
    g.write32(w.smmu_g(sr::CR0), 1u << 3);  // CMDQEN
    EXPECT_EQ(g.read32(w.smmu_g(sr::CR0ACK)), 1u << 3);
}
}  // namespace

TEST(GuestMemory, routes_ram_to_host_dram_with_dmi_and_faults_unmapped_gpas) {
    World w(1);
    uint64_t v1 = 0, v2 = 0;
    sc_time dmi_cost;
    fw::Access unmapped = fw::Access::OK;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t gpa = w.layout.ram_gpa + 0x1000;
        g.write64(gpa, 0x1122334455667788ull);
        v1 = g.read64(gpa);
        const sc_time t0 = g.now();
        v2 = g.read64(gpa + 0);
        dmi_cost = g.now() - t0;
        uint64_t x = 0;
        unmapped = g.port().transport(tlm::TLM_READ_COMMAND, 0x100, reinterpret_cast<uint8_t*>(&x), 8);
    });
    w.run();
    EXPECT_EQ(v1, 0x1122334455667788ull);
    EXPECT_EQ(v2, 0x1122334455667788ull);
    // Backing store: the host DRAM chunk at the GPA's offset.
    DramWriter d(w.top->dram(), w.cfg.map.dram_base);
    EXPECT_EQ(d.peek64(RAM_HPA + 0x1000), 0x1122334455667788ull);
    // DMI granted after the first access: only one transaction reached the RAM region.
    EXPECT_EQ(w.stat("vm0.gmem.ram_40000000.accesses"), 1u);
    EXPECT_EQ(dmi_cost, sc_time(1, SC_NS));  // the vCPU's cached access cost
    EXPECT_EQ(unmapped, fw::Access::DECODE_ERROR);
    EXPECT_EQ(w.stat("vm0.gmem.unmapped"), 1u);
}

TEST(GuestMemory, passthrough_region_reaches_the_host_device_without_exit) {
    World w(1);
    uint32_t guest_view = 0, host_view = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu& h) {
        w.gmem->add_passthrough(0x0A00'0000, 0x1'0000, SMMU);  // host SMMU0 page 0
        guest_view = g.read32(0x0A00'0000 + sr::IDR1);
        host_view = h.read32(SMMU + sr::IDR1);
    });
    w.run();
    EXPECT_NE(host_view, 0u);
    EXPECT_EQ(guest_view, host_view);
    EXPECT_EQ(w.stat("vm0.gmem.passthrough_a000000.accesses"), 1u);
    EXPECT_EQ(w.stat("vm0.gmem.passthrough_a000000.exits"), 0u);
    EXPECT_EQ(w.stat("vm0.vmm.exits"), 0u);
}

TEST(GuestMemory, a_passthrough_window_grants_a_register_route_that_times_and_counts_the_same) {
    World w(1);
    const uint64_t win = 0x0A00'0000, reg = win + sr::IDR1;
    std::vector<uint32_t> values;
    std::vector<sc_time> took;
    bool routed_before = true, routed_after = false, emulated_routed = true;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        w.gmem->add_passthrough(win, 0x1'0000, SMMU);  // host SMMU0 page 0
        routed_before = g.port().routed(reg, 4);
        for (int i = 0; i < 3; ++i) {  // the first through the sockets, then through the route
            const sc_time t0 = g.now();
            values.push_back(g.read32(reg));
            took.push_back(g.now() - t0);
        }
        routed_after = g.port().routed(reg, 4);
        g.read32(w.smmu_g(sr::IDR1));  // the emulated SMMU: a VM exit, never a route
        emulated_routed = g.port().routed(w.smmu_g(sr::IDR1), 4);
    });
    w.run();
    EXPECT_FALSE(routed_before);
    EXPECT_TRUE(routed_after);
    EXPECT_FALSE(emulated_routed);
    ASSERT_EQ(values.size(), 3u);
    EXPECT_NE(values[0], 0u);
    EXPECT_EQ(values[1], values[0]);
    EXPECT_EQ(values[2], values[0]);
    EXPECT_EQ(took[1], took[0]);  // hop latencies + register latency, whichever way
    EXPECT_EQ(took[2], took[0]);
    EXPECT_EQ(w.stat("vm0.gmem.passthrough_a000000.accesses"), 3u);  // the window counts all three
}

TEST(GuestMemory, removing_a_passthrough_window_revokes_its_register_routes) {
    World w(1);
    const uint64_t win = 0x0A00'0000, reg = win + sr::IDR1;
    fw::Access before = fw::Access::DECODE_ERROR, after = fw::Access::OK;
    bool routed_after_remove = true;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        w.gmem->add_passthrough(win, 0x1'0000, SMMU);
        uint32_t v = 0;
        g.read32(reg);
        before = g.port().transport(tlm::TLM_READ_COMMAND, reg, reinterpret_cast<uint8_t*>(&v), 4);
        w.gmem->remove(win);
        routed_after_remove = g.port().routed(reg, 4);
        after = g.port().transport(tlm::TLM_READ_COMMAND, reg, reinterpret_cast<uint8_t*>(&v), 4);
    });
    w.run();
    EXPECT_EQ(before, fw::Access::OK);
    EXPECT_FALSE(routed_after_remove);
    EXPECT_EQ(after, fw::Access::DECODE_ERROR);  // a stale route would still reach the SMMU
    EXPECT_EQ(w.stat("vm0.gmem.unmapped"), 1u);
}

TEST(GuestMemory, a_window_added_where_a_route_was_refused_is_routed) {
    World w(1);
    const uint64_t win = 0x0A00'0000, reg = win + sr::IDR1;
    fw::Access unmapped = fw::Access::OK;
    bool routed_after_add = false;
    uint32_t v = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        unmapped = g.port().transport(tlm::TLM_READ_COMMAND, reg, reinterpret_cast<uint8_t*>(&v), 4);
        w.gmem->add_passthrough(win, 0x1'0000, SMMU);
        v = g.read32(reg);
        routed_after_add = g.port().routed(reg, 4);  // the refusal did not outlive the window's arrival
    });
    w.run();
    EXPECT_EQ(unmapped, fw::Access::DECODE_ERROR);
    EXPECT_NE(v, 0u);
    EXPECT_TRUE(routed_after_add);
}

TEST(Vmm, emulated_register_read_costs_exit_plus_handler_under_the_bql) {
    World w(1);
    sc_time dt;
    uint32_t idr0 = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        g.sync();
        const sc_time t0 = g.now();
        idr0 = g.read32(w.smmu_g(sr::IDR0));
        dt = g.now() - t0;
    });
    w.run();
    EXPECT_EQ(dt, sc_time(w.params.exit_ns + w.params.emulate_reg_ns, SC_NS));
    // Guest IDR0: stage 1 only, no MSI/SEV/HYP; host ATS kept.
    EXPECT_EQ(sr::IDR0_S1P.get(idr0), 1u);
    EXPECT_EQ(sr::IDR0_S2P.get(idr0), 0u);
    EXPECT_EQ(sr::IDR0_MSI.get(idr0), 0u);
    EXPECT_EQ(sr::IDR0_SEV.get(idr0), 0u);
    EXPECT_EQ(sr::IDR0_HYP.get(idr0), 0u);
    EXPECT_EQ(sr::IDR0_ATS.get(idr0), 1u);
    EXPECT_EQ(w.stat("vm0.vmm.exits"), 1u);
    EXPECT_EQ(w.stat("vm0.vmm.bql.acquisitions"), 1u);
    EXPECT_EQ(w.stat("vm0.gmem.vm0.smmu.exits"), 1u);
}

TEST(Vmm, two_vcpus_exiting_at_once_serialise_on_the_bql) {
    World w(2);
    sc_time dt[2];
    for (unsigned i = 0; i < 2; ++i) {
        w.guest(i, [&, i](fw::Cpu& g, fw::Cpu&) {
            g.sync();
            const sc_time t0 = g.now();
            g.read32(w.smmu_g(sr::IDR1));
            dt[i] = g.now() - t0;
        });
    }
    w.run();
    const sc_time one(w.params.exit_ns + w.params.emulate_reg_ns, SC_NS);
    const sc_time fast = std::min(dt[0], dt[1]), slow = std::max(dt[0], dt[1]);
    EXPECT_EQ(fast, one);
    // The second waits for the first's handler, then pays the futex wake-up.
    EXPECT_EQ(slow, one + sc_time(w.params.emulate_reg_ns + w.params.bql_wakeup_ns, SC_NS));
    EXPECT_EQ(w.stat("vm0.vmm.bql.contended"), 1u);
}

TEST(Vmm, guest_cmdq_prod_forwards_one_hwpt_invalidate_per_command_and_advances_cons) {
    World w(1);
    uint32_t cons = 0;
    sc_time dt;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t ring = w.layout.ram_gpa + RING_OFF;
        enable_guest_cmdq(w, g, ring);
        write_cmds(g, ring, 0,
                   {fw::enc::tlbi_nh_va(0, 7, 0x1000, true), fw::enc::tlbi_nh_va(0, 7, 0x2000, true),
                    fw::enc::tlbi_nh_asid(0, 7), fw::enc::cmd_sync()});
        g.sync();
        const sc_time t0 = g.now();
        g.write32(w.smmu_g(sr::CMDQ_PROD), 4);
        dt = g.now() - t0;
        cons = g.read32(w.smmu_g(sr::CMDQ_CONS));
    });
    w.run();
    EXPECT_EQ(cons, 4u);
    ASSERT_EQ(w.fake->main_cmdq_batches.size(), 3u);  // CMD_SYNC handled locally
    for (const auto& b : w.fake->main_cmdq_batches) {
        ASSERT_EQ(b.size(), 1u);
        EXPECT_EQ(b[0].vmid(), w.vmm->vmid());  // VMID forced by the host
    }
    EXPECT_EQ(w.fake->main_cmdq_batches[2][0].op(), smmu::core::CMD_TLBI_NH_ASID);
    EXPECT_EQ(w.stat("vm0.vmm.cmdq.forwarded"), 3u);
    EXPECT_EQ(w.stat("vm0.vmm.cmdq.cmd_sync"), 1u);
    // The PROD write costs the exit, 4 decodes and 3 ioctls each waiting for the host CMDQ.
    const double expect_ns = w.params.exit_ns + w.params.emulate_reg_ns + 4 * w.params.cmd_decode_ns +
                             3 * (w.params.ioctl_ns + w.params.ioctl_per_cmd_ns + 1000);
    EXPECT_GE(dt, sc_time(expect_ns, SC_NS));
    EXPECT_LT(dt, sc_time(expect_ns + 1000, SC_NS));  // plus 4 cached ring reads
}

TEST(Vmm, batch_parameter_groups_commands_per_ioctl) {
    fw::vm::VmmParams p;
    p.batch = 8;
    World w(1, false, p);
    uint32_t cons = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t ring = w.layout.ram_gpa + RING_OFF;
        enable_guest_cmdq(w, g, ring);
        write_cmds(g, ring, 0,
                   {fw::enc::tlbi_nh_va(0, 7, 0x1000, true), fw::enc::tlbi_nh_va(0, 7, 0x2000, true),
                    fw::enc::tlbi_nh_va(0, 7, 0x3000, true), fw::enc::cmd_sync()});
        g.write32(w.smmu_g(sr::CMDQ_PROD), 4);
        cons = g.read32(w.smmu_g(sr::CMDQ_CONS));
    });
    w.run();
    EXPECT_EQ(cons, 4u);
    ASSERT_EQ(w.fake->main_cmdq_batches.size(), 1u);
    EXPECT_EQ(w.fake->main_cmdq_batches[0].size(), 3u);
}

TEST(Vmm, cfgi_ste_installs_a_nested_ste_for_the_physical_sid) {
    World w(1);
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t st = w.layout.ram_gpa + STRTAB_OFF, cd = w.layout.ram_gpa + CD_OFF;
        fw::enc::MemPortWriter mem(g.mem_port());
        const fw::enc::Ste ste = fw::enc::SteBuilder()
                                     .valid()
                                     .config(fw::enc::STE_CFG_S1_TRANS)
                                     .s1_cd_table(cd, fw::enc::S1FMT_LINEAR, 3)
                                     .s1_dss(fw::enc::S1DSS_SSID0)
                                     .build();
        for (unsigned i = 0; i < 8; ++i) mem.write64(st + VSID * 64 + 8 * i, ste[i]);
        g.write64(w.smmu_g(sr::STRTAB_BASE), st);
        g.write32(w.smmu_g(sr::STRTAB_BASE_CFG), 5);  // linear, 32 STEs
        const uint64_t ring = w.layout.ram_gpa + RING_OFF;
        enable_guest_cmdq(w, g, ring);
        write_cmds(g, ring, 0, {fw::enc::cfgi_ste(VSID, true), fw::enc::cmd_sync()});
        g.write32(w.smmu_g(sr::CMDQ_PROD), 2);
        EXPECT_EQ(g.read32(w.smmu_g(sr::CMDQ_CONS)), 2u);
    });
    w.run();
    ASSERT_EQ(w.fake->stes.size(), 2u);  // S2-only at create, nested on CFGI_STE
    namespace sf = fw::enc::ste_field;
    const auto& s2only = w.fake->stes[0];
    EXPECT_EQ(s2only.sid, PSID);
    EXPECT_EQ(sf::STE0_CONFIG.get(s2only.ste[0]), fw::enc::STE_CFG_S2_TRANS);
    const auto& n = w.fake->stes[1];
    EXPECT_EQ(n.sid, PSID);
    EXPECT_EQ(sf::STE0_V.get(n.ste[0]), 1u);
    EXPECT_EQ(sf::STE0_CONFIG.get(n.ste[0]), fw::enc::STE_CFG_NESTED);
    EXPECT_EQ(n.ste[0] & sf::STE0_S1CONTEXTPTR_MASK, w.layout.ram_gpa + CD_OFF);  // an IPA
    EXPECT_EQ(sf::STE0_S1CDMAX.get(n.ste[0]), 3u);
    EXPECT_EQ(sf::STE0_S1FMT.get(n.ste[0]), fw::enc::S1FMT_LINEAR);
    EXPECT_EQ(sf::STE1_S1DSS.get(n.ste[1]), fw::enc::S1DSS_SSID0);
    EXPECT_EQ(sf::STE2_S2VMID.get(n.ste[2]), w.vmm->vmid());
    EXPECT_NE(w.vmm->vmid(), 0u);
    // Same stage 2 as the nest parent: S2TTB in host DRAM right after guest RAM.
    EXPECT_EQ(n.ste[3] & sf::STE3_S2TTB_MASK, s2only.ste[3] & sf::STE3_S2TTB_MASK);
    EXPECT_GE(n.ste[3] & sf::STE3_S2TTB_MASK, RAM_HPA + w.layout.ram_size);
    EXPECT_EQ(w.stat("vm0.vmm.cmdq.cfgi_ste"), 1u);
}

TEST(Vmm, guest_cmdqv_bring_up_allocates_hw_queues_and_passes_page0_through) {
    World w(1);
    uint32_t vintf_cfg = 0, param = 0;
    bool q_enabled = false;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        param = g.read32(w.cmdqv_g(cr::PARAM));
        g.write32(w.cmdqv_g(cr::CONFIG), g.read32(w.cmdqv_g(cr::CONFIG)) | 1);
        EXPECT_EQ(g.read32(w.cmdqv_g(cr::STATUS)) & 1, 1u);
        const unsigned nlv = 1u << cr::PARAM_NUM_VCMDQ_LOG2.get(param);
        for (unsigned q = 0; q < nlv; ++q)  // pre-assign VCMDQ q -> VINTF0 LVCMDQ q
            g.write32(w.cmdqv_g(cr::CMDQ_ALLOC + 4 * q), static_cast<uint32_t>(cr::CMDQ_ALLOC_LVCMDQ.make(q)));
        const uint64_t vcfg = w.cmdqv_g(cr::vintf_block(0) + cr::VINTF_CONFIG);
        g.write32(vcfg, static_cast<uint32_t>(cr::VINTF_CONFIG_HYP_OWN.make(1) | 1));
        EXPECT_EQ(g.read32(w.cmdqv_g(cr::vintf_block(0) + cr::VINTF_STATUS)) & 1, 1u);
        vintf_cfg = g.read32(vcfg);
        for (unsigned l = 0; l < nlv; ++l) {
            const uint64_t p0 = w.cmdqv_g(cr::vintf_page0(0) + cr::VCMDQ_STRIDE * l);
            const uint64_t p1 = w.cmdqv_g(cr::vintf_page1(0) + cr::VCMDQ_STRIDE * l);
            const uint32_t a = g.read32(w.cmdqv_g(cr::CMDQ_ALLOC + 4 * l));
            g.write32(w.cmdqv_g(cr::CMDQ_ALLOC + 4 * l), a | 1);  // map
            g.write32(p0 + cr::VCMDQ_CONFIG, 0);                  // deinit
            g.write32(p0 + cr::VCMDQ_PROD, 0);
            g.write32(p0 + cr::VCMDQ_CONS, 0);
            g.write64(p1 + cr::VCMDQ_BASE_L, 0);
            g.write64(p1 + cr::VCMDQ_BASE_L, (w.layout.ram_gpa + VQ_OFF + 0x1000 * l) | 8);
            g.write32(p0 + cr::VCMDQ_CONFIG, 1);  // direct HW access now
            for (int i = 0; i < 100 && !(g.read32(p0 + cr::VCMDQ_STATUS) & 1); ++i) g.compute_ns(100);
            if (l == 0) q_enabled = (g.read32(p0 + cr::VCMDQ_STATUS) & 1) != 0;
        }
    });
    w.run();
    EXPECT_EQ(cr::PARAM_NUM_VINTF_LOG2.get(param), 0u);
    EXPECT_EQ(cr::VINTF_CONFIG_HYP_OWN.get(vintf_cfg), 0u);  // masked: guest is restricted
    EXPECT_EQ(cr::VINTF_CONFIG_EN.get(vintf_cfg), 1u);
    EXPECT_TRUE(w.vmm->vintf_page0_passthrough());
    EXPECT_EQ(w.vmm->vintf_page0_hpa(), CMDQV + cr::vintf_page0(1));
    EXPECT_EQ(w.stat("vm0.vmm.cmdqv.hw_queue_allocs"), 2u);
    EXPECT_EQ(w.fake->queues_programmed, 2u);
    // The physical VCMDQ behind VINTF1 LVCMDQ0: BASE = host PA of the guest ring, enabled.
    auto& core = w.top->cmdqv().core();
    const int q = core.mapped_vcmdq(1, 0);
    ASSERT_GE(q, 0);
    const uint64_t base = core.vcmdq_regs(unsigned(q)).read_page1(cr::VCMDQ_BASE_L) |
                          uint64_t{core.vcmdq_regs(unsigned(q)).read_page1(cr::VCMDQ_BASE_H)} << 32;
    EXPECT_EQ(base, w.hpa_of(w.layout.ram_gpa + VQ_OFF) | 8);
    EXPECT_TRUE(q_enabled);
    EXPECT_GT(w.stat("vm0.gmem.passthrough_9130000.accesses"), 0u);
}

TEST(Vmm, vevent_reaches_the_guest_error_maps_and_interrupt) {
    World w(1);
    Gate alloc_done, serviced;
    uint32_t lv = 0, cq = 0, vi = 0;
    unsigned delivered = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        g.write32(w.cmdqv_g(cr::CMDQ_ALLOC + 4 * 1),
                  static_cast<uint32_t>(cr::CMDQ_ALLOC_LVCMDQ.make(1) | 1));  // VCMDQ1 -> LVCMDQ1
        alloc_done.release(g);
        serviced.wait_for(g);
        lv = g.read32(w.cmdqv_g(cr::vintf_block(0) + cr::VINTF_LVCMDQ_ERR_MAP));
        cq = g.read32(w.cmdqv_g(cr::CMDQ_ERR_MAP));
        vi = g.read32(w.cmdqv_g(cr::VINTF_ERR_MAP));
    });
    w.host_after = [&](fw::Cpu& h) {
        alloc_done.wait_for(h);
        EXPECT_EQ(w.fd->report_vevent(1, {0x2, 0}), 0);  // the host ISR: LVCMDQ1 of VINTF1
        delivered = w.vmm->service_vevents(h);
        serviced.release(h);
    };
    w.run();
    EXPECT_EQ(delivered, 1u);
    EXPECT_EQ(lv, 0x2u);
    EXPECT_EQ(cq, 0x2u);
    EXPECT_EQ(vi, 0x1u);
    EXPECT_EQ(w.cmdqv_irq.rising_edges(), 1u);
    EXPECT_EQ(w.stat("vm0.vmm.cmdqv.vevents"), 1u);
}

TEST(Vmm, destroy_releases_every_iommufd_object_in_dependency_order) {
    World w(1);
    w.host_after = [&](fw::Cpu& h) { w.vmm->destroy(h); };
    w.run();
    EXPECT_EQ(w.fd->object_count(), 0u);
    EXPECT_EQ(w.fd->mmap_count(), 0u);
    EXPECT_EQ(w.gmem->region_count(), 1u);  // guest RAM stays
    ASSERT_FALSE(w.fake->stes.empty());
    namespace sf = fw::enc::ste_field;
    EXPECT_EQ(sf::STE0_CONFIG.get(w.fake->stes.back().ste[0]), fw::enc::STE_CFG_ABORT);
}

TEST(Vmm, rejected_forwarded_command_sets_cons_err_and_gerror_until_acknowledged) {
    World w(1);
    uint32_t cons_err = 0, gerror = 0, cons_after = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t ring = w.layout.ram_gpa + RING_OFF;
        enable_guest_cmdq(w, g, ring);
        // ATC_INV for a vSID the VM does not own: the host returns EIO.
        write_cmds(g, ring, 0, {fw::enc::atc_inv(0x77, 0, false, 0, 0), fw::enc::cmd_sync()});
        g.write32(w.smmu_g(sr::CMDQ_PROD), 2);
        cons_err = g.read32(w.smmu_g(sr::CMDQ_CONS));
        gerror = g.read32(w.smmu_g(sr::GERROR));
        // Guest recovery: replace the bad command with a CMD_SYNC, acknowledge, kick again.
        write_cmds(g, ring, 0, {fw::enc::cmd_sync()});
        g.write32(w.smmu_g(sr::GERRORN), gerror);
        g.write32(w.smmu_g(sr::CMDQ_PROD), 2);
        cons_after = g.read32(w.smmu_g(sr::CMDQ_CONS));
    });
    w.run();
    EXPECT_EQ(sr::CMDQ_CONS_ERR.get(cons_err), static_cast<uint64_t>(smmu::core::CError::ILL));
    EXPECT_EQ(cons_err & 0xfffff, 0u);  // stopped at the bad command
    EXPECT_EQ(gerror & 1u, 1u);         // GERROR.CMDQ_ERR active
    EXPECT_EQ(cons_after, 2u);
    EXPECT_TRUE(w.fake->main_cmdq_batches.empty());
    EXPECT_EQ(w.stat("vm0.vmm.cmdq.errors"), 1u);
}

TEST(Vmm, failed_hw_queue_alloc_sets_cmdq_init_err_and_keeps_page0_emulated) {
    World w(1);
    uint32_t gerror = 0;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        g.write32(w.cmdqv_g(cr::CONFIG), 1);
        g.write32(w.cmdqv_g(cr::CMDQ_ALLOC), 1);  // VCMDQ0 -> VINTF0 LVCMDQ0, allocated
        g.write32(w.cmdqv_g(cr::vintf_block(0) + cr::VINTF_CONFIG), 1);
        // A 4 KiB ring that is not aligned to its size: the host rejects it (EINVAL).
        g.write64(w.cmdqv_g(cr::vintf_page1(0) + cr::VCMDQ_BASE_L), (w.layout.ram_gpa + VQ_OFF + 0x100) | 8);
        gerror = g.read32(w.cmdqv_g(cr::vintf_page0(0) + cr::VCMDQ_GERROR));
    });
    w.run();
    EXPECT_EQ(gerror, cr::GERROR_CMDQ_INIT_ERR);
    EXPECT_FALSE(w.vmm->vintf_page0_passthrough());
    EXPECT_EQ(w.stat("vm0.vmm.cmdqv.hw_queue_alloc_fails"), 1u);
    EXPECT_EQ(w.stat("vm0.vmm.cmdqv.hw_queue_allocs"), 0u);
    EXPECT_EQ(w.fake->queues_programmed, 0u);
}

TEST(VmmParams, visit_declares_every_cost_with_unit_and_provenance) {
    struct Rec final : gsim::ParamVisitor {
        std::map<std::string, gsim::Param> seen;
        void u64(const char* k, uint64_t&, const gsim::Param& p) override { seen[k] = p; }
        void f64(const char* k, double&, const gsim::Param& p) override { seen[k] = p; }
        void flag(const char* k, bool&, const gsim::Param& p) override { seen[k] = p; }
        void str(const char* k, std::string&, const gsim::Param& p) override { seen[k] = p; }
        void choice(const char* k, std::string&, std::vector<std::string>, const gsim::Param& p) override {
            seen[k] = p;
        }
    } r;
    fw::vm::VmmParams p;
    p.visit(r);
    EXPECT_EQ(r.seen.size(), 7u);
    for (const char* k : {"exit_ns", "bql_wakeup_ns", "emulate_reg_ns", "cmd_decode_ns", "ioctl_ns",
                          "ioctl_per_cmd_ns", "batch"}) {
        ASSERT_TRUE(r.seen.count(k)) << k;
        EXPECT_STRNE(r.seen[k].unit, "") << k;
        EXPECT_STRNE(r.seen[k].source, "") << k;
        EXPECT_STRNE(r.seen[k].help, "") << k;
    }
    EXPECT_EQ(r.seen["batch"].min, 1u);
}

TEST(Vmm, cons_read_of_another_vcpu_waits_for_the_whole_consumption_under_the_bql) {
    World w(2);
    sc_time prod_done, cons_start, cons_done;
    uint32_t cons = 0;
    Gate ready;
    w.guest(0, [&](fw::Cpu& g, fw::Cpu&) {
        const uint64_t ring = w.layout.ram_gpa + RING_OFF;
        enable_guest_cmdq(w, g, ring);
        write_cmds(g, ring, 0,
                   {fw::enc::tlbi_nh_va(0, 7, 0x1000, true), fw::enc::tlbi_nh_va(0, 7, 0x2000, true),
                    fw::enc::tlbi_nh_va(0, 7, 0x3000, true), fw::enc::cmd_sync()});
        ready.release(g);
        g.write32(w.smmu_g(sr::CMDQ_PROD), 4);
        prod_done = g.now();
    });
    w.guest(1, [&](fw::Cpu& g, fw::Cpu&) {
        ready.wait_for(g);
        g.compute_ns(2000);  // exits while vCPU0 holds the BQL inside the consumption
        g.sync();
        cons_start = g.now();
        cons = g.read32(w.smmu_g(sr::CMDQ_CONS));
        cons_done = g.now();
    });
    w.run();
    EXPECT_EQ(cons, 4u);  // it saw the end of vCPU0's batch, not a partial CONS
    EXPECT_GT(cons_done, prod_done - sc_time(w.params.exit_ns / 2, SC_NS));
    EXPECT_GT(cons_done - cons_start, sc_time(3 * w.params.ioctl_ns, SC_NS));
    EXPECT_EQ(w.stat("vm0.vmm.bql.contended"), 1u);
}
