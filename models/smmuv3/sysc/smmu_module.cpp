#include "smmuv3/sysc/smmu_module.h"

#include <cstring>

#include "common/deferred.h"
#include "common/timeline.h"
#include "smmuv3/sysc/smmu_txn_ext.h"
#include "sysc/reg_route.h"
#include "sysc/sim_time.h"

namespace smmu::sysc {

using gsim::sysc::from_ps;
using gsim::sysc::to_ps;

SmmuModule::SmmuModule(const sc_core::sc_module_name& name, const core::SmmuParams& params,
                       const core::TranslatorParams& xparams, const SmmuLines& lines,
                       gsim::StatGroup stats, core::AtcInvalidationTarget* atc)
    : sc_module(name),
      mmio_in("mmio_in"),
      upstream_in("upstream_in"),
      downstream_out("downstream_out"),
      walk("walk"),
      m_log(this->name()),
      m_cmds(stats.counter("worker.commands")),
      m_batches(stats.counter("worker.batches")),
      m_upstream(stats.counter("upstream.transactions")),
      m_upstream_aborts(stats.counter("upstream.aborts")),
      m_missing_ext(stats.counter("upstream.missing_extension")),
      m_ats_requests(stats.counter("upstream.ats_requests")),
      m_ats_request_faults(stats.counter("upstream.ats_request_faults")),
      m_xlate_lat(stats.histogram("upstream.translation_latency_ps", "ps")),
      m_slot_wait_ps(stats.counter("upstream.slot_wait_ps")) {
    gsim::sysc::require_ps_resolution();  // the cores count integer picoseconds
    m_xlate_slots.resize(params.xlate_slots);
    m_ptw_slots.resize(params.ptw_slots);
    m_xlate = std::make_unique<core::Translator>(xparams, walk, stats.sub("xlate"));
    core::SmmuIrqs irqs;
    irqs.eventq = lines.eventq;
    irqs.gerror = lines.gerror;
    irqs.cmdq_sync = lines.cmdq_sync;
    irqs.priq = lines.priq;
    m_core = std::make_unique<core::SmmuCore>(params, walk, *m_xlate, atc, irqs, stats,
                                              std::string(this->name()));
    add_source(&m_core->cmdq(), m_core->cmdq_limits(),
               [this](uint64_t now) { return m_core->process_cmdq_batch(now); });

    mmio_in.register_b_transport(this, &SmmuModule::mmio_b_transport);
    mmio_in.register_transport_dbg(this, &SmmuModule::mmio_dbg);
    mmio_in.register_get_direct_mem_ptr(this, &SmmuModule::mmio_get_direct_mem_ptr);
    upstream_in.register_b_transport(this, &SmmuModule::upstream_b_transport);
    SC_HAS_PROCESS(SmmuModule);
    SC_THREAD(worker);
    SC_THREAD(deferred);
}

size_t SmmuModule::add_source(core::CommandQueue* q, const core::BatchLimits& limits,
                              std::function<core::BatchResult(uint64_t)> run) {
    size_t i = m_arbiter.add(q, limits);
    m_runners.resize(i + 1);
    m_runners[i] = std::move(run);
    return i;
}

void SmmuModule::set_runner(size_t src, std::function<core::BatchResult(uint64_t)> run) {
    if (m_runners.size() <= src) m_runners.resize(src + 1);
    m_runners[src] = std::move(run);
}

void SmmuModule::add_hooks(std::function<void(uint64_t)> before_pick,
                           std::function<uint64_t(uint64_t)> next_wake) {
    if (before_pick) m_before_pick.push_back(std::move(before_pick));
    if (next_wake) m_next_wake.push_back(std::move(next_wake));
}

tlm::tlm_response_status SmmuModule::access(const gsim::sysc::RegRequest& rq, sc_core::sc_time& delay) {
    const uint64_t now = to_ps(gsim::sysc::kernel_time() + delay);
    tlm::tlm_response_status s;
    {
        gsim::sysc::ActingAt acting(delay);
        s = gsim::sysc::reg_transport(rq, gsim::sysc::RegAccess(*m_core, now));
    }
    delay += from_ps(m_core->mmio_latency_ps());
    // A write may be a doorbell (CMDQ_PROD), an acknowledgement (GERRORN) or an enable (CR0):
    // the worker looks once the write has taken effect (after the register latency), in this
    // call when nothing else is due by then (kick()). The writer may read CONS or GERROR
    // before that time: both show a batch's progress and errors only from their simulated
    // times, so a pick that ran ahead in host order is not visible early.
    if (rq.cmd == tlm::TLM_WRITE_COMMAND) kick(delay);
    return s;
}

void SmmuModule::mmio_b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    gp.set_response_status(access(gsim::sysc::RegRequest::of(gp), delay));
}

bool SmmuModule::mmio_get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi&) {
    gsim::sysc::grant_route(gp, *this);
    return false;  // registers: no DMI
}

unsigned SmmuModule::mmio_dbg(tlm::tlm_generic_payload& gp) {
    // Debug reads return register values without side effects beyond a normal read; debug
    // writes are refused (they would bypass the register write policy's timing).
    if (!gp.is_read() || (gp.get_data_length() != 4 && gp.get_data_length() != 8)) return 0;
    uint64_t v = 0;
    if (!m_core->mmio_read(gp.get_address(), gp.get_data_length(), v, gsim::sysc::now_ps())) return 0;
    std::memcpy(gp.get_data_ptr(), &v, gp.get_data_length());
    return gp.get_data_length();
}

void SmmuModule::upstream_b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    ++m_upstream;
    SmmuTxnExt* ext = nullptr;
    gp.get_extension(ext);
    if (!ext) {
        ++m_missing_ext;
        if (!m_missing_ext_logged) {
            m_log.error("upstream transaction without SmmuTxnExt (StreamID unknown): configuration "
                        "error in the platform; answered with an error");
            m_missing_ext_logged = true;
        }
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    core::XlateRequest req;
    req.sid = ext->sid;
    req.ssv = ext->ssv;
    req.ssid = ext->ssid;
    req.iova = gp.get_address();
    req.len = gp.get_data_length();
    req.write = gp.is_write();
    req.priv = ext->priv;
    req.instr = ext->instr;
    req.ats_translated = ext->ats_translated;
    req.ats_request = ext->ats_request;
    req.port = static_cast<uint32_t>(port);
    const uint64_t now = to_ps(gsim::sysc::kernel_time() + delay);
    uint64_t lat = 0;
    core::XlateResult r;
    {
        gsim::sysc::ActingAt acting(delay);  // events, MSIs and walks at the access's time
        r = m_core->translate(req, now, lat);
    }
    // Contention: the translation needs a translation slot for its whole latency, and a
    // walker for the part spent walking when it missed the TLB.
    uint64_t start = m_xlate_slots.acquire(now, lat);
    if (r.walk_reads) start = m_ptw_slots.acquire(start, r.mem_latency_ps);
    if (start > now) {
        m_slot_wait_ps += start - now;
        lat += start - now;
    }
    m_xlate_lat.sample(lat);
    delay += from_ps(lat);
    arm_deferred();  // an event may have scheduled an MSI
    if (req.ats_request) {
        // ATS Translation Request: answer with the translation, no memory access.
        ++m_ats_requests;
        ext->ats_pa = 0;
        ext->ats_perm_r = ext->ats_perm_w = ext->ats_perm_x = false;
        ext->ats_range_bytes = 0;
        if (r.response == core::XlateResponse::OK) {
            ext->ats_pa = r.pa;
            ext->ats_perm_r = r.perm_r;
            ext->ats_perm_w = r.perm_w;
            ext->ats_perm_x = r.perm_x;
            ext->ats_range_bytes = r.range_bytes;
            gp.set_response_status(tlm::TLM_OK_RESPONSE);
        } else {
            ++m_ats_request_faults;
            gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        }
        return;
    }
    switch (r.response) {
        case core::XlateResponse::OK: {
            const uint64_t iova = gp.get_address();
            gp.set_address(r.pa);
            downstream_out->b_transport(gp, delay);
            gp.set_address(iova);
            return;
        }
        case core::XlateResponse::RAZ_WI:
            if (gp.is_read()) std::memset(gp.get_data_ptr(), 0, gp.get_data_length());
            gp.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        case core::XlateResponse::ABORT:
        default:
            ++m_upstream_aborts;
            gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
    }
}

void SmmuModule::arm_deferred() {
    const uint64_t d = m_core->next_deadline();
    if (d == gsim::DeferredQueue::NO_DEADLINE) return;
    const uint64_t now = gsim::sysc::now_ps();
    // An earlier pending notification wins; a later one is replaced (sc_event semantics).
    m_deferred_ev.notify(d > now ? from_ps(d - now) : sc_core::SC_ZERO_TIME);
}

uint64_t SmmuModule::next_wake(uint64_t now) {
    uint64_t wake = m_arbiter.next_wake(now);
    for (auto& h : m_next_wake) {
        const uint64_t w = h(now);
        if (w > now && (wake <= now || w < wake)) wake = w;
    }
    return wake > now ? wake : 0;
}

void SmmuModule::sleep_until(uint64_t look) {
    // Every sleep waits on m_kick alone, notified at the worker's own next look (if any) as
    // well as by doorbells (the earliest notification stands): a thread that runs the look
    // itself (InlineDue) can withdraw it.
    if (look > gsim::sysc::now_ps()) kick_at(look);
    m_worker_idle = true;
    wait(m_kick);
    m_worker_idle = false;
    m_wake_at = NO_WAKE;
}

SmmuModule::Step SmmuModule::pick_and_run(uint64_t now) {
    for (auto& h : m_before_pick) h(now);
    long s = m_arbiter.pick(now);
    if (s >= 0 && (static_cast<size_t>(s) >= m_runners.size() || !m_runners[s])) {
        m_log.error("arbiter source %ld has no runner: platform wiring error", s);
        s = -1;
    }
    if (s < 0) return Step::NOTHING;
    const uint32_t occupancy = m_arbiter.source(static_cast<size_t>(s)).queue->occupancy();
    core::BatchResult r = m_runners[static_cast<size_t>(s)](now);
    ++m_batches;
    m_cmds += r.executed;
    if (auto* tl = gsim::Timeline::active()) {
        const std::string& q = m_arbiter.source(static_cast<size_t>(s)).queue->name();
        tl->span(std::string(name()) + ".executor", q + ": " + std::to_string(r.executed) + " commands", now,
                 r.busy_ps);
        tl->counter(std::string(name()) + ".queues", q + " occupancy", now, occupancy);
        if (r.sync_pending) tl->span(std::string(name()) + "." + q, "CMD_SYNC wait", now + r.busy_ps, r.sync_wait_ps);
    }
    arm_deferred();
    if (!r.busy_ps) return Step::FREE_AGAIN;
    m_free_at = now + r.busy_ps;
    return Step::BUSY;
}

bool SmmuModule::look_when_free(uint64_t now) {
    // If no queue holds commands and nothing is due before the executor is free, the next
    // pick needs a doorbell (a kick) or a later wake-up: the worker sleeps on those directly
    // instead of waking at m_free_at to find nothing to do (a kick before m_free_at still
    // waits for it).
    const uint64_t wake = next_wake(now);
    return m_arbiter.any_pending() || (wake && wake <= m_free_at);
}

void SmmuModule::worker() {
    for (;;) {
        const uint64_t now = gsim::sysc::now_ps();
        uint64_t look = 0;  // when to look again without a kick (0: only on a kick)
        if (now < m_free_at) {
            // Kicked while the executor is still busy with the last batch: nothing is picked
            // before it is free.
            look = m_free_at;
        } else {
            switch (pick_and_run(now)) {
                case Step::NOTHING: look = next_wake(now); break;
                case Step::FREE_AGAIN: continue;
                case Step::BUSY: look = look_when_free(now) ? m_free_at : next_wake(now); break;
            }
        }
        sleep_until(look);
    }
}

void SmmuModule::kick(const sc_core::sc_time& at) {
    if (m_worker_idle) {
        const sc_core::sc_time kernel = gsim::sysc::kernel_time();
        const uint64_t pick_at = to_ps(kernel + at);
        // The pick must be the worker's next (it is idle and the executor is free by then) and
        // no one else may act before it: no process is due until strictly after it (one due
        // at the same instant would leave the order to the kernel). The writer's own next
        // access comes after it in program order.
        if (m_free_at <= pick_at && gsim::sysc::InlineDue::next_activity_ps() > pick_at) {
            run_picks_inline(pick_at);
            return;
        }
    }
    wake_worker(at);
}

void SmmuModule::wake_worker(const sc_core::sc_time& at) {
    kick_at(to_ps(gsim::sysc::kernel_time() + at));
    arm_deferred();
}

void SmmuModule::kick_at(uint64_t at_ps) {
    m_kick.notify(from_ps(at_ps - gsim::sysc::now_ps()));
    if (at_ps < m_wake_at) m_wake_at = at_ps;  // an earlier notification stands
}

uint64_t SmmuModule::worker_next_due() const {
    return m_worker_idle ? m_wake_at : gsim::sysc::InlineDue::NONE;
}

bool SmmuModule::run_worker_inline(uint64_t at_ps) {
    // The worker sleeps with its wake-up at at_ps pending (m_wake_at).
    if (m_free_at > at_ps || !gsim::sysc::InlineDue::withdraw_own_wakeup(m_kick, at_ps)) return false;
    m_wake_at = NO_WAKE;
    run_picks_inline(at_ps);
    return true;
}

void SmmuModule::run_picks_inline(uint64_t at_ps) {
    // The worker waits in sleep_until() and stays there: what it would do at at_ps is done here,
    // and it is woken when it would next look by itself. Its earlier timed wake-up, if any,
    // stands; waking then finds nothing to do, as the worker's loop tolerates.
    const uint64_t kernel = gsim::sysc::now_ps();
    gsim::sysc::ActingAt acting(from_ps(at_ps - kernel));
    Step step = pick_and_run(at_ps);
    while (step == Step::FREE_AGAIN) step = pick_and_run(at_ps);
    const uint64_t look = step == Step::BUSY && look_when_free(at_ps) ? m_free_at : next_wake(at_ps);
    if (look) kick_at(look);
    arm_deferred();
}

uint64_t SmmuModule::deferred_next_due() const {
    const uint64_t d = m_core->next_deadline();
    return d == gsim::DeferredQueue::NO_DEADLINE ? gsim::sysc::InlineDue::NONE : d;
}

bool SmmuModule::run_deferred_inline(uint64_t at_ps) {
    // The deferred thread's wake-up for at_ps (the core's next deadline) is pending.
    if (!gsim::sysc::InlineDue::withdraw_own_wakeup(m_deferred_ev, at_ps)) return false;
    const uint64_t kernel = gsim::sysc::now_ps();
    {
        gsim::sysc::ActingAt acting(from_ps(at_ps - kernel));
        m_core->run_due(at_ps);
    }
    arm_deferred();
    return true;
}

void SmmuModule::deferred() {
    for (;;) {
        m_core->run_due(gsim::sysc::now_ps());
        arm_deferred();
        wait(m_deferred_ev);
    }
}

}  // namespace smmu::sysc
