// grace-sim firmware encoders: Stream Table Entry builder.
#include "encoders/ste.h"

namespace fw::enc {

Ste SteBuilder::abort() { return SteBuilder().valid().config(STE_CFG_ABORT).build(); }

Ste SteBuilder::bypass() {
    return SteBuilder().valid().config(STE_CFG_BYPASS).shcfg(SHCFG_INCOMING).build();
}

SteBuilder& SteBuilder::s1_context_ptr(uint64_t pa) {
    m_ste[0] = (m_ste[0] & ~ste_field::STE0_S1CONTEXTPTR_MASK) |
               (pa & ste_field::STE0_S1CONTEXTPTR_MASK);
    return *this;
}

SteBuilder& SteBuilder::s2_ttb(uint64_t pa) {
    m_ste[3] = (m_ste[3] & ~ste_field::STE3_S2TTB_MASK) | (pa & ste_field::STE3_S2TTB_MASK);
    return *this;
}

SteBuilder& SteBuilder::s1_cd_table(uint64_t cd_table_pa, uint8_t s1fmt, uint8_t s1cdmax) {
    return s1_context_ptr(cd_table_pa).s1_fmt(s1fmt).s1_cdmax(s1cdmax);
}

SteBuilder& SteBuilder::s2_pgtable(const PgtableInfo& info, uint16_t vmid) {
    return s2_vmid(vmid)
        .s2_t0sz(info.tsz)
        .s2_sl0(info.sl0)
        .s2_tg(info.tg0)
        .s2_ps(info.ps)
        .s2_ir0(1)
        .s2_or0(1)
        .s2_sh0(3)
        .s2_aa64(true)
        .s2_r(true)
        .s2_ttb(info.root_pa);
}

}  // namespace fw::enc
