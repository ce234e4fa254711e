// grace-sim firmware encoders: Context Descriptor builder.
#include "encoders/cd.h"

namespace fw::enc {

CdBuilder& CdBuilder::ttb0(uint64_t pa) {
    m_cd[1] = (m_cd[1] & ~cd_field::CD1_TTB0_MASK) | (pa & cd_field::CD1_TTB0_MASK);
    return *this;
}

CdBuilder& CdBuilder::ttb1(uint64_t pa) {
    m_cd[2] = (m_cd[2] & ~cd_field::CD2_TTB1_MASK) | (pa & cd_field::CD2_TTB1_MASK);
    return *this;
}

CdBuilder& CdBuilder::ttb0_pgtable(const PgtableInfo& info, uint16_t asid_value,
                                   uint64_t mair_value) {
    return t0sz(info.tsz)
        .tg0(info.tg0)
        .ir0(1)
        .or0(1)
        .sh0(3)
        .epd1(true)
        .valid(true)
        .ips(info.ps)
        .aa64(true)
        .r(true)
        .a(true)
        .aset(true)
        .asid(asid_value)
        .ttb0(info.root_pa)
        .mair(mair_value);
}

}  // namespace fw::enc
