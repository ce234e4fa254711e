// grace-sim: the command-line front end (Boost.Program_options).
//   grace-sim [options] <command> [command options] [--section.key=value ...]
// Options may appear before or after the command. Configuration comes from, in increasing
// precedence: built-in defaults, -c FILE (repeatable; a later file overrides an earlier one),
// then --section.key=value on the command line. Any error: ConfigError (exit status 2).
#pragma once
#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

#include "config_registry.h"
#include "sim_config.h"

namespace platform {

namespace po = boost::program_options;

struct ConfigSetting {
    std::string key, value, origin;
};

struct Invocation {
    std::string command;                    // "run", "info", ...
    std::vector<std::string> args;          // positional arguments after the command
    std::vector<std::string> config_files;  // -c, in order
    bool help = false;
    std::string dump_config;                // "", "plain" or "annotated"
    std::string stats_out;                  // --stats-out FILE
    std::string trace_out;                  // --trace-out FILE
    std::string vcd_out;                    // --vcd-out FILE
    std::string timeline_out;               // --timeline-out FILE
    po::variables_map vm;                   // command-specific options
    std::vector<ConfigSetting> cli_settings;  // --section.key=value, in order
};

struct CommandSpec {
    std::string name;
    std::string summary;
    std::string usage;  // e.g. "replay FILE.jsonl [options]"
    std::function<void(po::options_description&)> add_options;  // may be empty
    std::function<int(Invocation&, SimConfig&, ConfigRegistry&)> run;
};

// Parses argv and applies configuration files and overrides to cfg through reg.
Invocation parse_command_line(int argc, const char* const argv[], const std::vector<CommandSpec>& cmds,
                              ConfigRegistry& reg);

// Full --help text.
std::string help_text(const std::vector<CommandSpec>& cmds, const ConfigRegistry& reg,
                      const std::string& command = "");

// Applies configuration entries (key, value, origin) in order; origin names the source in
// errors ("x.ini:12", "command line"). Used by -c files and by trace headers.
void apply_settings(ConfigRegistry& reg, const std::vector<ConfigSetting>& settings);

}  // namespace platform
