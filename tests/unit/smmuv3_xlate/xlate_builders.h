// Test helpers for the SMMUv3 translation side: STE/CD encoders, a page-table builder over
// gsim::test::FakeMemPort and a fixture wiring a Translator to it. Local to these tests;
// replaceable by the shared encoder library (firmware/encoders) later.
#pragma once
#include <array>
#include <cstdint>
#include <map>

#include "common/bits.h"
#include "fake_mem.h"
#include "smmuv3/core/translator.h"

namespace xt {

using namespace smmu::core;

// Default ID registers: S1P, S2P, AArch64, HYP, ATS, ASID16, VMID16, CD2L, LE, 2-level ST;
// SIDSIZE 16, SSIDSIZE 20; XNX, RIL; OAS 48 bits, all granules.
inline ControlState default_ctrl() {
    ControlState c;
    c.smmuen = true;
    c.idr0 = (1u << 0) | (1u << 1) | (2u << 2) | (1u << 9) | (1u << 10) | (1u << 12) | (1u << 18) |
             (1u << 19) | (2u << 21) | (1u << 27);
    c.idr1 = 16u | (20u << 6);
    c.idr3 = (1u << 4) | (1u << 10);
    c.idr5 = 5u | (1u << 4) | (1u << 5) | (1u << 6);
    c.strtab_base = 0x100000;
    c.strtab_base_cfg = 8;  // linear, 256 STEs
    c.cr2 = 1u << 1;        // RECINVSID
    return c;
}

enum : uint8_t { CFG_ABORT = 0, CFG_BYPASS = 4, CFG_S1 = 5, CFG_S2 = 6, CFG_NESTED = 7 };

struct SteSpec {
    bool v = true;
    uint8_t config = CFG_S1;
    uint8_t s1fmt = 0;
    uint64_t ctx = 0;
    uint8_t cdmax = 0;
    uint8_t s1dss = 0;
    uint8_t eats = 0;
    uint8_t strw = 0;
    uint8_t privcfg = 0, instcfg = 0;
    uint16_t vmid = 0;
    uint8_t s2t0sz = 24, s2sl0 = 1, s2tg = 0, s2ps = 5;
    bool s2aa64 = true, s2endi = false, s2affd = false, s2s = false, s2r = true;
    uint64_t s2ttb = 0;
    std::array<uint64_t, 8> encode() const {
        using gsim::deposit;
        std::array<uint64_t, 8> w{};
        w[0] = uint64_t(v) | (uint64_t(config) << 1) | (uint64_t(s1fmt) << 4) |
               (ctx & gsim::mask(51, 6)) | (uint64_t(cdmax) << 59);
        w[1] = uint64_t(s1dss) | (uint64_t(eats) << 28) | (uint64_t(strw) << 30) |
               (uint64_t(privcfg) << 48) | (uint64_t(instcfg) << 50);
        w[2] = uint64_t(vmid) | (uint64_t(s2t0sz) << 32) | (uint64_t(s2sl0) << 38) |
               (uint64_t(s2tg) << 46) | (uint64_t(s2ps) << 48) | (uint64_t(s2aa64) << 51) |
               (uint64_t(s2endi) << 52) | (uint64_t(s2affd) << 53) | (uint64_t(s2s) << 57) |
               (uint64_t(s2r) << 58);
        w[3] = s2ttb & gsim::mask(51, 4);
        return w;
    }
};

struct CdSpec {
    bool v = true;
    uint8_t t0sz = 16, tg0 = 0, t1sz = 16, tg1 = 2, ips = 5;
    bool epd0 = false, epd1 = true, endi = false, affd = false, wxn = false;
    bool aa64 = true, s = false, r = true, a = true;
    uint16_t asid = 1;
    uint64_t ttb0 = 0, ttb1 = 0;
    std::array<uint64_t, 8> encode() const {
        std::array<uint64_t, 8> w{};
        w[0] = uint64_t(t0sz) | (uint64_t(tg0) << 6) | (uint64_t(epd0) << 14) |
               (uint64_t(endi) << 15) | (uint64_t(t1sz) << 16) | (uint64_t(tg1) << 22) |
               (uint64_t(epd1) << 30) | (uint64_t(v) << 31) | (uint64_t(ips) << 32) |
               (uint64_t(affd) << 35) | (uint64_t(wxn) << 36) | (uint64_t(aa64) << 41) |
               (uint64_t(s) << 44) | (uint64_t(r) << 45) | (uint64_t(a) << 46) |
               (uint64_t(asid) << 48);
        w[1] = ttb0 & gsim::mask(51, 4);
        w[2] = ttb1 & gsim::mask(51, 4);
        return w;
    }
};

// Leaf attribute sets (without type bits and address).
constexpr uint64_t AF = 1ull << 10;
constexpr uint64_t S1_RW_ALL = AF | (1ull << 6);  // AP = 01: RW at EL1 and EL0
constexpr uint64_t S1_RW_PRIV = AF;               // AP = 00
constexpr uint64_t S1_RO_ALL = AF | (3ull << 6);  // AP = 11
constexpr uint64_t S1_NG = 1ull << 11;
constexpr uint64_t S1_PXN = 1ull << 53, S1_UXN = 1ull << 54;
constexpr uint64_t S2_RW = AF | (3ull << 6);
constexpr uint64_t S2_RO = AF | (1ull << 6);
constexpr uint64_t S2_WO = AF | (2ull << 6);

// Page-table geometry of one stage.
struct Geo {
    unsigned gs = 12;  // granule shift
    unsigned input_bits = 48;
    int start = 0;
    unsigned stride() const { return gs - 3; }
    unsigned shift(int l) const { return gs + unsigned(3 - l) * stride(); }
    unsigned bits(int l) const { return l == start ? input_bits - shift(l) : stride(); }
};

inline Geo s1_geo(unsigned gs, unsigned txsz) {
    Geo g{gs, 64 - txsz, 0};
    unsigned levels = (g.input_bits - gs + g.stride() - 1) / g.stride();
    g.start = 4 - int(levels);
    return g;
}

class Memory {
public:
    gsim::test::FakeMemPort mem;
    uint64_t next = 0x10000000;  // page-table allocation arena

    uint64_t alloc(uint64_t bytes, uint64_t align = 0x10000) {
        next = (next + align - 1) & ~(align - 1);
        uint64_t a = next;
        next += bytes;
        return a;
    }
    void write_words(uint64_t addr, const std::array<uint64_t, 8>& w) {
        for (int i = 0; i < 8; ++i) mem.poke64(addr + 8 * uint64_t(i), w[size_t(i)]);
    }
    uint64_t new_root(const Geo& g) {
        uint64_t size = uint64_t{8} << g.bits(g.start);
        return alloc(size, size > 0x10000 ? size : 0x10000);
    }

    // Map `in` -> `out` with a leaf at `leaf_level` (page at 3, block above), creating
    // tables as needed. attrs are the leaf's attribute bits. Returns the descriptor address.
    uint64_t map(const Geo& g, uint64_t root, uint64_t in, uint64_t out, int leaf_level,
                 uint64_t attrs, uint64_t table_attrs = 0) {
        uint64_t table = root;
        for (int l = g.start;; ++l) {
            unsigned b = g.bits(l);
            uint64_t idx = (in >> g.shift(l)) & ((uint64_t{1} << b) - 1);
            uint64_t daddr = table + idx * 8;
            if (l == leaf_level) {
                uint64_t type = l == 3 ? 3 : 1;
                mem.poke64(daddr, (out & gsim::mask(47, g.shift(l))) | attrs | type);
                return daddr;
            }
            uint64_t d = mem.peek64(daddr);
            if ((d & 3) != 3) {
                uint64_t t = alloc(uint64_t{8} << g.stride(), uint64_t{1} << g.gs);
                d = t | 3 | table_attrs;
                mem.poke64(daddr, d);
            }
            table = d & gsim::mask(47, g.gs);
        }
    }
    // Address of the descriptor at `level` for `in` (tables must exist).
    uint64_t desc_addr(const Geo& g, uint64_t root, uint64_t in, int level) {
        uint64_t table = root;
        for (int l = g.start;; ++l) {
            uint64_t idx = (in >> g.shift(l)) & ((uint64_t{1} << g.bits(l)) - 1);
            if (l == level) return table + idx * 8;
            table = mem.peek64(table + idx * 8) & gsim::mask(47, g.gs);
        }
    }
};

// A Translator over fake memory with a linear stream table at ctrl.strtab_base.
struct Env {
    Memory m;
    ControlState ctrl = default_ctrl();
    TranslatorParams params;
    std::unique_ptr<Translator> t;

    explicit Env(TranslatorParams p = {}) : params(p) {
        t = std::make_unique<Translator>(params, m.mem);
    }

    void set_ste(uint32_t sid, const SteSpec& s) {
        m.write_words(ctrl.strtab_base + sid * 64ull, s.encode());
    }
    uint64_t put_cd(const CdSpec& c, uint64_t addr = 0) {
        if (!addr) addr = m.alloc(64, 64);
        m.write_words(addr, c.encode());
        return addr;
    }

    XlateResult read(uint32_t sid, uint64_t va, bool priv = false, uint32_t port = 0) {
        XlateRequest r;
        r.sid = sid;
        r.iova = va;
        r.priv = priv;
        r.port = port;
        return t->translate(r, ctrl);
    }
    XlateResult access(uint32_t sid, uint64_t va, bool write, bool priv = false, bool instr = false,
                       bool ssv = false, uint32_t ssid = 0, uint32_t port = 0) {
        XlateRequest r;
        r.sid = sid;
        r.iova = va;
        r.write = write;
        r.priv = priv;
        r.instr = instr;
        r.ssv = ssv;
        r.ssid = ssid;
        r.port = port;
        return t->translate(r, ctrl);
    }
    XlateResult ssid_read(uint32_t sid, uint32_t ssid, uint64_t va) {
        return access(sid, va, false, false, false, true, ssid);
    }
    InvalidationCost inv(uint64_t d0, uint64_t d1 = 0) {
        return t->invalidate(Command{d0, d1}, ctrl);
    }

    // A stage-1 stream: CD with TTB0 (4K granule, T0SZ=16 unless given). Returns the root.
    uint64_t s1_stream(uint32_t sid, CdSpec cd = {}, SteSpec ste = {}, unsigned gs = 12) {
        Geo g = s1_geo(gs, cd.t0sz);
        uint64_t root = m.new_root(g);
        cd.ttb0 = root;
        cd.tg0 = gs == 12 ? 0 : gs == 16 ? 1 : 2;
        ste.config = CFG_S1;
        ste.ctx = put_cd(cd);
        set_ste(sid, ste);
        return root;
    }
};

// Stage-2 geometry from S2TG granule shift, S2T0SZ and S2SL0 (4K: L2-SL0, else L3-SL0).
inline Geo s2_geo(unsigned gs, unsigned t0sz, unsigned sl0) {
    return Geo{gs, 64 - t0sz, gs == 12 ? 2 - int(sl0) : 3 - int(sl0)};
}
inline uint8_t s2tg_of(unsigned gs) {
    return gs == 12 ? 0 : gs == 16 ? 1 : 2;
}

// Give `ste` a stage 2 (granule gs, S2T0SZ, S2SL0) with a fresh root; returns the geometry.
inline Geo add_s2(Memory& m, SteSpec& ste, unsigned gs, unsigned t0sz, unsigned sl0) {
    Geo g = s2_geo(gs, t0sz, sl0);
    ste.s2tg = s2tg_of(gs);
    ste.s2t0sz = uint8_t(t0sz);
    ste.s2sl0 = uint8_t(sl0);
    ste.s2ttb = m.new_root(g);
    return g;
}

// Command builders (D0, D1).
inline uint64_t cmd_d0(uint8_t op, uint32_t sid_or_vmid_asid_hi = 0) {
    return op | (uint64_t(sid_or_vmid_asid_hi) << 32);
}
inline Command tlbi(uint8_t op, uint16_t vmid, uint16_t asid, uint64_t addr = 0, bool leaf = false,
                    unsigned tg = 0, unsigned num = 0, unsigned scale = 0, unsigned ttl = 0) {
    Command c;
    c.d0 = op | (uint64_t(num) << 12) | (uint64_t(scale) << 20) | (uint64_t(vmid) << 32) |
           (uint64_t(asid) << 48);
    c.d1 =
        (addr & gsim::mask(63, 12)) | uint64_t(leaf) | (uint64_t(ttl) << 8) | (uint64_t(tg) << 10);
    return c;
}
inline Command cfgi(uint8_t op, uint32_t sid, uint32_t ssid = 0, uint64_t d1 = 0) {
    Command c;
    c.d0 = op | (uint64_t(ssid) << 12) | (uint64_t(sid) << 32);
    c.d1 = d1;
    return c;
}

}  // namespace xt
