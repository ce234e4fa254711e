// grace-sim: model of Linux's dma-iommu path for one device (iommu-dma + iova + io-pgtable-arm
// in strict mode) as dma_map_benchmark exercises it: dma_map_single / dma_unmap_single.
// THIS HEADER IS THE CONTRACT (behaviour: firmware/linux/README.md).
// map:   IOVA allocation (per-CPU rcache for sizes below 64 pages, else the rbtree under the
//        iova spinlock), PTE writes into the stage-1 page table in the CPU's address space.
// unmap: IOVA -> size lookup, PTE clears (gather), IommuFlushOps::iotlb_sync_range (TLBIs,
//        ATC_INV if ATS, CMD_SYNC, wait), IOVA free (rcache or rbtree under the spinlock).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "common/params.h"
#include "common/stats.h"
#include "encoders/page_table.h"
#include "kernel/cpu.h"
#include "kernel/sim_sync.h"
#include "linux/iommu_ops.h"

namespace fw::linux_model {

struct DmaIommuParams {
    double map_base_ns = 300;       // dma_map_single overhead outside IOVA and page table
    double unmap_base_ns = 4000;    // dma_unmap_single overhead outside the flush
    double iova_rcache_ns = 60;     // per-CPU rcache alloc/free hit
    double iova_rbtree_ns = 400;    // rbtree alloc/free (under the iova spinlock)
    double pte_ns = 4;              // per PTE written or cleared (cached store + loop)
    double spin_handoff_ns = 100;   // iova spinlock hand-off between CPUs
    uint64_t rcache_max_pages = 32; // IOVA_RANGE_CACHE_MAX_SIZE: log2 size < 6 -> < 64 pages
    uint64_t iova_mag_size = 127;   // IOVA_MAG_SIZE: pfns per rcache magazine (added, dma-api)
    uint64_t iova_depot_max = 32;   // MAX_GLOBAL_MAGS: full magazines in the depot per order (added)
    void visit(gsim::ParamVisitor& v);
};

class PtAccessWriter;

class DmaIommu {
public:
    DmaIommu(const DmaIommuParams& p, IommuFlushOps& flush, const DomainInfo& domain,
             enc::PageTable& pgtable, uint64_t iova_base, uint64_t iova_size, gsim::StatGroup stats,
             std::string name);
    ~DmaIommu();
    // Returns the IOVA, or 0 on failure (no IOVA space / page-table error).
    uint64_t map(Cpu& cpu, uint64_t phys, uint64_t size);
    // 0 or -errno (-ENOENT: iova not mapped; a flush error is passed through).
    int unmap(Cpu& cpu, uint64_t iova, uint64_t size);

    // (added, dma-api) When `pgtable` runs over a PtAccessWriter, give it here: page-table edits
    // are then atomic between CPUs and their loads/stores are replayed as timed accesses on the
    // calling CPU. Without it only pte_ns per PTE is charged for the page-table work.
    void set_pgtable_writer(PtAccessWriter* w);
    // (added, dma-api) Live mappings (IOVA ranges mapped and not yet unmapped).
    uint64_t live_mappings() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace fw::linux_model
