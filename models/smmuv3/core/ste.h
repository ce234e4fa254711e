// grace-sim SMMUv3: Stream Table Entry decode and validity checks (IHI 0070 "STE";
// spec/smmuv3.md A.8).
// Implements: V, Config, S1Fmt, S1ContextPtr, S1CDMax, S1DSS, EATS, STRW, S2VMID, the VTCR
// block (S2T0SZ, S2SL0, S2TG, S2PS), S2AA64, S2ENDI, S2AFFD, S2S, S2R, S2TTB; every check
// below yields C_BAD_STE. The stage-2 configuration is resolved into a StageCfg (start level,
// concatenation checked).
// PRIVCFG and INSTCFG overrides (applied to permission checks).
// Not implemented: MemAttr/ALLOCCFG/SHCFG/NSCFG/MTCFG overrides,
// S2HA/S2HD (HTTU), S2PTW, S2FWB, AArch32 stage 2 (S2AA64 = 0 is rejected), Secure STEs.
#pragma once
#include <array>
#include <cstdint>

#include "smmuv3/core/id_regs.h"
#include "smmuv3/core/xlate_types.h"

namespace smmu::core {

enum class SteConfig : uint8_t { ABORT, BYPASS, S1, S2, NESTED };

// Why an STE was rejected (for logs and tests; the event is always C_BAD_STE).
enum class SteError : uint8_t {
    NONE,
    INVALID,
    CONFIG_RESERVED,
    S1_UNSUPPORTED,
    S2_UNSUPPORTED,
    S1FMT,
    CDMAX,
    CTXPTR,
    S1DSS,
    EATS,
    STRW,
    S2AA64,
    S2ENDI,
    S2TG,
    S2T0SZ,
    S2SL0,
    S2TTB,
    S2S,
};

struct Ste {
    std::array<uint64_t, 8> raw{};
    bool valid = false;
    uint8_t config_bits = 0;
    SteConfig config = SteConfig::ABORT;
    uint8_t s1fmt = 0;
    uint64_t s1_context_ptr = 0;
    uint8_t s1cdmax = 0;
    uint8_t s1dss = 0;
    uint8_t eats = 0;
    uint8_t strw = 0;
    uint8_t privcfg = 0, instcfg = 0;  // W1 attribute overrides (2/3: force unpriv/priv, data/instr)
    uint16_t s2vmid = 0;
    uint8_t s2t0sz = 0, s2sl0 = 0, s2tg = 0, s2ps = 0;
    bool s2aa64 = false, s2endi = false, s2affd = false, s2s = false, s2r = false;
    uint64_t s2ttb = 0;
    StageCfg s2;  // resolved stage 2 (valid when stage 2 translates)

    bool s1_enabled() const { return config == SteConfig::S1 || config == SteConfig::NESTED; }
    bool s2_enabled() const { return config == SteConfig::S2 || config == SteConfig::NESTED; }
    bool el2() const { return strw == 2; }

    // Decode 8 words and check them against the ID registers. Returns NONE when the STE is
    // usable; otherwise the reason (C_BAD_STE).
    static SteError decode(const std::array<uint64_t, 8>& w, const IdRegs& id, Ste& out);
};

// Resolve the stage-2 start level from S2SL0 and the granule; false if the combination of
// S2T0SZ/S2SL0/S2TG is illegal (start level out of range or more than 16 concatenated tables).
bool s2_start_level(unsigned granule_shift, unsigned input_bits, unsigned sl0, int& level);

}  // namespace smmu::core
