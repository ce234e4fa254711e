// grace-sim ATS endpoint: the device-side Address Translation Cache (ATC) of a PCIe endpoint.
// Implements: a fully associative cache of ATS translations keyed by (SSID valid, SSID,
// naturally aligned IOVA base, size); LRU replacement; lookups that refresh recency; the
// ATC_INV / PCIe ATS Invalidation Request matching rule (2^Size 4 KiB pages naturally aligned,
// Size >= 52 = whole address space, SSV/SSID and Global), removing exactly the entries whose
// range overlaps the invalidated span.
// Not implemented: the ATS completion's Global/U/N/Exe attributes (entries hold R and W only;
// a Global invalidation therefore removes matching entries of every PASID), set-associative
// organisations, Page Request Interface state.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ats::core {

struct AtcEntry {
    bool ssv = false;
    uint32_t ssid = 0;
    uint64_t iova = 0;      // base, aligned to 2^size_log2
    unsigned size_log2 = 12;
    uint64_t pa = 0;        // base, aligned to 2^size_log2
    bool perm_r = false;
    bool perm_w = false;

    uint64_t last() const { return iova + ((uint64_t{1} << size_log2) - 1); }
    bool contains(uint64_t a) const { return a >= iova && a <= last(); }
    uint64_t translate(uint64_t a) const { return pa + (a - iova); }
};

struct AtcInvCount {
    uint64_t scanned = 0;  // valid entries examined
    uint64_t removed = 0;  // entries removed
};

// ATC_INV Size value meaning "every address" (Linux's convention; any value >= 52 does).
constexpr unsigned ATC_INV_SIZE_ALL = 52;

class Atc {
public:
    explicit Atc(size_t entries);

    // The entry of (ssv, ssid) holding iova, or nullptr; a hit becomes most recently used.
    const AtcEntry* lookup(bool ssv, uint32_t ssid, uint64_t iova);
    // Inserts a translation (bases are aligned down to the entry size). Entries of the same
    // context overlapping it are replaced; otherwise the least recently used entry is evicted
    // when the cache is full.
    void insert(AtcEntry e);
    // ATS invalidation: span = 2^size_log2_4k pages of 4 KiB, naturally aligned around addr
    // (size_log2_4k >= 52: everything). SSV = 0 matches every entry of the function (with and
    // without PASID); SSV = 1 matches the entries of that PASID, or of every PASID when global.
    AtcInvCount invalidate(bool ssv, uint32_t ssid, uint64_t addr, unsigned size_log2_4k,
                           bool global);
    void clear();

    size_t capacity() const { return m_slots.size(); }
    size_t occupancy() const;
    uint64_t evictions() const { return m_evictions; }

private:
    struct Slot {
        bool valid = false;
        uint64_t stamp = 0;  // last use, for LRU
        AtcEntry e;
    };
    std::vector<Slot> m_slots;
    uint64_t m_clock = 0;
    uint64_t m_evictions = 0;
};

}  // namespace ats::core
