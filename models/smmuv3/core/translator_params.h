// grace-sim SMMUv3: configuration of the translation side (Translator): cache geometry,
// replacement policy and lookup/walk costs in SMMU cycles.
// Implements: every parameter with unit, help, provenance and range (gsim::ParamVisitor).
// Not implemented: IPA cache, prefetch, lookup-port contention (see TRANSLATION.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/params.h"

namespace smmu::core {

struct TranslatorParams {
    // Per-port micro-TLB (TBU level).
    uint64_t utlb_entries = 32, utlb_ways = 32, utlb_lookup_cycles = 1;
    std::string utlb_policy = "lru";
    // Main TLB (combined S1+S2 leaf entries).
    uint64_t tlb_entries = 2048, tlb_ways = 4, tlb_lookup_cycles = 3;
    std::string tlb_policy = "lru";
    // Configuration caches (STE and CD caches share the geometry parameters).
    uint64_t cfg_cache_entries = 64, cfg_cache_ways = 4, cfg_cache_lookup_cycles = 3;
    std::string cfg_cache_policy = "lru";
    // Walk cache (non-leaf descriptors of both stages, every level).
    uint64_t walk_cache_entries = 512, walk_cache_ways = 4, walk_cache_lookup_cycles = 4;
    std::string walk_cache_policy = "lru";
    uint64_t walk_cache_s1_levels = 7, walk_cache_s2_levels = 7;  // bit n: cache level n
    uint64_t walk_step_cycles = 1;  // serialised cycles per descriptor fetch
    uint64_t ports = 4;             // number of upstream ports (one micro-TLB each)
    uint64_t seed = 1;              // random replacement seed

    void visit(gsim::ParamVisitor& v) {
        const std::vector<std::string> pol{"lru", "fifo", "random"};
        v.u64("utlb_entries", utlb_entries,
              {"entries", "micro-TLB entries per upstream port",
               "gem5 SMMUv3.py default (utlb_entries)", 1, 1 << 16});
        v.u64("utlb_ways", utlb_ways,
              {"ways", "micro-TLB associativity (= entries: fully associative)",
               "gem5 SMMUv3.py default (utlb_assoc 0 = full)", 1, 1 << 16});
        v.choice("utlb_policy", utlb_policy, pol,
                 {"", "micro-TLB replacement", "Est. (gem5 uses round robin)"});
        v.u64("utlb_lookup_cycles", utlb_lookup_cycles,
              {"cycles", "micro-TLB lookup latency", "gem5 SMMUv3.py default (utlb_lat)", 0, 1000});
        v.u64("tlb_entries", tlb_entries,
              {"entries", "main TLB entries", "gem5 SMMUv3.py default (tlb_entries)", 1, 1 << 20});
        v.u64("tlb_ways", tlb_ways,
              {"ways", "main TLB associativity", "gem5 SMMUv3.py default (tlb_assoc)", 1, 1 << 20});
        v.choice("tlb_policy", tlb_policy, pol,
                 {"", "main TLB replacement", "Est. (gem5 uses round robin)"});
        v.u64("tlb_lookup_cycles", tlb_lookup_cycles,
              {"cycles", "main TLB lookup latency", "gem5 SMMUv3.py default (tlb_lat)", 0, 1000});
        v.u64("cfg_cache_entries", cfg_cache_entries,
              {"entries", "STE cache entries (the CD cache has the same size)",
               "gem5 SMMUv3.py default (cfg_entries)", 1, 1 << 20});
        v.u64("cfg_cache_ways", cfg_cache_ways,
              {"ways", "STE/CD cache associativity", "gem5 SMMUv3.py default (cfg_assoc)", 1,
               1 << 20});
        v.choice("cfg_cache_policy", cfg_cache_policy, pol,
                 {"", "STE/CD cache replacement", "Est."});
        v.u64(
            "cfg_cache_lookup_cycles", cfg_cache_lookup_cycles,
            {"cycles", "STE/CD cache lookup latency", "gem5 SMMUv3.py default (cfg_lat)", 0, 1000});
        v.u64("walk_cache_entries", walk_cache_entries,
              {"entries", "walk cache entries (non-leaf descriptors, S1 and S2, all levels)",
               "Est. (gem5 splits 4/28/348/4 + 4/28/92/4 per stage/level)", 1, 1 << 20});
        v.u64("walk_cache_ways", walk_cache_ways,
              {"ways", "walk cache associativity", "gem5 SMMUv3.py default (walk_assoc)", 1,
               1 << 20});
        v.choice("walk_cache_policy", walk_cache_policy, pol,
                 {"", "walk cache replacement", "Est."});
        v.u64(
            "walk_cache_lookup_cycles", walk_cache_lookup_cycles,
            {"cycles", "walk cache lookup latency", "gem5 SMMUv3.py default (walk_lat)", 0, 1000});
        v.u64("walk_cache_s1_levels", walk_cache_s1_levels,
              {"mask", "stage-1 levels whose table descriptors are cached (bit n = level n)",
               "gem5 SMMUv3.py default (wc_s1_levels)", 0, 7});
        v.u64("walk_cache_s2_levels", walk_cache_s2_levels,
              {"mask", "stage-2 levels whose table descriptors are cached (bit n = level n)",
               "gem5 SMMUv3.py default (wc_s2_levels)", 0, 7});
        v.u64("walk_step_cycles", walk_step_cycles,
              {"cycles", "serialised cycles per page-table descriptor fetch",
               "gem5 SMMUv3.py (one walk step per cycle)", 0, 1000});
        v.u64("ports", ports, {"ports", "upstream ports (one micro-TLB each)", "Est.", 1, 1024});
        v.u64("seed", seed, {"", "seed of random replacement", "Est.", 0, ~uint64_t{0}});
    }
};

}  // namespace smmu::core
