// grace-sim ATS endpoint: parameters of one ATS-capable PCIe endpoint (its Address Translation
// Cache and the PCIe timing of translation requests and ATS invalidations).
// Implements: defaults, units, help text, provenance and ranges through visit().
// Not implemented: per-function (multi-function device) parameters.
#pragma once
#include <cstdint>

#include "common/params.h"

namespace ats::core {

struct AtsParams {
    bool ats_enable = true;             // ATS Control.Enable; false = plain (untranslated) DMA
    uint64_t atc_entries = 64;          // ATC capacity (fully associative, LRU)
    uint64_t atc_lookup_ns = 2;         // device-side ATC lookup
    uint64_t treq_link_ns = 600;        // PCIe round trip of a Translation Request/Completion
    uint64_t pcie_rtt_ns = 1500;        // ATS Invalidation Request -> Completion round trip
    uint64_t inv_per_entry_ns = 8;      // device time per ATC entry scanned by an invalidation
    bool respond_to_inv = true;         // fault injection: false = never send the completion

    void visit(gsim::ParamVisitor& v) {
        v.flag("ats_enable", ats_enable,
               {"", "ATS capability enabled (false: a plain DMA device, untranslated requests)",
                "PCIe ATS Control register Enable; user choice"});
        v.u64("atc_entries", atc_entries,
              {"entries", "device ATC capacity (fully associative, LRU replacement)",
               "Est. (device ATCs hold tens to hundreds of translations)", 1, 1u << 16});
        v.u64("atc_lookup_ns", atc_lookup_ns,
              {"ns", "device-side ATC lookup per DMA chunk", "Est.", 0, 1'000'000});
        v.u64("treq_link_ns", treq_link_ns,
              {"ns", "PCIe Translation Request + Completion round trip, without SMMU time",
               "Est. (PCIe Gen5 link round trip, a few hundred ns)", 0, 1'000'000'000});
        v.u64("pcie_rtt_ns", pcie_rtt_ns,
              {"ns", "ATS Invalidation Request to Invalidation Completion round trip",
               "Est. 1-5 us: spec/software-stack.md 4 step 7", 0, 1'000'000'000});
        v.u64("inv_per_entry_ns", inv_per_entry_ns,
              {"ns", "device time per ATC entry scanned by one invalidation", "Est.", 0,
               1'000'000});
        v.flag("respond_to_inv", respond_to_inv,
               {"", "fault injection: false = the device never completes an ATS invalidation "
                    "(the SMMU then reports CERROR_ATC_INV_SYNC)",
                "user choice"});
    }
};

}  // namespace ats::core
