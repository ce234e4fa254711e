// Test harness: host-kernel view of CMDQV0 at 0x1120_0000 (spec/cmdqv.md 2.2, 2.3, 2.10):
// CMDQV enable handshake, static pre-assignment of CMDQ_ALLOC, VINTF init (HYP_OWN, VMID),
// LVCMDQ map + queue init in ascending order, SID_MATCH/SID_REPLACE pairs, error maps.
// Does not implement: teardown of guest VINTFs, the error ISR (tests do the recovery inline).
#pragma once
#include "platform_harness.h"

namespace ptest {

struct CmdqvHost {
    ScriptAgent& a;
    SmmuDriver& smmu;  // main CMDQ, for the latent-ATC flush of the queue deinit
    unsigned lvcmdqs_per_vintf = 2;

    CmdqvHost(ScriptAgent& agent, SmmuDriver& s) : a(agent), smmu(s) {}

    uint32_t r32(uint64_t off) { return a.read32(CMDQV + off); }
    void w32(uint64_t off, uint32_t v) { a.write32(CMDQV + off, v); }
    bool poll(uint64_t off, uint32_t mask, uint32_t expect) {
        return a.poll(CMDQV + off, 4, mask, expect, sc_time(1, sc_core::SC_MS), sc_time(100, SC_NS)).matched;
    }
    static uint64_t vintf_reg(unsigned v, uint64_t off) { return cmdqv::core::regs::vintf_block(v) + off; }
    static uint64_t lpage0(unsigned v, unsigned l) {
        return cmdqv::core::regs::vintf_page0(v) + cmdqv::core::regs::VCMDQ_STRIDE * l;
    }
    static uint64_t lpage1(unsigned v, unsigned l) {
        return cmdqv::core::regs::vintf_page1(v) + cmdqv::core::regs::VCMDQ_STRIDE * l;
    }
    unsigned global_q(unsigned v, unsigned l) const { return v * lvcmdqs_per_vintf + l; }

    // 2.3 a-b: CMDQV EN 0 -> 1 with STATUS polls (read-modify-write), counts from PARAM,
    // pre-assignment of every global VCMDQ (ALLOCATED = 0).
    bool enable_and_preassign() {
        namespace r = cmdqv::core::regs;
        const uint32_t param = r32(r::PARAM);
        const unsigned nq = 1u << ((param >> 4) & 0xF);
        const unsigned nv = 1u << ((param >> 8) & 0xF);
        lvcmdqs_per_vintf = nq / nv;
        const uint32_t cfg = r32(r::CONFIG);
        w32(r::CONFIG, cfg & ~1u);
        if (!poll(r::STATUS, 1, 0)) return false;
        w32(r::CONFIG, cfg | 1u);
        if (!poll(r::STATUS, 1, 1)) return false;
        for (unsigned q = 0; q < nq; ++q) {
            const unsigned v = q / lvcmdqs_per_vintf, l = q % lvcmdqs_per_vintf;
            w32(r::CMDQ_ALLOC + 4 * q, (v << 15) | (l << 1));
        }
        return true;
    }

    // 2.10 queue deinit through the logical window of (v, l).
    bool queue_deinit(unsigned v, unsigned l) {
        namespace r = cmdqv::core::regs;
        w32(lpage0(v, l) + r::VCMDQ_CONFIG, 0);
        if (!poll(lpage0(v, l) + r::VCMDQ_STATUS, 1, 0)) return false;
        smmu.submit({fw::enc::cmd_sync()});  // flush a latent ATC timeout
        if (!smmu.wait_drained()) return false;
        w32(lpage0(v, l) + r::VCMDQ_PROD, 0);
        w32(lpage0(v, l) + r::VCMDQ_CONS, 0);
        a.write64(CMDQV + lpage1(v, l) + r::VCMDQ_BASE_L, 0);
        a.write64(CMDQV + lpage1(v, l) + r::VCMDQ_CONS_INDX_BASE_L, 0);
        const uint32_t ge = r32(lpage0(v, l) + r::VCMDQ_GERROR);
        if (ge != r32(lpage0(v, l) + r::VCMDQ_GERRORN)) w32(lpage0(v, l) + r::VCMDQ_GERRORN, ge);
        return true;
    }

    // 2.3 c: VINTF init (deinit first, CONFIG without EN, then with EN, poll, read back).
    // Returns the CONFIG value read back (0 on a failed handshake).
    uint32_t vintf_init(unsigned v, uint16_t vmid, bool hyp_own) {
        namespace r = cmdqv::core::regs;
        for (unsigned l = lvcmdqs_per_vintf; l-- > 0;) {
            if (!queue_deinit(v, l)) return 0;
        }
        w32(vintf_reg(v, r::VINTF_CONFIG), 0);
        if (!poll(vintf_reg(v, r::VINTF_STATUS), 1, 0)) return 0;
        for (unsigned s = 0; s < 16; ++s) {
            w32(vintf_reg(v, r::VINTF_SID_MATCH + 4 * s), 0);
            w32(vintf_reg(v, r::VINTF_SID_REPLACE + 4 * s), 0);
        }
        const uint32_t cfg = (uint32_t{vmid} << 1) | (hyp_own ? 1u << 17 : 0u);
        w32(vintf_reg(v, r::VINTF_CONFIG), cfg);
        w32(vintf_reg(v, r::VINTF_CONFIG), cfg | 1u);
        if (!poll(vintf_reg(v, r::VINTF_STATUS), 1, 1)) return 0;
        return r32(vintf_reg(v, r::VINTF_CONFIG));
    }

    // 2.3 d: map (v, l) (ALLOCATED by read-modify-write), queue deinit, BASE, enable + poll.
    bool map_and_init(unsigned v, unsigned l, const fw::enc::Queue& q) {
        namespace r = cmdqv::core::regs;
        const uint64_t alloc = r::CMDQ_ALLOC + 4 * global_q(v, l);
        w32(alloc, r32(alloc) | 1u);
        if (!queue_deinit(v, l)) return false;
        a.write64(CMDQV + lpage1(v, l) + r::VCMDQ_BASE_L, q.base_register());
        w32(lpage0(v, l) + r::VCMDQ_CONFIG, 1);
        return poll(lpage0(v, l) + r::VCMDQ_STATUS, 1, 1);
    }

    // IOMMU_VDEVICE_ALLOC: REPLACE first, then MATCH with ENABLE.
    void add_sid(unsigned v, unsigned s, uint32_t vsid, uint32_t psid) {
        namespace r = cmdqv::core::regs;
        w32(vintf_reg(v, r::VINTF_SID_REPLACE + 4 * s), psid);
        w32(vintf_reg(v, r::VINTF_SID_MATCH + 4 * s), (vsid << 1) | 1u);
    }
};

// Signals "host setup finished" from one agent to the others.
struct Gate {
    bool open = false;
    sc_core::sc_event ev;
    void release(ScriptAgent& a) {
        a.sync();
        open = true;
        ev.notify(sc_core::SC_ZERO_TIME);
    }
    void wait_for(ScriptAgent& a) {
        a.sync();
        while (!open) sc_core::wait(ev);
    }
};

}  // namespace ptest
