// Software-agent helpers: MMIO read/write, poll until mask/value with timeout, memory access
// with temporal decoupling (DMI), device accesses synchronised to the agent's local time.
#include <gtest/gtest.h>

#include <functional>
#include <tlm_utils/simple_target_socket.h>

#include "agent/sw_agent.h"
#include "kernel/cpu.h"
#include "sc_test_support.h"
#include "soc/dram.h"
#include "soc/router.h"

using namespace sc_core;

namespace {

// A device with one register that becomes 1 at t = 5 us and records when it was accessed.
struct TimedReg : sc_module {
    tlm_utils::simple_target_socket<TimedReg> in{"in"};
    std::vector<sc_time> access_times;
    std::vector<sc_time> kernel_times;  // sc_time_stamp() when the access arrived
    uint32_t written = 0;
    explicit TimedReg(sc_module_name n) : sc_module(n) { in.register_b_transport(this, &TimedReg::bt); }
    void bt(tlm::tlm_generic_payload& gp, sc_time& d) {
        access_times.push_back(sc_time_stamp() + d);
        kernel_times.push_back(sc_time_stamp());
        uint32_t v = sc_time_stamp() + d >= sc_time(5, SC_US) ? 1 : 0;
        if (gp.is_read()) {
            std::memcpy(gp.get_data_ptr(), &v, 4);
        } else {
            std::memcpy(&written, gp.get_data_ptr(), 4);
        }
        d += sc_time(100, SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct ScriptAgent : fw::SwAgent {
    std::function<void(ScriptAgent&)> script;
    ScriptAgent(sc_module_name n, gsim::StatGroup s) : SwAgent(n, s) {}
    void run() override { script(*this); }
};

struct Bench {
    gsim::Stats stats;
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), SC_ZERO_TIME};
    uint64_t dram_size;
    soc::Dram dram;
    TimedReg reg{"reg"};
    ScriptAgent agent{"agent", gsim::StatGroup(stats, "agent")};
    explicit Bench(uint64_t size = 1 << 20)
        : dram_size(size),
          dram("dram", size, sc_time(10, SC_NS), sc_time(10, SC_NS), gsim::StatGroup(stats, "dram")) {
        tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, SC_US));
        bus.map({"dram", 0x80000000, size});
        bus.out.bind(dram.in);
        bus.map({"reg", 0x1000, 0x100});
        bus.out.bind(reg.in);
        agent.bus_out.bind(bus.in);
        agent.add_decoupled_range(0x80000000, size);
    }
};

}  // namespace

TEST(SwAgent, poll_returns_when_the_value_matches) {
    gsim::test::guard_single_elaboration();
    Bench b;
    fw::PollResult r;
    b.agent.script = [&](ScriptAgent& a) {
        r = a.poll(0x1000, 4, 1, 1, sc_time(1, SC_MS), sc_time(1, SC_US));
    };
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_TRUE(b.agent.done());
    EXPECT_TRUE(r.matched);
    EXPECT_EQ(r.value, 1u);
    EXPECT_GE(r.reads, 5u);
    EXPECT_LE(r.reads, 6u);
}

TEST(SwAgent, poll_times_out) {
    gsim::test::guard_single_elaboration();
    Bench b;
    fw::PollResult r;
    sc_time end;
    b.agent.script = [&](ScriptAgent& a) {
        r = a.poll(0x1000, 4, 1, 1, sc_time(2, SC_US), sc_time(500, SC_NS));
        end = a.local_time();
    };
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_FALSE(r.matched);
    EXPECT_GE(end, sc_time(2, SC_US));
    EXPECT_LT(end, sc_time(3, SC_US));
}

TEST(SwAgent, device_accesses_happen_at_the_agent_local_time) {
    gsim::test::guard_single_elaboration();
    Bench b;
    b.agent.script = [&](ScriptAgent& a) {
        a.compute(sc_time(300, SC_NS));  // below the quantum: stays local
        a.write32(0x1000, 7);
        a.compute(sc_time(250, SC_NS));
        a.read32(0x1000);
    };
    gsim::test::advance(sc_time(10, SC_US));
    ASSERT_EQ(b.reg.access_times.size(), 2u);
    EXPECT_EQ(b.reg.access_times[0], sc_time(300, SC_NS));
    EXPECT_EQ(b.reg.access_times[1], sc_time(650, SC_NS));  // 300 + 100 (write) + 250
    EXPECT_EQ(b.reg.written, 7u);
    EXPECT_EQ(b.stats.value("agent.mmio_writes"), 1u);
}

// Lookahead for device reads and doorbells: with no other process due, they go out with the
// local offset as the delay (the kernel's time stays behind); with a process due before the
// local time, the agent waits first. Either way the device sees the agent's local time. An
// ordinary write always makes local time the kernel's time first.
TEST(SwAgent, reads_and_doorbells_carry_the_local_offset_unless_someone_is_due) {
    gsim::test::guard_single_elaboration();
    Bench b;
    sc_event other;
    b.agent.script = [&](ScriptAgent& a) {
        fw::Cpu c(a, a.main_port(), 0);
        c.compute_ns(300);
        c.read32(0x1000);          // nobody due: kernel at 0, access at 300 ns
        c.compute_ns(200);
        c.doorbell32(0x1000, 5);   // 600 ns, kernel still at 0
        c.compute_ns(200);
        c.write32(0x1000, 6);      // ordinary write: kernel catches up to 900 ns
        c.notify_at_local(other);  // an event due at 1000 ns (the write's latency; kernel at 900)
        c.compute_ns(300);
        c.doorbell32(0x1000, 7);   // 1300 ns, someone due at 1000: the agent waits first
    };
    gsim::test::advance(sc_time(10, SC_US));
    ASSERT_EQ(b.reg.access_times.size(), 4u);
    const std::vector<double> at = {300, 600, 900, 1300}, kernel = {0, 0, 900, 1300};
    for (size_t i = 0; i < at.size(); ++i) {
        EXPECT_EQ(b.reg.access_times[i], sc_time(at[i], SC_NS)) << i;
        EXPECT_EQ(b.reg.kernel_times[i], sc_time(kernel[i], SC_NS)) << i;
    }
    EXPECT_EQ(b.reg.written, 7u);
}

TEST(SwAgent, memory_accesses_are_decoupled_and_correct) {
    gsim::test::guard_single_elaboration();
    Bench b;
    std::vector<uint8_t> back(256);
    sc_time t_end;
    b.agent.script = [&](ScriptAgent& a) {
        std::vector<uint8_t> data(256);
        for (int i = 0; i < 256; ++i) data[i] = uint8_t(i);
        for (int i = 0; i < 4; ++i) a.mem_write(0x80000000 + 64 * i, data.data() + 64 * i, 64);
        a.mem_read(0x80000000, back.data(), 256);
        t_end = a.local_time();
    };
    gsim::test::advance(sc_time(10, SC_US));
    for (int i = 0; i < 256; ++i) ASSERT_EQ(back[i], i);
    EXPECT_EQ(t_end, sc_time(50, SC_NS));  // 5 accesses x 10 ns, DMI after the first
    EXPECT_EQ(b.stats.value("dram.reads") + b.stats.value("dram.writes"), 1u);  // the rest via DMI
}

TEST(SwAgent, bus_errors_are_reported_not_fatal) {
    gsim::test::guard_single_elaboration();
    Bench b;
    fw::Access st = fw::Access::OK;
    b.agent.script = [&](ScriptAgent& a) {
        uint64_t v;
        st = a.read(0x5000, 4, v);
        a.read32(0x6000);  // records a failure
    };
    gsim::test::advance(sc_time(10, SC_US));
    EXPECT_EQ(st, fw::Access::DECODE_ERROR);
    EXPECT_TRUE(b.agent.failed());
    EXPECT_EQ(b.stats.value("agent.bus_errors"), 2u);
}

// A CPU's cached load costs the same on the first touch of a page (no DMI pointer yet: the
// access goes through b_transport) as afterwards, and however many pages the agent has touched
// (every DRAM grant is one 4 KiB page; a bounded DMI cache once made long runs slower).
TEST(SwAgent, cached_access_cost_does_not_depend_on_dmi_state) {
    gsim::test::guard_single_elaboration();
    constexpr unsigned PAGES = 600;
    Bench b(uint64_t{PAGES} * 4096);
    b.agent.main_port().set_cached_access_cost(sc_time(2, SC_NS));
    sc_time elapsed;
    uint64_t mismatches = 0;
    b.agent.script = [&](ScriptAgent& a) {
        const sc_time t0 = a.local_time();
        for (unsigned round = 0; round < 2; ++round) {
            for (unsigned p = 0; p < PAGES; ++p) {
                const uint64_t addr = 0x80000000 + uint64_t{p} * 4096 + 8 * round;
                uint64_t v = p * 3 + round;
                a.mem_write(addr, &v, 8);
                uint64_t back = 0;
                a.main_port().debug(tlm::TLM_READ_COMMAND, addr, reinterpret_cast<uint8_t*>(&back), 8);
                if (back != v) ++mismatches;
            }
        }
        elapsed = a.local_time() - t0;
    };
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_TRUE(b.agent.done());
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(elapsed, sc_time(2.0 * 2 * PAGES, SC_NS));
}

// Debug accesses through a granted DMI pointer see and make the same bytes as the target's
// debug transport.
TEST(SwAgent, debug_accesses_agree_with_the_target) {
    gsim::test::guard_single_elaboration();
    Bench b;
    b.agent.script = [&](ScriptAgent& a) {
        uint32_t v = 0x12345678;
        a.main_port().debug(tlm::TLM_WRITE_COMMAND, 0x80003000, reinterpret_cast<uint8_t*>(&v), 4);
        v = 0xcafef00d;  // now through the DMI pointer the first access obtained
        a.main_port().debug(tlm::TLM_WRITE_COMMAND, 0x80003004, reinterpret_cast<uint8_t*>(&v), 4);
    };
    gsim::test::advance(sc_time(1, SC_US));
    ASSERT_TRUE(b.agent.done());
    uint64_t got = 0;
    b.dram.memory().read(0x3000, &got, 8);
    EXPECT_EQ(got, 0xcafef00d12345678ull);
}
