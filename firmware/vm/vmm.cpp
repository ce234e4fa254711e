// grace-sim: the VMM of one VM (QEMU with an accelerated SMMUv3 and the Tegra241 CMDQV over
// iommufd); contract and behaviour summary in vmm.h, Linux/QEMU mapping in README.md.
// Implements: VM creation/destruction through the iommufd object layer; the emulated SMMUv3
// register file (IDRs from GET_HW_INFO, CR0/CR0ACK and IRQ_CTRL/ACK immediate, STRTAB, CMDQ,
// EVTQ, GERROR/GERRORN) with synchronous CMDQ consumption under the BQL on a PROD write
// (HWPT_INVALIDATE forwarding, CFGI_STE -> nested STE on the host, local CMD_SYNC); the
// emulated CMDQV (global page, VINTF0 block with HYP_OWN masked, page1 BASE -> HW_QUEUE_ALLOC,
// VINTF0 page0 emulated then passed through, direct windows as aliases); the vEVENT service.
// Not implemented: guest event-queue injection of host faults (guest EVTQ stays empty),
// MSIs of the emulated SMMU (IDR0.MSI = 0), CS=SEV, PRI/stall, emulated IOTLB contents (its
// cost is in cmd_decode_ns), the SMMU's SID range checks, STE.Config changes of a device while
// DMA is in flight (the host STE is simply replaced).
#include "vm/vmm.h"

#include "common/timeline.h"
#include "sysc/sim_time.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>

#include "cmdqv/core/cmdqv_regs.h"
#include "encoders/mem_port_writer.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"
#include "smmuv3/core/smmu_regs.h"
#include "vm/emulated_cmdqv.h"
#include "vm/vcpu_ext.h"

namespace fw::vm {

namespace sr = smmu::core::regs;
namespace cr = cmdqv::core::regs;
namespace fd_ = fw::iommufd;
using smmu::core::Command;

void VmmParams::visit(gsim::ParamVisitor& v) {
    v.f64("exit_ns", exit_ns,
          {"ns", "MMIO exit to the VMM and re-entry (half before, half after the handler)",
           "calibrated: fitted to configs/reference/calibration.csv (docs/calibration.md); published: user-space MMIO exit 2.3-7.2 us (spec/software-stack.md 6)", 0,
           100000});
    v.f64("bql_wakeup_ns", bql_wakeup_ns,
          {"ns", "futex wake-up + reschedule of a vCPU thread that waited for the BQL",
           "Est. (spec/software-stack.md 4 mechanism 4)", 0, 100000});
    v.f64("emulate_reg_ns", emulate_reg_ns,
          {"ns", "memory dispatch, decode and register emulation inside the BQL", "Est.", 0, 100000});
    v.f64("cmd_decode_ns", cmd_decode_ns,
          {"ns", "per emulated-CMDQ entry: DMA read, decode, emulated IOTLB invalidation", "Est.", 0,
           100000});
    v.f64("ioctl_ns", ioctl_ns,
          {"ns", "one iommufd ioctl: syscall entry/exit + object lookups",
           "calibrated: fitted to configs/reference/calibration.csv (docs/calibration.md); Est. 0.5-1 us (spec/software-stack.md 6)", 0, 100000});
    v.f64("ioctl_per_cmd_ns", ioctl_per_cmd_ns,
          {"ns", "HWPT_INVALIDATE per entry: copy, validation, VMID/SID rewrite", "Est.", 0, 100000});
    v.u64("batch", batch,
          {"cmds", "commands per HWPT_INVALIDATE (1 = upstream QEMU)",
           "spec/software-stack.md 4 step 3", 1, 63});
}

namespace {
constexpr uint64_t SMMU_SIZE = sr::FRAME_SIZE;
constexpr unsigned GUEST_QS_MAX = 19;  // QEMU's emulated CMDQS/EVENTQS
constexpr uint32_t CR0_MASK = 0x1DF;   // SMMUEN..ATSCHK, VMW
constexpr uint32_t IRQ_CTRL_MASK = 0x7;

bool forwarded(uint8_t op) {
    switch (op) {
        case smmu::core::CMD_TLBI_NH_ALL:
        case smmu::core::CMD_TLBI_NH_ASID:
        case smmu::core::CMD_TLBI_NH_VA:
        case smmu::core::CMD_TLBI_NH_VAA:
        case smmu::core::CMD_TLBI_NSNH_ALL:
        case smmu::core::CMD_ATC_INV:
        case smmu::core::CMD_CFGI_CD:
        case smmu::core::CMD_CFGI_CD_ALL: return true;
        default: return false;
    }
}
}  // namespace

struct Vmm::Impl {
    VmmParams p;
    VmLayout layout;
    unsigned vm_index;
    GuestMemory& gmem;
    std::unique_ptr<HostIommu> host;
    fd_::Iommufd& fd;
    gsim::sysc::IrqLine& cmdqv_irq;
    gsim::sysc::IrqLine& evtq_irq;
    gsim::StatGroup stats;
    std::string name;
    SimMutex bql;

    // iommufd objects
    std::vector<VmDevice> devices;
    std::vector<uint32_t> dev_ids;
    std::vector<uint32_t> vdev_ids;
    uint32_t ioas_id = 0, hwpt_id = 0, viommu_id = 0, veventq_id = 0, mmap_handle = 0;
    uint16_t vmid = 0;
    uint64_t page0_hpa = 0;
    bool created = false;
    bool has_cmdqv = false;
    std::unique_ptr<enc::PhysAllocator> s2_alloc;
    std::unique_ptr<enc::PageTable> s2;

    // emulated SMMU
    uint32_t idr[6] = {};
    uint32_t iidr = 0, aidr = 0;
    // The emulated register frame's 32-bit words by offset: page 0's first 4 KiB (every
    // register the guest driver writes but the page-1 queue indices) in an array, the rest
    // by offset.
    static constexpr uint64_t SMMU_REGS_DIRECT = 0x1000;
    std::array<uint32_t, SMMU_REGS_DIRECT / 4> smmu_regs_direct{};
    std::map<uint64_t, uint32_t> smmu_regs;
    static bool direct_reg(uint64_t off) { return off < SMMU_REGS_DIRECT && (off & 3) == 0; }
    uint32_t& sreg_ref(uint64_t off) {
        return direct_reg(off) ? smmu_regs_direct[off / 4] : smmu_regs[off];
    }
    uint32_t cmdq_cons = 0;
    bool consuming = false;
    std::vector<Command> consume_batch;  // consume()'s forwarded commands, storage kept

    std::unique_ptr<EmulatedCmdqv> cmdqv;  // present when the host has a CMDQV

    gsim::Counter &exits, &ioctls, &cmds_consumed, &cmds_forwarded, &cmds_ignored, &cfgi_ste,
        &cmd_syncs, &cmd_sync_irqs, &cmdq_errors,
        &vevents, &create_fails;
    gsim::Histogram& exit_ns_hist;

    Impl(const VmmParams& p_, const VmLayout& l, unsigned idx, GuestMemory& g,
         std::unique_ptr<HostIommu> h, fd_::Iommufd& f, gsim::sysc::IrqLine& ci,
         gsim::sysc::IrqLine& ei, gsim::StatGroup s, std::string n)
        : p(p_), layout(l), vm_index(idx), gmem(g), host(std::move(h)), fd(f), cmdqv_irq(ci),
          evtq_irq(ei), stats(s), name(std::move(n)),
          bql("bql", sc_core::sc_time(p.bql_wakeup_ns, sc_core::SC_NS), s),
          exits(s.counter("exits")),
          ioctls(s.counter("ioctls")),
          cmds_consumed(s.counter("cmdq.consumed")),
          cmds_forwarded(s.counter("cmdq.forwarded")),
          cmds_ignored(s.counter("cmdq.ignored")),
          cfgi_ste(s.counter("cmdq.cfgi_ste")),
          cmd_syncs(s.counter("cmdq.cmd_sync")),
          cmd_sync_irqs(s.counter("cmdq.cmd_sync_irq")),
          cmdq_errors(s.counter("cmdq.errors")),
          vevents(s.counter("cmdqv.vevents")),
          create_fails(s.counter("create_fails")),
          exit_ns_hist(s.histogram("exit_ns", "ns")) {
        if (p.batch == 0) p.batch = 1;
    }

    // ---- iommufd calls on a thread -------------------------------------------------------
    template <class F>
    int ioctl(Cpu& h, double extra_ns, F&& f) {
        h.compute_ns(p.ioctl_ns + extra_ns);
        ++ioctls;
        host->bind_cpu(&h);
        const int rc = f();
        host->bind_cpu(nullptr);
        return rc;
    }

    // ---- exits ---------------------------------------------------------------------------
    template <class F>
    MmioHandler exit_handler(F fn) {
        return [this, fn](tlm::tlm_generic_payload& gp, uint64_t off, sc_core::sc_time&) -> bool {
            VcpuExt* e = nullptr;
            gp.get_extension(e);
            const unsigned len = gp.get_data_length();
            if (!e || !e->host || (len != 4 && len != 8)) return false;
            Cpu& h = *e->host;
            const sc_core::sc_time t0 = h.now();
            ++exits;
            h.compute_ns(p.exit_ns / 2);
            bql.lock(h);
            const uint64_t held_from = h.now_ps();
            h.compute_ns(p.emulate_reg_ns);
            bool ok = true;
            if (gp.is_read()) {
                uint64_t v = 0;
                ok = fn(h, off, len, false, v);
                std::memcpy(gp.get_data_ptr(), &v, len);
            } else {
                uint64_t v = 0;
                std::memcpy(&v, gp.get_data_ptr(), len);
                ok = fn(h, off, len, true, v);
            }
            h.sync();
            const uint64_t held_to = h.now_ps();
            bql.unlock(h);
            h.compute_ns(p.exit_ns / 2);
            exit_ns_hist.sample(static_cast<uint64_t>((h.now() - t0).to_seconds() * 1e9));
            if (auto* tl = gsim::Timeline::active()) {
                const uint64_t start = gsim::sysc::to_ps(t0);
                tl->span(h.agent().name(), gp.is_read() ? "VM exit (MMIO read)" : "VM exit (MMIO write)", start,
                         h.now_ps() - start);
                tl->span(name + ".bql", std::string("held by ") + h.agent().name(), held_from, held_to - held_from);
            }
            h.sync();
            return ok;
        };
    }

    // ---- emulated SMMUv3 -----------------------------------------------------------------
    uint32_t sreg(uint64_t off) const {
        if (direct_reg(off)) return smmu_regs_direct[off / 4];
        auto it = smmu_regs.find(off);
        return it == smmu_regs.end() ? 0 : it->second;
    }
    uint64_t sreg64(uint64_t off) const { return sreg(off) | (uint64_t{sreg(off + 4)} << 32); }
    unsigned cmdq_log2() const {
        return std::min<unsigned>(sreg(sr::CMDQ_BASE) & 0x1f, sr::IDR1_CMDQS.get(idr[1]));
    }

    uint32_t smmu_read32(uint64_t off) const {
        if (off >= sr::IDR0 && off <= sr::IDR5) return idr[off / 4];
        switch (off) {
            case sr::IIDR: return iidr;
            case sr::AIDR: return aidr;
            case sr::CR0ACK: return sreg(sr::CR0) & CR0_MASK;
            case sr::IRQ_CTRLACK: return sreg(sr::IRQ_CTRL) & IRQ_CTRL_MASK;
            case sr::STATUSR: return 0;
            case sr::CMDQ_CONS: return cmdq_cons;
            case sr::EVENTQ_PROD:
            case sr::EVENTQ_PROD_PAGE0_ALIAS: return 0;  // no events injected
            default: return sreg(off);
        }
    }

    void smmu_write32(Cpu& h, uint64_t off, uint32_t v) {
        switch (off) {
            case sr::GBPA: sreg_ref(off) = v & sr::GBPA_FIELDS_MASK; return;
            case sr::GERROR:
            case sr::CR0ACK:
            case sr::IRQ_CTRLACK:
            case sr::STATUSR:
            case sr::EVENTQ_PROD:
            case sr::EVENTQ_PROD_PAGE0_ALIAS: return;  // read-only
            case sr::CMDQ_CONS:
                if (!sr::CR0_CMDQEN.get(sreg(sr::CR0))) cmdq_cons = v;
                return;
            case sr::CMDQ_PROD:
                sreg_ref(off) = v;
                if (sr::CR0_CMDQEN.get(sreg(sr::CR0))) consume(h);
                return;
            default:
                if (off < 0x20) return;  // IDRs, IIDR, AIDR
                sreg_ref(off) = v;
        }
    }

    bool smmu_access(Cpu& h, uint64_t off, unsigned len, bool write, uint64_t& v) {
        if (len == 8 && !sr::is_reg64(off & ~uint64_t{7})) return false;
        if (!write) {
            v = smmu_read32(off);
            if (len == 8) v |= uint64_t{smmu_read32(off + 4)} << 32;
            return true;
        }
        if (len == 8) smmu_write32(h, off + 4, static_cast<uint32_t>(v >> 32));
        smmu_write32(h, off, static_cast<uint32_t>(v));
        return true;
    }

    // Guest stream table walk (STRTAB_BASE, linear or 2-level); false if no valid entry.
    bool read_guest_ste(Cpu& h, uint32_t sid, enc::Ste& ste) {
        const uint64_t base = sreg64(sr::STRTAB_BASE) & sr::STRTAB_BASE_ADDR.mask();
        const uint32_t cfg = sreg(sr::STRTAB_BASE_CFG);
        const unsigned log2size = static_cast<unsigned>(sr::STRTAB_BASE_CFG_LOG2SIZE.get(cfg));
        const unsigned split = static_cast<unsigned>(gsim::extract(cfg, 10, 6));
        const unsigned fmt = static_cast<unsigned>(gsim::extract(cfg, 17, 16));
        if (log2size < 32 && (sid >> log2size) != 0) return false;
        uint64_t ste_gpa = 0;
        if (fmt == 0) {
            ste_gpa = base + uint64_t{sid} * 64;
        } else {
            uint64_t l1_hpa = 0;
            if (!gmem.gpa_to_hpa(base + uint64_t{sid >> split} * 8, l1_hpa)) return false;
            uint64_t l1 = 0;
            h.mem_read(l1_hpa, &l1, 8);
            const unsigned span = static_cast<unsigned>(l1 & 0x1f);
            const uint32_t low = sid & ((1u << split) - 1);
            if (span == 0 || low >= (1u << (span - 1))) return false;
            ste_gpa = (l1 & gsim::mask(51, 6)) + uint64_t{low} * 64;
        }
        uint64_t hpa = 0;
        if (!gmem.gpa_to_hpa(ste_gpa, hpa)) return false;
        h.mem_read(hpa, ste.data(), 64);
        return true;
    }

    // The host STE for a device given its guest STE (QEMU accel: abort, S2-only or nested).
    enc::Ste host_ste(const VmDevice& d, const enc::Ste* g) const {
        namespace sf = enc::ste_field;
        enc::SteBuilder b;
        if (!g || !sf::STE0_V.get((*g)[0]) || sf::STE0_CONFIG.get((*g)[0]) == enc::STE_CFG_ABORT)
            return enc::SteBuilder::abort();
        const auto cfg = sf::STE0_CONFIG.get((*g)[0]);
        b.valid().shcfg(enc::SHCFG_INCOMING).s2_pgtable(s2->info(), vmid);
        if ((cfg & 0x1) == 0) return s2_only_ste(d);  // guest bypass (or reserved)
        const uint64_t w0 = (*g)[0], w1 = (*g)[1];
        b.config(enc::STE_CFG_NESTED)
            .s1_context_ptr(w0 & sf::STE0_S1CONTEXTPTR_MASK)
            .s1_fmt(static_cast<uint8_t>(sf::STE0_S1FMT.get(w0)))
            .s1_cdmax(static_cast<uint8_t>(sf::STE0_S1CDMAX.get(w0)))
            .s1_dss(static_cast<uint8_t>(sf::STE1_S1DSS.get(w1)))
            .s1_cir(static_cast<uint8_t>(sf::STE1_S1CIR.get(w1)))
            .s1_cor(static_cast<uint8_t>(sf::STE1_S1COR.get(w1)))
            .s1_csh(static_cast<uint8_t>(sf::STE1_S1CSH.get(w1)))
            .strw(enc::STRW_NSEL1);
        if (d.ats) b.eats(static_cast<uint8_t>(sf::STE1_EATS.get(w1)));
        return b.build();
    }

    // The nest parent alone (device attached to the VM's stage 2 before the guest configures it).
    enc::Ste s2_only_ste(const VmDevice& d) const {
        enc::SteBuilder b;
        b.valid().config(enc::STE_CFG_S2_TRANS).shcfg(enc::SHCFG_INCOMING).s2_pgtable(s2->info(), vmid);
        if (d.ats) b.eats(enc::EATS_TRANS);
        return b.build();
    }

    void install_nested(Cpu& h, uint32_t vsid) {
        for (const auto& d : devices) {
            if (d.vsid != vsid) continue;
            enc::Ste g{};
            const bool ok = read_guest_ste(h, vsid, g);
            ++cfgi_ste;
            host->install_ste(h, d.psid, host_ste(d, ok ? &g : nullptr));
        }
    }

    int flush(Cpu& h, std::vector<Command>& batch) {
        if (batch.empty()) return 0;
        fd_::HwptInvalidateCmd c;
        c.hwpt_id = viommu_id;
        c.entry_num = static_cast<uint32_t>(batch.size());
        c.entries.swap(batch);  // lent to the ioctl, its storage reused by the next batch
        const int rc = ioctl(h, p.ioctl_per_cmd_ns * static_cast<double>(c.entry_num),
                             [&] { return fd.hwpt_invalidate(c); });
        cmds_forwarded += c.entry_num;
        batch.swap(c.entries);
        batch.clear();
        return rc;
    }

    // smmuv3_cmdq_consume: on the vCPU that wrote PROD, under the BQL.
    void consume(Cpu& h) {
        if (consuming) return;
        if ((sreg(sr::GERROR) ^ sreg(sr::GERRORN)) & (1u << sr::GERROR_CMDQ_ERR)) return;
        consuming = true;
        const unsigned log2 = cmdq_log2();
        const uint32_t idx_mask = (2u << log2) - 1;
        const uint64_t base = sreg64(sr::CMDQ_BASE) & sr::Q_BASE_ADDR.mask();
        uint32_t cons = cmdq_cons & idx_mask;
        const uint32_t prod = sreg(sr::CMDQ_PROD) & idx_mask;
        std::vector<Command>& batch = consume_batch;  // not re-entered: `consuming`
        batch.clear();
        smmu::core::CError err = smmu::core::CError::NONE;
        while (cons != prod) {
            const uint64_t gpa = base + uint64_t{cons & ((1u << log2) - 1)} * 16;
            uint64_t hpa = 0;
            if (!gmem.gpa_to_hpa(gpa, hpa)) {
                err = smmu::core::CError::ABT;
                break;
            }
            Command c;
            uint64_t w[2];
            h.mem_read(hpa, w, 16);
            c.d0 = w[0];
            c.d1 = w[1];
            h.compute_ns(p.cmd_decode_ns);
            ++cmds_consumed;
            const uint8_t op = c.op();
            int rc = 0;
            if (forwarded(op)) {
                batch.push_back(c);
                if (batch.size() >= p.batch) rc = flush(h, batch);
            } else {
                rc = flush(h, batch);
                if (rc == 0) {
                    if (op == smmu::core::CMD_CFGI_STE) {
                        install_nested(h, c.sid());
                    } else if (op == smmu::core::CMD_CFGI_STE_RANGE) {
                        const unsigned r = std::min<unsigned>(c.cfgi_range(), 31);
                        const uint64_t n = uint64_t{2} << r;
                        const uint64_t first = c.sid() & ~(n - 1);
                        for (const auto& d : devices)
                            if (d.vsid >= first && d.vsid - first < n) install_nested(h, d.vsid);
                    } else if (op == smmu::core::CMD_SYNC) {
                        ++cmd_syncs;
                        if (c.sync_cs() == smmu::core::CS_IRQ) ++cmd_sync_irqs;
                    } else {
                        ++cmds_ignored;
                    }
                }
            }
            if (rc != 0) {
                err = smmu::core::CError::ILL;
                break;
            }
            cons = (cons + 1) & idx_mask;
        }
        if (err == smmu::core::CError::NONE && flush(h, batch) != 0) err = smmu::core::CError::ILL;
        cmdq_cons = cons;
        if (err != smmu::core::CError::NONE) {
            ++cmdq_errors;
            cmdq_cons = static_cast<uint32_t>(sr::CMDQ_CONS_ERR.set(cmdq_cons, static_cast<uint8_t>(err)));
            sreg_ref(sr::GERROR) = sreg(sr::GERROR) ^ (1u << sr::GERROR_CMDQ_ERR);
        }
        consuming = false;
    }

    // ---- emulated CMDQV ------------------------------------------------------------------

    void register_regions() {
        gmem.add_emulated(name + ".smmu", layout.smmu_gpa, SMMU_SIZE,
                          exit_handler([this](Cpu& h, uint64_t o, unsigned n, bool w, uint64_t& v) {
                              return smmu_access(h, o, n, w, v);
                          }));
        if (!has_cmdqv) return;
        auto cq = [this](Cpu& h, uint64_t o, unsigned n, bool w, uint64_t& v) {
            return cmdqv->access(h, o, n, w, v);
        };
        gmem.add_emulated(name + ".cmdqv", layout.cmdqv_gpa, cr::VINTF_PAGE0, exit_handler(cq));
        gmem.add_emulated(name + ".cmdqv_vintf0_page0", layout.cmdqv_gpa + cr::vintf_page0(0),
                          cr::PAGE_SIZE,
                          exit_handler([this](Cpu& h, uint64_t o, unsigned n, bool w, uint64_t& v) {
                              return cmdqv->access(h, o + cr::vintf_page0(0), n, w, v);
                          }));
        gmem.add_emulated(name + ".cmdqv_vintf0_page1", layout.cmdqv_gpa + cr::vintf_page1(0),
                          cr::PAGE_SIZE,
                          exit_handler([this](Cpu& h, uint64_t o, unsigned n, bool w, uint64_t& v) {
                              return cmdqv->access(h, o + cr::vintf_page1(0), n, w, v);
                          }));
    }

    void unregister_regions() {
        gmem.remove(layout.smmu_gpa);
        if (!has_cmdqv) return;
        gmem.remove(layout.cmdqv_gpa);
        gmem.remove(layout.cmdqv_gpa + cr::vintf_page0(0));
        gmem.remove(layout.cmdqv_gpa + cr::vintf_page1(0));
    }

    // Guest IDRs from the host's (QEMU accel): stage 1 only, nesting underneath.
    void derive_idrs(const fd_::HwInfoSmmuv3& hw) {
        uint32_t i0 = hw.idr[0];
        i0 = static_cast<uint32_t>(sr::IDR0_S1P.set(i0, 1));
        for (auto f : {sr::IDR0_S2P, sr::IDR0_MSI, sr::IDR0_SEV, sr::IDR0_HYP, sr::IDR0_PRI,
                       sr::IDR0_ATOS, sr::IDR0_VATOS, sr::IDR0_BTM, sr::IDR0_VMW, sr::IDR0_HTTU,
                       sr::IDR0_RME_IMPL})
            i0 = static_cast<uint32_t>(f.set(i0, 0));
        i0 = static_cast<uint32_t>(sr::IDR0_STALL_MODEL.set(i0, 1));  // stall not supported
        uint32_t i1 = hw.idr[1];
        const auto clamp = [](uint64_t q) { return std::min<uint64_t>(q, GUEST_QS_MAX); };
        i1 = static_cast<uint32_t>(sr::IDR1_CMDQS.set(i1, clamp(sr::IDR1_CMDQS.get(i1))));
        i1 = static_cast<uint32_t>(sr::IDR1_EVENTQS.set(i1, clamp(sr::IDR1_EVENTQS.get(i1))));
        for (auto f : {sr::IDR1_PRIQS, sr::IDR1_TABLES_PRESET, sr::IDR1_QUEUES_PRESET,
                       sr::IDR1_REL, sr::IDR1_ECMDQ, sr::IDR1_ATTR_PERMS_OVR, sr::IDR1_ATTR_TYPES_OVR})
            i1 = static_cast<uint32_t>(f.set(i1, 0));
        idr[0] = i0;
        idr[1] = i1;
        idr[2] = 0;
        idr[3] = static_cast<uint32_t>(sr::IDR3_RIL.make(sr::IDR3_RIL.get(hw.idr[3])));
        idr[4] = 0;
        idr[5] = static_cast<uint32_t>(sr::IDR5_STALL_MAX.set(hw.idr[5], 0));
        iidr = hw.iidr;
        aidr = hw.aidr;
    }

    int create(Cpu& h, uint64_t ram_hpa, const std::vector<VmDevice>& devs);
    void destroy(Cpu& h);
    unsigned service_vevents(Cpu& h);
};

int Vmm::Impl::create(Cpu& h, uint64_t ram_hpa, const std::vector<VmDevice>& devs) {
    if (created || devs.empty()) return -EINVAL;
    devices = devs;
    auto fail = [&](int rc) {
        ++create_fails;
        return rc;
    };
    for (const auto& d : devices) {
        fd_::BoundDevice b;
        b.psids = {d.psid};
        b.ats = d.ats;
        uint32_t id = 0;
        const int rc = ioctl(h, 0, [&] { return fd.bind_device(b, id); });
        if (rc) return fail(rc);
        dev_ids.push_back(id);
    }
    // GET_HW_INFO: SMMUv3 IDRs, then the CMDQV parameters.
    fd_::GetHwInfoCmd hi;
    hi.dev_id = dev_ids[0];
    hi.data_len = sizeof(fd_::HwInfoSmmuv3);
    if (int rc = ioctl(h, 0, [&] { return fd.get_hw_info(hi); })) return fail(rc);
    derive_idrs(hi.out_smmuv3);
    fd_::GetHwInfoCmd hq;
    hq.dev_id = dev_ids[0];
    hq.flags = fd_::IOMMU_HW_INFO_FLAG_INPUT_TYPE;
    hq.in_data_type = fd_::IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    hq.data_len = sizeof(fd_::HwInfoTegra241Cmdqv);
    has_cmdqv = ioctl(h, 0, [&] { return fd.get_hw_info(hq); }) == 0 &&
                hq.out_data_type == fd_::IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV;
    if (has_cmdqv) {
        // With the CMDQV, QEMU caps CMDQS so that a guest queue fits in one host page: a guest
        // VCMDQ ring must be physically contiguous for HW_QUEUE_ALLOC (spec/cmdqv.md 3.6, 3.7).
        unsigned page_log2 = 0;
        while ((uint64_t{1} << page_log2) < layout.host_page_size) ++page_log2;
        const uint64_t cap = page_log2 > 4 ? page_log2 - 4 : 1;
        idr[1] = static_cast<uint32_t>(
            sr::IDR1_CMDQS.set(idr[1], std::min<uint64_t>(sr::IDR1_CMDQS.get(idr[1]), cap)));
        auto io = [this](Cpu& c, double extra, const std::function<int()>& call) {
            return ioctl(c, extra, call);
        };
        cmdqv = std::make_unique<EmulatedCmdqv>(gmem, fd, io, layout.cmdqv_gpa, hq.out_cmdqv,
                                                stats.sub("cmdqv"));
    }
    // IOAS with guest RAM at iova = gpa.
    fd_::IoasAllocCmd ia;
    if (int rc = ioctl(h, 0, [&] { return fd.ioas_alloc(ia); })) return fail(rc);
    ioas_id = ia.out_ioas_id;
    fd_::IoasMapCmd im;
    im.ioas_id = ioas_id;
    im.iova = layout.ram_gpa;
    im.length = layout.ram_size;
    im.host_pa = ram_hpa;
    if (int rc = ioctl(h, 0, [&] { return fd.ioas_map(im); })) return fail(rc);
    uint64_t probe = 0;
    if (!gmem.gpa_to_hpa(layout.ram_gpa, probe)) gmem.add_ram(layout.ram_gpa, layout.ram_size, ram_hpa);
    // Nest-parent HWPT and its stage-2 table (guest RAM gpa -> hpa) in host DRAM.
    fd_::HwptAllocCmd ha;
    ha.flags = fd_::IOMMU_HWPT_ALLOC_NEST_PARENT;
    ha.dev_id = dev_ids[0];
    ha.pt_id = ioas_id;
    if (int rc = ioctl(h, 0, [&] { return fd.hwpt_alloc(ha); })) return fail(rc);
    hwpt_id = ha.out_hwpt_id;
    vmid = static_cast<uint16_t>(fd.hwpt_vmid(hwpt_id));
    const uint64_t pt_base = layout.s2_pt_hpa ? layout.s2_pt_hpa : ram_hpa + layout.ram_size;
    s2_alloc = std::make_unique<enc::PhysAllocator>(pt_base, layout.s2_pt_size);
    {
        enc::MemPortWriter w(h.mem_port());
        enc::PageTableConfig pc{enc::Stage::S2, enc::Granule::G4K, 40, 48};
        s2 = std::make_unique<enc::PageTable>(pc, *s2_alloc, w);
        if (s2->init() != enc::EncError::OK ||
            s2->map(layout.ram_gpa, ram_hpa, layout.ram_size,
                    enc::PROT_READ | enc::PROT_WRITE | enc::PROT_CACHE) != enc::EncError::OK)
            return fail(-ENOMEM);
    }
    for (const auto& d : devices) {
        if (int rc = host->install_ste(h, d.psid, s2_only_ste(d))) return fail(rc);
    }
    // vIOMMU (VINTF), mmap of its page0, vDEVICEs, vEVENTQ.
    fd_::ViommuAllocCmd va;
    va.type = has_cmdqv ? fd_::IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV : fd_::IOMMU_VIOMMU_TYPE_ARM_SMMUV3;
    va.data_len = has_cmdqv ? 16 : 0;
    va.dev_id = dev_ids[0];
    va.hwpt_id = hwpt_id;
    if (int rc = ioctl(h, 0, [&] { return fd.viommu_alloc(va); })) return fail(rc);
    viommu_id = va.out_viommu_id;
    if (cmdqv) cmdqv->viommu_id = viommu_id;
    if (has_cmdqv) {
        const int rc = ioctl(h, 0, [&] {
            return fd.mmap(va.out_vintf_mmap_offset, va.out_vintf_mmap_length,
                           fd_::PROT_READ_ | fd_::PROT_WRITE_, fd_::MAP_SHARED_, page0_hpa, mmap_handle);
        });
        if (rc) return fail(rc);
        cmdqv->page0_hpa = page0_hpa;
    }
    for (size_t i = 0; i < devices.size(); ++i) {
        fd_::VdeviceAllocCmd vd;
        vd.viommu_id = viommu_id;
        vd.dev_id = dev_ids[i];
        vd.virt_id = devices[i].vsid;
        if (int rc = ioctl(h, 0, [&] { return fd.vdevice_alloc(vd); })) return fail(rc);
        vdev_ids.push_back(vd.out_vdevice_id);
    }
    if (has_cmdqv) {
        fd_::VeventqAllocCmd ve;
        ve.viommu_id = viommu_id;
        ve.veventq_depth = 64;
        if (int rc = ioctl(h, 0, [&] { return fd.veventq_alloc(ve); })) return fail(rc);
        veventq_id = ve.out_veventq_id;
    }
    register_regions();
    created = true;
    h.sync();
    return 0;
}

void Vmm::Impl::destroy(Cpu& h) {
    if (!created) return;
    unregister_regions();
    if (cmdqv) {
        if (cmdqv->passthrough) gmem.remove(layout.cmdqv_gpa + cr::vintf_page0(0));
        cmdqv->passthrough = false;
        cmdqv->free_hw_queues(h);  // highest index first
    }
    for (uint32_t id : vdev_ids) ioctl(h, 0, [&] { return fd.destroy(id); });
    vdev_ids.clear();
    if (veventq_id) ioctl(h, 0, [&] { return fd.destroy(veventq_id); });
    if (mmap_handle) ioctl(h, 0, [&] { return fd.munmap(mmap_handle); });
    ioctl(h, 0, [&] { return fd.destroy(viommu_id); });
    for (const auto& d : devices) host->install_ste(h, d.psid, enc::SteBuilder::abort());
    ioctl(h, 0, [&] { return fd.destroy(hwpt_id); });
    fd_::IoasUnmapCmd u;
    u.ioas_id = ioas_id;
    u.iova = 0;
    u.length = ~uint64_t{0};
    ioctl(h, 0, [&] { return fd.ioas_unmap(u); });
    ioctl(h, 0, [&] { return fd.destroy(ioas_id); });
    for (uint32_t id : dev_ids) ioctl(h, 0, [&] { return fd.unbind_device(id); });
    dev_ids.clear();
    veventq_id = mmap_handle = viommu_id = hwpt_id = ioas_id = 0;
    created = false;
    h.sync();
}

unsigned Vmm::Impl::service_vevents(Cpu& h) {
    if (!veventq_id || !cmdqv) return 0;
    SimLockGuard g(bql, h);
    std::vector<fd_::VeventRecord> recs;
    const long n = fd.veventq_read(veventq_id, 1 << 16, recs);
    h.compute_ns(p.ioctl_ns);
    unsigned delivered = 0;
    for (const auto& r : recs) {
        if (!r.has_payload) continue;
        cmdqv->set_error_maps(r.lvcmdq_err_map);
        ++delivered;
    }
    if (delivered) {
        vevents += delivered;
        h.sync_global();  // the line changes at the kernel's time
        cmdqv_irq.set_level(true);  // qemu_irq_pulse
        cmdqv_irq.set_level(false);
    }
    (void)n;
    return delivered;
}

// ---- Vmm ----------------------------------------------------------------------------------
Vmm::Vmm(const VmmParams& p, const VmLayout& layout, unsigned vm_index, GuestMemory& gmem,
         std::unique_ptr<HostIommu> host, fw::iommufd::Iommufd& fd,
         gsim::sysc::IrqLine& guest_cmdqv_irq, gsim::sysc::IrqLine& guest_evtq_irq,
         gsim::StatGroup stats, std::string name)
    : m(std::make_unique<Impl>(p, layout, vm_index, gmem, std::move(host), fd, guest_cmdqv_irq,
                               guest_evtq_irq, stats, std::move(name))) {}

Vmm::~Vmm() = default;

int Vmm::create(Cpu& host, uint64_t ram_hpa, const std::vector<VmDevice>& devices) {
    return m->create(host, ram_hpa, devices);
}
void Vmm::destroy(Cpu& host) { m->destroy(host); }
const VmLayout& Vmm::layout() const { return m->layout; }
uint16_t Vmm::vmid() const { return m->vmid; }
SimMutex& Vmm::bql() { return m->bql; }
unsigned Vmm::service_vevents(Cpu& host) { return m->service_vevents(host); }
uint32_t Vmm::viommu_id() const { return m->viommu_id; }
uint32_t Vmm::veventq_id() const { return m->veventq_id; }
bool Vmm::vintf_page0_passthrough() const { return m->cmdqv && m->cmdqv->passthrough; }
uint64_t Vmm::vintf_page0_hpa() const { return m->page0_hpa; }
uint32_t Vmm::guest_cmdq_cons() const { return m->cmdq_cons; }

}  // namespace fw::vm
