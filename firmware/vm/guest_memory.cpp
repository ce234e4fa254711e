// grace-sim: the guest-physical address space of one VM (see guest_memory.h).
// Implements: region table (RAM / passthrough / emulated), GPA -> HPA forwarding to the system
// bus, DMI for RAM translated back to guest addresses (clamped to the RAM chunk), emulated
// regions calling their handler on the accessing thread (VcpuExt) with that thread's local time
// kept in its quantum keeper, TLM_ADDRESS_ERROR_RESPONSE for unmapped GPAs, per-region
// statistics (<region>.accesses, <region>.exits) and a global `unmapped` counter; register
// routes (sysc/reg_route.h) through passthrough windows, revoked with the window (and refusals
// forgotten when a region is added).
// Not implemented: accesses straddling two regions (address error), permissions (read-only
// RAM, ROM devices), dirty tracking, per-initiator DMI invalidation (all initiators are told).
#include "vm/guest_memory.h"

#include <algorithm>

#include "sysc/reg_route.h"
#include "vm/vcpu_ext.h"

namespace fw::vm {

GuestMemory::GuestMemory(const sc_core::sc_module_name& name, gsim::StatGroup stats)
    : sc_module(name), in("in"), out("out"), m_stats(stats), m_unmapped(stats.counter("unmapped")) {
    in.register_b_transport(this, &GuestMemory::b_transport);
    in.register_get_direct_mem_ptr(this, &GuestMemory::get_direct_mem_ptr);
    in.register_transport_dbg(this, &GuestMemory::transport_dbg);
    out.register_invalidate_direct_mem_ptr(this, &GuestMemory::invalidate_direct_mem_ptr);
}

void GuestMemory::add(Region r) {
    for (const auto& x : m_regions) {
        if (r.gpa < x->gpa + x->size && x->gpa < r.gpa + r.size) {
            SC_REPORT_ERROR("GuestMemory", ("region " + r.name + " overlaps " + x->name).c_str());
            return;
        }
    }
    r.accesses = &m_stats.counter(r.name + ".accesses");
    r.exits = &m_stats.counter(r.name + ".exits");
    auto p = std::make_unique<Region>(std::move(r));
    auto it = std::lower_bound(m_regions.begin(), m_regions.end(), p->gpa,
                               [](const std::unique_ptr<Region>& a, uint64_t g) { return a->gpa < g; });
    const uint64_t first = p->gpa, last = p->gpa + (p->size - 1);
    m_regions.insert(it, std::move(p));
    m_last = nullptr;
    // An initiator may have been refused a register route here (an unmapped address): it may
    // ask again.
    for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(first, last);
}

void GuestMemory::add_ram(uint64_t gpa, uint64_t size, uint64_t hpa) {
    char n[40];
    std::snprintf(n, sizeof n, "ram_%llx", static_cast<unsigned long long>(gpa));
    add(Region{n, Kind::RAM, gpa, size, hpa, {}, nullptr, nullptr});
}

void GuestMemory::add_passthrough(uint64_t gpa, uint64_t size, uint64_t hpa) {
    char n[40];
    std::snprintf(n, sizeof n, "passthrough_%llx", static_cast<unsigned long long>(gpa));
    add(Region{n, Kind::PASSTHROUGH, gpa, size, hpa, {}, nullptr, nullptr});
}

void GuestMemory::add_emulated(const std::string& name, uint64_t gpa, uint64_t size, MmioHandler h) {
    add(Region{name, Kind::EMULATED, gpa, size, 0, std::move(h), nullptr, nullptr});
}

void GuestMemory::remove(uint64_t gpa) {
    for (auto it = m_regions.begin(); it != m_regions.end(); ++it) {
        if ((*it)->gpa != gpa) continue;
        const uint64_t end = (*it)->gpa + (*it)->size - 1;
        m_regions.erase(it);
        m_last = nullptr;
        // Initiators may hold DMI pointers into a RAM region.
        for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(gpa, end);
        return;
    }
}

const GuestMemory::Region* GuestMemory::find(uint64_t gpa, uint64_t len) const {
    const Region* r = m_last;
    if (!r || gpa < r->gpa || gpa - r->gpa >= r->size) {
        r = nullptr;
        for (const auto& x : m_regions) {
            if (gpa >= x->gpa && gpa - x->gpa < x->size) {
                r = x.get();
                break;
            }
        }
        if (!r) return nullptr;
        m_last = r;
    }
    return (len <= r->size - (gpa - r->gpa)) ? r : nullptr;
}

GuestMemory::Region* GuestMemory::find(uint64_t gpa, uint64_t len) {
    return const_cast<Region*>(static_cast<const GuestMemory*>(this)->find(gpa, len));
}

bool GuestMemory::gpa_to_hpa(uint64_t gpa, uint64_t& hpa) const {
    const Region* r = find(gpa, 1);
    if (!r || r->kind != Kind::RAM) return false;
    hpa = r->hpa + (gpa - r->gpa);
    return true;
}

void GuestMemory::b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const uint64_t gpa = gp.get_address();
    Region* r = find(gpa, gp.get_data_length());
    if (!r) {
        ++m_unmapped;
        gp.set_dmi_allowed(false);
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    ++*r->accesses;
    if (r->kind != Kind::EMULATED) {
        gp.set_address(r->hpa + (gpa - r->gpa));
        out->b_transport(gp, delay);
        gp.set_address(gpa);
        if (r->kind == Kind::PASSTHROUGH) gp.set_dmi_allowed(false);
        return;
    }
    ++*r->exits;
    gp.set_dmi_allowed(false);
    VcpuExt* ext = nullptr;
    gp.get_extension(ext);
    if (ext && ext->host) {
        // The handler runs software on this thread: hand it the thread's local time; the exit
        // returns to the guest when the handler is done (the vCPU was stalled throughout, so
        // its time is not device latency that a posted write could hide).
        auto& qk = ext->host->agent().quantum_keeper();
        qk.set(delay);
        const bool ok = r->handler(gp, gpa - r->gpa, delay);
        delay = qk.get_local_time();
        qk.note_ran_software();
        gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    const bool ok = r->handler(gp, gpa - r->gpa, delay);
    gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
}

bool GuestMemory::get_direct_mem_ptr(int, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    const uint64_t gpa = gp.get_address();
    const Region* r = find(gpa, 1);
    if (gsim::sysc::RegRoute* rr = gsim::sysc::route_request(gp)) {
        // A register route: through a passthrough window only (b_transport there rebases the
        // address and counts the access); an emulated region runs the VMM, RAM is memory.
        if (!r) {
            rr->refuse_access(gpa, gp.get_data_length());
            return false;
        }
        if (r->kind != Kind::PASSTHROUGH) {
            rr->refuse(r->gpa, r->gpa + (r->size - 1));
            return false;
        }
        gp.set_address(r->hpa + (gpa - r->gpa));
        out->get_direct_mem_ptr(gp, dmi);
        gp.set_address(gpa);
        rr->rebase(r->hpa, r->size, r->gpa);
        rr->add_hop(sc_core::SC_ZERO_TIME, r->accesses);
        return false;
    }
    if (!r || r->kind != Kind::RAM) return false;
    gp.set_address(r->hpa + (gpa - r->gpa));
    const bool ok = out->get_direct_mem_ptr(gp, dmi);
    gp.set_address(gpa);
    if (!ok) return false;
    // Host range [s, e] -> guest range, clamped to the chunk.
    uint64_t hs = dmi.get_start_address(), he = dmi.get_end_address();
    const uint64_t cs = r->hpa, ce = r->hpa + r->size - 1;
    uint8_t* p = dmi.get_dmi_ptr();
    if (hs < cs) {
        p += cs - hs;
        hs = cs;
    }
    he = std::min(he, ce);
    dmi.set_dmi_ptr(p);
    dmi.set_start_address(r->gpa + (hs - r->hpa));
    dmi.set_end_address(r->gpa + (he - r->hpa));
    return true;
}

unsigned GuestMemory::transport_dbg(int, tlm::tlm_generic_payload& gp) {
    const uint64_t gpa = gp.get_address();
    const Region* r = find(gpa, gp.get_data_length());
    if (!r || r->kind == Kind::EMULATED) return 0;
    gp.set_address(r->hpa + (gpa - r->gpa));
    const unsigned n = out->transport_dbg(gp);
    gp.set_address(gpa);
    return n;
}

void GuestMemory::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    // RAM: DMI pointers; passthrough windows: register routes.
    for (const auto& r : m_regions) {
        if (r->kind == Kind::EMULATED) continue;
        const uint64_t ce = r->hpa + r->size - 1;
        if (end < r->hpa || start > ce) continue;
        const uint64_t s = std::max<uint64_t>(start, r->hpa), e = std::min<uint64_t>(end, ce);
        for (unsigned i = 0; i < in.size(); ++i)
            in[i]->invalidate_direct_mem_ptr(r->gpa + (s - r->hpa), r->gpa + (e - r->hpa));
    }
}

}  // namespace fw::vm
