#include "workloads/ftrace_replay.h"

#include <cinttypes>
#include <algorithm>
#include <cstdio>

namespace fw::workloads {

FtraceReplay::FtraceReplay(const traces::FtraceTrace& trace, uint64_t buffer_base, uint64_t buffer_size,
                           gsim::StatGroup stats)
    : m_trace(trace),
      m_buf_base(buffer_base),
      m_buf_size(buffer_size),
      m_by_cpu(trace.max_cpu + 1),
      m_res(trace.max_cpu + 1),
      m_all_unmap(stats.histogram("unmap_ns", "ns")) {
    bool first = true;
    for (const auto& e : trace.events) {
        if (first || e.timestamp_ns < m_t0_ns) m_t0_ns = e.timestamp_ns;
        first = false;
        m_by_cpu[e.cpu].push_back(&e);
    }
}

void FtraceReplay::run_cpu(Cpu& cpu, linux_model::DmaIommu& dma, unsigned c, uint64_t start_ps) {
    CpuResult& r = m_res.at(c);
    std::map<uint64_t, std::pair<uint64_t, uint64_t>> live;  // traced iova -> (our iova, size)
    for (const traces::FtraceEvent* e : m_by_cpu.at(c)) {
        const uint64_t due = start_ps + (e->timestamp_ns - m_t0_ns) * 1000;
        const uint64_t now = cpu.now_ps();
        if (now < due) {
            cpu.compute_ns(double(due - now) / 1000.0);
        } else {
            r.lost_ps = std::max(r.lost_ps, now - due);  // how far behind the trace it fell
        }
        if (e->kind == traces::FtraceKind::MAP) {
            const uint64_t size = e->size ? e->size : e->iova_end - e->iova;
            const uint64_t phys = m_buf_base + ((e->paddr & ~uint64_t{0xfff}) % (m_buf_size - size + 1) & ~uint64_t{0xfff});
            const uint64_t iova = dma.map(cpu, phys, size);
            if (!iova) {
                ++r.map_failures;
                continue;
            }
            live[e->iova] = {iova, size};
            ++r.maps;
        } else {
            auto it = live.find(e->iova);
            if (it == live.end()) {
                ++r.unknown_unmaps;  // reported, not fatal
                continue;
            }
            const uint64_t t0 = cpu.now_ps();
            const int rc = dma.unmap(cpu, it->second.first, it->second.second);
            const uint64_t ns = (cpu.now_ps() - t0) / 1000;
            live.erase(it);
            if (rc) {
                ++r.unmap_errors;
                continue;
            }
            ++r.unmaps;
            r.unmap_ns.sample(ns);
            m_all_unmap.sample(ns);
        }
    }
}

static void line(std::ostream& os, const char* who, const gsim::Histogram& h, uint64_t unmaps,
                 uint64_t lost_ps) {
    char b[256];
    std::snprintf(b, sizeof b, "%-8s unmaps %7" PRIu64 "  mean %9.3f us  p50 <= %7.3f  p90 <= %7.3f  p99 <= %7.3f  max %8.3f us  lost time %9.3f us\n",
                  who, unmaps, h.mean() / 1000.0, h.percentile_upper(50) / 1000.0, h.percentile_upper(90) / 1000.0,
                  h.percentile_upper(99) / 1000.0, h.max() / 1000.0, double(lost_ps) / 1e6);
    os << b;
}

void FtraceReplay::print(std::ostream& os) const {
    uint64_t unmaps = 0, lost = 0, unknown = 0, fails = 0;
    for (size_t c = 0; c < m_res.size(); ++c) {
        const CpuResult& r = m_res[c];
        if (!r.maps && !r.unmaps && !r.unknown_unmaps) continue;
        line(os, ("cpu" + std::to_string(c)).c_str(), r.unmap_ns, r.unmaps, r.lost_ps);
        unmaps += r.unmaps;
        lost = std::max(lost, r.lost_ps);
        unknown += r.unknown_unmaps;
        fails += r.map_failures + r.unmap_errors;
    }
    line(os, "all", m_all_unmap, unmaps, lost);
    os << "unmap latency histogram (ns, log2 buckets):";
    for (size_t b = 0; b < m_all_unmap.buckets().size(); ++b) {
        if (m_all_unmap.buckets()[b]) os << " [" << (b ? (uint64_t{1} << (b - 1)) : 0) << ", " << (uint64_t{1} << b) << "): " << m_all_unmap.buckets()[b];
    }
    os << "\n";
    os << "trace: " << m_trace.events.size() << " map/unmap events, " << unknown << " unmaps of never-mapped IOVAs, "
       << fails << " failed operations, unknown events skipped:";
    if (m_trace.unknown_events.empty()) os << " none";
    for (const auto& [k, v] : m_trace.unknown_events) os << " " << k << "=" << v;
    os << "\n";
}

void FtraceReplay::write_json(std::ostream& os) const {
    os << "{\"cpus\": [";
    for (size_t c = 0; c < m_res.size(); ++c) {
        const CpuResult& r = m_res[c];
        os << (c ? ", " : "") << "{\"cpu\": " << c << ", \"maps\": " << r.maps << ", \"unmaps\": " << r.unmaps
           << ", \"unknown_unmaps\": " << r.unknown_unmaps << ", \"lost_ns\": " << r.lost_ps / 1000 << ", \"unmap_ns\": ";
        r.unmap_ns.write_json(os);
        os << "}";
    }
    os << "], \"unmap_ns\": ";
    m_all_unmap.write_json(os);
    os << "}\n";
}

}  // namespace fw::workloads
