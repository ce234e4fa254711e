// grace-sim firmware encoders: linear and 2-level stream tables.
#include "encoders/stream_table.h"

#include "common/bits.h"

namespace fw::enc {

namespace {
constexpr uint64_t STE_BYTES = 64;
constexpr gsim::Field L1STD_SPAN{4, 0};
constexpr uint64_t L1STD_L2PTR_MASK = gsim::mask(51, 6);
constexpr uint64_t STRTAB_BASE_ADDR_MASK = gsim::mask(51, 6);
constexpr uint64_t STRTAB_BASE_RA = uint64_t{1} << 62;
constexpr gsim::Field STRTAB_BASE_CFG_LOG2SIZE{5, 0};
constexpr gsim::Field STRTAB_BASE_CFG_SPLIT{10, 6};
constexpr gsim::Field STRTAB_BASE_CFG_FMT{17, 16};
}  // namespace

EncError write_entry_ordered(MemWriter& mem, uint64_t pa, const uint64_t* words, bool valid) {
    if (!valid && !mem.write64(pa, words[0])) return EncError::MEM_FAULT;
    for (unsigned i = 1; i < 8; ++i) {
        if (!mem.write64(pa + 8 * i, words[i])) return EncError::MEM_FAULT;
    }
    if (valid && !mem.write64(pa, words[0])) return EncError::MEM_FAULT;
    return EncError::OK;
}

StreamTable::StreamTable(const StreamTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem)
    : m_cfg(cfg), m_alloc(alloc), m_mem(mem) {}

EncError StreamTable::alloc_zeroed(uint64_t bytes, uint64_t* pa) {
    const uint64_t align = bytes < 64 ? 64 : bytes;
    if (EncError e = m_alloc.alloc(align, align, pa); e != EncError::OK) return e;
    if (m_cfg.zero_tables) {
        for (uint64_t off = 0; off < align; off += 8) {
            if (!m_mem.write64(*pa + off, 0)) return EncError::MEM_FAULT;
        }
    }
    return EncError::OK;
}

EncError StreamTable::init_stes(uint64_t pa, uint64_t count) {
    if (m_cfg.ste_init == SteInit::ZERO) return EncError::OK;
    const Ste ste = m_cfg.ste_init == SteInit::ABORT ? SteBuilder::abort() : SteBuilder::bypass();
    for (uint64_t i = 0; i < count; ++i) {
        if (EncError e = write_entry_ordered(m_mem, pa + i * STE_BYTES, ste.data(), true);
            e != EncError::OK) {
            return e;
        }
    }
    return EncError::OK;
}

EncError StreamTable::init() {
    m_ready = false;
    m_leaves = 0;
    if (m_cfg.log2size > 32) return EncError::BAD_CONFIG;
    uint64_t bytes = 0;
    if (m_cfg.fmt == StrtabFmt::LINEAR) {
        bytes = STE_BYTES << m_cfg.log2size;
    } else {
        if (m_cfg.split != 6 && m_cfg.split != 8 && m_cfg.split != 10) return EncError::BAD_CONFIG;
        if (m_cfg.log2size < m_cfg.split) return EncError::BAD_CONFIG;
        bytes = uint64_t{8} << (m_cfg.log2size - m_cfg.split);
    }
    if (EncError e = alloc_zeroed(bytes, &m_base); e != EncError::OK) return e;
    if (m_cfg.fmt == StrtabFmt::LINEAR) {
        if (EncError e = init_stes(m_base, uint64_t{1} << m_cfg.log2size); e != EncError::OK) {
            return e;
        }
    }
    m_ready = true;
    return EncError::OK;
}

uint64_t StreamTable::strtab_base() const {
    return (m_base & STRTAB_BASE_ADDR_MASK) | (m_cfg.read_alloc ? STRTAB_BASE_RA : 0);
}

uint32_t StreamTable::strtab_base_cfg() const {
    uint64_t v = STRTAB_BASE_CFG_LOG2SIZE.make(m_cfg.log2size) |
                 STRTAB_BASE_CFG_FMT.make(static_cast<uint8_t>(m_cfg.fmt));
    if (m_cfg.fmt == StrtabFmt::TWO_LEVEL) v |= STRTAB_BASE_CFG_SPLIT.make(m_cfg.split);
    return static_cast<uint32_t>(v);
}

uint64_t StreamTable::l1_desc_address(uint32_t sid) const {
    return m_base + (uint64_t{sid} >> m_cfg.split) * 8;
}

EncError StreamTable::ste_address(uint32_t sid, uint64_t* pa) {
    if (!m_ready) return EncError::BAD_CONFIG;
    if (!sid_ok(sid)) return EncError::OUT_OF_RANGE;
    if (m_cfg.fmt == StrtabFmt::LINEAR) {
        *pa = m_base + uint64_t{sid} * STE_BYTES;
        return EncError::OK;
    }
    const uint64_t l1 = l1_desc_address(sid);
    uint64_t d = 0;
    if (!m_mem.read64(l1, d)) return EncError::MEM_FAULT;
    if (L1STD_SPAN.get(d) == 0) {
        uint64_t leaf = 0;
        if (EncError e = alloc_zeroed(STE_BYTES << m_cfg.split, &leaf); e != EncError::OK) return e;
        ++m_leaves;
        if (EncError e = init_stes(leaf, uint64_t{1} << m_cfg.split); e != EncError::OK) return e;
        d = (leaf & L1STD_L2PTR_MASK) | L1STD_SPAN.make(m_cfg.split + 1);
        if (!m_mem.write64(l1, d)) return EncError::MEM_FAULT;
    }
    const uint64_t idx = sid & ((uint64_t{1} << m_cfg.split) - 1);
    *pa = (d & L1STD_L2PTR_MASK) + idx * STE_BYTES;
    return EncError::OK;
}

EncError StreamTable::write_ste(uint32_t sid, const Ste& ste) {
    uint64_t pa = 0;
    if (EncError e = ste_address(sid, &pa); e != EncError::OK) return e;
    return write_entry_ordered(m_mem, pa, ste.data(), ste_field::STE0_V.get(ste[0]) != 0);
}

EncError StreamTable::read_ste(uint32_t sid, Ste* ste) const {
    if (!m_ready) return EncError::BAD_CONFIG;
    if (!sid_ok(sid)) return EncError::OUT_OF_RANGE;
    uint64_t pa = m_base + uint64_t{sid} * STE_BYTES;
    if (m_cfg.fmt == StrtabFmt::TWO_LEVEL) {
        uint64_t d = 0;
        if (!m_mem.read64(l1_desc_address(sid), d)) return EncError::MEM_FAULT;
        if (L1STD_SPAN.get(d) == 0) {
            ste->fill(0);
            return EncError::OK;
        }
        pa = (d & L1STD_L2PTR_MASK) + (sid & ((uint64_t{1} << m_cfg.split) - 1)) * STE_BYTES;
    }
    for (unsigned i = 0; i < 8; ++i) {
        if (!m_mem.read64(pa + 8 * i, (*ste)[i])) return EncError::MEM_FAULT;
    }
    return EncError::OK;
}

}  // namespace fw::enc
