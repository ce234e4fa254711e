// grace-sim SMMUv3: the SystemC shell around smmu::core::SmmuCore (control side) and
// smmu::core::Translator (translation side). It converts TLM calls into core calls, turns the
// cores' costs into simulated time and owns the processes:
// - mmio_in:      the 128 KiB register frame (32/64-bit accesses; others -> error response);
//                 latency smmu.mmio_latency; a doorbell write wakes the command worker.
//                 Grants register routes (sysc/reg_route.h); no DMI.
// - upstream_in:  device transactions carrying SmmuTxnExt; translated, then forwarded on
//                 downstream_out with the translation latency added (aborts -> error response,
//                 RAZ/WI -> zeros / ignored). SmmuTxnExt.ats_request: a PCIe ATS Translation
//                 Request, translated only and answered in the extension (fault -> error).
// - walk:         the SMMU's own memory traffic (tables, walks, queues, events, MSIs).
// - worker:       one SC_THREAD runs the command arbiter: picks a queue (main CMDQ or a CMDQV
//                 VCMDQ), runs a batch, waits its busy time. CONS progress and CMD_SYNC
//                 completions are visible at their simulated times without further events.
//                 When no queue holds commands after a batch, it sleeps until a doorbell (or
//                 a timed wake-up) instead of waking when the batch's busy time ends. A
//                 doorbell that finds it asleep, with no other process due before the pick,
//                 runs the pick itself (kick()): the usual case costs no context switch.
// - deferred:     one SC_THREAD runs the core's deferred actions (CMD_SYNC MSIs and IRQs,
//                 CR0ACK) at their deadlines: every call into the core that may schedule one
//                 notifies it at the core's next deadline (no wake-up in between). A software
//                 thread about to wait past a deadline with nothing else due before it runs
//                 the actions itself (gsim::sysc::InlineDue): no wake-up at all.
// Other command queues (the CMDQV) register with add_source() and call kick() on doorbells.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <functional>
#include <memory>
#include <vector>

#include "common/log.h"
#include "common/slot_pool.h"
#include "common/stats.h"
#include "smmuv3/core/cmd_arbiter.h"
#include "smmuv3/core/smmu_core.h"
#include "smmuv3/core/smmu_params.h"
#include "smmuv3/core/translator.h"
#include "smmuv3/core/translator_params.h"
#include "sysc/inline_due.h"
#include "sysc/irq_line.h"
#include "sysc/reg_target.h"
#include "sysc/tlm_mem_port.h"
#include "sysc/indexed_target_socket.h"

namespace smmu::sysc {

struct SmmuLines {
    gsim::IrqSink* eventq = nullptr;
    gsim::IrqSink* gerror = nullptr;
    gsim::IrqSink* cmdq_sync = nullptr;
    gsim::IrqSink* priq = nullptr;
};

class SmmuModule : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<SmmuModule> mmio_in;
    gsim::sysc::IndexedTargetSocket<SmmuModule> upstream_in;
    tlm_utils::simple_initiator_socket<SmmuModule> downstream_out;
    gsim::sysc::TlmMemPort walk;  // bind walk.out to the interconnect

    SmmuModule(const sc_core::sc_module_name& name, const core::SmmuParams& params,
               const core::TranslatorParams& xparams, const SmmuLines& lines, gsim::StatGroup stats,
               core::AtcInvalidationTarget* atc = nullptr);

    core::SmmuCore& core() { return *m_core; }
    core::Translator& translator() { return *m_xlate; }
    core::CommandExecutor& executor() { return *m_core; }
    core::CommandArbiter& arbiter() { return m_arbiter; }

    // Registers a command queue with the arbiter; `run` executes one batch at now_ps.
    size_t add_source(core::CommandQueue* q, const core::BatchLimits& limits,
                      std::function<core::BatchResult(uint64_t now_ps)> run);
    // Sets the runner of an arbiter source another block registered itself (CMDQV attach()).
    void set_runner(size_t src, std::function<core::BatchResult(uint64_t now_ps)> run);
    // Hooks of other queue owners: `before_pick` lets them apply state that settled by now
    // (enable handshakes); `next_wake` returns when they next need the worker (0: never).
    void add_hooks(std::function<void(uint64_t now_ps)> before_pick,
                   std::function<uint64_t(uint64_t now_ps)> next_wake);
    // A register write somewhere (a doorbell, an enable, an acknowledgement) may have made a
    // queue ready. `at`: the write's time, relative to the kernel's (its annotated delay).
    // When the worker is idle, the executor free by then and no other process due until
    // strictly after it, the pick runs here, in the writer's b_transport, with the result the
    // worker's would have at that time (no one else can act in between); what the writer
    // does next follows it in program order, even at the same instant. Otherwise the worker
    // is woken at `at`.
    void kick(const sc_core::sc_time& at = sc_core::SC_ZERO_TIME);
    // A core scheduled a deferred action.
    void poke_deferred() { arm_deferred(); }

    uint64_t commands_executed() const { return m_cmds.value; }
    uint64_t batches() const { return m_batches.value; }

    // A register access at the kernel's time plus `delay` (which the access's latency is added
    // to): what mmio_in's b_transport does with a payload and a register route
    // (sysc/reg_route.h) without one.
    tlm::tlm_response_status access(const gsim::sysc::RegRequest& rq, sc_core::sc_time& delay);

private:
    void mmio_b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned mmio_dbg(tlm::tlm_generic_payload& gp);
    // No DMI (registers); grants a register route over the frame.
    bool mmio_get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void upstream_b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void worker();
    void deferred();
    // Notifies the deferred thread at the core's next deadline (if earlier than already set).
    void arm_deferred();
    // When the worker next needs to look without a doorbell (a CMD_SYNC wait ending, a CMDQV
    // handshake settling); 0: never.
    uint64_t next_wake(uint64_t now);
    // Sleeps until a kick or `look` (absolute ps; 0: no look of its own).
    void sleep_until(uint64_t look);
    // Wakes the worker at `at` (relative to the kernel's time); new deadlines to the deferred
    // thread.
    void wake_worker(const sc_core::sc_time& at);
    // Notifies the worker's kick event at `at_ps` (absolute, >= the kernel's time), keeping
    // m_wake_at the pending notification's time.
    void kick_at(uint64_t at_ps);
    // One pick at `now` (the executor is free): runs the picked queue's batch.
    enum class Step { NOTHING, FREE_AGAIN, BUSY };
    Step pick_and_run(uint64_t now);
    // After a batch that keeps the executor busy until m_free_at: whether the worker must look
    // again then (a queue still holds commands, or a wake-up falls before).
    bool look_when_free(uint64_t now);
    // The worker's picks from `at_ps` (>= the kernel's time) on, run in the caller's context.
    void run_picks_inline(uint64_t at_ps);
    // The deferred thread's work due at `at_ps`, run in the caller's context when no other
    // process is due by then.
    bool run_deferred_inline(uint64_t at_ps);
    // The worker's own next look at `at_ps`, run in the caller's context when no other process
    // is due by then.
    bool run_worker_inline(uint64_t at_ps);
    // When the worker's own next look and the deferred thread's next deadline fall due
    // (InlineDue::NONE: not pending).
    uint64_t worker_next_due() const;
    uint64_t deferred_next_due() const;
    // A piece of the module's scheduled work offered to waiting software threads.
    class Due final : public gsim::sysc::InlineDue {
    public:
        Due(SmmuModule& m, uint64_t (SmmuModule::*next)() const, bool (SmmuModule::*run)(uint64_t))
            : m_m(m), m_next(next), m_run(run) {}
        uint64_t next_due_ps() const override { return (m_m.*m_next)(); }
        bool run_due_inline(uint64_t at_ps) override { return (m_m.*m_run)(at_ps); }

    private:
        SmmuModule& m_m;
        uint64_t (SmmuModule::*m_next)() const;
        bool (SmmuModule::*m_run)(uint64_t);
    };

    gsim::Logger m_log;
    std::unique_ptr<core::Translator> m_xlate;
    std::unique_ptr<core::SmmuCore> m_core;
    core::CommandArbiter m_arbiter;
    std::vector<std::function<core::BatchResult(uint64_t)>> m_runners;
    std::vector<std::function<void(uint64_t)>> m_before_pick;
    std::vector<std::function<uint64_t(uint64_t)>> m_next_wake;
    sc_core::sc_event m_kick, m_deferred_ev;
    uint64_t m_free_at = 0;  // the executor is busy with the last batch until then
    bool m_worker_idle = false;  // the worker waits for a kick (or its next wake-up)
    static constexpr uint64_t NO_WAKE = ~uint64_t{0};
    uint64_t m_wake_at = NO_WAKE;  // the pending m_kick notification's time (while asleep)
    gsim::SlotPool m_xlate_slots, m_ptw_slots;
    bool m_missing_ext_logged = false;
    gsim::Counter& m_cmds;
    gsim::Counter& m_batches;
    gsim::Counter& m_upstream;
    gsim::Counter& m_upstream_aborts;
    gsim::Counter& m_missing_ext;
    gsim::Counter& m_ats_requests;
    gsim::Counter& m_ats_request_faults;
    gsim::Histogram& m_xlate_lat;
    gsim::Counter& m_slot_wait_ps;
    Due m_worker_due{*this, &SmmuModule::worker_next_due, &SmmuModule::run_worker_inline};
    Due m_deferred_due{*this, &SmmuModule::deferred_next_due, &SmmuModule::run_deferred_inline};
};

}  // namespace smmu::sysc
