// grace-sim: the Linux arm-smmu-v3 driver with the tegra241-cmdqv extension (see
// arm_smmu_driver.h and firmware/linux/README.md). Implements: probe (IDRs, stream table and
// queue allocation, reset with CR0/CR0ACK handshakes, CMDQV bring-up with HYP_OWN read-back),
// STE installation, the command batch with per-batch queue selection, unmap invalidation
// (TLBI per granule or range TLBI, ATC_INV), the host CMDQV services for iommufd, the CMDQV /
// GERROR interrupt handlers with the skip-error routine, event-queue draining.
// Does not implement: PRI queue, stalls, ECMDQ, MSI set-up of the event/GERROR interrupts (the
// platform's wired lines are used), CD tables and domain management (callers build STEs).
#include "linux/arm_smmu_driver.h"

#include <algorithm>
#include <cerrno>

#include "cmdqv/core/cmdqv_regs.h"
#include "common/buffer_pool.h"
#include "encoders/commands.h"
#include "encoders/queue.h"
#include "encoders/stream_table.h"
#include "kernel/sim_sync.h"
#include "linux/arm_smmu_cmdq.h"
#include "linux/tegra241_cmdqv.h"
#include "smmuv3/core/smmu_regs.h"

namespace fw::linux_model {

namespace sr = smmu::core::regs;
namespace cr = cmdqv::core::regs;
using smmu::core::Command;

void SmmuDriverParams::visit(gsim::ParamVisitor& v) {
    v.flag("restrict_host_vcmdqs", restrict_host_vcmdqs,
           {"", "v6.17 behaviour: host VINTF0 LVCMDQs accept only TLBI_NH_ASID/VA, ATC_INV",
            "spec/cmdqv.md 2.8 (version note; newer kernels: off)"});
    v.flag("bypass_vcmdq", bypass_vcmdq,
           {"", "tegra241_cmdqv bypass_vcmdq: every command on the main SMMU CMDQ",
            "spec/software-stack.md 3 (module parameter, default 0)"});
    v.flag("disable_cmdqv", disable_cmdqv,
           {"", "do not use the CMDQV (CONFIG.EN cleared at probe)",
            "spec/cmdqv.md 2.3 step 1 (module parameter, default 0)"});
    v.flag("msipoll", msipoll,
           {"", "MSI polling of CMD_SYNC on the main CMDQ when IDR0.MSI and IDR0.COHACC",
            "spec/software-stack.md 2.4 (ARM_SMMU_OPT_MSIPOLL, on by default)"});
    v.u64("cmdq_log2size", cmdq_log2size,
          {"entries (log2)", "main CMDQ size, capped by IDR1.CMDQS",
           "Linux CMDQ_MAX_SZ_SHIFT = PAGE_SHIFT + MAX_PAGE_ORDER - 4 = 18 with 4 KiB pages", 1, 19});
    v.u64("vcmdq_log2size", vcmdq_log2size,
          {"entries (log2)", "each VINTF0 LVCMDQ ring, capped by IDR1.CMDQS",
           "Linux: min(CMDQ_MAX_SZ_SHIFT = 18, IDR1.CMDQS), spec/cmdqv.md 2.3", 1, 19});
    v.u64("evtq_log2size", evtq_log2size,
          {"entries (log2)", "event queue size, capped by IDR1.EVENTQS", "Est.", 1, 19});
    v.u64("batch_entries", batch_entries,
          {"entries", "CMDQ_BATCH_ENTRIES (a full batch is issued without sync)",
           "spec/software-stack.md 2.2 (BITS_PER_LONG = 64)", 1, 255});
    v.u64("poll_spin_count", poll_spin_count,
          {"", "ARM_SMMU_POLL_SPIN_COUNT cpu_relax() before udelay back-off",
           "spec/software-stack.md 2.4 (= 10)", 1, 1'000'000});
    v.u64("poll_timeout_us", poll_timeout_us,
          {"us", "ARM_SMMU_POLL_TIMEOUT_US (CMD_SYNC, handshakes)",
           "spec/software-stack.md 2.4 (= 1 s)", 1, uint64_t{1} << 32});
    v.f64("cmd_build_ns", cmd_build_ns,
          {"ns", "building one 16-byte command (arm_smmu_cmdq_build_cmd)", "Est.", 0, 1'000'000});
    v.f64("cmdq_reserve_ns", cmdq_reserve_ns,
          {"ns", "cmpxchg loop on the shared {prod, cons} (uncontended)",
           "Est. (fitted by the integrator)", 0, 1'000'000});
    v.f64(
        "cmdq_write_entry_ns", cmdq_write_entry_ns,
        {"ns", "store of one entry into the ring (plus the memory's time)", "Est.", 0, 1'000'000});
    v.f64("cmdq_owner_ns", cmdq_owner_ns,
          {"ns", "owner: predecessor check, OWNED clear, valid-bit scan",
           "Est. (fitted by the integrator)", 0, 1'000'000});
    v.f64("cpu_relax_ns", cpu_relax_ns,
          {"ns", "one cpu_relax() between CONS polls", "Est. (a YIELD plus loop)", 0, 1'000'000});
    v.f64("wfe_ns", wfe_ns,
          {"ns", "one WFE wake-up between CONS polls when SEV is used", "Est.", 0, 1'000'000});
    v.f64("batch_overhead_ns", batch_overhead_ns,
          {"ns", "arm_smmu_cmdq_batch_init/submit and queue selection",
           "Est. (fitted by the integrator)", 0, 1'000'000});
}

namespace {

// enc::MemWriter over the Cpu of the current call (stream-table writes as CPU stores).
struct CpuMemWriter final : enc::MemWriter {
    Cpu* cpu = nullptr;
    bool write64(uint64_t pa, uint64_t value) override {
        if (!cpu) return false;
        cpu->write64(pa, value);
        return true;
    }
    bool read64(uint64_t pa, uint64_t& value) override {
        if (!cpu) return false;
        value = cpu->read64(pa);
        return true;
    }
};

constexpr uint32_t CONS_ERR_NONE = 0, CONS_ERR_ABT = 2, CONS_ERR_ATC_INV_SYNC = 3;

}  // namespace

struct ArmSmmuDriver::Impl {
    Impl(const SmmuDriverParams& p_, uint64_t smmu_, uint64_t cmdqv_, enc::PhysAllocator& a,
         gsim::StatGroup s, std::string n)
        : p(p_),
          smmu(smmu_),
          cmdqv_base(cmdqv_),
          alloc(a),
          stats(std::move(s)),
          name(std::move(n)),
          batches(stats.counter("batches")),
          queue_switches(stats.counter("unsupported_cmd_batch_splits")),
          skipped(stats.counter("skip_err_patched")),
          evt_records(stats.counter("evtq_records")),
          forwarded(stats.counter("cmdqv_errors_forwarded")),
          iotlb_sync_ns(stats.histogram("iotlb_sync_ns", "ns")),
          streams_mutex(name + ".streams_mutex", sc_core::SC_ZERO_TIME, stats) {}

    SmmuDriverParams p;
    uint64_t smmu;
    uint64_t cmdqv_base;
    enc::PhysAllocator& alloc;
    gsim::StatGroup stats;
    std::string name;

    uint32_t idr[6] = {};
    uint32_t iidr = 0, aidr = 0;
    bool f_ril = false, f_msi = false, f_sev = false, f_cohacc = false, f_ats = false;
    bool f_hyp = false, f_2lvl = false;
    unsigned cmdqs = 0;
    bool probed = false;

    CpuMemWriter mem;
    std::unique_ptr<enc::StreamTable> st;
    std::unique_ptr<ArmSmmuCmdq> cmdq;
    enc::Queue evtq{0, 1, enc::Queue::EVT_ENTRY_BYTES};
    uint32_t evt_cons = 0;

    std::unique_ptr<Tegra241Cmdqv> cmdqv;
    std::vector<std::unique_ptr<ArmSmmuCmdq>> vcmdqs;  // VINTF0's LVCMDQs
    bool vintf0_enabled = false;
    bool guest = false;
    std::vector<bool> vintf_used;
    std::vector<std::vector<bool>> sid_used;

    gsim::Counter& batches;
    gsim::Counter& queue_switches;
    gsim::Counter& skipped;
    gsim::Counter& evt_records;
    gsim::Counter& forwarded;
    gsim::Histogram& iotlb_sync_ns;
    // Command lists being built or issued (a CPU may yield while issuing, and another CPU
    // start its own): recycled, so that their storage is kept.
    gsim::BufferPool<Command> cmd_bufs;
    // Serialises stream-table updates (Linux: streams_mutex / the group mutex); it also keeps
    // `mem.cpu` stable while a CPU writes an STE.
    SimMutex streams_mutex;

    CmdqCosts costs() const {
        CmdqCosts c;
        c.reserve_ns = p.cmdq_reserve_ns;
        c.write_entry_ns = p.cmdq_write_entry_ns;
        c.owner_ns = p.cmdq_owner_ns;
        c.cpu_relax_ns = p.cpu_relax_ns;
        c.wfe_ns = p.wfe_ns;
        c.poll_spin_count = p.poll_spin_count;
        c.poll_timeout_us = p.poll_timeout_us;
        return c;
    }

    bool poll32(Cpu& cpu, uint64_t addr, uint32_t mask, uint32_t expect) {
        const sc_core::sc_time end =
            cpu.now() + sc_core::sc_time(static_cast<double>(p.poll_timeout_us), sc_core::SC_US);
        for (;;) {
            if ((cpu.read32(addr) & mask) == expect) return true;
            if (cpu.now() >= end) return false;
            cpu.compute_ns(1000);  // readl_relaxed_poll_timeout(..., 1 us, ...)
        }
    }
    bool write_cr0(Cpu& cpu, uint32_t v) {
        cpu.write32(smmu + sr::CR0, v);
        return poll32(cpu, smmu + sr::CR0ACK, 0xFFFFFFFFu, v);
    }
    bool write_irq_ctrl(Cpu& cpu, uint32_t v) {
        cpu.write32(smmu + sr::IRQ_CTRL, v);
        return poll32(cpu, smmu + sr::IRQ_CTRLACK, 0xFFFFFFFFu, v);
    }

    int alloc_bytes(uint64_t bytes, uint64_t* pa) {
        return alloc.alloc(bytes, std::max<uint64_t>(bytes, 64), pa) == enc::EncError::OK ? 0
                                                                                          : -ENOMEM;
    }

    int issue_main(Cpu& cpu, const std::vector<Command>& cmds) {
        if (!cmdq) return -ENODEV;
        const size_t chunk = std::max<size_t>(1, p.batch_entries - 1);
        if (cmds.empty()) return cmdq->issue_cmdlist(cpu, nullptr, 0, true);
        int rc = 0;
        for (size_t i = 0; i < cmds.size(); i += chunk) {
            const size_t n = std::min(chunk, cmds.size() - i);
            cpu.compute_ns(p.cmd_build_ns * static_cast<double>(n) + p.batch_overhead_ns);
            ++batches;
            if (int e = cmdq->issue_cmdlist(cpu, &cmds[i], n, true)) rc = e;
        }
        return rc;
    }

    // tegra241_cmdqv_get_cmdq: LVCMDQ (cpu % N) unless bypassed / not enabled / unsupported.
    ArmSmmuCmdq* select(Cpu& cpu, const Command& c) {
        if (cmdqv && vintf0_enabled && !p.bypass_vcmdq && !vcmdqs.empty()) {
            ArmSmmuCmdq& q = *vcmdqs[cpu.id() % vcmdqs.size()];
            if (q.enabled() && q.supports(c)) return &q;
        }
        return cmdq.get();
    }

    int issue_cmds(Cpu& cpu, const std::vector<Command>& cmds, bool sync) {
        if (!cmdq) return -ENODEV;
        ArmSmmuCmdq* q = nullptr;
        std::vector<Command> batch = cmd_bufs.take();
        batch.reserve(p.batch_entries);
        int rc = 0;
        auto submit = [&](bool s) {
            ++batches;
            if (int e = q->issue_cmdlist(cpu, batch.data(), batch.size(), s)) rc = e;
            batch.clear();
        };
        auto init = [&](const Command& c) {
            cpu.compute_ns(p.batch_overhead_ns);
            q = select(cpu, c);
        };
        for (const Command& c : cmds) {
            cpu.compute_ns(p.cmd_build_ns);
            if (!q) {
                init(c);
            } else if (!q->supports(c)) {
                ++queue_switches;
                submit(true);
                init(c);
            } else if (batch.size() >= p.batch_entries) {
                submit(false);
                init(c);
            }
            batch.push_back(c);
        }
        if (!q && sync) init(enc::cmd_sync());
        if (q && (!batch.empty() || sync)) submit(sync);
        cmd_bufs.give_back(std::move(batch));
        return rc;
    }

    // arm_smmu_cmdq_skip_err, keyed on CONS.ERR.
    void skip_err(Cpu& cpu, ArmSmmuCmdq& q) {
        const uint32_t cons = cpu.read32(q.config().cons_reg);
        const uint32_t err = static_cast<uint32_t>(sr::CMDQ_CONS_ERR.get(cons));
        if (err == CONS_ERR_NONE || err == CONS_ERR_ABT || err == CONS_ERR_ATC_INV_SYNC) return;
        const uint64_t slot = q.queue().slot_address(cons);
        uint64_t bad[2] = {};
        cpu.mem_read(slot, bad, sizeof bad);  // logged by Linux
        const Command s = q.cs_none_only() ? enc::cmd_sync(smmu::core::CS_NONE)
                                           : enc::cmd_sync(smmu::core::CS_SEV);
        const uint64_t w[2] = {s.d0, s.d1};
        cpu.mem_write(slot, w, sizeof w);
        ++skipped;
    }

    int probe(Cpu& cpu);
    int cmdqv_bring_up(Cpu& cpu);
};

int ArmSmmuDriver::Impl::probe(Cpu& cpu) {
    idr[0] = cpu.read32(smmu + sr::IDR0);
    idr[1] = cpu.read32(smmu + sr::IDR1);
    idr[3] = cpu.read32(smmu + sr::IDR3);
    idr[5] = cpu.read32(smmu + sr::IDR5);
    iidr = cpu.read32(smmu + sr::IIDR);
    aidr = cpu.read32(smmu + sr::AIDR);
    f_ril = sr::IDR3_RIL.get(idr[3]) != 0;
    f_msi = sr::IDR0_MSI.get(idr[0]) != 0;
    f_sev = sr::IDR0_SEV.get(idr[0]) != 0;
    f_cohacc = sr::IDR0_COHACC.get(idr[0]) != 0;
    f_ats = sr::IDR0_ATS.get(idr[0]) != 0;
    f_hyp = sr::IDR0_HYP.get(idr[0]) != 0;
    f_2lvl = sr::IDR0_ST_LEVEL.get(idr[0]) == 1;
    cmdqs = static_cast<unsigned>(sr::IDR1_CMDQS.get(idr[1]));
    const unsigned evtqs = static_cast<unsigned>(sr::IDR1_EVENTQS.get(idr[1]));
    const unsigned sid_bits = static_cast<unsigned>(sr::IDR1_SIDSIZE.get(idr[1]));

    // Structures: stream table, CMDQ, EVTQ (DMA-coherent memory).
    mem.cpu = &cpu;
    enc::StreamTableConfig stc;
    stc.fmt = f_2lvl ? enc::StrtabFmt::TWO_LEVEL : enc::StrtabFmt::LINEAR;
    stc.log2size = std::min(sid_bits, f_2lvl ? 16u : 8u);
    stc.split = std::min(8u, stc.log2size);
    st = std::make_unique<enc::StreamTable>(stc, alloc, mem);
    if (st->init() != enc::EncError::OK) return -ENOMEM;
    const unsigned cq_log2 = static_cast<unsigned>(std::min<uint64_t>(p.cmdq_log2size, cmdqs));
    uint64_t cq_pa = 0, eq_pa = 0;
    if (alloc_bytes(uint64_t{16} << cq_log2, &cq_pa)) return -ENOMEM;
    const unsigned eq_log2 = static_cast<unsigned>(std::min<uint64_t>(p.evtq_log2size, evtqs));
    if (alloc_bytes(uint64_t{32} << eq_log2, &eq_pa)) return -ENOMEM;
    CmdqConfig cc;
    cc.name = "cmdq";
    cc.ring_pa = cq_pa;
    cc.log2size = cq_log2;
    cc.prod_reg = smmu + sr::CMDQ_PROD;
    cc.cons_reg = smmu + sr::CMDQ_CONS;
    cc.sync_mode = (p.msipoll && f_msi && f_cohacc) ? SyncMode::MSI
                   : f_sev                          ? SyncMode::SEV
                                                    : SyncMode::POLL;
    cmdq = std::make_unique<ArmSmmuCmdq>(cc, costs(), stats.sub("cmdq"));
    evtq = enc::Queue(eq_pa, eq_log2, enc::Queue::EVT_ENTRY_BYTES);

    // Reset (arm_smmu_device_reset).
    uint32_t cr0 = 0;
    if (!write_cr0(cpu, 0)) return -ETIMEDOUT;
    cpu.write32(smmu + sr::CR1, 0xD75);  // queues and tables: WB cacheable, inner shareable
    cpu.write32(smmu + sr::CR2, 0x2);    // RECINVSID
    cpu.write64(smmu + sr::STRTAB_BASE, st->strtab_base());
    cpu.write32(smmu + sr::STRTAB_BASE_CFG, st->strtab_base_cfg());
    cpu.write64(smmu + sr::CMDQ_BASE, cmdq->queue().base_register());
    cpu.write32(smmu + sr::CMDQ_PROD, 0);
    cpu.write32(smmu + sr::CMDQ_CONS, 0);
    cmdq->reset_indices();
    cr0 |= static_cast<uint32_t>(sr::CR0_CMDQEN.make(1));
    if (!write_cr0(cpu, cr0)) return -ETIMEDOUT;
    if (int rc = issue_main(cpu, {enc::cfgi_all()})) return rc;
    if (f_hyp) {
        if (int rc = issue_main(cpu, {enc::tlbi_el2_all()})) return rc;
    }
    if (int rc = issue_main(cpu, {enc::tlbi_nsnh_all()})) return rc;
    cpu.write64(smmu + sr::EVENTQ_BASE, evtq.base_register());
    cpu.write32(smmu + sr::EVENTQ_PROD, 0);
    cpu.write32(smmu + sr::EVENTQ_CONS, 0);
    evt_cons = 0;
    cr0 |= static_cast<uint32_t>(sr::CR0_EVENTQEN.make(1));
    if (!write_cr0(cpu, cr0)) return -ETIMEDOUT;
    if (!write_irq_ctrl(cpu, 0)) return -ETIMEDOUT;
    const uint32_t irqs = static_cast<uint32_t>(sr::IRQ_CTRL_GERROR_IRQEN.make(1) |
                                                sr::IRQ_CTRL_EVENTQ_IRQEN.make(1));
    if (!write_irq_ctrl(cpu, irqs)) return -ETIMEDOUT;
    cr0 |= static_cast<uint32_t>(sr::CR0_SMMUEN.make(1));
    if (!write_cr0(cpu, cr0)) return -ETIMEDOUT;
    probed = true;

    if (cmdqv_base != 0) return cmdqv_bring_up(cpu);
    return 0;
}

// spec/cmdqv.md 2.3: the device_reset hook of tegra241-cmdqv.
int ArmSmmuDriver::Impl::cmdqv_bring_up(Cpu& cpu) {
    cmdqv = std::make_unique<Tegra241Cmdqv>(
        cmdqv_base, p.poll_timeout_us, [this](Cpu& c) { return issue_main(c, {}); },
        stats.sub("cmdqv"));
    if (!cmdqv->probe(cpu, p.disable_cmdqv)) {
        cmdqv.reset();
        return 0;  // plain SMMU
    }
    const unsigned n = cmdqv->lvcmdqs_per_vintf();
    const unsigned vq_log2 = static_cast<unsigned>(std::min<uint64_t>(p.vcmdq_log2size, cmdqs));
    for (unsigned l = 0; l < n; ++l) {
        uint64_t pa = 0;
        if (alloc_bytes(uint64_t{16} << vq_log2, &pa)) return -ENOMEM;
        CmdqConfig c;
        c.name = "vcmdq" + std::to_string(l);
        c.ring_pa = pa;
        c.log2size = vq_log2;
        c.prod_reg = cmdqv->lpage0(0, l) + cr::VCMDQ_PROD;
        c.cons_reg = cmdqv->lpage0(0, l) + cr::VCMDQ_CONS;
        c.sync_mode = SyncMode::POLL;
        vcmdqs.push_back(std::make_unique<ArmSmmuCmdq>(c, costs(), stats.sub(c.name)));
        vcmdqs.back()->set_cs_none_only(true);
        vcmdqs.back()->set_enabled(false);
    }
    vintf_used.assign(cmdqv->num_vintfs(), false);
    vintf_used[0] = true;
    sid_used.assign(cmdqv->num_vintfs(), std::vector<bool>(cmdqv->sids_per_vintf(), false));
    if (int rc = cmdqv->enable_and_preassign(cpu)) return rc;
    uint32_t back = 0;
    if (int rc = cmdqv->vintf_init(cpu, 0, 0, true, &back)) return rc;
    vintf0_enabled = cr::VINTF_CONFIG_EN.get(back) != 0;
    guest = cr::VINTF_CONFIG_HYP_OWN.get(back) == 0;
    for (unsigned l = 0; l < n; ++l) {  // ascending
        ArmSmmuCmdq& q = *vcmdqs[l];
        cmdqv->map(cpu, 0, l);
        if (int rc = cmdqv->queue_deinit(cpu, 0, l)) return rc;
        cmdqv->write_base(cpu, 0, l, q.queue().base_register());
        q.reset_indices();
        q.set_restricted(guest || p.restrict_host_vcmdqs);
        const int en = cmdqv->queue_enable(cpu, 0, l, true);
        q.set_enabled(en == 1);
        if (en < 0) return en;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------

ArmSmmuDriver::ArmSmmuDriver(const SmmuDriverParams& p, uint64_t smmu_base, uint64_t cmdqv_base,
                             enc::PhysAllocator& alloc, gsim::StatGroup stats, std::string name)
    : m(std::make_unique<Impl>(p, smmu_base, cmdqv_base, alloc, std::move(stats),
                               std::move(name))) {}

ArmSmmuDriver::~ArmSmmuDriver() = default;

int ArmSmmuDriver::probe(Cpu& cpu) { return m->probe(cpu); }
bool ArmSmmuDriver::guest_mode() const { return m->guest; }
bool ArmSmmuDriver::ril() const { return m->f_ril; }
unsigned ArmSmmuDriver::num_lvcmdqs() const {
    return (m->cmdqv && m->vintf0_enabled) ? static_cast<unsigned>(m->vcmdqs.size()) : 0;
}
const SmmuDriverParams& ArmSmmuDriver::params() const { return m->p; }
uint32_t ArmSmmuDriver::idr(unsigned n) const { return n < 6 ? m->idr[n] : 0; }
uint32_t ArmSmmuDriver::iidr() const { return m->iidr; }
uint32_t ArmSmmuDriver::aidr() const { return m->aidr; }
ArmSmmuDriver::CmdqvInfo ArmSmmuDriver::cmdqv_info() const {
    CmdqvInfo i;
    if (!m->cmdqv) return i;
    i.present = true;
    i.version = m->cmdqv->version();
    i.num_vintfs = m->cmdqv->num_vintfs();
    i.log2_lvcmdqs_per_vintf = m->cmdqv->log2_lvcmdqs_per_vintf();
    i.log2_sids_per_vintf = m->cmdqv->log2_sids_per_vintf();
    return i;
}
void ArmSmmuDriver::set_bypass_vcmdq(bool bypass) { m->p.bypass_vcmdq = bypass; }
uint64_t ArmSmmuDriver::lvcmdq_ring_pa(unsigned l) const {
    return l < m->vcmdqs.size() ? m->vcmdqs[l]->queue().base() : 0;
}

int ArmSmmuDriver::install_ste(Cpu& cpu, uint32_t sid, const enc::Ste& ste) {
    if (!m->probed) return -ENODEV;
    enc::EncError e;
    {
        SimLockGuard g(m->streams_mutex, cpu);
        m->mem.cpu = &cpu;
        e = m->st->write_ste(sid, ste);
    }
    if (e != enc::EncError::OK) return -EINVAL;
    return m->issue_cmds(cpu, {enc::cfgi_ste(sid, true)}, true);
}

int ArmSmmuDriver::issue_cmds(Cpu& cpu, const std::vector<Command>& cmds, bool sync) {
    return m->issue_cmds(cpu, cmds, sync);
}

int ArmSmmuDriver::issue_main_cmdq(Cpu& cpu, const std::vector<Command>& cmds) {
    return m->issue_main(cpu, cmds);
}

int ArmSmmuDriver::iotlb_sync_range(Cpu& cpu, const DomainInfo& d, uint64_t iova, uint64_t size,
                                    bool leaf) {
    const sc_core::sc_time t0 = cpu.now();
    enc::TlbiRangeRequest req;
    req.kind = enc::TlbiKind::NH_VA;
    req.vmid = d.vmid;
    req.asid = d.asid;
    req.iova = iova;
    req.size = size;
    req.granule = d.granule;
    req.pgsize_min = d.granule;
    req.leaf = leaf;
    req.ril = m->f_ril;
    std::vector<Command> cmds = m->cmd_bufs.take();
    enc::tlbi_range(req, cmds);
    int rc = m->issue_cmds(cpu, cmds, true);
    m->cmd_bufs.give_back(std::move(cmds));
    if (d.ats) {  // arm_smmu_atc_inv_domain: its own batch after the TLBIs
        if (int e = m->issue_cmds(cpu, {enc::atc_inv_range(d.sid, d.ssid, iova, size)}, true))
            rc = e;
    }
    m->iotlb_sync_ns.sample(gsim::sysc::to_ns(cpu.now() - t0));
    return rc;
}

// --- CMDQV services for iommufd ---------------------------------------------------------------

int ArmSmmuDriver::vintf_alloc(Cpu&, unsigned& idx) {
    if (!m->cmdqv || m->guest) return -ENODEV;
    for (unsigned v = 1; v < m->vintf_used.size(); ++v) {
        if (!m->vintf_used[v]) {
            m->vintf_used[v] = true;
            idx = v;
            return 0;
        }
    }
    return -ENOSPC;
}

void ArmSmmuDriver::vintf_hw_init(Cpu& cpu, unsigned idx, uint16_t vmid, bool hyp_own) {
    if (!m->cmdqv) return;
    m->cmdqv->vintf_init(cpu, idx, vmid, hyp_own, nullptr);
    m->sid_used.at(idx).assign(m->cmdqv->sids_per_vintf(), false);
}

void ArmSmmuDriver::vintf_deinit(Cpu& cpu, unsigned idx) {
    if (!m->cmdqv) return;
    m->cmdqv->vintf_deinit(cpu, idx);
    m->sid_used.at(idx).assign(m->cmdqv->sids_per_vintf(), false);
}

void ArmSmmuDriver::vintf_free(unsigned idx) {
    if (m->cmdqv && idx > 0 && idx < m->vintf_used.size()) m->vintf_used[idx] = false;
}

int ArmSmmuDriver::sid_pair_alloc(unsigned vintf, unsigned& slot) {
    if (!m->cmdqv || vintf >= m->sid_used.size()) return -EINVAL;
    auto& used = m->sid_used[vintf];
    for (unsigned s = 0; s < used.size(); ++s) {
        if (!used[s]) {
            used[s] = true;
            slot = s;
            return 0;
        }
    }
    return -ENOSPC;
}

void ArmSmmuDriver::sid_pair_program(Cpu& cpu, unsigned vintf, unsigned slot, uint32_t vsid,
                                     uint32_t psid) {
    if (!m->cmdqv) return;
    const uint32_t match =
        static_cast<uint32_t>(cr::SID_MATCH_VIRT_SID.make(vsid) | cr::SID_MATCH_ENABLE.make(1));
    m->cmdqv->sid_write(cpu, vintf, slot, match, psid & cr::SID_REPLACE_WRITABLE, false);
}

void ArmSmmuDriver::sid_pair_clear(Cpu& cpu, unsigned vintf, unsigned slot) {
    if (!m->cmdqv) return;
    m->cmdqv->sid_write(cpu, vintf, slot, 0, 0, true);
    if (vintf < m->sid_used.size() && slot < m->sid_used[vintf].size())
        m->sid_used[vintf][slot] = false;
}

int ArmSmmuDriver::lvcmdq_map_and_program(Cpu& cpu, unsigned vintf, unsigned lidx, uint64_t base_pa,
                                          unsigned log2size) {
    if (!m->cmdqv) return -ENODEV;
    Tegra241Cmdqv& c = *m->cmdqv;
    if (vintf >= c.num_vintfs() || lidx >= c.lvcmdqs_per_vintf()) return -EINVAL;
    if (c.mapped(vintf, lidx)) return -EEXIST;
    if (lidx > 0 && !c.mapped(vintf, lidx - 1)) return -EIO;
    if (log2size > m->cmdqs || log2size < 1) return -EINVAL;
    const uint64_t bytes = uint64_t{16} << log2size;
    if ((base_pa & (bytes - 1)) != 0 || (base_pa & ~gsim::mask(47, 0)) != 0) return -EINVAL;
    c.map(cpu, vintf, lidx);
    const int rc = c.queue_deinit(cpu, vintf, lidx);
    c.write_base(cpu, vintf, lidx, (base_pa & gsim::mask(47, 5)) | log2size);
    return rc;
}

void ArmSmmuDriver::lvcmdq_deinit_and_unmap(Cpu& cpu, unsigned vintf, unsigned lidx) {
    if (!m->cmdqv) return;
    m->cmdqv->queue_deinit(cpu, vintf, lidx);
    m->cmdqv->unmap(cpu, vintf, lidx);
}

uint64_t ArmSmmuDriver::vintf_page0_addr(unsigned idx) const {
    return m->cmdqv ? m->cmdqv->vintf_page0(idx) : 0;
}

// --- interrupts ---------------------------------------------------------------------------------

void ArmSmmuDriver::handle_cmdqv_irq(
    Cpu& cpu, const std::function<void(unsigned, const uint64_t*)>& forward) {
    if (!m->cmdqv) return;
    Tegra241Cmdqv& c = *m->cmdqv;
    const uint64_t vmap = c.read_vintf_err_map(cpu);
    uint32_t qmaps[4];
    c.read_cmdq_err_maps(cpu, qmaps);  // logged as "unexpected error" by Linux
    if (vmap & 1u) {
        uint64_t lmap[2];
        c.read_lvcmdq_err_map(cpu, 0, lmap);
        for (unsigned l = 0; l < m->vcmdqs.size() && l < 128; ++l) {
            if (((lmap[l / 64] >> (l % 64)) & 1u) == 0) continue;
            const uint64_t p0 = c.lpage0(0, l);
            const uint32_t ge = cpu.read32(p0 + cr::VCMDQ_GERROR);
            m->skip_err(cpu, *m->vcmdqs[l]);
            cpu.write32(p0 + cr::VCMDQ_GERRORN, ge);
        }
    }
    for (unsigned v = 1; v < c.num_vintfs() && v < 64; ++v) {
        if (((vmap >> v) & 1u) == 0) continue;
        uint64_t lmap[2];
        c.read_lvcmdq_err_map(cpu, v, lmap);
        ++m->forwarded;
        if (forward) forward(v, lmap);
    }
}

void ArmSmmuDriver::handle_gerror_irq(Cpu& cpu) {
    const uint32_t ge = cpu.read32(m->smmu + sr::GERROR);
    const uint32_t gn = cpu.read32(m->smmu + sr::GERRORN);
    const uint32_t active = ge ^ gn;
    if (active == 0) return;
    if ((active & 1u) && m->cmdq) m->skip_err(cpu, *m->cmdq);  // GERROR.CMDQ_ERR
    cpu.write32(m->smmu + sr::GERRORN, ge);
}

std::vector<std::array<uint64_t, 4>> ArmSmmuDriver::drain_evtq(Cpu& cpu) {
    std::vector<std::array<uint64_t, 4>> out;
    if (!m->probed) return out;
    const enc::Queue& q = m->evtq;
    for (;;) {
        const uint32_t prod = cpu.read32(m->smmu + sr::EVENTQ_PROD);
        if (q.empty(prod, m->evt_cons)) break;
        while (!q.empty(prod, m->evt_cons)) {
            std::array<uint64_t, 4> rec{};
            cpu.mem_read(q.slot_address(m->evt_cons), rec.data(), 32);
            out.push_back(rec);
            ++m->evt_records;
            m->evt_cons = q.next(m->evt_cons);
            // Acknowledge an overflow with the consumer (OVACKFLG := OVFLG).
            cpu.write32(m->smmu + sr::EVENTQ_CONS, m->evt_cons | (prod & 0x80000000u));
        }
    }
    return out;
}

}  // namespace fw::linux_model
