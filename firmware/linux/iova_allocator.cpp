// grace-sim: IOVA allocator model (see iova_allocator.h).
#include "linux/iova_allocator.h"

namespace fw::linux_model {

IovaAllocator::IovaAllocator(uint64_t base_pfn, uint64_t npages, unsigned mag_size,
                             unsigned depot_max, unsigned rcache_orders)
    : m_base(base_pfn),
      m_end(base_pfn + npages),
      m_mag_size(mag_size ? mag_size : 1),
      m_depot_max(depot_max),
      m_orders(rcache_orders),
      m_depot(rcache_orders) {}

unsigned IovaAllocator::order_of(uint64_t pages) {
    unsigned o = 0;
    while ((uint64_t{1} << o) < pages && o < 63) ++o;
    return o;
}

uint64_t IovaAllocator::reserved_pages(uint64_t pages) const {
    return cacheable(pages) ? (uint64_t{1} << order_of(pages)) : pages;
}

std::optional<uint64_t> IovaAllocator::rbtree_alloc(uint64_t pages) {
    if (pages == 0) return std::nullopt;
    const uint64_t size = reserved_pages(pages);
    const uint64_t align = uint64_t{1} << order_of(pages);
    // Walk the allocated ranges from the top; try the gap above each one.
    uint64_t limit = m_end;  // exclusive top of the current gap
    auto it = m_tree.rbegin();
    while (true) {
        const bool last = it == m_tree.rend();
        const uint64_t floor = last ? m_base : it->first + it->second;
        if (limit >= size && limit - size >= floor) {
            const uint64_t lo = (limit - size) & ~(align - 1);
            if (lo >= floor) {
                m_tree.emplace(lo, size);
                return lo;
            }
        }
        if (last) return std::nullopt;
        limit = it->first;
        ++it;
    }
}

bool IovaAllocator::rbtree_free(uint64_t pfn) { return m_tree.erase(pfn) == 1; }

std::optional<uint64_t> IovaAllocator::rbtree_size(uint64_t pfn) const {
    auto it = m_tree.find(pfn);
    if (it == m_tree.end()) return std::nullopt;
    return it->second;
}

IovaAllocator::CpuCache& IovaAllocator::cache(unsigned cpu) {
    auto it = m_caches.find(cpu);
    if (it != m_caches.end()) return it->second;
    CpuCache c;
    c.loaded.resize(m_orders);
    c.prev.resize(m_orders);
    return m_caches.emplace(cpu, std::move(c)).first->second;
}

std::optional<uint64_t> IovaAllocator::rcache_get(unsigned cpu, uint64_t pages) {
    if (!cacheable(pages)) return std::nullopt;
    const unsigned o = order_of(pages);
    CpuCache& c = cache(cpu);
    Magazine& loaded = c.loaded[o];
    Magazine& prev = c.prev[o];
    if (loaded.empty()) {
        if (!prev.empty()) {
            loaded.swap(prev);
        } else if (!m_depot[o].empty()) {
            loaded = std::move(m_depot[o].back());
            m_depot[o].pop_back();
        } else {
            return std::nullopt;
        }
    }
    const uint64_t pfn = loaded.back();
    loaded.pop_back();
    return pfn;
}

bool IovaAllocator::rcache_put(unsigned cpu, uint64_t pfn, uint64_t pages,
                               std::vector<uint64_t>& spill) {
    if (!cacheable(pages)) return false;
    const unsigned o = order_of(pages);
    CpuCache& c = cache(cpu);
    Magazine& loaded = c.loaded[o];
    Magazine& prev = c.prev[o];
    if (loaded.size() >= m_mag_size) {
        if (prev.size() < m_mag_size) {
            loaded.swap(prev);
        } else if (m_depot[o].size() < m_depot_max) {
            m_depot[o].push_back(std::move(loaded));
            loaded = Magazine();
        } else {
            spill.insert(spill.end(), loaded.begin(), loaded.end());
            loaded.clear();
        }
    }
    loaded.push_back(pfn);
    return true;
}

std::vector<uint64_t> IovaAllocator::rcache_flush_all() {
    std::vector<uint64_t> out;
    for (auto& kv : m_caches) {
        for (auto* mags : {&kv.second.loaded, &kv.second.prev}) {
            for (Magazine& m : *mags) {
                out.insert(out.end(), m.begin(), m.end());
                m.clear();
            }
        }
    }
    for (auto& per_order : m_depot) {
        for (Magazine& m : per_order) out.insert(out.end(), m.begin(), m.end());
        per_order.clear();
    }
    return out;
}

uint64_t IovaAllocator::rcache_cached(unsigned cpu) const {
    auto it = m_caches.find(cpu);
    if (it == m_caches.end()) return 0;
    uint64_t n = 0;
    for (const Magazine& m : it->second.loaded) n += m.size();
    for (const Magazine& m : it->second.prev) n += m.size();
    return n;
}

}  // namespace fw::linux_model
