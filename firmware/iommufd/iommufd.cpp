// grace-sim iommufd object layer: one iommufd file descriptor (see iommufd.h). Validation
// order and errno follow spec/cmdqv.md 3; comments name the step they model.
#include "iommufd/iommufd.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <limits>

#include "common/bits.h"
#include "iommufd/user_cmd.h"

namespace fw::iommufd {

namespace sc = smmu::core;

namespace {
constexpr uint64_t U64_MAX = std::numeric_limits<uint64_t>::max();
bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }
unsigned log2u(uint64_t v) {
    unsigned n = 0;
    while (v > 1) {
        v >>= 1;
        ++n;
    }
    return n;
}
template <typename T>
void append_bytes(std::vector<uint8_t>& out, const T& v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}
}  // namespace

const char* obj_type_name(ObjType t) {
    switch (t) {
    case ObjType::DEVICE: return "DEVICE";
    case ObjType::IOAS: return "IOAS";
    case ObjType::HWPT_PAGING: return "HWPT_PAGING";
    case ObjType::VIOMMU: return "VIOMMU";
    case ObjType::VDEVICE: return "VDEVICE";
    case ObjType::VEVENTQ: return "VEVENTQ";
    case ObjType::HW_QUEUE: return "HW_QUEUE";
    }
    return "?";
}

Iommufd::Iommufd(HostHw& hw, VmidPool& vmids, const IommufdParams& params,
                 gsim::StatGroup stats)
    : m_hw(hw), m_vmids(vmids), m_p(params), m_stats(std::move(stats)), m_info(hw.info()) {}

Iommufd::~Iommufd() {
    if (!m_closed) close();
}

int Iommufd::fail(int err) {
    ++m_stats.counter("ioctl_errors");
    return err;
}

uint32_t Iommufd::new_object(ObjType t) {
    uint32_t id = m_next_id++;
    m_objects[id] = Object{t};
    return id;
}

Iommufd::Object* Iommufd::get(uint32_t id, ObjType t) {
    auto it = m_objects.find(id);
    if (it == m_objects.end() || it->second.tombstone || it->second.type != t) return nullptr;
    return &it->second;
}

bool Iommufd::exists(uint32_t id) const {
    auto it = m_objects.find(id);
    return it != m_objects.end() && !it->second.tombstone;
}
ObjType Iommufd::type_of(uint32_t id) const { return m_objects.at(id).type; }
uint32_t Iommufd::users(uint32_t id) const { return m_objects.at(id).users; }

int Iommufd::hwpt_vmid(uint32_t id) const {
    auto it = m_hwpts.find(id);
    if (it == m_hwpts.end() || !it->second.nest_parent) return -ENOENT;
    return it->second.vmid;
}
int Iommufd::viommu_vintf(uint32_t id) const {
    auto it = m_viommus.find(id);
    if (it == m_viommus.end() || !it->second.has_vintf) return -ENOENT;
    return static_cast<int>(it->second.vintf);
}
const Ioas* Iommufd::ioas(uint32_t id) const {
    auto it = m_ioas.find(id);
    return it == m_ioas.end() ? nullptr : &it->second;
}
const VeventQueue* Iommufd::veventq(uint32_t id) const {
    auto it = m_veventqs.find(id);
    return it == m_veventqs.end() ? nullptr : it->second.queue.get();
}

// ---------------------------------------------------------------- devices

int Iommufd::bind_device(const BoundDevice& dev, uint32_t& out_dev_id) {
    if (m_closed) return -EBADF;
    if (dev.psids.empty()) return -EINVAL;
    // The fd learns its SMMU's properties when the first device is bound (the SMMU has been
    // probed by then; an fd may be opened earlier).
    if (m_devices.empty()) m_info = m_hw.info();
    out_dev_id = new_object(ObjType::DEVICE);
    m_objects[out_dev_id].users = 1;  // the binding driver is a user until unbind
    m_devices[out_dev_id] = Device{dev, 0};
    return 0;
}

int Iommufd::unbind_device(uint32_t dev_id) {
    if (!get(dev_id, ObjType::DEVICE)) return -ENOENT;
    Device& d = m_devices.at(dev_id);
    if (const uint32_t vd = d.vdevice_id) {
        // Forced destruction: hardware state and vIOMMU reference go, the id stays reserved.
        destroy_vdevice_hw(vd);
        m_objects.at(vd).tombstone = true;
        m_vdevices.erase(vd);
    }
    m_devices.erase(dev_id);
    m_objects.erase(dev_id);
    return 0;
}

// ---------------------------------------------------------------- IOAS

int Iommufd::ioas_alloc(IoasAllocCmd& cmd) {
    ++m_stats.counter("ioctl.IOAS_ALLOC");
    if (cmd.flags) return fail(-EOPNOTSUPP);
    cmd.out_ioas_id = new_object(ObjType::IOAS);
    m_ioas.emplace(cmd.out_ioas_id, Ioas(m_info.page_size));
    return 0;
}

int Iommufd::ioas_map(IoasMapCmd& cmd) {
    ++m_stats.counter("ioctl.IOAS_MAP");
    const uint32_t valid =
        IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE;
    if ((cmd.flags & ~valid) || cmd.reserved) return fail(-EOPNOTSUPP);
    if (cmd.iova == U64_MAX || cmd.length == U64_MAX) return fail(-EOVERFLOW);
    if (!(cmd.flags & (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE))) return fail(-EINVAL);
    if (!get(cmd.ioas_id, ObjType::IOAS)) return fail(-ENOENT);
    int rc = m_ioas.at(cmd.ioas_id)
                 .map(cmd.iova, cmd.length, cmd.host_pa, cmd.flags & IOMMU_IOAS_MAP_FIXED_IOVA);
    return rc ? fail(rc) : 0;
}

int Iommufd::ioas_unmap(IoasUnmapCmd& cmd) {
    ++m_stats.counter("ioctl.IOAS_UNMAP");
    cmd.out_length = 0;
    if (!get(cmd.ioas_id, ObjType::IOAS)) return fail(-ENOENT);
    Ioas& io = m_ioas.at(cmd.ioas_id);
    int rc;
    if (cmd.iova == 0 && cmd.length == U64_MAX) {
        rc = io.unmap_all(cmd.out_length);
    } else {
        if (cmd.iova == U64_MAX || cmd.length == U64_MAX) return fail(-EOVERFLOW);
        rc = io.unmap(cmd.iova, cmd.length, cmd.out_length);
    }
    return rc ? fail(rc) : 0;
}

// ---------------------------------------------------------------- HWPT

int Iommufd::hwpt_alloc(HwptAllocCmd& cmd) {
    ++m_stats.counter("ioctl.HWPT_ALLOC");
    if (cmd.reserved) return fail(-EOPNOTSUPP);
    if (cmd.data_type != 0) return fail(-EOPNOTSUPP);  // nested HWPTs are not modelled
    if (!get(cmd.dev_id, ObjType::DEVICE)) return fail(-ENOENT);
    if (!exists(cmd.pt_id)) return fail(-ENOENT);
    if (m_objects.at(cmd.pt_id).type != ObjType::IOAS) return fail(-EINVAL);
    if (cmd.flags & ~IOMMU_HWPT_ALLOC_NEST_PARENT) return fail(-EOPNOTSUPP);
    Hwpt h;
    h.ioas_id = cmd.pt_id;
    h.nest_parent = (cmd.flags & IOMMU_HWPT_ALLOC_NEST_PARENT) != 0;
    if (h.nest_parent) {
        // The S2 nest-parent domain is finalised at allocation and owns a VMID.
        int rc = m_vmids.alloc(h.vmid);
        if (rc) return fail(rc);
    }
    cmd.out_hwpt_id = new_object(ObjType::HWPT_PAGING);
    m_hwpts[cmd.out_hwpt_id] = h;
    add_user(h.ioas_id);
    return 0;
}

// ---------------------------------------------------------------- GET_HW_INFO

int Iommufd::get_hw_info(GetHwInfoCmd& cmd) {
    ++m_stats.counter("ioctl.GET_HW_INFO");
    if (cmd.flags & ~IOMMU_HW_INFO_FLAG_INPUT_TYPE) return fail(-EOPNOTSUPP);
    const uint32_t type =
        (cmd.flags & IOMMU_HW_INFO_FLAG_INPUT_TYPE) ? cmd.in_data_type : IOMMU_HW_INFO_TYPE_DEFAULT;
    if (cmd.reserved[0] || cmd.reserved[1] || cmd.reserved[2]) return fail(-EOPNOTSUPP);
    if (!get(cmd.dev_id, ObjType::DEVICE)) return fail(-ENOENT);
    std::vector<uint8_t> bytes;
    if (type == IOMMU_HW_INFO_TYPE_DEFAULT || type == IOMMU_HW_INFO_TYPE_ARM_SMMUV3) {
        HwInfoSmmuv3 s;
        for (int i = 0; i < 6; ++i) s.idr[i] = m_info.idr[i];
        s.iidr = m_info.iidr;
        s.aidr = m_info.aidr;
        cmd.out_smmuv3 = s;
        cmd.out_data_type = IOMMU_HW_INFO_TYPE_ARM_SMMUV3;
        append_bytes(bytes, s.flags);
        append_bytes(bytes, s.reserved);
        for (uint32_t v : s.idr) append_bytes(bytes, v);
        append_bytes(bytes, s.iidr);
        append_bytes(bytes, s.aidr);
    } else if (type == IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV && m_info.has_cmdqv) {
        HwInfoTegra241Cmdqv t;
        t.version = static_cast<uint8_t>(m_info.cmdqv_version);
        t.log2vcmdqs = static_cast<uint8_t>(m_info.log2_lvcmdqs_per_vintf);
        t.log2vsids = static_cast<uint8_t>(m_info.log2_sids_per_vintf);
        cmd.out_cmdqv = t;
        cmd.out_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
        append_bytes(bytes, t.flags);
        bytes.push_back(t.version);
        bytes.push_back(t.log2vcmdqs);
        bytes.push_back(t.log2vsids);
        bytes.push_back(t.reserved);
    } else {
        return fail(-EOPNOTSUPP);
    }
    // Copy what fits in the user buffer; report the driver's struct length.
    size_t n = std::min<size_t>(cmd.data_len, bytes.size());
    cmd.out_data.assign(bytes.begin(), bytes.begin() + static_cast<long>(n));
    cmd.data_len = static_cast<uint32_t>(bytes.size());
    return 0;
}

// ---------------------------------------------------------------- vIOMMU and mmap

uint64_t Iommufd::alloc_mmap_offset(uint64_t length) {
    // Lowest free range starting at PAGE_SIZE (offset 0 is never returned).
    uint64_t cand = m_info.page_size;
    for (const auto& [off, r] : m_regions) {
        if (cand + length <= off) break;
        if (off + r.length > cand) cand = off + r.length;
    }
    return cand;
}

int Iommufd::viommu_alloc(ViommuAllocCmd& cmd) {
    ++m_stats.counter("ioctl.VIOMMU_ALLOC");
    // Core: flags / DEFAULT type, device, driver support for the type, nest-parent HWPT.
    if (cmd.flags || cmd.type == IOMMU_VIOMMU_TYPE_DEFAULT) return fail(-EOPNOTSUPP);
    if (!get(cmd.dev_id, ObjType::DEVICE)) return fail(-ENOENT);
    const bool tegra = cmd.type == IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV;
    if (!m_info.nesting || !(cmd.type == IOMMU_VIOMMU_TYPE_ARM_SMMUV3 || (tegra && m_info.has_cmdqv)))
        return fail(-EOPNOTSUPP);
    if (!get(cmd.hwpt_id, ObjType::HWPT_PAGING)) return fail(-ENOENT);
    const Hwpt& parent = m_hwpts.at(cmd.hwpt_id);
    if (!parent.nest_parent) return fail(-EINVAL);
    // SMMU: the S2 parent and the device must sit behind the same SMMU.
    if (m_devices.at(cmd.dev_id).info.smmu_id != m_info.smmu_id) return fail(-EINVAL);
    Viommu v;
    v.type = cmd.type;
    v.hwpt_id = cmd.hwpt_id;
    v.vmid = parent.vmid;
    cmd.out_vintf_mmap_offset = 0;
    cmd.out_vintf_mmap_length = 0;
    if (tegra) {
        // CMDQV: driver data mandatory, VINTF allocation, HW init with HYP_OWN = 0.
        if (cmd.data_len < 16) return fail(-EINVAL);
        unsigned idx = 0;
        int rc = m_hw.vintf_alloc(idx);
        if (rc) return fail(rc);
        m_hw.vintf_hw_init(idx, v.vmid, false);
        v.has_vintf = true;
        v.vintf = idx;
        v.hw_queues.assign(1u << m_info.log2_lvcmdqs_per_vintf, 0);
        v.mmap_offset = alloc_mmap_offset(VINTF_MMAP_LENGTH);
        cmd.out_vintf_mmap_offset = v.mmap_offset;
        cmd.out_vintf_mmap_length = VINTF_MMAP_LENGTH;
    }
    cmd.out_viommu_id = new_object(ObjType::VIOMMU);
    if (tegra)
        m_regions[v.mmap_offset] =
            MmapRegion{VINTF_MMAP_LENGTH, m_hw.vintf_page0_pa(v.vintf), cmd.out_viommu_id};
    m_viommus[cmd.out_viommu_id] = std::move(v);
    add_user(cmd.hwpt_id);
    return 0;
}

int Iommufd::mmap(uint64_t offset, uint64_t length, int prot, int flags, uint64_t& out_host_pa,
                  uint32_t& out_handle) {
    ++m_stats.counter("mmap");
    const uint64_t pm = m_info.page_size - 1;
    if (m_closed) return fail(-EBADF);
    if (length == 0 || (length & pm) || (offset & pm)) return fail(-EINVAL);
    if (!(flags & MAP_SHARED_)) return fail(-EINVAL);
    if (prot & PROT_EXEC_) return fail(-EPERM);
    auto it = m_regions.find(offset);
    if (it == m_regions.end()) return fail(-ENXIO);
    if (length != it->second.length) return fail(-ENXIO);
    out_host_pa = it->second.host_pa;
    out_handle = m_next_handle++;
    m_mappings[out_handle] = Mapping{offset, it->second.viommu_id};
    add_user(it->second.viommu_id);
    return 0;
}

int Iommufd::munmap(uint32_t handle) {
    auto it = m_mappings.find(handle);
    if (it == m_mappings.end()) return -EINVAL;
    drop_user(it->second.viommu_id);
    m_mappings.erase(it);
    return 0;
}

// ---------------------------------------------------------------- vDEVICE

int Iommufd::vdevice_alloc(VdeviceAllocCmd& cmd) {
    ++m_stats.counter("ioctl.VDEVICE_ALLOC");
    if (!get(cmd.viommu_id, ObjType::VIOMMU)) return fail(-ENOENT);
    if (!get(cmd.dev_id, ObjType::DEVICE)) return fail(-ENOENT);
    Viommu& v = m_viommus.at(cmd.viommu_id);
    Device& d = m_devices.at(cmd.dev_id);
    if (d.info.smmu_id != m_info.smmu_id) return fail(-EINVAL);  // not behind this SMMU
    if (d.vdevice_id) return fail(-EEXIST);                        // one vDEVICE per device
    if (v.vdevs.count(cmd.virt_id)) return fail(-EEXIST);          // virt_id unique per vIOMMU
    // Driver: the vSID must fit 32 bits; a CMDQV vIOMMU gets a SID pair (REPLACE, then MATCH).
    if (cmd.virt_id > 0xffffffffull) return fail(-EINVAL);
    Vdevice vd;
    vd.viommu_id = cmd.viommu_id;
    vd.dev_id = cmd.dev_id;
    vd.virt_id = cmd.virt_id;
    if (v.has_vintf) {
        int rc = m_hw.sid_pair_alloc(v.vintf, vd.slot);
        if (rc) return fail(rc);
        m_hw.sid_pair_program(v.vintf, vd.slot, static_cast<uint32_t>(cmd.virt_id),
                              d.info.psids[0]);
        vd.has_sid_pair = true;
    }
    cmd.out_vdevice_id = new_object(ObjType::VDEVICE);
    m_vdevices[cmd.out_vdevice_id] = vd;
    v.vdevs[cmd.virt_id] = cmd.out_vdevice_id;
    d.vdevice_id = cmd.out_vdevice_id;
    add_user(cmd.viommu_id);
    return 0;
}

void Iommufd::destroy_vdevice_hw(uint32_t id) {
    Vdevice& vd = m_vdevices.at(id);
    Viommu& v = m_viommus.at(vd.viommu_id);
    if (vd.has_sid_pair) m_hw.sid_pair_clear(v.vintf, vd.slot);
    v.vdevs.erase(vd.virt_id);
    auto dit = m_devices.find(vd.dev_id);
    if (dit != m_devices.end()) dit->second.vdevice_id = 0;
    drop_user(vd.viommu_id);
}

// ---------------------------------------------------------------- vEVENTQ

int Iommufd::veventq_alloc(VeventqAllocCmd& cmd) {
    ++m_stats.counter("ioctl.VEVENTQ_ALLOC");
    if (cmd.flags || cmd.reserved || cmd.type == IOMMU_VEVENTQ_TYPE_DEFAULT)
        return fail(-EOPNOTSUPP);
    if (cmd.veventq_depth == 0) return fail(-EINVAL);
    if (!get(cmd.viommu_id, ObjType::VIOMMU)) return fail(-ENOENT);
    Viommu& v = m_viommus.at(cmd.viommu_id);
    if (v.veventqs.count(cmd.type)) return fail(-EEXIST);
    cmd.out_veventq_id = new_object(ObjType::VEVENTQ);
    Veventq q;
    q.viommu_id = cmd.viommu_id;
    q.type = cmd.type;
    q.queue = std::make_unique<VeventQueue>(cmd.veventq_depth);
    m_veventqs[cmd.out_veventq_id] = std::move(q);
    v.veventqs[cmd.type] = cmd.out_veventq_id;
    add_user(cmd.viommu_id);
    return 0;
}

long Iommufd::veventq_read(uint32_t id, size_t count, std::vector<VeventRecord>& out) {
    if (!get(id, ObjType::VEVENTQ)) return -EBADF;
    return m_veventqs.at(id).queue->read(count, out);
}

bool Iommufd::owns_vintf(unsigned vintf) const {
    for (const auto& [id, v] : m_viommus)
        if (v.has_vintf && v.vintf == vintf) return true;
    return false;
}

int Iommufd::report_vevent(unsigned vintf, const std::array<uint64_t, 2>& map) {
    for (const auto& [id, v] : m_viommus) {
        if (!v.has_vintf || v.vintf != vintf) continue;
        auto q = v.veventqs.find(IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV);
        if (q == v.veventqs.end()) {
            ++m_stats.counter("vevents_dropped");
            return -EOPNOTSUPP;
        }
        bool queued = m_veventqs.at(q->second).queue->report(map);
        ++m_stats.counter(queued ? "vevents_queued" : "vevents_lost");
        return 0;
    }
    return -ENOENT;
}

// ---------------------------------------------------------------- HW queue

int Iommufd::hw_queue_alloc(HwQueueAllocCmd& cmd) {
    ++m_stats.counter("ioctl.HW_QUEUE_ALLOC");
    // Core step 1.
    if (cmd.flags || cmd.type == IOMMU_HW_QUEUE_TYPE_DEFAULT) return fail(-EOPNOTSUPP);
    if (cmd.length == 0) return fail(-EINVAL);
    uint64_t last = cmd.nesting_parent_iova + (cmd.length - 1);
    if (last < cmd.nesting_parent_iova) return fail(-EOVERFLOW);
    if (!get(cmd.viommu_id, ObjType::VIOMMU)) return fail(-ENOENT);
    Viommu& v = m_viommus.at(cmd.viommu_id);
    if (!v.has_vintf || cmd.type != IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV) return fail(-EOPNOTSUPP);
    // Core step 2: pin the ring in the nest parent's IOAS (the id is taken now, as the object
    // is allocated before the pin).
    const uint32_t ioas_id = m_hwpts.at(v.hwpt_id).ioas_id;
    Ioas& io = m_ioas.at(ioas_id);
    const uint32_t id = m_next_id;
    uint64_t base_pa = 0;
    int rc = io.pin(cmd.nesting_parent_iova, cmd.length, id, base_pa);
    if (rc) return fail(rc);
    auto abort = [&](int err) {
        io.unpin(id);
        return fail(err);
    };
    // Driver (CMDQV) validation.
    const unsigned n = static_cast<unsigned>(v.hw_queues.size());
    if (cmd.index >= n) return abort(-EINVAL);
    if (v.hw_queues[cmd.index]) return abort(-EEXIST);
    if (cmd.index > 0 && !v.hw_queues[cmd.index - 1]) return abort(-EIO);
    const uint64_t max_len = 1ull << (m_info.cmdqs_log2 + 4);
    if (!is_pow2(cmd.length) || cmd.length < 32 || cmd.length > max_len) return abort(-EINVAL);
    if ((base_pa & ~gsim::mask(47, 5)) || (base_pa & (cmd.length - 1))) return abort(-EINVAL);
    const unsigned log2size = log2u(cmd.length) - 4;
    rc = m_hw.lvcmdq_map_and_program(v.vintf, cmd.index, base_pa, log2size);
    if (rc) return abort(rc);
    // Commit: object, dependency on index-1, vIOMMU reference.
    cmd.out_hw_queue_id = new_object(ObjType::HW_QUEUE);
    HwQueue q;
    q.viommu_id = cmd.viommu_id;
    q.ioas_id = ioas_id;
    q.index = cmd.index;
    q.base_pa = base_pa;
    q.length = cmd.length;
    if (cmd.index > 0) {
        q.prev_id = v.hw_queues[cmd.index - 1];
        add_user(q.prev_id);
    }
    m_hw_queues[cmd.out_hw_queue_id] = q;
    v.hw_queues[cmd.index] = cmd.out_hw_queue_id;
    add_user(cmd.viommu_id);
    return 0;
}

// ---------------------------------------------------------------- HWPT_INVALIDATE

int Iommufd::convert_user_cmd(const Viommu& v, sc::Command& c) const {
    if (!user_cmd_accepted(c.op())) return -EIO;
    if (m_p.reject_reserved_bits && user_cmd_has_reserved_bits(c)) return -EIO;
    switch (c.op()) {
    case sc::CMD_TLBI_NSNH_ALL:
        c.d0 = sc::CMD_TLBI_NH_ALL;
        c.d1 = 0;
        c.set_vmid(v.vmid);
        return 0;
    case sc::CMD_TLBI_NH_VA:
    case sc::CMD_TLBI_NH_VAA:
    case sc::CMD_TLBI_NH_ALL:
    case sc::CMD_TLBI_NH_ASID:
        c.set_vmid(v.vmid);
        return 0;
    case sc::CMD_ATC_INV:
    case sc::CMD_CFGI_CD:
    case sc::CMD_CFGI_CD_ALL: {
        auto it = v.vdevs.find(c.sid());
        if (it == v.vdevs.end()) return -EIO;
        const Vdevice& vd = m_vdevices.at(it->second);
        c.set_sid(m_devices.at(vd.dev_id).info.psids[0]);
        return 0;
    }
    default:
        return -EIO;
    }
}

int Iommufd::hwpt_invalidate(HwptInvalidateCmd& cmd) {
    ++lazy_counter(0, "ioctl.HWPT_INVALIDATE");
    const uint32_t requested = cmd.entry_num;
    cmd.entry_num = 0;
    if (cmd.reserved) return fail(-EOPNOTSUPP);
    if (requested && cmd.entry_len == 0) return fail(-EINVAL);
    if (requested > cmd.entries.size()) return fail(-EFAULT);  // user array too short
    if (requested == 0) return 0;
    if (!exists(cmd.hwpt_id)) return fail(-ENOENT);
    if (m_objects.at(cmd.hwpt_id).type != ObjType::VIOMMU) return fail(-EINVAL);
    const Viommu& v = m_viommus.at(cmd.hwpt_id);
    if (cmd.data_type != IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3) return fail(-EINVAL);
    if (cmd.entry_len != INVALIDATE_ENTRY_LEN) return fail(-EINVAL);
    // Convert one by one; every inv_batch_max converted commands (or at the end) the batch
    // goes to the host main CMDQ with a CMD_SYNC. A bad command stops the walk: commands after
    // the last issued batch are not issued, entry_num = index of the bad command.
    // The converted copy lives in a buffer of the ioctl's own (issuing may yield to another
    // caller); buffers are recycled so that their storage is kept.
    std::vector<sc::Command> cmds = m_scratch.take();
    cmds.assign(cmd.entries.begin(), cmd.entries.begin() + requested);
    std::vector<sc::Command> part;  // a batch that is not the whole request
    size_t cur = 0;
    size_t last = 0;
    int rc = 0;
    while (cur != cmds.size()) {
        rc = convert_user_cmd(v, cmds[cur]);
        if (rc) break;
        ++cur;
        if (cur != cmds.size() && cur - last != m_p.inv_batch_max) continue;
        const bool whole = last == 0 && cur == cmds.size();
        if (!whole) part.assign(cmds.begin() + static_cast<long>(last), cmds.begin() + static_cast<long>(cur));
        const std::vector<sc::Command>& batch = whole ? cmds : part;
        ++lazy_counter(1, "inv_batches");
        lazy_counter(2, "inv_cmds") += batch.size();
        rc = m_hw.issue_main_cmdq(batch);
        if (rc) {
            --cur;
            break;
        }
        last = cur;
    }
    m_scratch.give_back(std::move(cmds));
    cmd.entry_num = static_cast<uint32_t>(cur);
    return rc ? fail(rc) : 0;
}

// ---------------------------------------------------------------- DESTROY and close

void Iommufd::destroy_object(uint32_t id) {
    Object& o = m_objects.at(id);
    switch (o.type) {
    case ObjType::DEVICE:
        m_devices.erase(id);
        break;
    case ObjType::IOAS: {
        uint64_t len = 0;
        m_ioas.at(id).unmap_all(len);
        m_ioas.erase(id);
        break;
    }
    case ObjType::HWPT_PAGING: {
        const Hwpt& h = m_hwpts.at(id);
        if (h.nest_parent) m_vmids.free(h.vmid);
        drop_user(h.ioas_id);
        m_hwpts.erase(id);
        break;
    }
    case ObjType::VIOMMU: {
        const Viommu& v = m_viommus.at(id);
        if (v.has_vintf) {
            m_regions.erase(v.mmap_offset);
            m_hw.vintf_deinit(v.vintf);
            m_hw.vintf_free(v.vintf);
        }
        drop_user(v.hwpt_id);
        m_viommus.erase(id);
        break;
    }
    case ObjType::VDEVICE:
        if (!o.tombstone) {
            destroy_vdevice_hw(id);
            m_vdevices.erase(id);
        }
        break;
    case ObjType::VEVENTQ: {
        const Veventq& q = m_veventqs.at(id);
        m_viommus.at(q.viommu_id).veventqs.erase(q.type);
        drop_user(q.viommu_id);
        m_veventqs.erase(id);
        break;
    }
    case ObjType::HW_QUEUE: {
        const HwQueue& q = m_hw_queues.at(id);
        Viommu& v = m_viommus.at(q.viommu_id);
        m_hw.lvcmdq_deinit_and_unmap(v.vintf, q.index);
        v.hw_queues[q.index] = 0;
        if (q.prev_id) drop_user(q.prev_id);
        m_ioas.at(q.ioas_id).unpin(id);
        drop_user(q.viommu_id);
        m_hw_queues.erase(id);
        break;
    }
    }
    m_objects.erase(id);
}

int Iommufd::destroy(uint32_t id) {
    ++m_stats.counter("ioctl.DESTROY");
    if (!exists(id)) return fail(-ENOENT);
    if (m_objects.at(id).users) return fail(-EBUSY);
    destroy_object(id);
    return 0;
}

void Iommufd::close() {
    if (m_closed) return;
    // Process exit: VMAs go first, then the VFIO device fds (unbind), then the table.
    while (!m_mappings.empty()) munmap(m_mappings.begin()->first);
    while (!m_devices.empty()) unbind_device(m_devices.begin()->first);
    bool progress = true;
    while (progress) {
        progress = false;
        for (auto it = m_objects.begin(); it != m_objects.end();) {
            uint32_t id = it->first;
            ++it;
            if (m_objects.at(id).users == 0 && !m_objects.at(id).tombstone) {
                destroy_object(id);
                progress = true;
            }
        }
    }
    // Force-destroyed vDEVICE ids are released with the table.
    for (auto it = m_objects.begin(); it != m_objects.end();)
        it = it->second.tombstone ? m_objects.erase(it) : std::next(it);
    m_closed = true;
}

}  // namespace fw::iommufd
