// grace-sim: parameters of the Grace server scenario (dma-bench): which invalidation path,
// how many VMs, where things sit in host DRAM (pure).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/params.h"

namespace platform {

struct ServerParams {
    std::string path = "direct";        // direct | trapped | host-cmdq | host-vcmdq
    uint64_t vms = 1;                   // VMs, each with its VINTF, vSIDs, VMID and benchmark
    uint64_t vm_ram_mb = 256;           // guest RAM per VM
    uint64_t device_psid_base = 0x100;  // physical StreamID of VM i's device: base + i
    uint64_t device_vsid = 0x8;         // the device's virtual StreamID in every guest
    bool ats = false;                   // the benchmark device has ATS enabled
    uint64_t asid = 1;                  // ASID of the DMA domain's context descriptor
    double cpu_cached_access_ns = 1;    // a CPU load/store to RAM that hits the caches
    double posted_write_ns = 20;        // a CPU store to device memory (posted)
    uint64_t vcpu_cpu_base = 4;         // host CPU of VM i vCPU j: base + i * threads + j
    std::string bench_cpus = "";        // guest CPU of each benchmark thread ("": thread j on CPU j)
    void visit(gsim::ParamVisitor& v) {
        v.choice("path", path, {"direct", "trapped", "host-cmdq", "host-vcmdq"},
                 {"", "invalidation path: guest VCMDQ (direct), guest emulated queue (trapped), "
                      "host main CMDQ, host VCMDQs",
                  "spec/software-stack.md 0 and cmdqv.md 4"});
        v.u64("vms", vms, {"VMs", "VMs running the benchmark at once (each its own VINTF)",
                           "user choice", 1, 63});
        v.u64("vm_ram_mb", vm_ram_mb, {"MiB", "guest RAM of each VM", "user choice", 64, 4096});
        v.u64("device_psid_base", device_psid_base,
              {"", "physical StreamID of VM i's device is base + i (0x100: the ATS endpoint ats0)",
               "platform choice", 0, 0xffff});
        v.u64("device_vsid", device_vsid, {"", "virtual StreamID of the device in each guest",
                                           "QEMU choice", 0, 0xffff});
        v.flag("ats", ats, {"", "the benchmark device has ATS enabled (unmap adds ATC_INV)",
                            "spec/software-stack.md 9 question 1 (unknown for the measurement)"});
        v.u64("asid", asid, {"", "ASID of the DMA domain", "Linux allocates from 1", 1, 0xffff});
        v.f64("cpu_cached_access_ns", cpu_cached_access_ns,
              {"ns", "cost of a CPU load or store to RAM (cache hit) in software agents",
               "Est. (L1/L2 hit on Neoverse V2)", 0, 1000});
        v.str("bench_cpus", bench_cpus,
              {"", "comma list: the (guest) CPU each benchmark thread runs on, e.g. 0,2 puts two "
                   "threads on CPUs of equal parity (same LVCMDQ); empty: thread j on CPU j",
               "spec/software-stack.md 1.1 (the tool does not pin; the scheduler places threads)"});
        v.f64("posted_write_ns", posted_write_ns,
              {"ns", "CPU cost of a store to device registers (posted: the CPU does not wait for "
                     "the device; the device sees it when issued)",
               "Est. (Arm Device-nGnRE early write acknowledgement)", 0, 100000});
        v.u64("vcpu_cpu_base", vcpu_cpu_base,
              {"", "first host CPU running vCPU threads (one vCPU per host CPU, pinned)",
               "user choice", 1, 1023});
    }
    bool in_vm() const { return path == "direct" || path == "trapped"; }
    // CPU number of benchmark thread j; false (and `err`) when bench_cpus is malformed.
    bool bench_cpu(unsigned j, unsigned& cpu, std::string& err) const {
        if (bench_cpus.empty()) {
            cpu = j;
            return true;
        }
        unsigned idx = 0;
        size_t pos = 0;
        while (true) {
            size_t comma = bench_cpus.find(',', pos);
            std::string item = bench_cpus.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            if (idx == j) {
                char* end = nullptr;
                unsigned long v = std::strtoul(item.c_str(), &end, 10);
                if (item.empty() || *end || v > 1023) {
                    err = "server.bench_cpus: '" + item + "' is not a CPU number (0..1023)";
                    return false;
                }
                cpu = static_cast<unsigned>(v);
                return true;
            }
            if (comma == std::string::npos) break;
            pos = comma + 1;
            ++idx;
        }
        err = "server.bench_cpus: no CPU for benchmark thread " + std::to_string(j) + " in '" + bench_cpus + "'";
        return false;
    }
};

}  // namespace platform
