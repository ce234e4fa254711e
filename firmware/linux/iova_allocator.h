// grace-sim: a pure model of Linux's IOVA allocator (drivers/iommu/iova.c) as dma-iommu uses it:
// an "rbtree" of allocated page-frame ranges with top-down, size-aligned allocation in
// [base_pfn, base_pfn + npages), and per-CPU range caches (rcache: a loaded and a previous
// magazine per CPU and per order, plus a bounded global depot of full magazines per order).
// Sizes whose power-of-two order is below `rcache_orders` (6: below 64 pages) are cacheable and
// rounded up to their power of two, as alloc_iova_fast does; larger sizes always use the tree.
// Implements the data structure only: no time, no locks (the caller - DmaIommu - charges the
// costs and holds the iova spinlock around every rbtree_* call).
// Not implemented: the cached-node start of the top-down search (the search always starts at
// the top), the 32-bit-first attempt for PCI devices, magazine reclaim of newer kernels
// (the depot is bounded instead, as in older kernels: a full depot frees a magazine to the tree).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace fw::linux_model {

class IovaAllocator {
public:
    IovaAllocator(uint64_t base_pfn, uint64_t npages, unsigned mag_size = 127,
                  unsigned depot_max = 32, unsigned rcache_orders = 6);

    // ceil(log2(pages)); pages >= 1.
    static unsigned order_of(uint64_t pages);
    bool cacheable(uint64_t pages) const { return pages > 0 && order_of(pages) < m_orders; }
    // The size actually reserved for a request of `pages` (power-of-two rounding if cacheable).
    uint64_t reserved_pages(uint64_t pages) const;

    // ---- the tree (caller holds the iova lock) -------------------------------------------
    // Highest free range of reserved_pages(pages) aligned to its power-of-two order; the pfn.
    std::optional<uint64_t> rbtree_alloc(uint64_t pages);
    // false if no allocation starts at pfn.
    bool rbtree_free(uint64_t pfn);
    // Reserved size of the allocation starting at pfn.
    std::optional<uint64_t> rbtree_size(uint64_t pfn) const;
    uint64_t rbtree_entries() const { return m_tree.size(); }

    // ---- per-CPU caches (no lock; the depot is shared) ------------------------------------
    // A cached pfn for a request of `pages`, or nullopt (miss: go to the tree).
    std::optional<uint64_t> rcache_get(unsigned cpu, uint64_t pages);
    // Caches pfn. Returns true when cached; `spill` receives pfns that must be freed in the tree
    // (a full magazine when the depot is full; then pfn itself was cached in a fresh magazine).
    // Returns false (nothing cached, spill untouched) when the size is not cacheable.
    bool rcache_put(unsigned cpu, uint64_t pfn, uint64_t pages, std::vector<uint64_t>& spill);
    // Empties every CPU's magazines and the depot; returns the pfns (to free in the tree).
    std::vector<uint64_t> rcache_flush_all();
    uint64_t rcache_cached(unsigned cpu) const;  // pfns held by one CPU's magazines

    uint64_t base_pfn() const { return m_base; }
    uint64_t end_pfn() const { return m_end; }

private:
    using Magazine = std::vector<uint64_t>;
    struct CpuCache {
        std::vector<Magazine> loaded, prev;  // per order
    };
    CpuCache& cache(unsigned cpu);

    uint64_t m_base, m_end;  // [m_base, m_end)
    unsigned m_mag_size, m_depot_max, m_orders;
    std::map<uint64_t, uint64_t> m_tree;          // pfn_lo -> reserved pages
    std::map<unsigned, CpuCache> m_caches;        // per CPU
    std::vector<std::vector<Magazine>> m_depot;   // per order: full magazines
};

}  // namespace fw::linux_model
