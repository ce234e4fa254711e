// dma_map_benchmark on two simulated CPUs over DmaIommu with a fake flush of known cost: the
// reported mean unmap latency is the expected floored value, the tool's lines are printed, the
// seconds mode stops on simulated time, and 64-page granules contend on the iova spinlock while
// cached sizes do not.
#include <gtest/gtest.h>

#include <sstream>

#include "dma_test_bench.h"
#include "sc_test_support.h"
#include "workloads/dma_map_benchmark.h"

using namespace sc_core;
using dmatest::Bench;
using fw::workloads::DmaBenchParams;
using fw::workloads::DmaMapBenchmark;

namespace {
void run_on_all(Bench& t, DmaMapBenchmark& b) {
    for (unsigned i = 0; i < t.cpus.size(); ++i) {
        t.script(i, [&t, &b, i](fw::Cpu& c) { b.run_thread(c, *t.dma, i); });
    }
}
}  // namespace

TEST(DmaMapBenchmark, two_threads_report_the_floored_mean_unmap_latency) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    t.flush.ns = 1000;
    DmaBenchParams p;
    p.threads = 2;
    p.loops = 50;
    p.seconds = 20;
    DmaMapBenchmark b(p, gsim::StatGroup(t.stats, "bench"));
    run_on_all(t, b);
    gsim::test::advance(sc_time(10, SC_MS));
    EXPECT_EQ(b.threads_finished(), 2u);
    EXPECT_EQ(b.thread_loops(), (std::vector<uint64_t>{50, 50}));
    const auto r = b.result();
    EXPECT_EQ(r.loops, 100u);
    // Every unmap: unmap_base 300 + 1 PTE x 4 + flush 1000 + rcache free 60 = 1364 ns -> 13.
    EXPECT_EQ(r.avg_unmap_100ns, 13u);
    EXPECT_EQ(r.unmap_stddev, 0u);
    EXPECT_EQ(b.unmap_hist().count(), 100u);
    EXPECT_EQ(b.unmap_hist().min(), 1364u);
    EXPECT_EQ(b.unmap_hist().max(), 1364u);
    // Map: rcache hits after the first (300 + 60 + 4 = 364 ns -> 3).
    EXPECT_EQ(r.avg_map_100ns, 3u);
    EXPECT_EQ(t.flush.calls.size(), 100u);
    std::ostringstream os;
    b.print(os);
    EXPECT_EQ(os.str(),
              "dma mapping benchmark: threads:2 seconds:20 node:-1 dir:BIDIRECTIONAL granule: 1\n"
              "average map latency(us):0.3 standard deviation:0.1\n"
              "average unmap latency(us):1.3 standard deviation:0.0\n");
    std::ostringstream js;
    b.write_json(js);
    EXPECT_NE(js.str().find("\"avg_unmap_100ns\":13"), std::string::npos);
    EXPECT_NE(js.str().find("\"thread_loops\":[50,50]"), std::string::npos);
}

TEST(DmaMapBenchmark, seconds_mode_stops_on_simulated_time) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    t.flush.ns = 1000;
    DmaBenchParams p;
    p.threads = 2;
    p.seconds = 100e-6;  // 100 us; one loop = memset 200 + map 364 + unmap 1364 ns
    DmaMapBenchmark b(p, gsim::StatGroup(t.stats, "bench"));
    run_on_all(t, b);
    gsim::test::advance(sc_time(10, SC_MS));
    EXPECT_EQ(b.threads_finished(), 2u);
    for (uint64_t n : b.thread_loops()) {
        EXPECT_GE(n, 50u);
        EXPECT_LE(n, 53u);
    }
}

TEST(DmaMapBenchmark, sixty_four_page_granules_contend_on_the_iova_spinlock) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    t.flush.ns = 100;
    DmaBenchParams p;
    p.threads = 2;
    p.loops = 20;
    p.granule_pages = 64;
    p.dma_dir = 2;  // FROM_DEVICE: no memset think time
    DmaMapBenchmark b(p, gsim::StatGroup(t.stats, "bench"));
    run_on_all(t, b);
    gsim::test::advance(sc_time(10, SC_MS));
    EXPECT_EQ(b.result().loops, 40u);
    EXPECT_EQ(t.stat("dma.iova_lock.acquisitions"), 80u);  // alloc + free per loop, per thread
    EXPECT_GE(t.stat("dma.iova_lock.contended"), 20u);
    // Uncontended: map 300 + rbtree 400 + 64 x 4 = 956 ns, unmap 300 + 64 x 4 + flush 100 +
    // rbtree free 400 = 1056 ns. The two threads run in step, so one of them waits for the
    // other's rbtree allocation (400 ns) plus the hand-off (100 ns) in most loops.
    EXPECT_EQ(b.map_hist().min(), 956u);
    EXPECT_EQ(b.map_hist().max(), 956u + 400u + 100u);
    EXPECT_GE(b.result().avg_map_100ns, 11u);
    EXPECT_GE(b.unmap_hist().min(), 1056u);
}

TEST(DmaMapBenchmark, cached_granules_do_not_contend_after_the_first_allocation) {
    gsim::test::guard_single_elaboration();
    Bench t(2);
    t.flush.ns = 100;
    DmaBenchParams p;
    p.threads = 2;
    p.loops = 20;
    p.granule_pages = 32;
    p.dma_dir = 2;
    DmaMapBenchmark b(p, gsim::StatGroup(t.stats, "bench"));
    run_on_all(t, b);
    gsim::test::advance(sc_time(10, SC_MS));
    EXPECT_EQ(b.result().loops, 40u);
    EXPECT_EQ(t.stat("dma.iova_lock.acquisitions"), 2u);  // the two first-time rcache misses
    EXPECT_LE(t.stat("dma.iova_lock.contended"), 1u);
    // 300 + 32 x 4 + 100 + rcache free 60 = 588 ns -> 5, no variation.
    EXPECT_EQ(b.result().avg_unmap_100ns, 5u);
    EXPECT_EQ(b.unmap_hist().max(), 588u);
}

TEST(DmaBenchParams, declares_every_parameter_with_provenance) {
    struct V : gsim::ParamVisitor {
        std::vector<std::string> keys;
        void add(const char* k, const gsim::Param& p) {
            keys.push_back(k);
            EXPECT_STRNE(p.source, "") << k;
            EXPECT_STRNE(p.help, "") << k;
        }
        void u64(const char* k, uint64_t&, const gsim::Param& p) override { add(k, p); }
        void f64(const char* k, double&, const gsim::Param& p) override { add(k, p); }
        void flag(const char* k, bool&, const gsim::Param& p) override { add(k, p); }
        void str(const char* k, std::string&, const gsim::Param& p) override { add(k, p); }
        void choice(const char* k, std::string&, std::vector<std::string>,
                    const gsim::Param& p) override {
            add(k, p);
        }
    } v;
    fw::workloads::DmaBenchParams p;
    p.visit(v);
    EXPECT_EQ(v.keys.size(), 10u);
    fw::linux_model::DmaIommuParams d;
    V w;
    d.visit(w);
    EXPECT_EQ(w.keys.size(), 9u);
}

TEST(DmaMapBenchmark, prints_the_tool_format_before_any_sample) {
    fw::workloads::DmaBenchParams p;
    p.threads = 2;
    p.seconds = 20;
    p.granule_pages = 16;
    p.dma_dir = 1;
    gsim::Stats stats;
    fw::workloads::DmaMapBenchmark b(p, gsim::StatGroup(stats, "bench"));
    std::ostringstream os;
    b.print(os);
    EXPECT_EQ(os.str(),
              "dma mapping benchmark: threads:2 seconds:20 node:-1 dir:TO_DEVICE granule: 16\n"
              "average map latency(us):0.0 standard deviation:0.0\n"
              "average unmap latency(us):0.0 standard deviation:0.0\n");
    EXPECT_EQ(b.buffer_pa(1), p.buffer_base + 16 * 4096);
}
