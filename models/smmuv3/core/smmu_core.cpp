// grace-sim SMMUv3: control-side core (see smmu_core.h and models/smmuv3/README.md).
#include "smmuv3/core/smmu_core.h"

#include <algorithm>

#include "common/bits.h"
#include "smmuv3/core/cmd_validate.h"
#include "smmuv3/core/smmu_regs.h"

namespace smmu::core {

using namespace regs;

namespace {
constexpr uint32_t CR0_QUEUES_MASK = 0xE;  // PRIQEN, EVENTQEN, CMDQEN
}  // namespace

SmmuCore::SmmuCore(const SmmuParams& params, gsim::MemPort& mem, TranslationService& xlate,
                   AtcInvalidationTarget* atc, const SmmuIrqs& irqs, gsim::StatGroup stats,
                   std::string name)
    : m_p(params),
      m_timing(params),
      m_mem(mem),
      m_xlate(xlate),
      m_atc(atc),
      m_irq(irqs),
      m_stats(std::move(stats)),
      m_log(std::move(name)),
      m_idr0(params.idr0()),
      m_idr1(params.idr1()),
      m_idr3(params.idr3()),
      m_idr5(params.idr5()),
      m_gbpa(GBPA_RESET),
      m_cmdq("cmdq", 51, static_cast<unsigned>(params.cmdqs)),
      m_evtq(static_cast<unsigned>(params.eventqs)),
      m_sync_latency(m_stats.histogram("cmd_sync_latency", "ps")),
      m_cmd_latency(m_stats.histogram("cmd_latency", "ps")),
      m_cmdq_occupancy(m_stats.histogram("cmdq_occupancy", "entries")),
      m_events_written(m_stats.counter("events_written")),
      m_events_dropped_disabled(m_stats.counter("events_dropped_disabled")),
      m_events_dropped_overflow(m_stats.counter("events_dropped_overflow")),
      m_events_aborted(m_stats.counter("events_aborted")),
      m_msi_writes(m_stats.counter("msi_writes")),
      m_msi_aborts(m_stats.counter("msi_aborts")),
      m_mmio_errors(m_stats.counter("mmio_errors")),
      m_sync_cs_ignored(m_stats.counter("cmd_sync_cs_ignored_non_main")),
      m_atc_timeouts(m_stats.counter("atc_inv_timeouts")),
      m_translations(m_stats.counter("translations")),
      m_mmio_reads(m_stats.counter("mmio_reads")),
      m_mmio_writes(m_stats.counter("mmio_writes")) {
    for (gsim::IrqSink** s :
         {&m_irq.eventq, &m_irq.gerror, &m_irq.cmdq_sync, &m_irq.priq, &m_irq.sev})
        if (!*s) *s = &m_null_irq;
}

// ======================================================================================
// MMIO
// ======================================================================================

bool SmmuCore::mmio_read(uint64_t off, unsigned size, uint64_t& value, uint64_t now_ps) {
    run_due(now_ps);
    value = 0;
    if ((size != 4 && size != 8) || (off & (size - 1)) || off >= FRAME_SIZE) {
        ++m_mmio_errors;
        return false;
    }
    ++m_mmio_reads;
    const uint64_t base = off & ~uint64_t{7};
    const bool r64 = off < PAGE1 && is_reg64(base);
    if (size == 8) {
        value = r64 ? read64(off, now_ps)
                    : uint64_t{read32(off, now_ps)} | (uint64_t{read32(off + 4, now_ps)} << 32);
    } else {
        value = r64 ? (read64(base, now_ps) >> ((off & 4) * 8)) & 0xFFFFFFFFu : read32(off, now_ps);
    }
    return true;
}

bool SmmuCore::mmio_write(uint64_t off, unsigned size, uint64_t value, uint64_t now_ps) {
    run_due(now_ps);
    if ((size != 4 && size != 8) || (off & (size - 1)) || off >= FRAME_SIZE) {
        ++m_mmio_errors;
        return false;
    }
    ++m_mmio_writes;
    const uint64_t base = off & ~uint64_t{7};
    const bool r64 = off < PAGE1 && is_reg64(base);
    if (size == 8) {
        if (r64) {
            write64(off, value, now_ps);
        } else {
            write32(off, static_cast<uint32_t>(value), now_ps);
            write32(off + 4, static_cast<uint32_t>(value >> 32), now_ps);
        }
    } else if (r64) {
        const unsigned sh = (off & 4) * 8;
        uint64_t cur = read64(base, now_ps);
        uint64_t merged = (cur & ~(uint64_t{0xFFFFFFFF} << sh)) | ((value & 0xFFFFFFFFu) << sh);
        write64(base, merged, now_ps);
    } else {
        write32(off, static_cast<uint32_t>(value), now_ps);
    }
    return true;
}

bool SmmuCore::cmdq_enabled_any() const {
    return CR0_CMDQEN.get(m_cr0) || CR0_CMDQEN.get(m_cr0ack);
}

bool SmmuCore::irq_cfg_writable(const gsim::Field& irqen) const {
    // *_IRQ_CFGn exist only with MSIs and are read-only while their source is enabled.
    return m_p.msi && !irqen.get(m_irq_ctrl) && !irqen.get(m_irq_ctrlack);
}

bool SmmuCore::eventq_enabled_any() const {
    return CR0_EVENTQEN.get(m_cr0) || CR0_EVENTQEN.get(m_cr0ack);
}

uint32_t SmmuCore::component_id(uint64_t off) const {
    const uint32_t iidr = static_cast<uint32_t>(m_p.iidr);
    const uint32_t product = static_cast<uint32_t>(IIDR_ProductID.get(iidr));
    const uint32_t impl = static_cast<uint32_t>(IIDR_Implementer.get(iidr));
    const uint32_t variant = static_cast<uint32_t>(IIDR_Variant.get(iidr));
    const uint32_t revision = static_cast<uint32_t>(IIDR_Revision.get(iidr));
    switch (off) {
        case PIDR0: return product & 0xFF;
        case PIDR1: return ((product >> 8) & 0xF) | ((impl & 0xF) << 4);
        case PIDR2: return ((impl >> 4) & 0x7) | 0x8 | (variant << 4);  // JEDEC-assigned
        case PIDR3: return revision << 4;
        case PIDR4: return (impl >> 8) & 0xF;  // JEP106 continuation code, SIZE = 0
        case CIDR0: return 0x0D;
        case CIDR1: return 0xF0;
        case CIDR2: return 0x05;
        case CIDR3: return 0xB1;
        default: return 0;  // PIDR5-7
    }
}

uint32_t SmmuCore::read32(uint64_t off, uint64_t now_ps) {
    const bool alias = m_p.page0_eventq_alias;
    if (alias && (off == EVENTQ_PROD_PAGE0_ALIAS || off == EVENTQ_CONS_PAGE0_ALIAS ||
                  off == PRIQ_PROD_PAGE0_ALIAS || off == PRIQ_CONS_PAGE0_ALIAS))
        off += PAGE1;
    switch (off) {
        case IDR0: return m_idr0;
        case IDR1: return m_idr1;
        case IDR3: return m_idr3;
        case IDR5: return m_idr5;
        case IIDR: return static_cast<uint32_t>(m_p.iidr);
        case AIDR: return m_p.aidr();
        case CR0: return m_cr0;
        case CR0ACK: return m_cr0ack;
        case CR1: return m_cr1;
        case CR2: return m_cr2;
        case GBPA: return m_gbpa;  // UPDATE completes at once: always reads 0
        case IRQ_CTRL: return m_irq_ctrl;
        case IRQ_CTRLACK: return m_irq_ctrlack;
        case GERROR: return gerror_at(now_ps);
        case GERRORN: return m_gerrorn;
        case GERROR_IRQ_CFG1: return m_gerror_irq_cfg1;
        case GERROR_IRQ_CFG2: return m_gerror_irq_cfg2;
        case STRTAB_BASE_CFG: return m_strtab_base_cfg;
        case CMDQ_PROD: return m_cmdq.prod();
        case CMDQ_CONS: return m_cmdq.cons(now_ps);
        case EVENTQ_IRQ_CFG1: return m_eventq_irq_cfg1;
        case EVENTQ_IRQ_CFG2: return m_eventq_irq_cfg2;
        case PRIQ_IRQ_CFG1: return m_priq_irq_cfg1;
        case PRIQ_IRQ_CFG2: return m_priq_irq_cfg2;
        case EVENTQ_PROD: return m_evtq.prod();
        case EVENTQ_CONS: return m_evtq.cons();
        case PRIQ_PROD: return m_priq_prod;
        case PRIQ_CONS: return m_priq_cons;
        default:
            if (off >= PIDR4 && off <= CIDR3) return component_id(off);
            return 0;  // IDR2, IDR4, STATUSR (DORMANT = 0), AGBPA, reserved: RAZ
    }
}

void SmmuCore::write32(uint64_t off, uint32_t v, uint64_t now_ps) {
    const bool alias = m_p.page0_eventq_alias;
    if (alias && (off == EVENTQ_PROD_PAGE0_ALIAS || off == EVENTQ_CONS_PAGE0_ALIAS ||
                  off == PRIQ_PROD_PAGE0_ALIAS || off == PRIQ_CONS_PAGE0_ALIAS))
        off += PAGE1;
    const bool smmuen_any = CR0_SMMUEN.get(m_cr0) || CR0_SMMUEN.get(m_cr0ack);
    switch (off) {
        case CR0: {
            uint32_t mask =
                static_cast<uint32_t>(CR0_SMMUEN.mask() | CR0_EVENTQEN.mask() | CR0_CMDQEN.mask());
            if (m_p.pri) mask |= static_cast<uint32_t>(CR0_PRIQEN.mask());
            if (m_p.ats) mask |= static_cast<uint32_t>(CR0_ATSCHK.mask());
            if (m_p.vmw) mask |= static_cast<uint32_t>(CR0_VMW.mask());
            m_cr0 = v & mask;
            const uint32_t val = m_cr0;
            m_deferred.schedule(now_ps + m_timing.cr0ack_ps(),
                                [this, val](uint64_t at) { apply_cr0(val, at); });
            run_due(now_ps);
            break;
        }
        case CR1: {
            // TABLE_* are guarded by SMMUEN, QUEUE_* by every queue enable (CR0 or CR0ACK).
            uint32_t mask = 0;
            if (!smmuen_any) mask |= 0xFC0;
            if (!((m_cr0 | m_cr0ack) & CR0_QUEUES_MASK)) mask |= 0x03F;
            m_cr1 = (m_cr1 & ~mask) | (v & mask);
            break;
        }
        case CR2:
            if (!smmuen_any) {
                uint32_t mask = static_cast<uint32_t>(CR2_RECINVSID.mask());
                if (m_p.btm) mask |= static_cast<uint32_t>(CR2_PTM.mask());
                if (m_p.hyp) mask |= static_cast<uint32_t>(CR2_E2H.mask());
                m_cr2 = v & mask;
            }
            break;
        case GBPA:
            if (GBPA_UPDATE.get(v)) m_gbpa = v & GBPA_FIELDS_MASK;  // else: ignored
            break;
        case IRQ_CTRL: {
            uint32_t mask =
                static_cast<uint32_t>(IRQ_CTRL_GERROR_IRQEN.mask() | IRQ_CTRL_EVENTQ_IRQEN.mask());
            if (m_p.pri) mask |= static_cast<uint32_t>(IRQ_CTRL_PRIQ_IRQEN.mask());
            m_irq_ctrl = v & mask;
            const uint32_t val = m_irq_ctrl;
            m_deferred.schedule(now_ps + m_timing.irq_ctrlack_ps(),
                                [this, val](uint64_t) { m_irq_ctrlack = val; });
            run_due(now_ps);
            break;
        }
        case GERRORN: write_gerrorn(v, now_ps); break;
        case GERROR_IRQ_CFG1:
            if (irq_cfg_writable(IRQ_CTRL_GERROR_IRQEN)) m_gerror_irq_cfg1 = v;
            break;
        case GERROR_IRQ_CFG2:
            if (irq_cfg_writable(IRQ_CTRL_GERROR_IRQEN)) m_gerror_irq_cfg2 = v & IRQ_CFG2_MASK;
            break;
        case EVENTQ_IRQ_CFG1:
            if (irq_cfg_writable(IRQ_CTRL_EVENTQ_IRQEN)) m_eventq_irq_cfg1 = v;
            break;
        case EVENTQ_IRQ_CFG2:
            if (irq_cfg_writable(IRQ_CTRL_EVENTQ_IRQEN)) m_eventq_irq_cfg2 = v & IRQ_CFG2_MASK;
            break;
        case PRIQ_IRQ_CFG1:
            if (m_p.pri && irq_cfg_writable(IRQ_CTRL_PRIQ_IRQEN)) m_priq_irq_cfg1 = v;
            break;
        case PRIQ_IRQ_CFG2:
            if (m_p.pri && irq_cfg_writable(IRQ_CTRL_PRIQ_IRQEN))
                m_priq_irq_cfg2 = v & IRQ_CFG2_MASK;
            break;
        case STRTAB_BASE_CFG:
            if (!smmuen_any) m_strtab_base_cfg = v & STRTAB_BASE_CFG_MASK;
            break;
        case CMDQ_PROD: m_cmdq.set_prod(v); break;
        case CMDQ_CONS:
            if (!cmdq_enabled_any())
                m_cmdq.set_cons(
                    v & (m_cmdq.index_wrap_mask() | static_cast<uint32_t>(CMDQ_CONS_ERR.mask())));
            break;
        case EVENTQ_PROD:
            if (!eventq_enabled_any()) m_evtq.set_prod(v);
            break;
        case EVENTQ_CONS: m_evtq.set_cons(v); break;
        case PRIQ_PROD:
            if (m_p.pri && !CR0_PRIQEN.get(m_cr0 | m_cr0ack)) m_priq_prod = v & 0x800FFFFFu;
            break;
        case PRIQ_CONS:
            if (m_p.pri) m_priq_cons = v & 0x800FFFFFu;
            break;
        default: break;  // RO and reserved: WI
    }
}

uint64_t SmmuCore::read64(uint64_t off, uint64_t) {
    switch (off) {
        case GERROR_IRQ_CFG0: return m_gerror_irq_cfg0;
        case STRTAB_BASE: return m_strtab_base;
        case CMDQ_BASE: return m_cmdq.base();
        case EVENTQ_BASE: return m_evtq.base();
        case EVENTQ_IRQ_CFG0: return m_eventq_irq_cfg0;
        case PRIQ_BASE: return m_priq_base;
        case PRIQ_IRQ_CFG0: return m_priq_irq_cfg0;
        default: return 0;
    }
}

void SmmuCore::write64(uint64_t off, uint64_t v, uint64_t) {
    const bool smmuen_any = CR0_SMMUEN.get(m_cr0) || CR0_SMMUEN.get(m_cr0ack);
    switch (off) {
        case GERROR_IRQ_CFG0:
            if (irq_cfg_writable(IRQ_CTRL_GERROR_IRQEN)) m_gerror_irq_cfg0 = v & IRQ_CFG0_MASK;
            break;
        case EVENTQ_IRQ_CFG0:
            if (irq_cfg_writable(IRQ_CTRL_EVENTQ_IRQEN)) m_eventq_irq_cfg0 = v & IRQ_CFG0_MASK;
            break;
        case PRIQ_IRQ_CFG0:
            if (m_p.pri && irq_cfg_writable(IRQ_CTRL_PRIQ_IRQEN))
                m_priq_irq_cfg0 = v & IRQ_CFG0_MASK;
            break;
        case STRTAB_BASE:
            if (!smmuen_any) m_strtab_base = v & STRTAB_BASE_MASK;
            break;
        case CMDQ_BASE:
            if (!cmdq_enabled_any()) m_cmdq.set_base(v & Q_BASE_MASK);
            break;
        case EVENTQ_BASE:
            if (!eventq_enabled_any()) m_evtq.set_base(v);
            break;
        case PRIQ_BASE:
            if (m_p.pri && !CR0_PRIQEN.get(m_cr0 | m_cr0ack)) m_priq_base = v & Q_BASE_MASK;
            break;
        default: break;
    }
}

void SmmuCore::apply_cr0(uint32_t v, uint64_t) {
    m_cr0ack = v;
    m_cmdq.set_enabled(CR0_CMDQEN.get(v));
    m_evtq.set_enabled(CR0_EVENTQEN.get(v));
}

// ======================================================================================
// GERROR and interrupts
// ======================================================================================

void SmmuCore::raise_gerror(unsigned bit, uint64_t at_ps) {
    if (gerror_active(bit)) {
        ++m_stats.counter(std::string("gerror_while_active.") + gerror_bit_name(bit));
        return;
    }
    m_gerror ^= (uint32_t{1} << bit);
    m_gerror_toggles.emplace_back(at_ps, uint32_t{1} << bit);
    ++m_stats.counter(std::string("gerror.") + gerror_bit_name(bit));
    m_log.debug("GERROR.%s active", gerror_bit_name(bit));
    if (!IRQ_CTRL_GERROR_IRQEN.get(m_irq_ctrlack) || bit == GERROR_MSI_GERROR_ABT_ERR) return;
    m_deferred.schedule(at_ps + m_timing.irq_issue_ps(), [this](uint64_t at) {
        send_msi(m_gerror_irq_cfg0, m_gerror_irq_cfg1, GERROR_MSI_GERROR_ABT_ERR, at);
        pulse_wired(*m_irq.gerror);
    });
}

uint32_t SmmuCore::gerror_at(uint64_t now_ps) {
    if (!m_gerror_toggles.empty()) {
        auto due = [now_ps](const std::pair<uint64_t, uint32_t>& t) { return t.first <= now_ps; };
        for (const auto& t : m_gerror_toggles) {
            if (due(t)) m_gerror_visible ^= t.second;
        }
        m_gerror_toggles.erase(std::remove_if(m_gerror_toggles.begin(), m_gerror_toggles.end(), due),
                               m_gerror_toggles.end());
    }
    return m_gerror_visible;
}

void SmmuCore::write_gerrorn(uint32_t v, uint64_t) {
    m_gerrorn = v & GERROR_IMPLEMENTED_MASK;
    if (!gerror_active(GERROR_CMDQ_ERR) && m_cmdq.halted()) m_cmdq.acknowledge_error();
}

bool SmmuCore::send_msi(uint64_t addr, uint32_t data, unsigned abort_bit, uint64_t at_ps) {
    addr &= IRQ_CFG0_MASK;
    if (!m_p.msi || addr == 0) return false;
    uint64_t lat = 0;
    gsim::MemStatus st = m_mem.write32(addr, data, lat);
    ++m_msi_writes;
    if (!gsim::ok(st)) {
        ++m_msi_aborts;
        raise_gerror(abort_bit, at_ps + lat);
    }
    return true;
}

void SmmuCore::signal_eventq_irq(uint64_t at_ps) {
    send_msi(m_eventq_irq_cfg0, m_eventq_irq_cfg1, GERROR_MSI_EVENTQ_ABT_ERR, at_ps);
    pulse_wired(*m_irq.eventq);
}

void SmmuCore::pulse_wired(gsim::IrqSink& line) {
    // IHI 0070 3.18.2: an enabled source pulses its wired output (if implemented) and also
    // sends an MSI when MSIs are supported and configured; both may happen.
    if (m_p.wired_irqs) line.pulse();
}

// ======================================================================================
// Command queue and executor
// ======================================================================================

BatchLimits SmmuCore::cmdq_limits() const {
    BatchLimits l;
    l.max_cmds = static_cast<unsigned>(m_p.cmdq_batch_cmds);
    l.max_ps = m_timing.batch_ps();
    l.fetch_burst = static_cast<unsigned>(m_p.cmdq_fetch_burst);
    l.fetch_overhead_ps = m_timing.fetch_overhead_ps();
    return l;
}

BatchResult SmmuCore::process_cmdq_batch(uint64_t now_ps) {
    return process_cmdq_batch(now_ps, cmdq_limits());
}

BatchResult SmmuCore::process_cmdq_batch(uint64_t now_ps, const BatchLimits& limits) {
    run_due(now_ps);
    if (m_cmdq.ready(now_ps)) m_cmdq_occupancy.sample(m_cmdq.occupancy());
    m_in_main_batch = true;
    BatchResult r = m_cmdq.run_batch(*this, m_mem, now_ps, limits);
    m_in_main_batch = false;
    // A CMD_SYNC's completion signal must not be observable before CONS has passed it
    // (IHI 0070 3.18, 4.7.3). The engine publishes CONS at the end of the batch, or at the
    // completion of the CMD_SYNC it stopped at (at once after an error).
    const uint64_t cons_visible = r.error != CError::NONE ? now_ps
                                  : r.sync_pending        ? m_cmdq.wake_time()
                                                          : now_ps + r.busy_ps;
    for (const auto& ps : m_batch_syncs) {
        schedule_sync_completion(std::max(ps.complete_ps, cons_visible), ps.cmd, true);
    }
    m_batch_syncs.clear();
    if (r.error != CError::NONE) {
        ++m_stats.counter(std::string("cmdq_errors.") + cerror_name(r.error));
        m_log.info("CMDQ halted: %s at CONS=0x%x", cerror_name(r.error), m_cmdq.cons_peek());
        raise_gerror(GERROR_CMDQ_ERR, now_ps + r.busy_ps);
    }
    run_due(now_ps);
    return r;
}

CmdOutcome SmmuCore::execute(const Command& cmd, QueueContext& q, uint64_t now_ps) {
    gsim::Counter*& per_op = m_cmd_counters[cmd.op()];
    if (!per_op) {
        const char* name = opcode_name(cmd.op());
        per_op = &m_stats.counter(std::string("cmds.") + (name ? name : "UNKNOWN"));
    }
    ++*per_op;
    CmdOutcome o = execute_inner(cmd, q, now_ps);
    if (o.err != CError::NONE) {
        ++m_stats.counter(std::string("cmd_errors.") + cerror_name(o.err));
    } else {
        o.complete_ps = std::max(o.complete_ps, now_ps + o.issue_ps);
        m_cmd_latency.sample(o.complete_ps - now_ps);
    }
    return o;
}

CmdOutcome SmmuCore::execute_inner(const Command& cmd, QueueContext& q, uint64_t now_ps) {
    CmdOutcome o;
    o.err = validate_command(cmd, m_p);
    if (o.err != CError::NONE) return o;
    o.issue_ps = m_timing.cmd_issue_ps(cmd.op());
    const uint64_t issued = now_ps + o.issue_ps;
    o.complete_ps = issued;
    if (is_cfgi(cmd.op()) || is_tlbi(cmd.op())) {
        InvalidationCost c = m_xlate.invalidate(cmd, control_state());
        lazy_counter(0, "inv_entries_scanned") += c.entries_scanned;
        lazy_counter(1, "inv_entries_removed") += c.entries_removed;
        o.issue_ps += m_timing.invalidation_ps(c);
        o.complete_ps = now_ps + o.issue_ps +
                        (is_cfgi(cmd.op()) ? m_timing.cfgi_propagation_ps() : m_timing.tlbi_propagation_ps());
        q.inflight_until_ps = std::max(q.inflight_until_ps, o.complete_ps);
        return o;
    }
    switch (cmd.op()) {
        case CMD_ATC_INV: {
            if (!m_atc) break;  // no ATS endpoint attached: nothing to wait for
            const uint64_t deadline = issued + m_timing.atc_inv_timeout_ps();
            AtcInvResult r = m_atc->atc_invalidate(cmd.sid(), cmd.ssv(), cmd.ssid(), cmd.atc_addr(),
                                                   cmd.atc_size(), cmd.atc_global(), issued);
            if (!r.completes || r.complete_ps > deadline) {
                q.atc_timeout = true;
                o.complete_ps = deadline;
                ++m_atc_timeouts;
            } else {
                o.complete_ps = std::max(r.complete_ps, issued);
            }
            q.inflight_until_ps = std::max(q.inflight_until_ps, o.complete_ps);
            break;
        }
        case CMD_SYNC: {
            if (q.atc_timeout) {
                // Reported by this CMD_SYNC; the flag is consumed so that the SYNC, re-run
                // after the GERRORN acknowledgement, completes normally.
                q.atc_timeout = false;
                o.err = CError::ATC_INV_SYNC;
                o.issue_ps = 0;
                return o;
            }
            o.complete_ps = std::max(issued, q.inflight_until_ps);
            m_sync_latency.sample(o.complete_ps - now_ps);
            Command c = cmd;
            if (!q.main_cmdq && c.sync_cs() != CS_NONE) {
                ++m_sync_cs_ignored;  // CMDQV VCMDQs support CS = NONE only
                c.d0 = gsim::deposit(c.d0, 13, 12, CS_NONE);
            }
            const bool main = q.main_cmdq;
            if (main && m_in_main_batch) {
                m_batch_syncs.push_back({o.complete_ps, c});  // scheduled after the batch
            } else if (!main && c.sync_cs() == CS_NONE) {
                // A VCMDQ's completion is only CONS passing the CMD_SYNC (visible at its time
                // without an action): nothing to run at complete_ps.
            } else {
                schedule_sync_completion(o.complete_ps, c, main);
            }
            break;
        }
        case CMD_PRI_RESP:
        case CMD_RESUME:
        case CMD_STALL_TERM:
            // Only legal when PRI / stall are advertised; neither is modelled.
            m_log.unimp_once(opcode_name(cmd.op()), "PRI / stall commands accepted, no effect");
            break;
        default:  // PREFETCH_*: accepted, no prefetch modelled
            break;
    }
    return o;
}

void SmmuCore::schedule_sync_completion(uint64_t at_ps, const Command& cmd, bool main_queue) {
    uint32_t slot;
    if (m_free_sync_slots.empty()) {
        slot = static_cast<uint32_t>(m_sync_slots.size());
        m_sync_slots.push_back({cmd, main_queue});
    } else {
        slot = m_free_sync_slots.back();
        m_free_sync_slots.pop_back();
        m_sync_slots[slot] = {cmd, main_queue};
    }
    m_deferred.schedule(at_ps, [this, slot](uint64_t at) {
        const ScheduledSync s = m_sync_slots[slot];
        m_free_sync_slots.push_back(slot);
        complete_sync(s.cmd, s.main_queue, at);
    });
}

void SmmuCore::complete_sync(const Command& cmd, bool main_queue, uint64_t at_ps) {
    switch (cmd.sync_cs()) {
        case CS_IRQ:
            ++lazy_counter(2, "cmd_sync_irq");
            send_msi(cmd.sync_msiaddr(), cmd.sync_msidata(), GERROR_MSI_CMDQ_ABT_ERR, at_ps);
            pulse_wired(*m_irq.cmdq_sync);
            break;
        case CS_SEV:
            if (m_p.sev) {
                ++m_sev_count;
                ++lazy_counter(3, "cmd_sync_sev");
                m_irq.sev->pulse();
            } else {
                ++lazy_counter(4, "cmd_sync_sev_ignored");  // SEV not advertised: as CS_NONE
            }
            break;
        default: break;
    }
    if (main_queue && m_main_sync_listener) m_main_sync_listener(at_ps);
}

// ======================================================================================
// Event queue
// ======================================================================================

void SmmuCore::record_event(const EventRecord& ev, uint64_t now_ps) {
    run_due(now_ps);
    record_event_now(ev, now_ps);
}

void SmmuCore::record_event_now(const EventRecord& ev, uint64_t now_ps) {
    gsim::Counter*& per_type = m_event_counters[ev.type];
    if (!per_type) per_type = &m_stats.counter(std::string("events.") + event_name(ev.type));
    ++*per_type;
    if (gerror_active(GERROR_EVENTQ_ABT_ERR) && m_evtq.enabled()) {
        // IHI 0070 7.2.1: the queue is not writable while EVENTQ_ABT_ERR is unacknowledged;
        // the event is discarded silently (no overflow).
        ++m_stats.counter("events_dropped_abt");
        return;
    }
    EventQueue::Outcome o = m_evtq.write(ev, m_mem);
    switch (o.status) {
        case EventQueue::Status::WRITTEN:
            ++m_events_written;
            if (o.was_empty && IRQ_CTRL_EVENTQ_IRQEN.get(m_irq_ctrlack)) {
                m_deferred.schedule(
                    now_ps + o.latency_ps + m_timing.event_write_ps() + m_timing.irq_issue_ps(),
                    [this](uint64_t at) { signal_eventq_irq(at); });
            }
            break;
        case EventQueue::Status::DROPPED_DISABLED: ++m_events_dropped_disabled; break;
        case EventQueue::Status::DROPPED_FULL:
            ++m_events_dropped_overflow;
            if (o.new_overflow) ++m_stats.counter("eventq_overflows");
            break;
        case EventQueue::Status::ABORT:
            ++m_events_aborted;
            raise_gerror(GERROR_EVENTQ_ABT_ERR, now_ps + o.latency_ps);
            break;
    }
}

// ======================================================================================
// Translation glue
// ======================================================================================

ControlState SmmuCore::control_state() const {
    ControlState s;
    s.smmuen = CR0_SMMUEN.get(m_cr0ack);
    s.atschk = CR0_ATSCHK.get(m_cr0ack);
    s.gbpa = m_gbpa;
    s.strtab_base = m_strtab_base;
    s.strtab_base_cfg = m_strtab_base_cfg;
    s.cr2 = m_cr2;
    s.idr0 = m_idr0;
    s.idr1 = m_idr1;
    s.idr3 = m_idr3;
    s.idr5 = m_idr5;
    return s;
}

XlateResult SmmuCore::translate(const XlateRequest& req, uint64_t now_ps, uint64_t& latency_ps) {
    run_due(now_ps);
    ++m_translations;
    XlateResult r = m_xlate.translate(req, control_state());
    latency_ps = m_timing.translation_ps(r);
    m_stats.histogram("xlate_latency", "ps").sample(latency_ps);
    if (r.has_event) record_event_now(r.event, now_ps + latency_ps);
    return r;
}

}  // namespace smmu::core
