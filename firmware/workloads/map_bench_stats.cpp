// grace-sim: dma_map_benchmark arithmetic (see map_bench_stats.h).
#include "workloads/map_bench_stats.h"

namespace fw::workloads {

void MapBenchStats::add_ns(uint64_t map_start, uint64_t map_end, uint64_t unmap_start,
                           uint64_t unmap_end) {
    add_delta_ns(map_end - map_start, unmap_end - unmap_start);
}

void MapBenchStats::add_delta_ns(uint64_t map_ns, uint64_t unmap_ns) {
    const uint64_t m = to_100ns(map_ns);
    const uint64_t u = to_100ns(unmap_ns);
    m_r.sum_map_100ns += m;
    m_r.sum_unmap_100ns += u;
    m_r.sum_sq_map += m * m;
    m_r.sum_sq_unmap += u * u;
    ++m_r.loops;
}

uint64_t MapBenchStats::int_sqrt64(uint64_t x) {
    // Bit-by-bit integer square root: exact floor for every 64-bit value.
    uint64_t res = 0;
    uint64_t bit = uint64_t{1} << 62;
    while (bit > x) bit >>= 2;
    while (bit != 0) {
        if (x >= res + bit) {
            x -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return res;
}

MapBenchResult MapBenchStats::finish() const {
    MapBenchResult r = m_r;
    if (r.loops == 0) return r;
    r.avg_map_100ns = r.sum_map_100ns / r.loops;
    r.avg_unmap_100ns = r.sum_unmap_100ns / r.loops;
    const uint64_t map_var = r.sum_sq_map / r.loops - r.avg_map_100ns * r.avg_map_100ns;
    const uint64_t unmap_var = r.sum_sq_unmap / r.loops - r.avg_unmap_100ns * r.avg_unmap_100ns;
    r.map_stddev = int_sqrt64(map_var);
    r.unmap_stddev = int_sqrt64(unmap_var);
    return r;
}

}  // namespace fw::workloads
