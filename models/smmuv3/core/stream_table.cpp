#include "smmuv3/core/stream_table.h"

#include "common/bits.h"

namespace smmu::core {

using gsim::extract;

StLocate StreamTable::locate(uint32_t sid, const ControlState& ctrl, const IdRegs& id,
                             gsim::MemPort& mem) {
    StLocate r;
    const uint64_t base = ctrl.strtab_base & gsim::mask(51, 6);
    unsigned log2size = unsigned(extract(ctrl.strtab_base_cfg, 5, 0));
    if (log2size > id.sidsize) log2size = id.sidsize;
    const unsigned split = unsigned(extract(ctrl.strtab_base_cfg, 10, 6));
    const unsigned fmt = unsigned(extract(ctrl.strtab_base_cfg, 17, 16));

    if (log2size < 32 && (uint64_t{sid} >> log2size) != 0) {
        r.status = StStatus::BAD_STREAMID;
        return r;
    }
    if (fmt == 0) {
        r.ste_addr = base + uint64_t{sid} * 64;
        return r;
    }
    if (fmt != 1 || id.st_level != 1 || !legal_split(split)) {
        r.status = StStatus::BAD_CONFIG;
        return r;
    }
    const uint64_t l1_index = split >= log2size ? 0 : (uint64_t{sid} >> split);
    const uint64_t l1_addr = base + l1_index * 8;
    uint64_t desc = 0;
    ++r.reads;
    if (!gsim::ok(mem.read64(l1_addr, desc, r.latency_ps))) {
        r.status = StStatus::FETCH_ABORT;
        r.fetch_addr = l1_addr;
        return r;
    }
    const unsigned span = unsigned(extract(desc, 4, 0));
    const uint64_t l2ptr = desc & gsim::mask(51, 6);
    const uint64_t leaf_index = uint64_t{sid} & ((uint64_t{1} << split) - 1);
    if (span == 0 || span > split + 1 || leaf_index >= (uint64_t{1} << (span - 1))) {
        r.status = StStatus::BAD_STREAMID;
        return r;
    }
    r.ste_addr = l2ptr + leaf_index * 64;
    return r;
}

}  // namespace smmu::core
