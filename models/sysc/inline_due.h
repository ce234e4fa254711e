// grace-sim: timed work a model's own process would do at a known time, done instead by a
// software thread that is about to wait past that time.
//
// A model that schedules work for later (the SMMU's CMD_SYNC completions and interrupts: a
// memory write and a notification at a deadline) normally wakes a process of its own at each
// deadline. A software thread that runs ahead of the kernel (temporal decoupling) and must wait
// until its local time L because such a deadline D < L is due first would cost two context
// switches: the model's process at D, then the thread at L. If no process at all is due before
// or at D, nothing can happen before D that the work would have to follow, and nothing between
// D and L can run before the thread would resume: the work may run at once, in the thread's
// call, acting at D (ActingAt: its notifications, memory traffic and log lines happen at D).
// After it, the thread waits only if something is now due before L.
//
// Models register an InlineDue while they exist; software threads call run_due_before() before
// they wait. One SystemC elaboration per process: the registry is the process's.
#pragma once
#include <systemc>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sysc/sim_time.h"

namespace gsim::sysc {

class InlineDue {
public:
    static constexpr uint64_t NONE = ~uint64_t{0};
    InlineDue() { registry().push_back(this); }
    virtual ~InlineDue() {
        auto& r = registry();
        r.erase(std::remove(r.begin(), r.end(), this), r.end());
    }
    InlineDue(const InlineDue&) = delete;
    InlineDue& operator=(const InlineDue&) = delete;

    // When the work next falls due (absolute ps; NONE if nothing is scheduled).
    virtual uint64_t next_due_ps() const = 0;
    // Does the work due at `at_ps` (its next_due_ps(), > the kernel's time) in the caller's
    // context if no process is due before or at `at_ps` other than the model's own wake-up
    // for it (which it withdraws); returns whether it did.
    virtual bool run_due_inline(uint64_t at_ps) = 0;

    // Runs, earliest first, the registered work due strictly before `until_ps` that no other
    // process can precede; stops at the first that cannot run. Returns whether any ran.
    static bool run_due_before(uint64_t until_ps) {
        bool ran = false;
        for (;;) {
            InlineDue* best = nullptr;
            uint64_t at = NONE;
            for (InlineDue* d : registry()) {
                const uint64_t t = d->next_due_ps();
                if (t < at) {
                    at = t;
                    best = d;
                }
            }
            if (!best || at >= until_ps || at <= now_ps() || !best->run_due_inline(at)) return ran;
            ran = true;
            ++counter();
        }
    }

    // How many times work ran inline so far. Code that reasons "no other process has run since"
    // from an unchanged sc_delta_count() must check this too: inline work stands for a
    // process that ran.
    static uint64_t runs() { return counter(); }

    // When the next process is due (absolute ps).
    static uint64_t next_activity_ps() {
        return to_ps(kernel_time() + sc_core::sc_time_to_pending_activity());
    }
    // For run_due_inline(): the model's own wake-up for `at_ps` is the notification pending on
    // `own`. Withdraws it and returns true when no other process is due at or before `at_ps`;
    // otherwise leaves it pending and returns false (one due at the same instant leaves the
    // order of the two to the kernel).
    static bool withdraw_own_wakeup(sc_core::sc_event& own, uint64_t at_ps) {
        if (next_activity_ps() < at_ps) return false;
        own.cancel();
        if (next_activity_ps() > at_ps) return true;
        own.notify(from_ps(at_ps - now_ps()));
        return false;
    }

private:
    static uint64_t& counter() {
        static uint64_t n = 0;
        return n;
    }
    static std::vector<InlineDue*>& registry() {
        static std::vector<InlineDue*> r;
        return r;
    }
};

}  // namespace gsim::sysc
