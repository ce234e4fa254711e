// grace-sim: see arm_smmu_cmdq.h. The queue code of the Linux arm-smmu-v3 driver, written
// against fw::Cpu: shared shadows are only read or changed right after cpu.sync() (so the order
// of the CPUs' atomics follows simulated time), and a CPU only sleeps (WaitQueue) when Linux
// would spin on another CPU's progress.
#include "linux/arm_smmu_cmdq.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "encoders/commands.h"
#include "sysc/inline_due.h"

namespace fw::linux_model {

using smmu::core::Command;

ArmSmmuCmdq::ArmSmmuCmdq(const CmdqConfig& cfg, const CmdqCosts& costs, gsim::StatGroup stats)
    : m_cfg(cfg),
      m_c(costs),
      m_poll_limit(static_cast<double>(costs.poll_timeout_us), sc_core::SC_US),
      m_q(cfg.ring_pa, cfg.log2size),
      m_valid(static_cast<uint32_t*>(std::calloc(m_q.entries(), sizeof(uint32_t)))),
      m_cmds(stats.counter("cmds")),
      m_syncs(stats.counter("syncs")),
      m_lists(stats.counter("cmdlists")),
      m_prod_writes(stats.counter("prod_writes")),
      m_owners(stats.counter("owners")),
      m_cons_reads(stats.counter("cons_reads")),
      m_full_waits(stats.counter("full_waits")),
      m_timeouts(stats.counter("timeouts")),
      m_max_sync_waiters(stats.counter("max_sync_waiters")),
      m_gathered(stats.histogram("gathered_entries", "entries")),
      m_sync_wait_ns(stats.histogram("sync_wait_ns", "ns")) {
    if (!m_valid) throw std::bad_alloc();
}

void ArmSmmuCmdq::reset_indices() {
    m_prod = m_cons = m_owner_prod = 0;
    if (m_valid_used) std::memset(m_valid.get(), 0, sizeof(uint32_t) * m_q.entries());
    m_valid_used = false;
}

bool ArmSmmuCmdq::supports(const Command& c) const {
    if (!m_restricted) return true;
    switch (c.op()) {
        case smmu::core::CMD_TLBI_NH_ASID:
        case smmu::core::CMD_TLBI_NH_VA:
        case smmu::core::CMD_ATC_INV:
        case smmu::core::CMD_SYNC:
            return true;
        default:
            return false;
    }
}

Command ArmSmmuCmdq::build_sync(uint32_t ptr) const {
    if (m_cs_none_only) return enc::cmd_sync(smmu::core::CS_NONE);
    switch (m_cfg.sync_mode) {
        case SyncMode::MSI:
            return enc::cmd_sync(smmu::core::CS_IRQ, m_q.slot_address(ptr), 0);
        case SyncMode::SEV:
            return enc::cmd_sync(smmu::core::CS_SEV);
        case SyncMode::POLL:
            break;
    }
    return enc::cmd_sync(smmu::core::CS_NONE);
}

bool ArmSmmuCmdq::range_valid(uint32_t from, uint32_t to) const {
    for (uint32_t p = m_q.clean(from); p != m_q.clean(to); p = m_q.next(p)) {
        if (!slot_valid(p)) return false;
    }
    return true;
}

void ArmSmmuCmdq::update_cons(uint32_t hw_cons) {
    const uint32_t c = m_q.clean(hw_cons);
    const uint32_t prod = m_q.clean(m_prod);
    // Only move forward, and never past what has been reserved.
    if (m_q.used(c, m_cons) <= m_q.used(prod, m_cons)) m_cons = c;
}

bool ArmSmmuCmdq::consumed(uint32_t cons, uint32_t sync_ptr) const {
    // CONS has moved past the sync slot: 1 <= (cons - sync) <= entries in wrap arithmetic.
    const uint32_t d = m_q.used(m_q.clean(cons), m_q.clean(sync_ptr));
    return d >= 1 && d <= m_q.entries();
}

void ArmSmmuCmdq::backoff(Cpu& cpu, bool wfe, unsigned& spins, uint64_t& delay_us) {
    if (wfe) {
        cpu.compute_ns(m_c.wfe_ns);
    } else if (++spins < m_c.poll_spin_count) {
        cpu.compute_ns(m_c.cpu_relax_ns);
    } else {
        cpu.compute_ns(1000.0 * static_cast<double>(delay_us));  // udelay(delay)
        delay_us *= 2;
        spins = 0;
    }
}

int ArmSmmuCmdq::wait_space(Cpu& cpu, uint32_t need) {
    unsigned spins = 0;
    uint64_t delay = 1;
    const sc_core::sc_time t0 = cpu.now();
    const sc_core::sc_time& limit = m_poll_limit;
    bool counted = false;
    for (;;) {
        cpu.sync();
        if (m_q.space(m_q.clean(m_prod), m_cons) >= need) return 0;
        if (!counted) {
            ++m_full_waits;
            counted = true;
        }
        // Queue looks full: refresh cons from the hardware.
        const uint32_t c = cpu.read32(m_cfg.cons_reg);
        ++m_cons_reads;
        update_cons(c);
        if (m_q.space(m_q.clean(m_prod), m_cons) >= need) continue;  // re-check after sync
        if (cpu.now() - t0 > limit) {
            ++m_timeouts;
            return -ETIMEDOUT;
        }
        backoff(cpu, m_cfg.sync_mode == SyncMode::SEV && !m_cs_none_only, spins, delay);
    }
}

void ArmSmmuCmdq::skip_unobservable_checks(Cpu& cpu, uint64_t slot, const sc_core::sc_time& t0,
                                           const sc_core::sc_time& limit) {
    // One check: sync, a cached load of the slot, then a WFE wake-up; check i of the ones to
    // come loads at T + i*P. The caller saw the slot unchanged and no other process has run
    // since; until the next one is due (the horizon H) nobody can write the slot and the sync
    // does not wait, so the checks before H all load the same non-zero word. They are taken
    // as a whole (their time and their loads), exactly as the loop would run them, and the
    // loop resumes with the first check at or after H.
    sc_core::sc_time load = sc_core::SC_ZERO_TIME;
    if (!cpu.port().dmi_cost(tlm::TLM_READ_COMMAND, slot, 4, load)) return;
    const uint64_t p = (load + gsim::sysc::from_ns(m_c.wfe_ns)).value();
    const uint64_t t = cpu.now().value();
    const uint64_t h = cpu.horizon().value();
    if (p == 0 || h <= t) return;
    uint64_t n = (h - t + p - 1) / p;  // checks at T + i*P < H
    // A check that would time out (after its load) is left to the loop.
    const uint64_t deadline = (t0 + limit).value();
    const uint64_t first_load_end = t + load.value();
    if (first_load_end > deadline) return;
    n = std::min(n, (deadline - first_load_end) / p + 1);
    sc_core::sc_time unused = sc_core::SC_ZERO_TIME;
    cpu.port().cost_only(tlm::TLM_READ_COMMAND, slot, 4, unused, n);
    cpu.compute(gsim::sysc::from_value(p * n));
}

int ArmSmmuCmdq::wait_sync(Cpu& cpu, uint32_t sync_ptr) {
    unsigned spins = 0;
    uint64_t delay = 1;
    const sc_core::sc_time t0 = cpu.now();
    const sc_core::sc_time& limit = m_poll_limit;
    const bool msi = m_cfg.sync_mode == SyncMode::MSI && !m_cs_none_only;
    const bool wfe = m_cfg.sync_mode == SyncMode::SEV && !m_cs_none_only;
    uint64_t checked_in_delta = ~uint64_t{0}, checked_after_inline = 0;
    int rc = 0;
    for (;;) {
        if (msi) {
            // The SMMU writes MSIData (0) over the first word of the CMD_SYNC itself.
            cpu.sync();
            checked_in_delta = sc_core::sc_delta_count();
            checked_after_inline = gsim::sysc::InlineDue::runs();
            if (cpu.read32(m_q.slot_address(sync_ptr)) == 0) {
                update_cons(m_q.next(sync_ptr));
                break;
            }
        } else {
            const uint32_t c = cpu.read32(m_cfg.cons_reg);
            ++m_cons_reads;
            update_cons(c);
            if (consumed(c, sync_ptr)) break;
        }
        if (cpu.now() - t0 > limit) {
            ++m_timeouts;
            rc = -ETIMEDOUT;
            break;
        }
        // MSI polling waits with smp_cond_load_relaxed(): on arm64 a load-exclusive + WFE on the
        // slot's cache line, woken by the SMMU's write; modelled as a WFE wake-up per check.
        backoff(cpu, wfe || msi, spins, delay);
        // No other process has run since the check's load (same delta cycle, no model work
        // run inline): the checks before the next one is due would load the same word.
        if (msi && sc_core::sc_delta_count() == checked_in_delta &&
            gsim::sysc::InlineDue::runs() == checked_after_inline) {
            skip_unobservable_checks(cpu, m_q.slot_address(sync_ptr), t0, limit);
        }
    }
    m_sync_wait_ns.sample(gsim::sysc::to_ns(cpu.now() - t0));
    return rc;
}

int ArmSmmuCmdq::issue_cmdlist(Cpu& cpu, const Command* cmds, size_t n, bool sync) {
    const uint32_t need = static_cast<uint32_t>(n + (sync ? 1 : 0));
    if (need == 0) return 0;
    if (need > m_q.entries()) return -EINVAL;
    ++m_lists;

    // 1. Reserve space: cmpxchg on the shared {prod, cons}.
    cpu.compute_ns(m_c.reserve_ns);
    if (int rc = wait_space(cpu, need)) return rc;  // returns synchronised, space available
    const uint32_t old = m_prod;
    const bool owner = (old & OWNED) == 0;
    const uint32_t start = m_q.clean(old);
    const uint32_t end = m_q.next(start, need);
    m_prod = end | OWNED;
    const uint32_t sync_ptr = m_q.next(start, static_cast<uint32_t>(n));
    if (sync) {
        ++m_sync_waiters;  // the shared lock
        if (m_sync_waiters > m_max_sync_waiters.value) m_max_sync_waiters.value = m_sync_waiters;
    }

    // 2. Write the entries into the ring (contiguous runs, as cache-line stores). The words of
    //    a usual list (up to a batch) are built on the stack.
    constexpr uint32_t STACK_ENTRIES = 65;  // CMDQ_BATCH_ENTRIES (64) plus a CMD_SYNC
    std::vector<uint64_t> heap_words;
    uint64_t stack_words[2 * STACK_ENTRIES];
    uint64_t* words = stack_words;
    if (need > STACK_ENTRIES) {
        heap_words.resize(2 * need);
        words = heap_words.data();
    }
    size_t nw = 0;
    for (size_t i = 0; i < n; ++i) {
        words[nw++] = cmds[i].d0;
        words[nw++] = cmds[i].d1;
    }
    if (sync) {
        const Command s = build_sync(sync_ptr);
        words[nw++] = s.d0;
        words[nw++] = s.d1;
    }
    cpu.compute_ns(m_c.write_entry_ns * need);
    uint32_t p = start;
    size_t done = 0;
    while (done < need) {
        const size_t run = std::min<size_t>(need - done, m_q.entries() - m_q.index(p));
        cpu.mem_write(m_q.slot_address(p), &words[2 * done], 16 * run);
        p = m_q.next(p, static_cast<uint32_t>(run));
        done += run;
    }
    m_cmds.value += n;
    if (sync) ++m_syncs;

    // 3. Mark the slots valid.
    cpu.sync();
    for (uint32_t q = start; q != end; q = m_q.next(q)) m_valid[m_q.index(q)] = q + 1;
    m_valid_used = true;
    m_wq.notify_all(cpu);

    // 4. Owner: wait for the previous owner, close the gather window, wait for every gathered
    //    slot to be valid, one PROD write, publish.
    if (owner) {
        ++m_owners;
        cpu.compute_ns(m_c.owner_ns);
        m_wq.wait_until(cpu, [&] { return m_owner_prod == start; });
        const uint32_t last = m_q.clean(m_prod);
        m_prod = last;  // clear OWNED: later CPUs become owners of the next range
        m_wq.wait_until(cpu, [&] { return range_valid(start, last); });
        cpu.doorbell32(m_cfg.prod_reg, last);
        ++m_prod_writes;
        m_gathered.sample(m_q.used(last, start));
        cpu.sync();
        m_owner_prod = last;
        m_wq.notify_all(cpu);
    }

    // 5. Wait for the CMD_SYNC.
    if (!sync) return 0;
    const int rc = wait_sync(cpu, sync_ptr);
    cpu.sync();
    --m_sync_waiters;
    return rc;
}

}  // namespace fw::linux_model
