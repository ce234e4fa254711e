// grace-sim Tegra241 CMDQV: configuration of the pure core.
//
// Implements: every parameter of the CMDQV core with unit, help, provenance and range: PARAM
// sizing, CONFIG reset fields, handshake and register latencies, queue fetch costs, and the
// policies chosen for the open questions of spec/cmdqv.md section 8 (see README.md).
// Not implemented: per-command execution costs (they belong to the SMMU command executor).
#pragma once
#include <cstdint>
#include <string>

#include "common/params.h"

namespace cmdqv::core {

struct CmdqvParams {
    // ---- PARAM (spec/cmdqv.md 1.2; Grace-like default, open question 8.1) ----
    uint64_t num_vcmdqs_log2 = 7;          // 128 global VCMDQs
    uint64_t num_vintfs_log2 = 6;          // 64 VINTFs -> 2 LVCMDQs per VINTF
    uint64_t num_sids_per_vintf_log2 = 4;  // 16 SID_MATCH/SID_REPLACE pairs
    uint64_t version = 1;

    // ---- CONFIG reset value (spec/cmdqv.md 1.2, QEMU CONFIG reset 0x00020083) ----
    bool config_en_reset = true;            // firmware leaves the CMDQV enabled
    uint64_t config_per_cmd_offset = 1;     // PER_CMD_OFFSET (stored, no effect)
    uint64_t config_cmdq_max_clk_batch = 8;   // CMDQ_MAX_CLK_BATCH, SMMU clocks (0 = no limit)
    uint64_t config_cmdq_max_cmd_batch = 32;  // CMDQ_MAX_CMD_BATCH, commands (0 = no limit)
    bool config_cons_dram_en = false;       // CONS_DRAM_EN

    // ---- Timing ----
    uint64_t cmdqv_enable_ns = 200;  // CONFIG.EN -> STATUS.ENABLED
    uint64_t vintf_enable_ns = 100;  // VINTF CONFIG.EN -> VINTF STATUS.ENABLED
    uint64_t vcmdq_enable_ns = 50;   // VCMDQ CONFIG.EN -> VCMDQ STATUS.ENABLED
    uint64_t mmio_latency_ns = 354;  // one register access (returned to the shell)
    uint64_t fetch_burst = 8;        // commands per queue memory read
    uint64_t fetch_overhead_ns = 10; // fixed cost per fetch on top of memory latency
    uint64_t smmu_clock_mhz = 1000;  // converts CMDQ_MAX_CLK_BATCH to time
    uint64_t clk_batch_unit = 64;    // SMMU clocks per CMDQ_MAX_CLK_BATCH unit
    uint64_t max_log2size = 19;      // largest VCMDQ BASE.LOG2SIZE honoured

    // ---- Policies for undocumented behaviour (spec/cmdqv.md section 8) ----
    uint64_t guest_illegal_cerror = 4;  // CONS.ERR for a non-whitelisted opcode, HYP_OWN=0
    uint64_t sid_miss_cerror = 4;       // CONS.ERR for an ATC_INV whose SID misses SID_MATCH
    std::string alloc_order_violation = "reject";  // ignore | reject | error
    std::string cs_on_vcmdq = "as_none";           // as_none | ill
    std::string irq_mode = "edge";                 // edge | level

    unsigned num_vcmdqs() const { return 1u << num_vcmdqs_log2; }
    unsigned num_vintfs() const { return 1u << num_vintfs_log2; }
    unsigned num_sids() const { return 1u << num_sids_per_vintf_log2; }
    unsigned lvcmdqs_per_vintf() const { return num_vcmdqs() / num_vintfs(); }
    uint64_t aperture_size() const { return 0x30000 + uint64_t{0x20000} * num_vintfs(); }
    uint32_t param_value() const {
        return static_cast<uint32_t>((version & 0xf) | ((num_vcmdqs_log2 & 0xf) << 4) |
                                     ((num_vintfs_log2 & 0xf) << 8) |
                                     ((num_sids_per_vintf_log2 & 0xf) << 12));
    }
    uint32_t config_reset_value() const {
        return static_cast<uint32_t>((config_en_reset ? 1u : 0u) |
                                     ((config_per_cmd_offset & 0x7) << 1) |
                                     ((config_cmdq_max_clk_batch & 0xff) << 4) |
                                     ((config_cmdq_max_cmd_batch & 0xff) << 12) |
                                     ((config_cons_dram_en ? 1u : 0u) << 20));
    }

    void visit(gsim::ParamVisitor& v) {
        v.u64("num_vcmdqs_log2", num_vcmdqs_log2,
              {"log2", "PARAM.NUM_VCMDQ_LOG2: global VCMDQs = 2^n",
               "spec/cmdqv.md 1.2 (field width); Grace value unknown (8.1), Est. 128", 0, 7});
        v.u64("num_vintfs_log2", num_vintfs_log2,
              {"log2", "PARAM.NUM_VINTF_LOG2: VINTFs = 2^n (<= num_vcmdqs_log2)",
               "spec/cmdqv.md 1.2 (field width); Est. 64", 0, 6});
        v.u64("num_sids_per_vintf_log2", num_sids_per_vintf_log2,
              {"log2", "PARAM.NUM_SID_PER_VINTF_LOG2: SID pairs per VINTF = 2^n",
               "spec/cmdqv.md 1.3 (layout room for 16); QEMU guest view 16", 0, 4});
        v.u64("version", version, {"", "PARAM.VER", "QEMU guest view (version 1)", 0, 15});
        v.flag("config_en_reset", config_en_reset,
               {"", "CONFIG.EN (and STATUS.ENABLED) at reset",
                "QEMU CONFIG reset 0x00020083 (EN=1)"});
        v.u64("config_per_cmd_offset", config_per_cmd_offset,
              {"", "CONFIG.PER_CMD_OFFSET reset value (stored, no modelled effect)",
               "QEMU CONFIG reset 0x00020083", 0, 7});
        v.u64("config_cmdq_max_clk_batch", config_cmdq_max_clk_batch,
              {"SMMU clocks", "CONFIG.CMDQ_MAX_CLK_BATCH reset: executor time per VCMDQ batch, 0 = none",
               "QEMU CONFIG reset 0x00020083 (0x08; older 0x00020403 gives 0x40)", 0, 255});
        v.u64("config_cmdq_max_cmd_batch", config_cmdq_max_cmd_batch,
              {"commands", "CONFIG.CMDQ_MAX_CMD_BATCH reset: commands per VCMDQ batch, 0 = none",
               "QEMU CONFIG reset 0x00020083 (0x20)", 0, 255});
        v.flag("config_cons_dram_en", config_cons_dram_en,
               {"", "CONFIG.CONS_DRAM_EN reset: write CONS back to CONS_INDX_BASE",
                "QEMU CONFIG reset 0x00020083 (0)"});
        v.u64("cmdqv_enable_ns", cmdqv_enable_ns,
              {"ns", "CMDQV CONFIG.EN -> STATUS.ENABLED handshake latency", "Est. (8.12)", 0,
               1000000000});
        v.u64("vintf_enable_ns", vintf_enable_ns,
              {"ns", "VINTF CONFIG.EN -> STATUS.ENABLED handshake latency", "Est. (8.12)", 0,
               1000000000});
        v.u64("vcmdq_enable_ns", vcmdq_enable_ns,
              {"ns", "VCMDQ CONFIG.EN -> STATUS.ENABLED handshake latency", "Est. (8.12)", 0,
               1000000000});
        v.u64("mmio_latency_ns", mmio_latency_ns,
              {"ns", "latency of one CMDQV register access (a CPU device read of CONS)",
               "calibrated: fitted to configs/reference/calibration.csv (docs/calibration.md); bounded by Est. 0.3-1 us per device read (spec/software-stack.md 5)",
               0, 1000000});
        v.u64("fetch_burst", fetch_burst,
              {"commands", "commands read per VCMDQ fetch", "Est.", 1, 64});
        v.u64("fetch_overhead_ns", fetch_overhead_ns,
              {"ns", "fixed cost per VCMDQ fetch on top of memory latency", "Est.", 0, 1000000});
        v.u64("smmu_clock_mhz", smmu_clock_mhz,
              {"MHz", "SMMU clock, converts CMDQ_MAX_CLK_BATCH to time", "Est.", 1, 10000});
        v.u64("clk_batch_unit", clk_batch_unit,
              {"SMMU clocks", "clocks per CMDQ_MAX_CLK_BATCH unit (field unit undocumented, 8.8)",
               "Est. (8 units = 512 clocks: a few fetches per batch)", 1, 65536});
        v.u64("max_log2size", max_log2size,
              {"log2", "largest VCMDQ BASE.LOG2SIZE (larger values are clamped)",
               "spec/cmdqv.md 1.5 (Linux cap 19)", 1, 19});
        v.u64("guest_illegal_cerror", guest_illegal_cerror,
              {"", "CONS.ERR for a non-whitelisted opcode on a HYP_OWN=0 queue (1 ILL, 4 ILL_ACCESS)",
               "spec/cmdqv.md 2.5, 8.2; QEMU names ILL_ACCESS", 1, 4});
        v.u64("sid_miss_cerror", sid_miss_cerror,
              {"", "CONS.ERR for an ATC_INV whose SID misses SID_MATCH on a HYP_OWN=0 queue",
               "spec/cmdqv.md 2.7, 8.3 [inferred]", 1, 4});
        v.choice("alloc_order_violation", alloc_order_violation, {"ignore", "reject", "error"},
                 {"", "reaction to a CMDQ_ALLOC map/unmap out of order or a duplicate map",
                  "spec/cmdqv.md 2.2, 8.6; model choice"});
        v.choice("cs_on_vcmdq", cs_on_vcmdq, {"as_none", "ill"},
                 {"", "CMD_SYNC CS=IRQ/SEV on a VCMDQ: run as CS_NONE or fail with CERROR_ILL",
                  "spec/cmdqv.md 2.4, 8.5; model choice"});
        v.choice("irq_mode", irq_mode, {"edge", "level"},
                 {"", "CMDQV interrupt: pulse per new error, or level while an unmasked error",
                  "spec/cmdqv.md 2.9, 8.7; model choice"});
    }
};

}  // namespace cmdqv::core
