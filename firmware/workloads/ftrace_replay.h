// grace-sim: workload replay of a Linux ftrace trace of iommu:map / iommu:unmap events
// (traces/FORMAT.md). Each traced CPU becomes a thread that issues the trace's maps and unmaps
// through the DMA API at their relative timestamps, so every unmap produces the invalidations
// the configured path produces. Reports per-CPU and overall unmap latency (mean, percentiles,
// histogram; percentiles are log2-bucket upper bounds), and lost time: the largest delay of an
// event behind its trace timestamp (how much slower the simulated system is than the traced one).
#pragma once
#include <cstdint>
#include <map>
#include <ostream>
#include <vector>

#include "common/stats.h"
#include "formats/ftrace_reader.h"
#include "kernel/cpu.h"
#include "linux/dma_iommu.h"

namespace fw::workloads {

class FtraceReplay {
public:
    // buffer_base/buffer_size: where the replay's mappings point (the traced physical
    // addresses are folded into this window, page by page).
    FtraceReplay(const traces::FtraceTrace& trace, uint64_t buffer_base, uint64_t buffer_size,
                 gsim::StatGroup stats);
    unsigned cpus() const { return m_trace.max_cpu + 1; }
    // Thread body for traced CPU `trace_cpu`; `start_ps` is the common start time of all threads.
    void run_cpu(Cpu& cpu, linux_model::DmaIommu& dma, unsigned trace_cpu, uint64_t start_ps);

    struct CpuResult {
        uint64_t maps = 0, unmaps = 0, unknown_unmaps = 0, map_failures = 0, unmap_errors = 0;
        uint64_t lost_ps = 0;
        gsim::Histogram unmap_ns{"ns"};
    };
    const std::vector<CpuResult>& results() const { return m_res; }
    void print(std::ostream& os) const;
    void write_json(std::ostream& os) const;

private:
    const traces::FtraceTrace& m_trace;
    uint64_t m_buf_base, m_buf_size, m_t0_ns = 0;
    std::vector<std::vector<const traces::FtraceEvent*>> m_by_cpu;
    std::vector<CpuResult> m_res;
    gsim::Histogram& m_all_unmap;
};

}  // namespace fw::workloads
