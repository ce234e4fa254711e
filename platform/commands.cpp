#include "commands.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iostream>

#include "config_error.h"
#include "formats/jsonl_reader.h"
#include "replay.h"
#include "server.h"
#include "sim_runner.h"
#include "selfcheck/selfcheck_agent.h"
#include "top.h"

namespace platform {

static std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    return buf;
}

static std::string human_size(uint64_t v) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (u < 4 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        ++u;
    }
    return std::to_string(v) + " " + units[u];
}

// ---- dma-bench ------------------------------------------------------------------------
static void print_bench(const GraceServer& server, const SimConfig& cfg, const RunOutcome& o, bool json) {
    for (unsigned i = 0; i < server.benchmarks(); ++i) {
        const fw::workloads::DmaMapBenchmark& b = server.bench(i);
        if (json) {
            b.write_json(std::cout);
            std::cout << "\n";
            continue;
        }
        if (server.benchmarks() > 1) std::printf("VM %u:\n", i);
        b.print(std::cout);
        std::cout.flush();
    }
    if (!json) {
        std::printf("path %s, %" PRIu64 " VM(s), %.3f us simulated\n", cfg.server.path.c_str(),
                    cfg.server.in_vm() ? cfg.server.vms : 0, o.end_time.to_seconds() * 1e6);
    }
}

static int run_dma_bench(Invocation& inv, SimConfig& cfg, bool json) {
    init_simulation(cfg);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    GraceServer server(top, cfg, stats);
    RunOutcome o = run_simulation(cfg);
    bool done = top.all_agents_done();
    print_bench(server, cfg, o, json);
    if (server.failed()) std::fprintf(stderr, "grace-sim: dma-bench: %s\n", server.failure().c_str());
    if (!done) std::fprintf(stderr, "grace-sim: dma-bench: time limit reached before the benchmark ended\n");
    write_stats(stats, inv.stats_out);
    return (done && !server.failed() && o.sc_errors == 0) ? 0 : 1;
}

static int cmd_dma_bench(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
    // Shortcuts for the most used keys; applied last (they are command-line options too).
    std::vector<ConfigSetting> s;
    auto opt = [&](const char* name, const char* key) {
        if (inv.vm.count(name)) s.push_back({key, inv.vm[name].as<std::string>(), std::string("--") + name});
    };
    opt("path", "server.path");
    opt("granule", "dma_bench.granule");
    opt("threads", "dma_bench.threads");
    opt("loops", "dma_bench.loops");
    opt("seconds", "dma_bench.seconds");
    opt("vms", "server.vms");
    apply_settings(reg, s);
    return run_dma_bench(inv, cfg, inv.vm.count("json") > 0);
}

// ---- run ------------------------------------------------------------------------------
static int cmd_run(Invocation& inv, SimConfig& cfg, ConfigRegistry&) {
    if (cfg.sim.scenario == "dma_bench") return run_dma_bench(inv, cfg, false);
    init_simulation(cfg);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    fw::SelfCheckAgent agent("selfcheck", cfg.selfcheck, cfg.map.dram_base, cfg.map.dram_size,
                             cfg.map.msi_base, gsim::StatGroup(stats, "selfcheck"));
    top.attach_agent(agent);
    agent.msi_seen = [&top](uint64_t addr, uint32_t data) {
        for (const auto& r : top.msi().records()) {
            if (r.addr == addr && r.data == data) return true;
        }
        return false;
    };
    RunOutcome o = run_simulation(cfg);
    const auto& r = agent.result();
    const bool pass = o.finished && agent.done() && !agent.failed() && o.sc_errors == 0;
    std::printf("grace-sim run: scenario selfcheck: %s\n", pass ? "PASS" : "FAIL");
    std::printf("  DRAM pattern       %" PRIu64 " bytes as %" PRIu64 " accesses of %" PRIu64
                " bytes at %s, %" PRIu64 " mismatches\n",
                cfg.selfcheck.bytes, r.accesses, cfg.selfcheck.access_size,
                hex(cfg.map.dram_base + cfg.selfcheck.offset).c_str(), r.mismatches);
    std::printf("  write latency      %.1f ns per access (simulated)\n", r.write_ns_per_access);
    std::printf("  read latency       %.1f ns per access (simulated)\n", r.read_ns_per_access);
    std::printf("  unmapped access    %s\n", r.unmapped_decode_error
                                                 ? "decode error (TLM_ADDRESS_ERROR_RESPONSE), as expected"
                                                 : "NO decode error");
    std::printf("  MSI doorbell       %s\n", r.msi_ok ? "write recorded" : "write NOT recorded");
    std::printf("  decode errors      %" PRIu64 " (counted by the interconnect)\n",
                top.bus().decode_errors());
    std::printf("  simulated time     %.3f us\n", o.end_time.to_seconds() * 1e6);
    if (!o.finished) std::printf("  time limit of %" PRIu64 " us reached\n", cfg.sim.time_limit_us);
    if (agent.failed()) std::printf("  failure: %s\n", agent.failure().c_str());
    write_stats(stats, inv.stats_out);
    return pass ? 0 : 1;
}

// ---- info -----------------------------------------------------------------------------
static int cmd_info(Invocation&, SimConfig& cfg, ConfigRegistry& reg) {
    struct Row {
        const char* name;
        uint64_t base, size;
        const char* what;
    };
    const uint64_t cmdqv_size = cfg.cmdqv.aperture_size();
    Row rows[] = {
        {"msi", cfg.map.msi_base, cfg.map.msi_size, "MSI doorbell"},
        {"smmu0", cfg.map.smmu0_base, cfg.map.smmu0_size, "SMMUv3 page 0 + page 1"},
        {"cmdqv0", cfg.map.cmdqv0_base, cmdqv_size, "Tegra241 CMDQV"},
        {"dram", cfg.map.dram_base, cfg.map.dram_size, "host DRAM (sparse)"},
    };
    std::printf("Address map (system addresses)\n");
    std::printf("  %-8s %-20s %-20s %-10s %s\n", "region", "base", "end", "size", "contents");
    for (const auto& r : rows) {
        std::printf("  %-8s %-20s %-20s %-10s %s\n", r.name, hex(r.base).c_str(),
                    hex(r.base + r.size - 1).c_str(), human_size(r.size).c_str(), r.what);
    }
    std::printf("\nInterrupt lines: smmu0.eventq smmu0.gerror smmu0.cmdq_sync smmu0.priq cmdqv0 msi\n");
    std::printf("\nEffective configuration: %zu options; scenario %s, seed %" PRIu64
                ", quantum %" PRIu64 " ns\n",
                reg.entries().size(), cfg.sim.scenario.c_str(), cfg.sim.seed, cfg.sim.quantum_ns);
    auto nd = reg.non_default();
    if (nd.empty()) {
        std::printf("  all options at their defaults\n");
    } else {
        std::printf("  options that differ from the defaults:\n");
        for (const auto* e : nd) {
            std::printf("    %-36s = %-20s (default %s)\n", e->key.c_str(), reg.current_text(*e).c_str(),
                        e->default_text.c_str());
        }
    }
    return 0;
}

// ---- replay -----------------------------------------------------------------------------
static int cmd_replay(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
    if (inv.args.size() != 1) throw ConfigError("replay takes exactly one trace file (grace-sim replay FILE.jsonl)");
    const std::string path = inv.args[0];
    traces::Trace trace;
    try {
        trace = traces::read_trace_file(path);
    } catch (const traces::TraceError& e) {
        throw ConfigError(e.what());
    }
    // The header's configuration applies as if given on the command line; the real command
    // line still wins.
    std::vector<ConfigSetting> header;
    for (const auto& c : trace.header.config) {
        header.push_back({c.key, c.value, path + ":" + std::to_string(c.line)});
    }
    apply_settings(reg, header);
    apply_settings(reg, inv.cli_settings);

    init_simulation(cfg);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    ReplayContext ctx(top, cfg.replay, path);
    auto agents = make_replay_agents(top, ctx, trace, stats);
    RunOutcome o = run_simulation(cfg);
    bool all_done = true;
    for (auto& a : agents) {
        if (!a->done()) {
            all_done = false;
            ctx.fail(0, std::string(a->name()) + ": did not finish before sim.time_limit_us");
        }
    }
    std::stable_sort(ctx.failures.begin(), ctx.failures.end(),
                     [](const ReplayFailure& a, const ReplayFailure& b) { return a.line < b.line; });
    for (const auto& f : ctx.failures) {
        std::printf("%s:%d: FAIL: %s\n", path.c_str(), f.line, f.message.c_str());
    }
    const bool pass = ctx.failures.empty() && all_done && o.sc_errors == 0;
    std::printf("grace-sim replay %s: %s: %zu operations on %zu cpus, %" PRIu64 " checks, %zu failed, "
                "%.3f us simulated\n",
                path.c_str(), pass ? "PASS" : "FAIL", trace.ops.size(), agents.size(), ctx.checks,
                ctx.failures.size(), o.end_time.to_seconds() * 1e6);
    write_stats(stats, inv.stats_out);
    return pass ? 0 : 1;
}

std::vector<CommandSpec> all_commands() {
    std::vector<CommandSpec> cmds;
    cmds.push_back({"run", "run the scenario the configuration selects (sim.scenario)", "run", nullptr,
                    cmd_run});
    cmds.push_back({"info", "print the address map and the effective configuration summary", "info",
                    nullptr, cmd_info});
    cmds.push_back({"dma-bench", "run dma_map_benchmark on a path (direct|trapped|host-cmdq|host-vcmdq)",
                    "dma-bench --path P --granule PAGES --threads N [--loops N | --seconds S] [--json]",
                    [](po::options_description& d) {
                        d.add_options()("path", po::value<std::string>(), "direct|trapped|host-cmdq|host-vcmdq")(
                            "granule", po::value<std::string>(), "pages per mapping (-g)")(
                            "threads", po::value<std::string>(), "benchmark threads (-t)")(
                            "loops", po::value<std::string>(), "unmaps per thread (0: use --seconds)")(
                            "seconds", po::value<std::string>(), "simulated seconds (-s)")(
                            "vms", po::value<std::string>(), "VMs running the benchmark at once")(
                            "json", "print the results as JSON");
                    },
                    cmd_dma_bench});
    cmds.push_back({"replay", "replay a register-level trace (traces/FORMAT.md); exit 0 pass, 1 fail, 2 malformed",
                    "replay FILE.jsonl", nullptr, cmd_replay});
    return cmds;
}

}  // namespace platform
