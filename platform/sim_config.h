// grace-sim: the complete configuration of a simulation. Each block keeps its parameters in
// its own struct; this aggregate names their INI sections. configs/default.ini is generated
// from it (grace-sim --dump-config=annotated) and a test keeps the two identical.
#pragma once
#include <cstdint>
#include <string>

#include "common/params.h"
#include "cmdqv/core/cmdqv_params.h"
#include "linux/arm_smmu_driver.h"
#include "linux/dma_iommu.h"
#include "replay_params.h"
#include "seed_table_params.h"
#include "server_params.h"
#include "vm/vmm.h"
#include "workloads/dma_map_benchmark.h"
#include "selfcheck/selfcheck_params.h"
#include "smmuv3/core/smmu_params.h"
#include "smmuv3/core/translator_params.h"

namespace platform {

struct SimParams {
    uint64_t seed = 1;
    uint64_t quantum_ns = 1000;
    uint64_t time_limit_us = 10'000'000;
    std::string scenario = "seed_table";
    uint64_t vcd_period_ns = 100;
    void visit(gsim::ParamVisitor& v) {
        v.u64("seed", seed, {"", "seed of every random-number stream (same seed, same output)",
                             "user choice"});
        v.u64("quantum_ns", quantum_ns,
              {"ns", "global quantum of temporal decoupling for software agents (0 = none)",
               "docs/performance.md (speed vs ordering accuracy)", 0, 1'000'000'000});
        v.u64("time_limit_us", time_limit_us,
              {"us", "simulated-time watchdog: a scenario still running then fails", "user choice",
               1, uint64_t{1} << 40});
        v.u64("vcd_period_ns", vcd_period_ns,
              {"ns", "sampling period of queue indices in --vcd-out waveforms", "user choice", 1,
               1'000'000'000});
        v.choice("scenario", scenario, {"seed_table", "dma_bench", "selfcheck"},
                 {"", "scenario `grace-sim run` executes", "user choice"});
    }
};

struct LogParams {
    std::string level = "warn";
    std::string modules = "";
    void visit(gsim::ParamVisitor& v) {
        v.choice("level", level, {"off", "error", "warn", "info", "debug", "trace"},
                 {"", "default log level of every module", "user choice"});
        v.str("modules", modules,
              {"", "per-module levels: module=level,module=level (longest prefix wins)",
               "user choice"});
    }
};

// The system address map (issue 2: these defaults are relied on by traces; do not move them).
struct MapParams {
    uint64_t dram_base = 0x8000'0000;
    uint64_t dram_size = uint64_t{16} << 30;
    uint64_t smmu0_base = 0x1100'0000;
    uint64_t smmu0_size = 0x2'0000;
    uint64_t cmdqv0_base = 0x1120'0000;
    uint64_t msi_base = 0x0800'0000;
    uint64_t msi_size = 0x1'0000;
    void visit(gsim::ParamVisitor& v) {
        v.u64("dram_base", dram_base, {"address", "host DRAM base", "grace-sim default map"});
        v.u64("dram_size", dram_size, {"bytes", "host DRAM size (sparse: free until touched)",
                                       "grace-sim default map", 4096, uint64_t{1} << 48});
        v.u64("smmu0_base", smmu0_base, {"address", "SMMU0 register frame (page 0 + page 1)",
                                         "grace-sim default map"});
        v.u64("smmu0_size", smmu0_size, {"bytes", "SMMU0 register frame size (two 64 KiB pages)",
                                         "IHI 0070 (SMMUv3 register frame)", 0x20000, 0x20000});
        v.u64("cmdqv0_base", cmdqv0_base,
              {"address", "CMDQV0 aperture base (size 0x30000 + 0x20000 per VINTF)",
               "grace-sim default map; spec/cmdqv.md 1.1"});
        v.u64("msi_base", msi_base, {"address", "MSI doorbell frame base", "grace-sim default map"});
        v.u64("msi_size", msi_size, {"bytes", "MSI doorbell frame size", "grace-sim default map",
                                     4, uint64_t{1} << 32});
    }
};

struct SocParams {
    uint64_t dram_read_ns = 100;
    uint64_t dram_write_ns = 100;
    uint64_t bus_hop_ns = 10;
    uint64_t msi_ns = 10;
    bool dmi = true;
    void visit(gsim::ParamVisitor& v) {
        v.u64("dram_read_ns", dram_read_ns,
              {"ns", "DRAM read latency seen by an agent or a model",
               "Est. (loaded-latency order of Grace LPDDR5X)", 0, 1'000'000});
        v.u64("dram_write_ns", dram_write_ns,
              {"ns", "DRAM write latency", "Est. (same as reads)", 0, 1'000'000});
        v.u64("bus_hop_ns", bus_hop_ns,
              {"ns", "interconnect forwarding latency per transaction", "Est.", 0, 1'000'000});
        v.u64("msi_ns", msi_ns, {"ns", "MSI doorbell write latency", "Est.", 0, 1'000'000});
        v.flag("dmi", dmi, {"", "grant DMI on DRAM (faster simulation, same timing)", "user choice"});
    }
};

struct SimConfig {
    SimParams sim;
    LogParams log;
    MapParams map;
    SocParams soc;
    smmu::core::SmmuParams smmu;
    smmu::core::TranslatorParams smmu_xlate;  // same [smmu] section: cache and walk parameters
    cmdqv::core::CmdqvParams cmdqv;
    fw::SelfCheckParams selfcheck;
    ReplayParams replay;
    ServerParams server;
    fw::linux_model::SmmuDriverParams host_driver;
    fw::linux_model::SmmuDriverParams guest_driver;
    fw::vm::VmmParams vmm;
    fw::linux_model::DmaIommuParams dma_iommu;
    fw::workloads::DmaBenchParams dma_bench;
    SeedTableParams seed_table;

    void visit(gsim::ParamVisitor& v) {
        gsim::visit_prefixed(v, "sim", sim);
        gsim::visit_prefixed(v, "log", log);
        gsim::visit_prefixed(v, "map", map);
        gsim::visit_prefixed(v, "soc", soc);
        gsim::visit_prefixed(v, "smmu", smmu);
        gsim::visit_prefixed(v, "smmu", smmu_xlate);
        gsim::visit_prefixed(v, "cmdqv", cmdqv);
        gsim::visit_prefixed(v, "selfcheck", selfcheck);
        gsim::visit_prefixed(v, "replay", replay);
        gsim::visit_prefixed(v, "server", server);
        gsim::visit_prefixed(v, "host_driver", host_driver);
        gsim::visit_prefixed(v, "guest_driver", guest_driver);
        gsim::visit_prefixed(v, "vmm", vmm);
        gsim::visit_prefixed(v, "dma_iommu", dma_iommu);
        gsim::visit_prefixed(v, "dma_bench", dma_bench);
        gsim::visit_prefixed(v, "seed_table", seed_table);
    }
};

}  // namespace platform
