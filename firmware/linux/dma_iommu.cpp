// grace-sim: the dma-iommu model of one device in strict mode (contract: dma_iommu.h).
// Implements: dma_map_single = IOVA allocation (per-CPU rcache for cacheable sizes, else the
// rbtree under the iova spinlock; on exhaustion the rcaches of every CPU are flushed back into
// the tree and the allocation retried once, as alloc_iova_fast does) + io-pgtable map of the
// page-aligned range; dma_unmap_single = look-up of the mapped size, io-pgtable unmap (PTE
// clears gathered into one range), one IommuFlushOps::iotlb_sync_range, IOVA free (rcache, or
// the rbtree under the spinlock for large sizes and magazine spills).
// Costs: every software step is a parameter (DmaIommuParams); page-table loads/stores cost what
// the CPU's port charges when a PtAccessWriter is attached (set_pgtable_writer).
// Not implemented: lazy (flush-queue) mode, swiotlb bouncing, cache maintenance for
// non-coherent devices, the DMA mask / 32-bit-first IOVA attempt, scatter-gather mapping.
#include "linux/dma_iommu.h"

#include <cerrno>
#include <map>
#include <vector>

#include "common/buffer_pool.h"
#include "linux/iova_allocator.h"
#include "linux/pt_access_writer.h"

namespace fw::linux_model {

void DmaIommuParams::visit(gsim::ParamVisitor& v) {
    v.f64("map_base_ns", map_base_ns,
          {"ns", "dma_map_single overhead outside IOVA allocation and page-table writes",
           "Est.", 0, 100000});
    v.f64("unmap_base_ns", unmap_base_ns,
          {"ns", "dma_unmap_single overhead outside the flush, IOVA free and PTE clears",
           "calibrated: fitted to configs/reference/calibration.csv (docs/calibration.md); Est. 1.5-3 us of guest software (spec/software-stack.md 5)", 0, 100000});
    v.f64("iova_rcache_ns", iova_rcache_ns,
          {"ns", "per-CPU IOVA rcache alloc or free (magazine hit)", "Est.", 0, 100000});
    v.f64("iova_rbtree_ns", iova_rbtree_ns,
          {"ns", "IOVA rbtree alloc or free per range, under the iova spinlock",
           "Est. (spec/software-stack.md 1.5: small extra cost for 64-page unmaps)", 0, 1000000});
    v.f64("pte_ns", pte_ns,
          {"ns", "io-pgtable loop cost per PTE written or cleared (besides its store)", "Est.", 0,
           10000});
    v.f64("spin_handoff_ns", spin_handoff_ns,
          {"ns", "iova spinlock hand-off between CPUs (cache-line transfer)", "Est.", 0, 100000});
    v.u64("rcache_max_pages", rcache_max_pages,
          {"pages", "largest cacheable IOVA size (IOVA_RANGE_CACHE_MAX_SIZE = 6: order < 6)",
           "drivers/iommu/iova.c (spec/software-stack.md 1.5)", 1, uint64_t{1} << 20});
    v.u64("iova_mag_size", iova_mag_size,
          {"entries", "IOVA pfns per rcache magazine (IOVA_MAG_SIZE)", "drivers/iommu/iova.c", 1,
           4096});
    v.u64("iova_depot_max", iova_depot_max,
          {"entries", "full magazines kept in the global depot per order (MAX_GLOBAL_MAGS)",
           "drivers/iommu/iova.c (older kernels)", 0, 1 << 20});
}

struct DmaIommu::Impl {
    DmaIommuParams p;
    IommuFlushOps& flush;
    DomainInfo domain;
    enc::PageTable& pgt;
    std::string name;
    unsigned shift;
    uint64_t gran;
    IovaAllocator iova;
    SimSpinLock lock;
    PtAccessWriter* writer = nullptr;
    std::map<uint64_t, uint64_t> live;  // iova (page aligned) -> mapped pages
    // Nodes of unmapped entries, reused by later maps (a map and an unmap per operation would
    // otherwise allocate and free one each).
    std::vector<std::map<uint64_t, uint64_t>::node_type> spare_nodes;
    gsim::BufferPool<enc::UnmappedLeaf> leaf_bufs;  // unmap results (an unmap may yield)

    void add_live(uint64_t iova, uint64_t pages) {
        if (spare_nodes.empty()) {
            live[iova] = pages;
            return;
        }
        auto node = std::move(spare_nodes.back());
        spare_nodes.pop_back();
        node.key() = iova;
        node.mapped() = pages;
        live.insert(std::move(node));
    }
    gsim::Counter& maps;
    gsim::Counter& unmaps;
    gsim::Counter& map_fail;
    gsim::Counter& unmap_enoent;
    gsim::Counter& flush_err;
    gsim::Counter& rc_alloc_hit;
    gsim::Counter& rc_alloc_miss;
    gsim::Counter& rc_free_hit;
    gsim::Counter& tree_alloc;
    gsim::Counter& tree_free;
    gsim::Counter& rc_flushes;
    gsim::Counter& ptes_set;
    gsim::Counter& ptes_cleared;
    gsim::Counter& pt_accesses;

    Impl(const DmaIommuParams& pp, IommuFlushOps& f, const DomainInfo& d, enc::PageTable& pt,
         uint64_t iova_base, uint64_t iova_size, gsim::StatGroup s, std::string n)
        : p(pp),
          flush(f),
          domain(d),
          pgt(pt),
          name(std::move(n)),
          shift(log2_of(d.granule)),
          gran(uint64_t{1} << shift),
          iova(iova_base >> shift, iova_size >> shift, static_cast<unsigned>(pp.iova_mag_size),
               static_cast<unsigned>(pp.iova_depot_max),
               IovaAllocator::order_of(pp.rcache_max_pages) + 1),
          lock("iova_lock", sc_core::sc_time(pp.spin_handoff_ns, sc_core::SC_NS), s),
          maps(s.counter("maps")),
          unmaps(s.counter("unmaps")),
          map_fail(s.counter("map_failures")),
          unmap_enoent(s.counter("unmap_enoent")),
          flush_err(s.counter("flush_errors")),
          rc_alloc_hit(s.counter("iova.rcache_alloc_hits")),
          rc_alloc_miss(s.counter("iova.rcache_alloc_misses")),
          rc_free_hit(s.counter("iova.rcache_free_hits")),
          tree_alloc(s.counter("iova.rbtree_allocs")),
          tree_free(s.counter("iova.rbtree_frees")),
          rc_flushes(s.counter("iova.rcache_flushes")),
          ptes_set(s.counter("ptes_written")),
          ptes_cleared(s.counter("ptes_cleared")),
          pt_accesses(s.counter("pt_accesses")) {}

    static unsigned log2_of(uint64_t v) {
        unsigned s = 0;
        while (s < 63 && (uint64_t{1} << s) < v) ++s;
        return s;
    }

    // Page-table edit accounting: per-PTE loop cost and the logged loads/stores, timed.
    void charge_pt(Cpu& cpu, uint64_t ptes) {
        cpu.compute_ns(p.pte_ns * static_cast<double>(ptes));
        if (writer) pt_accesses += writer->replay_log(cpu);
    }

    std::optional<uint64_t> alloc_iova(Cpu& cpu, uint64_t pages) {
        if (iova.cacheable(pages)) {
            cpu.compute_ns(p.iova_rcache_ns);
            cpu.sync();  // the per-CPU magazines may go to or come from the shared depot
            if (auto pfn = iova.rcache_get(cpu.id(), pages)) {
                ++rc_alloc_hit;
                return pfn;
            }
            ++rc_alloc_miss;
        }
        SimLockGuard g(lock, cpu);
        cpu.compute_ns(p.iova_rbtree_ns);
        ++tree_alloc;
        auto pfn = iova.rbtree_alloc(pages);
        if (!pfn) {
            // Out of space: give every CPU's cached ranges back to the tree and retry once.
            ++rc_flushes;
            const std::vector<uint64_t> cached = iova.rcache_flush_all();
            for (uint64_t c : cached) iova.rbtree_free(c);
            tree_free += cached.size();
            cpu.compute_ns(p.iova_rbtree_ns * static_cast<double>(cached.size() + 1));
            pfn = iova.rbtree_alloc(pages);
        }
        return pfn;
    }

    void free_iova(Cpu& cpu, uint64_t pfn, uint64_t pages) {
        std::vector<uint64_t> spill;
        if (iova.cacheable(pages)) {
            cpu.compute_ns(p.iova_rcache_ns);
            cpu.sync();  // as in alloc_iova
            iova.rcache_put(cpu.id(), pfn, pages, spill);
            ++rc_free_hit;
            if (spill.empty()) return;
        } else {
            spill.push_back(pfn);
        }
        SimLockGuard g(lock, cpu);
        cpu.compute_ns(p.iova_rbtree_ns * static_cast<double>(spill.size()));
        for (uint64_t s : spill) iova.rbtree_free(s);
        tree_free += spill.size();
    }
};

DmaIommu::DmaIommu(const DmaIommuParams& p, IommuFlushOps& flush, const DomainInfo& domain,
                   enc::PageTable& pgtable, uint64_t iova_base, uint64_t iova_size,
                   gsim::StatGroup stats, std::string name)
    : m(std::make_unique<Impl>(p, flush, domain, pgtable, iova_base, iova_size, stats,
                               std::move(name))) {}

DmaIommu::~DmaIommu() = default;

void DmaIommu::set_pgtable_writer(PtAccessWriter* w) {
    m->writer = w;
    if (w) w->discard_log();
}

uint64_t DmaIommu::live_mappings() const { return m->live.size(); }

uint64_t DmaIommu::map(Cpu& cpu, uint64_t phys, uint64_t size) {
    Impl& d = *m;
    cpu.compute_ns(d.p.map_base_ns);
    if (size == 0) {
        ++d.map_fail;
        return 0;
    }
    const uint64_t off = phys & (d.gran - 1);
    const uint64_t pages = (off + size + d.gran - 1) >> d.shift;
    const auto pfn = d.alloc_iova(cpu, pages);
    if (!pfn) {
        ++d.map_fail;
        return 0;
    }
    const uint64_t iova = *pfn << d.shift;
    // The page-table edit is atomic between CPUs (no yield inside) and happens in simulated-time
    // order with the other CPUs' edits of the shared tables (synchronised first); its cost
    // follows.
    cpu.sync();
    if (d.writer) d.writer->discard_log();
    const enc::EncError err = d.pgt.map(iova, phys - off, pages << d.shift,
                                        enc::PROT_READ | enc::PROT_WRITE | enc::PROT_CACHE);
    if (err != enc::EncError::OK) {
        d.pgt.unmap(iova, pages << d.shift);  // undo a partial map
        d.charge_pt(cpu, pages);
        d.free_iova(cpu, *pfn, pages);
        ++d.map_fail;
        return 0;
    }
    d.add_live(iova, pages);
    d.ptes_set += pages;
    d.charge_pt(cpu, pages);
    ++d.maps;
    return iova + off;
}

int DmaIommu::unmap(Cpu& cpu, uint64_t iova, uint64_t /*size: the mapped size is looked up*/) {
    Impl& d = *m;
    cpu.compute_ns(d.p.unmap_base_ns);
    cpu.sync();  // the mapping and the tables are shared with the other CPUs (see map())
    const uint64_t base = iova & ~(d.gran - 1);
    auto it = d.live.find(base);
    if (it == d.live.end()) {
        ++d.unmap_enoent;
        return -ENOENT;
    }
    const uint64_t pages = it->second;
    // Removed before any yield: a concurrent unmap of the same IOVA sees ENOENT.
    d.spare_nodes.push_back(d.live.extract(it));
    if (d.writer) d.writer->discard_log();
    enc::UnmapResult r;
    r.leaves = d.leaf_bufs.take();
    d.pgt.unmap(base, pages << d.shift, r);
    d.ptes_cleared += r.leaves_cleared;
    d.charge_pt(cpu, r.leaves_cleared);
    int rc = r.err == enc::EncError::OK ? 0 : -EFAULT;
    if (!r.leaves.empty()) {
        // The gather: one range covering every cleared leaf, one sync (strict mode).
        const uint64_t start = r.leaves.front().iova;
        const uint64_t end = r.leaves.back().iova + r.leaves.back().size;
        const int f = d.flush.iotlb_sync_range(cpu, d.domain, start, end - start, true);
        if (f != 0) {
            ++d.flush_err;
            if (rc == 0) rc = f;
        }
    }
    d.leaf_bufs.give_back(std::move(r.leaves));
    d.free_iova(cpu, base >> d.shift, pages);
    ++d.unmaps;
    return rc;
}

}  // namespace fw::linux_model
