// grace-sim: host DRAM. Sparse (a 16 GiB DRAM costs nothing until touched), byte-accurate,
// byte enables, debug transport, DMI per 4 KiB page, configurable read/write latency
// annotated on the transaction (loosely timed: the target never waits).
// Not implemented: banks, refresh, bandwidth limits, ECC.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "common/sparse_memory.h"
#include "common/stats.h"

namespace soc {

class Dram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Dram> in;

    Dram(const sc_core::sc_module_name& name, uint64_t size, sc_core::sc_time read_latency,
         sc_core::sc_time write_latency, gsim::StatGroup stats, bool dmi = true);

    gsim::SparseMemory& memory() { return m_mem; }
    uint64_t size() const { return m_mem.size(); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    bool do_access(tlm::tlm_generic_payload& gp);

    gsim::SparseMemory m_mem;
    sc_core::sc_time m_rd, m_wr;
    bool m_dmi;
    gsim::Counter& m_reads;
    gsim::Counter& m_writes;
    gsim::Counter& m_bytes_read;
    gsim::Counter& m_bytes_written;
    gsim::Counter& m_errors;
    gsim::Counter& m_dmi_grants;
};

}  // namespace soc
