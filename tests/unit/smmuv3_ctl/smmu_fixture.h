// Test support for the SMMUv3 control core: fakes of the translation side, an ATS endpoint
// and interrupt lines, and a fixture that builds a SmmuCore over a FakeMemPort.
#pragma once
#include "test_timing.h"
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "fake_mem.h"
#include "smmuv3/core/smmu_core.h"
#include "smmuv3/core/smmu_regs.h"

namespace smmu::test {

using namespace smmu::core;

class FakeTranslation : public TranslationService {
public:
    XlateResult translate(const XlateRequest& req, const ControlState& ctrl) override {
        requests.push_back(req);
        last_ctrl = ctrl;
        return result;
    }
    InvalidationCost invalidate(const Command& cmd, const ControlState& ctrl) override {
        invalidations.push_back(cmd);
        last_ctrl = ctrl;
        return cost;
    }
    XlateResult result;
    InvalidationCost cost;
    ControlState last_ctrl;
    std::vector<XlateRequest> requests;
    std::vector<Command> invalidations;
};

class FakeAtc : public AtcInvalidationTarget {
public:
    AtcInvResult atc_invalidate(uint32_t sid, bool ssv, uint32_t ssid, uint64_t addr, uint8_t size,
                                bool global, uint64_t now_ps) override {
        sids.push_back(sid);
        last = {ssv, ssid, addr, size, global};
        issued_at.push_back(now_ps);
        AtcInvResult r;
        r.completes = completes;
        r.complete_ps = now_ps + round_trip_ps;
        return r;
    }
    bool completes = true;
    uint64_t round_trip_ps = 500000;
    struct Fields {
        bool ssv;
        uint32_t ssid;
        uint64_t addr;
        uint8_t size;
        bool global;
    } last{};
    std::vector<uint32_t> sids;
    std::vector<uint64_t> issued_at;
};

class CountingIrq : public gsim::IrqSink {
public:
    void set_level(bool a) override {
        if (a && !level) ++rises;
        level = a;
    }
    bool level = false;
    unsigned rises = 0;
};

constexpr uint64_t CMDQ_ADDR = 0x100000;
constexpr uint64_t EVTQ_ADDR = 0x200000;
constexpr uint64_t MEM_LAT = 50000;  // ps per memory access

inline Command cmd(uint8_t op, uint64_t d0_rest = 0, uint64_t d1 = 0) {
    return Command{(d0_rest & ~uint64_t{0xFF}) | op, d1};
}

class SmmuCtl : public ::testing::Test {
protected:
    SmmuCtl() : mem(uint64_t{1} << 32, MEM_LAT) {}

    void build() {
        SmmuIrqs irqs;
        irqs.eventq = &irq_eventq;
        irqs.gerror = &irq_gerror;
        irqs.cmdq_sync = &irq_sync;
        irqs.priq = &irq_priq;
        irqs.sev = &irq_sev;
        core = std::make_unique<SmmuCore>(params, mem, xlate, &atc, irqs,
                                          gsim::StatGroup(stats, "smmu"));
    }
    SmmuCore& c() {
        if (!core) build();
        return *core;
    }
    uint64_t r32(uint64_t off) {
        uint64_t v = 0;
        EXPECT_TRUE(c().mmio_read(off, 4, v, now));
        return v;
    }
    uint64_t r64(uint64_t off) {
        uint64_t v = 0;
        EXPECT_TRUE(c().mmio_read(off, 8, v, now));
        return v;
    }
    void w32(uint64_t off, uint64_t v) { EXPECT_TRUE(c().mmio_write(off, 4, v, now)); }
    void w64(uint64_t off, uint64_t v) { EXPECT_TRUE(c().mmio_write(off, 8, v, now)); }
    // Advance simulated time, running due deferred actions as the shell would.
    void advance(uint64_t ps) {
        now += ps;
        c().run_due(now);
    }
    // Write CR0 and wait for CR0ACK.
    void set_cr0(uint32_t v) {
        w32(regs::CR0, v);
        advance(c().timing().cr0ack_ps());
        ASSERT_EQ(r32(regs::CR0ACK), v);
    }
    void set_irq_ctrl(uint32_t v) {
        w32(regs::IRQ_CTRL, v);
        advance(c().timing().irq_ctrlack_ps());
        ASSERT_EQ(r32(regs::IRQ_CTRLACK), v);
    }
    void setup_cmdq(unsigned log2size = 4) {
        w64(regs::CMDQ_BASE, CMDQ_ADDR | log2size);
        w32(regs::CMDQ_PROD, 0);
        w32(regs::CMDQ_CONS, 0);
        m_prod = 0;
        m_log2 = log2size;
    }
    void setup_eventq(unsigned log2size = 3) {
        w64(regs::EVENTQ_BASE, EVTQ_ADDR | log2size);
        w32(regs::EVENTQ_PROD, 0);
        w32(regs::EVENTQ_CONS, 0);
    }
    // Writes a command into the next slot and rings the doorbell.
    void push(const Command& k) {
        uint32_t n = 1u << m_log2;
        uint64_t slot = CMDQ_ADDR + 16 * (m_prod & (n - 1));
        mem.poke64(slot, k.d0);
        mem.poke64(slot + 8, k.d1);
        m_prod = (m_prod + 1) & ((2u << m_log2) - 1);
        w32(regs::CMDQ_PROD, m_prod);
    }
    BatchResult run() { return c().process_cmdq_batch(now); }
    uint32_t cons_index() { return static_cast<uint32_t>(r32(regs::CMDQ_CONS)) & 0xFFFFF; }
    uint32_t cons_err() { return (static_cast<uint32_t>(r32(regs::CMDQ_CONS)) >> 24) & 0x7F; }
    uint64_t counter(const std::string& n) const { return stats.value("smmu." + n); }

    SmmuParams params = [] {
        SmmuParams p;
        gsim::test::pin_test_timing(p);
        return p;
    }();
    gsim::test::FakeMemPort mem;
    FakeTranslation xlate;
    FakeAtc atc;
    CountingIrq irq_eventq, irq_gerror, irq_sync, irq_priq, irq_sev;
    gsim::Stats stats;
    std::unique_ptr<SmmuCore> core;
    uint64_t now = 1000000;  // start at 1 us
    uint32_t m_prod = 0;
    unsigned m_log2 = 4;
};

}  // namespace smmu::test
