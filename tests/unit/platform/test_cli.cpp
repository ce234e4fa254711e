#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "cli.h"
#include "config_error.h"

using namespace platform;

namespace {

std::vector<CommandSpec> commands() {
    std::vector<CommandSpec> c;
    c.push_back({"run", "run it", "run", nullptr, nullptr});
    c.push_back({"replay", "replay a trace", "replay FILE",
                 [](po::options_description& d) {
                     d.add_options()("path", po::value<std::string>(), "which path");
                 },
                 nullptr});
    return c;
}

std::string write_tmp(const std::string& name, const std::string& text) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

Invocation parse(std::vector<const char*> args, SimConfig& cfg, ConfigRegistry& reg) {
    args.insert(args.begin(), "grace-sim");
    return parse_command_line(static_cast<int>(args.size()), args.data(), commands(), reg);
}

std::string error_of(std::vector<const char*> args) {
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    try {
        parse(args, cfg, reg);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Cli, command_line_overrides_every_file_and_later_files_win) {
    std::string f1 = write_tmp("f1.ini", "[sim]\nseed = 5\nquantum_ns = 100\n[soc]\nbus_hop_ns=3\n");
    std::string f2 = write_tmp("f2.ini", "[sim]\nseed = 0x10\n");
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    parse({"-c", f1.c_str(), "run", "-c", f2.c_str(), "--sim.quantum_ns=7"}, cfg, reg);
    EXPECT_EQ(cfg.sim.seed, 16u);        // f2 beats f1
    EXPECT_EQ(cfg.sim.quantum_ns, 7u);   // command line beats f1
    EXPECT_EQ(cfg.soc.bus_hop_ns, 3u);   // only in f1
}

TEST(Cli, hex_values_on_the_command_line) {
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    parse({"run", "--map.dram_base=0x1_0000_0000"}, cfg, reg);
    EXPECT_EQ(cfg.map.dram_base, 0x100000000u);
}

TEST(Cli, unknown_key_is_named) {
    EXPECT_EQ(error_of({"run", "--no.such=1"}), "command line: unknown option '--no.such'");
}

TEST(Cli, unknown_key_in_a_file_gives_file_and_line) {
    std::string f = write_tmp("bad_key.ini", "[sim]\nseed = 1\n\n[smmu]\ntlb_entriez = 4\n");
    EXPECT_EQ(error_of({"-c", f.c_str(), "run"}), f + ":5: unknown option 'smmu.tlb_entriez'");
}

TEST(Cli, malformed_value_in_a_file_gives_file_line_and_key) {
    std::string f = write_tmp("bad_val.ini", "[sim]\nseed = twelve\n");
    EXPECT_EQ(error_of({"-c", f.c_str(), "run"}),
              f + ":2: expected an unsigned integer (decimal or 0x-hex) for 'sim.seed', got 'twelve'");
}

TEST(Cli, syntax_error_in_a_file) {
    std::string f = write_tmp("bad_syntax.ini", "[sim\n");
    EXPECT_NE(error_of({"-c", f.c_str(), "run"}).find("bad_syntax.ini:1:"), std::string::npos);
}

TEST(Cli, unknown_or_missing_command) {
    EXPECT_EQ(error_of({"fly"}), "unknown command 'fly' (try 'grace-sim --help')");
    EXPECT_EQ(error_of({}), "no command given (try 'grace-sim --help')");
}

TEST(Cli, command_options_and_positionals) {
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    auto inv = parse({"replay", "t.jsonl", "--path", "direct", "--stats-out", "s.json"}, cfg, reg);
    EXPECT_EQ(inv.command, "replay");
    ASSERT_EQ(inv.args.size(), 1u);
    EXPECT_EQ(inv.args[0], "t.jsonl");
    EXPECT_EQ(inv.vm["path"].as<std::string>(), "direct");
    EXPECT_EQ(inv.stats_out, "s.json");
    // --path belongs to replay only
    EXPECT_NE(error_of({"run", "--path", "direct"}), "");
}

TEST(Cli, no_abbreviated_options) {
    EXPECT_NE(error_of({"run", "--sim.see=1"}), "");
}

TEST(Cli, help_lists_every_option_with_default) {
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    std::string h = help_text(commands(), reg);
    for (const auto& e : reg.entries()) {
        EXPECT_NE(h.find("--" + e.key + "="), std::string::npos) << e.key;
    }
    EXPECT_NE(h.find("[default: 0x80000000]"), std::string::npos);
    EXPECT_NE(h.find("replay"), std::string::npos);
}

TEST(Cli, dump_config_flag) {
    SimConfig cfg;
    ConfigRegistry reg(cfg);
    auto inv = parse({"--dump-config"}, cfg, reg);
    EXPECT_EQ(inv.dump_config, "plain");
    EXPECT_NE(error_of({"--dump-config=fancy"}), "");
}
