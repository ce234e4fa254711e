// grace-sim SMMUv3: configuration of the control-side core (SmmuCore): the ID register
// content as individual knobs (a Grace-like preset by default) and the control-side timing.
// Implements: every knob with unit, help, provenance and range through visit(); builders of
// the IDR0/1/3/5, IIDR and AIDR values the core advertises.
// Does not hold: the translation side's cache parameters (utlb_*, tlb_*, cfg_cache_*,
// walk_cache_*), which share the INI section [smmu] with these keys and never collide.
#pragma once
#include <cstdint>
#include <string>

#include "common/params.h"

namespace smmu::core {

struct SmmuParams {
    // --- IDR0 ----------------------------------------------------------------------------
    bool s1p = true, s2p = true;  // nesting = both
    uint64_t ttf = 2;             // 2 = AArch64 tables
    bool cohacc = true;
    bool btm = false;
    uint64_t httu = 0;
    bool hyp = true;
    bool ats = true;
    bool asid16 = true, vmid16 = true;
    bool msi = true;
    bool sev = true;
    bool pri = false;
    bool vmw = false;
    bool cd2l = true;
    uint64_t ttendian = 2;     // 2 = little-endian only
    uint64_t stall_model = 1;  // 1 = terminate only
    bool term_model = false;
    uint64_t st_level = 1;  // 1 = 2-level stream table supported
    // --- IDR1 ----------------------------------------------------------------------------
    uint64_t sidsize = 16, ssidsize = 20, cmdqs = 19, eventqs = 19, priqs = 19;
    bool attr_types_ovr = true, attr_perms_ovr = true;
    // --- IDR3 / IDR5 -----------------------------------------------------------------------
    bool ril = false;
    uint64_t oas = 5;  // 5 = 48 bits
    bool gran4k = true, gran16k = true, gran64k = true;
    // --- IIDR / AIDR -----------------------------------------------------------------------
    uint64_t iidr = 0x4870043B;  // ProductID 0x487, Implementer 0x43B (Arm)
    uint64_t aidr_minor = 1;     // SMMUv3.1
    // --- register map decisions ------------------------------------------------------------
    bool page0_eventq_alias = false;  // 0xA8/0xAC (and 0xC8/0xCC) alias page-1 PROD/CONS
    bool wired_irqs = true;           // wired interrupt outputs implemented (pulsed with MSIs)

    // --- timing (SMMU clock cycles unless noted) -------------------------------------------
    uint64_t clock_mhz = 1000;
    uint64_t mmio_latency = 500;
    uint64_t cr0ack_latency = 8;
    uint64_t irq_ctrlack_latency = 8;
    uint64_t cmd_cost_cfgi = 4;
    uint64_t cmd_cost_tlbi = 134;
    uint64_t cmd_cost_sync = 2;
    uint64_t cmd_cost_atc_inv = 4;
    uint64_t cmd_cost_prefetch = 2;
    uint64_t cmd_cost_default = 2;
    std::string inv_cost_model = "per_entry";  // "per_entry" | "per_page"
    uint64_t inv_cycles_per_entry = 1;
    uint64_t inv_cycles_per_page = 2;
    uint64_t tlbi_propagation = 500;
    uint64_t cfgi_propagation = 16;
    uint64_t event_write = 4;
    uint64_t irq_issue = 2;
    uint64_t atc_inv_timeout_ns = 1000000;  // 1 ms
    uint64_t xlate_overhead = 0;
    uint64_t xlate_slots = 64;  // translations in flight (TCU/TBU), shell-level contention
    uint64_t ptw_slots = 16;    // concurrent page-table walks
    // --- command queue batching ------------------------------------------------------------
    uint64_t cmdq_batch_cmds = 64;
    uint64_t cmdq_batch_cycles = 0;  // 0 = unlimited
    uint64_t cmdq_fetch_burst = 8;
    uint64_t cmdq_fetch_overhead = 2;

    void visit(gsim::ParamVisitor& v);

    // ID register values built from the knobs.
    uint32_t idr0() const;
    uint32_t idr1() const;
    uint32_t idr3() const;
    uint32_t idr5() const;
    uint32_t aidr() const { return static_cast<uint32_t>(aidr_minor & 0xF); }
    bool per_page_inv() const { return inv_cost_model == "per_page"; }
};

}  // namespace smmu::core
