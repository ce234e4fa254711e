// grace-sim firmware encoders: an AArch64 (VMSAv8-64) translation-table builder for SMMU stage 1
// (CD TTB0) and stage 2 (STE S2TTB), in the spirit of an io-pgtable: the driver-side view that
// creates and edits tables in (simulated) physical memory.
// Implements: 4K/16K/64K granules; input size (T0SZ / S2T0SZ) -> start level; stage-2
// concatenation of the initial table (when the start level would be 0 with <= 16 entries, as
// Linux does; configurable); map() with blocks chosen when iova, pa and size are aligned (4K:
// 1G and 2M blocks, 16K: 32M, 64K: 512M); unmap() with block splitting when only part of a block
// is unmapped, returning the cleared leaves for TLBI generation; permission and attribute bits
// (S1: AttrIndx, AP[2:1], SH, AF, nG, PXN/UXN; S2: MemAttr, S2AP, SH, AF, XN); software walk.
// 52-bit output addresses with the 64K granule (PA[51:48] in descriptor bits [15:12]).
// Like Linux's io-pgtable-arm, one map() or unmap() walks down from the root once per table it
// edits and then reads and writes that table's entries in a run (__arm_lpae_map/unmap over
// pgcount entries): it re-walks only when the range moves on to another table.
// Not implemented: freeing tables (empty tables stay allocated), contiguous hint, DBM/HTTU,
// 52-bit input addresses (LVA/LPA2), AArch32 formats, TTB1 (upper) ranges.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "encoders/enc_types.h"
#include "encoders/phys_allocator.h"

namespace fw::enc {

enum class Stage : uint8_t { S1, S2 };

// Mapping permissions and attributes (bit flags).
enum Prot : uint32_t {
    PROT_READ = 1u << 0,
    PROT_WRITE = 1u << 1,
    PROT_NOEXEC = 1u << 2,
    PROT_PRIV = 1u << 3,   // S1: privileged only (AP[1] = 0)
    PROT_MMIO = 1u << 4,   // Device-nGnRE
    PROT_CACHE = 1u << 5,  // Normal write-back; otherwise Normal non-cacheable
};

// Stage-1 MAIR layout the builder's AttrIndx values assume (put it in CD.MAIR).
constexpr uint8_t MAIR_IDX_NC = 0;      // Normal, inner/outer non-cacheable (0x44)
constexpr uint8_t MAIR_IDX_CACHE = 1;   // Normal, inner/outer write-back RW-allocate (0xFF)
constexpr uint8_t MAIR_IDX_DEVICE = 2;  // Device-nGnRE (0x04)
constexpr uint64_t DEFAULT_MAIR = 0x44ull | (0xFFull << 8) | (0x04ull << 16);

struct PageTableConfig {
    Stage stage = Stage::S1;
    Granule granule = Granule::G4K;
    unsigned ia_bits = 48;    // input address size: 64 - T0SZ (S1) or 64 - S2T0SZ (S2)
    unsigned oa_bits = 48;    // output address size (IPS / S2PS)
    bool s2_concat = true;    // concatenate a small level-0 initial table into level 1 (S2)
    bool allow_blocks = true; // use block descriptors when alignment permits
    bool global = false;      // S1: nG = 0 (entries not tagged with the ASID)
    bool zero_tables = true;  // write zeros into every new table (false: memory known zero)
};

// One leaf descriptor that unmap() cleared.
struct UnmappedLeaf {
    uint64_t iova;
    uint64_t size;  // page or block size
    unsigned level;
};

struct UnmapResult {
    EncError err = EncError::OK;
    uint64_t leaves_cleared = 0;
    std::vector<UnmappedLeaf> leaves;  // in address order
    uint64_t bytes_unmapped = 0;
};

struct WalkResult {
    EncError err = EncError::OK;  // MEM_FAULT or OUT_OF_RANGE; OK otherwise
    bool mapped = false;
    uint64_t pa = 0;
    unsigned level = 0;   // level of the leaf (or of the invalid entry)
    uint64_t desc = 0;    // leaf descriptor
    uint64_t size = 0;    // size of the leaf mapping
};

class PageTable {
public:
    PageTable(const PageTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem);

    // Validate the configuration, derive the geometry, allocate (and zero) the root table.
    EncError init();

    EncError map(uint64_t iova, uint64_t pa, uint64_t size, uint32_t prot);
    UnmapResult unmap(uint64_t iova, uint64_t size);
    // The same into `res` (its leaves' storage kept).
    void unmap(uint64_t iova, uint64_t size, UnmapResult& res);
    WalkResult walk(uint64_t iova) const;
    std::optional<uint64_t> iova_to_pa(uint64_t iova) const;

    // Geometry (valid after a successful init()).
    PgtableInfo info() const;
    uint64_t root_pa() const { return m_root_pa; }
    unsigned start_level() const { return m_start_level; }
    unsigned concat_tables() const { return m_concat; }   // 1 when not concatenated
    uint64_t root_entries() const { return uint64_t{1} << m_root_bits; }
    uint64_t page_size() const { return uint64_t{1} << m_page_shift; }
    uint64_t pgsize_bitmap() const { return m_pgsize_bitmap; }
    uint64_t level_size(unsigned level) const { return uint64_t{1} << level_shift(level); }
    uint64_t tables_allocated() const { return m_tables; }
    const PageTableConfig& config() const { return m_cfg; }

    // Descriptor helpers (public for tests and walkers).
    uint64_t leaf_attrs(uint32_t prot) const;
    uint64_t desc_oa(uint64_t desc, unsigned level) const;

private:
    unsigned level_shift(unsigned level) const {
        return m_page_shift + (3 - level) * m_bits_per_level;
    }
    unsigned level_bits(unsigned level) const {
        return level == m_start_level ? m_root_bits : m_bits_per_level;
    }
    uint64_t entry_addr(uint64_t table, unsigned level, uint64_t iova) const;
    // The table a map()/unmap() last reached: the next entry it edits in that table needs no
    // walk from the root (tables are never freed, and an operation is atomic).
    struct TableCursor {
        bool valid = false;
        unsigned level = 0;
        uint64_t table = 0;
        uint64_t tag = 0;  // iova >> (bits the table resolves and below)
    };
    uint64_t table_tag(unsigned level, uint64_t iova) const {
        const unsigned span = m_level[level].tag_shift;
        return span >= 64 ? 0 : iova >> span;
    }
    bool cursor_covers(const TableCursor& c, unsigned level, uint64_t iova) const {
        return c.valid && c.level == level && c.tag == table_tag(level, iova);
    }
    uint64_t encode_oa(uint64_t pa) const;
    bool block_allowed(unsigned level) const;
    EncError alloc_table(uint64_t bytes, uint64_t* pa);
    EncError map_one(uint64_t iova, uint64_t pa, unsigned level, uint64_t attrs, TableCursor& cur);
    EncError split_block(uint64_t entry_pa, uint64_t desc, unsigned level);

    PageTableConfig m_cfg;
    PhysAllocator& m_alloc;
    MemWriter& m_mem;
    bool m_ready = false;
    // Per level (0-3), fixed by init(): the shifts and masks every walk step uses.
    struct Level {
        unsigned shift = 0;       // level_shift()
        unsigned tag_shift = 64;  // level_shift() + level_bits()
        uint64_t index_mask = 0;  // (1 << level_bits()) - 1
        uint64_t oa_mask = 0;     // a descriptor's output address bits: [47:level_shift()]
    };
    void set_levels();
    std::array<Level, 4> m_level{};
    unsigned m_page_shift = 12;
    unsigned m_bits_per_level = 9;
    unsigned m_start_level = 0;
    unsigned m_root_bits = 9;
    unsigned m_concat = 1;
    uint64_t m_root_pa = 0;
    uint64_t m_pgsize_bitmap = 0;
    uint64_t m_tables = 0;
};

}  // namespace fw::enc
