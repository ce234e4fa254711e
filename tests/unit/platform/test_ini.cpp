#include <gtest/gtest.h>

#include "config_error.h"
#include "ini.h"

using namespace platform;

TEST(Ini, sections_keys_comments_and_locations) {
    auto e = parse_ini("# top comment\n[smmu]\ntlb_entries = 64   # inline\n\n; other\n"
                       "[map]\ndram_base=0x8000_0000\nname = \"a b\"\n",
                       "x.ini");
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].key, "smmu.tlb_entries");
    EXPECT_EQ(e[0].value, "64");
    EXPECT_EQ(e[0].line, 3);
    EXPECT_EQ(e[1].key, "map.dram_base");
    EXPECT_EQ(e[1].value, "0x8000_0000");
    EXPECT_EQ(e[2].value, "a b");
    EXPECT_EQ(e[2].file, "x.ini");
}

static std::string error_of(const std::string& text) {
    try {
        parse_ini(text, "f.ini");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Ini, syntax_errors_name_file_and_line) {
    EXPECT_EQ(error_of("[a]\nx = 1\nnot a pair\n"), "f.ini:3: expected 'key = value', got 'not a pair'");
    EXPECT_EQ(error_of("[a\n"), "f.ini:1: section header must end with ']': '[a'");
    EXPECT_EQ(error_of("x = 1\n"), "f.ini:1: key 'x' outside any [section]");
    EXPECT_EQ(error_of("[a]\nb c = 1\n"), "f.ini:2: invalid key 'b c'");
    EXPECT_EQ(error_of("[]\n"), "f.ini:1: invalid section name ''");
}

TEST(Ini, missing_file_is_a_config_error) {
    EXPECT_THROW(read_ini_file("/nonexistent/grace.ini"), ConfigError);
}
