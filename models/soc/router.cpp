#include "soc/router.h"
#include "sysc/reg_route.h"
#include "sysc/sim_time.h"

#include <stdexcept>

namespace soc {

Router::Router(const sc_core::sc_module_name& name, gsim::StatGroup stats,
               sc_core::sc_time hop_latency)
    : sc_module(name),
      in("in"),
      out("out"),
      m_hop(hop_latency),
      m_log(this->name()),
      m_decode_errors(stats.counter("decode_errors")),
      m_transactions(stats.counter("transactions")) {
    in.register_b_transport(this, &Router::b_transport);
    in.register_transport_dbg(this, &Router::transport_dbg);
    in.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
    out.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::map(const Region& r) {
    if (r.size == 0) throw std::invalid_argument("region '" + r.name + "' has size 0");
    if (r.base + (r.size - 1) < r.base) {
        throw std::invalid_argument("region '" + r.name + "' wraps the address space");
    }
    for (const auto& o : m_regions) {
        if (r.base <= o.end() && o.base <= r.end()) {
            throw std::invalid_argument("region '" + r.name + "' overlaps region '" + o.name + "'");
        }
    }
    m_regions.push_back(r);
}

int Router::decode(uint64_t addr) const {
    if (m_last >= 0) {
        const Region& r = m_regions[m_last];
        if (addr >= r.base && addr <= r.end()) return m_last;
    }
    for (size_t i = 0; i < m_regions.size(); ++i) {
        if (addr >= m_regions[i].base && addr <= m_regions[i].end()) {
            m_last = static_cast<int>(i);
            return static_cast<int>(i);
        }
    }
    return -1;
}

int Router::route(tlm::tlm_generic_payload& gp) {
    uint64_t a = gp.get_address();
    int t = decode(a);
    if (t < 0) return -1;
    const Region& r = m_regions[t];
    uint64_t len = gp.get_data_length() ? gp.get_data_length() : 1;
    if (a + len - 1 > r.end()) return -2;  // crosses the end of the region
    gp.set_address(a - r.base);
    return t;
}

void Router::b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    ++m_transactions;
    const sc_core::sc_time at = m_observer ? gsim::sysc::kernel_time() + delay : sc_core::SC_ZERO_TIME;
    uint64_t a = gp.get_address();
    int t = route(gp);
    if (t < 0) {
        ++m_decode_errors;
        m_log.warn("decode error: %s of %u bytes at 0x%llx (%s)", gp.is_read() ? "read" : "write",
                   gp.get_data_length(), static_cast<unsigned long long>(a),
                   t == -1 ? "no region" : "crosses a region end");
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    delay += m_hop;
    out[t]->b_transport(gp, delay);
    gp.set_address(a);
    if (m_observer) m_observer(id, gp, at);
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& gp) {
    uint64_t a = gp.get_address();
    int t = route(gp);
    if (t < 0) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    unsigned n = out[t]->transport_dbg(gp);
    gp.set_address(a);
    return n;
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    uint64_t a = gp.get_address();
    gsim::sysc::RegRoute* rr = gsim::sysc::route_request(gp);
    int t = route(gp);
    if (t < 0) {
        dmi.allow_read_write();
        dmi.set_start_address(0);
        dmi.set_end_address(~sc_dt::uint64{0});
        if (rr) rr->refuse_access(a, gp.get_data_length());
        return false;
    }
    bool ok = out[t]->get_direct_mem_ptr(gp, dmi);
    const Region& r = m_regions[t];
    dmi.set_start_address(dmi.get_start_address() + r.base);
    uint64_t end = dmi.get_end_address() + r.base;
    dmi.set_end_address(end > r.end() || end < r.base ? r.end() : end);
    dmi.set_read_latency(dmi.get_read_latency() + m_hop);
    dmi.set_write_latency(dmi.get_write_latency() + m_hop);
    if (rr) {
        // A route carries what b_transport does here: decode, the hop's latency, the count.
        // An observer must see every transaction: no route then.
        rr->rebase(0, r.size, r.base);
        rr->add_hop(m_hop, &m_transactions);
        if (m_observer) rr->clear_grant();
    }
    gp.set_address(a);
    return ok;
}

void Router::set_observer(Observer o) {
    m_observer = std::move(o);
    // Register routes granted through here skip the observer: revoke them all.
    for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(0, ~sc_dt::uint64{0});
}

void Router::invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end) {
    const Region& r = m_regions[id];
    uint64_t s = r.base + start;
    uint64_t e = (end >= r.size - 1) ? r.end() : r.base + end;
    for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(s, e);
}

}  // namespace soc
