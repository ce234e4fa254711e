// The whole stack end to end (issue 5): host kernel, VMM, guest kernel and benchmark on the
// platform. Error injection into a guest-owned VCMDQ travels hardware -> host ISR -> iommufd
// vEVENT -> VMM -> guest ISR, which patches the command through its passed-through page and
// acknowledges; the queue resumes while the benchmark on the other queue keeps running.
#include <gtest/gtest.h>

#include "cmdqv/core/cmdqv_regs.h"
#include "encoders/commands.h"
#include "linux/arm_smmu_driver.h"
#include "sc_test_support.h"
#include "server.h"
#include "top.h"
#include "vm/guest_memory.h"
#include "vm/vcpu.h"
#include "vm/vmm.h"

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;
namespace cr = cmdqv::core::regs;

namespace {

struct World {
    platform::SimConfig cfg;
    gsim::Stats stats;
    std::unique_ptr<platform::Platform> top;
    std::unique_ptr<platform::GraceServer> server;
    World(const std::string& path, unsigned threads, unsigned loops, unsigned vms = 1) {
        gsim::test::guard_single_elaboration();
        tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, SC_US));
        cfg.server.path = path;
        cfg.server.vms = vms;
        cfg.dma_bench.threads = threads;
        cfg.dma_bench.loops = loops;
        top = std::make_unique<platform::Platform>("platform", cfg, stats);
        server = std::make_unique<platform::GraceServer>(*top, cfg, stats);
    }
    uint64_t stat(const std::string& n) const { return stats.value(n); }
};

}  // namespace

TEST(GraceServer, guest_vcmdq_error_is_recovered_through_the_whole_stack) {
    World w("direct", 1, 300);
    // A guest thread of VM 0 that injects an illegal command into LVCMDQ 1 (the benchmark's
    // single thread runs on CPU 0 and uses LVCMDQ 0).
    fw::vm::Vcpu inj("injector", gsim::StatGroup(w.stats, "vm0.injector"), 900, 7, w.server->vm_layout().ram_gpa,
                     w.server->vm_layout().ram_size);
    inj.guest_out().bind(w.server->guest_memory(0).in);
    inj.host_out().bind(w.top->bus().in);
    w.top->watch(inj);
    uint32_t err_seen = 0, cons_after = 0;
    bool ready = false, recovered = false;
    inj.set_body([&](fw::Cpu& g, fw::Cpu&) {
        ready = w.server->wait_guest_ready(0, g);
        if (!ready) return;
        g.compute_ns(20000);  // let the benchmark run
        const uint64_t page0 = w.server->vm_layout().cmdqv_gpa + cr::vintf_page0(0) + cr::VCMDQ_STRIDE;
        const uint64_t ring = w.server->guest_driver(0).lvcmdq_ring_pa(1);
        const smmu::core::Command bad = fw::enc::cfgi_all(), sync = fw::enc::cmd_sync();
        const uint64_t words[4] = {bad.d0, bad.d1, sync.d0, sync.d1};
        g.mem_write(ring, words, sizeof words);
        g.write32(page0 + cr::VCMDQ_PROD, 2);
        for (int i = 0; i < 2000 && !err_seen; ++i) {
            err_seen = (g.read32(page0 + cr::VCMDQ_CONS) >> 24) & 0x7f;
            if (!err_seen) g.compute_ns(100);
        }
        for (int i = 0; i < 20000 && !recovered; ++i) {
            cons_after = g.read32(page0 + cr::VCMDQ_CONS);
            recovered = cons_after == 2;
            if (!recovered) g.compute_ns(500);
        }
    });
    gsim::test::advance(sc_time(100, sc_core::SC_MS));
    ASSERT_TRUE(ready) << w.server->failure();
    EXPECT_FALSE(w.server->failed()) << w.server->failure();
    EXPECT_EQ(err_seen, 4u);  // CONS.ERR = ILL_ACCESS: CFGI_* is not allowed on a guest-owned queue
    EXPECT_TRUE(recovered) << "CONS = 0x" << std::hex << cons_after;
    EXPECT_EQ(w.stat("vm0.iommufd.vevents_queued"), 1u);  // the host forwarded one vEVENT
    EXPECT_GE(w.stat("vm0.guest.smmu_driver.skip_err_patched"), 1u);
    EXPECT_FALSE(w.top->cmdqv().core().vcmdq_regs(3).in_error());
    // The benchmark on the other queue completed every unmap.
    EXPECT_EQ(w.server->bench(0).result().loops, 300u);
    EXPECT_EQ(w.server->bench(0).unmap_errors(), 0u);
}

TEST(GraceServer, trapped_path_forwards_one_hwpt_invalidate_per_command_and_exits_twice_per_unmap) {
    World w("trapped", 1, 100);
    gsim::test::advance(sc_time(100, sc_core::SC_MS));
    EXPECT_FALSE(w.server->failed()) << w.server->failure();
    EXPECT_EQ(w.server->bench(0).result().loops, 100u);
    // 4 KiB granule without RIL: one TLBI_NH_VA per unmap, forwarded in its own ioctl.
    EXPECT_GE(w.stat("vm0.iommufd.ioctl.HWPT_INVALIDATE"), 100u);
    EXPECT_LE(w.stat("vm0.iommufd.ioctl.HWPT_INVALIDATE"), 110u);  // + set-up invalidations
    // The direct queues are not used for the benchmark's invalidations on this path.
    EXPECT_EQ(w.stat("vm0.guest.smmu_driver.vcmdq0.cmds"), 0u);
}

TEST(GraceServer, two_vms_use_their_own_vintfs_and_vmids) {
    World w("direct", 1, 100, 2);
    gsim::test::advance(sc_time(100, sc_core::SC_MS));
    EXPECT_FALSE(w.server->failed()) << w.server->failure();
    EXPECT_EQ(w.server->bench(0).result().loops, 100u);
    EXPECT_EQ(w.server->bench(1).result().loops, 100u);
    // Each VM's VINTF executes its own guest's TLBIs (VINTF 1 and 2; VINTF 0 is the host's).
    EXPECT_GE(w.stat("platform.cmdqv0.vintf1.commands"), 200u);
    EXPECT_GE(w.stat("platform.cmdqv0.vintf2.commands"), 200u);
}
