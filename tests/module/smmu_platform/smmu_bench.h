// Test bench for platform-level SMMU/CMDQV tests: the Grace-like platform with one or more
// scripted agents ("CPUs"), a table allocator in DRAM and helpers that build a stage-1 domain
// (2-level stream table, linear CD table, 4 KiB page table) with the fw::enc encoders.
// Does not implement: stage-2 or nested domains, substreams.
#pragma once
#include "test_timing.h"
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "encoders/cd.h"
#include "encoders/cd_table.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"
#include "encoders/stream_table.h"
#include "platform_harness.h"

namespace ptest {

constexpr uint64_t IOVA = 0x1000'0000;
constexpr uint64_t DATA_PA = DRAM + 0x4000'0000;  // data pages (targets of translations)

struct S1Domain {
    uint32_t sid = 0;
    uint16_t asid = 0;
    uint16_t vmid = 0;
    std::unique_ptr<fw::enc::CdTable> cdt;
    std::unique_ptr<fw::enc::PageTable> pt;
};

class Bench {
public:
    explicit Bench(unsigned num_cpus = 1, const std::function<void(platform::SimConfig&)>& tweak = {}) {
        common_setup();
        gsim::test::pin_test_timing(cfg.smmu);
        gsim::test::pin_test_timing(cfg.cmdqv);
        if (tweak) tweak(cfg);
        top = std::make_unique<platform::Platform>("platform", cfg, stats);
        mem = std::make_unique<DramWriter>(top->dram(), cfg.map.dram_base);
        for (unsigned i = 0; i < num_cpus; ++i) {
            const std::string n = "cpu" + std::to_string(i);
            cpus.push_back(std::make_unique<ScriptAgent>(n.c_str(), gsim::StatGroup(stats, n)));
            top->attach_agent(*cpus.back());
        }
        st = std::make_unique<fw::enc::StreamTable>(
            fw::enc::StreamTableConfig{fw::enc::StrtabFmt::TWO_LEVEL, 16, 8}, alloc, *mem);
        EXPECT_EQ(st->init(), fw::enc::EncError::OK);
    }

    ScriptAgent& cpu(unsigned i = 0) { return *cpus.at(i); }

    // Queue memory of 2^log2 entries of `entry` bytes, naturally aligned.
    uint64_t alloc_queue(unsigned log2, uint64_t entry) {
        uint64_t pa = 0;
        const uint64_t bytes = (uint64_t{1} << log2) * entry;
        EXPECT_EQ(alloc.alloc(bytes, bytes < 64 ? 64 : bytes, &pa), fw::enc::EncError::OK);
        return pa;
    }

    // A stage-1 domain for `sid` (Config = S1 translate, S2VMID = vmid tags the TLB entries).
    S1Domain& add_s1_domain(uint32_t sid, uint16_t asid, uint16_t vmid) {
        auto d = std::make_unique<S1Domain>();
        d->sid = sid;
        d->asid = asid;
        d->vmid = vmid;
        d->pt = std::make_unique<fw::enc::PageTable>(
            fw::enc::PageTableConfig{fw::enc::Stage::S1, fw::enc::Granule::G4K, 48, 48}, alloc, *mem);
        EXPECT_EQ(d->pt->init(), fw::enc::EncError::OK);
        d->cdt = std::make_unique<fw::enc::CdTable>(fw::enc::CdTableConfig{}, alloc, *mem);
        EXPECT_EQ(d->cdt->init(), fw::enc::EncError::OK);
        EXPECT_EQ(d->cdt->write_cd(0, fw::enc::CdBuilder()
                                          .ttb0_pgtable(d->pt->info(), asid, fw::enc::DEFAULT_MAIR)
                                          .build()),
                  fw::enc::EncError::OK);
        fw::enc::SteBuilder b;
        b.valid().config(fw::enc::STE_CFG_S1_TRANS).s2_vmid(vmid).shcfg(fw::enc::SHCFG_INCOMING);
        d->cdt->apply_to(b);
        EXPECT_EQ(st->write_ste(sid, b.build()), fw::enc::EncError::OK);
        domains.push_back(std::move(d));
        return *domains.back();
    }

    void map(S1Domain& d, uint64_t iova, uint64_t pa, uint64_t size = 4096) {
        EXPECT_EQ(d.pt->map(iova, pa, size,
                            fw::enc::PROT_READ | fw::enc::PROT_WRITE | fw::enc::PROT_CACHE),
                  fw::enc::EncError::OK);
    }

    // Fills a 4 KiB page with a byte pattern (backdoor).
    void fill_page(uint64_t pa, uint8_t seed) {
        std::vector<uint8_t> b(4096);
        for (size_t i = 0; i < b.size(); ++i) b[i] = uint8_t(seed + i);
        mem->write_bytes(pa, b.data(), b.size());
    }

    // One device DMA issued from an agent thread at its local time. Returns the TLM status and
    // advances the agent by the transaction latency (returned in `lat` if given).
    tlm::tlm_response_status dma(ScriptAgent& a, uint32_t sid, uint64_t iova, std::vector<uint8_t>& data,
                                 bool write = false, sc_time* lat = nullptr) {
        a.sync();
        platform::DmaRequest r;
        r.sid = sid;
        r.iova = iova;
        r.write = write;
        sc_time d = sc_core::SC_ZERO_TIME;
        auto st_ = top->dma().transact(r, data, d);
        if (lat) *lat = d;
        sc_core::wait(d);
        return st_;
    }

    uint64_t stat(const std::string& n) const { return stats.value(n); }
    const gsim::Histogram* hist(const std::string& n) const { return stats.find_histogram(n); }

    void run(sc_time limit = sc_time(5, sc_core::SC_MS)) {
        gsim::test::advance(limit);
        for (auto& c : cpus) {
            EXPECT_TRUE(c->done()) << c->name() << " did not finish";
            EXPECT_FALSE(c->failed()) << c->name() << ": " << c->failure();
        }
    }

    platform::SimConfig cfg;
    gsim::Stats stats;
    std::unique_ptr<platform::Platform> top;
    std::unique_ptr<DramWriter> mem;
    std::vector<std::unique_ptr<ScriptAgent>> cpus;
    fw::enc::PhysAllocator alloc{DRAM + 0x10'0000, 64 << 20};
    std::unique_ptr<fw::enc::StreamTable> st;
    std::vector<std::unique_ptr<S1Domain>> domains;
};

}  // namespace ptest
