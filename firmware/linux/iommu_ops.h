// grace-sim: the contract between the Linux DMA-API model (dma_iommu: IOVA allocation,
// io-pgtable, unmap + invalidate) and the SMMU driver model (arm_smmu_driver), i.e. the part of
// `struct iommu_ops` / `iommu_flush_ops` the benchmark path uses. Written as Linux code runs:
// blocking calls on the calling CPU (fw::Cpu carries the thread, the address space and time).
#pragma once
#include <cstdint>

#include "kernel/cpu.h"

namespace fw::linux_model {

// One iommu_domain's stage-1 context, as the DMA layer gives it to the driver.
struct DomainInfo {
    uint16_t asid = 0;
    uint16_t vmid = 0;          // 0 in a guest (the hardware substitutes it on a guest VCMDQ)
    uint32_t sid = 0;           // the device's StreamID (vSID in a guest)
    uint32_t ssid = 0;
    bool ats = false;           // the master has ATS enabled: unmap also sends ATC_INV
    uint64_t granule = 4096;    // smallest page size of the page table (TG)
};

class IommuFlushOps {
public:
    virtual ~IommuFlushOps() = default;
    // iommu_iotlb_sync after an unmap of [iova, iova+size): TLBI(s) for the range (one per
    // granule without RIL, range commands with RIL), ATC_INV when ATS, CMD_SYNC, and wait.
    // Returns 0 or a negative errno (e.g. -ETIMEDOUT).
    virtual int iotlb_sync_range(Cpu& cpu, const DomainInfo& d, uint64_t iova, uint64_t size,
                                 bool leaf) = 0;
};

}  // namespace fw::linux_model
