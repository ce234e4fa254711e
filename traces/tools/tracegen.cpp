// grace-tracegen: writes the golden register-level scenario traces (traces/golden/*.jsonl).
// Each scenario drives the platform only through MMIO, DRAM contents (backdoor mem_write) and
// device DMA at the default address map, as a driver written from the SMMUv3 and CMDQV
// specifications would, and states what the hardware must do as expectations. The in-memory
// structures come from the shared encoder library (firmware/encoders).
//
// usage: grace-tracegen SCENARIO > FILE.jsonl     (grace-tracegen --list)
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "encoders/cd.h"
#include "encoders/cd_table.h"
#include "encoders/commands.h"
#include "encoders/page_table.h"
#include "encoders/phys_allocator.h"
#include "encoders/ste.h"
#include "encoders/stream_table.h"
#include "formats/jsonl_writer.h"
#include "smmuv3/core/event.h"
#include "cmdqv/core/cmdqv_regs.h"
#include "smmuv3/core/smmu_regs.h"

namespace {

using smmu::core::Command;
using traces::OpKind;
using traces::TraceOp;
namespace enc = fw::enc;
namespace R = smmu::core::regs;
namespace Q = cmdqv::core::regs;

constexpr uint64_t SMMU = 0x1100'0000;
constexpr uint64_t CMDQV = 0x1120'0000;
constexpr uint64_t MSI = 0x0800'0000;
constexpr uint64_t TIMEOUT_NS = 1'000'000;  // Linux ARM_SMMU_POLL_TIMEOUT_US = 1 s; 1 ms suffices here

// Collects operations; also a MemWriter whose writes become backdoor mem_write operations.
class Builder : public enc::MemWriter {
public:
    std::vector<TraceOp> ops;
    std::vector<std::string> comments;  // (written at the top)
    std::map<uint64_t, uint64_t> shadow;

    bool write64(uint64_t pa, uint64_t v) override {
        shadow[pa] = v;
        TraceOp o;
        o.kind = OpKind::MEM_WRITE;
        o.addr = pa;
        for (int i = 0; i < 8; ++i) o.data.push_back(static_cast<uint8_t>(v >> (8 * i)));
        ops.push_back(o);
        return true;
    }
    bool read64(uint64_t pa, uint64_t& v) override {
        auto it = shadow.find(pa);
        v = it == shadow.end() ? 0 : it->second;
        return true;
    }
    void w(uint64_t addr, unsigned size, uint64_t value) {
        TraceOp o;
        o.kind = OpKind::WRITE;
        o.addr = addr;
        o.size = size;
        o.value = value;
        ops.push_back(o);
    }
    void r(uint64_t addr, unsigned size, uint64_t expect, uint64_t mask = ~uint64_t{0}) {
        TraceOp o;
        o.kind = OpKind::READ;
        o.addr = addr;
        o.size = size;
        o.has_expect = true;
        o.mask = size == 8 ? mask : (mask & ((uint64_t{1} << (8 * size)) - 1));
        o.expect = expect & o.mask;
        ops.push_back(o);
    }
    void poll(uint64_t addr, unsigned size, uint64_t mask, uint64_t value) {
        TraceOp o;
        o.kind = OpKind::POLL;
        o.addr = addr;
        o.size = size;
        o.mask = mask;
        o.value = value;
        o.timeout_ns = TIMEOUT_NS;
        ops.push_back(o);
    }
    void wait(uint64_t ns) {
        TraceOp o;
        o.kind = OpKind::WAIT;
        o.ns = ns;
        ops.push_back(o);
    }
    void mem_expect64(uint64_t addr, uint64_t v, uint64_t mask = ~uint64_t{0}) {
        TraceOp o;
        o.kind = OpKind::MEM_EXPECT;
        o.addr = addr;
        for (int i = 0; i < 8; ++i) {
            o.data.push_back(static_cast<uint8_t>(v >> (8 * i)));
            o.data_mask.push_back(static_cast<uint8_t>(mask >> (8 * i)));
        }
        ops.push_back(o);
    }
    void dma(uint32_t sid, uint64_t iova, bool write, std::vector<uint8_t> data, bool expect_ok,
             std::vector<uint8_t> expect_data = {}) {
        TraceOp o;
        o.kind = OpKind::DMA;
        o.sid = sid;
        o.iova = iova;
        o.dma_write = write;
        o.size = static_cast<unsigned>(write ? data.size() : (expect_data.empty() ? 8 : expect_data.size()));
        o.data = write ? data : std::vector<uint8_t>{};
        o.expect_ok = expect_ok;
        o.expect_data = expect_data;
        ops.push_back(o);
    }
    void irq(const std::string& line, bool asserted) {
        TraceOp o;
        o.kind = OpKind::IRQ_EXPECT;
        o.line_name = line;
        o.asserted = asserted;
        ops.push_back(o);
    }
    void msi(uint64_t addr, uint32_t data) {
        TraceOp o;
        o.kind = OpKind::MSI_EXPECT;
        o.addr = addr;
        o.value = data;
        ops.push_back(o);
    }
};

// A host driver's view of the SMMU: the structures it allocated and its queue indices.
struct Smmu {
    Builder& b;
    enc::PhysAllocator alloc{0x8100'0000, 64 << 20};
    enc::StreamTable st;
    uint64_t cmdq = 0, evtq = 0;
    unsigned cmdq_log2 = 8, evtq_log2 = 7;
    uint32_t prod = 0;  // CMDQ_PROD (index + wrap)

    explicit Smmu(Builder& bb, unsigned evtq_log2size = 7)
        : b(bb), st({enc::StrtabFmt::TWO_LEVEL, 16, 8}, alloc, bb), evtq_log2(evtq_log2size) {}

    uint64_t alloc_bytes(uint64_t bytes, uint64_t align) {
        uint64_t pa = 0;
        alloc.alloc(bytes, align, &pa);
        return pa;
    }

    // Linux-like bring-up: probe, tables and queues, CR0 handshakes, initial invalidation.
    void bringup(bool eventq_irq = true) {
        b.r(SMMU + R::IDR0, 4, 0x3, 0x3);           // S1P and S2P
        b.r(SMMU + R::IDR0, 4, 0x2u << 2, 0x3u << 2);  // TTF = AArch64
        b.r(SMMU + R::IDR0, 4, 0x1u << 27, 0x3u << 27);  // ST_LEVEL = 1: 2-level tables
        b.r(SMMU + R::CR0, 4, 0);                 // out of reset: everything off
        st.init();
        cmdq = alloc_bytes(16u << cmdq_log2, 16u << cmdq_log2);
        evtq = alloc_bytes(32u << evtq_log2, 32u << evtq_log2);
        b.w(SMMU + R::STRTAB_BASE, 8, st.strtab_base());
        b.w(SMMU + R::STRTAB_BASE_CFG, 4, st.strtab_base_cfg());
        b.r(SMMU + R::STRTAB_BASE_CFG, 4, st.strtab_base_cfg());
        b.w(SMMU + R::CMDQ_BASE, 8, cmdq | cmdq_log2);
        b.w(SMMU + R::CMDQ_PROD, 4, 0);
        b.w(SMMU + R::CMDQ_CONS, 4, 0);
        b.w(SMMU + R::EVENTQ_BASE, 8, evtq | evtq_log2);
        b.w(SMMU + R::EVENTQ_PROD, 4, 0);
        b.w(SMMU + R::EVENTQ_CONS, 4, 0);
        enable(0x8);  // CMDQEN
        issue({enc::cfgi_all(), enc::tlbi_nsnh_all()});
        enable(0x8 | 0x4);  // + EVENTQEN
        if (eventq_irq) {
            b.w(SMMU + R::IRQ_CTRL, 4, 0x5);  // GERROR_IRQEN | EVENTQ_IRQEN
            b.poll(SMMU + R::IRQ_CTRLACK, 4, 0x7, 0x5);
        }
        enable(0x8 | 0x4 | 0x1);  // + SMMUEN
        b.r(SMMU + R::GERROR, 4, 0);
    }
    void enable(uint32_t cr0) {
        b.w(SMMU + R::CR0, 4, cr0);
        b.poll(SMMU + R::CR0ACK, 4, 0xffffffff, cr0);
    }
    uint32_t inc(uint32_t iw) const { return (iw + 1) & ((2u << cmdq_log2) - 1); }
    // Writes commands (plus a CS_NONE CMD_SYNC) and waits for CONS to pass the sync.
    void issue(std::vector<Command> cmds, bool sync = true) {
        if (sync) cmds.push_back(enc::cmd_sync());
        for (const auto& c : cmds) {
            uint64_t slot = cmdq + 16 * (prod & ((1u << cmdq_log2) - 1));
            b.write64(slot, c.d0);
            b.write64(slot + 8, c.d1);
            prod = inc(prod);
        }
        b.w(SMMU + R::CMDQ_PROD, 4, prod);
        b.poll(SMMU + R::CMDQ_CONS, 4, (2u << cmdq_log2) - 1, prod);
    }
};

// Stage-1 context for one device: CD table, page table, STE.
struct S1Domain {
    enc::PageTable pt;
    enc::CdTable cds;
    S1Domain(Smmu& s, uint32_t sid, uint16_t asid, bool record_faults = true)
        : pt({enc::Stage::S1, enc::Granule::G4K, 48, 48}, s.alloc, s.b),
          cds({enc::CdTableFmt::LINEAR, 0}, s.alloc, s.b) {
        pt.init();
        cds.init();
        enc::CdBuilder cd;
        cd.ttb0_pgtable(pt.info(), asid, enc::DEFAULT_MAIR).valid().aa64(true).r(record_faults).epd1(true);
        cds.write_cd(0, cd.build());
        enc::SteBuilder ste;
        ste.valid().config(enc::STE_CFG_S1_TRANS);
        cds.apply_to(ste);
        s.st.write_ste(sid, ste.build());
        s.issue({enc::cfgi_ste(sid, true)});
    }
};

std::vector<uint8_t> bytes8(uint64_t v) {
    std::vector<uint8_t> d;
    for (int i = 0; i < 8; ++i) d.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return d;
}

// D1 of a translation fault: compare the fields the scenario determines (RnW, S2, CLASS, InD, PnU).
uint64_t gsim_mask_d1() {
    return (uint64_t{1} << 35) | (uint64_t{1} << 39) | (uint64_t{3} << 40) | (uint64_t{3} << 33);
}

// ---- scenarios ----------------------------------------------------------------------------

void smmu_bringup(Builder& b) {
    b.comments.push_back("SMMU bring-up as Linux does it: probe, 2-level stream table, CMDQ and EVTQ, "
                         "CR0/CR0ACK handshakes, CFGI_ALL + TLBI_NSNH_ALL + CMD_SYNC");
    Smmu s(b);
    s.bringup();
    b.r(SMMU + R::CMDQ_CONS, 4, 3);  // three commands consumed, ERR = 0
    b.r(SMMU + R::CR0ACK, 4, 0xd);
    // 64-bit registers read the same as two 32-bit halves
    b.r(SMMU + R::STRTAB_BASE, 4, s.st.strtab_base() & 0xffffffff);
    b.r(SMMU + R::STRTAB_BASE + 4, 4, s.st.strtab_base() >> 32);
    b.r(SMMU + R::CMDQ_BASE, 8, s.cmdq | s.cmdq_log2);
    b.irq("smmu0.gerror", false);
}

void smmu_s1_translate(Builder& b) {
    b.comments.push_back("Stage-1 translation of device DMA through a CD and a 4 KiB page table; "
                         "a DMA to an unmapped IOVA aborts and records F_TRANSLATION");
    Smmu s(b);
    s.bringup();
    const uint32_t sid = 0x10;
    S1Domain d(s, sid, 1);
    const uint64_t buf = s.alloc_bytes(0x4000, 0x1000);
    d.pt.map(0x1000'0000, buf, 0x4000, enc::PROT_READ | enc::PROT_WRITE | enc::PROT_CACHE);
    b.dma(sid, 0x1000'0008, true, bytes8(0x1122334455667788ull), true);
    b.mem_expect64(buf + 8, 0x1122334455667788ull);
    b.write64(buf + 0x2000, 0xCAFEF00Dull);
    b.dma(sid, 0x1000'2000, false, {}, true, bytes8(0xCAFEF00Dull));
    b.r(SMMU + R::EVENTQ_PROD, 4, 0);
    // fault
    b.dma(sid, 0x2000'0000, true, bytes8(1), false);
    b.r(SMMU + R::EVENTQ_PROD, 4, 1);
    smmu::core::EventRecord ev;
    ev.type = smmu::core::F_TRANSLATION;
    ev.stream_id = sid;
    ev.rnw = false;
    ev.cls = smmu::core::CLASS_IN;
    ev.input_addr = 0x2000'0000;
    auto words = ev.encode();
    b.mem_expect64(s.evtq + 0, words[0]);
    b.mem_expect64(s.evtq + 8, words[1], gsim_mask_d1());
    b.mem_expect64(s.evtq + 16, words[2]);
    b.wait(1000);  // interrupt delivery: the event write and the IRQ follow the fault
    b.irq("smmu0.eventq", true);
    b.w(SMMU + R::EVENTQ_CONS, 4, 1);
    b.r(SMMU + R::GERROR, 4, 0);
}


void smmu_tlbi(Builder& b) {
    b.comments.push_back("The TLB caches translations: after a PTE change the stale PA is used until "
                         "TLBI_NH_VA + CMD_SYNC");
    Smmu s(b);
    s.bringup();
    const uint32_t sid = 0x11;
    S1Domain d(s, sid, 7);
    const uint64_t a = s.alloc_bytes(0x1000, 0x1000), c = s.alloc_bytes(0x1000, 0x1000);
    b.write64(a, 0xAAAA);
    b.write64(c, 0xCCCC);
    d.pt.map(0x4000'0000, a, 0x1000, enc::PROT_READ | enc::PROT_WRITE | enc::PROT_CACHE);
    b.dma(sid, 0x4000'0000, false, {}, true, bytes8(0xAAAA));
    d.pt.unmap(0x4000'0000, 0x1000);
    d.pt.map(0x4000'0000, c, 0x1000, enc::PROT_READ | enc::PROT_WRITE | enc::PROT_CACHE);
    b.dma(sid, 0x4000'0000, false, {}, true, bytes8(0xAAAA));  // stale TLB entry
    s.issue({enc::tlbi_nh_va(0, 7, 0x4000'0000, true)});
    b.dma(sid, 0x4000'0000, false, {}, true, bytes8(0xCCCC));
}

void smmu_cmd_errors(Builder& b) {
    b.comments.push_back("Command errors: CMD_SYNC CS=3 gives CERROR_ILL; the queue halts with CONS at the "
                         "bad command and GERROR.CMDQ_ERR toggled; it resumes after the ack");
    Smmu s(b);
    s.bringup();
    uint32_t bad = s.prod;
    Command ill = enc::cmd_sync();
    ill.d0 |= uint64_t{3} << 12;  // CS = 0b11, reserved
    uint64_t slot = s.cmdq + 16 * (bad & 0xff);
    b.write64(slot, ill.d0);
    b.write64(slot + 8, ill.d1);
    s.prod = s.inc(s.prod);
    b.w(SMMU + R::CMDQ_PROD, 4, s.prod);
    b.poll(SMMU + R::GERROR, 4, 1, 1);
    b.r(SMMU + R::CMDQ_CONS, 4, (1u << 24) | bad, 0x7f000000 | 0x1ff);
    b.wait(1000);  // interrupt delivery
    b.irq("smmu0.gerror", true);
    // patch the command into a valid CMD_SYNC and acknowledge
    Command ok = enc::cmd_sync();
    b.write64(slot, ok.d0);
    b.write64(slot + 8, ok.d1);
    b.w(SMMU + R::GERRORN, 4, 1);
    b.poll(SMMU + R::CMDQ_CONS, 4, 0x1ff, s.prod);
    // unknown opcode 0x7F: ILL again
    bad = s.prod;
    slot = s.cmdq + 16 * (bad & 0xff);
    b.write64(slot, 0x7F);
    b.write64(slot + 8, 0);
    s.prod = s.inc(s.prod);
    b.w(SMMU + R::CMDQ_PROD, 4, s.prod);
    b.poll(SMMU + R::GERROR, 4, 1, 0);  // toggled back: active again (GERRORN = 1)
    b.r(SMMU + R::CMDQ_CONS, 4, (1u << 24) | bad, 0x7f000000 | 0x1ff);
}

void smmu_sync_msi(Builder& b) {
    b.comments.push_back("CMD_SYNC with CS=IRQ and an MSI address writes MSIData to MSIAddr at completion");
    Smmu s(b);
    s.bringup();
    s.issue({enc::cmd_sync(smmu::core::CS_IRQ, MSI + 0x40, 0xABCD)}, false);
    b.msi(MSI + 0x40, 0xABCD);
}

void smmu_evtq_overflow(Builder& b) {
    b.comments.push_back("Event queue of 2 entries: the third fault sets EVENTQ_PROD.OVFLG and is dropped; "
                         "no GERROR");
    Smmu s(b, 1);
    s.bringup();
    const uint32_t sid = 0x12;
    S1Domain d(s, sid, 2);
    for (uint64_t i = 0; i < 3; ++i) b.dma(sid, 0x5000'0000 + 0x1000 * i, false, {}, false);
    b.r(SMMU + R::EVENTQ_PROD, 4, 0x80000002, 0x80000003);  // OVFLG set, index 0, wrap 1 (full)
    b.r(SMMU + R::GERROR, 4, 0);
    b.w(SMMU + R::EVENTQ_CONS, 4, 0x80000002);  // consume both, acknowledge the overflow
    b.dma(sid, 0x5000'8000, false, {}, false);
    b.r(SMMU + R::EVENTQ_PROD, 4, 0x80000003, 0x80000003);
}

void smmu_gbpa(Builder& b) {
    b.comments.push_back("With SMMUEN=0 traffic obeys GBPA: bypass by default, abort once GBPA.ABORT is set "
                         "with UPDATE");
    const uint64_t pa = 0x8200'0000;
    b.write64(pa, 0x5555);
    b.dma(0x20, pa, false, {}, true, bytes8(0x5555));
    b.w(SMMU + R::GBPA, 4, 1u << 20);  // no UPDATE: ignored
    b.dma(0x20, pa, false, {}, true, bytes8(0x5555));
    b.w(SMMU + R::GBPA, 4, (1u << 31) | (1u << 20));
    b.poll(SMMU + R::GBPA, 4, 1u << 31, 0);
    b.dma(0x20, pa, false, {}, false);
}

// Every command the preset supports executes (CONS passes it, no error); commands of features
// the preset does not advertise (EL3, PRI, stall, v3.2 CFGI_VMS_PIDM) stop the queue with
// CERROR_ILL and the queue resumes after the patch and the acknowledgement.
void smmu_commands(Builder& b) {
    b.comments.push_back("Every command: supported ones execute, unadvertised ones give CERROR_ILL and recover");
    Smmu s(b);
    s.bringup();
    s.issue({enc::prefetch_config(0x10), enc::prefetch_addr(0x10, 0x1000'0000, 0), enc::cfgi_ste(0x10, true),
             enc::cfgi_ste_range(0x10, 3), enc::cfgi_all(), enc::cfgi_cd(0x10, 0, true), enc::cfgi_cd_all(0x10),
             enc::tlbi_nh_all(1), enc::tlbi_nh_asid(1, 2), enc::tlbi_nh_va(1, 2, 0x1000'0000, true),
             enc::tlbi_nh_vaa(1, 0x1000'0000, false), enc::tlbi_el2_all(), enc::tlbi_el2_asid(3),
             enc::tlbi_el2_va(3, 0x2000'0000, true), enc::tlbi_el2_vaa(0x2000'0000, true), enc::tlbi_s12_vmall(1),
             enc::tlbi_s2_ipa(1, 0x4000'0000, true), enc::tlbi_nsnh_all(), enc::atc_inv(0x10, 0, false, 0, 0, false)});
    b.r(SMMU + R::CMDQ_CONS, 4, s.prod, 0x7f0001ff);
    b.r(SMMU + R::GERROR, 4, 0);
    uint32_t gerrorn = 0;
    for (const Command& bad : {enc::tlbi_el3_all(), enc::pri_resp(0x10, 0, false, 1, 2), enc::resume(0x10, 1, 0),
                               enc::cfgi_vms_pidm(1)}) {
        const uint32_t at = s.prod;
        const uint64_t slot = s.cmdq + 16 * (at & 0xff);
        b.write64(slot, bad.d0);
        b.write64(slot + 8, bad.d1);
        s.prod = s.inc(s.prod);
        b.w(SMMU + R::CMDQ_PROD, 4, s.prod);
        gerrorn ^= 1;
        b.poll(SMMU + R::GERROR, 4, 1, gerrorn);
        b.r(SMMU + R::CMDQ_CONS, 4, (1u << 24) | at, 0x7f0001ff);
        const Command sync = enc::cmd_sync();
        b.write64(slot, sync.d0);
        b.write64(slot + 8, sync.d1);
        b.w(SMMU + R::GERRORN, 4, gerrorn);
        b.poll(SMMU + R::CMDQ_CONS, 4, 0x7f0001ff, s.prod);
    }
}

// Configuration and translation faults, each with its event record (type and StreamID) and an
// aborted transaction: C_BAD_STREAMID (recorded because CR2.RECINVSID = 1), C_BAD_STE (V = 0),
// F_TRANSLATION, F_PERMISSION (write to a read-only page).
void smmu_faults(Builder& b) {
    b.comments.push_back("Faults: C_BAD_STREAMID with CR2.RECINVSID, C_BAD_STE, F_TRANSLATION, F_PERMISSION");
    b.w(SMMU + R::CR2, 4, 0x2);  // RECINVSID
    Smmu s(b);
    s.bringup();
    const uint32_t sid = 0x30;
    S1Domain d(s, sid, 4);
    const uint64_t page = s.alloc_bytes(0x1000, 0x1000);
    d.pt.map(0x6000'0000, page, 0x1000, enc::PROT_READ | enc::PROT_CACHE);
    struct Fault {
        uint32_t sid;
        uint64_t iova;
        bool write;
        uint8_t type;
    };
    const Fault faults[] = {{0x10000, 0x1000, false, smmu::core::C_BAD_STREAMID},
                            {0x31, 0x1000, false, smmu::core::C_BAD_STE},
                            {sid, 0x7000'0000, false, smmu::core::F_TRANSLATION},
                            {sid, 0x6000'0000, true, smmu::core::F_PERMISSION}};
    b.dma(sid, 0x6000'0000, false, {}, true, bytes8(0));  // the read-only page reads
    unsigned n = 0;
    for (const Fault& f : faults) {
        b.dma(f.sid, f.iova, f.write, f.write ? bytes8(1) : std::vector<uint8_t>{}, false);
        ++n;
        b.r(SMMU + R::EVENTQ_PROD, 4, n, 0xff);
        // D0: EventType [7:0] and StreamID [63:32]
        b.mem_expect64(s.evtq + 32 * (n - 1), (uint64_t(f.sid) << 32) | f.type, 0xffffffff000000ffull);
    }
    b.r(SMMU + R::GERROR, 4, 0);
}

// A guest-owned VCMDQ as a VMM would set it up and a guest would drive it (spec/cmdqv.md 2.3,
// 2.5-2.7, 2.9): VINTF1 with VMID 5 and one SID pair (vSID 1 -> pSID 0x100, the ATS endpoint).
void cmdqv_guest_queue(Builder& b) {
    b.comments.push_back("CMDQV: host bring-up, a guest-owned VINTF (VMID 5, vSID 1 -> pSID 0x100) with one "
                         "LVCMDQ; allowed commands run, CFGI_STE halts with CONS.ERR=ILL_ACCESS and the error "
                         "maps and the cmdqv0 line report it; recovery through GERRORN; an unregistered vSID "
                         "is refused; unmapped logical slots read as zero");
    Smmu s(b);
    s.bringup();
    const uint64_t G = CMDQV;
    b.r(G + Q::PARAM, 4, 0x4671);  // version 1, 128 VCMDQs, 64 VINTFs, 16 SID pairs
    b.w(G + Q::CONFIG, 4, 1);
    b.poll(G + Q::STATUS, 4, 1, 1);
    for (unsigned q = 0; q < 4; ++q) b.w(G + Q::CMDQ_ALLOC + 4 * q, 4, ((q / 2) << 15) | ((q % 2) << 1));
    // VINTF1: guest owned (HYP_OWN = 0), VMID 5.
    const uint64_t v1 = G + Q::vintf_block(1);
    b.w(v1 + Q::VINTF_CONFIG, 4, 5u << 1);
    b.w(v1 + Q::VINTF_CONFIG, 4, (5u << 1) | 1);
    b.poll(v1 + Q::VINTF_STATUS, 4, 1, 1);
    b.r(v1 + Q::VINTF_CONFIG, 4, (5u << 1) | 1);
    b.w(v1 + Q::VINTF_SID_REPLACE, 4, 0x100);
    b.w(v1 + Q::VINTF_SID_MATCH, 4, (1u << 1) | 1);
    // Map global VCMDQ 2 as VINTF1 LVCMDQ0 and program it through the VINTF1 logical pages.
    b.w(G + Q::CMDQ_ALLOC + 4 * 2, 4, (1u << 15) | 1);
    const uint64_t ring = s.alloc_bytes(16 * 16, 16 * 16);
    const uint64_t p0 = G + Q::vintf_page0(1), p1 = G + Q::vintf_page1(1);
    b.w(p1 + Q::VCMDQ_BASE_L, 8, ring | 4);  // 16 entries
    b.w(p0 + Q::VCMDQ_CONS, 4, 0);
    b.w(p0 + Q::VCMDQ_PROD, 4, 0);
    b.w(p0 + Q::VCMDQ_CONFIG, 4, 1);
    b.poll(p0 + Q::VCMDQ_STATUS, 4, 1, 1);
    b.r(G + Q::DIRECT_PAGE1 + 2 * Q::VCMDQ_STRIDE + Q::VCMDQ_BASE_L, 8, ring | 4);  // same queue
    uint32_t prod = 0;
    auto push = [&](const Command& c) {
        b.write64(ring + 16 * (prod & 15), c.d0);
        b.write64(ring + 16 * (prod & 15) + 8, c.d1);
        prod = (prod + 1) & 31;
    };
    // Allowed: TLBI_NH_VA (VMID replaced by 5) and ATC_INV for vSID 1 (sent to pSID 0x100).
    push(enc::tlbi_nh_va(0, 3, 0x1000'0000, true));
    push(enc::cmd_sync());
    push(enc::atc_inv(1, 0, false, 0x1000'0000, 0, false));
    push(enc::cmd_sync());
    b.w(p0 + Q::VCMDQ_PROD, 4, prod);
    b.poll(p0 + Q::VCMDQ_CONS, 4, 0x7f00001f, prod);
    // Not allowed on a guest-owned queue: CFGI_STE.
    const uint32_t bad = prod;
    push(enc::cfgi_ste(0x100, true));
    b.w(p0 + Q::VCMDQ_PROD, 4, prod);
    b.poll(p0 + Q::VCMDQ_CONS, 4, 0x7f000000, 4u << 24);
    b.r(p0 + Q::VCMDQ_CONS, 4, (4u << 24) | bad, 0x7f00001f);
    b.r(p0 + Q::VCMDQ_GERROR, 4, 1, 1);
    b.r(G + Q::VINTF_ERR_MAP, 4, 0x2);
    b.r(v1 + Q::VINTF_LVCMDQ_ERR_MAP, 4, 0x1);
    b.r(G + Q::CMDQ_ERR_MAP, 4, 0x4);
    b.wait(1000);
    b.irq("cmdqv0", true);
    // Recovery: overwrite the command with a CMD_SYNC, acknowledge.
    Command sync = enc::cmd_sync();
    b.write64(ring + 16 * (bad & 15), sync.d0);
    b.write64(ring + 16 * (bad & 15) + 8, sync.d1);
    b.w(p0 + Q::VCMDQ_GERRORN, 4, 1);
    b.poll(p0 + Q::VCMDQ_CONS, 4, 0x7f00001f, prod);
    b.r(G + Q::VINTF_ERR_MAP, 4, 0x0);
    // An ATC_INV for a vSID the VINTF was not given never reaches the SMMU.
    push(enc::atc_inv(7, 0, false, 0, 0, false));
    b.w(p0 + Q::VCMDQ_PROD, 4, prod);
    b.poll(p0 + Q::VCMDQ_CONS, 4, 0x7f000000, 4u << 24);
    // Unmapped logical slot (VINTF1 LVCMDQ1): reads as zero, writes ignored.
    b.w(p0 + Q::VCMDQ_STRIDE + Q::VCMDQ_PROD, 4, 5);
    b.r(p0 + Q::VCMDQ_STRIDE + Q::VCMDQ_PROD, 4, 0);
    b.r(G + Q::DIRECT_PAGE0 + 3 * Q::VCMDQ_STRIDE + Q::VCMDQ_PROD, 4, 0);
}

const std::map<std::string, std::function<void(Builder&)>>& scenarios() {
    static const std::map<std::string, std::function<void(Builder&)>> s = {
        {"smmu_bringup", smmu_bringup},       {"smmu_s1_translate", smmu_s1_translate},
        {"smmu_tlbi", smmu_tlbi},             {"smmu_cmd_errors", smmu_cmd_errors},
        {"smmu_sync_msi", smmu_sync_msi},     {"smmu_evtq_overflow", smmu_evtq_overflow},
        {"smmu_gbpa", smmu_gbpa},             {"cmdqv_guest_queue", cmdqv_guest_queue},
        {"smmu_commands", smmu_commands},     {"smmu_faults", smmu_faults},
    };
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: grace-tracegen SCENARIO | --list\n");
        return 2;
    }
    std::string name = argv[1];
    if (name == "--list") {
        for (const auto& [k, v] : scenarios()) std::printf("%s\n", k.c_str());
        return 0;
    }
    auto it = scenarios().find(name);
    if (it == scenarios().end()) {
        std::fprintf(stderr, "grace-tracegen: unknown scenario '%s'\n", name.c_str());
        return 2;
    }
    Builder b;
    it->second(b);
    traces::TraceWriter w(std::cout);
    w.write_header();
    w.comment("golden scenario " + name + " (generated by grace-tracegen; regenerate with "
              "scripts/regen-golden.sh)");
    for (const auto& c : b.comments) w.comment(c);
    for (const auto& op : b.ops) w.write(op);
    return 0;
}
