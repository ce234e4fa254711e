// grace-sim firmware encoders: linear and 2-level CD tables.
#include "encoders/cd_table.h"

#include "common/bits.h"
#include "encoders/stream_table.h"

namespace fw::enc {

namespace {
constexpr uint64_t CD_BYTES = 64;
constexpr uint64_t L1CD_V = 1;
constexpr uint64_t L1CD_L2PTR_MASK = gsim::mask(51, 12);
}  // namespace

CdTable::CdTable(const CdTableConfig& cfg, PhysAllocator& alloc, MemWriter& mem)
    : m_cfg(cfg), m_alloc(alloc), m_mem(mem) {}

EncError CdTable::alloc_zeroed(uint64_t bytes, uint64_t* pa) {
    const uint64_t align = bytes < 64 ? 64 : bytes;
    if (EncError e = m_alloc.alloc(align, align, pa); e != EncError::OK) return e;
    if (m_cfg.zero_tables) {
        for (uint64_t off = 0; off < align; off += 8) {
            if (!m_mem.write64(*pa + off, 0)) return EncError::MEM_FAULT;
        }
    }
    return EncError::OK;
}

uint64_t CdTable::l1_entries() const {
    if (m_cfg.fmt == CdTableFmt::LINEAR) return 0;
    return m_cfg.s1cdmax > leaf_bits() ? uint64_t{1} << (m_cfg.s1cdmax - leaf_bits()) : 1;
}

EncError CdTable::init() {
    m_ready = false;
    m_leaves = 0;
    if (m_cfg.s1cdmax > 20 || static_cast<uint8_t>(m_cfg.fmt) > 2) return EncError::BAD_CONFIG;
    const uint64_t bytes = m_cfg.fmt == CdTableFmt::LINEAR ? CD_BYTES << m_cfg.s1cdmax
                                                          : 8 * l1_entries();
    if (EncError e = alloc_zeroed(bytes, &m_base); e != EncError::OK) return e;
    m_ready = true;
    return EncError::OK;
}

EncError CdTable::cd_address(uint32_t ssid, uint64_t* pa) {
    if (!m_ready) return EncError::BAD_CONFIG;
    if (!ssid_ok(ssid)) return EncError::OUT_OF_RANGE;
    if (m_cfg.fmt == CdTableFmt::LINEAR) {
        *pa = m_base + uint64_t{ssid} * CD_BYTES;
        return EncError::OK;
    }
    const uint64_t l1 = m_base + (uint64_t{ssid} >> leaf_bits()) * 8;
    uint64_t d = 0;
    if (!m_mem.read64(l1, d)) return EncError::MEM_FAULT;
    if (!(d & L1CD_V)) {
        uint64_t leaf = 0;
        if (EncError e = alloc_zeroed(CD_BYTES << leaf_bits(), &leaf); e != EncError::OK) return e;
        ++m_leaves;
        d = (leaf & L1CD_L2PTR_MASK) | L1CD_V;
        if (!m_mem.write64(l1, d)) return EncError::MEM_FAULT;
    }
    *pa = (d & L1CD_L2PTR_MASK) + (ssid & ((uint64_t{1} << leaf_bits()) - 1)) * CD_BYTES;
    return EncError::OK;
}

EncError CdTable::write_cd(uint32_t ssid, const Cd& cd) {
    uint64_t pa = 0;
    if (EncError e = cd_address(ssid, &pa); e != EncError::OK) return e;
    return write_entry_ordered(m_mem, pa, cd.data(), cd_field::CD0_V.get(cd[0]) != 0);
}

EncError CdTable::read_cd(uint32_t ssid, Cd* cd) const {
    if (!m_ready) return EncError::BAD_CONFIG;
    if (!ssid_ok(ssid)) return EncError::OUT_OF_RANGE;
    uint64_t pa = m_base + uint64_t{ssid} * CD_BYTES;
    if (m_cfg.fmt != CdTableFmt::LINEAR) {
        uint64_t d = 0;
        if (!m_mem.read64(m_base + (uint64_t{ssid} >> leaf_bits()) * 8, d)) {
            return EncError::MEM_FAULT;
        }
        if (!(d & L1CD_V)) {
            cd->fill(0);
            return EncError::OK;
        }
        pa = (d & L1CD_L2PTR_MASK) + (ssid & ((uint64_t{1} << leaf_bits()) - 1)) * CD_BYTES;
    }
    for (unsigned i = 0; i < 8; ++i) {
        if (!m_mem.read64(pa + 8 * i, (*cd)[i])) return EncError::MEM_FAULT;
    }
    return EncError::OK;
}

}  // namespace fw::enc
