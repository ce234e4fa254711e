// grace-sim: dma_map_benchmark workload (see dma_map_benchmark.h).
#include "workloads/dma_map_benchmark.h"

#include "common/timeline.h"

#include <cstdio>
#include <cstdlib>

namespace fw::workloads {

void DmaBenchParams::visit(gsim::ParamVisitor& v) {
    v.u64("threads", threads,
          {"", "benchmark threads (-t), one per CPU", "spec/software-stack.md 1.1", 1, 1024});
    v.u64("granule", granule_pages,
          {"pages", "buffer size in pages (-g)", "spec/software-stack.md 1.1, 1.4", 1, 1024});
    v.u64("loops", loops,
          {"", "samples per thread; 0: run for `seconds`", "model option (the tool has none)", 0,
           uint64_t{1} << 40});
    v.f64("seconds", seconds,
          {"s", "simulated run time (-s)", "spec/software-stack.md 1.1 (tool: 1..300)", 0, 300});
    v.u64("dir", dma_dir,
          {"", "DMA direction (-d): 0 bidirectional, 1 to-device, 2 from-device",
           "spec/software-stack.md 1.1", 0, 2});
    v.f64("delay_ns", delay_ns,
          {"ns", "transmission delay between map and unmap (-x)", "spec/software-stack.md 1.1", 0,
           10'000'000});
    v.f64("memset_ns_per_page", memset_ns_per_page,
          {"ns", "memset of the buffer before each map when dir != from-device (think time)",
           "Est. (spec/software-stack.md 1.1: ~0.2 us per 4 KiB at ~20 GB/s)", 0, 1'000'000});
    v.str("node", node,
          {"", "NUMA node (-n), -1 = none; reported only", "spec/software-stack.md 1.2"});
    v.u64("page_size", page_size,
          {"bytes", "PAGE_SIZE of the kernel running the benchmark",
           "spec/software-stack.md 1.4 (4 KiB guest)", 4096, 65536});
    v.u64("buffer_base", buffer_base,
          {"bytes", "physical address of thread 0's buffer; thread i's follows at i * granule",
           "model choice", 0, ~uint64_t{0}});
}

int DmaBenchParams::node_id() const { return std::atoi(node.c_str()); }

const char* DmaBenchParams::dir_name() const {
    static const char* const names[] = {"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE"};
    return dma_dir < 3 ? names[dma_dir] : "UNKNOWN";
}

DmaMapBenchmark::DmaMapBenchmark(const DmaBenchParams& p, gsim::StatGroup stats)
    : m_p(p),
      m_thread_loops(p.threads, 0),
      m_map_ns(stats.histogram("map_ns", "ns")),
      m_unmap_ns(stats.histogram("unmap_ns", "ns")),
      m_samples(stats.counter("samples")) {}

uint64_t DmaMapBenchmark::buffer_pa(unsigned idx) const {
    return m_p.buffer_base + uint64_t{idx} * m_p.buffer_bytes();
}

void DmaMapBenchmark::run_thread(Cpu& cpu, linux_model::DmaIommu& dma, unsigned idx) {
    if (idx >= m_thread_loops.size()) m_thread_loops.resize(idx + 1, 0);
    const uint64_t pa = buffer_pa(idx);
    const uint64_t size = m_p.buffer_bytes();
    const uint64_t start_ps = cpu.now_ps();
    const uint64_t budget_ps = static_cast<uint64_t>(m_p.seconds * 1e12);
    auto ns = [&cpu] { return cpu.now_ps() / 1000; };  // ktime_get(): ns resolution
    while (true) {
        if (m_p.loops != 0 && m_thread_loops[idx] >= m_p.loops) break;
        if (m_p.loops == 0 && cpu.now_ps() - start_ps >= budget_ps) break;
        if (m_p.dma_dir != 2) {
            cpu.compute_ns(m_p.memset_ns_per_page * static_cast<double>(m_p.granule_pages));
        }
        const uint64_t t0 = ns();
        const uint64_t iova = dma.map(cpu, pa, size);
        const uint64_t t1 = ns();
        if (iova == 0) {
            ++m_map_failures;  // dma_mapping_error: the thread ends with -ENOMEM
            break;
        }
        if (m_p.delay_ns > 0) cpu.compute_ns(m_p.delay_ns);
        const uint64_t t2 = ns();
        if (dma.unmap(cpu, iova, size) != 0) ++m_unmap_errors;
        const uint64_t t3 = ns();
        m_acc.add_ns(t0, t1, t2, t3);
        if (auto* tl = gsim::Timeline::active()) {
            tl->span(cpu.agent().name(), "dma_map", t0 * 1000, (t1 - t0) * 1000);
            tl->span(cpu.agent().name(), "dma_unmap", t2 * 1000, (t3 - t2) * 1000);
        }
        m_map_ns.sample(t1 - t0);
        m_unmap_ns.sample(t3 - t2);
        ++m_samples;
        ++m_thread_loops[idx];
    }
    ++m_finished;
}

void DmaMapBenchmark::print(std::ostream& os) const {
    const MapBenchResult r = result();
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "dma mapping benchmark: threads:%d seconds:%d node:%d dir:%s granule: %d\n",
                  static_cast<int>(m_p.threads), static_cast<int>(m_p.seconds), m_p.node_id(),
                  m_p.dir_name(), static_cast<int>(m_p.granule_pages));
    os << buf;
    std::snprintf(buf, sizeof buf, "average map latency(us):%.1f standard deviation:%.1f\n",
                  static_cast<double>(r.avg_map_100ns) / 10.0,
                  static_cast<double>(r.map_stddev) / 10.0);
    os << buf;
    std::snprintf(buf, sizeof buf, "average unmap latency(us):%.1f standard deviation:%.1f\n",
                  static_cast<double>(r.avg_unmap_100ns) / 10.0,
                  static_cast<double>(r.unmap_stddev) / 10.0);
    os << buf;
}

void DmaMapBenchmark::write_json(std::ostream& os) const {
    const MapBenchResult r = result();
    os << "{\"threads\":" << m_p.threads << ",\"seconds\":" << m_p.seconds
       << ",\"loops_per_thread\":" << m_p.loops << ",\"node\":" << m_p.node_id() << ",\"dir\":\""
       << m_p.dir_name() << "\",\"granule\":" << m_p.granule_pages << ",\"loops\":" << r.loops
       << ",\"avg_map_100ns\":" << r.avg_map_100ns << ",\"map_stddev_100ns\":" << r.map_stddev
       << ",\"avg_unmap_100ns\":" << r.avg_unmap_100ns
       << ",\"unmap_stddev_100ns\":" << r.unmap_stddev << ",\"map_failures\":" << m_map_failures
       << ",\"unmap_errors\":" << m_unmap_errors << ",\"thread_loops\":[";
    for (size_t i = 0; i < m_thread_loops.size(); ++i) os << (i ? "," : "") << m_thread_loops[i];
    os << "],\"map_ns\":";
    m_map_ns.write_json(os);
    os << ",\"unmap_ns\":";
    m_unmap_ns.write_json(os);
    os << "}";
}

}  // namespace fw::workloads
