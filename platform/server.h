// grace-sim: a Grace server running dma_map_benchmark. Builds, on the Platform, the host kernel
// (ArmSmmuDriver on the physical SMMU/CMDQV, iommufd, an interrupt thread), and per VM the
// guest memory, the VMM, the vCPUs and the guest kernel (the same driver on the emulated
// SMMU/CMDQV), then runs the benchmark threads:
//   direct     guest bypass_vcmdq = 0: guest VCMDQ through the passed-through VINTF page
//   trapped    guest bypass_vcmdq = 1: emulated CMDQ, VM exits, HWPT_INVALIDATE, host main CMDQ
//   host-cmdq  natively on the host, main CMDQ (host bypass_vcmdq = 1)
//   host-vcmdq natively on the host, VINTF0 LVCMDQs
#pragma once
#include <systemc>

#include <memory>
#include <string>
#include <vector>

#include "agent/sw_agent.h"
#include "common/stats.h"
#include "sim_config.h"
#include "workloads/dma_map_benchmark.h"
#include "workloads/ftrace_replay.h"

namespace fw::vm {
class GuestMemory;
struct VmLayout;
}  // namespace fw::vm
namespace fw::linux_model {
class ArmSmmuDriver;
}  // namespace fw::linux_model

namespace platform {

class Platform;

class GraceServer {
public:
    // With `ftrace`, the VM's (or the host's) threads replay its map/unmap events instead of
    // running dma_map_benchmark: one thread per traced CPU.
    GraceServer(Platform& top, SimConfig& cfg, gsim::Stats& stats,
                const traces::FtraceTrace* ftrace = nullptr);
    ~GraceServer();

    const fw::workloads::DmaMapBenchmark& bench(unsigned vm = 0) const;
    const fw::workloads::FtraceReplay& ftrace_replay(unsigned vm = 0) const;
    // --- for tests and tools (VM paths) -------------------------------------------------
    fw::vm::GuestMemory& guest_memory(unsigned vm);
    fw::linux_model::ArmSmmuDriver& guest_driver(unsigned vm);
    fw::linux_model::ArmSmmuDriver& host_driver();
    const fw::vm::VmLayout& vm_layout() const;
    // Blocks the calling guest thread until VM `vm`'s kernel is up (driver probed, DMA domain
    // installed); returns false if the set-up failed.
    bool wait_guest_ready(unsigned vm, fw::Cpu& guest);
    unsigned benchmarks() const;
    bool failed() const;
    std::string failure() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace platform
