// grace-sim iommufd object layer: the SMMU's VMID allocator shared by all iommufd fds.
// Implements: lowest-free allocation in [first, last] (an IDA), -ENOSPC when exhausted.
// Not implemented: VMIDs the host kernel uses for its own S2 domains (reserve them by
// narrowing the range).
#pragma once
#include <cstddef>
#include <cstdint>
#include <set>

namespace fw::iommufd {

class VmidPool {
public:
    // Linux allocates VMIDs in 1 .. 2^vmid_bits - 1 (16 bits with IDR0.VMID16).
    explicit VmidPool(uint16_t first = 1, uint16_t last = 0xffff) : m_first(first), m_last(last) {}

    int alloc(uint16_t& vmid);
    void free(uint16_t vmid) { m_used.erase(vmid); }
    bool in_use(uint16_t vmid) const { return m_used.count(vmid) != 0; }
    size_t used() const { return m_used.size(); }

private:
    uint16_t m_first;
    uint16_t m_last;
    std::set<uint16_t> m_used;
};

}  // namespace fw::iommufd
