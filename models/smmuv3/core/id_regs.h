// grace-sim SMMUv3: the ID-register features the translation side checks against, decoded
// from ControlState (IHI 0070 SMMU_IDR0/1/3/5; spec/smmuv3.md A.2).
// Implements: field decode only. 52-bit OAS (OAS = 6) is clamped to 48 bits (no LPA/LPA2).
#pragma once
#include <cstdint>

#include "common/bits.h"
#include "smmuv3/core/translation_iface.h"

namespace smmu::core {

struct IdRegs {
    bool s2p = false, s1p = false;
    unsigned ttf = 2;
    bool hyp = false, ats = false, asid16 = false, vmid16 = false, cd2l = false;
    unsigned ttendian = 0;     // 0 mixed, 2 LE, 3 BE
    unsigned stall_model = 0;  // 1 = terminate only
    unsigned st_level = 0;     // 1 = 2-level stream table
    unsigned sidsize = 0, ssidsize = 0;
    bool xnx = false, ril = false;
    unsigned oas_bits = 32;
    bool gran4k = false, gran16k = false, gran64k = false;

    static unsigned pa_bits(unsigned enc) {
        static const unsigned t[8] = {32, 36, 40, 42, 44, 48, 48, 48};
        return t[enc & 7];
    }
    static IdRegs from(const ControlState& c) {
        using gsim::bit;
        using gsim::extract;
        IdRegs r;
        r.s2p = bit(c.idr0, 0);
        r.s1p = bit(c.idr0, 1);
        r.ttf = unsigned(extract(c.idr0, 3, 2));
        r.hyp = bit(c.idr0, 9);
        r.ats = bit(c.idr0, 10);
        r.asid16 = bit(c.idr0, 12);
        r.vmid16 = bit(c.idr0, 18);
        r.cd2l = bit(c.idr0, 19);
        r.ttendian = unsigned(extract(c.idr0, 22, 21));
        r.stall_model = unsigned(extract(c.idr0, 25, 24));
        r.st_level = unsigned(extract(c.idr0, 28, 27));
        r.sidsize = unsigned(extract(c.idr1, 5, 0));
        r.ssidsize = unsigned(extract(c.idr1, 10, 6));
        r.xnx = bit(c.idr3, 4);
        r.ril = bit(c.idr3, 10);
        r.oas_bits = pa_bits(unsigned(extract(c.idr5, 2, 0)));
        r.gran4k = bit(c.idr5, 4);
        r.gran16k = bit(c.idr5, 5);
        r.gran64k = bit(c.idr5, 6);
        return r;
    }
    // Significant ASID/VMID bits: 8 without ASID16/VMID16; no VMID without stage 2.
    uint16_t asid_mask() const { return asid16 ? 0xFFFF : 0xFF; }
    uint16_t vmid_mask() const { return !s2p ? 0 : vmid16 ? 0xFFFF : 0xFF; }
    bool granule_ok(unsigned shift) const {
        return (shift == 12 && gran4k) || (shift == 14 && gran16k) || (shift == 16 && gran64k);
    }
};

}  // namespace smmu::core
