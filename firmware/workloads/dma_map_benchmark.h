// grace-sim: the dma_map_benchmark workload (kernel/dma/map_benchmark.c + the user tool
// tools/dma/dma_map_benchmark.c; spec/software-stack.md 1). One thread body per CPU: the
// integrator calls run_thread() from each CPU or vCPU agent thread with that thread's Cpu and the
// device's DmaIommu. Each thread allocates its buffer once (a fixed physical range per thread),
// then loops: memset think time (dir != FROM_DEVICE), t0, map, t1, transmission delay, t2,
// unmap, t3; samples floored to 100 ns and summed across threads (MapBenchStats); the thread
// stops after `loops` samples (when non-zero) or once `seconds` of simulated time have passed
// since it started, whichever comes first. A map failure ends that thread (as -ENOMEM does).
// Results: floored means and stddevs as the kernel reports them, per-thread sample counts, map
// and unmap latency histograms in ns; print() writes the user tool's three lines, write_json()
// a machine-readable form.
// Not implemented: NUMA placement (node is reported only), dma_bits (no DMA mask), SG mode,
// kthread scheduling (each thread runs on the CPU it is given, all start when called).
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/params.h"
#include "common/stats.h"
#include "kernel/cpu.h"
#include "linux/dma_iommu.h"
#include "workloads/map_bench_stats.h"

namespace fw::workloads {

struct DmaBenchParams {
    uint64_t threads = 1;             // -t
    uint64_t granule_pages = 1;       // -g (pages of page_size)
    uint64_t loops = 0;               // samples per thread; 0: run for `seconds`
    double seconds = 1.0;             // -s, simulated
    uint64_t dma_dir = 0;             // -d: 0 BIDIRECTIONAL, 1 TO_DEVICE, 2 FROM_DEVICE
    double delay_ns = 0;              // -x: transmission delay between map and unmap
    double memset_ns_per_page = 200;  // think time: memset of the buffer before map
    std::string node = "-1";          // -n: NUMA node (reported only)
    uint64_t page_size = 4096;        // PAGE_SIZE of the kernel running the benchmark
    uint64_t buffer_base = 0x8'0000'0000ull;  // PA of thread 0's buffer (one buffer per thread)
    void visit(gsim::ParamVisitor& v);
    int node_id() const;
    const char* dir_name() const;
    uint64_t buffer_bytes() const { return granule_pages * page_size; }
};

class DmaMapBenchmark {
public:
    DmaMapBenchmark(const DmaBenchParams& p, gsim::StatGroup stats);

    // The thread body (blocking, on the calling CPU). idx in [0, threads).
    void run_thread(Cpu& cpu, linux_model::DmaIommu& dma, unsigned idx);
    uint64_t buffer_pa(unsigned idx) const;

    MapBenchResult result() const { return m_acc.finish(); }
    const std::vector<uint64_t>& thread_loops() const { return m_thread_loops; }
    unsigned threads_finished() const { return m_finished; }
    uint64_t map_failures() const { return m_map_failures; }
    uint64_t unmap_errors() const { return m_unmap_errors; }
    const gsim::Histogram& unmap_hist() const { return m_unmap_ns; }
    const gsim::Histogram& map_hist() const { return m_map_ns; }
    const DmaBenchParams& params() const { return m_p; }

    // The user tool's output (header line, average map and unmap latency lines).
    void print(std::ostream& os) const;
    void write_json(std::ostream& os) const;

private:
    DmaBenchParams m_p;
    MapBenchStats m_acc;
    std::vector<uint64_t> m_thread_loops;
    unsigned m_finished = 0;
    uint64_t m_map_failures = 0;
    uint64_t m_unmap_errors = 0;
    gsim::Histogram& m_map_ns;
    gsim::Histogram& m_unmap_ns;
    gsim::Counter& m_samples;
};

}  // namespace fw::workloads
