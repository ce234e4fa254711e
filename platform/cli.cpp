#include "cli.h"

#include <sstream>

#include "config_error.h"
#include "ini.h"

namespace platform {

namespace cls = po::command_line_style;

static po::options_description general_options() {
    po::options_description g("General options");
    g.add_options()
        ("help,h", "print this help (with a command: that command's options too)")
        ("config,c", po::value<std::vector<std::string>>()->composing()->value_name("FILE"),
         "read an INI configuration file (repeatable; a later file overrides an earlier one)")
        ("dump-config", po::value<std::string>()->implicit_value("plain")->value_name("plain|annotated"),
         "print the complete effective configuration as INI (accepted again by -c) and exit")
        ("stats-out", po::value<std::string>()->value_name("FILE"),
         "write every statistic as JSON to FILE when the simulation ends")
        ("timeline-out", po::value<std::string>()->value_name("FILE"),
         "run, dma-bench, replay: Chrome trace-event JSON timeline (Perfetto UI)")
        ("vcd-out", po::value<std::string>()->value_name("FILE"),
         "run, dma-bench, replay: interrupt lines and queue PROD/CONS as a VCD waveform")
        ("trace-out", po::value<std::string>()->value_name("FILE"),
         "run, dma-bench: record the software's transactions as a replayable trace (traces/FORMAT.md)");
    return g;
}

static po::options_description config_options(const ConfigRegistry& reg) {
    po::options_description c("Configuration options");
    for (const auto& e : reg.entries()) {
        c.add_options()(e.key.c_str(), po::value<std::string>()->value_name("V"), e.help.c_str());
    }
    return c;
}

void apply_settings(ConfigRegistry& reg, const std::vector<ConfigSetting>& settings) {
    for (const auto& s : settings) {
        std::string err = reg.assign(s.key, s.value);
        if (!err.empty()) throw ConfigError(s.origin + ": " + err);
    }
}

Invocation parse_command_line(int argc, const char* const argv[], const std::vector<CommandSpec>& cmds,
                              ConfigRegistry& reg) {
    Invocation inv;
    po::options_description general = general_options();
    po::options_description config = config_options(reg);
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>())(
        "args", po::value<std::vector<std::string>>());
    po::positional_options_description pos;
    pos.add("command", 1).add("args", -1);
    const int style = cls::unix_style & ~cls::allow_guessing;

    // Pass 1: find the command (unknown options allowed) to add its own options.
    std::string command;
    {
        po::options_description all;
        all.add(general).add(config).add(hidden);
        po::variables_map vm;
        try {
            auto parsed = po::command_line_parser(argc, argv).options(all).positional(pos)
                              .style(style).allow_unregistered().run();
            po::store(parsed, vm);
        } catch (const po::error& e) {
            throw ConfigError(std::string("command line: ") + e.what());
        }
        if (vm.count("command")) command = vm["command"].as<std::string>();
    }
    const CommandSpec* spec = nullptr;
    for (const auto& c : cmds) {
        if (c.name == command) spec = &c;
    }
    po::options_description cmd_opts("Options of '" + command + "'");
    if (spec && spec->add_options) spec->add_options(cmd_opts);

    // Pass 2: strict.
    po::options_description all;
    all.add(general).add(config).add(hidden);
    if (spec && spec->add_options) all.add(cmd_opts);
    po::variables_map vm;
    std::vector<ConfigSetting> cli_settings;
    try {
        auto parsed = po::command_line_parser(argc, argv).options(all).positional(pos).style(style).run();
        po::store(parsed, vm);
        for (const auto& opt : parsed.options) {
            if (reg.find(opt.string_key) && !opt.value.empty()) {
                cli_settings.push_back({opt.string_key, opt.value.front(), "command line"});
            }
        }
        po::notify(vm);
    } catch (const po::unknown_option& e) {
        std::string name = e.get_option_name();
        name = name.substr(0, name.find('='));
        throw ConfigError("command line: unknown option '" + name + "'");
    } catch (const po::error& e) {
        throw ConfigError(std::string("command line: ") + e.what());
    }
    inv.help = vm.count("help") > 0;
    inv.command = command;
    if (vm.count("args")) inv.args = vm["args"].as<std::vector<std::string>>();
    if (vm.count("config")) inv.config_files = vm["config"].as<std::vector<std::string>>();
    if (vm.count("dump-config")) {
        inv.dump_config = vm["dump-config"].as<std::string>();
        if (inv.dump_config != "plain" && inv.dump_config != "annotated") {
            throw ConfigError("command line: --dump-config takes 'plain' or 'annotated', got '" +
                              inv.dump_config + "'");
        }
    }
    if (vm.count("stats-out")) inv.stats_out = vm["stats-out"].as<std::string>();
    if (vm.count("trace-out")) inv.trace_out = vm["trace-out"].as<std::string>();
    if (vm.count("vcd-out")) inv.vcd_out = vm["vcd-out"].as<std::string>();
    if (vm.count("timeline-out")) inv.timeline_out = vm["timeline-out"].as<std::string>();
    inv.vm = std::move(vm);

    if (!inv.help && inv.dump_config.empty()) {
        if (command.empty()) throw ConfigError("no command given (try 'grace-sim --help')");
        if (!spec) throw ConfigError("unknown command '" + command + "' (try 'grace-sim --help')");
    }

    // Configuration: files in order, then the command line.
    for (const auto& f : inv.config_files) {
        std::vector<ConfigSetting> settings;
        for (const auto& e : read_ini_file(f)) {
            std::string origin = e.file + ":" + std::to_string(e.line);
            if (!reg.find(e.key)) throw ConfigError(origin + ": unknown option '" + e.key + "'");
            settings.push_back({e.key, e.value, origin});
        }
        apply_settings(reg, settings);
    }
    apply_settings(reg, cli_settings);
    inv.cli_settings = std::move(cli_settings);
    return inv;
}

std::string help_text(const std::vector<CommandSpec>& cmds, const ConfigRegistry& reg,
                      const std::string& command) {
    std::ostringstream os;
    os << "grace-sim: cycle-approximate model of the NVIDIA Grace IOMMU (SMMUv3 + CMDQV)\n\n"
       << "usage: grace-sim [options] <command> [command options] [--section.key=VALUE ...]\n\n"
       << "Commands:\n";
    for (const auto& c : cmds) {
        os << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ')
           << c.summary << "\n";
    }
    os << "\n" << general_options() << "\n";
    for (const auto& c : cmds) {
        if (c.name == command && c.add_options) {
            po::options_description d("Options of '" + c.name + "' (usage: grace-sim " + c.usage + ")");
            c.add_options(d);
            os << d << "\n";
        }
    }
    os << "Configuration options: INI key k in section [s] is option --s.k=VALUE; numbers take\n"
       << "decimal or 0x-hex. Precedence: defaults < -c files (later wins) < command line.\n";
    std::string section;
    for (const auto& e : reg.entries()) {
        std::string sec = e.key.substr(0, e.key.rfind('.'));
        if (sec != section) {
            os << "\n [" << sec << "]\n";
            section = sec;
        }
        std::string lhs = "  --" + e.key + "=" + (e.unit.empty() ? "V" : e.unit);
        os << lhs << std::string(lhs.size() < 44 ? 44 - lhs.size() : 1, ' ') << e.help
           << " [default: " << (e.default_text.empty() ? "\"\"" : e.default_text) << "]\n";
    }
    return os.str();
}

}  // namespace platform
