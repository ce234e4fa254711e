// grace-sim iommufd object layer: one IO address space (IOMMU_IOAS_*).
// Implements: IOVA ranges ("areas") mapped to host physical chunks (guest RAM may be backed by
// several non-contiguous chunks), map/unmap validation (alignment, overflow, overlap EEXIST,
// partial unmap EINVAL, nothing unmapped ENOENT), pinning of a span by an internal access
// (HW queue rings) with the physical-contiguity check, and EBUSY for unmaps that cover a pin.
// Not implemented: IOVA allocation policy of Linux (non-fixed maps take the lowest free
// page-aligned hole), reserved IOVA regions, page-table programming of attached domains.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace fw::iommufd {

class Ioas {
public:
    struct Area {
        uint64_t length = 0;
        uint64_t host_pa = 0;
    };
    struct Pin {
        uint64_t first = 0;  // page-aligned span, inclusive
        uint64_t last = 0;
        uint32_t owner = 0;  // object id of the pinning HW queue
    };

    explicit Ioas(uint64_t page_size) : m_page(page_size) {}

    // Map [iova, iova+length) to host_pa. With fixed == false, iova is chosen (lowest free
    // page-aligned hole) and returned. Errors: EINVAL (zero length, misalignment), EOVERFLOW,
    // EEXIST (overlap), ENOSPC (no hole).
    int map(uint64_t& iova, uint64_t length, uint64_t host_pa, bool fixed);
    // Unmap every area inside [iova, iova+length). Errors: EINVAL (zero length, an area only
    // partly covered), EOVERFLOW, EBUSY (an area covered is pinned), ENOENT (nothing mapped).
    int unmap(uint64_t iova, uint64_t length, uint64_t& out_length);
    // Unmap everything; EBUSY when any pin exists (nothing unmapped then).
    int unmap_all(uint64_t& out_length);

    // Pin the page-aligned span covering [iova, iova+length) for `owner`. Errors: ERANGE (span
    // overflows), ENOENT (a page is not mapped), EFAULT (pages not physically contiguous).
    // On success base_pa is the host PA of iova.
    int pin(uint64_t iova, uint64_t length, uint32_t owner, uint64_t& base_pa);
    void unpin(uint32_t owner);

    // Host PA of one IOVA, false when unmapped.
    bool translate(uint64_t iova, uint64_t& pa) const;
    size_t area_count() const { return m_areas.size(); }
    size_t pin_count() const { return m_pins.size(); }
    const std::map<uint64_t, Area>& areas() const { return m_areas; }

private:
    bool overlaps(uint64_t first, uint64_t last) const;
    bool pinned(uint64_t first, uint64_t last) const;

    uint64_t m_page;
    std::map<uint64_t, Area> m_areas;  // keyed by first IOVA
    std::vector<Pin> m_pins;
};

}  // namespace fw::iommufd
