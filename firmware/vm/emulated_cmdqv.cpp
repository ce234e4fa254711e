// grace-sim: the guest's emulated Tegra241 CMDQV of the VMM model (see emulated_cmdqv.h).
#include "vm/emulated_cmdqv.h"

#include <algorithm>

namespace fw::vm {

EmulatedCmdqv::EmulatedCmdqv(GuestMemory& g, fw::iommufd::Iommufd& f, IoctlFn iofn, uint64_t gpa,
                             const fw::iommufd::HwInfoTegra241Cmdqv& info, gsim::StatGroup s)
    : gmem(g),
      fd(f),
      io(std::move(iofn)),
      cmdqv_gpa(gpa),
      hw_queue_allocs(s.counter("hw_queue_allocs")),
      hw_queue_alloc_fails(s.counter("hw_queue_alloc_fails")) {
    nlv = 1u << info.log2vcmdqs;
    param = static_cast<uint32_t>(cmdqv_regs::PARAM_VER.make(info.version) |
                                  cmdqv_regs::PARAM_NUM_VCMDQ_LOG2.make(info.log2vcmdqs) |
                                  cmdqv_regs::PARAM_NUM_VINTF_LOG2.make(0) |
                                  cmdqv_regs::PARAM_NUM_SID_PER_VINTF_LOG2.make(info.log2vsids));
    cmdq_alloc.assign(nlv, 0);
    page0.assign(nlv, {});
    page1.assign(nlv, {});
    hw_queue.assign(nlv, 0);
}

bool EmulatedCmdqv::lvcmdq_allocated(unsigned l) const {
    for (uint32_t a : cmdq_alloc)
        if (cmdqv_regs::CMDQ_ALLOC_ALLOCATED.get(a) && cmdqv_regs::CMDQ_ALLOC_VINTF.get(a) == 0 &&
            cmdqv_regs::CMDQ_ALLOC_LVCMDQ.get(a) == l)
            return true;
    return false;
}

int EmulatedCmdqv::lvcmdq_of(unsigned q) const {
    if (q >= cmdq_alloc.size()) return -1;
    const uint32_t a = cmdq_alloc[q];
    if (!cmdqv_regs::CMDQ_ALLOC_ALLOCATED.get(a) || cmdqv_regs::CMDQ_ALLOC_VINTF.get(a) != 0) return -1;
    const unsigned l = static_cast<unsigned>(cmdqv_regs::CMDQ_ALLOC_LVCMDQ.get(a));
    return l < nlv ? static_cast<int>(l) : -1;
}

void EmulatedCmdqv::free_hw_queues(Cpu& h) {
    for (unsigned l = nlv; l-- > 0;) {
        if (!hw_queue[l]) continue;
        const uint32_t id = hw_queue[l];
        ioctl(h, 0, [&] { return fd.destroy(id); });
        hw_queue[l] = 0;
    }
}

void EmulatedCmdqv::maybe_alloc(Cpu& h, unsigned l) {
    if (!cmdqv_regs::CONFIG_EN.get(cmdqv_config) || !cmdqv_regs::VINTF_CONFIG_EN.get(vintf_config)) return;
    if (!lvcmdq_allocated(l)) return;
    const uint64_t addr = page1[l].base & cmdqv_regs::VCMDQ_BASE_ADDR.mask();
    const unsigned log2 = static_cast<unsigned>(cmdqv_regs::VCMDQ_BASE_LOG2SIZE.get(page1[l].base));
    uint64_t hpa = 0;
    if (addr == 0 || !gmem.gpa_to_hpa(addr, hpa)) return;
    if (hw_queue[l]) {
        const uint32_t id = hw_queue[l];
        ioctl(h, 0, [&] { return fd.destroy(id); });
        hw_queue[l] = 0;
    }
    fw::iommufd::HwQueueAllocCmd c;
    c.viommu_id = viommu_id;
    c.index = l;
    c.nesting_parent_iova = addr;
    c.length = uint64_t{16} << log2;
    const int rc = ioctl(h, 0, [&] { return fd.hw_queue_alloc(c); });
    if (rc != 0) {
        ++hw_queue_alloc_fails;
        page0[l].gerror ^= cmdqv_regs::GERROR_CMDQ_INIT_ERR;
        page0[l].config = 0;
        return;
    }
    ++hw_queue_allocs;
    hw_queue[l] = c.out_hw_queue_id;
    if (!passthrough) {
        gmem.remove(cmdqv_gpa + cmdqv_regs::vintf_page0(0));
        gmem.add_passthrough(cmdqv_gpa + cmdqv_regs::vintf_page0(0), cmdqv_regs::PAGE_SIZE, page0_hpa);
        passthrough = true;
    }
}

uint32_t EmulatedCmdqv::global_read32(uint64_t off) const {
    if (off >= cmdqv_regs::CMDQ_ALLOC && off < cmdqv_regs::CMDQ_ALLOC + 4 * cmdq_alloc.size())
        return cmdq_alloc[(off - cmdqv_regs::CMDQ_ALLOC) / 4];
    if (off >= cmdqv_regs::CMDQ_ERR_MAP && off < cmdqv_regs::CMDQ_ERR_MAP + 4 * cmdqv_regs::CMDQ_ERR_MAP_WORDS)
        return cmdq_err_map[(off - cmdqv_regs::CMDQ_ERR_MAP) / 4];
    const uint64_t vb = cmdqv_regs::vintf_block(0);
    if (off >= vb && off < vb + cmdqv_regs::VINTF_BLOCK_STRIDE) {
        const uint64_t r = off - vb;
        if (r == cmdqv_regs::VINTF_CONFIG) return vintf_config;
        if (r == cmdqv_regs::VINTF_STATUS) {
            unsigned n = 0;
            for (unsigned l = 0; l < nlv; ++l) n += lvcmdq_allocated(l) ? 1 : 0;
            return static_cast<uint32_t>(cmdqv_regs::VINTF_STATUS_ENABLED.make(cmdqv_regs::VINTF_CONFIG_EN.get(vintf_config)) |
                                         cmdqv_regs::VINTF_STATUS_VI_NUM_LVCMDQ.make(n));
        }
        if (r >= cmdqv_regs::VINTF_LVCMDQ_ERR_MAP && r < cmdqv_regs::VINTF_LVCMDQ_ERR_MAP + 16)
            return lvcmdq_err_map[(r - cmdqv_regs::VINTF_LVCMDQ_ERR_MAP) / 4];
    }
    switch (off) {
        case cmdqv_regs::CONFIG: return cmdqv_config;
        case cmdqv_regs::PARAM: return param;
        case cmdqv_regs::STATUS: return static_cast<uint32_t>(cmdqv_regs::CONFIG_EN.get(cmdqv_config));
        case cmdqv_regs::VINTF_ERR_MAP: return static_cast<uint32_t>(vintf_err_map);
        case cmdqv_regs::VINTF_ERR_MAP + 4: return static_cast<uint32_t>(vintf_err_map >> 32);
        default: {
            auto it = cmdqv_misc.find(off);
            return it == cmdqv_misc.end() ? 0 : it->second;
        }
    }
}

void EmulatedCmdqv::global_write32(Cpu& h, uint64_t off, uint32_t v) {
    if (off >= cmdqv_regs::CMDQ_ALLOC && off < cmdqv_regs::CMDQ_ALLOC + 4 * cmdq_alloc.size()) {
        cmdq_alloc[(off - cmdqv_regs::CMDQ_ALLOC) / 4] = v & cmdqv_regs::CMDQ_ALLOC_WRITABLE;
        return;
    }
    const uint64_t vb = cmdqv_regs::vintf_block(0);
    if (off == vb + cmdqv_regs::VINTF_CONFIG) {
        const bool was = cmdqv_regs::VINTF_CONFIG_EN.get(vintf_config);
        // HYP_OWN forced to 0; the VMID belongs to the host (the guest's is ignored).
        vintf_config = static_cast<uint32_t>(v & cmdqv_regs::VINTF_CONFIG_EN.mask());
        if (was && !cmdqv_regs::VINTF_CONFIG_EN.get(vintf_config)) free_hw_queues(h);
        return;
    }
    if (off == cmdqv_regs::CONFIG) {
        const bool was = cmdqv_regs::CONFIG_EN.get(cmdqv_config);
        cmdqv_config = v & cmdqv_regs::CONFIG_WRITABLE;
        if (was && !cmdqv_regs::CONFIG_EN.get(cmdqv_config)) free_hw_queues(h);
        return;
    }
    if (off == cmdqv_regs::PARAM || off == cmdqv_regs::STATUS || off == cmdqv_regs::VINTF_ERR_MAP ||
        off == cmdqv_regs::VINTF_ERR_MAP + 4 ||
        (off >= cmdqv_regs::CMDQ_ERR_MAP && off < cmdqv_regs::CMDQ_ERR_MAP + 16) ||
        off == vb + cmdqv_regs::VINTF_STATUS ||
        (off >= vb + cmdqv_regs::VINTF_LVCMDQ_ERR_MAP && off < vb + cmdqv_regs::VINTF_LVCMDQ_ERR_MAP + 16))
        return;  // read-only
    cmdqv_misc[off] = v;
}

uint32_t EmulatedCmdqv::page0_read32(Cpu& h, unsigned l, uint64_t r) {
    if (passthrough) return h.read32(page0_hpa + cmdqv_regs::VCMDQ_STRIDE * l + r);
    const Page0& q = page0[l];
    switch (r) {
        case cmdqv_regs::VCMDQ_CONS: return q.cons;
        case cmdqv_regs::VCMDQ_PROD: return q.prod;
        case cmdqv_regs::VCMDQ_CONFIG: return q.config;
        case cmdqv_regs::VCMDQ_STATUS: return q.config & 1;
        case cmdqv_regs::VCMDQ_GERROR: return q.gerror;
        case cmdqv_regs::VCMDQ_GERRORN: return q.gerrorn;
        default: return 0;
    }
}

void EmulatedCmdqv::page0_write32(Cpu& h, unsigned l, uint64_t r, uint32_t v) {
    if (passthrough) {
        h.write32(page0_hpa + cmdqv_regs::VCMDQ_STRIDE * l + r, v);
        return;
    }
    Page0& q = page0[l];
    switch (r) {
        case cmdqv_regs::VCMDQ_CONS: q.cons = v; break;
        case cmdqv_regs::VCMDQ_PROD: q.prod = v; break;
        case cmdqv_regs::VCMDQ_CONFIG: q.config = v & 1; break;
        case cmdqv_regs::VCMDQ_GERRORN: q.gerrorn = v & cmdqv_regs::GERROR_MASK; break;
        default: break;
    }
}

bool EmulatedCmdqv::page1_access(Cpu& h, unsigned l, uint64_t r, unsigned len, bool write, uint64_t& v) {
    Page1& q = page1[l];
    uint64_t* reg = (r < 8) ? &q.base : &q.cons_indx_base;
    const unsigned shift = (r & 4) ? 32 : 0;
    if (len == 8 && (r & 4)) return false;
    if (!write) {
        v = (*reg >> shift) & (len == 8 ? ~uint64_t{0} : 0xffffffffull);
        return true;
    }
    const uint64_t m = (len == 8 ? ~uint64_t{0} : 0xffffffffull) << shift;
    *reg = ((*reg & ~m) | ((v << shift) & m)) & cmdqv_regs::VCMDQ_BASE_WRITABLE;
    if (reg == &q.base) maybe_alloc(h, l);
    return true;
}

bool EmulatedCmdqv::cmdqv_access(Cpu& h, uint64_t off, unsigned len, bool write, uint64_t& v) {
    const uint64_t page = off & ~(cmdqv_regs::PAGE_SIZE - 1), in = off & (cmdqv_regs::PAGE_SIZE - 1);
    if (page == cmdqv_regs::GLOBAL_PAGE) {
        if (!write) {
            v = global_read32(off);
            if (len == 8) v |= uint64_t{global_read32(off + 4)} << 32;
        } else {
            global_write32(h, off, static_cast<uint32_t>(v));
            if (len == 8) global_write32(h, off + 4, static_cast<uint32_t>(v >> 32));
        }
        return true;
    }
    const unsigned slot = static_cast<unsigned>(in / cmdqv_regs::VCMDQ_STRIDE);
    const uint64_t r = in % cmdqv_regs::VCMDQ_STRIDE;
    int l = -1;
    if (page == cmdqv_regs::DIRECT_PAGE0 || page == cmdqv_regs::DIRECT_PAGE1) {
        l = lvcmdq_of(slot);
    } else if (slot < nlv) {
        l = static_cast<int>(slot);
    }
    if (l < 0) {  // unmapped queue: RAZ/WI
        if (!write) v = 0;
        return true;
    }
    const unsigned lq = static_cast<unsigned>(l);
    if (page == cmdqv_regs::DIRECT_PAGE1 || page == cmdqv_regs::vintf_page1(0))
        return page1_access(h, lq, r, len, write, v);
    if (r >= 0x18) {
        if (!write) v = 0;
        return true;
    }
    if (!write) {
        v = page0_read32(h, lq, r);
        if (len == 8) v |= uint64_t{page0_read32(h, lq, r + 4)} << 32;
    } else {
        page0_write32(h, lq, r, static_cast<uint32_t>(v));
        if (len == 8) page0_write32(h, lq, r + 4, static_cast<uint32_t>(v >> 32));
    }
    return true;
}

void EmulatedCmdqv::set_error_maps(const std::array<uint64_t, 2>& map) {
    for (unsigned w = 0; w < 4; ++w)
        lvcmdq_err_map[w] = static_cast<uint32_t>(map[w / 2] >> (32 * (w % 2)));
    std::fill(std::begin(cmdq_err_map), std::end(cmdq_err_map), 0u);
    for (unsigned q = 0; q < cmdq_alloc.size(); ++q) {
        const int l = lvcmdq_of(q);
        if (l >= 0 && ((map[unsigned(l) / 64] >> (unsigned(l) % 64)) & 1))
            cmdq_err_map[q / 32] |= 1u << (q % 32);
    }
    vintf_err_map |= 1;
}

}  // namespace fw::vm
