// Platform-level SystemC tests of SMMU0 (issue 3 item 11): a host agent drives the SMMU only
// through MMIO at 0x1100_0000 and DRAM at 0x8000_0000, as Linux would, and a device DMA master
// sends StreamID-tagged transactions through the SMMU's upstream port.
// Covered: bring-up with CR0ACK polling (2-level stream table, CMDQ, EVTQ), CMD_SYNC completion
// and latency, CMD_SYNC MSI, S1 translation, F_TRANSLATION event record and EVTQ interrupt,
// TLB caching and TLBI_NH_VA, CERROR_ILL + GERROR recovery, GBPA abort, EVTQ overflow, 32/64-bit
// register accesses. Not covered here: stage 2 / nested, PRI, ATS (see the CMDQV tests for ATC_INV).
#include <gtest/gtest.h>

#include "smmu_bench.h"

using namespace ptest;
namespace r = smmu::core::regs;
using fw::enc::cmd_sync;

namespace {

constexpr unsigned CMDQ_LOG2 = 8;
constexpr unsigned EVTQ_LOG2 = 7;
constexpr uint32_t IRQ_GERROR_EVENTQ = 0x5;  // GERROR_IRQEN | EVENTQ_IRQEN

// Bench + driver with queues allocated; bring_up() must be called by the agent.
struct Host {
    Bench b;
    uint64_t cmdq_pa, evtq_pa;
    explicit Host(unsigned cmdq_log2 = CMDQ_LOG2, unsigned evtq_log2 = EVTQ_LOG2)
        : b(1),
          cmdq_pa(b.alloc_queue(cmdq_log2, 16)),
          evtq_pa(b.alloc_queue(evtq_log2, 32)),
          cmdq_log2_(cmdq_log2),
          evtq_log2_(evtq_log2) {}
    SmmuDriver driver(ScriptAgent& a) { return SmmuDriver(a, cmdq_pa, cmdq_log2_, evtq_pa, evtq_log2_); }
    bool bring_up(SmmuDriver& d, uint32_t irq_ctrl = IRQ_GERROR_EVENTQ, uint64_t msi = 0, uint32_t data = 0) {
        return d.bring_up(b.st->strtab_base(), b.st->strtab_base_cfg(), irq_ctrl, msi, data);
    }
    unsigned cmdq_log2_, evtq_log2_;
};

}  // namespace

TEST(SmmuPlatform, bring_up_reads_id_registers_and_enables_through_cr0ack) {
    Host h;
    uint32_t idr0 = 0, idr1 = 0, idr5 = 0, cr0ack = 0, gerror = 0, cons = 0, prod = 0;
    uint64_t strtab = 0;
    uint32_t strtab_cfg = 0;
    bool ok = false;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        idr0 = d.r32(r::IDR0);
        idr1 = d.r32(r::IDR1);
        idr5 = d.r32(r::IDR5);
        ok = h.bring_up(d);
        cr0ack = d.r32(r::CR0ACK);
        gerror = d.r32(r::GERROR);
        cons = d.r32(r::CMDQ_CONS);
        prod = d.prod;
        strtab = d.r64(r::STRTAB_BASE);
        strtab_cfg = d.r32(r::STRTAB_BASE_CFG);
    };
    h.b.run();
    ASSERT_TRUE(ok);
    EXPECT_EQ(idr0 & 0x3u, 0x3u);              // S1P and S2P
    EXPECT_EQ((idr0 >> 27) & 0x3u, 1u);        // ST_LEVEL: 2-level stream table
    EXPECT_EQ(idr0 & (1u << 13), 1u << 13);    // MSI
    EXPECT_EQ(idr1 & 0x3Fu, 16u);              // SIDSIZE
    EXPECT_EQ((idr1 >> 21) & 0x1Fu, 19u);      // CMDQS
    EXPECT_EQ(idr5 & 0x7u, 5u);                // OAS 48 bits
    EXPECT_EQ(cr0ack, 0xDu);                   // SMMUEN | EVENTQEN | CMDQEN
    EXPECT_EQ(gerror, 0u);
    EXPECT_EQ(cons, prod);
    EXPECT_EQ(prod, 4u);  // CFGI_ALL, TLBI_EL2_ALL, TLBI_NSNH_ALL, CMD_SYNC
    EXPECT_EQ(strtab, h.b.st->strtab_base());
    EXPECT_EQ((strtab_cfg >> 16) & 0x3u, 1u);  // FMT = 2-level
    EXPECT_EQ((strtab_cfg >> 6) & 0x1Fu, 8u);  // SPLIT
}

TEST(SmmuPlatform, cmd_sync_completion_is_observed_by_polling_cmdq_cons_with_bounded_latency) {
    Host h;
    sc_time t_submit, t_done;
    uint32_t cons = 0, prod = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        d.write({fw::enc::tlbi_nh_asid(0, 1), cmd_sync()});
        a.sync();
        t_submit = a.local_time();  // doorbell -> CONS past the CMD_SYNC
        d.ring();
        cons = d.poll_cons(sc_time(100, SC_US), sc_time(5, SC_NS));
        t_done = a.local_time();
        prod = d.prod;
    };
    h.b.run();
    EXPECT_EQ(cons, prod);
    const sc_time lat = t_done - t_submit;
    EXPECT_GT(lat, sc_time(50, SC_NS));  // at least a queue fetch from DRAM (100 ns model)
    EXPECT_LT(lat, sc_time(5, SC_US));
    const auto* hs = h.b.hist("platform.smmu0.cmd_sync_latency");
    ASSERT_NE(hs, nullptr);
    EXPECT_EQ(hs->count(), 2u);  // bring-up sync + this one
    EXPECT_GT(hs->min(), 0u);
    EXPECT_LT(hs->max(), 5'000'000u);  // ps
}

TEST(SmmuPlatform, cmd_sync_with_cs_irq_writes_its_msi_to_the_doorbell) {
    Host h;
    uint32_t cons = 0, prod = 0;
    sc_time t_submit;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        a.sync();
        t_submit = a.local_time();
        d.submit({cmd_sync(smmu::core::CS_IRQ, MSI + 0x40, 0xC0DE1234)});
        cons = d.poll_cons();
        prod = d.prod;
        a.compute(sc_time(2, SC_US));
        a.sync();
    };
    h.b.run();
    EXPECT_EQ(cons, prod);
    const auto& recs = h.b.top->msi().records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].addr, MSI + 0x40);
    EXPECT_EQ(recs[0].data, 0xC0DE1234u);
    EXPECT_GT(recs[0].time_ps, uint64_t(t_submit.value()));
    EXPECT_EQ(h.b.top->irq("smmu0.cmdq_sync")->rising_edges(), 1u);  // wired line pulsed too
}

TEST(SmmuPlatform, stage1_translation_sends_device_dma_to_the_mapped_pa) {
    Host h;
    S1Domain& dom = h.b.add_s1_domain(0x123, 5, 1);
    h.b.map(dom, IOVA, DATA_PA + 0x3000);
    h.b.fill_page(DATA_PA + 0x3000, 0x40);
    h.b.fill_page(DATA_PA, 0x90);  // identity of the IOVA offset would hit this
    std::vector<uint8_t> rd(64), wr(64, 0xA5);
    tlm::tlm_response_status s_rd = tlm::TLM_INCOMPLETE_RESPONSE, s_wr = s_rd;
    sc_time lat_miss, lat_hit;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        s_rd = h.b.dma(a, 0x123, IOVA + 0x80, rd, false, &lat_miss);
        s_wr = h.b.dma(a, 0x123, IOVA + 0x200, wr, true, &lat_hit);
    };
    h.b.run();
    EXPECT_EQ(s_rd, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(s_wr, tlm::TLM_OK_RESPONSE);
    for (size_t i = 0; i < rd.size(); ++i) ASSERT_EQ(rd[i], uint8_t(0x40 + 0x80 + i)) << i;
    std::vector<uint8_t> back(64);
    h.b.mem->read_bytes(DATA_PA + 0x3200, back.data(), 64);
    EXPECT_EQ(back, wr);
    EXPECT_GT(lat_miss, lat_hit);  // the first access walked the tables, the second hit the TLB
}

TEST(SmmuPlatform, dma_to_unmapped_iova_aborts_and_records_f_translation) {
    Host h;
    h.b.add_s1_domain(0x123, 5, 1);
    std::vector<uint8_t> rd(16);
    tlm::tlm_response_status s = tlm::TLM_OK_RESPONSE;
    uint64_t rec[4] = {};
    bool got = false, second = true;
    uint32_t gerror = 1;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d, IRQ_GERROR_EVENTQ, MSI + 0x80, 0x77)) return;
        s = h.b.dma(a, 0x123, IOVA + 0x5008, rd, false);
        a.compute(sc_time(2, SC_US));
        got = d.pop_event(rec);
        uint64_t more[4];
        second = d.pop_event(more);
        gerror = d.r32(r::GERROR);
    };
    h.b.run();
    EXPECT_NE(s, tlm::TLM_OK_RESPONSE);
    ASSERT_TRUE(got);
    EXPECT_FALSE(second);
    EXPECT_EQ(rec[0] & 0xFF, 0x10u);                  // F_TRANSLATION
    EXPECT_EQ(rec[0] >> 32, 0x123u);                  // StreamID
    EXPECT_EQ((rec[0] >> 11) & 1, 0u);                // SSV
    EXPECT_EQ((rec[1] >> 35) & 1, 1u);                // RnW = read
    EXPECT_EQ((rec[1] >> 39) & 1, 0u);                // not a stage-2 fault
    EXPECT_EQ(rec[2], IOVA + 0x5008);                 // InputAddr
    EXPECT_EQ((rec[1] >> 40) & 3, 2u);                // CLASS = IN (input address)
    EXPECT_EQ((rec[1] >> 33) & 3, 0u);                // PnU, InD: unprivileged data access
    EXPECT_EQ(gerror, 0u);
    EXPECT_EQ(h.b.top->irq("smmu0.eventq")->rising_edges(), 1u);
    ASSERT_EQ(h.b.top->msi().records().size(), 1u);
    EXPECT_EQ(h.b.top->msi().records()[0].addr, MSI + 0x80);
    EXPECT_EQ(h.b.top->msi().records()[0].data, 0x77u);
}

TEST(SmmuPlatform, eventq_interrupt_is_not_signalled_when_irq_ctrl_disables_it) {
    Host h;
    h.b.add_s1_domain(0x123, 5, 1);
    std::vector<uint8_t> rd(16);
    bool got = false;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d, 0x1 /* GERROR only */, MSI + 0x80, 0x77)) return;
        h.b.dma(a, 0x123, IOVA, rd, true);
        a.compute(sc_time(2, SC_US));
        uint64_t rec[4];
        got = d.pop_event(rec);
    };
    h.b.run();
    EXPECT_TRUE(got);  // the record is still written
    EXPECT_EQ(h.b.top->irq("smmu0.eventq")->rising_edges(), 0u);
    EXPECT_TRUE(h.b.top->msi().records().empty());
}

TEST(SmmuPlatform, tlb_caches_translations_until_tlbi_nh_va_and_cmd_sync) {
    Host h;
    S1Domain& dom = h.b.add_s1_domain(0x40, 7, 3);
    h.b.map(dom, IOVA, DATA_PA + 0x1000);
    h.b.fill_page(DATA_PA + 0x1000, 0x11);
    h.b.fill_page(DATA_PA + 0x2000, 0x22);
    std::vector<uint8_t> first(8), stale(8), fresh(8);
    uint32_t cons = 0, prod = 1;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        h.b.dma(a, 0x40, IOVA, first);
        // Remap the page in memory (as a kernel would before its TLBI).
        auto res = dom.pt->unmap(IOVA, 4096);
        EXPECT_EQ(res.leaves_cleared, 1u);
        h.b.map(dom, IOVA, DATA_PA + 0x2000);
        a.compute(sc_time(1, SC_US));
        h.b.dma(a, 0x40, IOVA, stale);
        d.submit({fw::enc::tlbi_nh_va(3, 7, IOVA, true), cmd_sync()});
        cons = d.poll_cons();
        prod = d.prod;
        h.b.dma(a, 0x40, IOVA, fresh);
    };
    h.b.run();
    EXPECT_EQ(cons, prod);
    EXPECT_EQ(first[0], 0x11);
    EXPECT_EQ(stale[0], 0x11);  // the TLB really caches: no walk saw the new PTE
    EXPECT_EQ(fresh[0], 0x22);
}

TEST(SmmuPlatform, illegal_command_halts_cmdq_with_cerror_ill_until_gerrorn_after_patching) {
    Host h;
    uint32_t cons_err = 0, gerror = 0, gerrorn = 0, cons_after = 0, gerror_after = 0, gerrorn_after = 0;
    uint32_t bad_index = 0, prod = 0;
    uint64_t edges_before_ack = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        Command bad;
        bad.d0 = 0x7F;  // reserved opcode
        bad_index = d.prod + 1;
        d.submit({fw::enc::tlbi_nh_asid(0, 1), bad, fw::enc::tlbi_nh_asid(0, 2), cmd_sync()});
        cons_err = d.poll_cons();
        a.compute(sc_time(2, SC_US));  // the queue stays halted
        cons_err = d.r32(r::CMDQ_CONS);
        gerror = d.r32(r::GERROR);
        gerrorn = d.r32(r::GERRORN);
        a.sync();
        edges_before_ack = h.b.top->irq("smmu0.gerror")->rising_edges();
        // Linux skip-error: overwrite the failing command with a CMD_SYNC, then acknowledge.
        Command sync = cmd_sync();
        uint64_t w[2] = {sync.d0, sync.d1};
        a.mem_write(d.cmdq.slot_address(cons_err), w, 16);
        d.w32(r::GERRORN, gerror);
        cons_after = d.poll_cons();
        gerror_after = d.r32(r::GERROR);
        gerrorn_after = d.r32(r::GERRORN);
        prod = d.prod;
    };
    h.b.run();
    EXPECT_EQ(cons_err & 0xFFFFF, bad_index);  // CONS points at the failing command
    EXPECT_EQ(cons_err_code(cons_err), 1u);       // CERROR_ILL
    EXPECT_EQ((gerror ^ gerrorn) & 1u, 1u);    // CMDQ_ERR active
    EXPECT_EQ(edges_before_ack, 1u);           // GERROR interrupt (GERROR_IRQEN)
    EXPECT_EQ(cons_after, prod);               // resumed and drained, ERR cleared
    EXPECT_EQ(gerror_after, gerrorn_after);
    EXPECT_EQ(h.b.stat("platform.smmu0.cmdq_errors.CERROR_ILL"), 1u);
}

TEST(SmmuPlatform, gbpa_abort_applies_while_smmuen_is_zero) {
    Host h;
    h.b.fill_page(DATA_PA, 0x33);
    std::vector<uint8_t> bypass(8), aborted(8);
    tlm::tlm_response_status s1 = tlm::TLM_INCOMPLETE_RESPONSE, s2 = tlm::TLM_OK_RESPONSE;
    uint32_t gbpa_ignored = 0, gbpa = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        s1 = h.b.dma(a, 7, DATA_PA, bypass);  // reset GBPA: bypass
        d.w32(r::GBPA, 1u << 20);             // no UPDATE: ignored
        gbpa_ignored = d.r32(r::GBPA);
        d.w32(r::GBPA, (1u << 31) | (1u << 20) | 0x1000);
        a.poll(SMMU + r::GBPA, 4, 1u << 31, 0, sc_time(100, SC_US), sc_time(100, SC_NS));
        gbpa = d.r32(r::GBPA);
        s2 = h.b.dma(a, 7, DATA_PA, aborted);
    };
    h.b.run();
    EXPECT_EQ(s1, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(bypass[0], 0x33);
    EXPECT_EQ(gbpa_ignored & (1u << 20), 0u);
    EXPECT_EQ(gbpa, (1u << 20) | 0x1000u);
    EXPECT_NE(s2, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(aborted[0], 0);
}

TEST(SmmuPlatform, full_event_queue_sets_ovflg_and_raises_no_gerror) {
    Host h(CMDQ_LOG2, 1);  // 2-entry event queue
    h.b.add_s1_domain(0x123, 5, 1);
    uint32_t prod_before = 0, prod_after = 0, gerror = 1;
    uint64_t rec[4] = {};
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        std::vector<uint8_t> b(8);
        for (int i = 0; i < 2; ++i) h.b.dma(a, 0x123, IOVA + 0x1000 * i, b);
        a.compute(sc_time(2, SC_US));
        prod_before = d.r32(r::EVENTQ_PROD);
        h.b.dma(a, 0x123, IOVA + 0x9000, b);  // queue full: lost
        a.compute(sc_time(2, SC_US));
        prod_after = d.r32(r::EVENTQ_PROD);
        gerror = d.r32(r::GERROR);
        d.pop_event(rec);
    };
    h.b.run();
    EXPECT_EQ(prod_before, 0x2u);  // index 0, wrap 1: full
    EXPECT_EQ(prod_after, 0x80000002u);  // OVFLG toggled, nothing written
    EXPECT_EQ(gerror, 0u);
    EXPECT_EQ(rec[2], IOVA);  // the oldest record is intact
    EXPECT_EQ(h.b.stat("platform.smmu0.events_dropped_overflow"), 1u);
}

TEST(SmmuPlatform, thirty_two_and_sixty_four_bit_register_accesses_agree) {
    Host h;
    uint64_t strtab64 = 0, cmdq64 = 0, idr01 = 0, cfg0 = 0;
    uint32_t strtab_lo = 0, strtab_hi = 0, idr0 = 0, idr1 = 0, evtq_lo = 0, evtq_hi = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        d.w64(r::STRTAB_BASE, 0x0000'00AB'CDEF'1240ull);
        strtab_lo = d.r32(r::STRTAB_BASE);
        strtab_hi = d.r32(r::STRTAB_BASE + 4);
        d.w32(r::CMDQ_BASE, 0x8765'4328u);
        d.w32(r::CMDQ_BASE + 4, 0x0000'0012u);
        cmdq64 = d.r64(r::CMDQ_BASE);
        d.w64(r::EVENTQ_BASE, 0x0000'0034'5678'9A07ull);
        evtq_lo = d.r32(r::EVENTQ_BASE);
        evtq_hi = d.r32(r::EVENTQ_BASE + 4);
        d.w32(r::GERROR_IRQ_CFG0, 0x0800'0044u);
        d.w32(r::GERROR_IRQ_CFG0 + 4, 0);
        cfg0 = d.r64(r::GERROR_IRQ_CFG0);
        strtab64 = d.r64(r::STRTAB_BASE);
        idr0 = d.r32(r::IDR0);
        idr1 = d.r32(r::IDR1);
        idr01 = d.r64(r::IDR0);
    };
    h.b.run();
    EXPECT_EQ(strtab_lo, 0xCDEF'1240u);
    EXPECT_EQ(strtab_hi, 0xABu);
    EXPECT_EQ(strtab64, 0xAB'CDEF'1240ull);
    EXPECT_EQ(cmdq64, 0x12'8765'4328ull);
    EXPECT_EQ(evtq_lo, 0x5678'9A07u);
    EXPECT_EQ(evtq_hi, 0x34u);
    EXPECT_EQ(cfg0, 0x0800'0044ull);
    EXPECT_EQ(idr01, (uint64_t{idr1} << 32) | idr0);
}

TEST(SmmuPlatform, cmdq_errors_signal_the_gerror_msi_when_configured) {
    Host h;
    uint32_t cons = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!d.bring_up(h.b.st->strtab_base(), h.b.st->strtab_base_cfg(), IRQ_GERROR_EVENTQ, 0, 0,
                        MSI + 0xC0, 0x6E6E))
            return;
        d.submit({cmd_sync(smmu::core::CS_RESERVED)});  // CS = 3: CERROR_ILL
        cons = d.poll_cons();
        a.compute(sc_time(2, SC_US));
        a.sync();
    };
    h.b.run();
    EXPECT_EQ(cons_err_code(cons), 1u);
    ASSERT_EQ(h.b.top->msi().records().size(), 1u);
    EXPECT_EQ(h.b.top->msi().records()[0].addr, MSI + 0xC0);
    EXPECT_EQ(h.b.top->msi().records()[0].data, 0x6E6Eu);
}

TEST(SmmuPlatform, command_queue_wraps_around_a_small_ring) {
    Host h(2);  // 4-entry CMDQ
    uint32_t errs = 0, final_cons = 0, final_prod = 1;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;  // the bring-up itself fills the ring once
        for (unsigned r = 0; r < 7; ++r) {
            d.submit({fw::enc::tlbi_nh_asid(0, uint16_t(r)), fw::enc::tlbi_nh_asid(0, 1), cmd_sync()});
            const uint32_t c = d.poll_cons();
            errs |= cons_err_code(c) | (c != d.prod);
        }
        final_cons = d.r32(r::CMDQ_CONS);
        final_prod = d.prod;
    };
    h.b.run();
    EXPECT_EQ(errs, 0u);
    EXPECT_EQ(final_prod, (4u + 21u) & 7u);  // index and wrap bit of 25 entries in a 4-ring
    EXPECT_EQ(final_cons, final_prod);
    EXPECT_EQ(h.b.stat("platform.smmu0.cmds.CMD_SYNC"), 8u);
}

TEST(SmmuPlatform, event_queue_wraps_and_resumes_after_overflow_acknowledge) {
    Host h(CMDQ_LOG2, 1);  // 2-entry event queue
    h.b.add_s1_domain(0x123, 5, 1);
    std::vector<uint64_t> inputs;
    uint32_t prod_after_ack = 0;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        std::vector<uint8_t> b(8);
        // Five faults, each consumed: the queue wraps twice and loses nothing.
        for (unsigned i = 0; i < 5; ++i) {
            h.b.dma(a, 0x123, IOVA + 0x1000 * i, b);
            a.compute(sc_time(1, SC_US));
            uint64_t rec[4];
            if (d.pop_event(rec)) inputs.push_back(rec[2]);
        }
        // Overflow: three faults into two slots, then the driver drains and acknowledges.
        for (unsigned i = 0; i < 3; ++i) h.b.dma(a, 0x123, IOVA + 0x10'0000 + 0x1000 * i, b);
        a.compute(sc_time(1, SC_US));
        uint64_t rec[4];
        while (d.pop_event(rec)) inputs.push_back(rec[2]);
        const uint32_t p = d.r32(r::EVENTQ_PROD);
        d.evt_cons = (d.evt_cons & 0x7FFFFFFFu) | (p & 0x80000000u);  // OVACKFLG := OVFLG
        d.w32(r::EVENTQ_CONS, d.evt_cons);
        h.b.dma(a, 0x123, IOVA + 0x20'0000, b);
        a.compute(sc_time(1, SC_US));
        prod_after_ack = d.r32(r::EVENTQ_PROD);
        if (d.pop_event(rec)) inputs.push_back(rec[2]);
    };
    h.b.run();
    const std::vector<uint64_t> expect = {IOVA,          IOVA + 0x1000,    IOVA + 0x2000,
                                          IOVA + 0x3000, IOVA + 0x4000,    IOVA + 0x10'0000,
                                          IOVA + 0x10'1000, IOVA + 0x20'0000};
    EXPECT_EQ(inputs, expect);
    EXPECT_EQ(prod_after_ack >> 31, 1u);  // OVFLG stays toggled (acknowledged, not cleared)
    // One interrupt per empty -> non-empty transition: 5 single events, the overflow burst,
    // the event after the acknowledge.
    EXPECT_EQ(h.b.top->irq("smmu0.eventq")->rising_edges(), 7u);
    EXPECT_EQ(h.b.stat("platform.smmu0.events_dropped_overflow"), 1u);
    EXPECT_EQ(h.b.stat("platform.smmu0.eventq_overflows"), 1u);
}

TEST(SmmuPlatform, stream_errors_give_c_bad_streamid_and_c_bad_ste) {
    Host h;
    h.b.add_s1_domain(0x123, 5, 1);  // allocates the leaf of SIDs 0x100-0x1FF only
    std::vector<uint8_t> b(8);
    tlm::tlm_response_status s_noleaf = tlm::TLM_OK_RESPONSE, s_invalid = tlm::TLM_OK_RESPONSE;
    uint64_t rec1[4] = {}, rec2[4] = {};
    bool got1 = false, got2 = false;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        s_noleaf = h.b.dma(a, 0x4567, IOVA, b);  // L1 descriptor SPAN = 0
        a.compute(sc_time(1, SC_US));
        got1 = d.pop_event(rec1);
        s_invalid = h.b.dma(a, 0x124, IOVA, b);  // leaf present, STE.V = 0
        a.compute(sc_time(1, SC_US));
        got2 = d.pop_event(rec2);
    };
    h.b.run();
    EXPECT_NE(s_noleaf, tlm::TLM_OK_RESPONSE);
    EXPECT_NE(s_invalid, tlm::TLM_OK_RESPONSE);
    ASSERT_TRUE(got1);
    ASSERT_TRUE(got2);
    EXPECT_EQ(rec1[0] & 0xFF, 0x02u);  // C_BAD_STREAMID
    EXPECT_EQ(rec1[0] >> 32, 0x4567u);
    EXPECT_EQ(rec2[0] & 0xFF, 0x04u);  // C_BAD_STE
    EXPECT_EQ(rec2[0] >> 32, 0x124u);
}

TEST(SmmuPlatform, write_to_a_read_only_page_gives_f_permission) {
    Host h;
    S1Domain& dom = h.b.add_s1_domain(0x123, 5, 1);
    EXPECT_EQ(dom.pt->map(IOVA, DATA_PA, 4096, fw::enc::PROT_READ | fw::enc::PROT_CACHE),
              fw::enc::EncError::OK);
    h.b.fill_page(DATA_PA, 0x5A);
    std::vector<uint8_t> rd(8), wr(8, 0xFF);
    tlm::tlm_response_status s_rd = tlm::TLM_INCOMPLETE_RESPONSE, s_wr = tlm::TLM_OK_RESPONSE;
    uint64_t rec[4] = {};
    bool got = false;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        s_rd = h.b.dma(a, 0x123, IOVA, rd);
        s_wr = h.b.dma(a, 0x123, IOVA + 0x10, wr, true);
        a.compute(sc_time(1, SC_US));
        got = d.pop_event(rec);
    };
    h.b.run();
    EXPECT_EQ(s_rd, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(rd[0], 0x5A);
    EXPECT_NE(s_wr, tlm::TLM_OK_RESPONSE);
    uint8_t after = 0;
    h.b.mem->read_bytes(DATA_PA + 0x10, &after, 1);
    EXPECT_EQ(after, uint8_t(0x5A + 0x10));  // the write did not land
    ASSERT_TRUE(got);
    EXPECT_EQ(rec[0] & 0xFF, 0x13u);          // F_PERMISSION
    EXPECT_EQ((rec[1] >> 35) & 1, 0u);        // RnW = write
    EXPECT_EQ(rec[2], IOVA + 0x10);
}

TEST(SmmuPlatform, ste_is_cached_until_cfgi_ste_and_cmd_sync) {
    Host h;
    S1Domain& dom = h.b.add_s1_domain(0x123, 5, 1);
    h.b.map(dom, IOVA, DATA_PA);
    h.b.fill_page(DATA_PA, 0x77);
    tlm::tlm_response_status s1 = tlm::TLM_INCOMPLETE_RESPONSE, s2 = s1, s3 = tlm::TLM_OK_RESPONSE;
    std::vector<uint8_t> b(8);
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        s1 = h.b.dma(a, 0x123, IOVA, b);
        // The kernel detaches the device: STE becomes "abort" in memory. A TLBI alone drops
        // the translation but not the cached STE, so the next DMA walks again and succeeds.
        EXPECT_EQ(h.b.st->write_ste(0x123, fw::enc::SteBuilder::abort()), fw::enc::EncError::OK);
        d.submit({fw::enc::tlbi_nh_asid(1, 5), cmd_sync()});
        d.poll_cons();
        s2 = h.b.dma(a, 0x123, IOVA + 0x8, b);
        d.submit({fw::enc::cfgi_ste(0x123, true), cmd_sync()});
        d.poll_cons();
        s3 = h.b.dma(a, 0x123, IOVA + 0x10, b);
    };
    h.b.run();
    EXPECT_EQ(s1, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(s2, tlm::TLM_OK_RESPONSE);
    EXPECT_NE(s3, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(h.b.stat("platform.smmu0.events_written"), 0u);  // abort STE: no event
}

TEST(SmmuPlatform, rejected_register_access_is_reported_with_its_address_in_hex) {
    Host h;
    h.b.cpu().script = [&](ScriptAgent& a) {
        a.read64(SMMU + r::GERROR + 4);  // 8-byte access not 8-byte aligned: error response
    };
    gsim::test::advance(sc_time(1, sc_core::SC_MS));
    ASSERT_TRUE(h.b.cpu().failed());
    EXPECT_NE(h.b.cpu().failure().find("0x11000064"), std::string::npos) << h.b.cpu().failure();
}

TEST(SmmuPlatform, cmd_sync_msi_into_its_own_slot_completes_linux_msi_polling) {
    // Linux with MSIPOLL: CMD_SYNC CS = IRQ, MSIAddr = the CMD_SYNC's own slot, MSIData = 0;
    // the CPU spins on the slot's first 32-bit word until the SMMU overwrites it with 0.
    Host h;
    bool seen = false;
    uint32_t word_before = 0;
    sc_time t_ring, t_seen;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        const uint64_t slot = d.cmdq.slot_address(d.prod + 1);
        d.write({fw::enc::tlbi_nh_asid(0, 1), cmd_sync(smmu::core::CS_IRQ, slot, 0)});
        a.mem_read(slot, &word_before, 4);
        a.sync();
        t_ring = a.local_time();
        d.ring();
        for (int i = 0; i < 10000 && !seen; ++i) {
            uint32_t wd = 1;
            a.mem_read(slot, &wd, 4);
            seen = wd == 0;
            if (!seen) a.compute(sc_time(10, SC_NS));
        }
        t_seen = a.local_time();
    };
    h.b.run();
    EXPECT_EQ(word_before & 0xFF, uint32_t{smmu::core::CMD_SYNC});
    ASSERT_TRUE(seen);
    EXPECT_GT(t_seen, t_ring);
    EXPECT_LT(t_seen - t_ring, sc_time(5, SC_US));
    EXPECT_TRUE(h.b.top->msi().records().empty());  // a memory write, not a doorbell write
}

TEST(SmmuPlatform, a_main_cmdq_doorbell_and_its_cmd_sync_msi_run_in_the_writers_calls_when_nobody_else_is_due) {
    // The same TLBI + CMD_SYNC (MSI into its own slot, as Linux polls) twice from the same
    // state. Round 0: an event is pending at the kernel's time while the CPU polls, so the
    // SMMU's deferred thread must write the MSI in its own process. Round 1: nothing else is
    // due, so the doorbell's b_transport runs the pick and the polling CPU's synchronisation
    // runs the MSI write at its deadline. Same result, same latency; only round 1 costs no
    // kernel activation.
    Host h;
    sc_time lat[2];
    uint64_t deltas[2] = {};
    bool seen[2] = {};
    sc_core::sc_event someone_due;
    h.b.cpu().script = [&](ScriptAgent& a) {
        SmmuDriver d = h.driver(a);
        if (!h.bring_up(d)) return;
        for (unsigned round = 0; round < 2; ++round) {
            const uint64_t slot = d.cmdq.slot_address(d.prod + 1);
            d.write({fw::enc::tlbi_nh_asid(0, 1), cmd_sync(smmu::core::CS_IRQ, slot, 0)});
            a.sync();
            const uint64_t d0 = sc_core::sc_delta_count();
            a.compute(sc_time(1, SC_US));  // the doorbell goes out ahead of the kernel's time
            const sc_time t0 = a.local_time();
            uint32_t v = d.prod;
            a.main_port().transport(tlm::TLM_WRITE_COMMAND, SMMU + r::CMDQ_PROD, reinterpret_cast<uint8_t*>(&v), 4,
                                    /*doorbell=*/true);
            if (round == 0) someone_due.notify(sc_core::SC_ZERO_TIME);
            for (int i = 0; i < 10000 && !seen[round]; ++i) {
                a.sync_shared();  // a CPU checks shared memory in simulated-time order
                uint32_t wd = 1;
                a.mem_read(slot, &wd, 4);
                seen[round] = wd == 0;
                if (!seen[round]) a.compute(sc_time(10, SC_NS));
            }
            lat[round] = a.local_time() - t0;
            deltas[round] = sc_core::sc_delta_count() - d0;
        }
    };
    h.b.run();
    ASSERT_TRUE(seen[0]);
    ASSERT_TRUE(seen[1]);
    EXPECT_GT(lat[0], sc_core::SC_ZERO_TIME);
    EXPECT_EQ(lat[1], lat[0]);
    EXPECT_GT(deltas[0], 0u);
    EXPECT_EQ(deltas[1], 0u);
    EXPECT_EQ(h.b.stat("platform.smmu0.cmds.CMD_SYNC"), 3u);  // bring-up's and the two rounds'
}
