// grace-sim SMMUv3: a generic set-associative cache used for every translation-side cache
// (per-port micro-TLBs, main TLB, STE cache, CD cache, walk cache).
//
// Implements: `entries` split into `entries / ways` sets of `ways` ways; replacement "lru",
// "fifo" or "random" (seeded gsim::Rng, deterministic); lookup by caller-supplied set key and
// match predicate; invalidation by predicate that scans EVERY set (so an invalidation can never
// miss an entry because of the set index, unlike gem5's CFGI_CD path, spec/smmuv3.md B.1 #6).
// Not implemented: lookup ports/contention (the timing model charges lookup cycles), locking.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/rng.h"

namespace smmu::core {

enum class ReplPolicy : uint8_t { LRU, FIFO, RANDOM };

inline ReplPolicy parse_repl_policy(const std::string& s) {
    if (s == "fifo") return ReplPolicy::FIFO;
    if (s == "random") return ReplPolicy::RANDOM;
    return ReplPolicy::LRU;
}

struct CacheScan {
    uint64_t scanned = 0;
    uint64_t removed = 0;
};

template <typename T>
class SetAssocCache {
public:
    SetAssocCache(unsigned entries, unsigned ways, ReplPolicy policy, uint64_t seed)
        : m_policy(policy), m_rng(seed) {
        if (entries == 0) entries = 1;
        if (ways == 0 || ways > entries) ways = entries;
        m_ways = ways;
        m_sets = entries / ways;
        if (m_sets == 0) m_sets = 1;
        m_lines.resize(size_t(m_sets) * m_ways);
        m_live.reserve(m_lines.size());
    }

    // First valid entry of the set selected by set_key satisfying match, or nullptr.
    // A hit refreshes the LRU stamp.
    template <typename Match>
    T* lookup(uint64_t set_key, Match match) {
        size_t base = set_of(set_key) * m_ways;
        for (unsigned w = 0; w < m_ways; ++w) {
            Line& l = m_lines[base + w];
            if (l.valid && match(l.data)) {
                l.used = ++m_clock;
                ++m_hits;
                return &l.data;
            }
        }
        ++m_misses;
        return nullptr;
    }

    // Insert into the set selected by set_key. An existing entry satisfying `same` is
    // replaced in place (no duplicates); otherwise an invalid way or a victim is used.
    template <typename Same>
    void insert(uint64_t set_key, const T& data, Same same) {
        size_t base = set_of(set_key) * m_ways;
        Line* victim = nullptr;
        for (unsigned w = 0; w < m_ways; ++w) {
            Line& l = m_lines[base + w];
            if (l.valid && same(l.data)) {
                victim = &l;
                break;
            }
            if (!l.valid && !victim) victim = &l;
        }
        if (!victim) victim = &m_lines[base + choose_victim(base)];
        if (!victim->valid) {
            victim->live_pos = uint32_t(m_live.size());
            m_live.push_back(uint32_t(victim - m_lines.data()));
        }
        victim->valid = true;
        victim->data = data;
        victim->used = victim->filled = ++m_clock;
        ++m_fills;
    }

    // Remove every valid entry satisfying pred (considers every valid entry of every set;
    // only the valid lines are visited, through the live-line index, so an invalidation of a
    // mostly empty cache costs host time in proportion to its occupancy, not its size).
    template <typename Pred>
    CacheScan invalidate_if(Pred pred) {
        CacheScan s;
        size_t i = 0;
        while (i < m_live.size()) {
            Line& l = m_lines[m_live[i]];
            ++s.scanned;
            if (pred(l.data)) {
                l.valid = false;
                ++s.removed;
                const uint32_t moved = m_live.back();
                m_live[i] = moved;
                m_lines[moved].live_pos = uint32_t(i);
                m_live.pop_back();
            } else {
                ++i;
            }
        }
        return s;
    }
    CacheScan clear() {
        return invalidate_if([](const T&) { return true; });
    }

    // Visit every valid entry (tests and statistics).
    void for_each(const std::function<void(const T&)>& f) const {
        for (const Line& l : m_lines)
            if (l.valid) f(l.data);
    }
    size_t occupancy() const { return m_live.size(); }
    unsigned sets() const { return m_sets; }
    unsigned ways() const { return m_ways; }
    size_t capacity() const { return m_lines.size(); }
    uint64_t hits() const { return m_hits; }
    uint64_t misses() const { return m_misses; }
    uint64_t evictions() const { return m_evictions; }

private:
    struct Line {
        bool valid = false;
        uint32_t live_pos = 0;  // index in m_live while valid
        uint64_t used = 0;
        uint64_t filled = 0;
        T data{};
    };
    size_t set_of(uint64_t key) const {
        // Fold the key so that neighbouring pages spread over the sets.
        uint64_t h = key ^ (key >> 17) ^ (key >> 31);
        return size_t(h % m_sets);
    }
    unsigned choose_victim(size_t base) {
        ++m_evictions;
        if (m_policy == ReplPolicy::RANDOM) return unsigned(m_rng.below(m_ways));
        unsigned best = 0;
        uint64_t best_stamp = ~uint64_t{0};
        for (unsigned w = 0; w < m_ways; ++w) {
            const Line& l = m_lines[base + w];
            uint64_t stamp = m_policy == ReplPolicy::LRU ? l.used : l.filled;
            if (stamp < best_stamp) {
                best_stamp = stamp;
                best = w;
            }
        }
        return best;
    }

    ReplPolicy m_policy;
    gsim::Rng m_rng;
    unsigned m_ways = 1;
    unsigned m_sets = 1;
    std::vector<Line> m_lines;
    std::vector<uint32_t> m_live;  // indices of the valid lines, in no particular order
    uint64_t m_clock = 0;
    uint64_t m_hits = 0, m_misses = 0, m_fills = 0, m_evictions = 0;
};

}  // namespace smmu::core
