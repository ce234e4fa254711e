#include "stats.h"

#include <cmath>
#include <cstdio>

namespace gsim {

void Histogram::sample(uint64_t v) {
    if (m_count == 0 || v < m_min) m_min = v;
    if (v > m_max) m_max = v;
    ++m_count;
    m_sum += v;
    m_sum_sq += static_cast<SumSq>(v) * v;  // exact; a long double sum cost x87 work
    // Bucket b > 0 holds the values of bit width b: [2^(b-1), 2^b).
    const size_t b = v ? static_cast<size_t>(64 - __builtin_clzll(v)) : 0;
    if (m_buckets.size() <= b) m_buckets.resize(b + 1, 0);
    ++m_buckets[b];
}

double Histogram::stddev() const {
    if (m_count == 0) return 0.0;
    long double n = m_count;
    long double mean = static_cast<long double>(m_sum) / n;
    long double var = static_cast<long double>(m_sum_sq) / n - mean * mean;
    return var > 0 ? static_cast<double>(std::sqrt(var)) : 0.0;
}

uint64_t Histogram::percentile_upper(double p) const {
    if (m_count == 0) return 0;
    uint64_t target = static_cast<uint64_t>(std::ceil(p / 100.0 * double(m_count)));
    if (target == 0) target = 1;
    uint64_t acc = 0;
    for (size_t b = 0; b < m_buckets.size(); ++b) {
        acc += m_buckets[b];
        if (acc >= target) {
            uint64_t upper = b == 0 ? 0 : (b >= 64 ? ~uint64_t{0} : (uint64_t{1} << b) - 1);
            return upper < m_max ? upper : m_max;
        }
    }
    return m_max;
}

void Histogram::write_json(std::ostream& os) const {
    char mean_buf[64], sd_buf[64];
    std::snprintf(mean_buf, sizeof mean_buf, "%.6g", mean());
    std::snprintf(sd_buf, sizeof sd_buf, "%.6g", stddev());
    os << "{\"unit\": \"" << json_escape(m_unit) << "\", \"count\": " << m_count
       << ", \"sum\": " << m_sum << ", \"min\": " << min() << ", \"max\": " << m_max
       << ", \"mean\": " << mean_buf << ", \"stddev\": " << sd_buf << ", \"log2_buckets\": [";
    for (size_t i = 0; i < m_buckets.size(); ++i) os << (i ? ", " : "") << m_buckets[i];
    os << "]}";
}

Counter& Stats::counter(const std::string& name) { return m_counters[name]; }

Histogram& Stats::histogram(const std::string& name, const std::string& unit) {
    auto& h = m_histograms[name];
    if (!h) h = std::make_unique<Histogram>(unit);
    return *h;
}

const Counter* Stats::find_counter(const std::string& name) const {
    auto it = m_counters.find(name);
    return it == m_counters.end() ? nullptr : &it->second;
}

const Histogram* Stats::find_histogram(const std::string& name) const {
    auto it = m_histograms.find(name);
    return it == m_histograms.end() ? nullptr : it->second.get();
}

void Stats::clear() {
    for (auto& [k, c] : m_counters) c.value = 0;
    for (auto& [k, h] : m_histograms) *h = Histogram(h->unit());
}

void Stats::write_json(std::ostream& os) const {
    os << "{\n  \"counters\": {";
    bool first = true;
    for (const auto& [k, c] : m_counters) {
        os << (first ? "\n" : ",\n") << "    \"" << json_escape(k) << "\": " << c.value;
        first = false;
    }
    os << (first ? "}" : "\n  }") << ",\n  \"histograms\": {";
    first = true;
    for (const auto& [k, h] : m_histograms) {
        os << (first ? "\n" : ",\n") << "    \"" << json_escape(k) << "\": ";
        h->write_json(os);
        first = false;
    }
    os << (first ? "}" : "\n  }") << "\n}\n";
}

StatGroup::StatGroup() : m_own(std::make_shared<Stats>()), m_stats(m_own.get()) {}

std::string json_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", ch);
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

}  // namespace gsim
