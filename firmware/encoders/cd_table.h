// grace-sim firmware encoders: a Context Descriptor table in memory (spec/smmuv3.md A.9): linear
// (2^S1CDMax CDs) or 2-level, with L1 descriptors (V[0], L2PTR[51:12]) pointing at leaves of 64
// CDs (4 KiB, S1Fmt = 1) or 1024 CDs (64 KiB, S1Fmt = 2) allocated lazily on first use of an SSID.
// Implements: the STE fields that select the table (S1ContextPtr, S1Fmt, S1CDMax), CD writes with
// V written last (first when invalidating), CD read-back.
// Not implemented: freeing leaves; issuing CFGI_CD (the caller queues cfgi_cd() + cmd_sync()).
#pragma once
#include <cstdint>

#include "encoders/cd.h"
#include "encoders/enc_types.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"

namespace fw::enc {

// Values are the STE.S1Fmt encodings.
enum class CdTableFmt : uint8_t { LINEAR = 0, L2_64 = 1, L2_1024 = 2 };

struct CdTableConfig {
    CdTableFmt fmt = CdTableFmt::LINEAR;
    unsigned s1cdmax = 0;     // log2 of the number of CDs (0: a single CD, no substreams), <= 20
    bool zero_tables = true;
};

class CdTable {
public:
    CdTable(const CdTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem);

    EncError init();

    // S1ContextPtr (the linear table or the L1 array), S1Fmt and S1CDMax for the STE.
    uint64_t base_pa() const { return m_base; }
    uint8_t ste_s1fmt() const { return static_cast<uint8_t>(m_cfg.fmt); }
    uint8_t ste_s1cdmax() const { return static_cast<uint8_t>(m_cfg.s1cdmax); }
    // Sets S1ContextPtr, S1Fmt and S1CDMax on an STE under construction.
    SteBuilder& apply_to(SteBuilder& ste) const {
        return ste.s1_cd_table(m_base, ste_s1fmt(), ste_s1cdmax());
    }

    EncError cd_address(uint32_t ssid, uint64_t* pa);  // allocates a missing leaf
    EncError write_cd(uint32_t ssid, const Cd& cd);
    EncError read_cd(uint32_t ssid, Cd* cd) const;     // a missing leaf reads as zeros

    unsigned leaf_bits() const { return m_cfg.fmt == CdTableFmt::L2_64 ? 6 : 10; }
    uint64_t l1_entries() const;
    uint64_t leaves_allocated() const { return m_leaves; }

private:
    EncError alloc_zeroed(uint64_t bytes, uint64_t* pa);
    bool ssid_ok(uint32_t ssid) const { return (uint64_t{ssid} >> m_cfg.s1cdmax) == 0; }

    CdTableConfig m_cfg;
    PhysAllocator& m_alloc;
    MemWriter& m_mem;
    bool m_ready = false;
    uint64_t m_base = 0;
    uint64_t m_leaves = 0;
};

}  // namespace fw::enc
