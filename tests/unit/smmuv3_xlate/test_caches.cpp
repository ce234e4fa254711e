// Cache behaviour: the generic set-associative cache (replacement policies, no duplicates,
// invalidation scans every set), the cache hierarchy seen through translate() (micro-TLB per
// port, main TLB, STE/CD caches, walk cache), parameters.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "xlate_builders.h"

using namespace xt;

namespace {

struct Item {
    uint64_t key = 0;
};
bool has(SetAssocCache<Item>& c, uint64_t k) {
    bool f = false;
    c.for_each([&](const Item& i) { f |= i.key == k; });
    return f;
}
void put(SetAssocCache<Item>& c, uint64_t k) {
    c.insert(0, Item{k}, [&](const Item& i) { return i.key == k; });
}

class Recorder final : public gsim::ParamVisitor {
public:
    std::map<std::string, gsim::Param> seen;
    void u64(const char* k, uint64_t&, const gsim::Param& p) override { seen[k] = p; }
    void f64(const char* k, double&, const gsim::Param& p) override { seen[k] = p; }
    void flag(const char* k, bool&, const gsim::Param& p) override { seen[k] = p; }
    void str(const char* k, std::string&, const gsim::Param& p) override { seen[k] = p; }
    void choice(const char* k, std::string&, std::vector<std::string>,
                const gsim::Param& p) override {
        seen[k] = p;
    }
};

}  // namespace

TEST(SmmuXlateCache, lru_evicts_least_recently_used) {
    SetAssocCache<Item> c(2, 2, ReplPolicy::LRU, 1);
    put(c, 1);
    put(c, 2);
    ASSERT_NE(c.lookup(0, [](const Item& i) { return i.key == 1; }), nullptr);
    put(c, 3);
    EXPECT_TRUE(has(c, 1));
    EXPECT_FALSE(has(c, 2));
    EXPECT_TRUE(has(c, 3));
    EXPECT_EQ(c.evictions(), 1u);
}

TEST(SmmuXlateCache, fifo_evicts_oldest_fill_even_if_used) {
    SetAssocCache<Item> c(2, 2, ReplPolicy::FIFO, 1);
    put(c, 1);
    put(c, 2);
    ASSERT_NE(c.lookup(0, [](const Item& i) { return i.key == 1; }), nullptr);
    put(c, 3);
    EXPECT_FALSE(has(c, 1));
    EXPECT_TRUE(has(c, 2));
}

TEST(SmmuXlateCache, random_replacement_is_seeded_and_deterministic) {
    auto run = [](uint64_t seed) {
        SetAssocCache<Item> c(4, 4, ReplPolicy::RANDOM, seed);
        for (uint64_t k = 0; k < 20; ++k) put(c, k);
        std::string s;
        c.for_each([&](const Item& i) { s += std::to_string(i.key) + ","; });
        return s;
    };
    EXPECT_EQ(run(5), run(5));
    bool differs = false;
    for (uint64_t s = 6; s < 12; ++s) differs |= run(s) != run(5);
    EXPECT_TRUE(differs);
}

TEST(SmmuXlateCache, insert_replaces_same_entry_and_invalidate_scans_all_sets) {
    SetAssocCache<Item> c(16, 2, ReplPolicy::LRU, 1);
    EXPECT_EQ(c.sets(), 8u);
    for (uint64_t k = 0; k < 8; ++k)
        c.insert(k, Item{k}, [&](const Item& i) { return i.key == k; });
    c.insert(3, Item{3}, [](const Item& i) { return i.key == 3; });
    EXPECT_EQ(c.occupancy(), 8u);
    // The predicate is checked everywhere, whatever set the entry was placed in.
    auto s = c.invalidate_if([](const Item& i) { return i.key % 2 == 1; });
    EXPECT_EQ(s.scanned, 8u);
    EXPECT_EQ(s.removed, 4u);
    EXPECT_EQ(c.occupancy(), 4u);
}

TEST(SmmuXlateCache, second_access_hits_micro_tlb_other_port_hits_main_tlb) {
    Env e;
    uint64_t root = e.s1_stream(1);
    e.m.map(s1_geo(12, 16), root, 0x1000, 0x81000, 3, S1_RW_ALL);
    auto r = e.read(1, 0x1000, false, 0);
    EXPECT_EQ(r.tlb_misses, 1u);
    const uint64_t reads = e.m.mem.reads;
    r = e.read(1, 0x1008, false, 0);
    EXPECT_EQ(r.utlb_hits, 1u);
    EXPECT_EQ(r.tlb_hits, 0u);
    EXPECT_EQ(r.pa, 0x81008u);
    EXPECT_EQ(r.lookup_cycles, e.params.utlb_lookup_cycles);
    r = e.read(1, 0x1010, false, 1);
    EXPECT_EQ(r.utlb_hits, 0u);
    EXPECT_EQ(r.tlb_hits, 1u);
    EXPECT_EQ(r.lookup_cycles, e.params.utlb_lookup_cycles + e.params.tlb_lookup_cycles);
    EXPECT_EQ(e.m.mem.reads, reads);                       // no memory traffic on hits
    EXPECT_EQ(e.read(1, 0x1018, false, 1).utlb_hits, 1u);  // port 1 now has it too
}

TEST(SmmuXlateCache, config_caches_and_walk_cache_serve_a_neighbouring_page) {
    Env e;
    uint64_t root = e.s1_stream(1);
    Geo g = s1_geo(12, 16);
    e.m.map(g, root, 0x1000, 0x81000, 3, S1_RW_ALL);
    e.m.map(g, root, 0x2000, 0x82000, 3, S1_RW_ALL);
    e.read(1, 0x1000);
    auto r = e.read(1, 0x2000);
    EXPECT_EQ(r.tlb_misses, 1u);
    EXPECT_EQ(r.cfg_hits, 2u);
    EXPECT_EQ(r.cfg_reads, 0u);
    EXPECT_EQ(r.walk_cache_hits, 1u);
    EXPECT_EQ(r.walk_reads, 1u);
    EXPECT_EQ(r.mem_latency_ps, 100000u);
    EXPECT_EQ(r.lookup_cycles, e.params.utlb_lookup_cycles + e.params.tlb_lookup_cycles +
                                   2 * e.params.cfg_cache_lookup_cycles +
                                   e.params.walk_cache_lookup_cycles + e.params.walk_step_cycles);
}

TEST(SmmuXlateCache, ssid_streams_do_not_share_tlb_entries) {
    Env e;
    SteSpec s;
    s.cdmax = 1;
    Geo g = s1_geo(12, 16);
    uint64_t ra = e.m.new_root(g), rb = e.m.new_root(g);
    e.m.map(g, ra, 0x1000, 0xA1000, 3, S1_RW_ALL);
    e.m.map(g, rb, 0x1000, 0xB1000, 3, S1_RW_ALL);
    uint64_t table = e.m.alloc(128, 64);
    CdSpec cd;
    cd.ttb0 = ra;
    cd.asid = 1;
    e.put_cd(cd, table);
    cd.ttb0 = rb;
    cd.asid = 2;
    e.put_cd(cd, table + 64);
    s.ctx = table;
    e.set_ste(1, s);
    auto r = e.ssid_read(1, 0, 0x1000);
    ASSERT_EQ(r.response, XlateResponse::OK);
    EXPECT_EQ(r.pa, 0xA1000u);
    r = e.ssid_read(1, 1, 0x1000);
    EXPECT_EQ(r.tlb_misses, 1u);
    EXPECT_EQ(r.pa, 0xB1000u);
    r = e.ssid_read(1, 0, 0x1000);
    EXPECT_EQ(r.utlb_hits, 1u);
    EXPECT_EQ(r.pa, 0xA1000u);
    // Non-SSID traffic is a different context from SSID 0.
    EXPECT_EQ(e.read(1, 0x1000).event.type, F_STREAM_DISABLED);
}

TEST(SmmuXlateCache, tlb_capacity_evicts_and_evicted_entries_rewalk) {
    TranslatorParams p;
    p.utlb_entries = 2;
    p.utlb_ways = 2;
    p.tlb_entries = 2;
    p.tlb_ways = 2;
    Env e(p);
    uint64_t root = e.s1_stream(1);
    Geo g = s1_geo(12, 16);
    for (uint64_t i = 1; i <= 3; ++i) e.m.map(g, root, i << 12, 0x100000 + (i << 12), 3, S1_RW_ALL);
    for (uint64_t i = 1; i <= 3; ++i) e.read(1, i << 12);
    EXPECT_EQ(e.t->occupancy().tlb, 2u);
    EXPECT_EQ(e.read(1, 0x1000).tlb_misses, 1u);  // LRU victim
    EXPECT_EQ(e.read(1, 0x3000).utlb_hits, 1u);
}

TEST(SmmuXlateCache, params_declare_every_key_with_unit_help_source_and_range) {
    TranslatorParams p;
    Recorder rec;
    p.visit(rec);
    for (const char* k : {"utlb_entries",
                          "utlb_ways",
                          "utlb_policy",
                          "utlb_lookup_cycles",
                          "tlb_entries",
                          "tlb_ways",
                          "tlb_policy",
                          "tlb_lookup_cycles",
                          "cfg_cache_entries",
                          "cfg_cache_ways",
                          "cfg_cache_policy",
                          "cfg_cache_lookup_cycles",
                          "walk_cache_entries",
                          "walk_cache_ways",
                          "walk_cache_policy",
                          "walk_cache_lookup_cycles",
                          "walk_step_cycles",
                          "ports",
                          "seed",
                          "walk_cache_s1_levels",
                          "walk_cache_s2_levels"}) {
        ASSERT_TRUE(rec.seen.count(k)) << k;
        EXPECT_STRNE(rec.seen[k].help, "") << k;
        EXPECT_STRNE(rec.seen[k].source, "") << k;
    }
    EXPECT_EQ(rec.seen.size(), 21u);
    EXPECT_EQ(rec.seen["tlb_entries"].min, 1u);
}

TEST(SmmuXlateCache, stats_count_hits_misses_and_fetches) {
    gsim::Stats stats;
    gsim::test::FakeMemPort mem;
    TranslatorParams p;
    Translator t(p, mem, gsim::StatGroup(stats, "smmu"));
    ControlState c = default_ctrl();
    SteSpec s;
    s.config = CFG_BYPASS;
    for (int i = 0; i < 8; ++i)
        mem.poke64(c.strtab_base + 64 + 8 * uint64_t(i), s.encode()[size_t(i)]);
    XlateRequest q;
    q.sid = 1;
    t.translate(q, c);
    t.translate(q, c);
    EXPECT_EQ(stats.value("smmu.translations"), 2u);
    EXPECT_EQ(stats.value("smmu.tlb_misses"), 2u);  // bypass is not cached in the TLB
    EXPECT_EQ(stats.value("smmu.ste_fetches"), 1u);
}

TEST(SmmuXlateCache, walk_cache_caches_only_the_configured_levels) {
    TranslatorParams p;
    p.walk_cache_s1_levels = 0b011;  // levels 0 and 1: the L2 table descriptor is not cached
    Env e(p);
    uint64_t root = e.s1_stream(1);
    Geo g = s1_geo(12, 16);
    e.m.map(g, root, 0x1000, 0x81000, 3, S1_RW_ALL);
    e.m.map(g, root, 0x2000, 0x82000, 3, S1_RW_ALL);
    e.read(1, 0x1000);
    auto r = e.read(1, 0x2000);
    EXPECT_EQ(r.walk_cache_hits, 1u);
    EXPECT_EQ(r.walk_reads, 2u);  // L2 and L3 read again
    size_t l2 = 0;
    e.t->walk_cache().for_each([&](const WalkCacheEntry& w) { l2 += w.level == 2; });
    EXPECT_EQ(l2, 0u);
}
