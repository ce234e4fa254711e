// grace-sim firmware encoders: builders for every SMMUv3 command (spec/smmuv3.md A.10/A.11),
// returning the shared smmu::core::Command (models/smmuv3/core/command.h), plus the two range
// helpers a driver needs on unmap: tlbi_range() (range TLBI generation with and without RIL)
// and atc_inv_range() (one ATC_INV covering an IOVA range).
// Implements: PREFETCH_CONFIG/ADDR, CFGI_STE/STE_RANGE/ALL/CD/CD_ALL/VMS_PIDM, TLBI_NH_*,
// TLBI_EL2_*, TLBI_EL3_*, TLBI_S12_VMALL, TLBI_S2_IPA, TLBI_NSNH_ALL, ATC_INV, PRI_RESP, RESUME,
// STALL_TERM, CMD_SYNC. Secure-stream commands are built with SSec = 0 only.
// Not implemented: field validation (values are truncated to their field width).
#pragma once
#include <cstdint>
#include <vector>

#include "smmuv3/core/command.h"

namespace fw::enc {

using smmu::core::Command;

// Granule codes of the TLBI TG field (A.11): 0 = not a range.
enum TlbiTg : uint8_t { TLBI_TG_NONE = 0, TLBI_TG_4K = 1, TLBI_TG_16K = 2, TLBI_TG_64K = 3 };

// PRI_RESP Resp and RESUME Resp values.
enum PriResp : uint8_t { PRI_RESP_DENY = 0, PRI_RESP_FAIL = 1, PRI_RESP_SUCCESS = 2 };
enum ResumeResp : uint8_t { RESUME_TERM = 0, RESUME_RETRY = 1, RESUME_ABORT = 2 };

// ATC_INV Size value meaning "the whole address space" (as Linux uses it).
constexpr uint8_t ATC_INV_SIZE_ALL = 52;

// --- configuration invalidation / prefetch --------------------------------------------------
Command prefetch_config(uint32_t sid, uint32_t ssid = 0, bool ssv = false);
Command prefetch_addr(uint32_t sid, uint64_t addr, uint8_t size, uint32_t ssid = 0,
                      bool ssv = false);
Command cfgi_ste(uint32_t sid, bool leaf);
Command cfgi_ste_range(uint32_t sid, uint8_t range);  // 2^(range+1) SIDs, aligned down
Command cfgi_all();                                   // CFGI_STE_RANGE with Range = 31
Command cfgi_cd(uint32_t sid, uint32_t ssid, bool leaf);
Command cfgi_cd_all(uint32_t sid);
Command cfgi_vms_pidm(uint16_t vmid);

// --- TLB invalidation -----------------------------------------------------------------------
// Range form fields (ttl, tg, num, scale) default to 0 = not a range invalidation.
Command tlbi_nh_all(uint16_t vmid);
Command tlbi_nh_asid(uint16_t vmid, uint16_t asid);
Command tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va, bool leaf, uint8_t ttl = 0,
                   uint8_t tg = 0, uint8_t num = 0, uint8_t scale = 0);
Command tlbi_nh_vaa(uint16_t vmid, uint64_t va, bool leaf, uint8_t ttl = 0, uint8_t tg = 0,
                    uint8_t num = 0, uint8_t scale = 0);
Command tlbi_el2_all();
Command tlbi_el2_asid(uint16_t asid);
Command tlbi_el2_va(uint16_t asid, uint64_t va, bool leaf, uint8_t ttl = 0, uint8_t tg = 0,
                    uint8_t num = 0, uint8_t scale = 0);
Command tlbi_el2_vaa(uint64_t va, bool leaf, uint8_t ttl = 0, uint8_t tg = 0, uint8_t num = 0,
                     uint8_t scale = 0);
Command tlbi_el3_all();
Command tlbi_el3_va(uint64_t va, bool leaf);
Command tlbi_s12_vmall(uint16_t vmid);
Command tlbi_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf, uint8_t ttl = 0, uint8_t tg = 0,
                    uint8_t num = 0, uint8_t scale = 0);
Command tlbi_nsnh_all();

// --- ATS, PRI, stalls, sync -----------------------------------------------------------------
// size: log2 of the span in 4 KiB units (ATC_INV_SIZE_ALL = everything).
Command atc_inv(uint32_t sid, uint32_t ssid, bool ssv, uint64_t addr, uint8_t size,
                bool global = false);
Command pri_resp(uint32_t sid, uint32_t ssid, bool ssv, uint16_t prgindex, uint8_t resp);
Command resume(uint32_t sid, uint16_t stag, uint8_t resp);
Command stall_term(uint32_t sid);
// cs: smmu::core::SyncCs; msiaddr is a byte address (bits [1:0] dropped).
Command cmd_sync(uint8_t cs = smmu::core::CS_NONE, uint64_t msiaddr = 0, uint32_t msidata = 0,
                 uint8_t msh = 0, uint8_t msiattr = 0);

// --- range helpers --------------------------------------------------------------------------
// Which TLBI an unmap of a range needs: the opcode family and its tags.
enum class TlbiKind : uint8_t {
    NH_VA,   // stage-1 (non-hyp) VA: vmid + asid
    NH_VAA,  // stage-1 VA, all ASIDs: vmid
    EL2_VA,  // EL2 (E2H) VA: asid
    S2_IPA,  // stage-2 IPA: vmid
};
struct TlbiRangeRequest {
    TlbiKind kind = TlbiKind::NH_VA;
    uint16_t vmid = 0;
    uint16_t asid = 0;
    uint64_t iova = 0;
    uint64_t size = 0;          // bytes
    uint64_t granule = 4096;    // size of each leaf mapping being invalidated (page or block)
    uint64_t pgsize_min = 4096; // smallest page size of the page table (its translation granule)
    bool leaf = true;
    bool ril = false;           // IDR3.RIL: range invalidation available
};
std::vector<Command> tlbi_range(const TlbiRangeRequest& req);
// The same into `out` (its contents replaced, its storage kept).
void tlbi_range(const TlbiRangeRequest& req, std::vector<Command>& out);

// One ATC_INV for [iova, iova+size): smallest naturally aligned power-of-two span of 4 KiB
// pages containing the range. size == 0 means "everything" (Size = ATC_INV_SIZE_ALL).
Command atc_inv_range(uint32_t sid, uint32_t ssid, uint64_t iova, uint64_t size);

}  // namespace fw::enc
