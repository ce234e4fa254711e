// SmmuCore event queue: record layout byte by byte, overflow (OVFLG / OVACKFLG) without
// GERROR, disabled queue, interrupt and MSI on empty to non-empty, write and MSI aborts,
// translate() recording the translation side's event.
#include "smmu_fixture.h"

using namespace smmu::test;
namespace r = smmu::core::regs;

namespace {

EventRecord sample_event() {
    EventRecord e;
    e.type = F_TRANSLATION;
    e.ssv = true;
    e.substream_id = 0xABCDE;
    e.stream_id = 0x12345678;
    e.stag = 0x1234;
    e.pnu = true;
    e.rnw = true;
    e.s2 = true;
    e.cls = CLASS_IN;
    e.input_addr = 0xFEDCBA9876543210ull;
    e.addr2 = 0x0000123456789000ull;
    return e;
}

}  // namespace

class SmmuEvtq : public SmmuCtl {
protected:
    void enable_eventq(unsigned log2 = 3) {
        setup_eventq(log2);
        set_cr0(0x4);
    }
    uint32_t prod() { return static_cast<uint32_t>(r32(r::EVENTQ_PROD)); }
    uint32_t cons() { return static_cast<uint32_t>(r32(r::EVENTQ_CONS)); }
    uint64_t irq_delay() const {
        return MEM_LAT + core->timing().event_write_ps() + core->timing().irq_issue_ps();
    }
};

TEST_F(SmmuEvtq, event_record_is_written_byte_by_byte_at_prod) {
    enable_eventq();
    c().record_event(sample_event(), now);
    const uint8_t expect[32] = {
        0x10, 0xE8, 0xCD, 0xAB, 0x78, 0x56, 0x34, 0x12,  // D0: type, SSV, SSID, SID
        0x34, 0x12, 0x00, 0x00, 0x8A, 0x02, 0x00, 0x00,  // D1: STAG, PnU, RnW, S2, CLASS=2
        0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,  // D2: InputAddr
        0x00, 0x90, 0x78, 0x56, 0x34, 0x12, 0x00, 0x00,  // D3: IPA
    };
    uint8_t got[32];
    mem.mem().read(EVTQ_ADDR, got, 32);
    for (int i = 0; i < 32; ++i) EXPECT_EQ(got[i], expect[i]) << "byte " << i;
    EXPECT_EQ(prod(), 1u);
    EXPECT_EQ(counter("events_written"), 1u);
    EXPECT_EQ(counter("events.F_TRANSLATION"), 1u);
}

TEST_F(SmmuEvtq, records_go_to_consecutive_slots_and_wrap) {
    enable_eventq(1);  // 2 entries
    for (uint32_t i = 0; i < 5; ++i) {
        EventRecord e;
        e.type = C_BAD_STE;
        e.stream_id = i;
        c().record_event(e, now);
        EXPECT_EQ(mem.peek32(EVTQ_ADDR + 32 * (i & 1) + 4), i);
        w32(r::EVENTQ_CONS, prod());  // software consumes
    }
    EXPECT_EQ(prod(), 1u);  // 5 mod 4: index 1, wrap 0
}

TEST_F(SmmuEvtq, disabled_queue_drops_and_counts) {
    setup_eventq();
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 0u);
    EXPECT_EQ(mem.writes, 0u);
    EXPECT_EQ(counter("events_dropped_disabled"), 1u);
}

TEST_F(SmmuEvtq, one_entry_queue_overflow_toggles_ovflg_once_and_drops_without_gerror) {
    enable_eventq(0);
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 1u);  // index 0, wrap 1: full
    EventRecord e2 = sample_event();
    e2.stream_id = 0x99;
    c().record_event(e2, now);
    EXPECT_EQ(prod(), 0x80000001u);  // OVFLG toggled, PROD unchanged
    c().record_event(e2, now);
    EXPECT_EQ(prod(), 0x80000001u);  // overflow still unacknowledged: no second toggle
    EXPECT_EQ(mem.peek32(EVTQ_ADDR + 4), 0x12345678u);  // first record intact
    EXPECT_EQ(r32(r::GERROR), 0u);
    EXPECT_EQ(counter("events_dropped_overflow"), 2u);
    EXPECT_EQ(counter("eventq_overflows"), 1u);
    // Software consumes and acknowledges the overflow.
    w32(r::EVENTQ_CONS, 0x80000001u);
    c().record_event(e2, now);
    EXPECT_EQ(prod(), 0x80000000u);  // written at index 0, wrap 0; OVFLG kept
    EXPECT_EQ(mem.peek32(EVTQ_ADDR + 4), 0x99u);
    c().record_event(e2, now);  // full again: new overflow toggles OVFLG back
    EXPECT_EQ(prod(), 0x00000000u);
    EXPECT_EQ(counter("eventq_overflows"), 2u);
}

TEST_F(SmmuEvtq, full_queue_overflow_sets_ovflg_and_drops_without_gerror) {
    enable_eventq(3);
    for (int i = 0; i < 8; ++i) c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 8u);  // index 0, wrap 1
    const uint64_t writes = mem.writes;
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 0x80000008u);
    EXPECT_EQ(mem.writes, writes);
    EXPECT_EQ(r32(r::GERROR), 0u);
    EXPECT_EQ(irq_gerror.rises, 0u);
}

TEST_F(SmmuEvtq, eventq_log2size_is_clamped_to_idr1_eventqs) {
    params.eventqs = 2;
    setup_eventq(7);
    set_cr0(0x4);
    for (int i = 0; i < 4; ++i) c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 4u);  // 4 entries: full
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 0x80000004u);
}

TEST_F(SmmuEvtq, wired_irq_fires_on_empty_to_non_empty_only) {
    enable_eventq();
    set_irq_ctrl(0x4);
    c().record_event(sample_event(), now);
    advance(irq_delay() - 1);
    EXPECT_EQ(irq_eventq.rises, 0u);
    advance(1);
    EXPECT_EQ(irq_eventq.rises, 1u);
    c().record_event(sample_event(), now);  // not empty: no new interrupt
    advance(irq_delay());
    EXPECT_EQ(irq_eventq.rises, 1u);
    w32(r::EVENTQ_CONS, prod());
    c().record_event(sample_event(), now);
    advance(irq_delay());
    EXPECT_EQ(irq_eventq.rises, 2u);
}

TEST_F(SmmuEvtq, no_irq_when_eventq_irqen_is_clear) {
    enable_eventq();
    c().record_event(sample_event(), now);
    advance(10 * irq_delay());
    EXPECT_EQ(irq_eventq.rises, 0u);
}

TEST_F(SmmuEvtq, msi_is_written_when_eventq_irq_cfg0_is_set) {
    enable_eventq();
    w64(r::EVENTQ_IRQ_CFG0, 0xA000);
    w32(r::EVENTQ_IRQ_CFG1, 0x1234ABCD);
    set_irq_ctrl(0x4);
    c().record_event(sample_event(), now);
    EXPECT_EQ(mem.peek32(0xA000), 0u);
    advance(irq_delay());
    EXPECT_EQ(mem.peek32(0xA000), 0x1234ABCDu);
    EXPECT_EQ(irq_eventq.rises, 1u);  // wired output pulsed too (wired_irqs = true)
    EXPECT_EQ(counter("msi_writes"), 1u);
}

TEST_F(SmmuEvtq, record_write_abort_raises_eventq_abt_err) {
    enable_eventq();
    set_irq_ctrl(0x5);
    mem.inject_fault(EVTQ_ADDR, EVTQ_ADDR + 0xFFF, gsim::MemStatus::DECODE_ERROR, false, true);
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 0u);
    EXPECT_TRUE(c().gerror_active(r::GERROR_EVENTQ_ABT_ERR));
    EXPECT_EQ(r32(r::GERROR), 0u);  // visible once the write has failed
    advance(1000000);
    EXPECT_EQ(r32(r::GERROR), 1u << 2);
    EXPECT_EQ(irq_gerror.rises, 1u);
    EXPECT_EQ(irq_eventq.rises, 0u);
    EXPECT_EQ(counter("events_aborted"), 1u);
}

TEST_F(SmmuEvtq, queue_is_unwritable_until_eventq_abt_err_is_acknowledged) {
    enable_eventq();
    mem.inject_fault(EVTQ_ADDR, EVTQ_ADDR + 31, gsim::MemStatus::SLAVE_ERROR, false, true);
    c().record_event(sample_event(), now);
    ASSERT_TRUE(c().gerror_active(r::GERROR_EVENTQ_ABT_ERR));
    mem.clear_faults();
    const uint64_t writes = mem.writes;
    c().record_event(sample_event(), now);  // discarded silently: no write, no overflow
    EXPECT_EQ(mem.writes, writes);
    EXPECT_EQ(prod(), 0u);
    EXPECT_EQ(counter("events_dropped_abt"), 1u);
    advance(1000000);  // software sees the error, then acknowledges it
    w32(r::GERRORN, r32(r::GERROR));
    c().record_event(sample_event(), now);
    EXPECT_EQ(prod(), 1u);
}

TEST_F(SmmuEvtq, msi_write_abort_raises_msi_eventq_abt_err) {
    enable_eventq();
    w64(r::EVENTQ_IRQ_CFG0, 0xA000);
    set_irq_ctrl(0x4);
    mem.inject_fault(0xA000, 0xA003, gsim::MemStatus::SLAVE_ERROR, false, true);
    c().record_event(sample_event(), now);
    advance(irq_delay());
    EXPECT_TRUE(c().gerror_active(r::GERROR_MSI_EVENTQ_ABT_ERR));
    EXPECT_EQ(prod(), 1u);  // the record itself was written
    EXPECT_EQ(counter("msi_aborts"), 1u);
}

TEST_F(SmmuEvtq, translate_records_the_event_and_converts_counts_to_latency) {
    xlate.result.response = XlateResponse::ABORT;
    xlate.result.has_event = true;
    xlate.result.event = sample_event();
    xlate.result.lookup_cycles = 7;
    xlate.result.mem_latency_ps = 120000;
    params.xlate_overhead = 3;
    enable_eventq();
    XlateRequest req;
    req.sid = 0x12345678;
    uint64_t lat = 0;
    XlateResult res = c().translate(req, now, lat);
    EXPECT_EQ(res.response, XlateResponse::ABORT);
    EXPECT_EQ(lat, 10 * 1000u + 120000u);
    EXPECT_EQ(prod(), 1u);
    EXPECT_EQ(mem.peek64(EVTQ_ADDR + 16), 0xFEDCBA9876543210ull);
    ASSERT_EQ(xlate.requests.size(), 1u);
    EXPECT_EQ(xlate.requests[0].sid, 0x12345678u);
    EXPECT_EQ(counter("translations"), 1u);
}

TEST(EventQueue, index_and_wrap_arithmetic_for_every_size) {
    gsim::test::FakeMemPort mem(uint64_t{1} << 32, 0);
    for (unsigned l = 0; l <= 19; ++l) {
        EventQueue q(19);
        q.set_base(EVTQ_ADDR | l);
        ASSERT_EQ(q.log2size(), l);
        q.set_enabled(true);
        const uint32_t last = q.entries() - 1;  // index of the last slot, wrap 0
        q.set_prod(last);
        q.set_cons(last);
        ASSERT_TRUE(q.empty()) << l;
        EventRecord e;
        e.type = F_PERMISSION;
        e.stream_id = l;
        EventQueue::Outcome o = q.write(e, mem);
        ASSERT_EQ(o.status, EventQueue::Status::WRITTEN) << l;
        EXPECT_TRUE(o.was_empty) << l;
        EXPECT_EQ(q.prod(), uint32_t{1} << l) << l;  // index 0, wrap toggled
        EXPECT_EQ(mem.peek32(q.queue_addr() + uint64_t{32} * last + 4), l)
            << l;  // size-aligned base
        // Fill to full: entries() records fit in total.
        q.set_cons(q.prod());
        if (l <= 6) {
            for (uint32_t i = 0; i < q.entries(); ++i)
                ASSERT_EQ(q.write(e, mem).status, EventQueue::Status::WRITTEN) << l;
            EXPECT_TRUE(q.full()) << l;
            EXPECT_EQ(q.write(e, mem).status, EventQueue::Status::DROPPED_FULL) << l;
        }
    }
}
