// Test harness for platform-level SystemC tests of SMMU0 and CMDQV0 (tests/module/smmu_platform,
// tests/module/cmdqv_platform). Implements: a scripted software agent, a backdoor MemWriter
// over the platform DRAM (tables are built with the fw::enc encoders before or during the run),
// a host-side SMMU driver working only through MMIO and DRAM as Linux does (bring-up with
// CR0ACK polling, CMDQ submission, CONS polling, event-queue reads) and a VCMDQ driver.
// Does not implement: a full Linux driver (no lock-free multi-producer CMDQ, no error ISR).
#pragma once
#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include "agent/sw_agent.h"
#include "cmdqv/core/cmdqv_regs.h"
#include "encoders/commands.h"
#include "encoders/enc_types.h"
#include "encoders/queue.h"
#include "sc_test_support.h"
#include "smmuv3/core/smmu_regs.h"
#include "top.h"

namespace ptest {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;
using smmu::core::Command;

constexpr uint64_t SMMU = 0x1100'0000;
constexpr uint64_t CMDQV = 0x1120'0000;
constexpr uint64_t DRAM = 0x8000'0000;
constexpr uint64_t MSI = 0x0800'0000;

// A software agent whose run() is a lambda of the test.
struct ScriptAgent : fw::SwAgent {
    std::function<void(ScriptAgent&)> script;
    ScriptAgent(sc_core::sc_module_name n, gsim::StatGroup s) : SwAgent(n, s) {}
    void run() override {
        if (script) script(*this);
    }
};

// MemWriter straight into the platform DRAM (no time, no bus): for tables and page tables.
class DramWriter final : public fw::enc::MemWriter {
public:
    DramWriter(soc::Dram& d, uint64_t base) : m_d(d), m_base(base) {}
    bool write64(uint64_t pa, uint64_t v) override {
        if (pa < m_base) return false;
        m_d.memory().write(pa - m_base, &v, 8);
        return true;
    }
    bool read64(uint64_t pa, uint64_t& v) override {
        if (pa < m_base) return false;
        m_d.memory().read(pa - m_base, &v, 8);
        return true;
    }
    uint64_t peek64(uint64_t pa) {
        uint64_t v = 0;
        read64(pa, v);
        return v;
    }
    void write_bytes(uint64_t pa, const void* src, size_t n) { m_d.memory().write(pa - m_base, src, n); }
    void read_bytes(uint64_t pa, void* dst, size_t n) { m_d.memory().read(pa - m_base, dst, n); }

private:
    soc::Dram& m_d;
    uint64_t m_base;
};

// Elaboration-time setup shared by every test.
inline void common_setup() {
    gsim::test::guard_single_elaboration();
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, SC_US));
}

// Writes commands into a command ring at *prod (one memory access per contiguous run, as a
// CPU filling its cache lines), advancing *prod. The doorbell is the caller's.
inline void write_commands(fw::SwAgent& a, const fw::enc::Queue& q, uint32_t& prod,
                           const std::vector<Command>& cmds) {
    size_t i = 0;
    while (i < cmds.size()) {
        const uint32_t first = q.index(prod);
        const size_t run = std::min<size_t>(cmds.size() - i, q.entries() - first);
        std::vector<uint64_t> w;
        for (size_t k = 0; k < run; ++k) {
            w.push_back(cmds[i + k].d0);
            w.push_back(cmds[i + k].d1);
        }
        a.mem_write(q.slot_address(prod), w.data(), 16 * run);
        prod = q.next(prod, static_cast<uint32_t>(run));
        i += run;
    }
}

// Host SMMU driver through MMIO: everything a Linux-like kernel does to the register frame.
struct SmmuDriver {
    ScriptAgent& a;
    fw::enc::Queue cmdq;
    fw::enc::Queue evtq;
    uint32_t prod = 0;
    uint32_t evt_cons = 0;

    SmmuDriver(ScriptAgent& agent, uint64_t cmdq_pa, unsigned cmdq_log2, uint64_t evtq_pa,
               unsigned evtq_log2)
        : a(agent),
          cmdq(cmdq_pa, cmdq_log2),
          evtq(evtq_pa, evtq_log2, fw::enc::Queue::EVT_ENTRY_BYTES) {}

    uint32_t r32(uint64_t off) { return a.read32(SMMU + off); }
    void w32(uint64_t off, uint32_t v) { a.write32(SMMU + off, v); }
    uint64_t r64(uint64_t off) { return a.read64(SMMU + off); }
    void w64(uint64_t off, uint64_t v) { a.write64(SMMU + off, v); }

    // CR0 write then CR0ACK poll (1 us interval, 1 ms timeout). Returns true when acknowledged.
    bool write_cr0(uint32_t v) {
        namespace r = smmu::core::regs;
        w32(r::CR0, v);
        return a.poll(SMMU + r::CR0ACK, 4, 0xFFFFFFFF, v, sc_time(1, sc_core::SC_MS),
                      sc_time(100, SC_NS))
            .matched;
    }

    // Linux-like reset sequence. irq_ctrl: value for IRQ_CTRL (acknowledged by polling).
    // Returns false (and fails the agent) at the first step that does not complete.
    bool bring_up(uint64_t strtab_base, uint32_t strtab_cfg, uint32_t irq_ctrl,
                  uint64_t evtq_msi_addr = 0, uint32_t evtq_msi_data = 0,
                  uint64_t gerror_msi_addr = 0, uint32_t gerror_msi_data = 0) {
        namespace r = smmu::core::regs;
        uint32_t cr0 = 0;
        if (!write_cr0(0)) return fail("CR0 := 0 not acknowledged");
        w32(r::CR1, 0xD75);  // queues and tables: WB, inner shareable
        w32(r::CR2, 0x2);    // RECINVSID
        w64(r::STRTAB_BASE, strtab_base);
        w32(r::STRTAB_BASE_CFG, strtab_cfg);
        w64(r::CMDQ_BASE, cmdq.base_register());
        w32(r::CMDQ_PROD, 0);
        w32(r::CMDQ_CONS, 0);
        prod = 0;
        cr0 |= 1u << 3;  // CMDQEN
        if (!write_cr0(cr0)) return fail("CMDQEN not acknowledged");
        submit({fw::enc::cfgi_all(), fw::enc::tlbi_el2_all(), fw::enc::tlbi_nsnh_all(),
                fw::enc::cmd_sync()});
        if (!wait_drained()) return fail("initial invalidation did not complete");
        w64(r::EVENTQ_BASE, evtq.base_register());
        w32(r::EVENTQ_PROD, 0);
        w32(r::EVENTQ_CONS, 0);
        evt_cons = 0;
        cr0 |= 1u << 2;  // EVENTQEN
        if (!write_cr0(cr0)) return fail("EVENTQEN not acknowledged");
        w32(r::IRQ_CTRL, 0);
        if (!a.poll(SMMU + r::IRQ_CTRLACK, 4, 0xFFFFFFFF, 0, sc_time(1, sc_core::SC_MS),
                    sc_time(100, SC_NS))
                 .matched)
            return fail("IRQ_CTRL := 0 not acknowledged");
        w64(r::EVENTQ_IRQ_CFG0, evtq_msi_addr);
        w32(r::EVENTQ_IRQ_CFG1, evtq_msi_data);
        w64(r::GERROR_IRQ_CFG0, gerror_msi_addr);
        w32(r::GERROR_IRQ_CFG1, gerror_msi_data);
        w32(r::IRQ_CTRL, irq_ctrl);
        if (!a.poll(SMMU + r::IRQ_CTRLACK, 4, 0xFFFFFFFF, irq_ctrl, sc_time(1, sc_core::SC_MS),
                    sc_time(100, SC_NS))
                 .matched)
            return fail("IRQ_CTRL not acknowledged");
        cr0 |= 1u << 0;  // SMMUEN
        if (!write_cr0(cr0)) return fail("SMMUEN not acknowledged");
        return true;
    }

    bool fail(const char* why) {
        a.fail(why);
        return false;
    }

    // Writes the commands at PROD (through the agent's DRAM path) and rings the doorbell.
    void submit(const std::vector<Command>& cmds) {
        write(cmds);
        ring();
    }
    void write(const std::vector<Command>& cmds) { write_commands(a, cmdq, prod, cmds); }
    void ring() { w32(smmu::core::regs::CMDQ_PROD, prod); }

    // Polls CMDQ_CONS until it reaches PROD or reports an error. Returns the last CONS value.
    uint32_t poll_cons(sc_time timeout = sc_time(1, sc_core::SC_MS),
                       sc_time interval = sc_time(10, SC_NS)) {
        const sc_time end = a.local_time() + timeout;
        uint32_t c = 0;
        for (;;) {
            c = r32(smmu::core::regs::CMDQ_CONS);
            if (cmdq.clean(c) == cmdq.clean(prod) || (c >> 24 & 0x7F) != 0) return c;
            if (a.local_time() >= end) return c;
            a.compute(interval);
        }
    }
    bool wait_drained() {
        uint32_t c = poll_cons();
        return cmdq.clean(c) == cmdq.clean(prod) && (c >> 24 & 0x7F) == 0;
    }

    // Reads the next event record (32 bytes) if EVENTQ_PROD moved past our CONS.
    bool pop_event(uint64_t rec[4]) {
        namespace r = smmu::core::regs;
        uint32_t p = r32(r::EVENTQ_PROD);
        if (evtq.empty(p, evt_cons)) return false;
        a.mem_read(evtq.slot_address(evt_cons), rec, 32);
        evt_cons = evtq.next(evt_cons);
        w32(r::EVENTQ_CONS, evt_cons);
        return true;
    }
};

// A VCMDQ seen through a CMDQV window: page0 registers at p0, page1 at p1 (absolute addresses).
struct VcmdqDriver {
    ScriptAgent& a;
    uint64_t p0, p1;
    fw::enc::Queue q;
    uint32_t prod = 0;

    VcmdqDriver(ScriptAgent& agent, uint64_t page0, uint64_t page1, uint64_t base_pa, unsigned log2)
        : a(agent), p0(page0), p1(page1), q(base_pa, log2) {}

    // Linux queue init: disable + poll, zero PROD/CONS, BASE, enable + poll.
    bool init() {
        namespace r = cmdqv::core::regs;
        a.write32(p0 + r::VCMDQ_CONFIG, 0);
        if (!a.poll(p0 + r::VCMDQ_STATUS, 4, 1, 0, sc_time(1, sc_core::SC_MS), sc_time(100, SC_NS)).matched)
            return false;
        a.write32(p0 + r::VCMDQ_PROD, 0);
        a.write32(p0 + r::VCMDQ_CONS, 0);
        a.write64(p1 + r::VCMDQ_BASE_L, q.base_register());
        a.write64(p1 + r::VCMDQ_CONS_INDX_BASE_L, 0);
        prod = 0;
        a.write32(p0 + r::VCMDQ_CONFIG, 1);
        return a.poll(p0 + r::VCMDQ_STATUS, 4, 1, 1, sc_time(1, sc_core::SC_MS), sc_time(100, SC_NS))
            .matched;
    }
    void submit(const std::vector<Command>& cmds) {
        write(cmds);
        ring();
    }
    void write(const std::vector<Command>& cmds) { write_commands(a, q, prod, cmds); }
    void ring() { a.write32(p0 + cmdqv::core::regs::VCMDQ_PROD, prod); }
    uint32_t cons() { return a.read32(p0 + cmdqv::core::regs::VCMDQ_CONS); }
    // Polls CONS until it reaches PROD or reports an error; returns the last value.
    uint32_t poll_cons(sc_time timeout = sc_time(1, sc_core::SC_MS),
                       sc_time interval = sc_time(10, SC_NS)) {
        const sc_time end = a.local_time() + timeout;
        uint32_t c = 0;
        for (;;) {
            c = cons();
            if (q.clean(c) == q.clean(prod) || (c >> 24 & 0x7F) != 0) return c;
            if (a.local_time() >= end) return c;
            a.compute(interval);
        }
    }
};

inline uint32_t cons_err_code(uint32_t cons) { return cons >> 24 & 0x7F; }

}  // namespace ptest
