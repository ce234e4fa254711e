// grace-sim iommufd object layer: VMID allocator (see vmid_pool.h).
#include "iommufd/vmid_pool.h"

#include <cerrno>

namespace fw::iommufd {

int VmidPool::alloc(uint16_t& vmid) {
    for (uint32_t v = m_first; v <= m_last; ++v) {
        if (!m_used.count(static_cast<uint16_t>(v))) {
            vmid = static_cast<uint16_t>(v);
            m_used.insert(vmid);
            return 0;
        }
    }
    return -ENOSPC;
}

}  // namespace fw::iommufd
