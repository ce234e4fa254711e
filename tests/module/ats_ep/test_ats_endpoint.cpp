// ATS endpoint with a real SMMU: ATS Translation Requests (EATS checks, ATC fill and hits),
// Translated requests (CR0.ATSCHK), ATC_INV + CMD_SYNC timing and the no-response timeout.
#include "ats_bench.h"

#include "smmuv3/core/event.h"

using namespace ats::test;
using smmu::core::CError;

namespace {

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i);
    return v;
}

}  // namespace

TEST(AtsEndpoint, ats_request_on_stream_without_eats_records_F_BAD_ATS_TREQ_and_fails) {
    gsim::test::guard_single_elaboration();
    Bench b;
    tlm::tlm_response_status st = tlm::TLM_OK_RESPONSE;
    std::vector<uint64_t> evs;
    b.script = [&](Bench& h) {
        h.enable();
        std::vector<uint8_t> buf(64);
        sc_time d = SC_ZERO_TIME;
        st = h.ep_noats->dma(IOVA, buf, false, d);
        wait(d + sc_time(1, SC_US));  // let the event record land
        evs = h.events();
    };
    run(b);
    EXPECT_EQ(st, tlm::TLM_GENERIC_ERROR_RESPONSE);
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0] & 0xFF, smmu::core::F_BAD_ATS_TREQ);
    EXPECT_EQ(evs[0] >> 32, SID_NOATS);
    EXPECT_EQ(b.stats.value("ep_noats.ats_requests"), 1u);
    EXPECT_EQ(b.stats.value("ep_noats.ats_request_faults"), 1u);
    EXPECT_EQ(b.stats.value("ep_noats.translated_accesses"), 0u);
    EXPECT_EQ(b.stats.value("smmu0.upstream.ats_request_faults"), 1u);
    EXPECT_EQ(b.ep_noats->device().atc().occupancy(), 0u);
}

TEST(AtsEndpoint, translation_fills_the_atc_and_a_second_dma_hits_it) {
    gsim::test::guard_single_elaboration();
    Bench b;
    const auto src = pattern(256, 7);
    b.dram.memory().write(BUF_PA - DRAM_BASE + 0x2000, src.data(), src.size());
    std::vector<uint8_t> first(128), second(128);
    tlm::tlm_response_status st1{}, st2{}, st3{};
    sc_time lat_miss, lat_hit;
    b.script = [&](Bench& h) {
        h.enable();
        sc_time d = SC_ZERO_TIME;
        st1 = h.ep->dma(IOVA + 0x2000, first, false, d);
        lat_miss = d;
        wait(d);
        d = SC_ZERO_TIME;
        st2 = h.ep->dma(IOVA + 0x2080, second, false, d);
        lat_hit = d;
        wait(d);
        std::vector<uint8_t> w = pattern(16, 0xA0);
        d = SC_ZERO_TIME;
        st3 = h.ep->dma(IOVA + 0x2100, w, true, d);  // same page: hit, W permitted
        wait(d);
    };
    run(b);
    EXPECT_EQ(st1, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(st2, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(st3, tlm::TLM_OK_RESPONSE);
    EXPECT_TRUE(std::equal(first.begin(), first.end(), src.begin()));
    EXPECT_TRUE(std::equal(second.begin(), second.end(), src.begin() + 0x80));
    uint8_t back[16];
    b.dram.memory().read(BUF_PA - DRAM_BASE + 0x2100, back, 16);
    EXPECT_EQ(back[0], 0xA0);
    EXPECT_EQ(back[15], 0xAF);
    EXPECT_EQ(b.stats.value("ep.ats_requests"), 1u);
    EXPECT_EQ(b.stats.value("ep.atc_misses"), 1u);
    EXPECT_EQ(b.stats.value("ep.atc_hits"), 2u);
    EXPECT_EQ(b.stats.value("ep.translated_accesses"), 3u);
    EXPECT_EQ(b.stats.value("smmu0.upstream.ats_requests"), 1u);
    EXPECT_EQ(b.ep->device().atc().occupancy(), 1u);
    // The miss pays the Translation Request round trip on the link and the SMMU walk.
    EXPECT_GT(lat_miss, lat_hit + sc_time(double(ats::core::AtsParams{}.treq_link_ns), SC_NS));
}

TEST(AtsEndpoint, atc_inv_and_sync_complete_only_after_the_pcie_round_trip) {
    gsim::test::guard_single_elaboration();
    ats::core::AtsParams p;
    p.pcie_rtt_ns = 2000;
    p.inv_per_entry_ns = 100;
    Bench b(p);
    sc_time t_unknown, t_ats;
    uint32_t cons_unknown = 0, cons_ats = 0;
    uint64_t misses_after = 0;
    b.script = [&](Bench& h) {
        h.enable();
        std::vector<uint8_t> buf(64);
        sc_time d = SC_ZERO_TIME;
        h.ep->dma(IOVA, buf, false, d);
        h.ep->dma(IOVA + 0x1000, buf, false, d);  // two ATC entries
        wait(d);
        // Baseline: ATC_INV to a StreamID without an endpoint completes at once.
        sc_time t0 = sc_time_stamp();
        h.submit({fw::enc::atc_inv(0x300, 0, false, 0, ats::core::ATC_INV_SIZE_ALL),
                  fw::enc::cmd_sync()});
        cons_unknown = h.wait_cons();
        t_unknown = sc_time_stamp() - t0;
        t0 = sc_time_stamp();
        h.submit({fw::enc::atc_inv(SID_ATS, 0, false, IOVA, 0), fw::enc::cmd_sync()});
        cons_ats = h.wait_cons();
        t_ats = sc_time_stamp() - t0;
        const uint64_t m0 = h.stats.value("ep.atc_misses");
        d = SC_ZERO_TIME;
        h.ep->dma(IOVA, buf, false, d);  // invalidated page: miss again
        h.ep->dma(IOVA + 0x1000, buf, false, d);  // other page: still cached
        misses_after = h.stats.value("ep.atc_misses") - m0;
    };
    run(b);
    EXPECT_EQ(smmu::core::regs::CMDQ_CONS_ERR.get(cons_unknown), 0u);
    EXPECT_EQ(smmu::core::regs::CMDQ_CONS_ERR.get(cons_ats), 0u);
    EXPECT_EQ(b.cmdq.clean(cons_ats), b.prod);
    // The ATS round trip: 2000 ns + 2 entries scanned x 100 ns, over the baseline.
    const sc_time rtt(2200, SC_NS);
    EXPECT_GE(t_ats, rtt);
    EXPECT_GE(t_ats - t_unknown, rtt - sc_time(100, SC_NS));
    EXPECT_LE(t_ats - t_unknown, rtt + sc_time(300, SC_NS));
    EXPECT_EQ(b.stats.value("ep.invalidations"), 1u);
    EXPECT_EQ(b.stats.value("ep.inv_entries_removed"), 1u);
    EXPECT_EQ(b.stats.value("ats.atc_inv_unknown_sid"), 1u);
    EXPECT_EQ(misses_after, 1u);
}

TEST(AtsEndpoint, unanswered_invalidation_fails_cmd_sync_with_CERROR_ATC_INV_SYNC) {
    gsim::test::guard_single_elaboration();
    ats::core::AtsParams p;
    p.respond_to_inv = false;
    Bench b(p);
    uint32_t cons = 0, gerror = 0, gerrorn = 0, gerror_before = 0;
    b.script = [&](Bench& h) {
        h.enable();
        gerror_before = static_cast<uint32_t>(h.rd(smmu::core::regs::GERROR));
        h.submit({fw::enc::atc_inv(SID_ATS, 0, false, 0, ats::core::ATC_INV_SIZE_ALL),
                  fw::enc::cmd_sync()});
        cons = h.wait_cons();
        gerror = static_cast<uint32_t>(h.rd(smmu::core::regs::GERROR));
        gerrorn = static_cast<uint32_t>(h.rd(smmu::core::regs::GERRORN));
    };
    run(b);
    EXPECT_EQ(smmu::core::regs::CMDQ_CONS_ERR.get(cons), uint32_t(CError::ATC_INV_SYNC));
    EXPECT_EQ(b.cmdq.index(cons), 1u);  // CONS points at the failing CMD_SYNC
    EXPECT_EQ(gerror_before & 1u, 0u);
    EXPECT_NE((gerror ^ gerrorn) & 1u, 0u);  // GERROR.CMDQ_ERR toggled (active)
    EXPECT_EQ(b.stats.value("ep.inv_not_answered"), 1u);
    EXPECT_EQ(b.stats.value("smmu0.atc_inv_timeouts"), 1u);
}

TEST(AtsEndpoint, atschk_forbids_translated_requests_on_a_non_ats_stream) {
    gsim::test::guard_single_elaboration();
    Bench b;
    tlm::tlm_response_status st_noats{}, st_ats{};
    std::vector<uint64_t> evs;
    b.script = [&](Bench& h) {
        h.enable(true);
        uint8_t buf[8] = {};
        sc_time d = SC_ZERO_TIME;
        st_noats = h.ep_noats->translated_access(BUF_PA, buf, 8, false, d);
        st_ats = h.ep->translated_access(BUF_PA, buf, 8, false, d);
        wait(d + sc_time(1, SC_US));
        evs = h.events();
    };
    run(b);
    EXPECT_EQ(st_noats, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(st_ats, tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0] & 0xFF, smmu::core::F_TRANSL_FORBIDDEN);
    EXPECT_EQ(evs[0] >> 32, SID_NOATS);
}

TEST(AtsEndpoint, without_atschk_translated_requests_pass_on_any_stream) {
    gsim::test::guard_single_elaboration();
    Bench b;
    tlm::tlm_response_status st{};
    b.script = [&](Bench& h) {
        h.enable(false);
        uint8_t buf[8] = {};
        sc_time d = SC_ZERO_TIME;
        st = h.ep_noats->translated_access(BUF_PA, buf, 8, false, d);
        wait(d);
    };
    run(b);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.stats.value("smmu0.events.F_TRANSL_FORBIDDEN"), 0u);
}

TEST(AtsEndpoint, ats_disabled_device_does_plain_untranslated_dma) {
    gsim::test::guard_single_elaboration();
    ats::core::AtsParams plain;
    plain.ats_enable = false;
    Bench b({}, plain);
    const auto src = pattern(64, 3);
    b.dram.memory().write(BUF_PA - DRAM_BASE + 0x3000, src.data(), src.size());
    std::vector<uint8_t> got(64);
    tlm::tlm_response_status st{};
    b.script = [&](Bench& h) {
        h.enable(true);
        sc_time d = SC_ZERO_TIME;
        st = h.ep_noats->dma(IOVA + 0x3000, got, false, d);
        wait(d);
    };
    run(b);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(got, src);
    EXPECT_EQ(b.stats.value("ep_noats.untranslated_accesses"), 1u);
    EXPECT_EQ(b.stats.value("ep_noats.ats_requests"), 0u);
}

TEST(AtsEndpoint, dma_across_a_page_boundary_translates_each_page) {
    gsim::test::guard_single_elaboration();
    Bench b;
    const auto src = pattern(256, 11);
    b.dram.memory().write(BUF_PA - DRAM_BASE + 0x4F80, src.data(), src.size());
    std::vector<uint8_t> got(256);
    tlm::tlm_response_status st{};
    b.script = [&](Bench& h) {
        h.enable();
        sc_time d = SC_ZERO_TIME;
        st = h.ep->dma(IOVA + 0x4F80, got, false, d);
        wait(d);
    };
    run(b);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(got, src);
    EXPECT_EQ(b.stats.value("ep.ats_requests"), 2u);
    EXPECT_EQ(b.stats.value("ep.translated_accesses"), 2u);
    EXPECT_EQ(b.ep->device().atc().occupancy(), 2u);
}

TEST(AtsEndpoint, write_to_a_read_only_translation_fails_without_a_memory_access) {
    gsim::test::guard_single_elaboration();
    Bench b;
    tlm::tlm_response_status st_r{}, st_w{};
    b.script = [&](Bench& h) {
        h.enable();
        std::vector<uint8_t> buf(8, 0x5A);
        sc_time d = SC_ZERO_TIME;
        st_r = h.ep->dma(IOVA_RO, buf, false, d);
        st_w = h.ep->dma(IOVA_RO, buf, true, d);  // cached R only: asks again, W still denied
        wait(d);
    };
    run(b);
    EXPECT_EQ(st_r, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(st_w, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.stats.value("ep.ats_requests"), 2u);
    EXPECT_EQ(b.stats.value("ep.translated_accesses"), 1u);
    EXPECT_EQ(b.stats.value("ep.dma_errors"), 1u);
    uint8_t back = 0;
    b.dram.memory().read(BUF_PA + BUF_SIZE - DRAM_BASE, &back, 1);
    EXPECT_EQ(back, 0u);
}

// Known issue in the translation side (models/smmuv3/core/translator.cpp, not this block): an
// ATS Translation Request that hits the main TLB is answered before STE.EATS is checked, so a
// stream with EATS = 0 gets a translation once ordinary traffic has filled the TLB. Enable
// this test when the translator checks EATS on TLB hits too.
TEST(AtsEndpoint, ats_request_after_a_tlb_fill_still_checks_eats) {
    gsim::test::guard_single_elaboration();
    ats::core::AtsParams plain;
    plain.ats_enable = false;
    Bench b({}, plain);
    bool ok = false;
    b.script = [&](Bench& h) {
        h.enable();
        std::vector<uint8_t> buf(8);
        sc_time d = SC_ZERO_TIME;
        h.ep_noats->dma(IOVA, buf, false, d);
        ok = h.ep_noats->translate(IOVA, false, d);
        wait(d);
    };
    run(b);
    EXPECT_FALSE(ok);
    EXPECT_EQ(b.stats.value("smmu0.events.F_BAD_ATS_TREQ"), 1u);
}
