// grace-sim iommufd object layer: one open /dev/iommu file descriptor of the host kernel.
// Implements (spec/cmdqv.md 3, software-stack.md 4): the per-fd object table (ids from 1 up,
// never reused while the fd is open; types; user counts for refcounted dependencies), bound
// devices, IOAS_ALLOC/MAP/UNMAP (EBUSY on pinned rings), HWPT_ALLOC (NEST_PARENT, VMID from a
// shared pool), GET_HW_INFO (ARM_SMMUV3 / TEGRA241_CMDQV), VIOMMU_ALLOC (VINTF + mmap region),
// mmap/munmap of VINTF page0, VDEVICE_ALLOC (SID pair), VEVENTQ_ALLOC + read + report from the
// ISR path, HW_QUEUE_ALLOC (core + CMDQV validation, pinning, dependency on index-1),
// HWPT_INVALIDATE (trapped commands: VMID / vSID rewrite, main CMDQ in batches with CMD_SYNC),
// DESTROY (EBUSY while used) and close() (destroy objects without users until none is left).
// Hardware is programmed only through HostHw; errors are negative errno values.
// Not implemented: nested HWPTs (HWPT_ALLOC with a vIOMMU parent and STE data) and attach,
// the fault queue (PRI/stall), the E2BIG struct-size rule, locking (callers serialise), time.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "common/buffer_pool.h"
#include "common/stats.h"
#include "iommufd/host_hw.h"
#include "iommufd/ioas.h"
#include "iommufd/iommufd_params.h"
#include "iommufd/uapi.h"
#include "iommufd/vevent_queue.h"
#include "iommufd/vmid_pool.h"

namespace fw::iommufd {

class Iommufd {
public:
    Iommufd(HostHw& hw, VmidPool& vmids, const IommufdParams& params = {},
            gsim::StatGroup stats = {});
    // Closes the fd if close() was not called (HostHw must still be alive).
    ~Iommufd();
    Iommufd(const Iommufd&) = delete;
    Iommufd& operator=(const Iommufd&) = delete;

    // --- devices (VFIO cdev bind / unbind) ---
    int bind_device(const BoundDevice& dev, uint32_t& out_dev_id);
    // Unbinding a device with a live vDEVICE force-destroys it; its id stays reserved (lookups
    // give ENOENT) until the fd closes.
    int unbind_device(uint32_t dev_id);

    // --- ioctls ---
    int ioas_alloc(IoasAllocCmd& cmd);
    int ioas_map(IoasMapCmd& cmd);
    int ioas_unmap(IoasUnmapCmd& cmd);
    int hwpt_alloc(HwptAllocCmd& cmd);
    int get_hw_info(GetHwInfoCmd& cmd);
    int viommu_alloc(ViommuAllocCmd& cmd);
    int vdevice_alloc(VdeviceAllocCmd& cmd);
    int veventq_alloc(VeventqAllocCmd& cmd);
    int hw_queue_alloc(HwQueueAllocCmd& cmd);
    int hwpt_invalidate(HwptInvalidateCmd& cmd);
    int destroy(uint32_t id);

    // --- mmap on the fd; a live mapping holds a reference on its vIOMMU ---
    int mmap(uint64_t offset, uint64_t length, int prot, int flags, uint64_t& out_host_pa,
             uint32_t& out_handle);
    int munmap(uint32_t handle);

    // --- vEVENTQ fd read(); returns bytes read or a negative errno ---
    long veventq_read(uint32_t veventq_id, size_t count, std::vector<VeventRecord>& out);

    // --- ISR path: an LVCMDQ error map of a user VINTF. -ENOENT when no vIOMMU of this fd owns
    // the VINTF, -EOPNOTSUPP when it has no TEGRA241 vEVENTQ (the event is dropped). ---
    int report_vevent(unsigned vintf, const std::array<uint64_t, 2>& lvcmdq_err_map);
    bool owns_vintf(unsigned vintf) const;

    // Process exit: drop mmaps, unbind devices, then repeatedly destroy objects nobody uses.
    void close();
    bool closed() const { return m_closed; }

    // --- introspection (tests, statistics, the host agent) ---
    bool exists(uint32_t id) const;
    ObjType type_of(uint32_t id) const;
    uint32_t users(uint32_t id) const;        // dependents (0 = destroyable)
    size_t object_count() const { return m_objects.size(); }
    int hwpt_vmid(uint32_t hwpt_id) const;     // VMID of a nest parent, -ENOENT otherwise
    int viommu_vintf(uint32_t viommu_id) const;  // VINTF index, -ENOENT otherwise
    const Ioas* ioas(uint32_t ioas_id) const;
    const VeventQueue* veventq(uint32_t veventq_id) const;
    size_t mmap_count() const { return m_mappings.size(); }

private:
    struct Object {
        ObjType type;
        uint32_t users = 0;
        bool tombstone = false;  // force-destroyed vDEVICE: id reserved, invisible
    };
    struct Device {
        BoundDevice info;
        uint32_t vdevice_id = 0;
    };
    struct Hwpt {
        uint32_t ioas_id = 0;
        bool nest_parent = false;
        uint16_t vmid = 0;
    };
    struct Viommu {
        uint32_t type = 0;
        uint32_t hwpt_id = 0;
        uint16_t vmid = 0;
        bool has_vintf = false;
        unsigned vintf = 0;
        uint64_t mmap_offset = 0;       // registered region (0 = none)
        std::map<uint64_t, uint32_t> vdevs;     // virt_id -> vdevice id
        std::map<uint32_t, uint32_t> veventqs;  // type -> veventq id
        std::vector<uint32_t> hw_queues;        // index -> hw queue id (0 = free)
    };
    struct Vdevice {
        uint32_t viommu_id = 0;
        uint32_t dev_id = 0;
        uint64_t virt_id = 0;
        bool has_sid_pair = false;
        unsigned slot = 0;
    };
    struct Veventq {
        uint32_t viommu_id = 0;
        uint32_t type = 0;
        std::unique_ptr<VeventQueue> queue;
    };
    struct HwQueue {
        uint32_t viommu_id = 0;
        uint32_t ioas_id = 0;
        uint32_t prev_id = 0;  // queue index-1 this one depends on (0 = none)
        unsigned index = 0;
        uint64_t base_pa = 0;
        uint64_t length = 0;
    };
    struct MmapRegion {
        uint64_t length = 0;
        uint64_t host_pa = 0;
        uint32_t viommu_id = 0;
    };
    struct Mapping {
        uint64_t offset = 0;
        uint32_t viommu_id = 0;
    };

    uint32_t new_object(ObjType t);
    // Lookup with Linux iommufd_get_object semantics: missing, tombstoned or wrong type -> null.
    Object* get(uint32_t id, ObjType t);
    void add_user(uint32_t id) { ++m_objects.at(id).users; }
    void drop_user(uint32_t id) { --m_objects.at(id).users; }
    uint64_t alloc_mmap_offset(uint64_t length);
    int convert_user_cmd(const Viommu& v, smmu::core::Command& c) const;
    // Type-specific teardown of an object with no users; erases it from the table.
    void destroy_object(uint32_t id);
    void destroy_vdevice_hw(uint32_t id);
    int fail(int err);

    HostHw& m_hw;
    VmidPool& m_vmids;
    IommufdParams m_p;
    gsim::StatGroup m_stats;
    // Per-invalidation counters, looked up in the registry on first use only (same keys as a
    // lookup at every increment).
    std::array<gsim::Counter*, 3> m_lazy_counters{};
    gsim::Counter& lazy_counter(size_t i, const char* name) {
        gsim::Counter*& c = m_lazy_counters[i];
        if (!c) c = &m_stats.counter(name);
        return *c;
    }
    // Command buffers of HWPT_INVALIDATE calls, kept for reuse (several calls may be under way,
    // each on its own thread, when issuing yields).
    gsim::BufferPool<smmu::core::Command> m_scratch;
    HostHw::Info m_info;
    bool m_closed = false;
    uint32_t m_next_id = 1;
    uint32_t m_next_handle = 1;
    std::map<uint32_t, Object> m_objects;
    std::map<uint32_t, Device> m_devices;
    std::map<uint32_t, Ioas> m_ioas;
    std::map<uint32_t, Hwpt> m_hwpts;
    std::map<uint32_t, Viommu> m_viommus;
    std::map<uint32_t, Vdevice> m_vdevices;
    std::map<uint32_t, Veventq> m_veventqs;
    std::map<uint32_t, HwQueue> m_hw_queues;
    std::map<uint64_t, MmapRegion> m_regions;  // mmap offset -> region
    std::map<uint32_t, Mapping> m_mappings;    // live VMAs by handle
};

}  // namespace fw::iommufd
