#include "agent/agent_port.h"
#include "sysc/payload.h"
#include "sysc/sim_time.h"

#include <cassert>
#include <cstring>

namespace fw {

const char* access_name(Access a) {
    switch (a) {
        case Access::OK: return "OK";
        case Access::DECODE_ERROR: return "DECODE_ERROR";
        case Access::SLAVE_ERROR: return "SLAVE_ERROR";
    }
    return "?";
}

AgentPort::AgentPort(const sc_core::sc_module_name& name, LocalClock& qk, gsim::StatGroup stats)
    : sc_module(name),
      out("out"),
      m_qk(qk),
      m_mmio_reads(stats.counter("mmio_reads")),
      m_mmio_writes(stats.counter("mmio_writes")),
      m_mem_accesses(stats.counter("mem_accesses")),
      m_bus_errors(stats.counter("bus_errors")) {
    gsim::sysc::require_ps_resolution();  // local time is converted as integer picoseconds
    out.register_invalidate_direct_mem_ptr(this, &AgentPort::invalidate_direct_mem_ptr);
}

bool AgentPort::decoupled(uint64_t addr, size_t len) const {
    for (const auto& r : m_decoupled) {
        if (addr >= r.base && addr - r.base + len <= r.size) return true;
    }
    return false;
}

void AgentPort::request_dmi(tlm::tlm_command cmd, uint64_t addr) {
    if (m_dmi.full()) return;
    tlm::tlm_dmi dmi;
    tlm::tlm_generic_payload probe;
    probe.set_address(addr);
    probe.set_command(cmd);
    if (out->get_direct_mem_ptr(probe, dmi)) m_dmi.add(dmi);
}

void AgentPort::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    m_dmi.invalidate(start, end);
    m_page_verdicts.fill(0);
    // Register routes through the range go too (granted or refused: either may have changed).
    unsigned kept = 0;
    for (unsigned i = 0; i < m_n_routes; ++i) {
        if (m_routes[i].end < start || m_routes[i].start > end) m_routes[kept++] = m_routes[i];
    }
    m_n_routes = kept;
    m_next_route = 0;
    m_last_route = 0;
}

std::unique_ptr<tlm::tlm_generic_payload> AgentPort::acquire_payload() {
    if (m_free_payloads.empty()) return std::make_unique<tlm::tlm_generic_payload>();
    std::unique_ptr<tlm::tlm_generic_payload> gp = std::move(m_free_payloads.back());
    m_free_payloads.pop_back();
    // The fields a fresh payload has that the callers do not set (extensions were freed
    // after the previous use).
    gp->set_byte_enable_length(0);
    gp->set_gp_option(tlm::TLM_MIN_PAYLOAD);
    return gp;
}

// Holds a pooled payload for one access and returns it to the free list afterwards.
class AgentPort::PayloadLease {
public:
    explicit PayloadLease(AgentPort& p) : m_p(p), m_gp(p.acquire_payload()) {}
    ~PayloadLease() { m_p.m_free_payloads.push_back(std::move(m_gp)); }
    tlm::tlm_generic_payload& get() { return *m_gp; }

private:
    AgentPort& m_p;
    std::unique_ptr<tlm::tlm_generic_payload> m_gp;
};

Access AgentPort::transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len,
                            bool doorbell) {
    const bool mem = decoupled(addr, len);
    if (mem) {
        ++m_mem_accesses;
        sc_core::sc_time lat;
        if (m_dmi.access(cmd, addr, data, len, lat)) {
            m_qk.advance(m_cached ? m_cached_cost : lat);
            return Access::OK;
        }
    } else if (cmd == tlm::TLM_READ_COMMAND) {
        // A device read observes the device's state at the local time (targets evaluate at the
        // kernel's time plus the annotated delay; reads notify nothing). If no other process is
        // due by then, nothing can change that state meanwhile, so the read goes out with the
        // local offset as its delay instead of waiting for the kernel to catch up.
        m_qk.sync_if_observable();
        ++m_mmio_reads;
    } else {
        // A device write may change what other processes see at once (an interrupt line): it
        // happens at the kernel's time. A doorbell only records a value: like a read, it goes
        // out with the local offset as its delay when no other process is due by then.
        if (doorbell) {
            m_qk.sync_if_observable();
        } else {
            m_qk.sync_global();
        }
        ++m_mmio_writes;
    }
    // A target may run software in this thread (an emulated device: the VMM); whatever time it
    // spends it waits out itself, so the local time here is reloaded afterwards.
    const sc_core::sc_time issued = m_qk.get_local_time();
    sc_core::sc_time delay = issued;
    tlm::tlm_response_status status;
    bool dmi_allowed = false;
    const gsim::sysc::RegRoute* route = mem ? nullptr : known_route(addr, len);
    if (route && route->granted()) {
        // The target's b_transport, called as the trip through the hops would call it.
        delay = route->enter(delay);
        status = route->entry(route->target, cmd, addr - route->delta, data, static_cast<unsigned>(len), delay);
    } else {
        PayloadLease lease(*this);
        tlm::tlm_generic_payload& gp = lease.get();
        gsim::sysc::set_plain_access(gp, cmd, addr, data, static_cast<unsigned>(len));
        if (m_ext) gp.set_extension(m_ext_id, m_ext);
        out->b_transport(gp, delay);
        // The owner's extension is detached, not freed. Targets in the platform read
        // extensions and never set one, so the pooled payload is clean again
        // (free_all_extensions() walks every registered extension slot: ~2 % of a forwarded
        // command's host time).
        if (m_ext) gp.set_extension(m_ext_id, nullptr);
        status = gp.get_response_status();
        dmi_allowed = gp.is_dmi_allowed();
    }
    const bool ran_software = m_qk.take_ran_software();
    const bool ok = status == tlm::TLM_OK_RESPONSE;
    // A target may have made something due, except on a device read that ran no software: a
    // read changes no state others wait on, and the work a target runs first because it is
    // due by the read's time (the SMMU's deferred actions) notifies at the read's time or
    // later, never before that work's own wake-up, which was pending when the horizon was
    // cached. So the horizon still holds after such a read (it may be early: the target
    // withdrew that wake-up; the thread then only synchronises sooner). Debug builds check it.
    if (mem || cmd != tlm::TLM_READ_COMMAND || ran_software) {
        m_qk.forget_horizon();
    } else {
        assert(m_qk.horizon_holds());
    }
    if (m_posted && !mem && cmd == tlm::TLM_WRITE_COMMAND) {
        // Posted: the CPU does not wait for the device. A target that ran software on this
        // thread (an emulated device: a VM exit) returns when that software is done; the
        // store retires after it.
        m_qk.set((ran_software ? delay : issued) + m_posted_cost);
    } else if (mem && m_cached && ok && dmi_allowed) {
        // RAM: a cached CPU access costs the same whether or not a DMI pointer was at hand.
        m_qk.set(issued + m_cached_cost);
    } else {
        m_qk.set(delay);
    }
    if (mem && dmi_allowed && ok) request_dmi(cmd, addr);
    // A device access with no route known: ask once (the answer, route or not, is kept).
    if (!mem && !route) request_route(addr, len);
    // The device's latency stays local time: the next access to a device or to shared state
    // synchronises first, so nobody can tell the difference, and a wait is saved per access.
    m_qk.advance(sc_core::SC_ZERO_TIME);
    switch (status) {
        case tlm::TLM_OK_RESPONSE: return Access::OK;
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: ++m_bus_errors; return Access::DECODE_ERROR;
        default: ++m_bus_errors; return Access::SLAVE_ERROR;
    }
}

void AgentPort::request_route(uint64_t addr, size_t len) {
    gsim::sysc::RegRouteRequest req;
    tlm::tlm_generic_payload probe;
    tlm::tlm_dmi dmi;
    probe.set_address(addr);
    probe.set_command(tlm::TLM_READ_COMMAND);
    probe.set_data_length(static_cast<unsigned>(len));
    probe.set_extension(&req);
    out->get_direct_mem_ptr(probe, dmi);
    probe.clear_extension(&req);
    // Kept only if it answers for this access (a hop that cannot narrow the range to where
    // it decoded refuses nothing it can vouch for).
    if (!req.route.covers(addr, len)) return;
    if (!req.route.granted() && req.route.start == 0 && req.route.end == ~uint64_t{0}) return;
    const unsigned i = m_n_routes < ROUTES ? m_n_routes++ : m_next_route++ % ROUTES;
    m_routes[i] = req.route;
}

bool AgentPort::dmi_cost(tlm::tlm_command cmd, uint64_t addr, size_t len, sc_core::sc_time& c) {
    if (!decoupled(addr, len)) return false;
    const tlm::tlm_dmi* d = m_dmi.find(cmd, addr, len);
    if (!d) return false;
    c = m_cached ? m_cached_cost
                 : (cmd == tlm::TLM_READ_COMMAND ? d->get_read_latency() : d->get_write_latency());
    return true;
}

bool AgentPort::cost_only(tlm::tlm_command cmd, uint64_t addr, size_t len, sc_core::sc_time& acc,
                          uint64_t times) {
    const bool read = cmd == tlm::TLM_READ_COMMAND;
    return cost_only(addr, len, read ? times : 0, read ? 0 : times, acc);
}

bool AgentPort::cost_only(uint64_t addr, size_t len, uint64_t reads, uint64_t writes,
                          sc_core::sc_time& acc) {
    sc_core::sc_time rc, wc;
    if (reads && !dmi_cost(tlm::TLM_READ_COMMAND, addr, len, rc)) return false;
    if (writes && !dmi_cost(tlm::TLM_WRITE_COMMAND, addr, len, wc)) return false;
    m_mem_accesses += reads + writes;
    acc += gsim::sysc::from_value(rc.value() * reads + wc.value() * writes);
    return true;
}

bool AgentPort::page_covered(uint64_t page, bool read) {
    sc_core::sc_time unused;
    return dmi_cost(read ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND, page, PAGE_SIZE, unused);
}

unsigned AgentPort::debug(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len) {
    // Memory the port holds a DMI pointer for is read and written directly (no time either way).
    sc_core::sc_time untimed;
    if (m_dmi.access(cmd, addr, data, len, untimed)) return static_cast<unsigned>(len);
    PayloadLease lease(*this);
    tlm::tlm_generic_payload& gp = lease.get();
    gsim::sysc::set_plain_access(gp, cmd, addr, data, static_cast<unsigned>(len));
    // No debug-transport target in the platform sets an extension, so the pooled payload
    // comes back as clean as it went (free_all_extensions here cost ~7 % of a 64-page run).
    const unsigned n = out->transport_dbg(gp);
    // Memory: ask for a DMI pointer so that the next debug or timed access is direct.
    if (n == len && decoupled(addr, len)) request_dmi(cmd, addr);
    return n;
}

static gsim::MemStatus to_status(Access a) {
    return a == Access::OK ? gsim::MemStatus::OK
                           : (a == Access::DECODE_ERROR ? gsim::MemStatus::DECODE_ERROR
                                                        : gsim::MemStatus::SLAVE_ERROR);
}

gsim::MemStatus AgentPort::Port::read(uint64_t addr, void* dst, size_t len, uint64_t&,
                                      const gsim::MemAttrs&) {
    return to_status(m_p.transport(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), len));
}

gsim::MemStatus AgentPort::Port::write(uint64_t addr, const void* src, size_t len, uint64_t&,
                                       const gsim::MemAttrs&) {
    return to_status(m_p.transport(tlm::TLM_WRITE_COMMAND, addr,
                                   const_cast<uint8_t*>(static_cast<const uint8_t*>(src)), len));
}

}  // namespace fw
