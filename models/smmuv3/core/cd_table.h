// grace-sim SMMUv3: locating a CD in a linear or 2-level CD table (IHI 0070 "CD tables";
// spec/smmuv3.md A.9, B.7 #4).
// Implements: S1Fmt 0 (linear, 2^S1CDMax CDs), 1 (2-level, 4 KiB leaves of 64 CDs, index
// SSID[5:0]) and 2 (2-level, 64 KiB leaves of 1024 CDs, index SSID[9:0]); L1CD V and L2PTR;
// SSID range against S1CDMax. Reads go through a ConfigFetcher so that in nested mode the
// Translator can translate the IPA through stage 2 (faults become CLASS = CD).
// Model choice: an L1CD with V = 0 is reported as C_BAD_SUBSTREAMID.
#pragma once
#include <cstddef>
#include <cstdint>

#include "smmuv3/core/ste.h"

namespace smmu::core {

enum class FetchStatus : uint8_t { OK, ABORT, S2_FAULT };

// Reads configuration structures (CD, L1CD) at an address that may be an IPA.
class ConfigFetcher {
public:
    virtual ~ConfigFetcher() = default;
    // On ABORT, fault_pa is the physical address that aborted.
    virtual FetchStatus fetch(uint64_t addr, void* dst, size_t len, uint64_t& fault_pa) = 0;
};

enum class CdStatus : uint8_t { OK, BAD_SUBSTREAMID, FETCH_ABORT, S2_FAULT };

struct CdLocate {
    CdStatus status = CdStatus::OK;
    uint64_t cd_addr = 0;     // address of the 64-byte CD (IPA in nested mode)
    uint64_t fetch_addr = 0;  // PA that aborted (FETCH_ABORT)
    uint32_t reads = 0;
};

class CdTable {
public:
    // Leaf split for S1Fmt (6: 64 CDs per 4 KiB leaf, 10: 1024 CDs per 64 KiB leaf).
    static unsigned leaf_split(uint8_t s1fmt) { return s1fmt == 2 ? 10 : 6; }
    static CdLocate locate(const Ste& ste, uint32_t ssid, ConfigFetcher& fetcher);
};

}  // namespace smmu::core
