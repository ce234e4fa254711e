// grace-sim iommufd object layer: IO address space (see ioas.h).
#include "iommufd/ioas.h"

#include <cerrno>

namespace fw::iommufd {

namespace {

bool add_overflows(uint64_t a, uint64_t b, uint64_t& sum) {
    sum = a + b;
    return sum < a;
}
}  // namespace

bool Ioas::overlaps(uint64_t first, uint64_t last) const {
    for (const auto& [start, a] : m_areas) {
        uint64_t end = start + a.length - 1;
        if (start <= last && first <= end) return true;
    }
    return false;
}

bool Ioas::pinned(uint64_t first, uint64_t last) const {
    for (const Pin& p : m_pins)
        if (p.first <= last && first <= p.last) return true;
    return false;
}

int Ioas::map(uint64_t& iova, uint64_t length, uint64_t host_pa, bool fixed) {
    const uint64_t pm = m_page - 1;
    if (length == 0 || (length & pm) || (host_pa & pm)) return -EINVAL;
    if (!fixed) {
        // Lowest free hole at or above one page (IOVA 0 is never handed out).
        uint64_t cand = m_page;
        for (const auto& [start, a] : m_areas) {
            uint64_t cand_last;
            if (add_overflows(cand, length - 1, cand_last)) return -ENOSPC;
            if (cand_last < start) break;
            if (start + a.length > cand) cand = start + a.length;
        }
        uint64_t cand_last;
        if (add_overflows(cand, length - 1, cand_last)) return -ENOSPC;
        iova = cand;
    }
    if (iova & pm) return -EINVAL;
    uint64_t last;
    if (add_overflows(iova, length - 1, last)) return -EOVERFLOW;
    if (overlaps(iova, last)) return -EEXIST;
    m_areas[iova] = Area{length, host_pa};
    return 0;
}

int Ioas::unmap(uint64_t iova, uint64_t length, uint64_t& out_length) {
    out_length = 0;
    if (length == 0) return -EINVAL;
    uint64_t last;
    if (add_overflows(iova, length - 1, last)) return -EOVERFLOW;
    std::vector<uint64_t> victims;
    for (const auto& [start, a] : m_areas) {
        uint64_t end = start + a.length - 1;
        if (end < iova || start > last) continue;
        if (start < iova || end > last) return -EINVAL;  // an area may only be removed whole
        if (pinned(start, end)) return -EBUSY;
        victims.push_back(start);
    }
    if (victims.empty()) return -ENOENT;
    for (uint64_t s : victims) {
        out_length += m_areas[s].length;
        m_areas.erase(s);
    }
    return 0;
}

int Ioas::unmap_all(uint64_t& out_length) {
    out_length = 0;
    if (!m_pins.empty()) return -EBUSY;
    for (const auto& [start, a] : m_areas) out_length += a.length;
    m_areas.clear();
    return 0;
}

bool Ioas::translate(uint64_t iova, uint64_t& pa) const {
    auto it = m_areas.upper_bound(iova);
    if (it == m_areas.begin()) return false;
    --it;
    if (iova - it->first >= it->second.length) return false;
    pa = it->second.host_pa + (iova - it->first);
    return true;
}

int Ioas::pin(uint64_t iova, uint64_t length, uint32_t owner, uint64_t& base_pa) {
    const uint64_t pm = m_page - 1;
    uint64_t end;  // exclusive, before alignment
    if (length == 0 || add_overflows(iova, length, end)) return -ERANGE;
    const uint64_t first = iova & ~pm;
    uint64_t end_aligned;
    if (add_overflows(end, pm, end_aligned)) return -ERANGE;
    end_aligned &= ~pm;
    const uint64_t last = end_aligned - 1;
    // Walk page by page through the areas: every page mapped, PAs contiguous.
    uint64_t first_pa = 0;
    if (!translate(first, first_pa)) return -ENOENT;
    for (uint64_t page = first; page <= last && page >= first; page += m_page) {
        uint64_t pa;
        if (!translate(page, pa)) return -ENOENT;
        if (pa != first_pa + (page - first)) return -EFAULT;
        if (page + m_page < page) break;
    }
    m_pins.push_back(Pin{first, last, owner});
    base_pa = first_pa + (iova & pm);
    return 0;
}

void Ioas::unpin(uint32_t owner) {
    for (auto it = m_pins.begin(); it != m_pins.end();) {
        if (it->owner == owner)
            it = m_pins.erase(it);
        else
            ++it;
    }
}

}  // namespace fw::iommufd
