// grace-sim: the DMI regions an initiator was granted, shared by every initiator helper
// (software-agent ports, the models' memory ports): lookup and copy, invalidation by range.
//
// Lookup is O(1): the last region hit, then a direct-mapped table of 4 KiB pages, then a hash
// of every 4 KiB page a small region covers, then the (few) large regions. DRAM grants DMI one
// 4 KiB page at a time, so an agent that walks through memory holds thousands of regions; a
// capacity limit would make the time an access costs depend on how many pages the agent had
// touched before (a miss goes through b_transport), which is why the default holds every
// grant the target makes.
#pragma once
#include <tlm>

#include <array>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <vector>

namespace gsim::sysc {

class DmiCache {
public:
    static constexpr unsigned PAGE_SHIFT = 12;
    // Regions spanning more pages than this are kept in a list, not indexed per page.
    static constexpr uint64_t MAX_INDEXED_PAGES = 64;

    explicit DmiCache(size_t max_regions = size_t{1} << 22) : m_max(max_regions) { m_direct.fill(Slot{}); }

    // The region covering [addr, addr+len) with the access allowed, or nullptr.
    const tlm::tlm_dmi* find(tlm::tlm_command cmd, uint64_t addr, size_t len) {
        const bool rd = cmd == tlm::TLM_READ_COMMAND;
        if (m_mru != NONE && covers(m_regions[m_mru], rd, addr, len)) return &m_regions[m_mru];
        const uint64_t page = addr >> PAGE_SHIFT;
        Slot& s = m_direct[page & (m_direct.size() - 1)];
        if (s.page == page && covers(m_regions[s.index], rd, addr, len)) return hit(s.index);
        auto it = m_by_page.find(page);
        if (it != m_by_page.end() && covers(m_regions[it->second], rd, addr, len)) {
            s = Slot{page, it->second};
            return hit(it->second);
        }
        for (uint32_t i : m_large) {
            if (covers(m_regions[i], rd, addr, len)) return hit(i);
        }
        return nullptr;
    }

    // Copies through a granted region covering [addr, addr+len); returns false if none does.
    // `latency` receives the region's read or write latency.
    bool access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len, sc_core::sc_time& latency) {
        const tlm::tlm_dmi* d = find(cmd, addr, len);
        if (!d) return false;
        uint8_t* p = d->get_dmi_ptr() + (addr - d->get_start_address());
        if (cmd == tlm::TLM_READ_COMMAND) {
            std::memcpy(data, p, len);
            latency = d->get_read_latency();
        } else {
            std::memcpy(p, data, len);
            latency = d->get_write_latency();
        }
        return true;
    }

    bool full() const { return m_regions.size() >= m_max; }
    size_t size() const { return m_regions.size(); }

    void add(const tlm::tlm_dmi& d) {
        if (full() || d.get_end_address() < d.get_start_address()) return;
        const auto index = static_cast<uint32_t>(m_regions.size());
        m_regions.push_back(d);
        index_region(index);
    }

    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) {
        std::vector<tlm::tlm_dmi> keep;
        for (auto& d : m_regions) {
            if (d.get_end_address() < start || d.get_start_address() > end) keep.push_back(d);
        }
        if (keep.size() == m_regions.size()) return;
        m_regions.swap(keep);
        m_by_page.clear();
        m_large.clear();
        m_direct.fill(Slot{});
        m_mru = NONE;
        for (uint32_t i = 0; i < m_regions.size(); ++i) index_region(i);
    }

private:
    static constexpr uint32_t NONE = std::numeric_limits<uint32_t>::max();
    struct Slot {
        uint64_t page = std::numeric_limits<uint64_t>::max();
        uint32_t index = NONE;
    };

    static bool covers(const tlm::tlm_dmi& d, bool rd, uint64_t addr, size_t len) {
        return addr >= d.get_start_address() && addr + len - 1 <= d.get_end_address() &&
               (rd ? d.is_read_allowed() : d.is_write_allowed());
    }
    const tlm::tlm_dmi* hit(uint32_t i) {
        m_mru = i;
        return &m_regions[i];
    }
    // Earlier grants win where regions overlap (as a front-to-back list search would).
    void index_region(uint32_t i) {
        const tlm::tlm_dmi& d = m_regions[i];
        const uint64_t first = d.get_start_address() >> PAGE_SHIFT;
        const uint64_t last = d.get_end_address() >> PAGE_SHIFT;
        if (last - first + 1 > MAX_INDEXED_PAGES) {
            m_large.push_back(i);
            return;
        }
        for (uint64_t p = first; p <= last; ++p) m_by_page.emplace(p, i);
    }

    size_t m_max;
    std::vector<tlm::tlm_dmi> m_regions;
    std::unordered_map<uint64_t, uint32_t> m_by_page;
    std::vector<uint32_t> m_large;
    std::array<Slot, 1024> m_direct;
    uint32_t m_mru = NONE;
};

}  // namespace gsim::sysc
