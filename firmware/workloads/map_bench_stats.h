// grace-sim: the arithmetic of Linux's dma_map_benchmark (kernel/dma/map_benchmark.c), pure:
// each sample is converted to 100 ns units by integer division of its nanosecond delta, the
// value and its square are summed (shared by all threads), and at the end the mean is the
// integer quotient sum / loops and the standard deviation the integer square root of
// sum_sq / loops - mean^2 (all in 100 ns units), as the kernel reports them to the tool.
// Not implemented: overflow detection of the 64-bit sums (the kernel has none either).
#pragma once
#include <cstdint>

namespace fw::workloads {

struct MapBenchResult {
    uint64_t loops = 0;
    uint64_t sum_map_100ns = 0, sum_unmap_100ns = 0;
    uint64_t sum_sq_map = 0, sum_sq_unmap = 0;
    uint64_t avg_map_100ns = 0, avg_unmap_100ns = 0;
    uint64_t map_stddev = 0, unmap_stddev = 0;  // 100 ns units
};

class MapBenchStats {
public:
    // One sample from four timestamps in ns (ktime_get values).
    void add_ns(uint64_t map_start, uint64_t map_end, uint64_t unmap_start, uint64_t unmap_end);
    // One sample from durations in ns.
    void add_delta_ns(uint64_t map_ns, uint64_t unmap_ns);
    MapBenchResult finish() const;
    uint64_t loops() const { return m_r.loops; }

    static uint64_t to_100ns(uint64_t ns) { return ns / 100; }
    static uint64_t int_sqrt64(uint64_t x);  // floor(sqrt(x))

private:
    MapBenchResult m_r;
};

}  // namespace fw::workloads
