#include "smmuv3/core/cd_table.h"

#include "common/bits.h"

namespace smmu::core {

CdLocate CdTable::locate(const Ste& ste, uint32_t ssid, ConfigFetcher& fetcher) {
    CdLocate r;
    const uint64_t base = ste.s1_context_ptr;
    if (ste.s1cdmax == 0) {
        if (ssid != 0) r.status = CdStatus::BAD_SUBSTREAMID;
        r.cd_addr = base;
        return r;
    }
    if ((uint64_t{ssid} >> ste.s1cdmax) != 0) {
        r.status = CdStatus::BAD_SUBSTREAMID;
        return r;
    }
    if (ste.s1fmt == 0) {
        r.cd_addr = base + uint64_t{ssid} * 64;
        return r;
    }
    const unsigned split = leaf_split(ste.s1fmt);
    const uint64_t l1_addr = base + (uint64_t{ssid} >> split) * 8;
    uint64_t desc = 0;
    ++r.reads;
    switch (fetcher.fetch(l1_addr, &desc, 8, r.fetch_addr)) {
        case FetchStatus::OK: break;
        case FetchStatus::ABORT: r.status = CdStatus::FETCH_ABORT; return r;
        case FetchStatus::S2_FAULT: r.status = CdStatus::S2_FAULT; return r;
    }
    if (!gsim::bit(desc, 0)) {
        r.status = CdStatus::BAD_SUBSTREAMID;
        return r;
    }
    r.cd_addr = (desc & gsim::mask(51, 12)) + (uint64_t{ssid} & ((uint64_t{1} << split) - 1)) * 64;
    return r;
}

}  // namespace smmu::core
