// grace-sim: the system interconnect. Routes TLM-2.0 transactions by an address map built from
// configuration; target addresses are relative to each region's base. An unmapped address
// gets TLM_ADDRESS_ERROR_RESPONSE, a counted and logged decode error. Forwards debug
// transport and DMI (translating DMI ranges back to system addresses) and register routes
// (sysc/reg_route.h: adding its latency and transaction count), and propagates
// invalidate_direct_mem_ptr to every initiator.
// Implements: decode, fixed forwarding latency per hop, overlap checks at elaboration.
// Not implemented: contention/bandwidth on the interconnect, posted writes, QoS.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>

#include <functional>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/stats.h"
#include "sysc/indexed_target_socket.h"

namespace soc {

struct Region {
    std::string name;
    uint64_t base = 0;
    uint64_t size = 0;
    uint64_t end() const { return base + size - 1; }
};

class Router : public sc_core::sc_module {
public:
    gsim::sysc::IndexedTargetSocket<Router> in;    // bind initiators here
    tlm_utils::multi_passthrough_initiator_socket<Router> out;  // bind targets, in map order

    Router(const sc_core::sc_module_name& name, gsim::StatGroup stats,
           sc_core::sc_time hop_latency = sc_core::SC_ZERO_TIME);

    // Adds a region for the next bound target (out[n] for the n-th call). Throws
    // std::invalid_argument on an empty or overlapping region.
    void map(const Region& r);
    const std::vector<Region>& regions() const { return m_regions; }
    // Index of the region holding addr, or -1.
    int decode(uint64_t addr) const;

    uint64_t decode_errors() const { return m_decode_errors.value; }

    // Observes every completed transaction: initiator index (binding order on `in`), the payload
    // with its system address and response, and the time it reached the router. Used by
    // trace recording; costs nothing when unset. Revokes the register routes granted through
    // the router (sysc/reg_route.h) and grants none while set.
    using Observer = std::function<void(int initiator, const tlm::tlm_generic_payload& gp,
                                        const sc_core::sc_time& at)>;
    void set_observer(Observer o);

private:
    void b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end);
    int route(tlm::tlm_generic_payload& gp);

    std::vector<Region> m_regions;
    sc_core::sc_time m_hop;
    gsim::Logger m_log;
    gsim::Counter& m_decode_errors;
    gsim::Counter& m_transactions;
    mutable int m_last = -1;  // decode cache: the last region hit
    Observer m_observer;
};

}  // namespace soc
