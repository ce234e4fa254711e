// grace-sim iommufd object layer: the user-visible API (ioctl argument structs and constants).
// Implements: the fields of the iommufd uAPI (spec/cmdqv.md 3) that the VMM model uses, as plain
// C++ structs (one struct per ioctl; `out_*` fields are written by the call). Errors are negative
// errno values (-EINVAL ...) returned by the Iommufd methods, as the ioctl would return them.
// Not implemented: the `size` header and the E2BIG check of unknown trailing bytes, user
// pointers (data is passed by value), the ioctl numbers (listed for reference only).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "smmuv3/core/command.h"

namespace fw::iommufd {

// ioctl numbers (type ';' = 0x3B), spec/cmdqv.md 3; reference only.
enum IoctlNr : uint32_t {
    IOMMU_DESTROY = 0x80,
    IOMMU_IOAS_ALLOC = 0x81,
    IOMMU_IOAS_MAP = 0x85,
    IOMMU_IOAS_UNMAP = 0x86,
    IOMMU_HWPT_ALLOC = 0x89,
    IOMMU_GET_HW_INFO = 0x8A,
    IOMMU_HWPT_INVALIDATE = 0x8D,
    IOMMU_VIOMMU_ALLOC = 0x90,
    IOMMU_VDEVICE_ALLOC = 0x91,
    IOMMU_VEVENTQ_ALLOC = 0x93,
    IOMMU_HW_QUEUE_ALLOC = 0x94,
};

// Object types of the per-fd table (Linux enum iommufd_object_type, the ones modelled).
enum class ObjType : uint8_t { DEVICE, IOAS, HWPT_PAGING, VIOMMU, VDEVICE, VEVENTQ, HW_QUEUE };
const char* obj_type_name(ObjType t);

// IOMMU_IOAS_MAP flags.
constexpr uint32_t IOMMU_IOAS_MAP_FIXED_IOVA = 1u << 0;
constexpr uint32_t IOMMU_IOAS_MAP_WRITEABLE = 1u << 1;
constexpr uint32_t IOMMU_IOAS_MAP_READABLE = 1u << 2;
// IOMMU_HWPT_ALLOC flags.
constexpr uint32_t IOMMU_HWPT_ALLOC_NEST_PARENT = 1u << 0;
// IOMMU_GET_HW_INFO flags and types.
constexpr uint32_t IOMMU_HW_INFO_FLAG_INPUT_TYPE = 1u << 0;
enum HwInfoType : uint32_t {
    IOMMU_HW_INFO_TYPE_DEFAULT = 0,
    IOMMU_HW_INFO_TYPE_INTEL_VTD = 1,
    IOMMU_HW_INFO_TYPE_ARM_SMMUV3 = 2,
    IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV = 3,
};
enum ViommuType : uint32_t {
    IOMMU_VIOMMU_TYPE_DEFAULT = 0,
    IOMMU_VIOMMU_TYPE_ARM_SMMUV3 = 1,
    IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV = 2,
};
enum VeventqType : uint32_t {
    IOMMU_VEVENTQ_TYPE_DEFAULT = 0,
    IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 = 1,
    IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV = 2,
};
enum HwQueueType : uint32_t {
    IOMMU_HW_QUEUE_TYPE_DEFAULT = 0,
    IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV = 1,
};
// IOMMU_HWPT_INVALIDATE data type for a vIOMMU.
constexpr uint32_t IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 = 1;
constexpr uint32_t INVALIDATE_ENTRY_LEN = 16;
// vEVENT header flags.
constexpr uint32_t IOMMU_VEVENTQ_FLAG_LOST_EVENTS = 1u << 0;
constexpr uint32_t VEVENT_SEQUENCE_MAX = 0x7fffffff;  // INT_MAX: sequence wraps to 0 after it
constexpr uint32_t VEVENT_HEADER_BYTES = 8;
constexpr uint32_t VEVENT_TEGRA241_BYTES = 16;
// The VINTF page0 mmap length, regardless of the host PAGE_SIZE (spec/cmdqv.md 7).
constexpr uint64_t VINTF_MMAP_LENGTH = 0x10000;
// mmap prot / flags bits (Linux values).
constexpr int PROT_READ_ = 0x1;
constexpr int PROT_WRITE_ = 0x2;
constexpr int PROT_EXEC_ = 0x4;
constexpr int MAP_SHARED_ = 0x01;
constexpr int MAP_PRIVATE_ = 0x02;

// A device bound to this fd (VFIO cdev bind): its physical StreamIDs and capabilities.
struct BoundDevice {
    std::vector<uint32_t> psids;  // stream 0 is the one used for vSID translation
    bool ats = false;
    unsigned smmu_id = 0;         // which physical SMMU the device sits behind
};

struct IoasAllocCmd {
    uint32_t flags = 0;
    uint32_t out_ioas_id = 0;
};

struct IoasMapCmd {
    uint32_t flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE;
    uint32_t ioas_id = 0;
    uint32_t reserved = 0;
    uint64_t iova = 0;
    uint64_t length = 0;
    uint64_t host_pa = 0;  // stands for user_va: the host physical chunk backing the range
};

struct IoasUnmapCmd {
    uint32_t ioas_id = 0;
    uint64_t iova = 0;
    uint64_t length = 0;  // iova 0 + length UINT64_MAX unmaps everything
    uint64_t out_length = 0;
};

struct HwptAllocCmd {
    uint32_t flags = 0;
    uint32_t dev_id = 0;
    uint32_t pt_id = 0;
    uint32_t data_type = 0;  // only IOMMU_HWPT_DATA_NONE (0) is modelled
    uint32_t reserved = 0;
    uint32_t out_hwpt_id = 0;
};

struct HwInfoSmmuv3 {
    uint32_t flags = 0;
    uint32_t reserved = 0;
    uint32_t idr[6] = {};
    uint32_t iidr = 0;
    uint32_t aidr = 0;
};
struct HwInfoTegra241Cmdqv {
    uint32_t flags = 0;
    uint8_t version = 0;
    uint8_t log2vcmdqs = 0;  // per VINTF
    uint8_t log2vsids = 0;
    uint8_t reserved = 0;
};

struct GetHwInfoCmd {
    uint32_t flags = 0;
    uint32_t dev_id = 0;
    uint32_t data_len = 0;  // in: user buffer size; out: size of the driver's struct
    uint32_t in_data_type = 0;
    uint32_t reserved[3] = {};
    uint32_t out_data_type = 0;
    HwInfoSmmuv3 out_smmuv3;          // valid when out_data_type == ARM_SMMUV3
    HwInfoTegra241Cmdqv out_cmdqv;    // valid when out_data_type == TEGRA241_CMDQV
    std::vector<uint8_t> out_data;    // the bytes copied to the user, min(data_len, struct size)
};

struct ViommuAllocCmd {
    uint32_t flags = 0;
    uint32_t type = IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV;
    uint32_t dev_id = 0;
    uint32_t hwpt_id = 0;
    uint32_t out_viommu_id = 0;
    uint32_t data_len = 16;   // driver data (struct iommu_viommu_tegra241_cmdqv), 0 = absent
    uint64_t out_vintf_mmap_offset = 0;
    uint64_t out_vintf_mmap_length = 0;
};

struct VdeviceAllocCmd {
    uint32_t viommu_id = 0;
    uint32_t dev_id = 0;
    uint32_t out_vdevice_id = 0;
    uint64_t virt_id = 0;  // the vSID
};

struct VeventqAllocCmd {
    uint32_t flags = 0;
    uint32_t viommu_id = 0;
    uint32_t type = IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV;
    uint32_t veventq_depth = 0;
    uint32_t out_veventq_id = 0;
    uint32_t reserved = 0;
};

struct HwQueueAllocCmd {
    uint32_t flags = 0;
    uint32_t viommu_id = 0;
    uint32_t type = IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV;
    uint32_t index = 0;
    uint32_t out_hw_queue_id = 0;
    uint64_t nesting_parent_iova = 0;
    uint64_t length = 0;
};

struct HwptInvalidateCmd {
    uint32_t hwpt_id = 0;  // a vIOMMU id for the trapped SMMU commands
    uint32_t data_type = IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3;
    uint32_t entry_len = INVALIDATE_ENTRY_LEN;
    uint32_t entry_num = 0;  // in: entries; out: entries processed
    uint32_t reserved = 0;
    std::vector<smmu::core::Command> entries;
};

// One record read from a vEVENTQ: header (+ the TEGRA241 payload unless LOST_EVENTS).
struct VeventRecord {
    uint32_t flags = 0;
    uint32_t sequence = 0;
    bool has_payload = false;
    std::array<uint64_t, 2> lvcmdq_err_map = {0, 0};
    uint32_t bytes() const {
        return VEVENT_HEADER_BYTES + (has_payload ? VEVENT_TEGRA241_BYTES : 0);
    }
};

}  // namespace fw::iommufd
