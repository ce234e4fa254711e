// SmmuParams (keys, help, provenance, ranges, ID builders) and SmmuTiming (cycles to ps).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "smmuv3/core/smmu_params.h"
#include "smmuv3/core/smmu_timing.h"

using namespace smmu::core;

namespace {

class Collect : public gsim::ParamVisitor {
public:
    void check(const char* k, uint64_t v, const gsim::Param& p) {
        keys.push_back(k);
        EXPECT_TRUE(p.help && *p.help) << k;
        EXPECT_TRUE(p.source && *p.source) << k;
        EXPECT_GE(v, p.min) << k;
        EXPECT_LE(v, p.max) << k;
    }
    void u64(const char* k, uint64_t& v, const gsim::Param& p) override { check(k, v, p); }
    void f64(const char* k, double&, const gsim::Param& p) override { check(k, 0, p); }
    void flag(const char* k, bool& v, const gsim::Param& p) override { check(k, v, p); }
    void str(const char* k, std::string&, const gsim::Param& p) override { check(k, 0, p); }
    void choice(const char* k, std::string& v, std::vector<std::string> c,
                const gsim::Param& p) override {
        check(k, 0, p);
        bool found = false;
        for (auto& s : c) found |= s == v;
        EXPECT_TRUE(found) << k;
    }
    std::vector<std::string> keys;
};

}  // namespace

TEST(SmmuParams, every_key_is_unique_documented_in_range_and_outside_translator_prefixes) {
    SmmuParams p;
    Collect v;
    p.visit(v);
    EXPECT_GT(v.keys.size(), 40u);
    std::set<std::string> uniq(v.keys.begin(), v.keys.end());
    EXPECT_EQ(uniq.size(), v.keys.size());
    for (const auto& k : v.keys) {
        for (const char* pre : {"utlb_", "tlb_", "cfg_cache_", "walk_cache_"})
            EXPECT_NE(k.rfind(pre, 0), 0u) << k;
        for (char ch : k)
            EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') << k;
    }
}

TEST(SmmuParams, id_builders_follow_the_knobs) {
    SmmuParams p;
    p.s2p = false;
    p.sidsize = 8;
    p.pri = true;
    p.priqs = 7;
    p.ril = true;
    p.oas = 2;
    p.gran16k = false;
    EXPECT_EQ(p.idr0() & 1u, 0u);
    EXPECT_EQ((p.idr0() >> 16) & 1u, 1u);
    EXPECT_EQ(p.idr1() & 0x3Fu, 8u);
    EXPECT_EQ((p.idr1() >> 11) & 0x1Fu, 7u);
    EXPECT_EQ(p.idr3(), 1u << 10);
    EXPECT_EQ(p.idr5(), 0x52u);
}

TEST(SmmuTiming, clock_period_comes_from_clock_mhz) {
    SmmuParams p;
    p.clock_mhz = 1000;
    EXPECT_EQ(SmmuTiming(p).period_ps(), 1000u);
    p.clock_mhz = 1500;
    EXPECT_EQ(SmmuTiming(p).period_ps(), 667u);
    p.clock_mhz = 2000;
    SmmuTiming t(p);
    EXPECT_EQ(t.cycles(3), 1500u);
    EXPECT_EQ(t.mmio_ps(), p.mmio_latency * 500);
}

TEST(SmmuTiming, per_opcode_costs_and_invalidation_models) {
    SmmuParams p;
    p.cmd_cost_cfgi = 11;
    p.cmd_cost_tlbi = 13;
    p.cmd_cost_sync = 17;
    p.cmd_cost_atc_inv = 19;
    p.cmd_cost_prefetch = 23;
    p.cmd_cost_default = 29;
    p.inv_cycles_per_entry = 2;
    p.inv_cycles_per_page = 5;
    SmmuTiming t(p);
    EXPECT_EQ(t.cmd_issue_ps(CMD_CFGI_CD), 11000u);
    EXPECT_EQ(t.cmd_issue_ps(CMD_TLBI_S2_IPA), 13000u);
    EXPECT_EQ(t.cmd_issue_ps(CMD_SYNC), 17000u);
    EXPECT_EQ(t.cmd_issue_ps(CMD_ATC_INV), 19000u);
    EXPECT_EQ(t.cmd_issue_ps(CMD_PREFETCH_ADDR), 23000u);
    EXPECT_EQ(t.cmd_issue_ps(CMD_RESUME), 29000u);
    InvalidationCost c;
    c.entries_scanned = 100;
    c.pages = 4;
    EXPECT_EQ(t.invalidation_ps(c), 200000u);
    p.inv_cost_model = "per_page";
    EXPECT_EQ(SmmuTiming(p).invalidation_ps(c), 20000u);
    c.pages = 0;  // a non-range command still costs one page
    EXPECT_EQ(SmmuTiming(p).invalidation_ps(c), 5000u);
}

TEST(SmmuTiming, translation_latency_is_lookup_cycles_plus_memory_latency) {
    SmmuParams p;
    p.xlate_overhead = 2;
    SmmuTiming t(p);
    XlateResult r;
    r.lookup_cycles = 5;
    r.mem_latency_ps = 333;
    EXPECT_EQ(t.translation_ps(r), 7000u + 333u);
    EXPECT_EQ(t.atc_inv_timeout_ps(), p.atc_inv_timeout_ns * 1000);
}
