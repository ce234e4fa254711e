#include <gtest/gtest.h>

#include "config_registry.h"

using namespace platform;

namespace {
struct Block {
    uint64_t entries = 64;
    uint64_t base = 0x80000000;
    double ratio = 0.5;
    bool on = true;
    std::string name = "x";
    std::string policy = "lru";
    void visit(gsim::ParamVisitor& v) {
        v.u64("entries", entries, {"entries", "cache entries", "test", 1, 4096});
        v.u64("base", base, {"address", "base address", "test"});
        v.f64("ratio", ratio, {"", "a ratio", "test"});
        v.flag("on", on, {"", "enable", "test"});
        v.str("name", name, {"", "a name", "test"});
        v.choice("policy", policy, {"lru", "fifo"}, {"", "replacement", "test"});
    }
};
struct Root {
    Block a, b;
    void visit(gsim::ParamVisitor& v) {
        gsim::visit_prefixed(v, "a", a);
        gsim::visit_prefixed(v, "b.sub", b);
    }
};
}  // namespace

TEST(ParseNumbers, decimal_hex_and_separators) {
    uint64_t v;
    EXPECT_TRUE(parse_u64("4096", v));
    EXPECT_EQ(v, 4096u);
    EXPECT_TRUE(parse_u64("0x8000_0000", v));
    EXPECT_EQ(v, 0x80000000u);
    EXPECT_TRUE(parse_u64("0XFFFFFFFFFFFFFFFF", v));
    EXPECT_EQ(v, ~uint64_t{0});
    EXPECT_FALSE(parse_u64("0x1_0000_0000_0000_0000", v));  // overflow
    EXPECT_FALSE(parse_u64("", v));
    EXPECT_FALSE(parse_u64("-1", v));
    EXPECT_FALSE(parse_u64("12k", v));
    EXPECT_FALSE(parse_u64("0x", v));
    EXPECT_FALSE(parse_u64("_1", v));
    double d;
    EXPECT_TRUE(parse_f64("1.5e3", d));
    EXPECT_DOUBLE_EQ(d, 1500.0);
    EXPECT_FALSE(parse_f64("1.5x", d));
    EXPECT_FALSE(parse_f64("nan", d));
}

TEST(ConfigRegistry, keys_are_prefixed_by_section) {
    Root r;
    ConfigRegistry reg(r);
    EXPECT_NE(reg.find("a.entries"), nullptr);
    EXPECT_NE(reg.find("b.sub.policy"), nullptr);
    EXPECT_EQ(reg.find("entries"), nullptr);
    EXPECT_EQ(reg.entries().size(), 12u);
}

TEST(ConfigRegistry, assign_converts_and_checks) {
    Root r;
    ConfigRegistry reg(r);
    EXPECT_EQ(reg.assign("a.entries", "0x10"), "");
    EXPECT_EQ(r.a.entries, 16u);
    EXPECT_NE(reg.assign("a.entries", "0"), "");  // below range
    EXPECT_NE(reg.assign("a.entries", "4097"), "");
    EXPECT_EQ(r.a.entries, 16u);  // unchanged on error
    EXPECT_EQ(reg.assign("a.on", "off"), "");
    EXPECT_FALSE(r.a.on);
    EXPECT_NE(reg.assign("a.on", "maybe"), "");
    EXPECT_NE(reg.assign("a.policy", "random"), "");
    EXPECT_EQ(reg.assign("a.policy", "fifo"), "");
    EXPECT_EQ(reg.assign("a.ratio", "0.25"), "");
    EXPECT_DOUBLE_EQ(r.a.ratio, 0.25);
    EXPECT_EQ(reg.assign("nope.x", "1"), "unknown option 'nope.x'");
}

TEST(ConfigRegistry, dump_round_trips_exactly) {
    Root r;
    ConfigRegistry reg(r);
    reg.assign("a.base", "0x123456789");
    reg.assign("b.sub.ratio", "0.1");
    reg.assign("b.sub.name", "hello world");
    std::string ini = reg.dump_ini(true);
    EXPECT_NE(ini.find("[b.sub]"), std::string::npos);
    EXPECT_NE(ini.find("base = 0x123456789"), std::string::npos);
    EXPECT_NE(ini.find("#   source: test"), std::string::npos);
    EXPECT_NE(ini.find("#   one of: lru | fifo"), std::string::npos);
    // Read the dump into a fresh configuration: same values.
    Root r2;
    ConfigRegistry reg2(r2);
    std::istringstream in(reg.dump_ini(false));
    std::string line, section;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '[') {
            section = line.substr(1, line.size() - 2);
            continue;
        }
        auto eq = line.find(" = ");
        ASSERT_EQ(reg2.assign(section + "." + line.substr(0, eq), line.substr(eq + 3)), "");
    }
    EXPECT_EQ(reg2.dump_ini(true), ini);
    EXPECT_DOUBLE_EQ(r2.b.ratio, 0.1);
}

TEST(ConfigRegistry, non_default_lists_changed_keys) {
    Root r;
    ConfigRegistry reg(r);
    EXPECT_TRUE(reg.non_default().empty());
    reg.assign("a.entries", "32");
    ASSERT_EQ(reg.non_default().size(), 1u);
    EXPECT_EQ(reg.non_default()[0]->key, "a.entries");
}
