// grace-sim: a TLM-2.0 target socket that many initiators bind to, each call carrying the index
// of the initiator that made it (the interface of tlm_utils::multi_passthrough_target_socket,
// which the interconnect and the guest memory used before).
//
// Why not the tlm_utils socket: its forward path runs through a callback binder, a type-erased
// functor, a static trampoline and a member-function pointer, checking on every call that a
// callback is registered: four calls and ~45 instructions per transaction and hop, on the path
// of every register access a guest makes (docs/performance.md, tenth round). Here each bound
// initiator gets its own small tlm_fw_transport_if whose methods call the owner's registered
// member function directly.
//
// Implements: any number of initiator sockets bound to it (each gets the index of its binding,
// in binding order, which is also the index of its backward interface: operator[], size()),
// b_transport, transport_dbg and get_direct_mem_ptr callbacks (an unregistered one: no DMI,
// 0 bytes of debug transport, an error report for b_transport), the backward path of the base
// socket (invalidate_direct_mem_ptr to initiator i).
// Not implemented: nb_transport_fw (the platform is loosely timed; a call is reported as an
// error), hierarchical binding of this socket to a parent module's target socket.
#pragma once
#include <systemc>
#include <tlm>

#include <memory>
#include <vector>

namespace gsim::sysc {

template <class MODULE, unsigned BUSWIDTH = 32, class TYPES = tlm::tlm_base_protocol_types>
class IndexedTargetSocket : public tlm::tlm_target_socket<BUSWIDTH, TYPES, 0> {
public:
    using payload = typename TYPES::tlm_payload_type;
    using fw_interface = tlm::tlm_fw_transport_if<TYPES>;
    using b_cb = void (MODULE::*)(int, payload&, sc_core::sc_time&);
    using dbg_cb = unsigned (MODULE::*)(int, payload&);
    using dmi_cb = bool (MODULE::*)(int, payload&, tlm::tlm_dmi&);

    explicit IndexedTargetSocket(const char* name) : tlm::tlm_target_socket<BUSWIDTH, TYPES, 0>(name) {
        // The export needs an interface even before the first initiator binds: initiator 0's.
        this->get_base_export().bind(fw(0));
    }

    void register_b_transport(MODULE* m, b_cb f) {
        m_mod = m;
        m_b = f;
    }
    void register_transport_dbg(MODULE* m, dbg_cb f) {
        m_mod = m;
        m_dbg = f;
    }
    void register_get_direct_mem_ptr(MODULE* m, dmi_cb f) {
        m_mod = m;
        m_dmi = f;
    }

    // The number of initiators bound (valid from the end of elaboration), as unsigned.
    unsigned size() const { return static_cast<unsigned>(tlm::tlm_target_socket<BUSWIDTH, TYPES, 0>::size()); }

    // An initiator socket binding to this one asks for the interface to call: the next index's.
    fw_interface& get_base_interface() override { return fw(m_handed_out++); }
    const fw_interface& get_base_interface() const override { return *m_fw.front(); }

private:
    class Fw final : public fw_interface {
    public:
        Fw(IndexedTargetSocket& s, int id) : m_s(s), m_id(id) {}
        void b_transport(payload& gp, sc_core::sc_time& t) override {
            if (m_s.m_b) {
                (m_s.m_mod->*m_s.m_b)(m_id, gp, t);
                return;
            }
            SC_REPORT_ERROR(m_s.name(), "b_transport without a registered callback");
        }
        tlm::tlm_sync_enum nb_transport_fw(payload&, tlm::tlm_phase&, sc_core::sc_time&) override {
            SC_REPORT_ERROR(m_s.name(), "nb_transport_fw is not supported (loosely-timed platform)");
            return tlm::TLM_COMPLETED;
        }
        bool get_direct_mem_ptr(payload& gp, tlm::tlm_dmi& dmi) override {
            if (m_s.m_dmi) return (m_s.m_mod->*m_s.m_dmi)(m_id, gp, dmi);
            dmi.allow_none();
            return false;
        }
        unsigned transport_dbg(payload& gp) override {
            return m_s.m_dbg ? (m_s.m_mod->*m_s.m_dbg)(m_id, gp) : 0;
        }

    private:
        IndexedTargetSocket& m_s;
        const int m_id;
    };

    Fw& fw(size_t i) {
        while (m_fw.size() <= i) m_fw.push_back(std::make_unique<Fw>(*this, static_cast<int>(m_fw.size())));
        return *m_fw[i];
    }

    MODULE* m_mod = nullptr;
    b_cb m_b = nullptr;
    dbg_cb m_dbg = nullptr;
    dmi_cb m_dmi = nullptr;
    std::vector<std::unique_ptr<Fw>> m_fw;
    size_t m_handed_out = 0;
};

}  // namespace gsim::sysc
