// grace-sim firmware encoders: Stream Table Entry builder (spec/smmuv3.md A.8; IHI 0070
// "Stream Table Entry"). An STE is 8 x 64-bit words; field positions are given per word.
// Implements: every field of words 0-3 that the model uses (Config, S1 context pointer and
// format, S1DSS, S1 CD-fetch attributes, EATS, STRW, the W1 override attributes, S2VMID and the
// VTCR-style block, S2TTB), abort / bypass presets and S1/S2 convenience setters.
// Not implemented: secure-stream fields (W4-W7 stay zero), HTTU/MPAM/PARTID fields.
#pragma once
#include <array>
#include <cstdint>

#include "common/bits.h"
#include "encoders/enc_types.h"

namespace fw::enc {

using Ste = std::array<uint64_t, 8>;

// STE field descriptors (word index in the name).
namespace ste_field {
constexpr gsim::Field STE0_V{0, 0};
constexpr gsim::Field STE0_CONFIG{3, 1};
constexpr gsim::Field STE0_S1FMT{5, 4};
constexpr uint64_t STE0_S1CONTEXTPTR_MASK = gsim::mask(51, 6);
constexpr gsim::Field STE0_S1CDMAX{63, 59};
constexpr gsim::Field STE1_S1DSS{1, 0};
constexpr gsim::Field STE1_S1CIR{3, 2};
constexpr gsim::Field STE1_S1COR{5, 4};
constexpr gsim::Field STE1_S1CSH{7, 6};
constexpr gsim::Field STE1_S2HWU{11, 8};
constexpr gsim::Field STE1_DRE{12, 12};
constexpr gsim::Field STE1_CONT{16, 13};
constexpr gsim::Field STE1_DCP{17, 17};
constexpr gsim::Field STE1_PPAR{18, 18};
constexpr gsim::Field STE1_MEV{19, 19};
constexpr gsim::Field STE1_S1STALLD{27, 27};
constexpr gsim::Field STE1_EATS{29, 28};
constexpr gsim::Field STE1_STRW{31, 30};
constexpr gsim::Field STE1_MEMATTR{35, 32};
constexpr gsim::Field STE1_MTCFG{36, 36};
constexpr gsim::Field STE1_ALLOCCFG{40, 37};
constexpr gsim::Field STE1_SHCFG{45, 44};
constexpr gsim::Field STE1_NSCFG{47, 46};
constexpr gsim::Field STE1_PRIVCFG{49, 48};
constexpr gsim::Field STE1_INSTCFG{51, 50};
constexpr gsim::Field STE2_S2VMID{15, 0};
constexpr gsim::Field STE2_S2T0SZ{37, 32};
constexpr gsim::Field STE2_S2SL0{39, 38};
constexpr gsim::Field STE2_S2IR0{41, 40};
constexpr gsim::Field STE2_S2OR0{43, 42};
constexpr gsim::Field STE2_S2SH0{45, 44};
constexpr gsim::Field STE2_S2TG{47, 46};
constexpr gsim::Field STE2_S2PS{50, 48};
constexpr gsim::Field STE2_S2AA64{51, 51};
constexpr gsim::Field STE2_S2ENDI{52, 52};
constexpr gsim::Field STE2_S2AFFD{53, 53};
constexpr gsim::Field STE2_S2PTW{54, 54};
constexpr gsim::Field STE2_S2HD{55, 55};
constexpr gsim::Field STE2_S2HA{56, 56};
constexpr gsim::Field STE2_S2S{57, 57};
constexpr gsim::Field STE2_S2R{58, 58};
constexpr uint64_t STE3_S2TTB_MASK = gsim::mask(51, 4);
}  // namespace ste_field

// STE.Config values.
enum SteConfig : uint8_t {
    STE_CFG_ABORT = 0b000,
    STE_CFG_BYPASS = 0b100,
    STE_CFG_S1_TRANS = 0b101,
    STE_CFG_S2_TRANS = 0b110,
    STE_CFG_NESTED = 0b111,
};
// STE.S1Fmt values.
// 2-level formats: leaves of 64 CDs (4 KiB) or of 1024 CDs (64 KiB).
enum SteS1Fmt : uint8_t { S1FMT_LINEAR = 0, S1FMT_4K_L2 = 1, S1FMT_64K_L2 = 2 };
// STE.S1DSS values.
enum SteS1Dss : uint8_t { S1DSS_TERMINATE = 0, S1DSS_BYPASS = 1, S1DSS_SSID0 = 2 };
// STE.EATS values.
enum SteEats : uint8_t { EATS_ABT = 0, EATS_TRANS = 1, EATS_S1CHK = 2 };
// STE.STRW values.
enum SteStrw : uint8_t { STRW_NSEL1 = 0, STRW_EL2 = 2 };
// STE.SHCFG values.
enum SteShcfg : uint8_t { SHCFG_NSH = 0, SHCFG_INCOMING = 1, SHCFG_OSH = 2, SHCFG_ISH = 3 };

class SteBuilder {
public:
    SteBuilder() = default;

    // Presets: valid STE that aborts all traffic / bypasses it (SHCFG = incoming).
    static Ste abort();
    static Ste bypass();

    // Word 0.
    SteBuilder& valid(bool v = true) { return put(0, ste_field::STE0_V, v); }
    SteBuilder& config(uint8_t cfg) { return put(0, ste_field::STE0_CONFIG, cfg); }
    SteBuilder& s1_fmt(uint8_t fmt) { return put(0, ste_field::STE0_S1FMT, fmt); }
    SteBuilder& s1_context_ptr(uint64_t pa);
    SteBuilder& s1_cdmax(uint8_t log2_cds) { return put(0, ste_field::STE0_S1CDMAX, log2_cds); }
    // Word 1.
    SteBuilder& s1_dss(uint8_t v) { return put(1, ste_field::STE1_S1DSS, v); }
    SteBuilder& s1_cir(uint8_t v) { return put(1, ste_field::STE1_S1CIR, v); }
    SteBuilder& s1_cor(uint8_t v) { return put(1, ste_field::STE1_S1COR, v); }
    SteBuilder& s1_csh(uint8_t v) { return put(1, ste_field::STE1_S1CSH, v); }
    SteBuilder& s2_hwu(uint8_t v) { return put(1, ste_field::STE1_S2HWU, v); }
    SteBuilder& dre(bool v) { return put(1, ste_field::STE1_DRE, v); }
    SteBuilder& cont(uint8_t v) { return put(1, ste_field::STE1_CONT, v); }
    SteBuilder& dcp(bool v) { return put(1, ste_field::STE1_DCP, v); }
    SteBuilder& ppar(bool v) { return put(1, ste_field::STE1_PPAR, v); }
    SteBuilder& mev(bool v) { return put(1, ste_field::STE1_MEV, v); }
    SteBuilder& s1_stalld(bool v) { return put(1, ste_field::STE1_S1STALLD, v); }
    SteBuilder& eats(uint8_t v) { return put(1, ste_field::STE1_EATS, v); }
    SteBuilder& strw(uint8_t v) { return put(1, ste_field::STE1_STRW, v); }
    SteBuilder& memattr(uint8_t v) { return put(1, ste_field::STE1_MEMATTR, v); }
    SteBuilder& mtcfg(bool v) { return put(1, ste_field::STE1_MTCFG, v); }
    SteBuilder& alloccfg(uint8_t v) { return put(1, ste_field::STE1_ALLOCCFG, v); }
    SteBuilder& shcfg(uint8_t v) { return put(1, ste_field::STE1_SHCFG, v); }
    SteBuilder& nscfg(uint8_t v) { return put(1, ste_field::STE1_NSCFG, v); }
    SteBuilder& privcfg(uint8_t v) { return put(1, ste_field::STE1_PRIVCFG, v); }
    SteBuilder& instcfg(uint8_t v) { return put(1, ste_field::STE1_INSTCFG, v); }
    // Word 2.
    SteBuilder& s2_vmid(uint16_t v) { return put(2, ste_field::STE2_S2VMID, v); }
    SteBuilder& s2_t0sz(uint8_t v) { return put(2, ste_field::STE2_S2T0SZ, v); }
    SteBuilder& s2_sl0(uint8_t v) { return put(2, ste_field::STE2_S2SL0, v); }
    SteBuilder& s2_ir0(uint8_t v) { return put(2, ste_field::STE2_S2IR0, v); }
    SteBuilder& s2_or0(uint8_t v) { return put(2, ste_field::STE2_S2OR0, v); }
    SteBuilder& s2_sh0(uint8_t v) { return put(2, ste_field::STE2_S2SH0, v); }
    SteBuilder& s2_tg(uint8_t v) { return put(2, ste_field::STE2_S2TG, v); }
    SteBuilder& s2_ps(uint8_t v) { return put(2, ste_field::STE2_S2PS, v); }
    SteBuilder& s2_aa64(bool v) { return put(2, ste_field::STE2_S2AA64, v); }
    SteBuilder& s2_endi(bool v) { return put(2, ste_field::STE2_S2ENDI, v); }
    SteBuilder& s2_affd(bool v) { return put(2, ste_field::STE2_S2AFFD, v); }
    SteBuilder& s2_ptw(bool v) { return put(2, ste_field::STE2_S2PTW, v); }
    SteBuilder& s2_hd(bool v) { return put(2, ste_field::STE2_S2HD, v); }
    SteBuilder& s2_ha(bool v) { return put(2, ste_field::STE2_S2HA, v); }
    SteBuilder& s2_s(bool v) { return put(2, ste_field::STE2_S2S, v); }
    SteBuilder& s2_r(bool v) { return put(2, ste_field::STE2_S2R, v); }
    // Word 3.
    SteBuilder& s2_ttb(uint64_t pa);

    // Convenience: stage 1 through a CD table (Config S1 or nested keeps whichever is set last).
    SteBuilder& s1_cd_table(uint64_t cd_table_pa, uint8_t s1fmt, uint8_t s1cdmax);
    // Convenience: stage 2 from a page table: VMID, S2T0SZ/SL0/TG/PS from info, inner/outer
    // write-back cacheable (IR0 = OR0 = 1) inner-shareable (SH0 = 3) walks, S2AA64, S2R.
    SteBuilder& s2_pgtable(const PgtableInfo& info, uint16_t vmid);

    const Ste& build() const { return m_ste; }

private:
    SteBuilder& put(unsigned word, gsim::Field f, uint64_t v) {
        m_ste[word] = f.set(m_ste[word], v);
        return *this;
    }
    Ste m_ste{};
};

}  // namespace fw::enc
