// CommandQueue engine: index/wrap arithmetic, in-order execution, errors, CMD_SYNC barrier.
#include <gtest/gtest.h>

#include <vector>

#include "fake_mem.h"
#include "smmuv3/core/cmd_arbiter.h"
#include "smmuv3/core/cmd_queue.h"

using namespace smmu::core;

namespace {

// Executes everything in 1 ns; TLBIs complete 5 ns later; SYNC waits for them; opcode 0xFF is illegal.
class ScriptedExecutor : public CommandExecutor {
public:
    CmdOutcome execute(const Command& c, QueueContext& q, uint64_t now) override {
        seen.push_back(c);
        CmdOutcome o;
        o.issue_ps = 1000;
        if (c.op() == 0xFF) {
            o.err = CError::ILL;
            return o;
        }
        if (c.op() == CMD_SYNC) {
            o.complete_ps = std::max(now + o.issue_ps, q.inflight_until_ps);
        } else {
            o.complete_ps = now + o.issue_ps + 5000;
            q.inflight_until_ps = std::max(q.inflight_until_ps, o.complete_ps);
        }
        return o;
    }
    std::vector<Command> seen;
};

constexpr uint64_t QBASE = 0x100000;

void put(gsim::test::FakeMemPort& m, unsigned slot, uint64_t d0, uint64_t d1 = 0) {
    m.poke64(QBASE + 16 * slot, d0);
    m.poke64(QBASE + 16 * slot + 8, d1);
}

}  // namespace

TEST(CommandQueue, index_and_wrap_arithmetic_for_every_size) {
    for (unsigned l = 0; l <= 19; ++l) {
        CommandQueue q("q", 51, 19);
        q.set_base(QBASE | l);
        ASSERT_EQ(q.log2size(), l);
        uint32_t iw = 0;
        for (uint32_t i = 0; i < q.entries(); ++i) iw = q.inc(iw);
        EXPECT_EQ(q.idx(iw), 0u) << l;
        EXPECT_TRUE(q.wrap(iw)) << l;
        EXPECT_EQ(q.inc(q.index_wrap_mask()), 0u) << l;
    }
}

TEST(CommandQueue, log2size_is_clamped_to_the_advertised_maximum) {
    CommandQueue q("q", 51, 8);
    q.set_base(QBASE | 19);
    EXPECT_EQ(q.log2size(), 8u);
}

TEST(CommandQueue, executes_in_order_and_cons_becomes_visible_at_batch_end) {
    gsim::test::FakeMemPort mem(1 << 24, 100000);
    ScriptedExecutor ex;
    CommandQueue q;
    q.set_base(QBASE | 3);
    q.set_enabled(true);
    put(mem, 0, CMD_TLBI_NH_VA);
    put(mem, 1, CMD_TLBI_NH_ASID);
    q.set_prod(2);
    BatchResult r = q.run_batch(ex, mem, 0, BatchLimits{});
    EXPECT_EQ(r.executed, 2u);
    ASSERT_EQ(ex.seen.size(), 2u);
    EXPECT_EQ(ex.seen[0].op(), CMD_TLBI_NH_VA);
    EXPECT_EQ(ex.seen[1].op(), CMD_TLBI_NH_ASID);
    EXPECT_EQ(r.busy_ps, 100000u + 2000u);  // one fetch + two issues
    EXPECT_EQ(q.cons(r.busy_ps - 1), 0u);
    EXPECT_EQ(q.cons(r.busy_ps), 2u);
}

TEST(CommandQueue, cmd_sync_is_a_barrier_on_inflight_work) {
    gsim::test::FakeMemPort mem(1 << 24, 0);
    ScriptedExecutor ex;
    CommandQueue q;
    q.set_base(QBASE | 3);
    q.set_enabled(true);
    put(mem, 0, CMD_TLBI_NH_VA);
    put(mem, 1, CMD_SYNC);
    put(mem, 2, CMD_TLBI_NH_VA);
    q.set_prod(3);
    BatchResult r = q.run_batch(ex, mem, 0, BatchLimits{});
    EXPECT_TRUE(r.sync_pending);
    EXPECT_EQ(r.executed, 2u);
    EXPECT_EQ(q.wake_time(), 6000u);  // TLBI issued at 0, completes at 1000 + 5000
    EXPECT_FALSE(q.ready(5999));
    EXPECT_EQ(q.cons(5999), 0u);
    EXPECT_EQ(q.cons(6000), 2u);
    EXPECT_TRUE(q.ready(6000));
    r = q.run_batch(ex, mem, 6000, BatchLimits{});
    EXPECT_EQ(r.executed, 1u);
}

TEST(CommandQueue, illegal_command_halts_until_acknowledged) {
    gsim::test::FakeMemPort mem(1 << 24, 0);
    ScriptedExecutor ex;
    CommandQueue q;
    q.set_base(QBASE | 2);
    q.set_enabled(true);
    put(mem, 0, CMD_TLBI_NH_VA);
    put(mem, 1, 0xFF);
    put(mem, 2, CMD_SYNC);
    q.set_prod(3);
    BatchResult r = q.run_batch(ex, mem, 0, BatchLimits{});
    EXPECT_EQ(r.error, CError::ILL);
    EXPECT_EQ(r.failed_cmd.op(), 0xFF);
    // CONS at the failing command, ERR = ILL, from the time the command fails (after the
    // first command's execution): software reading earlier sees the queue as it was.
    ASSERT_GT(r.busy_ps, 0u);
    EXPECT_EQ(q.cons(r.busy_ps - 1), 0u);
    EXPECT_EQ(q.cons(r.busy_ps), 1u | (1u << 24));
    EXPECT_FALSE(q.ready(1000000));
    // Software overwrites the bad command with a CMD_SYNC and acknowledges.
    put(mem, 1, CMD_SYNC);
    q.acknowledge_error();
    r = q.run_batch(ex, mem, 1000000, BatchLimits{});
    EXPECT_EQ(r.error, CError::NONE);
    EXPECT_EQ(q.cons(2000000) & 0xFFFFF, 3u);
    EXPECT_EQ(q.cons(2000000) >> 24, 0u);
}

TEST(CommandQueue, fetch_abort_gives_cerror_abt) {
    gsim::test::FakeMemPort mem(1 << 24, 0);
    mem.inject_fault(QBASE, QBASE + 0xFFF);
    ScriptedExecutor ex;
    CommandQueue q;
    q.set_base(QBASE | 2);
    q.set_enabled(true);
    q.set_prod(1);
    BatchResult r = q.run_batch(ex, mem, 0, BatchLimits{});
    EXPECT_EQ(r.error, CError::ABT);
    EXPECT_EQ(q.cons(0) >> 24, 2u);
    EXPECT_TRUE(ex.seen.empty());
}

TEST(CommandQueue, batch_limits_and_wrap_around_fetch) {
    gsim::test::FakeMemPort mem(1 << 24, 0);
    ScriptedExecutor ex;
    CommandQueue q;
    q.set_base(QBASE | 2);  // 4 entries
    q.set_enabled(true);
    q.set_cons(3);
    for (unsigned s = 0; s < 4; ++s) put(mem, s, CMD_TLBI_NH_ASID | (uint64_t(s) << 48));
    q.set_prod(q.inc(q.inc(q.inc(3))));  // 3 entries: slots 3, 0, 1 (wraps)
    EXPECT_EQ(q.occupancy(), 3u);
    BatchLimits lim;
    lim.max_cmds = 2;
    BatchResult r = q.run_batch(ex, mem, 0, lim);
    EXPECT_EQ(r.executed, 2u);
    EXPECT_EQ(r.fetches, 2u);  // the ring end splits the fetch
    r = q.run_batch(ex, mem, r.busy_ps, lim);
    EXPECT_EQ(r.executed, 1u);
    ASSERT_EQ(ex.seen.size(), 3u);
    EXPECT_EQ(ex.seen[0].asid(), 3u);
    EXPECT_EQ(ex.seen[1].asid(), 0u);
    EXPECT_EQ(ex.seen[2].asid(), 1u);
}

TEST(CommandQueue, full_and_empty) {
    CommandQueue q;
    q.set_base(QBASE | 1);
    EXPECT_TRUE(q.empty());
    q.set_prod(0b10);  // index 0, wrap 1
    EXPECT_TRUE(q.full());
    EXPECT_EQ(q.occupancy(), 2u);
}

TEST(CommandArbiter, round_robin_serves_ready_queues_in_turn) {
    CommandQueue a("a"), b("b"), c("c");
    for (auto* q : {&a, &b, &c}) {
        q->set_base(QBASE | 4);
        q->set_enabled(true);
        q->set_prod(1);
    }
    b.set_enabled(false);
    CommandArbiter arb;
    arb.add(&a, {});
    arb.add(&b, {});
    arb.add(&c, {});
    EXPECT_EQ(arb.pick(0), 0);
    EXPECT_EQ(arb.pick(0), 2);
    EXPECT_EQ(arb.pick(0), 0);
    CommandArbiter fixed(CommandArbiter::Policy::FIXED_PRIORITY);
    fixed.add(&a, {});
    fixed.add(&c, {});
    EXPECT_EQ(fixed.pick(0), 0);
    EXPECT_EQ(fixed.pick(0), 0);
}
