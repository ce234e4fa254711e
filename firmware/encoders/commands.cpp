// grace-sim firmware encoders: SMMUv3 command builders (spec/smmuv3.md A.10/A.11).
#include "encoders/commands.h"

#include "common/bits.h"

namespace fw::enc {

namespace {

using gsim::Field;
namespace sc = smmu::core;

// D0 fields.
constexpr Field CMD0_OP{7, 0};
constexpr Field CMD0_ATC_GLOBAL{9, 9};
constexpr Field CMD0_SSEC{10, 10};
constexpr Field CMD0_SSV{11, 11};
constexpr Field CMD0_SSID{31, 12};
constexpr Field CMD0_SID{63, 32};
constexpr Field CMD0_TLBI_NUM{16, 12};
constexpr Field CMD0_TLBI_SCALE{24, 20};
constexpr Field CMD0_VMID{47, 32};
constexpr Field CMD0_ASID{63, 48};
constexpr Field CMD0_RESUME_RESP{13, 12};
constexpr Field CMD0_SYNC_CS{13, 12};
constexpr Field CMD0_SYNC_MSH{23, 22};
constexpr Field CMD0_SYNC_MSIATTR{27, 24};
constexpr Field CMD0_SYNC_MSIDATA{63, 32};
// D1 fields.
constexpr Field CMD1_LEAF{0, 0};
constexpr Field CMD1_CFGI_RANGE{4, 0};
constexpr Field CMD1_PREFETCH_SIZE{4, 0};
constexpr Field CMD1_TLBI_TTL{9, 8};
constexpr Field CMD1_TLBI_TG{11, 10};
constexpr Field CMD1_ATC_SIZE{5, 0};
constexpr Field CMD1_PRI_PRGINDEX{8, 0};
constexpr Field CMD1_PRI_RESP{13, 12};
constexpr Field CMD1_RESUME_STAG{15, 0};
constexpr uint64_t CMD1_ADDR_MASK = gsim::mask(63, 12);
constexpr uint64_t CMD1_IPA_MASK = gsim::mask(51, 12);
constexpr uint64_t CMD1_MSIADDR_MASK = gsim::mask(51, 2);

Command op(uint8_t opcode) {
    Command c;
    c.d0 = CMD0_OP.make(opcode);
    return c;
}

Command stream_cmd(uint8_t opcode, uint32_t sid, uint32_t ssid, bool ssv) {
    Command c = op(opcode);
    c.d0 = CMD0_SID.set(c.d0, sid);
    c.d0 = CMD0_SSID.set(c.d0, ssid);
    c.d0 = CMD0_SSV.set(c.d0, ssv ? 1 : 0);
    return c;
}

// Common encoder of every TLBI: tags in D0, address and range hints in D1.
Command tlbi(uint8_t opcode, uint16_t vmid, uint16_t asid, uint64_t addr, uint64_t addr_mask,
             bool leaf, uint8_t ttl, uint8_t tg, uint8_t num, uint8_t scale) {
    Command c = op(opcode);
    c.d0 = CMD0_VMID.set(c.d0, vmid);
    c.d0 = CMD0_ASID.set(c.d0, asid);
    c.d0 = CMD0_TLBI_NUM.set(c.d0, num);
    c.d0 = CMD0_TLBI_SCALE.set(c.d0, scale);
    c.d1 = (addr & addr_mask) | CMD1_LEAF.make(leaf ? 1 : 0) | CMD1_TLBI_TTL.make(ttl) |
           CMD1_TLBI_TG.make(tg);
    return c;
}

}  // namespace

Command prefetch_config(uint32_t sid, uint32_t ssid, bool ssv) {
    return stream_cmd(sc::CMD_PREFETCH_CONFIG, sid, ssid, ssv);
}

Command prefetch_addr(uint32_t sid, uint64_t addr, uint8_t size, uint32_t ssid, bool ssv) {
    Command c = stream_cmd(sc::CMD_PREFETCH_ADDR, sid, ssid, ssv);
    c.d1 = (addr & CMD1_ADDR_MASK) | CMD1_PREFETCH_SIZE.make(size);
    return c;
}

Command cfgi_ste(uint32_t sid, bool leaf) {
    Command c = stream_cmd(sc::CMD_CFGI_STE, sid, 0, false);
    c.d1 = CMD1_LEAF.make(leaf ? 1 : 0);
    return c;
}

Command cfgi_ste_range(uint32_t sid, uint8_t range) {
    Command c = stream_cmd(sc::CMD_CFGI_STE_RANGE, sid, 0, false);
    c.d1 = CMD1_CFGI_RANGE.make(range);
    return c;
}

Command cfgi_all() { return cfgi_ste_range(0, 31); }

Command cfgi_cd(uint32_t sid, uint32_t ssid, bool leaf) {
    Command c = stream_cmd(sc::CMD_CFGI_CD, sid, ssid, false);
    c.d1 = CMD1_LEAF.make(leaf ? 1 : 0);
    return c;
}

Command cfgi_cd_all(uint32_t sid) { return stream_cmd(sc::CMD_CFGI_CD_ALL, sid, 0, false); }

Command cfgi_vms_pidm(uint16_t vmid) {
    Command c = op(sc::CMD_CFGI_VMS_PIDM);
    c.d0 = CMD0_VMID.set(c.d0, vmid);
    return c;
}

Command tlbi_nh_all(uint16_t vmid) {
    return tlbi(sc::CMD_TLBI_NH_ALL, vmid, 0, 0, 0, false, 0, 0, 0, 0);
}
Command tlbi_nh_asid(uint16_t vmid, uint16_t asid) {
    return tlbi(sc::CMD_TLBI_NH_ASID, vmid, asid, 0, 0, false, 0, 0, 0, 0);
}
Command tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va, bool leaf, uint8_t ttl, uint8_t tg,
                   uint8_t num, uint8_t scale) {
    return tlbi(sc::CMD_TLBI_NH_VA, vmid, asid, va, CMD1_ADDR_MASK, leaf, ttl, tg, num, scale);
}
Command tlbi_nh_vaa(uint16_t vmid, uint64_t va, bool leaf, uint8_t ttl, uint8_t tg, uint8_t num,
                    uint8_t scale) {
    return tlbi(sc::CMD_TLBI_NH_VAA, vmid, 0, va, CMD1_ADDR_MASK, leaf, ttl, tg, num, scale);
}
Command tlbi_el2_all() { return op(sc::CMD_TLBI_EL2_ALL); }
Command tlbi_el2_asid(uint16_t asid) {
    return tlbi(sc::CMD_TLBI_EL2_ASID, 0, asid, 0, 0, false, 0, 0, 0, 0);
}
Command tlbi_el2_va(uint16_t asid, uint64_t va, bool leaf, uint8_t ttl, uint8_t tg, uint8_t num,
                    uint8_t scale) {
    return tlbi(sc::CMD_TLBI_EL2_VA, 0, asid, va, CMD1_ADDR_MASK, leaf, ttl, tg, num, scale);
}
Command tlbi_el2_vaa(uint64_t va, bool leaf, uint8_t ttl, uint8_t tg, uint8_t num,
                     uint8_t scale) {
    return tlbi(sc::CMD_TLBI_EL2_VAA, 0, 0, va, CMD1_ADDR_MASK, leaf, ttl, tg, num, scale);
}
Command tlbi_el3_all() { return op(sc::CMD_TLBI_EL3_ALL); }
Command tlbi_el3_va(uint64_t va, bool leaf) {
    return tlbi(sc::CMD_TLBI_EL3_VA, 0, 0, va, CMD1_ADDR_MASK, leaf, 0, 0, 0, 0);
}
Command tlbi_s12_vmall(uint16_t vmid) {
    return tlbi(sc::CMD_TLBI_S12_VMALL, vmid, 0, 0, 0, false, 0, 0, 0, 0);
}
Command tlbi_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf, uint8_t ttl, uint8_t tg, uint8_t num,
                    uint8_t scale) {
    return tlbi(sc::CMD_TLBI_S2_IPA, vmid, 0, ipa, CMD1_IPA_MASK, leaf, ttl, tg, num, scale);
}
Command tlbi_nsnh_all() { return op(sc::CMD_TLBI_NSNH_ALL); }

Command atc_inv(uint32_t sid, uint32_t ssid, bool ssv, uint64_t addr, uint8_t size, bool global) {
    Command c = stream_cmd(sc::CMD_ATC_INV, sid, ssid, ssv);
    c.d0 = CMD0_ATC_GLOBAL.set(c.d0, global ? 1 : 0);
    c.d1 = (addr & CMD1_ADDR_MASK) | CMD1_ATC_SIZE.make(size);
    return c;
}

Command pri_resp(uint32_t sid, uint32_t ssid, bool ssv, uint16_t prgindex, uint8_t resp) {
    Command c = stream_cmd(sc::CMD_PRI_RESP, sid, ssid, ssv);
    c.d1 = CMD1_PRI_PRGINDEX.make(prgindex) | CMD1_PRI_RESP.make(resp);
    return c;
}

Command resume(uint32_t sid, uint16_t stag, uint8_t resp) {
    Command c = stream_cmd(sc::CMD_RESUME, sid, 0, false);
    c.d0 = CMD0_RESUME_RESP.set(c.d0, resp);
    c.d1 = CMD1_RESUME_STAG.make(stag);
    return c;
}

Command stall_term(uint32_t sid) { return stream_cmd(sc::CMD_STALL_TERM, sid, 0, false); }

Command cmd_sync(uint8_t cs, uint64_t msiaddr, uint32_t msidata, uint8_t msh, uint8_t msiattr) {
    Command c = op(sc::CMD_SYNC);
    c.d0 = CMD0_SYNC_CS.set(c.d0, cs);
    c.d0 = CMD0_SYNC_MSH.set(c.d0, msh);
    c.d0 = CMD0_SYNC_MSIATTR.set(c.d0, msiattr);
    c.d0 = CMD0_SYNC_MSIDATA.set(c.d0, msidata);
    c.d1 = msiaddr & CMD1_MSIADDR_MASK;
    return c;
}

// How a driver turns "these leaf mappings of [iova, iova+size) changed" into TLBIs (the
// behaviour Linux's arm-smmu-v3 driver exhibits, re-expressed here):
//  - Without range invalidation (IDR3.RIL = 0) it walks the range in steps of the leaf size
//    ("granule") and issues one address-based TLBI per step, with no range hints at all.
//  - With RIL it counts the range in units of the smallest page size of the table (that unit is
//    also the TG field: 4K -> 1, 16K -> 2, 64K -> 3), and, for leaf invalidations, derives the
//    TTL level hint from how many table levels the leaf size spans. It then repeatedly peels the
//    lowest set bit of the remaining page count: SCALE is that bit's position and NUM+1 is the
//    next (up to five) bits of the count above it, so each command covers (NUM+1) << SCALE pages
//    starting at the current address. A count that is a power of two (1, 16, 64 pages) or a
//    small odd multiple of one therefore needs exactly one command.
std::vector<Command> tlbi_range(const TlbiRangeRequest& req) {
    std::vector<Command> out;
    tlbi_range(req, out);
    return out;
}

void tlbi_range(const TlbiRangeRequest& req, std::vector<Command>& out) {
    out.clear();
    if (req.size == 0 || !gsim::is_pow2(req.pgsize_min) || !gsim::is_pow2(req.granule)) {
        return;
    }
    auto make = [&req](uint64_t va, uint8_t ttl, uint8_t tg, uint8_t num, uint8_t scale) {
        switch (req.kind) {
            case TlbiKind::NH_VA:
                return tlbi_nh_va(req.vmid, req.asid, va, req.leaf, ttl, tg, num, scale);
            case TlbiKind::NH_VAA:
                return tlbi_nh_vaa(req.vmid, va, req.leaf, ttl, tg, num, scale);
            case TlbiKind::EL2_VA:
                return tlbi_el2_va(req.asid, va, req.leaf, ttl, tg, num, scale);
            case TlbiKind::S2_IPA:
                break;
        }
        return tlbi_s2_ipa(req.vmid, va, req.leaf, ttl, tg, num, scale);
    };

    const uint64_t end = req.iova + req.size;
    if (!req.ril) {
        for (uint64_t va = req.iova; va < end && va >= req.iova; va += req.granule) {
            out.push_back(make(va, 0, TLBI_TG_NONE, 0, 0));
        }
        return;
    }

    const unsigned tg_shift = gsim::log2_floor(req.pgsize_min);  // 12, 14 or 16
    if (tg_shift != 12 && tg_shift != 14 && tg_shift != 16) return;
    const uint8_t tg = static_cast<uint8_t>((tg_shift - 10) / 2);
    uint8_t ttl = 0;
    if (req.leaf && req.granule >= req.pgsize_min) {
        const unsigned bits = tg_shift - 3;  // index bits per level
        const unsigned levels_below = (gsim::log2_floor(req.granule) - 3) / bits;
        ttl = levels_below >= 1 && levels_below <= 3 ? static_cast<uint8_t>(4 - levels_below) : 0;
    }
    uint64_t pages = (req.size + req.pgsize_min - 1) >> tg_shift;
    uint64_t va = req.iova;
    while (pages != 0) {
        unsigned scale = 0;
        while (((pages >> scale) & 1) == 0) ++scale;
        const uint64_t num = (pages >> scale) & 31;  // odd, hence non-zero
        out.push_back(make(va, ttl, tg, static_cast<uint8_t>(num - 1),
                           static_cast<uint8_t>(scale)));
        va += num << (scale + tg_shift);
        pages -= num << scale;
    }
}

// The ATC span: the page numbers of the first and last byte differ only in their low bits; the
// position of the highest differing bit (plus one) is the log2 of the smallest naturally
// aligned block of pages containing both, and the start is the first page rounded down to it.
Command atc_inv_range(uint32_t sid, uint32_t ssid, uint64_t iova, uint64_t size) {
    const bool ssv = ssid != 0;
    if (size == 0) return atc_inv(sid, ssid, ssv, 0, ATC_INV_SIZE_ALL);
    uint64_t first = iova >> 12;
    const uint64_t last = (iova + size - 1) >> 12;
    const uint64_t diff = first ^ last;
    const unsigned log2_span = diff == 0 ? 0 : gsim::log2_floor(diff) + 1;
    if (log2_span >= ATC_INV_SIZE_ALL) return atc_inv(sid, ssid, ssv, 0, ATC_INV_SIZE_ALL);
    first &= ~((uint64_t{1} << log2_span) - 1);
    return atc_inv(sid, ssid, ssv, first << 12, static_cast<uint8_t>(log2_span));
}

}  // namespace fw::enc
