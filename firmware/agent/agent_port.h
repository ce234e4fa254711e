// grace-sim: one address space as seen by a software agent's thread: an initiator socket plus
// the accesses' timing discipline (see sw_agent.h). An agent has a main port (`bus_out`) and
// may add more (a vCPU reaches guest-physical space through one and host-physical space
// through another); all ports of an agent share its local time (quantum keeper).
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "common/mem_port.h"
#include "common/stats.h"
#include "sysc/dmi_cache.h"
#include "sysc/inline_due.h"
#include "sysc/reg_route.h"
#include "sysc/sim_time.h"

namespace fw {

enum class Access : uint8_t { OK, DECODE_ERROR, SLAVE_ERROR };

// A software thread's time: the TLM quantum keeper (local offset over the kernel's time) plus a
// cached lookahead horizon (below).
class LocalClock final : public tlm_utils::tlm_quantumkeeper {
public:
    // Adds a software cost or a memory access's time to local time, then makes local time
    // global only when that can matter: at a quantum boundary (need_sync()) when another
    // process is due by then (sync_if_observable()). Until the later of the two, nothing is
    // to check: that point is kept as an offset over the kernel's time and compared with no
    // kernel call; it is dropped whenever the thread waits, notifies or reaches a device.
    void advance(const sc_core::sc_time& t) {
        m_local_time += t;
        if (m_check_valid && m_local_time < m_check_at) return;
        if (need_sync()) sync_if_observable();
        const sc_core::sc_time& h = horizon();
        const sc_core::sc_time& until = h > m_next_sync_point ? h : m_next_sync_point;
        m_check_at = until - gsim::sysc::kernel_time();
        m_check_valid = true;
    }
    void sync() override {
        m_check_valid = false;
        tlm_utils::tlm_quantumkeeper::sync();
    }
    // The base class's, with the kernel's time read inline (sc_time_stamp() is a library call).
    bool need_sync() const override {
        return gsim::sysc::kernel_time() + m_local_time >= m_next_sync_point;
    }
    sc_core::sc_time get_current_time() const override { return gsim::sysc::kernel_time() + m_local_time; }
    void reset() override {
        m_local_time = sc_core::SC_ZERO_TIME;
        m_next_sync_point = gsim::sysc::kernel_time() + compute_local_quantum();
    }

    // Makes the thread's local time global only when that can matter: when some other process
    // is due to run before the thread's local time (or at the same instant). If nothing is, no
    // other process can run, touch shared state or observe memory before then, so waiting would
    // change nothing but the host time it costs. Returns whether it waited.
    //
    // The time of the next pending activity (sc_time_to_pending_activity()) cannot change while
    // this thread runs, except by what the thread itself notifies: it is cached for the current
    // evaluation phase (a thread runs at most once per delta cycle; the code here never
    // notifies immediately) until forget_horizon(), which every path that may notify an event
    // or reach a device calls.
    //
    // What is due before the local time may be a model's scheduled work that no other process
    // can precede (gsim::sysc::InlineDue): it runs here first, and the thread waits only if
    // something is still due by its local time.
    bool sync_if_observable() {
        if (get_local_time() == sc_core::SC_ZERO_TIME) return false;
        const sc_core::sc_time until = gsim::sysc::kernel_time() + get_local_time();
        if (until < horizon()) return false;
        if (gsim::sysc::InlineDue::run_due_before(gsim::sysc::to_ps(until))) {
            forget_horizon();
            if (until < horizon()) return false;
        }
        sync();
        return true;
    }
    // When the next other process is due (absolute; sc_max_time() if none): until then nothing
    // this thread can observe changes except by its own doing.
    const sc_core::sc_time& horizon() {
        const uint64_t delta = sc_core::sc_delta_count();
        if (delta != m_horizon_delta) {
            m_horizon = gsim::sysc::kernel_time() + sc_core::sc_time_to_pending_activity();
            m_horizon_delta = delta;
        }
        return m_horizon;
    }
    // Makes local time global now (before a device access or a SystemC event, which happen at
    // the kernel's time). No local offset: nothing to wait for, and no delta cycle (which of
    // two processes acting at the same instant goes first is the kernel's order either way).
    void sync_global() {
        forget_horizon();
        if (get_local_time() == sc_core::SC_ZERO_TIME) return;
        gsim::sysc::InlineDue::run_due_before(gsim::sysc::to_ps(gsim::sysc::kernel_time() + get_local_time()));
        sync();
    }
    // A target ran software on this thread during an access (an emulated device: a VM exit):
    // the access's delay is the time that software took, which the initiator was stalled for
    // (a posted write cannot hide it). Read and cleared by the initiator's port.
    void note_ran_software() { m_ran_software = true; }
    bool take_ran_software() {
        const bool r = m_ran_software;
        m_ran_software = false;
        return r;
    }
    // Whether the cached horizon (if any) is still no later than when the next other process
    // is due (earlier is safe: the thread only synchronises sooner than it must).
    bool horizon_holds() const {
        return m_horizon_delta != sc_core::sc_delta_count() ||
               m_horizon <= gsim::sysc::kernel_time() + sc_core::sc_time_to_pending_activity();
    }
    // The thread may have made another process due (an event, a device access).
    void forget_horizon() {
        m_horizon_delta = NO_DELTA;
        m_check_valid = false;
    }

private:
    static constexpr uint64_t NO_DELTA = ~uint64_t{0};
    sc_core::sc_time m_horizon;
    uint64_t m_horizon_delta = NO_DELTA;
    sc_core::sc_time m_check_at;  // advance() has nothing to check below this local offset
    bool m_check_valid = false;
    bool m_ran_software = false;
};

const char* access_name(Access a);

class AgentPort : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<AgentPort> out;

    AgentPort(const sc_core::sc_module_name& name, LocalClock& qk, gsim::StatGroup stats);

    // Address ranges [base, base+size) accessed with temporal decoupling (normally RAM).
    void add_decoupled_range(uint64_t base, uint64_t size) { m_decoupled.push_back({base, size}); }
    // CPU loads and stores to decoupled ranges normally hit the caches: when set, a DMI access
    // costs `t` instead of the memory's DMI latency (models CPU software, not DMA engines).
    void set_cached_access_cost(const sc_core::sc_time& t) {
        m_cached_cost = t;
        m_cached = true;
    }
    // Device writes are posted (Device-nGnRE: the CPU's store retires once the interconnect has
    // accepted it): when set, a write outside the decoupled ranges costs the CPU `t` instead of
    // the device's latency. The device still sees the write at the time it is issued.
    void set_posted_writes(const sc_core::sc_time& t) {
        m_posted_cost = t;
        m_posted = true;
    }
    // An extension every transaction carries (e.g. the vCPU context): `id` is its extension ID
    // (T::ID). The caller owns it; the port attaches it before each access and detaches it
    // after (never frees it).
    void set_extension(unsigned id, tlm::tlm_extension_base* ext) {
        m_ext_id = id;
        m_ext = ext;
    }

    // `doorbell`: a device write that only records a value the device acts on later (a queue's
    // PROD): it goes out at the local time, annotated as the transaction's delay, without
    // waiting for the kernel unless another process is due by then. Targets take it at the
    // kernel's time plus the delay (their state, their notifications).
    Access transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len,
                     bool doorbell = false);
    // The cost of a load or store whose data has already moved (through debug()): when the
    // access is to decoupled memory the port holds a DMI pointer for, adds what transport()
    // would charge for it to `acc`, counts it and returns true, without touching memory or the
    // local time; otherwise returns false (the caller issues it with transport()). `times`:
    // that many identical accesses.
    bool cost_only(tlm::tlm_command cmd, uint64_t addr, size_t len, sc_core::sc_time& acc,
                   uint64_t times = 1);
    // cost_only() for `reads` loads and `writes` stores within [addr, addr + len): all of them
    // or, returning false, none.
    bool cost_only(uint64_t addr, size_t len, uint64_t reads, uint64_t writes, sc_core::sc_time& acc);
    // What transport() would charge for an access to decoupled memory the port holds a DMI
    // pointer for (`c`); false otherwise. Nothing is counted or accessed.
    bool dmi_cost(tlm::tlm_command cmd, uint64_t addr, size_t len, sc_core::sc_time& c);
    // CPU ports (set_cached_access_cost()): whether every load (`read`) or every store within
    // the 4 KiB page `page` is an access cost_only() takes, at the cached cost: the page lies
    // in a decoupled range and one DMI grant allows that access over all of it. A page found so
    // is remembered until a DMI invalidation reaches the port: grants and decoupled ranges are
    // only ever added otherwise, and an addition cannot make a covered page uncovered.
    bool page_cost_only(uint64_t page, bool read) {
        const uint64_t tag = page | (read ? 1 : 2);
        // A page's load and store verdicts sit side by side: (page >> 11) has bit 0 clear.
        uint64_t& v = m_page_verdicts[((page >> 11) | (read ? 0 : 1)) & (PAGE_VERDICTS - 1)];
        if (v == tag) return true;
        if (!page_covered(page, read)) return false;
        v = tag;
        return true;
    }
    bool cached_cost() const { return m_cached; }
    // Counts `n` accesses that cost_only() took at the cached cost and charges them.
    void charge_cached(uint64_t n) {
        m_mem_accesses += n;
        const sc_core::sc_time t = gsim::sysc::from_value(m_cached_cost.value() * n);
        if (t != sc_core::SC_ZERO_TIME) m_qk.advance(t);
    }
    // Advances local time by `t` of memory accesses (what transport() does after each).
    void charge(const sc_core::sc_time& t) {
        m_qk.advance(t);
    }
    // Whether the port holds a register route (sysc/reg_route.h) for a device access to
    // [addr, addr + len): such accesses call the target directly. Introspection, tests.
    bool routed(uint64_t addr, size_t len) {
        const gsim::sysc::RegRoute* r = known_route(addr, len);
        return r && r->granted();
    }
    // Zero-time debug access (backdoor); returns bytes transferred.
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len);
    // A MemPort view: memory accesses through this port (time goes to the agent's local time,
    // not to latency_ps).
    gsim::MemPort& mem_port() { return m_port; }

private:
    class Port final : public gsim::MemPort {
    public:
        explicit Port(AgentPort& p) : m_p(p) {}
        gsim::MemStatus read(uint64_t addr, void* dst, size_t len, uint64_t&, const gsim::MemAttrs&) override;
        gsim::MemStatus write(uint64_t addr, const void* src, size_t len, uint64_t&,
                              const gsim::MemAttrs&) override;

    private:
        AgentPort& m_p;
    };
    bool decoupled(uint64_t addr, size_t len) const;
    // Payloads reused across accesses (a fresh tlm_generic_payload allocates its extension
    // array). A free list, not one member: a target may run software that accesses through
    // this port again, or another thread may, before an outer access returns.
    std::unique_ptr<tlm::tlm_generic_payload> acquire_payload();
    class PayloadLease;
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);
    // Asks the target for a DMI pointer covering addr and keeps it (memory accesses only).
    void request_dmi(tlm::tlm_command cmd, uint64_t addr);

    // The register route (granted or refused) covering [addr, addr + len), or null.
    const gsim::sysc::RegRoute* known_route(uint64_t addr, size_t len) {
        if (m_last_route < m_n_routes && m_routes[m_last_route].covers(addr, len)) return &m_routes[m_last_route];
        for (unsigned i = 0; i < m_n_routes; ++i) {
            if (m_routes[i].covers(addr, len)) {
                m_last_route = i;
                return &m_routes[i];
            }
        }
        return nullptr;
    }
    // Asks the targets for a register route covering the access and keeps the answer.
    void request_route(uint64_t addr, size_t len);

    struct Range {
        uint64_t base, size;
    };
    bool page_covered(uint64_t page, bool read);
    // Pages found covered: page | 1 (loads) or page | 2 (stores); 0: empty. Cleared by every
    // DMI invalidation.
    static constexpr size_t PAGE_VERDICTS = 32;
    static constexpr uint64_t PAGE_SIZE = uint64_t{1} << gsim::sysc::DmiCache::PAGE_SHIFT;
    std::array<uint64_t, PAGE_VERDICTS> m_page_verdicts{};
    LocalClock& m_qk;
    std::vector<Range> m_decoupled;
    gsim::sysc::DmiCache m_dmi;
    tlm::tlm_extension_base* m_ext = nullptr;
    unsigned m_ext_id = 0;
    bool m_cached = false;
    bool m_posted = false;
    sc_core::sc_time m_posted_cost;
    sc_core::sc_time m_cached_cost;
    std::vector<std::unique_ptr<tlm::tlm_generic_payload>> m_free_payloads;
    // Register routes (sysc/reg_route.h) for device accesses, granted and refused ones; a full
    // table replaces its entries in turn. Dropped with DMI pointers by invalidations.
    static constexpr unsigned ROUTES = 8;
    std::array<gsim::sysc::RegRoute, ROUTES> m_routes;
    unsigned m_n_routes = 0;
    unsigned m_next_route = 0;  // the entry a full table replaces next
    unsigned m_last_route = 0;  // the entry that answered last
    Port m_port{*this};
    gsim::Counter& m_mmio_reads;
    gsim::Counter& m_mmio_writes;
    gsim::Counter& m_mem_accesses;
    gsim::Counter& m_bus_errors;
};

}  // namespace fw
