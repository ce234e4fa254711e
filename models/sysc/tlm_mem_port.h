// grace-sim: gsim::MemPort over a TLM-2.0 initiator socket, for a core's own memory traffic
// (walks, queue fetches, event and MSI writes). Blocking transport with the latency returned
// to the caller (the core accumulates it, the shell waits it out); DMI is used when the target
// grants it and dropped on invalidate_direct_mem_ptr.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <string>
#include <vector>

#include "common/mem_port.h"
#include "common/stats.h"
#include "sysc/dmi_cache.h"

namespace gsim::sysc {

class TlmMemPort : public sc_core::sc_module, public MemPort {
public:
    tlm_utils::simple_initiator_socket<TlmMemPort> out;

    TlmMemPort(const sc_core::sc_module_name& name, bool use_dmi = true);

    MemStatus read(uint64_t addr, void* dst, size_t len, uint64_t& latency_ps,
                   const MemAttrs& attrs = {}) override;
    MemStatus write(uint64_t addr, const void* src, size_t len, uint64_t& latency_ps,
                    const MemAttrs& attrs = {}) override;

    uint64_t transactions() const { return m_txns; }
    uint64_t dmi_hits() const { return m_dmi_hits; }

private:
    MemStatus access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len,
                     uint64_t& latency_ps);
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

    bool m_use_dmi;
    DmiCache m_dmi;
    uint64_t m_txns = 0, m_dmi_hits = 0;
};

// Maps a TLM response status to MemStatus.
MemStatus to_mem_status(tlm::tlm_response_status s);

}  // namespace gsim::sysc
