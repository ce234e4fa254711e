// grace-sim: the guest-physical address space of one VM (what KVM's stage-2 and the VMM's
// memory regions give a vCPU). THIS HEADER IS THE CONTRACT (see firmware/vm/README.md).
// - RAM regions: GPA ranges backed by host DRAM chunks (GPA -> HPA by chunk), forwarded to
//   the system bus, DMI granted (translated to guest addresses);
// - passthrough regions: a GPA page mapped to a host device page (the VINTF page0),
//   forwarded without exit;
// - emulated regions: an access traps to the VMM: the handler runs on the accessing vCPU's
//   thread (VcpuExt.host) and must leave that thread synchronised (Cpu::sync()) on return.
// An unmapped GPA gets TLM_ADDRESS_ERROR_RESPONSE (a stage-2 fault in KVM terms).
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/stats.h"
#include "sysc/indexed_target_socket.h"

namespace fw::vm {

// Handler of an emulated region: offset within the region; returns false for an access the
// device rejects (an external abort to the guest).
using MmioHandler =
    std::function<bool(tlm::tlm_generic_payload& gp, uint64_t offset, sc_core::sc_time& delay)>;

class GuestMemory : public sc_core::sc_module {
public:
    gsim::sysc::IndexedTargetSocket<GuestMemory> in;  // vCPUs' guest ports
    tlm_utils::simple_initiator_socket<GuestMemory> out;         // to the system bus (host PA)

    GuestMemory(const sc_core::sc_module_name& name, gsim::StatGroup stats);

    void add_ram(uint64_t gpa, uint64_t size, uint64_t hpa);
    void add_passthrough(uint64_t gpa, uint64_t size, uint64_t hpa);
    void add_emulated(const std::string& name, uint64_t gpa, uint64_t size, MmioHandler h);
    // Removes a passthrough (or any) region starting at gpa.
    void remove(uint64_t gpa);
    // GPA -> HPA for RAM (false if not RAM): what the VMM uses to touch guest memory.
    bool gpa_to_hpa(uint64_t gpa, uint64_t& hpa) const;

    // --- additions to the contract (vmm branch) ---
    // Number of regions currently mapped (tests, introspection).
    size_t region_count() const { return m_regions.size(); }

private:
    enum class Kind : uint8_t { RAM, PASSTHROUGH, EMULATED };
    struct Region {
        std::string name;
        Kind kind;
        uint64_t gpa, size, hpa;
        MmioHandler handler;
        gsim::Counter* accesses;
        gsim::Counter* exits;
    };
    Region* find(uint64_t gpa, uint64_t len);
    const Region* find(uint64_t gpa, uint64_t len) const;
    void add(Region r);
    void b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& gp);
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

    gsim::StatGroup m_stats;
    std::vector<std::unique_ptr<Region>> m_regions;  // sorted by gpa, non-overlapping
    mutable const Region* m_last = nullptr;  // the region find() hit last (a vCPU's accesses repeat)
    gsim::Counter& m_unmapped;
};

}  // namespace fw::vm
