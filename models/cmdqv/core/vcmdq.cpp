// grace-sim Tegra241 CMDQV: one global virtual command queue. See vcmdq.h.
#include "cmdqv/core/vcmdq.h"

#include <string>

#include "cmdqv/core/cmdqv_regs.h"

namespace cmdqv::core {

using smmu::core::CError;
using smmu::core::Command;

Vcmdq::Stats::Stats(gsim::StatGroup g)
    : commands(g.counter("commands")),
      errors(g.counter("errors")),
      syncs(g.counter("cmd_syncs")),
      batches(g.counter("batches")),
      fetches(g.counter("fetches")),
      ignored_writes(g.counter("ignored_writes")),
      cons_writebacks(g.counter("cons_writebacks")),
      occupancy(g.histogram("occupancy", "entries")),
      sync_wait_ps(g.histogram("cmd_sync_latency", "ps")),
      arb_wait_ps(g.histogram("arbitration_wait", "ps")) {}

Vcmdq::Vcmdq(unsigned q, const CmdqvParams& params, gsim::StatGroup stats)
    : m_q(q),
      m_params(params),
      m_sync_cs_ill(params.cs_on_vcmdq == "ill"),
      m_queue("vcmdq" + std::to_string(q), 47, static_cast<unsigned>(params.max_log2size)),
      m_stats(stats) {
    m_queue.context().id = 1 + q;
    m_queue.context().main_cmdq = false;
    m_queue.set_filter(this);
}

uint32_t Vcmdq::read_page0(uint64_t off, uint64_t now_ps) {
    switch (off) {
    case regs::VCMDQ_CONS: return m_queue.cons(now_ps);
    case regs::VCMDQ_PROD: return m_queue.prod();
    case regs::VCMDQ_CONFIG: return m_config;
    case regs::VCMDQ_STATUS: return m_en.status(now_ps) ? 1u : 0u;
    case regs::VCMDQ_GERROR: return m_gerror;
    case regs::VCMDQ_GERRORN: return m_gerrorn;
    default: return 0;  // reserved: RAZ
    }
}

void Vcmdq::write_page0(uint64_t off, uint32_t v, uint64_t now_ps) {
    switch (off) {
    case regs::VCMDQ_CONS:
        // Writable only while the queue is disabled (requested and observed), as SMMU_CMDQ_CONS.
        if (m_en.requested() || m_en.status(now_ps)) {
            ++m_stats.ignored_writes;
            return;
        }
        m_queue.set_cons(v & static_cast<uint32_t>(regs::VCMDQ_CONS_RD.mask() |
                                                   regs::VCMDQ_CONS_ERR.mask()));
        return;
    case regs::VCMDQ_PROD: {
        bool was_empty = m_queue.empty();
        m_queue.set_prod(static_cast<uint32_t>(regs::VCMDQ_PROD_WR.get(v)));
        if (was_empty && !m_queue.empty() && wait_since == 0) wait_since = now_ps ? now_ps : 1;
        return;
    }
    case regs::VCMDQ_CONFIG:
        m_config = v & 1u;
        m_en.request(m_config != 0, now_ps, m_params.vcmdq_enable_ns * 1000);
        return;
    case regs::VCMDQ_GERRORN:
        m_gerrorn = v & regs::GERROR_MASK;
        // Recovery: once no error is active the queue resumes at CONS (ILL: software has
        // overwritten the command; ABT: the fetch is retried; ATC_INV_SYNC: the CMD_SYNC re-runs).
        if (!in_error() && m_queue.halted()) m_queue.acknowledge_error();
        return;
    default:
        return;  // STATUS, GERROR: RO; reserved: WI
    }
}

uint32_t Vcmdq::read_page1(uint64_t off) const {
    switch (off) {
    case regs::VCMDQ_BASE_L: return static_cast<uint32_t>(m_queue.base());
    case regs::VCMDQ_BASE_H: return static_cast<uint32_t>(m_queue.base() >> 32);
    case regs::VCMDQ_CONS_INDX_BASE_L: return static_cast<uint32_t>(m_cons_indx_base);
    case regs::VCMDQ_CONS_INDX_BASE_H: return static_cast<uint32_t>(m_cons_indx_base >> 32);
    default: return 0;
    }
}

void Vcmdq::write_page1(uint64_t off, uint32_t v, uint64_t now_ps) {
    switch (off) {
    case regs::VCMDQ_BASE_L:
    case regs::VCMDQ_BASE_H: {
        // BASE is writable only while the queue is disabled (SMMUv3 queue rule, spec A.6).
        if (m_en.requested() || m_en.status(now_ps)) {
            ++m_stats.ignored_writes;
            return;
        }
        uint64_t b = m_queue.base();
        if (off == regs::VCMDQ_BASE_L) {
            b = (b & ~uint64_t{0xffffffff}) | v;
        } else {
            b = (b & uint64_t{0xffffffff}) | (uint64_t{v} << 32);
        }
        m_queue.set_base(b & regs::VCMDQ_BASE_WRITABLE);
        return;
    }
    case regs::VCMDQ_CONS_INDX_BASE_L:
        m_cons_indx_base = ((m_cons_indx_base & ~uint64_t{0xffffffff}) | v) &
                           regs::CONS_INDX_BASE_WRITABLE;
        return;
    case regs::VCMDQ_CONS_INDX_BASE_H:
        m_cons_indx_base = ((m_cons_indx_base & uint64_t{0xffffffff}) | (uint64_t{v} << 32)) &
                           regs::CONS_INDX_BASE_WRITABLE;
        return;
    default:
        return;
    }
}

bool Vcmdq::raise_error(uint32_t bits) {
    uint32_t newly = bits & ~active_errors() & regs::GERROR_MASK;
    m_gerror ^= newly;
    return newly != 0;
}

CError Vcmdq::filter(Command& cmd) {
    const uint8_t op = cmd.op();
    if (op == smmu::core::CMD_SYNC) {
        uint8_t cs = cmd.sync_cs();
        if (cs == smmu::core::CS_RESERVED) return CError::ILL;
        if (cs != smmu::core::CS_NONE) {
            // Only CS_NONE exists on a VCMDQ (spec 2.4): never an MSI write or SEV from here.
            if (m_sync_cs_ill) return CError::ILL;
            cmd.d0 = gsim::deposit(cmd.d0, 13, 12, smmu::core::CS_NONE);
        }
    }
    if (!m_owner) return CError::ILL_ACCESS;
    if (m_owner->hyp_own()) return CError::NONE;  // host-owned: verbatim

    Vintf::Stats& vs = m_owner->stats();
    switch (op) {
    case smmu::core::CMD_TLBI_NH_ASID:
    case smmu::core::CMD_TLBI_NH_VA:
        cmd.set_vmid(m_owner->vmid());
        ++vs.vmid_substitutions;
        return CError::NONE;
    case smmu::core::CMD_ATC_INV: {
        uint32_t psid = 0;
        if (!m_owner->lookup_sid(cmd.sid(), psid)) {
            ++vs.sid_misses;
            return static_cast<CError>(m_params.sid_miss_cerror);
        }
        cmd.set_sid(psid);
        ++vs.sid_replacements;
        return CError::NONE;
    }
    case smmu::core::CMD_SYNC:
        return CError::NONE;
    default:
        ++vs.illegal_cmds;
        return static_cast<CError>(m_params.guest_illegal_cerror);
    }
}

}  // namespace cmdqv::core
