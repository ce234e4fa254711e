#include <gtest/gtest.h>

#include <sstream>

#include "common/log.h"

using namespace gsim;

class LogTest : public ::testing::Test {
protected:
    void SetUp() override {
        LogConfig::instance().reset();
        LogConfig::instance().set_stream(&m_os);
        LogConfig::instance().set_time_source([] { return std::string("42 ns"); });
    }
    void TearDown() override { LogConfig::instance().reset(); }
    std::ostringstream m_os;
};

TEST_F(LogTest, lines_carry_time_level_and_module) {
    Logger l("platform.smmu0");
    l.warn("bad %s %d", "thing", 3);
    EXPECT_EQ(m_os.str(), "[W 42 ns] platform.smmu0: bad thing 3\n");
}

TEST_F(LogTest, per_module_levels_longest_prefix_wins) {
    auto& cfg = LogConfig::instance();
    cfg.set_default_level(LogLevel::ERROR);
    EXPECT_EQ(cfg.parse_module_levels("platform.smmu0=debug,platform=info"), "");
    Logger smmu("platform.smmu0.cmdq"), other("platform.dram"), outside("host");
    EXPECT_TRUE(smmu.enabled(LogLevel::DEBUG));
    EXPECT_FALSE(other.enabled(LogLevel::DEBUG));
    EXPECT_TRUE(other.enabled(LogLevel::INFO));
    EXPECT_FALSE(outside.enabled(LogLevel::WARN));
    Logger tricky("platform.smmu01");  // not under platform.smmu0
    EXPECT_FALSE(tricky.enabled(LogLevel::DEBUG));
}

TEST_F(LogTest, bad_module_spec_is_reported) {
    EXPECT_NE(LogConfig::instance().parse_module_levels("smmu"), "");
    EXPECT_NE(LogConfig::instance().parse_module_levels("smmu=loud"), "");
}

TEST_F(LogTest, unimp_logged_once) {
    Logger l("m");
    EXPECT_TRUE(l.unimp_once("stall", "stall model"));
    EXPECT_FALSE(l.unimp_once("stall", "stall model"));
    EXPECT_EQ(LogConfig::instance().warnings(), 1u);
}
