// Test bench for the ATS endpoint: a real SmmuModule (default parameters) with an AtsRegistry,
// DRAM and an interconnect; two endpoints (SID 0x100 on an ATS stream with STE.EATS = 1, SID
// 0x101 on a stream with EATS = 0) on the SMMU's upstream port; a host thread that programs the
// SMMU over the bus and builds its tables in DRAM with the firmware encoders.
#pragma once
#include "test_timing.h"
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <systemc>
#include <vector>

#include "ats_ep/core/ats_registry.h"
#include "ats_ep/sysc/ats_endpoint.h"
#include "encoders/commands.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "encoders/queue.h"
#include "encoders/stream_table.h"
#include "sc_test_support.h"
#include "smmuv3/core/smmu_regs.h"
#include "smmuv3/sysc/smmu_module.h"
#include "soc/dram.h"
#include "soc/router.h"
#include "sysc/irq_line.h"
#include "test_initiator.h"

namespace ats::test {
inline smmu::core::SmmuParams pinned_smmu_params() {
    smmu::core::SmmuParams p;
    gsim::test::pin_test_timing(p);
    return p;
}

using namespace sc_core;
namespace regs = smmu::core::regs;

constexpr uint64_t DRAM_BASE = 0x8000'0000;
constexpr uint64_t DRAM_SIZE = 64 << 20;
constexpr uint64_t SMMU_BASE = 0x1100'0000;
constexpr uint32_t SID_ATS = 0x100;
constexpr uint32_t SID_NOATS = 0x101;
constexpr uint64_t IOVA = 0x1000'0000;
constexpr uint64_t BUF_PA = DRAM_BASE + (32 << 20);
constexpr uint64_t BUF_SIZE = 64 << 10;
constexpr uint64_t IOVA_RO = IOVA + BUF_SIZE;  // one read-only page after the buffer

// The encoders' MemWriter over the DRAM's storage (backdoor, no simulated time).
class DramWriter : public fw::enc::MemWriter {
public:
    explicit DramWriter(soc::Dram& d) : m_d(d) {}
    bool write64(uint64_t pa, uint64_t v) override {
        m_d.memory().write(pa - DRAM_BASE, &v, 8);
        return true;
    }
    bool read64(uint64_t pa, uint64_t& v) override {
        m_d.memory().read(pa - DRAM_BASE, &v, 8);
        return true;
    }

private:
    soc::Dram& m_d;
};

struct Bench : sc_module {
    gsim::Stats stats;
    gsim::sysc::IrqLine irq_eventq{"eventq"}, irq_gerror{"gerror"}, irq_sync{"sync"},
        irq_priq{"priq"};
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), sc_time(10, SC_NS)};
    soc::Dram dram{"dram", DRAM_SIZE, sc_time(100, SC_NS), sc_time(100, SC_NS),
                   gsim::StatGroup(stats, "dram")};
    core::AtsRegistry registry{gsim::StatGroup(stats, "ats")};
    std::unique_ptr<smmu::sysc::SmmuModule> smmu;
    std::unique_ptr<sysc::AtsEndpoint> ep;       // SID_ATS
    std::unique_ptr<sysc::AtsEndpoint> ep_noats;  // SID_NOATS
    gsim::test::TestInitiator host{"host"};

    DramWriter mem{dram};
    fw::enc::PhysAllocator alloc{DRAM_BASE + (1 << 20), 16 << 20};
    fw::enc::StreamTable st{{fw::enc::StrtabFmt::LINEAR, 9, 8}, alloc, mem};
    fw::enc::PageTable s2{{fw::enc::Stage::S2, fw::enc::Granule::G4K, 40, 44}, alloc, mem};
    fw::enc::Queue cmdq{0, 8};
    fw::enc::Queue evtq{0, 7, fw::enc::Queue::EVT_ENTRY_BYTES};
    uint32_t prod = 0;

    std::function<void(Bench&)> script;
    bool done = false;

    explicit Bench(const core::AtsParams& ats_params = {},
                   const core::AtsParams& noats_params = {}, sc_module_name name = "bench")
        : sc_module(name) {
        smmu::sysc::SmmuLines lines;
        lines.eventq = &irq_eventq;
        lines.gerror = &irq_gerror;
        lines.cmdq_sync = &irq_sync;
        lines.priq = &irq_priq;
        smmu = std::make_unique<smmu::sysc::SmmuModule>(
            "smmu0", pinned_smmu_params(), smmu::core::TranslatorParams{}, lines,
            gsim::StatGroup(stats, "smmu0"), &registry);
        ep = std::make_unique<sysc::AtsEndpoint>("ep", SID_ATS, ats_params,
                                                 gsim::StatGroup(stats, "ep"));
        ep_noats = std::make_unique<sysc::AtsEndpoint>("ep_noats", SID_NOATS, noats_params,
                                                       gsim::StatGroup(stats, "ep_noats"));
        registry.add(ep->device());
        registry.add(ep_noats->device());
        bus.map({"dram", DRAM_BASE, DRAM_SIZE});
        bus.out.bind(dram.in);
        bus.map({"smmu0", SMMU_BASE, regs::FRAME_SIZE});
        bus.out.bind(smmu->mmio_in);
        smmu->walk.out.bind(bus.in);
        smmu->downstream_out.bind(bus.in);
        host.out.bind(bus.in);
        ep->out.bind(smmu->upstream_in);
        ep_noats->out.bind(smmu->upstream_in);
        build_tables();
        SC_HAS_PROCESS(Bench);
        SC_THREAD(host_thread);
    }

    void build_tables() {
        EXPECT_EQ(st.init(), fw::enc::EncError::OK);
        EXPECT_EQ(s2.init(), fw::enc::EncError::OK);
        EXPECT_EQ(s2.map(IOVA, BUF_PA, BUF_SIZE, fw::enc::PROT_READ | fw::enc::PROT_WRITE |
                                                     fw::enc::PROT_CACHE),
                  fw::enc::EncError::OK);
        EXPECT_EQ(s2.map(IOVA_RO, BUF_PA + BUF_SIZE, 4096, fw::enc::PROT_READ),
                  fw::enc::EncError::OK);
        auto ste = [&](uint8_t eats) {
            return fw::enc::SteBuilder()
                .valid()
                .config(fw::enc::STE_CFG_S2_TRANS)
                .s2_pgtable(s2.info(), 1)
                .eats(eats)
                .build();
        };
        EXPECT_EQ(st.write_ste(SID_ATS, ste(1)), fw::enc::EncError::OK);
        EXPECT_EQ(st.write_ste(SID_NOATS, ste(0)), fw::enc::EncError::OK);
        uint64_t pa = 0;
        EXPECT_EQ(alloc.alloc(cmdq.bytes(), cmdq.bytes(), &pa), fw::enc::EncError::OK);
        cmdq = fw::enc::Queue(pa, 8);
        EXPECT_EQ(alloc.alloc(4096, 4096, &pa), fw::enc::EncError::OK);
        evtq = fw::enc::Queue(pa, 7, fw::enc::Queue::EVT_ENTRY_BYTES);
    }

    // --- host side (call from the script only) ------------------------------------------
    void wr(uint64_t off, uint64_t v, unsigned size) {
        sc_time d = SC_ZERO_TIME;
        EXPECT_EQ(host.write(SMMU_BASE + off, v, size, d), tlm::TLM_OK_RESPONSE) << off;
        wait(d);
    }
    uint64_t rd(uint64_t off, unsigned size = 4) {
        sc_time d = SC_ZERO_TIME;
        uint64_t v = 0;
        EXPECT_EQ(host.read(SMMU_BASE + off, v, size, d), tlm::TLM_OK_RESPONSE) << off;
        wait(d);
        return v;
    }
    // Tables, queues, CR0 (SMMUEN | EVENTQEN | CMDQEN, optionally ATSCHK); waits for CR0ACK.
    void enable(bool atschk = false) {
        wr(regs::STRTAB_BASE, st.strtab_base(), 8);
        wr(regs::STRTAB_BASE_CFG, st.strtab_base_cfg(), 4);
        wr(regs::CMDQ_BASE, cmdq.base_register(), 8);
        wr(regs::CMDQ_PROD, 0, 4);
        wr(regs::CMDQ_CONS, 0, 4);
        wr(regs::EVENTQ_BASE, evtq.base_register(), 8);
        wr(regs::EVENTQ_PROD, 0, 4);
        wr(regs::EVENTQ_CONS, 0, 4);
        uint32_t cr0 = static_cast<uint32_t>(regs::CR0_SMMUEN.mask() | regs::CR0_EVENTQEN.mask() |
                                             regs::CR0_CMDQEN.mask());
        if (atschk) cr0 |= static_cast<uint32_t>(regs::CR0_ATSCHK.mask());
        wr(regs::CR0, cr0, 4);
        for (int i = 0; i < 1000 && rd(regs::CR0ACK) != cr0; ++i) wait(sc_time(10, SC_NS));
        EXPECT_EQ(rd(regs::CR0ACK), cr0);
    }
    // Writes the commands into the CMDQ and rings CMDQ_PROD.
    void submit(const std::vector<smmu::core::Command>& cmds) {
        for (const auto& c : cmds) {
            const uint64_t a = cmdq.slot_address(prod);
            mem.write64(a, c.d0);
            mem.write64(a + 8, c.d1);
            prod = cmdq.next(prod);
        }
        wr(regs::CMDQ_PROD, prod, 4);
    }
    // Polls CMDQ_CONS every 10 ns until it reaches PROD or reports an error; returns CONS.
    uint32_t wait_cons(sc_time limit = sc_time(5, SC_MS)) {
        const sc_time end = sc_time_stamp() + limit;
        uint32_t cons = 0;
        while (sc_time_stamp() < end) {
            cons = static_cast<uint32_t>(rd(regs::CMDQ_CONS));
            if (regs::CMDQ_CONS_ERR.get(cons) != 0 || cmdq.clean(cons) == prod) break;
            wait(sc_time(10, SC_NS));
        }
        return cons;
    }
    // Word 0 of every event record written so far (EventType[7:0], StreamID[63:32]).
    std::vector<uint64_t> events() {
        std::vector<uint64_t> out;
        const uint32_t p = static_cast<uint32_t>(rd(regs::EVENTQ_PROD));
        for (uint32_t i = 0; i < evtq.index(p); ++i) {
            uint64_t d0 = 0;
            mem.read64(evtq.slot_address(i), d0);
            out.push_back(d0);
        }
        return out;
    }

    void host_thread() {
        if (script) script(*this);
        done = true;
    }
};

// Runs the bench for up to `limit` of simulated time and checks that the script finished.
inline void run(Bench& b, sc_time limit = sc_time(20, SC_MS)) {
    gsim::test::advance(limit);
    EXPECT_TRUE(b.done) << "host script did not finish";
}

}  // namespace ats::test
