// grace-sim: the DMI regions an initiator was granted, shared by every initiator helper
// (software-agent ports, the models' memory ports): lookup and copy, invalidation by range.
#pragma once
#include <tlm>

#include <cstring>
#include <vector>

namespace gsim::sysc {

class DmiCache {
public:
    explicit DmiCache(size_t max_regions = 256) : m_max(max_regions) {}

    // Copies through a granted region covering [addr, addr+len); returns false if none does.
    // `latency` receives the region's read or write latency.
    bool access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len, sc_core::sc_time& latency) {
        for (auto& d : m_regions) {
            if (addr < d.get_start_address() || addr + len - 1 > d.get_end_address()) continue;
            const bool rd = cmd == tlm::TLM_READ_COMMAND;
            if (rd ? !d.is_read_allowed() : !d.is_write_allowed()) continue;
            uint8_t* p = d.get_dmi_ptr() + (addr - d.get_start_address());
            if (rd) {
                std::memcpy(data, p, len);
                latency = d.get_read_latency();
            } else {
                std::memcpy(p, data, len);
                latency = d.get_write_latency();
            }
            return true;
        }
        return false;
    }
    bool full() const { return m_regions.size() >= m_max; }
    void add(const tlm::tlm_dmi& d) {
        if (!full()) m_regions.push_back(d);
    }
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) {
        std::vector<tlm::tlm_dmi> keep;
        for (auto& d : m_regions) {
            if (d.get_end_address() < start || d.get_start_address() > end) keep.push_back(d);
        }
        m_regions.swap(keep);
    }

private:
    size_t m_max;
    std::vector<tlm::tlm_dmi> m_regions;
};

}  // namespace gsim::sysc
