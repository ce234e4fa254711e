// Test support for the CMDQV core: a recording IRQ sink, a scripted command executor, and a
// fixture that drives the core through MMIO the way a driver does (spec/cmdqv.md 2.3).
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "cmdqv/core/cmdqv_core.h"
#include "cmdqv/core/cmdqv_regs.h"
#include "fake_mem.h"

namespace cmdqv_test {

using namespace cmdqv::core;
using smmu::core::CError;
using smmu::core::CmdOutcome;
using smmu::core::Command;
using smmu::core::QueueContext;

class RecordingIrq : public gsim::IrqSink {
public:
    void set_level(bool a) override {
        if (a && !level) ++rises;
        level = a;
    }
    bool level = false;
    int rises = 0;
};

// Every command costs 1 ns; an ATC_INV at TIMEOUT_ADDR leaves a latent ATC timeout on the queue;
// a CMD_SYNC then fails with ATC_INV_SYNC until the flag is cleared; opcode 0xFE is illegal.
class FakeExecutor : public smmu::core::CommandExecutor {
public:
    static constexpr uint64_t TIMEOUT_ADDR = 0xdead000;
    static constexpr uint64_t SLOW_ADDR = 0x5104000;  // completes 1 ms after issue
    struct Seen {
        Command cmd;
        uint32_t queue_id;
        bool main_cmdq;
    };
    CmdOutcome execute(const Command& c, QueueContext& q, uint64_t now) override {
        seen.push_back({c, q.id, q.main_cmdq});
        CmdOutcome o;
        o.issue_ps = 1000;
        if (c.op() == 0xFE) {
            o.err = CError::ILL;
            return o;
        }
        if (c.op() == smmu::core::CMD_ATC_INV && c.atc_addr() == TIMEOUT_ADDR) q.atc_timeout = true;
        if (c.op() == smmu::core::CMD_ATC_INV && c.atc_addr() == SLOW_ADDR) {
            q.inflight_until_ps = std::max(q.inflight_until_ps, now + 1'000'000'000);
        }
        if (c.op() == smmu::core::CMD_SYNC) {
            if (q.atc_timeout) {
                o.err = CError::ATC_INV_SYNC;
                return o;
            }
            o.complete_ps = std::max(now + o.issue_ps, q.inflight_until_ps);
        } else {
            o.complete_ps = now + o.issue_ps;
        }
        return o;
    }
    std::vector<Seen> seen;
};

constexpr uint64_t lp0(unsigned i, unsigned l) { return regs::vintf_page0(i) + 0x80 * l; }
constexpr uint64_t lp1(unsigned i, unsigned l) { return regs::vintf_page1(i) + 0x80 * l; }
constexpr uint64_t dp0(unsigned q) { return regs::DIRECT_PAGE0 + 0x80 * q; }
constexpr uint64_t dp1(unsigned q) { return regs::DIRECT_PAGE1 + 0x80 * q; }
constexpr uint64_t vb(unsigned v) { return regs::vintf_block(v); }
constexpr uint64_t alloc_reg(unsigned q) { return regs::CMDQ_ALLOC + 4 * q; }
constexpr uint64_t qbase(unsigned q) { return 0x1000000 + uint64_t{0x10000} * q; }
constexpr unsigned QLOG2 = 8;

inline Command cmd(uint8_t op, uint64_t d0_hi = 0, uint64_t d1 = 0) {
    Command c;
    c.d0 = op | d0_hi;
    c.d1 = d1;
    return c;
}
inline Command tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va) {
    return cmd(smmu::core::CMD_TLBI_NH_VA, (uint64_t{vmid} << 32) | (uint64_t{asid} << 48), va);
}
inline Command atc_inv(uint32_t sid, uint64_t addr = 0x4000) {
    return cmd(smmu::core::CMD_ATC_INV, uint64_t{sid} << 32, addr);
}
inline Command cmd_sync(uint8_t cs = 0) { return cmd(smmu::core::CMD_SYNC, uint64_t{cs} << 12); }

class CmdqvFixture : public ::testing::Test {
protected:
    void make(const CmdqvParams& p) {
        params = p;
        core = std::make_unique<CmdqvCore>(params, mem, irq, gsim::StatGroup(stats, "cmdqv"));
    }
    void SetUp() override { make(CmdqvParams{}); }

    uint32_t r32(uint64_t off) {
        uint64_t v = 0;
        EXPECT_TRUE(core->mmio_read(off, 4, v, t)) << std::hex << off;
        return static_cast<uint32_t>(v);
    }
    uint64_t r64(uint64_t off) {
        uint64_t v = 0;
        EXPECT_TRUE(core->mmio_read(off, 8, v, t)) << std::hex << off;
        return v;
    }
    void w32(uint64_t off, uint32_t v) { EXPECT_TRUE(core->mmio_write(off, 4, v, t)) << std::hex << off; }
    void w64(uint64_t off, uint64_t v) { EXPECT_TRUE(core->mmio_write(off, 8, v, t)) << std::hex << off; }
    void settle() { t += 10'000'000; }  // 10 us: every handshake has completed

    // Pre-assign every global VCMDQ to (v, l) = (q / N, q % N) with ALLOCATED = 0 (spec 2.2).
    void preassign() {
        unsigned n = core->lvcmdqs_per_vintf();
        for (unsigned q = 0; q < core->num_vcmdqs(); ++q) {
            w32(alloc_reg(q), ((q / n) << 15) | ((q % n) << 1));
        }
    }
    unsigned gq(unsigned v, unsigned l) const { return v * core->lvcmdqs_per_vintf() + l; }
    void map(unsigned v, unsigned l) { w32(alloc_reg(gq(v, l)), r32(alloc_reg(gq(v, l))) | 1); }
    void unmap(unsigned v, unsigned l) { w32(alloc_reg(gq(v, l)), r32(alloc_reg(gq(v, l))) & ~1u); }

    // VINTF bring-up and queue init through the logical windows (spec 2.3 c-d, 3.6).
    void bring_up_vintf(unsigned v, bool hyp_own, uint16_t vmid, unsigned nq) {
        w32(vb(v) + regs::VINTF_CONFIG, (hyp_own ? 1u << 17 : 0u) | (uint32_t{vmid} << 1));
        w32(vb(v) + regs::VINTF_CONFIG, (hyp_own ? 1u << 17 : 0u) | (uint32_t{vmid} << 1) | 1);
        for (unsigned l = 0; l < nq; ++l) {
            map(v, l);
            w32(lp0(v, l) + regs::VCMDQ_PROD, 0);
            w32(lp0(v, l) + regs::VCMDQ_CONS, 0);
            w64(lp1(v, l) + regs::VCMDQ_BASE_L, qbase(gq(v, l)) | QLOG2);
            w32(lp0(v, l) + regs::VCMDQ_CONFIG, 1);
        }
        settle();
    }
    void setup_default() {
        preassign();
        bring_up_vintf(0, true, 0, 2);
        bring_up_vintf(1, false, 7, 2);
    }

    // Writes commands at the queue's PROD and rings the doorbell through VINTF v's window.
    void push(unsigned v, unsigned l, const std::vector<Command>& cmds) {
        unsigned q = gq(v, l);
        uint32_t prod = r32(lp0(v, l) + regs::VCMDQ_PROD);
        smmu::core::CommandQueue& cq = core->vcmdq(q);
        for (const Command& c : cmds) {
            uint64_t a = qbase(q) + 16 * cq.idx(prod);
            mem.poke64(a, c.d0);
            mem.poke64(a + 8, c.d1);
            prod = cq.inc(prod);
        }
        w32(lp0(v, l) + regs::VCMDQ_PROD, prod);
    }
    // Runs queue q alone until it is idle, halted or blocked; CONS is visible afterwards.
    void drain(unsigned q) {
        for (int i = 0; i < 1000; ++i) {
            core->advance(t);
            smmu::core::CommandQueue& cq = core->vcmdq(q);
            if (cq.ready(t)) {
                auto r = core->process_vcmdq_batch(q, exec, t);
                t += r.busy_ps + 1;
            } else if (cq.wake_time() > t && cq.enabled() && !cq.halted()) {
                t = cq.wake_time();
            } else {
                break;
            }
        }
        t += 1'000'000;
    }
    uint32_t cons(unsigned v, unsigned l) { return r32(lp0(v, l) + regs::VCMDQ_CONS); }

    CmdqvParams params;
    gsim::test::FakeMemPort mem{uint64_t{1} << 32, 100000};
    RecordingIrq irq;
    gsim::Stats stats;
    FakeExecutor exec;
    std::unique_ptr<CmdqvCore> core;
    uint64_t t = 1000;
};

}  // namespace cmdqv_test
