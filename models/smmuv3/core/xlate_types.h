// grace-sim SMMUv3: small value types shared by the translation side (stage configuration,
// walk outcome, TLB and walk-cache entries). No behaviour here.
#pragma once
#include <cstdint>

namespace smmu::core {

// Top-byte-ignore normalisation: bits [63:56] replaced by copies of bit 55.
inline uint64_t tbi_normalise(uint64_t va) {
    return (va >> 55) & 1 ? va | 0xFF00000000000000ull : va & 0x00FFFFFFFFFFFFFFull;
}

// Fault kinds of a page-table walk (VMSAv8-64) mapped onto SMMU event types by the Translator.
enum class Fault : uint8_t { NONE, TRANSLATION, ADDR_SIZE, ACCESS, PERMISSION, WALK_EABT };

// One translation stage, fully resolved from STE/CD/ID registers.
struct StageCfg {
    uint8_t stage = 1;            // 1 or 2
    unsigned granule_shift = 12;  // 12 (4K), 14 (16K), 16 (64K)
    unsigned input_bits = 48;     // 64 - TxSZ
    int start_level = 0;
    uint64_t ttb = 0;          // table base (IPA for nested stage 1, PA otherwise)
    unsigned oas_bits = 48;    // effective output size (IPS/S2PS clamped to IDR5.OAS)
    bool affd = false;         // AF = 0 does not fault
    bool xnx = false;          // stage 2: XN[1:0] (IDR3.XNX)
    bool el2 = false;          // stage 1 of the EL2 regime (STRW = EL2): TLB/walk tag
    bool single_priv = false;  // EL2 without E2H: one privilege level, no ASID, no nG
    bool wxn = false, uwxn = false;
    uint16_t vmid = 0;
    uint16_t asid = 0;
    bool ttb1 = false;  // this walk uses TTB1
    bool tbi = false;   // CD.TBI for this range: VA[63:56] ignored
    unsigned stride() const { return granule_shift - 3; }
    unsigned level_shift(int level) const { return granule_shift + unsigned(3 - level) * stride(); }
};

// Permissions as granted by one stage (S1: per privilege level; S2: single set).
struct StagePerms {
    bool r_priv = true, w_priv = true, x_priv = true;
    bool r_user = true, w_user = true, x_user = true;
};

// Result of a (stage-1, stage-2 or nested stage-1) walk.
struct WalkOutcome {
    Fault fault = Fault::NONE;
    bool s2 = false;          // the fault happened at stage 2
    uint8_t cls = 2;          // EventClass of the fault (CD / TT / IN)
    uint64_t ipa = 0;         // faulting IPA for stage-2 faults
    uint64_t fetch_addr = 0;  // descriptor PA for F_WALK_EABT
    int level = 0;            // level of the fault / of the leaf
    // Leaf (fault == NONE):
    uint64_t out_base = 0;    // output address of the block/page (aligned)
    unsigned size_log2 = 12;  // block/page size
    bool ng = false;
    StagePerms perms;
};

// Stage content of a TLB entry.
enum class TlbStage : uint8_t { S1_ONLY, S2_ONLY, NESTED };

// A leaf translation in the micro-TLB or the main TLB.
struct TlbEntry {
    uint32_t sid = 0;
    bool ssv = false;
    uint32_t ssid = 0;
    uint32_t cd_ssid = 0;  // SubstreamID of the CD used (0 for non-SSID traffic via CD 0)
    uint16_t vmid = 0;
    uint16_t asid = 0;
    bool global = false;  // !nG
    bool tbi = false;     // va is TBI-normalised; lookups normalise the request VA
    bool el2 = false;     // STRW = EL2
    TlbStage stage = TlbStage::S1_ONLY;
    uint64_t va = 0;          // input address, aligned to size
    uint64_t ipa = 0;         // intermediate address, aligned to size (S2 / nested)
    uint64_t pa = 0;          // output address, aligned to size
    unsigned size_log2 = 12;  // min(S1 size, S2 size) for nested (fragmentation)
    unsigned granule_shift = 12;
    // The whole stage-1 block (VA) and stage-2 block (IPA) this entry was cut from: a VA or
    // IPA invalidation removes every fragment of the block it names.
    uint64_t s1_va = 0, s2_ipa = 0;
    unsigned s1_size_log2 = 12, s2_size_log2 = 12, s2_granule_shift = 12;
    int s1_level = 3, s2_level = 3;  // leaf levels (TTL matching)
    StagePerms s1, s2;
    bool s1_record = true, s2_record = true;  // CD.R / STE.S2R
    bool s1_abort = true;                     // CD.A
    bool ats_allowed = false;                 // STE.EATS != 0 (checked on ATS hits)
    uint8_t privcfg = 0, instcfg = 0;         // STE.PRIVCFG / STE.INSTCFG
    bool contains(uint64_t a) const {
        if (tbi) a = tbi_normalise(a);
        return (a >> size_log2) == (va >> size_log2);
    }
};

// A non-leaf descriptor in the walk cache.
struct WalkCacheEntry {
    uint8_t stage = 1;
    int level = 0;
    uint16_t vmid = 0;
    uint16_t asid = 0;
    bool el2 = false;
    uint64_t ttb = 0;
    unsigned granule_shift = 12;
    uint64_t in_base = 0;      // input address aligned to the region this descriptor covers
    unsigned region_log2 = 0;  // log2 of that region
    uint64_t next_table = 0;   // address of the next-level table (IPA for nested stage 1)
    bool ap_no_user = false, ap_no_write = false, uxn = false, pxn = false;  // table attrs
};

}  // namespace smmu::core
