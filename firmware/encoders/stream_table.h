// grace-sim firmware encoders: a Stream Table in memory (spec/smmuv3.md A.7), as a driver builds
// it: linear, or 2-level with an L1 array of descriptors (SPAN[4:0], L2PTR[51:6]) whose leaf
// tables are allocated lazily on first use of a StreamID.
// Implements: STRTAB_BASE (ADDR[51:6], RA[62]) and STRTAB_BASE_CFG (LOG2SIZE[5:0], SPLIT[10:6],
// FMT[17:16]) values, SPLIT 6/8/10, STE writes ordered so that the word holding V is written
// last when an entry becomes valid and first when it becomes invalid, STE read-back.
// Not implemented: freeing leaves; issuing CFGI_STE (the caller queues cfgi_ste() + cmd_sync()).
#pragma once
#include <cstdint>
#include <vector>

#include "encoders/enc_types.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"

namespace fw::enc {

enum class StrtabFmt : uint8_t { LINEAR = 0, TWO_LEVEL = 1 };

// What every STE of a new table (linear table or 2-level leaf) holds before the driver writes
// it: zeros (V = 0, C_BAD_STE on use), or valid abort / bypass STEs (as a driver does when it
// lets unattached streams abort or bypass).
enum class SteInit : uint8_t { ZERO, ABORT, BYPASS };

struct StreamTableConfig {
    StrtabFmt fmt = StrtabFmt::LINEAR;
    unsigned log2size = 8;    // StreamID bits covered (STRTAB_BASE_CFG.LOG2SIZE), <= 32
    unsigned split = 8;       // 2-level: SID bits resolved by a leaf (6, 8 or 10)
    bool read_alloc = false;  // STRTAB_BASE.RA
    bool zero_tables = true;  // zero new tables (their STEs read as V = 0)
    SteInit ste_init = SteInit::ZERO;  // ABORT / BYPASS write every STE of a new table
};

class StreamTable {
public:
    StreamTable(const StreamTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem);

    // Validate the configuration and allocate the linear table or the L1 array.
    EncError init();

    uint64_t strtab_base() const;
    uint32_t strtab_base_cfg() const;
    uint64_t base_pa() const { return m_base; }

    // Address of the STE of sid; allocates the leaf of a 2-level table if missing.
    EncError ste_address(uint32_t sid, uint64_t* pa);
    EncError write_ste(uint32_t sid, const Ste& ste);
    // Read back (a missing 2-level leaf reads as an all-zero STE without allocating).
    EncError read_ste(uint32_t sid, Ste* ste) const;

    uint64_t leaves_allocated() const { return m_leaves; }
    uint64_t l1_entries() const { return uint64_t{1} << (m_cfg.log2size - m_cfg.split); }
    uint64_t l1_desc_address(uint32_t sid) const;
    const StreamTableConfig& config() const { return m_cfg; }

private:
    bool sid_ok(uint32_t sid) const {
        return m_cfg.log2size >= 32 || (uint64_t{sid} >> m_cfg.log2size) == 0;
    }
    EncError alloc_zeroed(uint64_t bytes, uint64_t* pa);
    EncError init_stes(uint64_t pa, uint64_t count);

    StreamTableConfig m_cfg;
    PhysAllocator& m_alloc;
    MemWriter& m_mem;
    bool m_ready = false;
    uint64_t m_base = 0;
    uint64_t m_leaves = 0;
};

// Write the 8 words of an STE or CD at pa, word 0 (which holds V) last when the new value is
// valid and first otherwise, so that a walker never sees a valid half-written entry.
EncError write_entry_ordered(MemWriter& mem, uint64_t pa, const uint64_t* words, bool valid);

}  // namespace fw::enc
