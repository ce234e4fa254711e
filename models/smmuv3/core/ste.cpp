#include "smmuv3/core/ste.h"

#include "common/bits.h"

namespace smmu::core {

using gsim::bit;
using gsim::extract;

bool s2_start_level(unsigned granule_shift, unsigned input_bits, unsigned sl0, int& level) {
    // S2SL0 encodings: 4K: 0 -> L2, 1 -> L1, 2 -> L0. 16K/64K: 0 -> L3, 1 -> L2, 2 -> L1
    // (64K L1 start needs 52-bit PA: not supported). 3 is reserved without LPA2/TTST.
    if (granule_shift == 12) {
        if (sl0 > 2) return false;
        level = 2 - int(sl0);
    } else if (granule_shift == 14) {
        if (sl0 > 2) return false;
        level = 3 - int(sl0);
    } else {
        if (sl0 > 1) return false;
        level = 3 - int(sl0);
    }
    unsigned stride = granule_shift - 3;
    int bits = int(input_bits) - int(granule_shift + unsigned(3 - level) * stride);
    // At least one bit resolved at the start level, at most 16 concatenated tables.
    return bits >= 1 && bits <= int(stride) + 4;
}

SteError Ste::decode(const std::array<uint64_t, 8>& w, const IdRegs& id, Ste& s) {
    s = Ste{};
    s.raw = w;
    s.valid = bit(w[0], 0);
    s.config_bits = uint8_t(extract(w[0], 3, 1));
    s.s1fmt = uint8_t(extract(w[0], 5, 4));
    s.s1_context_ptr = w[0] & gsim::mask(51, 6);
    s.s1cdmax = uint8_t(extract(w[0], 63, 59));
    s.s1dss = uint8_t(extract(w[1], 1, 0));
    s.eats = uint8_t(extract(w[1], 29, 28));
    s.strw = uint8_t(extract(w[1], 31, 30));
    s.privcfg = uint8_t(extract(w[1], 49, 48));
    s.instcfg = uint8_t(extract(w[1], 51, 50));
    s.s2vmid = uint16_t(extract(w[2], 15, 0) & id.vmid_mask());
    s.s2t0sz = uint8_t(extract(w[2], 37, 32));
    s.s2sl0 = uint8_t(extract(w[2], 39, 38));
    s.s2tg = uint8_t(extract(w[2], 47, 46));
    s.s2ps = uint8_t(extract(w[2], 50, 48));
    s.s2aa64 = bit(w[2], 51);
    s.s2endi = bit(w[2], 52);
    s.s2affd = bit(w[2], 53);
    s.s2s = bit(w[2], 57);
    s.s2r = bit(w[2], 58);
    s.s2ttb = w[3] & gsim::mask(51, 4);

    if (!s.valid) return SteError::INVALID;
    switch (s.config_bits) {
        case 0: s.config = SteConfig::ABORT; break;
        case 4: s.config = SteConfig::BYPASS; break;
        case 5: s.config = SteConfig::S1; break;
        case 6: s.config = SteConfig::S2; break;
        case 7: s.config = SteConfig::NESTED; break;
        default: return SteError::CONFIG_RESERVED;  // 0b001..0b011
    }
    if (s.config == SteConfig::ABORT || s.config == SteConfig::BYPASS) return SteError::NONE;
    if (s.s1_enabled() && !id.s1p) return SteError::S1_UNSUPPORTED;
    if (s.s2_enabled() && !id.s2p) return SteError::S2_UNSUPPORTED;

    // EATS: 0b11 reserved; any ATS setting without IDR0.ATS; split-stage only when nested.
    if (s.eats == 3 || (s.eats != 0 && !id.ats) || (s.eats == 2 && s.config != SteConfig::NESTED))
        return SteError::EATS;
    // STRW: 0 NS-EL1, 2 NS-EL2 (needs IDR0.HYP, and stage 2 must be bypassed).
    if (s.strw == 1 || s.strw == 3) return SteError::STRW;
    if (s.strw == 2 && (!id.hyp || s.s2_enabled())) return SteError::STRW;

    if (s.s1_enabled()) {
        if (s.s1cdmax > id.ssidsize) return SteError::CDMAX;
        if (s.s1cdmax != 0) {
            if (s.s1dss == 3) return SteError::S1DSS;
            if (s.s1fmt == 3) return SteError::S1FMT;
            if (s.s1fmt != 0 && !id.cd2l) return SteError::S1FMT;
        }
        // A PA context pointer beyond OAS (in nested mode it is an IPA, checked by stage 2).
        if (s.config == SteConfig::S1 && (s.s1_context_ptr >> id.oas_bits) != 0)
            return SteError::CTXPTR;
    }

    if (s.s2_enabled()) {
        if (!s.s2aa64 || !(id.ttf & 2)) return SteError::S2AA64;  // AArch64 tables only
        if (s.s2endi && id.ttendian == 2) return SteError::S2ENDI;
        if (!s.s2endi && id.ttendian == 3) return SteError::S2ENDI;
        unsigned gs = s.s2tg == 0 ? 12 : s.s2tg == 1 ? 16 : s.s2tg == 2 ? 14 : 0;
        if (gs == 0 || !id.granule_ok(gs)) return SteError::S2TG;
        if (s.s2t0sz < 16 || s.s2t0sz > 39) return SteError::S2T0SZ;
        StageCfg& c = s.s2;
        c.stage = 2;
        c.granule_shift = gs;
        c.input_bits = 64 - s.s2t0sz;
        if (!s2_start_level(gs, c.input_bits, s.s2sl0, c.start_level)) return SteError::S2SL0;
        unsigned ps = IdRegs::pa_bits(s.s2ps);
        c.oas_bits = ps < id.oas_bits ? ps : id.oas_bits;
        c.ttb = s.s2ttb;
        if ((c.ttb >> c.oas_bits) != 0) return SteError::S2TTB;
        c.affd = s.s2affd;
        c.xnx = id.xnx;
        c.vmid = s.s2vmid;
        if (s.s2s && id.stall_model == 1) return SteError::S2S;
    }
    return SteError::NONE;
}

}  // namespace smmu::core
