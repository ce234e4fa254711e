// grace-sim firmware encoders: Context Descriptor builder (spec/smmuv3.md A.9; IHI 0070
// "Context Descriptor"). A CD is 8 x 64-bit words (64 bytes).
// Implements: every field of W0 (translation-table control, V, IPS, AFFD, WXN, UWXN, TBI, PAN,
// AA64, HD, HA, S, R, A, ASET, ASID), TTB0/TTB1 with NSCFGx/HADx, MAIR and AMAIR, the TG1
// encoding (which differs from TG0), and a convenience setter from a stage-1 PageTable.
// Not implemented: AArch32 (LPAE) CDs and PARTID/PMG fields.
#pragma once
#include <array>
#include <cstdint>

#include "common/bits.h"
#include "encoders/enc_types.h"

namespace fw::enc {

using Cd = std::array<uint64_t, 8>;

namespace cd_field {
constexpr gsim::Field CD0_T0SZ{5, 0};
constexpr gsim::Field CD0_TG0{7, 6};
constexpr gsim::Field CD0_IR0{9, 8};
constexpr gsim::Field CD0_OR0{11, 10};
constexpr gsim::Field CD0_SH0{13, 12};
constexpr gsim::Field CD0_EPD0{14, 14};
constexpr gsim::Field CD0_ENDI{15, 15};
constexpr gsim::Field CD0_T1SZ{21, 16};
constexpr gsim::Field CD0_TG1{23, 22};
constexpr gsim::Field CD0_IR1{25, 24};
constexpr gsim::Field CD0_OR1{27, 26};
constexpr gsim::Field CD0_SH1{29, 28};
constexpr gsim::Field CD0_EPD1{30, 30};
constexpr gsim::Field CD0_V{31, 31};
constexpr gsim::Field CD0_IPS{34, 32};
constexpr gsim::Field CD0_AFFD{35, 35};
constexpr gsim::Field CD0_WXN{36, 36};
constexpr gsim::Field CD0_UWXN{37, 37};
constexpr gsim::Field CD0_TBI{39, 38};
constexpr gsim::Field CD0_PAN{40, 40};
constexpr gsim::Field CD0_AA64{41, 41};
constexpr gsim::Field CD0_HD{42, 42};
constexpr gsim::Field CD0_HA{43, 43};
constexpr gsim::Field CD0_S{44, 44};
constexpr gsim::Field CD0_R{45, 45};
constexpr gsim::Field CD0_A{46, 46};
constexpr gsim::Field CD0_ASET{47, 47};
constexpr gsim::Field CD0_ASID{63, 48};
constexpr gsim::Field CD1_NSCFG0{0, 0};
constexpr gsim::Field CD1_HAD0{1, 1};
constexpr uint64_t CD1_TTB0_MASK = gsim::mask(51, 4);
constexpr gsim::Field CD2_NSCFG1{0, 0};
constexpr gsim::Field CD2_HAD1{1, 1};
constexpr uint64_t CD2_TTB1_MASK = gsim::mask(51, 4);
}  // namespace cd_field

class CdBuilder {
public:
    CdBuilder() = default;

    // Word 0.
    CdBuilder& t0sz(uint8_t v) { return put(0, cd_field::CD0_T0SZ, v); }
    CdBuilder& tg0(uint8_t code) { return put(0, cd_field::CD0_TG0, code); }
    CdBuilder& tg0(Granule g) { return tg0(tg0_code(g)); }
    CdBuilder& ir0(uint8_t v) { return put(0, cd_field::CD0_IR0, v); }
    CdBuilder& or0(uint8_t v) { return put(0, cd_field::CD0_OR0, v); }
    CdBuilder& sh0(uint8_t v) { return put(0, cd_field::CD0_SH0, v); }
    CdBuilder& epd0(bool v) { return put(0, cd_field::CD0_EPD0, v); }
    CdBuilder& endi(bool v) { return put(0, cd_field::CD0_ENDI, v); }
    CdBuilder& t1sz(uint8_t v) { return put(0, cd_field::CD0_T1SZ, v); }
    CdBuilder& tg1(uint8_t code) { return put(0, cd_field::CD0_TG1, code); }
    CdBuilder& tg1(Granule g) { return tg1(tg1_code(g)); }
    CdBuilder& ir1(uint8_t v) { return put(0, cd_field::CD0_IR1, v); }
    CdBuilder& or1(uint8_t v) { return put(0, cd_field::CD0_OR1, v); }
    CdBuilder& sh1(uint8_t v) { return put(0, cd_field::CD0_SH1, v); }
    CdBuilder& epd1(bool v) { return put(0, cd_field::CD0_EPD1, v); }
    CdBuilder& valid(bool v = true) { return put(0, cd_field::CD0_V, v); }
    CdBuilder& ips(uint8_t code) { return put(0, cd_field::CD0_IPS, code); }
    CdBuilder& affd(bool v) { return put(0, cd_field::CD0_AFFD, v); }
    CdBuilder& wxn(bool v) { return put(0, cd_field::CD0_WXN, v); }
    CdBuilder& uwxn(bool v) { return put(0, cd_field::CD0_UWXN, v); }
    CdBuilder& tbi(uint8_t v) { return put(0, cd_field::CD0_TBI, v); }
    CdBuilder& pan(bool v) { return put(0, cd_field::CD0_PAN, v); }
    CdBuilder& aa64(bool v) { return put(0, cd_field::CD0_AA64, v); }
    CdBuilder& hd(bool v) { return put(0, cd_field::CD0_HD, v); }
    CdBuilder& ha(bool v) { return put(0, cd_field::CD0_HA, v); }
    CdBuilder& s(bool v) { return put(0, cd_field::CD0_S, v); }
    CdBuilder& r(bool v) { return put(0, cd_field::CD0_R, v); }
    CdBuilder& a(bool v) { return put(0, cd_field::CD0_A, v); }
    CdBuilder& aset(bool v) { return put(0, cd_field::CD0_ASET, v); }
    CdBuilder& asid(uint16_t v) { return put(0, cd_field::CD0_ASID, v); }
    // Words 1 and 2.
    CdBuilder& ttb0(uint64_t pa);
    CdBuilder& nscfg0(bool v) { return put(1, cd_field::CD1_NSCFG0, v); }
    CdBuilder& had0(bool v) { return put(1, cd_field::CD1_HAD0, v); }
    CdBuilder& ttb1(uint64_t pa);
    CdBuilder& nscfg1(bool v) { return put(2, cd_field::CD2_NSCFG1, v); }
    CdBuilder& had1(bool v) { return put(2, cd_field::CD2_HAD1, v); }
    // Words 3 and 4.
    CdBuilder& mair(uint64_t v) { m_cd[3] = v; return *this; }
    CdBuilder& amair(uint64_t v) { m_cd[4] = v; return *this; }

    // Convenience, as a Linux-like stage-1 domain: TTB0 walks from the page table (T0SZ, TG0,
    // IPS from info; write-back cacheable inner-shareable walks), TTB1 disabled (EPD1), V, AA64,
    // R (record faults), A (abort on fault), ASET (shared ASID set), the ASID and a MAIR.
    CdBuilder& ttb0_pgtable(const PgtableInfo& info, uint16_t asid_value, uint64_t mair_value);

    const Cd& build() const { return m_cd; }

private:
    CdBuilder& put(unsigned word, gsim::Field f, uint64_t v) {
        m_cd[word] = f.set(m_cd[word], v);
        return *this;
    }
    Cd m_cd{};
};

}  // namespace fw::enc
