// grace-sim SMMUv3: declaration of every control-side parameter (unit, help, provenance,
// range) and the ID register builders.
#include "smmuv3/core/smmu_params.h"

#include "smmuv3/core/smmu_regs.h"

namespace smmu::core {

namespace {
constexpr const char* SPEC_IDR = "IHI 0070 SMMU_IDRx; Grace-like preset (spec/smmuv3.md A.2)";
constexpr uint64_t MAX = ~uint64_t{0};
}  // namespace

void SmmuParams::visit(gsim::ParamVisitor& v) {
    // ID registers.
    v.flag("s1p", s1p, {"", "IDR0.S1P: stage 1 translation supported", SPEC_IDR});
    v.flag("s2p", s2p, {"", "IDR0.S2P: stage 2 translation supported", SPEC_IDR});
    v.u64("ttf", ttf, {"enc", "IDR0.TTF: table formats (2 AArch64, 3 AArch32+64)", SPEC_IDR, 2, 3});
    v.flag("cohacc", cohacc, {"", "IDR0.COHACC: coherent table/queue access", SPEC_IDR});
    v.flag("btm", btm, {"", "IDR0.BTM: broadcast TLB maintenance", SPEC_IDR});
    v.u64("httu", httu, {"enc", "IDR0.HTTU: 0 none, 1 AF, 2 AF+dirty", SPEC_IDR, 0, 2});
    v.flag("hyp", hyp, {"", "IDR0.HYP: EL2 (TLBI_EL2_*) supported", SPEC_IDR});
    v.flag("ats", ats, {"", "IDR0.ATS: PCIe ATS supported (ATC_INV legal)", SPEC_IDR});
    v.flag("asid16", asid16, {"", "IDR0.ASID16: 16-bit ASIDs", SPEC_IDR});
    v.flag("vmid16", vmid16, {"", "IDR0.VMID16: 16-bit VMIDs", SPEC_IDR});
    v.flag("msi", msi, {"", "IDR0.MSI: message-signalled interrupts", SPEC_IDR});
    v.flag("sev", sev, {"", "IDR0.SEV: CMD_SYNC may send an event (CS=SEV)", SPEC_IDR});
    v.flag("pri", pri, {"", "IDR0.PRI: page request interface (not modelled; keep 0)", SPEC_IDR});
    v.flag("vmw", vmw, {"", "IDR0.VMW: VMID wildcard matching (CR0.VMW)", SPEC_IDR});
    v.flag("cd2l", cd2l, {"", "IDR0.CD2L: 2-level CD tables", SPEC_IDR});
    v.u64("ttendian", ttendian, {"enc", "IDR0.TTENDIAN: 0 mixed, 2 LE, 3 BE", SPEC_IDR, 0, 3});
    v.u64("stall_model", stall_model,
          {"enc", "IDR0.STALL_MODEL: 0 stall+terminate, 1 terminate only, 2 stall forced", SPEC_IDR,
           0, 2});
    v.flag("term_model", term_model, {"", "IDR0.TERM_MODEL: 1 = terminate always aborts", "Est."});
    v.u64("st_level", st_level, {"enc", "IDR0.ST_LEVEL: 0 linear only, 1 2-level", SPEC_IDR, 0, 1});
    v.u64("sidsize", sidsize, {"bits", "IDR1.SIDSIZE: StreamID width", SPEC_IDR, 0, 32});
    v.u64("ssidsize", ssidsize, {"bits", "IDR1.SSIDSIZE: SubstreamID width", SPEC_IDR, 0, 20});
    v.u64("cmdqs", cmdqs, {"log2 entries", "IDR1.CMDQS: max command queue size", SPEC_IDR, 0, 19});
    v.u64("eventqs", eventqs,
          {"log2 entries", "IDR1.EVENTQS: max event queue size", SPEC_IDR, 0, 19});
    v.u64("priqs", priqs,
          {"log2 entries", "IDR1.PRIQS: max PRI queue size (0 when pri = false)", SPEC_IDR, 0, 19});
    v.flag("attr_types_ovr", attr_types_ovr,
           {"", "IDR1.ATTR_TYPES_OVR: GBPA/STE memory type, shareability, allocation overrides",
            "Est."});
    v.flag("attr_perms_ovr", attr_perms_ovr,
           {"", "IDR1.ATTR_PERMS_OVR: GBPA/STE INSTCFG/PRIVCFG overrides", "Est."});
    v.flag("ril", ril, {"", "IDR3.RIL: range invalidation (TLBI NUM/SCALE/TG)", SPEC_IDR});
    v.u64("oas", oas, {"enc", "IDR5.OAS: output address size (5 = 48 bits)", SPEC_IDR, 0, 6});
    v.flag("gran4k", gran4k, {"", "IDR5.GRAN4K: 4 KiB granule", SPEC_IDR});
    v.flag("gran16k", gran16k, {"", "IDR5.GRAN16K: 16 KiB granule", SPEC_IDR});
    v.flag("gran64k", gran64k, {"", "IDR5.GRAN64K: 64 KiB granule", SPEC_IDR});
    v.u64("iidr", iidr,
          {"value", "IIDR: ProductID/Variant/Revision/Implementer (MMU-700-like)",
           "Est. (Arm JEP106 0x43B; product id unverified)", 0, 0xFFFFFFFF});
    v.u64("aidr_minor", aidr_minor, {"", "AIDR.ArchMinorRev (1 = SMMUv3.1)", "IHI 0070", 0, 15});
    v.flag("page0_eventq_alias", page0_eventq_alias,
           {"", "decode page-0 0xA8/0xAC/0xC8/0xCC as the page-1 PROD/CONS registers",
            "Linux PAGE0_REGS_ONLY quirk (spec/smmuv3.md A.1)"});

    v.flag("wired_irqs", wired_irqs,
           {"", "wired interrupt outputs exist; pulsed for every enabled source, MSI or not",
            "IHI 0070 3.18.2 (IMPLEMENTATION DEFINED)"});

    // Timing.
    v.u64("clock_mhz", clock_mhz, {"MHz", "SMMU (TCU) clock frequency", "Est.", 1, 10000});
    v.u64("mmio_latency", mmio_latency,
          {"cycles", "register access latency seen by the requester (a CPU device read)",
           "Est. 0.3-1 us per device register read (spec/software-stack.md 5); 500 cycles at 1 GHz",
           0, 1000000});
    v.u64("cr0ack_latency", cr0ack_latency,
          {"cycles", "CR0 write to CR0ACK update (and its effects)", "Est.", 0, 1000000});
    v.u64("irq_ctrlack_latency", irq_ctrlack_latency,
          {"cycles", "IRQ_CTRL write to IRQ_CTRLACK update", "Est.", 0, 1000000});
    v.u64("cmd_cost_cfgi", cmd_cost_cfgi,
          {"cycles", "executor time of CFGI_* (before the scan cost)", "gem5 SMMUv3.py (order)", 0,
           MAX});
    v.u64("cmd_cost_tlbi", cmd_cost_tlbi,
          {"cycles", "executor time of TLBI_* (before the scan cost)",
           "calibrated: fitted to configs/reference/calibration.csv (docs/calibration.md)", 0,
           MAX});
    v.u64("cmd_cost_sync", cmd_cost_sync, {"cycles", "executor time of CMD_SYNC", "Est.", 0, MAX});
    v.u64("cmd_cost_atc_inv", cmd_cost_atc_inv,
          {"cycles", "executor time to issue an ATC_INV to the root complex", "Est.", 0, MAX});
    v.u64("cmd_cost_prefetch", cmd_cost_prefetch,
          {"cycles", "executor time of PREFETCH_* (accepted, no prefetch)", "Est.", 0, MAX});
    v.u64("cmd_cost_default", cmd_cost_default,
          {"cycles", "executor time of any other command", "Est.", 0, MAX});
    v.choice("inv_cost_model", inv_cost_model, {"per_entry", "per_page"},
             {"", "invalidation cost: per cache entry scanned or per page named", "Est."});
    v.u64("inv_cycles_per_entry", inv_cycles_per_entry,
          {"cycles", "per_entry model: cost per cache entry scanned", "Est.", 0, MAX});
    v.u64("inv_cycles_per_page", inv_cycles_per_page,
          {"cycles", "per_page model: cost per page named (min 1 per command)", "Est.", 0, MAX});
    v.u64("tlbi_propagation", tlbi_propagation,
          {"cycles", "TLBI issue until every TBU has dropped its entries (CMD_SYNC waits)",
           "Est. (TCU-to-TBU invalidation round trip; native empty-queue CMD_SYNC 0.24-0.55 us, "
           "spec/software-stack.md 6)",
           0, MAX});
    v.u64("cfgi_propagation", cfgi_propagation,
          {"cycles", "CFGI issue until configuration caches are clean (CMD_SYNC waits)", "Est.", 0,
           MAX});
    v.u64("event_write", event_write,
          {"cycles", "event record formatting on top of the memory write latency", "Est.", 0, MAX});
    v.u64("irq_issue", irq_issue,
          {"cycles", "from the cause to a wired IRQ pulse / MSI write issue", "Est.", 0, MAX});
    v.u64("atc_inv_timeout_ns", atc_inv_timeout_ns,
          {"ns", "ATC_INV completion timeout (then CERROR_ATC_INV_SYNC)",
           "Est. (PCIe completion timeout range)", 1, MAX});
    v.u64("xlate_overhead", xlate_overhead,
          {"cycles", "per-translation cost not counted by the translation side", "Est.", 0, MAX});
    v.u64("xlate_slots", xlate_slots,
          {"translations", "translations in flight; more wait for a free slot",
           "gem5 SMMUv3.py xlate_slots", 1, 4096});
    v.u64("ptw_slots", ptw_slots,
          {"walks", "concurrent page-table walks; more wait for a free walker",
           "gem5 SMMUv3.py ptw_slots", 1, 4096});
    v.u64("cmdq_batch_cmds", cmdq_batch_cmds,
          {"commands", "commands per CMDQ batch before re-arbitration", "Est.", 1, 1u << 20});
    v.u64("cmdq_batch_cycles", cmdq_batch_cycles,
          {"cycles", "executor time per CMDQ batch (0 = unlimited)", "Est.", 0, MAX});
    v.u64("cmdq_fetch_burst", cmdq_fetch_burst,
          {"commands", "commands read from memory per fetch", "Est.", 1, 64});
    v.u64("cmdq_fetch_overhead", cmdq_fetch_overhead,
          {"cycles", "fixed cost per fetch burst on top of memory latency", "Est.", 0, MAX});
}

uint32_t SmmuParams::idr0() const {
    using namespace regs;
    uint64_t v = 0;
    v = IDR0_S2P.set(v, s2p);
    v = IDR0_S1P.set(v, s1p);
    v = IDR0_TTF.set(v, ttf);
    v = IDR0_COHACC.set(v, cohacc);
    v = IDR0_BTM.set(v, btm);
    v = IDR0_HTTU.set(v, httu);
    v = IDR0_HYP.set(v, hyp);
    v = IDR0_ATS.set(v, ats);
    v = IDR0_ASID16.set(v, asid16);
    v = IDR0_MSI.set(v, msi);
    v = IDR0_SEV.set(v, sev);
    v = IDR0_PRI.set(v, pri);
    v = IDR0_VMW.set(v, vmw);
    v = IDR0_VMID16.set(v, vmid16);
    v = IDR0_CD2L.set(v, cd2l);
    v = IDR0_TTENDIAN.set(v, ttendian);
    v = IDR0_STALL_MODEL.set(v, stall_model);
    v = IDR0_TERM_MODEL.set(v, term_model);
    v = IDR0_ST_LEVEL.set(v, st_level);
    return static_cast<uint32_t>(v);
}

uint32_t SmmuParams::idr1() const {
    using namespace regs;
    uint64_t v = 0;
    v = IDR1_SIDSIZE.set(v, sidsize);
    v = IDR1_SSIDSIZE.set(v, ssidsize);
    v = IDR1_PRIQS.set(v, pri ? priqs : 0);
    v = IDR1_EVENTQS.set(v, eventqs);
    v = IDR1_CMDQS.set(v, cmdqs);
    v = IDR1_ATTR_PERMS_OVR.set(v, attr_perms_ovr);
    v = IDR1_ATTR_TYPES_OVR.set(v, attr_types_ovr);
    return static_cast<uint32_t>(v);
}

uint32_t SmmuParams::idr3() const {
    return static_cast<uint32_t>(regs::IDR3_RIL.set(0, ril));
}

uint32_t SmmuParams::idr5() const {
    using namespace regs;
    uint64_t v = 0;
    v = IDR5_OAS.set(v, oas);
    v = IDR5_GRAN4K.set(v, gran4k);
    v = IDR5_GRAN16K.set(v, gran16k);
    v = IDR5_GRAN64K.set(v, gran64k);
    return static_cast<uint32_t>(v);
}

}  // namespace smmu::core
