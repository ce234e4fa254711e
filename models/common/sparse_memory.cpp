#include "sparse_memory.h"

#include <algorithm>
#include <cstring>

namespace gsim {

const uint8_t* SparseMemory::find(uint64_t pn) const {
    if (pn == m_last_pn) return m_last_page;
    auto it = m_pages.find(pn);
    if (it == m_pages.end()) return nullptr;
    m_last_pn = pn;
    m_last_page = it->second.get();
    return m_last_page;
}

uint8_t* SparseMemory::page_ptr(uint64_t off) {
    uint64_t pn = off >> PAGE_SHIFT;
    if (const uint8_t* p = find(pn)) return const_cast<uint8_t*>(p);
    auto& slot = m_pages[pn];
    slot.reset(new uint8_t[PAGE_SIZE]());
    m_last_pn = pn;
    m_last_page = slot.get();
    return m_last_page;
}

void SparseMemory::read(uint64_t off, void* dst, size_t len) const {
    auto* out = static_cast<uint8_t*>(dst);
    while (len) {
        uint64_t in_page = off & (PAGE_SIZE - 1);
        size_t chunk = std::min<uint64_t>(len, PAGE_SIZE - in_page);
        const uint8_t* p = find(off >> PAGE_SHIFT);
        if (p) {
            std::memcpy(out, p + in_page, chunk);
        } else {
            std::memset(out, 0, chunk);
        }
        out += chunk;
        off += chunk;
        len -= chunk;
    }
}

void SparseMemory::write(uint64_t off, const void* src, size_t len) {
    auto* in = static_cast<const uint8_t*>(src);
    while (len) {
        uint64_t in_page = off & (PAGE_SIZE - 1);
        size_t chunk = std::min<uint64_t>(len, PAGE_SIZE - in_page);
        std::memcpy(page_ptr(off) + in_page, in, chunk);
        in += chunk;
        off += chunk;
        len -= chunk;
    }
}

void SparseMemory::fill(uint64_t off, uint8_t value, size_t len) {
    while (len) {
        uint64_t in_page = off & (PAGE_SIZE - 1);
        size_t chunk = std::min<uint64_t>(len, PAGE_SIZE - in_page);
        if (value != 0 || find(off >> PAGE_SHIFT)) std::memset(page_ptr(off) + in_page, value, chunk);
        off += chunk;
        len -= chunk;
    }
}

}  // namespace gsim
