#include "smmuv3/core/cd.h"

#include "common/bits.h"

namespace smmu::core {

using gsim::bit;
using gsim::extract;

int s1_start_level(unsigned granule_shift, unsigned input_bits) {
    unsigned stride = granule_shift - 3;
    unsigned levels = (input_bits - granule_shift + stride - 1) / stride;
    return 4 - int(levels);
}

CdError Cd::decode(const std::array<uint64_t, 8>& w, const IdRegs& id, bool el2, bool e2h,
                   uint16_t vmid, Cd& c) {
    const bool single = el2 && !e2h;
    c = Cd{};
    c.raw = w;
    const uint64_t w0 = w[0];
    c.t0sz = uint8_t(extract(w0, 5, 0));
    c.tg0 = uint8_t(extract(w0, 7, 6));
    c.epd0 = bit(w0, 14);
    c.endi = bit(w0, 15);
    c.t1sz = uint8_t(extract(w0, 21, 16));
    c.tg1 = uint8_t(extract(w0, 23, 22));
    c.epd1 = bit(w0, 30);
    c.valid = bit(w0, 31);
    c.ips = uint8_t(extract(w0, 34, 32));
    c.affd = bit(w0, 35);
    c.wxn = bit(w0, 36);
    c.uwxn = bit(w0, 37);
    c.aa64 = bit(w0, 41);
    c.stall = bit(w0, 44);
    c.record = bit(w0, 45);
    c.abort = bit(w0, 46);
    c.asid = uint16_t(extract(w0, 63, 48) & id.asid_mask());
    c.ttb0 = w[1] & gsim::mask(51, 4);
    c.ttb1 = w[2] & gsim::mask(51, 4);

    if (!c.valid) return CdError::INVALID;
    if (!c.aa64 || !(id.ttf & 2)) return CdError::AA64;  // AArch64 tables only
    if ((c.endi && id.ttendian == 2) || (!c.endi && id.ttendian == 3)) return CdError::ENDI;
    if (c.stall && id.stall_model == 1) return CdError::STALL;

    unsigned ips = IdRegs::pa_bits(c.ips);
    unsigned oas = ips < id.oas_bits ? ips : id.oas_bits;
    const unsigned tbi = unsigned(extract(w0, 39, 38));
    auto fill = [&](StageCfg& s, unsigned gs, unsigned txsz, uint64_t ttb, bool ttb1) {
        s.stage = 1;
        s.granule_shift = gs;
        s.input_bits = 64 - txsz;
        s.start_level = s1_start_level(gs, s.input_bits);
        s.ttb = ttb;
        s.oas_bits = oas;
        s.affd = c.affd;
        s.el2 = el2;
        s.single_priv = single;
        s.wxn = c.wxn;
        s.uwxn = c.uwxn;
        s.vmid = vmid;
        s.asid = single ? 0 : c.asid;
        s.ttb1 = ttb1;
        s.tbi = ttb1 ? bit(tbi, 1) : bit(tbi, 0);
    };
    if (!c.epd0) {
        unsigned gs = c.tg0 == 0 ? 12 : c.tg0 == 1 ? 16 : c.tg0 == 2 ? 14 : 0;
        if (gs == 0 || !id.granule_ok(gs)) return CdError::TG0;
        if (c.t0sz < 16 || c.t0sz > 39) return CdError::T0SZ;
        fill(c.range0, gs, c.t0sz, c.ttb0, false);
    }
    if (!c.epd1 && !single) {
        unsigned gs = c.tg1 == 1 ? 14 : c.tg1 == 2 ? 12 : c.tg1 == 3 ? 16 : 0;
        if (gs == 0 || !id.granule_ok(gs)) return CdError::TG1;
        if (c.t1sz < 16 || c.t1sz > 39) return CdError::T1SZ;
        fill(c.range1, gs, c.t1sz, c.ttb1, true);
    }
    return CdError::NONE;
}

}  // namespace smmu::core
