// Shared fixture of the DMA-API SystemC tests: CPUs (script agents) on a bus with DRAM, a
// stage-1 page table in DRAM edited through a PtAccessWriter, a fake IommuFlushOps that records
// every call and spends a fixed time, and one DmaIommu. CPU loads/stores of the page table cost
// zero (set_cached_access_cost(0), DMI grants warmed) so the expected latencies are exact sums of
// parameters.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "agent/sw_agent.h"
#include "common/sparse_memory.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "kernel/cpu.h"
#include "linux/dma_iommu.h"
#include "linux/pt_access_writer.h"
#include "soc/dram.h"
#include "soc/router.h"

namespace dmatest {

using namespace sc_core;

struct ScriptAgent : fw::SwAgent {
    std::function<void(fw::Cpu&)> script;
    unsigned cpu_id;
    ScriptAgent(sc_module_name n, gsim::StatGroup s, unsigned id) : SwAgent(n, s), cpu_id(id) {}
    void run() override {
        fw::Cpu c(*this, main_port(), cpu_id);
        if (script) script(c);
    }
};

struct FakeFlush : fw::linux_model::IommuFlushOps {
    struct Call {
        unsigned cpu;
        uint16_t asid;
        uint64_t iova, size;
        bool leaf;
    };
    double ns = 1000;
    int rc = 0;
    std::vector<Call> calls;
    int iotlb_sync_range(fw::Cpu& cpu, const fw::linux_model::DomainInfo& d, uint64_t iova,
                         uint64_t size, bool leaf) override {
        calls.push_back({cpu.id(), d.asid, iova, size, leaf});
        cpu.compute_ns(ns);
        return rc;
    }
};

constexpr uint64_t DRAM_BASE = 0x80000000;
constexpr uint64_t DRAM_SIZE = 4 << 20;
constexpr uint64_t IOVA_BASE = 0x10000000;

// The costs the tests' expected sums were written against (calibration changes the defaults).
inline fw::linux_model::DmaIommuParams pinned_dma_params() {
    fw::linux_model::DmaIommuParams p;
    p.unmap_base_ns = 300;
    return p;
}

struct Bench {
    gsim::Stats stats;
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), SC_ZERO_TIME};
    soc::Dram dram{"dram", DRAM_SIZE, sc_time(10, SC_NS), sc_time(10, SC_NS),
                   gsim::StatGroup(stats, "dram")};
    std::vector<std::unique_ptr<ScriptAgent>> cpus;
    fw::enc::PhysAllocator palloc{DRAM_BASE, 1 << 20};
    std::unique_ptr<fw::linux_model::PtAccessWriter> writer;
    std::unique_ptr<fw::enc::PageTable> pt;
    FakeFlush flush;
    fw::linux_model::DomainInfo domain;
    std::unique_ptr<fw::linux_model::DmaIommu> dma;
    bool pt_ready = false;

    explicit Bench(unsigned ncpus, uint64_t iova_pages = 4096,
                   fw::linux_model::DmaIommuParams p = pinned_dma_params()) {
        tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, SC_US));
        bus.map({"dram", DRAM_BASE, DRAM_SIZE});
        bus.out.bind(dram.in);
        for (unsigned i = 0; i < ncpus; ++i) {
            cpus.push_back(std::make_unique<ScriptAgent>(
                ("cpu" + std::to_string(i)).c_str(),
                gsim::StatGroup(stats, "cpu" + std::to_string(i)), i));
            cpus.back()->bus_out.bind(bus.in);
            cpus.back()->add_decoupled_range(DRAM_BASE, DRAM_SIZE);
            cpus.back()->main_port().set_cached_access_cost(SC_ZERO_TIME);
        }
        writer = std::make_unique<fw::linux_model::PtAccessWriter>(cpus[0]->main_port());
        fw::enc::PageTableConfig cfg;
        pt = std::make_unique<fw::enc::PageTable>(cfg, palloc, *writer);
        domain.asid = 7;
        domain.sid = 0x40;
        dma = std::make_unique<fw::linux_model::DmaIommu>(p, flush, domain, *pt, IOVA_BASE,
                                                          iova_pages * 4096,
                                                          gsim::StatGroup(stats, "dma"), "dma");
        dma->set_pgtable_writer(writer.get());
    }
    // The page table is created from the first CPU thread that runs (ports are bound then).
    void ensure_pt() {
        if (pt_ready) return;
        writer->set_logging(false);
        EXPECT_EQ(pt->init(), fw::enc::EncError::OK);
        writer->set_logging(true);
        pt_ready = true;
    }
    void script(unsigned i, std::function<void(fw::Cpu&)> f) {
        cpus[i]->script = [this, f](fw::Cpu& c) {
            ensure_pt();
            // Warm the DMI grants (one per DRAM page) of the table area: afterwards every
            // page-table access of this CPU costs the cached cost (0).
            for (uint64_t a = DRAM_BASE; a < DRAM_BASE + (1 << 20);
                 a += gsim::SparseMemory::PAGE_SIZE) {
                c.read64(a);
            }
            c.sync();
            f(c);
        };
    }
    uint64_t stat(const std::string& n) const { return stats.value(n); }
};

}  // namespace dmatest
