// grace-sim: statistics registry. Counters and histograms keyed by hierarchical name,
// dumped as JSON in sorted key order (deterministic). Modules keep references: lookups
// happen once, at construction.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace gsim {

struct Counter {
    uint64_t value = 0;
    void inc(uint64_t n = 1) { value += n; }
    Counter& operator++() {
        ++value;
        return *this;
    }
    Counter& operator+=(uint64_t n) {
        value += n;
        return *this;
    }
};

// Histogram of non-negative samples with power-of-two buckets: bucket 0 holds 0,
// bucket k (k >= 1) holds [2^(k-1), 2^k). Also count, sum, min, max and sum of squares.
class Histogram {
public:
    explicit Histogram(std::string unit = "") : m_unit(std::move(unit)) {}
    void sample(uint64_t v);
    uint64_t count() const { return m_count; }
    uint64_t min() const { return m_count ? m_min : 0; }
    uint64_t max() const { return m_max; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    double stddev() const;
    uint64_t sum() const { return m_sum; }
    const std::vector<uint64_t>& buckets() const { return m_buckets; }
    const std::string& unit() const { return m_unit; }
    // Approximate percentile from the buckets (upper edge of the bucket holding it).
    uint64_t percentile_upper(double p) const;
    void write_json(std::ostream& os) const;

private:
    std::string m_unit;
    uint64_t m_count = 0, m_sum = 0, m_min = 0, m_max = 0;
    __extension__ using SumSq = unsigned __int128;
    SumSq m_sum_sq = 0;  // sum of squares, exact below 2^128 (2^40 samples of 2^44)
    std::vector<uint64_t> m_buckets;
};

class Stats {
public:
    Counter& counter(const std::string& name);
    Histogram& histogram(const std::string& name, const std::string& unit = "");
    // A value computed at dump time (e.g. final queue occupancy), stored as a counter.
    void set(const std::string& name, uint64_t v) { counter(name).value = v; }
    const Counter* find_counter(const std::string& name) const;
    const Histogram* find_histogram(const std::string& name) const;
    uint64_t value(const std::string& name) const {
        auto* c = find_counter(name);
        return c ? c->value : 0;
    }
    // {"counters": {...}, "histograms": {...}}, keys sorted.
    void write_json(std::ostream& os) const;
    const std::map<std::string, Counter>& counters() const { return m_counters; }
    void clear();

private:
    std::map<std::string, Counter> m_counters;
    std::map<std::string, std::unique_ptr<Histogram>> m_histograms;
};

// A view of a Stats registry under a name prefix: StatGroup g(stats, "platform.smmu0");
// g.counter("tlb_hits") is "platform.smmu0.tlb_hits". A default StatGroup has its own registry.
class StatGroup {
public:
    StatGroup();
    StatGroup(Stats& stats, std::string prefix) : m_stats(&stats), m_prefix(std::move(prefix)) {}
    Counter& counter(const std::string& n) { return m_stats->counter(full(n)); }
    Histogram& histogram(const std::string& n, const std::string& unit = "") {
        return m_stats->histogram(full(n), unit);
    }
    StatGroup sub(const std::string& n) const { return StatGroup(*m_stats, full(n)); }
    Stats& registry() { return *m_stats; }
    const std::string& prefix() const { return m_prefix; }

private:
    std::string full(const std::string& n) const { return m_prefix.empty() ? n : m_prefix + "." + n; }
    std::shared_ptr<Stats> m_own;
    Stats* m_stats;
    std::string m_prefix;
};

// Escape a string for JSON output.
std::string json_escape(const std::string& s);

}  // namespace gsim
