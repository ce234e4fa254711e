// grace-sim firmware encoders: AArch64 stage-1 / stage-2 translation-table builder.
// Descriptor formats (VMSAv8-64): bits[1:0] = 0b11 table (levels < 3) or page (level 3),
// 0b01 block (levels < 3), bit 0 clear = invalid. Output address in bits [47:page_shift]
// (64K granule with 52-bit OA: PA[51:48] in bits [15:12]).
#include "encoders/page_table.h"

#include "common/bits.h"

namespace fw::enc {

namespace {

constexpr uint64_t DESC_VALID = 1u << 0;
constexpr uint64_t DESC_TABLE = 1u << 1;  // with VALID: table (L0-L2) or page (L3)
constexpr uint64_t TYPE_MASK = 3u;
constexpr uint64_t TYPE_BLOCK = 1u;
constexpr uint64_t TYPE_TABLE_OR_PAGE = 3u;

// Lower and upper attributes.
constexpr gsim::Field S1_ATTRINDX{4, 2};
constexpr gsim::Field S1_AP{7, 6};  // AP[2:1]
constexpr uint64_t S1_AP_UNPRIV = 1u << 6;
constexpr uint64_t S1_AP_RDONLY = 1u << 7;
constexpr gsim::Field S2_MEMATTR{5, 2};
constexpr uint64_t S2_AP_READ = 1u << 6;
constexpr uint64_t S2_AP_WRITE = 1u << 7;
constexpr gsim::Field ATTR_SH{9, 8};
constexpr uint64_t ATTR_AF = 1u << 10;
constexpr uint64_t S1_NG = 1u << 11;
constexpr uint64_t S1_PXN = uint64_t{1} << 53;
constexpr uint64_t S1_UXN = uint64_t{1} << 54;
constexpr uint64_t S2_XN = uint64_t{1} << 54;  // XN[1:0] = 0b10: execute-never at every EL
constexpr uint64_t SH_OUTER = 2;
constexpr uint64_t SH_INNER = 3;
constexpr uint64_t S2_MEMATTR_DEVICE_NGNRE = 0x1;
constexpr uint64_t S2_MEMATTR_NC = 0x5;
constexpr uint64_t S2_MEMATTR_WB = 0xF;
// Bits of a leaf that are attributes (everything except the type bits and the OA).
constexpr uint64_t ATTR_MASK_LO = gsim::mask(11, 2);
constexpr uint64_t ATTR_MASK_HI = gsim::mask(63, 50);

unsigned granule_shift(Granule g) {
    return g == Granule::G4K ? 12 : g == Granule::G16K ? 14 : 16;
}

}  // namespace

PageTable::PageTable(const PageTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem)
    : m_cfg(cfg), m_alloc(alloc), m_mem(mem) {
    set_levels();  // the defaults' geometry until init()
}

EncError PageTable::init() {
    m_ready = false;
    m_page_shift = granule_shift(m_cfg.granule);
    m_bits_per_level = m_page_shift - 3;
    const bool g64 = m_cfg.granule == Granule::G64K;
    if (m_cfg.ia_bits < 25 || m_cfg.ia_bits > 48) return EncError::BAD_CONFIG;
    if (ps_code(m_cfg.oa_bits) == 0xff || (m_cfg.oa_bits == 52 && !g64)) {
        return EncError::BAD_CONFIG;
    }
    // Number of levels needed to resolve ia_bits, each level resolving bits_per_level bits.
    const unsigned resolve = m_cfg.ia_bits - m_page_shift;
    const unsigned levels = (resolve + m_bits_per_level - 1) / m_bits_per_level;
    m_start_level = 4 - levels;
    m_root_bits = m_cfg.ia_bits - level_shift(m_start_level);
    m_concat = 1;
    if (m_cfg.stage == Stage::S2) {
        if (m_cfg.s2_concat && m_start_level == 0 && m_root_bits <= 4) {
            m_concat = 1u << m_root_bits;
            m_root_bits += m_bits_per_level;
            m_start_level = 1;
        }
        // S2SL0 encodes start levels 0-2 (4K) or 1-3 (16K, 64K).
        const bool is4k = m_cfg.granule == Granule::G4K;
        if (is4k ? m_start_level > 2 : m_start_level < 1) return EncError::BAD_CONFIG;
    }
    set_levels();
    m_pgsize_bitmap = uint64_t{1} << m_page_shift;
    for (unsigned l = m_start_level; l < 3; ++l) {
        if (block_allowed(l)) m_pgsize_bitmap |= level_size(l);
    }
    const uint64_t root_bytes = uint64_t{8} << m_root_bits;
    const uint64_t root_align = root_bytes < 64 ? 64 : root_bytes;
    m_tables = 0;
    if (EncError e = alloc_table(root_align, &m_root_pa); e != EncError::OK) return e;
    m_ready = true;
    return EncError::OK;
}

bool PageTable::block_allowed(unsigned level) const {
    if (!m_cfg.allow_blocks || level >= 3 || level < m_start_level) return false;
    switch (m_cfg.granule) {
        case Granule::G4K: return level == 1 || level == 2;
        case Granule::G16K: return level == 2;
        case Granule::G64K: return level == 2;
    }
    return false;
}

PgtableInfo PageTable::info() const {
    PgtableInfo i;
    i.root_pa = m_root_pa;
    i.tsz = static_cast<uint8_t>(64 - m_cfg.ia_bits);
    const unsigned top = m_cfg.granule == Granule::G4K ? 2 : 3;
    i.sl0 = m_cfg.stage == Stage::S2 ? static_cast<uint8_t>(top - m_start_level) : 0;
    i.tg0 = tg0_code(m_cfg.granule);
    i.tg1 = tg1_code(m_cfg.granule);
    i.ps = ps_code(m_cfg.oa_bits);
    return i;
}

uint64_t PageTable::encode_oa(uint64_t pa) const {
    uint64_t d = pa & gsim::mask(47, m_page_shift);
    if (m_cfg.granule == Granule::G64K) d |= gsim::extract(pa, 51, 48) << 12;
    return d;
}

uint64_t PageTable::desc_oa(uint64_t desc, unsigned level) const {
    uint64_t pa = desc & m_level[level].oa_mask;
    if (m_cfg.granule == Granule::G64K) pa |= gsim::extract(desc, 15, 12) << 48;
    return pa;
}

uint64_t PageTable::entry_addr(uint64_t table, unsigned level, uint64_t iova) const {
    const Level& lv = m_level[level];
    return table + ((iova >> lv.shift) & lv.index_mask) * 8;
}

void PageTable::set_levels() {
    for (unsigned l = 0; l < 4; ++l) {
        Level& lv = m_level[l];
        lv.shift = level_shift(l);
        lv.tag_shift = lv.shift + level_bits(l);
        lv.index_mask = (uint64_t{1} << level_bits(l)) - 1;
        lv.oa_mask = gsim::mask(47, lv.shift);
    }
}

uint64_t PageTable::leaf_attrs(uint32_t prot) const {
    uint64_t d = ATTR_AF;
    const bool cache = (prot & PROT_CACHE) && !(prot & PROT_MMIO);
    d = ATTR_SH.set(d, cache ? SH_INNER : SH_OUTER);
    if (m_cfg.stage == Stage::S1) {
        const uint8_t idx = (prot & PROT_MMIO) ? MAIR_IDX_DEVICE
                            : cache            ? MAIR_IDX_CACHE
                                               : MAIR_IDX_NC;
        d = S1_ATTRINDX.set(d, idx);
        if (!(prot & PROT_PRIV)) d |= S1_AP_UNPRIV;
        if (!(prot & PROT_WRITE)) d |= S1_AP_RDONLY;
        if (!m_cfg.global) d |= S1_NG;
        if (prot & PROT_NOEXEC) d |= S1_PXN | S1_UXN;
    } else {
        const uint64_t memattr = (prot & PROT_MMIO) ? S2_MEMATTR_DEVICE_NGNRE
                                 : cache            ? S2_MEMATTR_WB
                                                    : S2_MEMATTR_NC;
        d = S2_MEMATTR.set(d, memattr);
        if (prot & PROT_READ) d |= S2_AP_READ;
        if (prot & PROT_WRITE) d |= S2_AP_WRITE;
        if (prot & PROT_NOEXEC) d |= S2_XN;
    }
    return d;
}

EncError PageTable::alloc_table(uint64_t bytes, uint64_t* pa) {
    if (EncError e = m_alloc.alloc(bytes, bytes, pa); e != EncError::OK) return e;
    ++m_tables;
    if (m_cfg.zero_tables) {
        for (uint64_t off = 0; off < bytes; off += 8) {
            if (!m_mem.write64(*pa + off, 0)) return EncError::MEM_FAULT;
        }
    }
    return EncError::OK;
}

EncError PageTable::map(uint64_t iova, uint64_t pa, uint64_t size, uint32_t prot) {
    if (!m_ready) return EncError::BAD_CONFIG;
    const uint64_t pg = page_size();
    if ((iova | pa | size) & (pg - 1)) return EncError::BAD_ALIGNMENT;
    if (size == 0) return EncError::OK;
    const uint64_t ia_top = uint64_t{1} << m_cfg.ia_bits;
    const uint64_t oa_top = uint64_t{1} << m_cfg.oa_bits;
    if (iova >= ia_top || size > ia_top - iova || pa >= oa_top || size > oa_top - pa) {
        return EncError::OUT_OF_RANGE;
    }
    if (!(prot & (PROT_READ | PROT_WRITE))) return EncError::OK;  // no access: nothing to map
    const uint64_t attrs = leaf_attrs(prot);
    TableCursor cur;
    while (size != 0) {
        // The largest page/block size that fits the remaining size and both alignments.
        unsigned level = 3;
        for (unsigned l = m_start_level; l < 3; ++l) {
            const uint64_t bs = level_size(l);
            if (block_allowed(l) && bs <= size && ((iova | pa) & (bs - 1)) == 0) {
                level = l;
                break;
            }
        }
        if (EncError e = map_one(iova, pa, level, attrs, cur); e != EncError::OK) return e;
        const uint64_t step = level_size(level);
        iova += step;
        pa += step;
        size -= step;
    }
    return EncError::OK;
}

EncError PageTable::map_one(uint64_t iova, uint64_t pa, unsigned level, uint64_t attrs, TableCursor& cur) {
    uint64_t table = m_root_pa;
    unsigned l = m_start_level;
    if (cursor_covers(cur, level, iova)) {
        table = cur.table;
        l = level;
    }
    for (; l < level; ++l) {
        const uint64_t ea = entry_addr(table, l, iova);
        uint64_t d = 0;
        if (!m_mem.read64(ea, d)) return EncError::MEM_FAULT;
        if (!(d & DESC_VALID)) {
            uint64_t next = 0;
            if (EncError e = alloc_table(page_size(), &next); e != EncError::OK) return e;
            d = encode_oa(next) | TYPE_TABLE_OR_PAGE;
            if (!m_mem.write64(ea, d)) return EncError::MEM_FAULT;
        } else if ((d & TYPE_MASK) == TYPE_BLOCK) {
            return EncError::ALREADY_MAPPED;
        }
        table = desc_oa(d, 3);  // a table address is page aligned
    }
    cur = TableCursor{true, level, table, table_tag(level, iova)};
    const uint64_t ea = entry_addr(table, level, iova);
    uint64_t old = 0;
    if (!m_mem.read64(ea, old)) return EncError::MEM_FAULT;
    if (old & DESC_VALID) return EncError::ALREADY_MAPPED;
    const uint64_t type = level == 3 ? TYPE_TABLE_OR_PAGE : TYPE_BLOCK;
    if (!m_mem.write64(ea, encode_oa(pa) | attrs | type)) return EncError::MEM_FAULT;
    return EncError::OK;
}

WalkResult PageTable::walk(uint64_t iova) const {
    WalkResult r;
    if (!m_ready) {
        r.err = EncError::BAD_CONFIG;
        return r;
    }
    if (iova >> m_cfg.ia_bits) {
        r.err = EncError::OUT_OF_RANGE;
        return r;
    }
    uint64_t table = m_root_pa;
    for (unsigned l = m_start_level; l <= 3; ++l) {
        uint64_t d = 0;
        r.level = l;
        if (!m_mem.read64(entry_addr(table, l, iova), d)) {
            r.err = EncError::MEM_FAULT;
            return r;
        }
        r.size = level_size(l);
        if (!(d & DESC_VALID)) return r;
        const bool leaf = l == 3 || (d & TYPE_MASK) == TYPE_BLOCK;
        if (leaf) {
            if (l == 3 && (d & TYPE_MASK) != TYPE_TABLE_OR_PAGE) return r;  // reserved type
            r.mapped = true;
            r.desc = d;
            r.pa = desc_oa(d, l) | (iova & (level_size(l) - 1));
            return r;
        }
        table = desc_oa(d, 3);
    }
    return r;
}

std::optional<uint64_t> PageTable::iova_to_pa(uint64_t iova) const {
    WalkResult r = walk(iova);
    if (r.err != EncError::OK || !r.mapped) return std::nullopt;
    return r.pa;
}

// Replace the block at entry_pa by a next-level table of equivalent smaller leaves.
EncError PageTable::split_block(uint64_t entry_pa, uint64_t desc, unsigned level) {
    uint64_t table = 0;
    if (EncError e = alloc_table(page_size(), &table); e != EncError::OK) return e;
    const unsigned child = level + 1;
    const uint64_t child_size = level_size(child);
    const uint64_t base_pa = desc_oa(desc, level);
    const uint64_t attrs = desc & (ATTR_MASK_LO | ATTR_MASK_HI);
    const uint64_t type = child == 3 ? TYPE_TABLE_OR_PAGE : TYPE_BLOCK;
    const uint64_t n = uint64_t{1} << m_bits_per_level;
    for (uint64_t i = 0; i < n; ++i) {
        if (!m_mem.write64(table + i * 8, encode_oa(base_pa + i * child_size) | attrs | type)) {
            return EncError::MEM_FAULT;
        }
    }
    if (!m_mem.write64(entry_pa, encode_oa(table) | TYPE_TABLE_OR_PAGE)) {
        return EncError::MEM_FAULT;
    }
    return EncError::OK;
}

UnmapResult PageTable::unmap(uint64_t iova, uint64_t size) {
    UnmapResult res;
    unmap(iova, size, res);
    return res;
}

void PageTable::unmap(uint64_t iova, uint64_t size, UnmapResult& res) {
    res.err = EncError::OK;
    res.leaves_cleared = 0;
    res.leaves.clear();
    res.bytes_unmapped = 0;
    if (!m_ready) {
        res.err = EncError::BAD_CONFIG;
        return;
    }
    if ((iova | size) & (page_size() - 1)) {
        res.err = EncError::BAD_ALIGNMENT;
        return;
    }
    const uint64_t ia_top = uint64_t{1} << m_cfg.ia_bits;
    if (iova >= ia_top || size > ia_top - iova) {
        res.err = EncError::OUT_OF_RANGE;
        return;
    }
    const uint64_t end = iova + size;
    TableCursor cur;
    while (iova < end) {
        // Find the entry that covers iova: from the table the last one was in when iova is
        // still inside it, from the root otherwise.
        uint64_t table = m_root_pa;
        unsigned level = m_start_level;
        if (cursor_covers(cur, cur.level, iova)) {
            table = cur.table;
            level = cur.level;
        }
        uint64_t ea = 0, d = 0;
        for (;; ++level) {
            ea = entry_addr(table, level, iova);
            if (!m_mem.read64(ea, d)) {
                res.err = EncError::MEM_FAULT;
                return;
            }
            if (!(d & DESC_VALID) || level == 3 || (d & TYPE_MASK) == TYPE_BLOCK) break;
            table = desc_oa(d, 3);
        }
        cur = TableCursor{true, level, table, table_tag(level, iova)};
        const uint64_t sz = level_size(level);
        const uint64_t region_end = (iova & ~(sz - 1)) + sz;
        if (!(d & DESC_VALID)) {  // nothing mapped here: skip the whole region of this entry
            iova = region_end;
            continue;
        }
        if ((iova & (sz - 1)) == 0 && end - iova >= sz) {
            if (!m_mem.write64(ea, 0)) {
                res.err = EncError::MEM_FAULT;
                return;
            }
            ++res.leaves_cleared;
            res.bytes_unmapped += sz;
            res.leaves.push_back({iova, sz, level});
            iova += sz;
            continue;
        }
        // Only part of a block is unmapped: split it and retry at the next level.
        if (EncError e = split_block(ea, d, level); e != EncError::OK) {
            res.err = e;
            return;
        }
    }
}

}  // namespace fw::enc
