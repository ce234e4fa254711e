// grace-sim: register routes: a register target's b_transport called without the trip through
// the interconnect, granted and revoked the way DMI pointers are.
//
// What a register access costs the host is mostly the trip, not the register: the initiator
// fills a generic payload and attaches its extension, every hop decodes the address, rebases
// it, adds its latency and counts the transaction, the target's socket calls its callback and
// checks the payload's shape; the register read itself is a small part (docs/performance.md,
// eleventh round). A route is what that trip amounts to for one address range: the target's
// entry point (its b_transport without a payload), the offset to subtract to get the target's
// address, the latency the hops add before the target, and the counters they increment. An
// initiator that holds a route for an address makes that call itself: the target runs the
// same code, sees the same address and the same time, the hops' counters count the same.
//
// Asking: the initiator attaches a RegRouteRequest to a get_direct_mem_ptr probe. Each hop
// that forwards a request rebases the route's range and offset to its upstream addresses,
// narrows the range to the region it decoded, adds its latency and its counters, or refuses
// (refuse() over the range it decoded, or clear_grant(): a hop that does more than decode,
// delay and count; an observer watching the transactions; a region that is not a device
// window; an address nothing is mapped at). A target that can take accesses
// without a payload grants (grant()); any other leaves the request ungranted. An ungranted
// answer still carries a range: the initiator may remember that it need not ask again there.
// Revoking: every hop whose routing can change forwards invalidate_direct_mem_ptr over the
// range it changes, and an initiator drops the routes the invalidated range overlaps, as it
// drops DMI pointers.
#pragma once
#include <systemc>
#include <tlm>

#include <array>
#include <cstdint>

#include "common/stats.h"
#include "sysc/reg_target.h"

namespace gsim::sysc {

// A target's b_transport without a payload: `off` in the target's addresses, `delay` the
// access's annotated time on entry and on return; returns the response status.
using RegEntry = tlm::tlm_response_status (*)(void* target, tlm::tlm_command cmd, uint64_t off,
                                              uint8_t* data, unsigned len, sc_core::sc_time& delay);

struct RegRoute {
    static constexpr unsigned MAX_COUNTERS = 4;

    RegEntry entry = nullptr;  // null: no route (the range says where asking again is useless)
    void* target = nullptr;
    uint64_t start = 0, end = ~uint64_t{0};  // inclusive, in the holder's addresses
    uint64_t delta = 0;                      // target address = holder address - delta
    sc_core::sc_time before;                 // what the hops add to the delay before the target
    std::array<Counter*, MAX_COUNTERS> counters{};
    unsigned n_counters = 0;

    bool granted() const { return entry != nullptr; }
    bool covers(uint64_t addr, uint64_t len) const {
        return addr >= start && addr <= end && len - 1 <= end - addr;
    }

    // --- target side ---
    void grant(RegEntry e, void* t, uint64_t first, uint64_t last) {
        entry = e;
        target = t;
        start = first;
        end = last;
        delta = 0;
    }

    // --- hop side ---
    // The hop forwards its addresses [up, up + size) as [down, down + size): narrows the
    // range to that window and moves range and offset to the hop's side.
    void rebase(uint64_t down, uint64_t size, uint64_t up) {
        const uint64_t last = down + (size - 1);
        if (start < down) start = down;
        if (end > last) end = last;
        const uint64_t shift = up - down;  // modulo 2^64, as addresses are
        start += shift;
        end += shift;
        delta += shift;
    }
    // Adds what the hop does to every transaction it forwards; refuses the route if the hop
    // counts more than a route can carry.
    void add_hop(const sc_core::sc_time& latency, Counter* counter) {
        before += latency;
        if (!counter) return;
        if (n_counters == MAX_COUNTERS) {
            clear_grant();
            return;
        }
        counters[n_counters++] = counter;
    }
    void clear_grant() {
        entry = nullptr;
        target = nullptr;
    }
    // No route, and none anywhere in [first, last] (holder addresses) for this holder.
    void refuse(uint64_t first, uint64_t last) {
        clear_grant();
        start = first;
        end = last;
        delta = 0;
    }
    // No route for the probed access itself (`len` bytes at addr; 0 counts as 1): where a hop
    // decodes nothing, it knows no wider range.
    void refuse_access(uint64_t addr, unsigned len) { refuse(addr, addr + (len ? len - 1 : 0)); }

    // --- holder side ---
    // Counts the transaction in every hop; the delay the target starts from.
    sc_core::sc_time enter(const sc_core::sc_time& delay) const {
        for (unsigned i = 0; i < n_counters; ++i) ++*counters[i];
        return delay + before;
    }
};

// The request, attached to a get_direct_mem_ptr probe. Such a probe asks for a route only: a
// memory target answers it with no DMI grant (and counts none).
class RegRouteRequest : public tlm::tlm_extension<RegRouteRequest> {
public:
    RegRoute route;

    tlm::tlm_extension_base* clone() const override { return new RegRouteRequest(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        route = static_cast<const RegRouteRequest&>(e).route;
    }
};

// The route request on a probe, or null.
inline RegRoute* route_request(tlm::tlm_generic_payload& gp) {
    RegRouteRequest* r = nullptr;
    gp.get_extension(r);
    return r ? &r->route : nullptr;
}

// A register target's get_direct_mem_ptr part: if the probe asks for a route, grants one to
// `target.access(const RegRequest&, sc_time& delay)` over all the target's addresses (the hops
// narrow it to the region they decode).
template <class Target>
void grant_route(tlm::tlm_generic_payload& gp, Target& target) {
    RegRoute* r = route_request(gp);
    if (!r) return;
    r->grant(
        [](void* t, tlm::tlm_command cmd, uint64_t off, uint8_t* data, unsigned len,
           sc_core::sc_time& delay) {
            return static_cast<Target*>(t)->access(RegRequest{cmd, off, data, len}, delay);
        },
        &target, 0, ~uint64_t{0});
}

}  // namespace gsim::sysc
