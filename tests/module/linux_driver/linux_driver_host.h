// Shared fixture of the linux_driver module tests: the platform (ptest::Bench) with N host CPUs
// and one ArmSmmuDriver (the host kernel's), a probe gate, and a DomainInfo helper.
// Does not implement: guest VMs, the VMM.
#pragma once
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <functional>
#include <memory>
#include <string>

#include "cmdqv_host.h"
#include "linux/arm_smmu_driver.h"
#include "smmu_bench.h"

namespace ldtest {

using namespace ptest;
using fw::linux_model::ArmSmmuDriver;
using fw::linux_model::DomainInfo;
using fw::linux_model::SmmuDriverParams;

// Platform + N host CPUs + one driver instance (the host kernel's).
struct Host {
    Bench b;
    SmmuDriverParams dp;
    std::unique_ptr<ArmSmmuDriver> drv;
    Gate probed;
    int probe_rc = -1;

    Host(unsigned cpus, const std::function<void(platform::SimConfig&)>& tweak = {},
         const std::function<void(SmmuDriverParams&)>& dtweak = {})
        : b(cpus, tweak) {
        // The queue sizes these tests were written against (Linux's default is 2^18 entries).
        dp.cmdq_log2size = 8;
        dp.vcmdq_log2size = 8;
        if (dtweak) dtweak(dp);
        for (unsigned i = 0; i < cpus; ++i)
            b.cpu(i).main_port().set_cached_access_cost(sc_time(1, SC_NS));
        drv = std::make_unique<ArmSmmuDriver>(dp, SMMU, CMDQV, b.alloc,
                                              gsim::StatGroup(b.stats, "drv"), "smmu0");
    }
    // cpu0's part of every test: probe, then open the gate for the other CPUs.
    bool probe(fw::Cpu& cpu, ScriptAgent& a) {
        probe_rc = drv->probe(cpu);
        probed.release(a);
        return probe_rc == 0;
    }
    uint64_t stat(const std::string& n) const { return b.stats.value(n); }
};

inline DomainInfo domain(uint16_t asid, uint32_t sid = 0x10) {
    DomainInfo d;
    d.asid = asid;
    d.sid = sid;
    return d;
}

}  // namespace ldtest
