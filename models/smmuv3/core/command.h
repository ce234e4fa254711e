// grace-sim SMMUv3: command encoding (IHI 0070, section "Commands"; spec/smmuv3.md A.10-A.12).
// Shared by the SMMU command executor, the CMDQV queues, the host agent's encoders and tests.
#pragma once
#include <cstdint>

#include "common/bits.h"

namespace smmu::core {

enum Opcode : uint8_t {
    CMD_PREFETCH_CONFIG = 0x01,
    CMD_PREFETCH_ADDR = 0x02,
    CMD_CFGI_STE = 0x03,
    CMD_CFGI_STE_RANGE = 0x04,  // Range = 31: CFGI_ALL
    CMD_CFGI_CD = 0x05,
    CMD_CFGI_CD_ALL = 0x06,
    CMD_CFGI_VMS_PIDM = 0x07,
    CMD_TLBI_NH_ALL = 0x10,
    CMD_TLBI_NH_ASID = 0x11,
    CMD_TLBI_NH_VA = 0x12,
    CMD_TLBI_NH_VAA = 0x13,
    CMD_TLBI_EL3_ALL = 0x18,
    CMD_TLBI_EL3_VA = 0x1A,
    CMD_TLBI_EL2_ALL = 0x20,
    CMD_TLBI_EL2_ASID = 0x21,
    CMD_TLBI_EL2_VA = 0x22,
    CMD_TLBI_EL2_VAA = 0x23,
    CMD_TLBI_S12_VMALL = 0x28,
    CMD_TLBI_S2_IPA = 0x2A,
    CMD_TLBI_NSNH_ALL = 0x30,
    CMD_ATC_INV = 0x40,
    CMD_PRI_RESP = 0x41,
    CMD_RESUME = 0x44,
    CMD_STALL_TERM = 0x45,
    CMD_SYNC = 0x46,
};

// Opcode classes: configuration invalidations and TLB invalidations the executor supports.
constexpr bool is_cfgi(uint8_t op) {
    return op == CMD_CFGI_STE || op == CMD_CFGI_STE_RANGE || op == CMD_CFGI_CD || op == CMD_CFGI_CD_ALL;
}
constexpr bool is_tlbi(uint8_t op) {
    return op == CMD_TLBI_NH_ALL || op == CMD_TLBI_NH_ASID || op == CMD_TLBI_NH_VA ||
           op == CMD_TLBI_NH_VAA || op == CMD_TLBI_EL2_ALL || op == CMD_TLBI_EL2_ASID ||
           op == CMD_TLBI_EL2_VA || op == CMD_TLBI_EL2_VAA || op == CMD_TLBI_S12_VMALL ||
           op == CMD_TLBI_S2_IPA || op == CMD_TLBI_NSNH_ALL;
}

// Spec name of an opcode ("TLBI_NH_VA"), or nullptr for an unallocated one.
const char* opcode_name(uint8_t op);

// CMDQ_CONS.ERR values (A.12). ILL_ACCESS exists only on CMDQV VCMDQs.
enum class CError : uint8_t {
    NONE = 0,
    ILL = 1,
    ABT = 2,
    ATC_INV_SYNC = 3,
    ILL_ACCESS = 4,
};
const char* cerror_name(CError e);

// CMD_SYNC completion signal (CS field).
enum SyncCs : uint8_t { CS_NONE = 0, CS_IRQ = 1, CS_SEV = 2, CS_RESERVED = 3 };

// One 16-byte command: D0 is the first 64-bit word, D1 the second.
struct Command {
    uint64_t d0 = 0;
    uint64_t d1 = 0;

    uint8_t op() const { return static_cast<uint8_t>(d0 & 0xff); }
    bool ssec() const { return gsim::bit(d0, 10); }
    bool ssv() const { return gsim::bit(d0, 11); }
    // CFGI_*, PREFETCH_*, ATC_INV, PRI_RESP
    uint32_t sid() const { return static_cast<uint32_t>(d0 >> 32); }
    uint32_t ssid() const { return static_cast<uint32_t>(gsim::extract(d0, 31, 12)); }
    bool cfgi_leaf() const { return gsim::bit(d1, 0); }
    uint8_t cfgi_range() const { return static_cast<uint8_t>(gsim::extract(d1, 4, 0)); }
    // TLBI_*
    uint8_t tlbi_num() const { return static_cast<uint8_t>(gsim::extract(d0, 16, 12)); }
    uint8_t tlbi_scale() const { return static_cast<uint8_t>(gsim::extract(d0, 24, 20)); }
    uint16_t vmid() const { return static_cast<uint16_t>(gsim::extract(d0, 47, 32)); }
    uint16_t asid() const { return static_cast<uint16_t>(gsim::extract(d0, 63, 48)); }
    bool tlbi_leaf() const { return gsim::bit(d1, 0); }
    uint8_t tlbi_ttl() const { return static_cast<uint8_t>(gsim::extract(d1, 9, 8)); }
    uint8_t tlbi_tg() const { return static_cast<uint8_t>(gsim::extract(d1, 11, 10)); }
    uint64_t tlbi_addr() const { return d1 & gsim::mask(63, 12); }       // VA
    uint64_t tlbi_ipa() const { return d1 & gsim::mask(51, 12); }        // TLBI_S2_IPA
    // ATC_INV
    bool atc_global() const { return gsim::bit(d0, 9); }
    uint8_t atc_size() const { return static_cast<uint8_t>(gsim::extract(d1, 5, 0)); }
    uint64_t atc_addr() const { return d1 & gsim::mask(63, 12); }
    // CMD_SYNC
    uint8_t sync_cs() const { return static_cast<uint8_t>(gsim::extract(d0, 13, 12)); }
    uint8_t sync_msh() const { return static_cast<uint8_t>(gsim::extract(d0, 23, 22)); }
    uint8_t sync_msiattr() const { return static_cast<uint8_t>(gsim::extract(d0, 27, 24)); }
    uint32_t sync_msidata() const { return static_cast<uint32_t>(d0 >> 32); }
    uint64_t sync_msiaddr() const { return d1 & gsim::mask(51, 2); }
    // PRI_RESP / RESUME
    uint16_t pri_prgindex() const { return static_cast<uint16_t>(gsim::extract(d1, 8, 0)); }
    uint8_t pri_resp() const { return static_cast<uint8_t>(gsim::extract(d1, 13, 12)); }
    uint8_t resume_resp() const { return static_cast<uint8_t>(gsim::extract(d0, 13, 12)); }
    uint16_t resume_stag() const { return static_cast<uint16_t>(gsim::extract(d1, 15, 0)); }

    void set_vmid(uint16_t v) { d0 = gsim::deposit(d0, 47, 32, v); }
    void set_sid(uint32_t s) { d0 = gsim::deposit(d0, 63, 32, s); }
    bool operator==(const Command& o) const { return d0 == o.d0 && d1 == o.d1; }
};

}  // namespace smmu::core
