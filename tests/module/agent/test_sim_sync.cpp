// Simulated locks between CPUs: mutual exclusion in simulated time, FIFO hand-off, wake-up
// cost for a waiter, statistics; WaitQueue sleeps until a condition holds.
#include <gtest/gtest.h>

#include <functional>

#include "kernel/sim_sync.h"
#include "sc_test_support.h"
#include "soc/dram.h"
#include "soc/router.h"

using namespace sc_core;

namespace {

struct ScriptAgent : fw::SwAgent {
    std::function<void(fw::Cpu&)> script;
    unsigned cpu_id;
    ScriptAgent(sc_module_name n, gsim::StatGroup s, unsigned id) : SwAgent(n, s), cpu_id(id) {}
    void run() override {
        fw::Cpu c(*this, main_port(), cpu_id);
        script(c);
    }
};

struct Bench {
    gsim::Stats stats;
    soc::Router bus{"bus", gsim::StatGroup(stats, "bus"), SC_ZERO_TIME};
    soc::Dram dram{"dram", 1 << 20, sc_time(10, SC_NS), sc_time(10, SC_NS), gsim::StatGroup(stats, "dram")};
    ScriptAgent a{"a", gsim::StatGroup(stats, "a"), 0}, b{"b", gsim::StatGroup(stats, "b"), 1},
        c{"c", gsim::StatGroup(stats, "c"), 2};
    Bench() {
        tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, SC_US));
        bus.map({"dram", 0x80000000, 1 << 20});
        bus.out.bind(dram.in);
        for (auto* x : {&a, &b, &c}) {
            x->bus_out.bind(bus.in);
            x->add_decoupled_range(0x80000000, 1 << 20);
        }
    }
};

}  // namespace

TEST(SimMutex, serialises_critical_sections_in_fifo_order_with_wakeup_cost) {
    gsim::test::guard_single_elaboration();
    Bench t;
    fw::SimMutex m("bql", sc_time(2, SC_US), gsim::StatGroup(t.stats, "vmm"));
    std::vector<std::pair<unsigned, sc_time>> entered;
    auto section = [&](fw::Cpu& c, double start_ns) {
        c.compute_ns(start_ns);
        m.lock(c);
        entered.push_back({c.id(), c.now()});
        c.compute_ns(10000);  // 10 us inside
        m.unlock(c);
    };
    t.a.script = [&](fw::Cpu& c) { section(c, 0); };
    t.b.script = [&](fw::Cpu& c) { section(c, 100); };
    t.c.script = [&](fw::Cpu& c) { section(c, 200); };
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_EQ(entered.size(), 3u);
    EXPECT_EQ(entered[0].first, 0u);
    EXPECT_EQ(entered[0].second, sc_time(0, SC_NS));
    EXPECT_EQ(entered[1].first, 1u);  // FIFO: b asked before c
    EXPECT_EQ(entered[1].second, sc_time(12, SC_US));  // a's 10 us + b's 2 us wake-up
    EXPECT_EQ(entered[2].first, 2u);
    EXPECT_EQ(entered[2].second, sc_time(24, SC_US));
    EXPECT_EQ(t.stats.value("vmm.bql.acquisitions"), 3u);
    EXPECT_EQ(t.stats.value("vmm.bql.contended"), 2u);
    EXPECT_FALSE(m.held());
}

TEST(WaitQueue, sleeps_until_the_condition_holds) {
    gsim::test::guard_single_elaboration();
    Bench t;
    fw::WaitQueue wq;
    bool flag = false;
    sc_time woke;
    t.a.script = [&](fw::Cpu& c) {
        wq.wait_until(c, [&] { return flag; });
        woke = sc_time_stamp();
    };
    t.b.script = [&](fw::Cpu& c) {
        c.compute_ns(5000);
        c.sync();
        flag = true;
        wq.notify_all(c);
    };
    t.c.script = [](fw::Cpu&) {};
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_TRUE(t.a.done());
    EXPECT_EQ(woke, sc_time(5, SC_US));
}

TEST(Cpu, views_share_the_thread_and_the_local_time) {
    gsim::test::guard_single_elaboration();
    Bench t;
    fw::AgentPort& second = t.a.add_port("second");
    second.out.bind(t.bus.in);
    uint64_t v = 0;
    sc_time end;
    t.a.script = [&](fw::Cpu& c) {
        fw::Cpu other = c.view(second);
        c.write64(0x80000100, 0x1234);  // 10 ns
        v = other.read64(0x80000100);   // 10 ns, not decoupled on this port: synchronises
        end = c.now();
        EXPECT_EQ(other.id(), c.id());
    };
    t.b.script = t.c.script = [](fw::Cpu&) {};
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(v, 0x1234u);
    EXPECT_EQ(end, sc_time(20, SC_NS));
    EXPECT_EQ(t.stats.value("a.second.mmio_reads"), 1u);
}

// Cpu::sync() waits only when another process is due before the CPU's local time: shared state
// is still touched in simulated-time order, whichever thread the kernel happens to run first.
TEST(Cpu, shared_state_is_touched_in_simulated_time_order) {
    gsim::test::guard_single_elaboration();
    Bench t;
    std::vector<std::pair<unsigned, sc_time>> touched;
    auto steps = [&](fw::Cpu& c, std::vector<double> gaps_ns) {
        for (double g : gaps_ns) {
            c.compute_ns(g);
            c.sync();
            touched.push_back({c.id(), c.now()});
        }
    };
    t.a.script = [&](fw::Cpu& c) { steps(c, {10000, 1000, 1000}); };  // 10, 11, 12 us
    t.b.script = [&](fw::Cpu& c) { steps(c, {3000, 8500}); };        // 3, 11.5 us
    t.c.script = [&](fw::Cpu& c) { steps(c, {2500}); };              // 2.5 us
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_EQ(touched.size(), 6u);
    const std::vector<std::pair<unsigned, double>> want = {
        {2, 2.5}, {1, 3}, {0, 10}, {0, 11}, {1, 11.5}, {0, 12}};
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(touched[i].first, want[i].first) << i;
        EXPECT_EQ(touched[i].second, sc_time(want[i].second, SC_US)) << i;
    }
}

// A CPU that nobody else can observe runs ahead without a kernel activation per step: 1,000
// compute + sync steps cost no delta cycles, and its local time is still exact.
TEST(Cpu, a_lone_cpu_runs_ahead_without_kernel_activations) {
    gsim::test::guard_single_elaboration();
    Bench t;
    uint64_t deltas = ~uint64_t{0};
    sc_time end;
    t.a.script = [&](fw::Cpu& c) {
        const uint64_t d0 = sc_delta_count();
        for (int i = 0; i < 1000; ++i) {
            c.compute_ns(700);
            c.sync();
        }
        deltas = sc_delta_count() - d0;
        end = c.now();
    };
    t.b.script = [](fw::Cpu&) {};
    t.c.script = [](fw::Cpu&) {};
    gsim::test::advance(sc_time(1, SC_MS));
    EXPECT_EQ(end, sc_time(700, SC_US));
    EXPECT_LE(deltas, 2u);
}

// A CPU running ahead caches when the next other process is due; a notification it makes itself
// (here a WaitQueue wake-up at its local time) must make it wait before it touches shared state
// past that time, so the woken CPU goes first.
TEST(Cpu, a_wake_up_made_while_running_ahead_is_seen_before_later_shared_state) {
    gsim::test::guard_single_elaboration();
    Bench t;
    fw::WaitQueue wq;
    bool flag = false;
    std::vector<std::pair<unsigned, sc_time>> touched;
    t.a.script = [&](fw::Cpu& c) {
        c.compute_ns(1000);
        c.sync();  // b sleeps from here on: nothing else is pending
        c.compute_ns(4000);
        c.sync();
        flag = true;
        wq.notify_all(c);  // b wakes at 5 us
        for (int i = 0; i < 5; ++i) {
            c.compute_ns(1000);
            c.sync();
        }
        touched.push_back({c.id(), c.now()});  // 10 us
    };
    t.b.script = [&](fw::Cpu& c) {
        wq.wait_until(c, [&] { return flag; });
        c.sync();
        touched.push_back({c.id(), c.now()});
    };
    t.c.script = [](fw::Cpu&) {};
    gsim::test::advance(sc_time(1, SC_MS));
    ASSERT_EQ(touched.size(), 2u);
    EXPECT_EQ(touched[0].first, 1u);
    EXPECT_EQ(touched[0].second, sc_time(5, SC_US));
    EXPECT_EQ(touched[1].first, 0u);
    EXPECT_EQ(touched[1].second, sc_time(10, SC_US));
}
