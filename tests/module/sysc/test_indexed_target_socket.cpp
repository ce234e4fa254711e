// IndexedTargetSocket: initiators bound to one target socket are told apart by their binding
// order, on the forward path (b_transport, transport_dbg, get_direct_mem_ptr) and on the
// backward path (invalidate_direct_mem_ptr reaches the initiator with that index); a callback
// left unregistered answers "no DMI" and "0 bytes" instead of calling through a null pointer.
#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <vector>

#include "sc_test_support.h"
#include "sysc/indexed_target_socket.h"

using namespace sc_core;

namespace {

struct Target : sc_module {
    gsim::sysc::IndexedTargetSocket<Target> in{"in"};
    std::vector<int> b_ids, dbg_ids, dmi_ids;
    explicit Target(sc_module_name n, bool all_callbacks) : sc_module(n) {
        in.register_b_transport(this, &Target::b_transport);
        if (all_callbacks) {
            in.register_transport_dbg(this, &Target::transport_dbg);
            in.register_get_direct_mem_ptr(this, &Target::get_direct_mem_ptr);
        }
    }
    void b_transport(int id, tlm::tlm_generic_payload& gp, sc_time& delay) {
        b_ids.push_back(id);
        delay += sc_time(id + 1, SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(int id, tlm::tlm_generic_payload&) {
        dbg_ids.push_back(id);
        return 4;
    }
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
        dmi_ids.push_back(id);
        dmi.allow_read();
        return true;
    }
};

struct Initiator : sc_module {
    tlm_utils::simple_initiator_socket<Initiator> out{"out"};
    std::vector<uint64_t> invalidated;
    explicit Initiator(sc_module_name n) : sc_module(n) {
        out.register_invalidate_direct_mem_ptr(this, &Initiator::invalidate);
    }
    void invalidate(sc_dt::uint64 start, sc_dt::uint64) { invalidated.push_back(start); }
    sc_time call(tlm::tlm_command cmd = tlm::TLM_READ_COMMAND) {
        uint32_t data = 0;
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        sc_time d = SC_ZERO_TIME;
        out->b_transport(gp, d);
        return d;
    }
};

}  // namespace

TEST(IndexedTargetSocket, each_initiator_is_known_by_its_binding_order_both_ways) {
    gsim::test::guard_single_elaboration();
    Target t("t", true);
    Initiator a("a"), b("b"), c("c");
    a.out.bind(t.in);
    b.out.bind(t.in);
    c.out.bind(t.in);
    gsim::test::advance(SC_ZERO_TIME);  // elaboration ends: the backward bindings are complete
    EXPECT_EQ(t.in.size(), 3u);
    EXPECT_EQ(c.call(), sc_time(3, SC_NS));
    EXPECT_EQ(a.call(), sc_time(1, SC_NS));
    EXPECT_EQ(b.call(), sc_time(2, SC_NS));
    EXPECT_EQ(t.b_ids, (std::vector<int>{2, 0, 1}));
    tlm::tlm_generic_payload gp;
    tlm::tlm_dmi dmi;
    EXPECT_EQ(b.out->transport_dbg(gp), 4u);
    EXPECT_TRUE(c.out->get_direct_mem_ptr(gp, dmi));
    EXPECT_EQ(t.dbg_ids, (std::vector<int>{1}));
    EXPECT_EQ(t.dmi_ids, (std::vector<int>{2}));
    t.in[1]->invalidate_direct_mem_ptr(0x1000, 0x1fff);
    t.in[2]->invalidate_direct_mem_ptr(0x2000, 0x2fff);
    EXPECT_TRUE(a.invalidated.empty());
    EXPECT_EQ(b.invalidated, (std::vector<uint64_t>{0x1000}));
    EXPECT_EQ(c.invalidated, (std::vector<uint64_t>{0x2000}));
}

TEST(IndexedTargetSocket, unregistered_callbacks_answer_no_dmi_and_no_debug_bytes) {
    gsim::test::guard_single_elaboration();
    Target t("t", false);
    Initiator a("a");
    a.out.bind(t.in);
    gsim::test::advance(SC_ZERO_TIME);
    tlm::tlm_generic_payload gp;
    tlm::tlm_dmi dmi;
    EXPECT_EQ(a.out->transport_dbg(gp), 0u);
    EXPECT_FALSE(a.out->get_direct_mem_ptr(gp, dmi));
    EXPECT_EQ(dmi.get_granted_access(), tlm::tlm_dmi::DMI_ACCESS_NONE);
    EXPECT_EQ(a.call(), sc_time(1, SC_NS));
}
