#include "commands.h"

#include <algorithm>
#include <unistd.h>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "bench.h"
#include "config_error.h"
#include "formats/ftrace_reader.h"
#include "formats/golden_stats.h"
#include "formats/jsonl_reader.h"
#include "recorder.h"
#include "vcd.h"
#include "replay.h"
#include "experiments.h"
#include "server.h"
#include "sweep.h"
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

static int run_dma_bench(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg, bool json) {
    if (!inv.trace_out.empty()) reg.assign("soc.dmi", "false");  // every access on the interconnect
    init_simulation(cfg);
    TimelineOutput timeline(inv.timeline_out);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    GraceServer server(top, cfg, stats);
    std::unique_ptr<TraceRecorder> rec;
    if (!inv.trace_out.empty()) rec = std::make_unique<TraceRecorder>(inv.trace_out, top, reg);
    std::unique_ptr<VcdTracer> vcd;
    if (!inv.vcd_out.empty()) {
        vcd = std::make_unique<VcdTracer>("vcd", top, inv.vcd_out, sc_core::sc_time(double(cfg.sim.vcd_period_ns), sc_core::SC_NS));
    }
    RunOutcome o = run_simulation(cfg);
    bool done = top.all_agents_done();
    timeline.finish();
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
    return run_dma_bench(inv, cfg, reg, inv.vm.count("json") > 0);
}

// ---- run ------------------------------------------------------------------------------
static std::string self_exe() {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw ConfigError("cannot find the grace-sim executable (/proc/self/exe)");
    return std::string(buf, static_cast<size_t>(n));
}

static int cmd_run(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
    if (cfg.sim.scenario == "dma_bench") return run_dma_bench(inv, cfg, reg, false);
    if (cfg.sim.scenario == "seed_table") {
        if (!inv.trace_out.empty()) throw ConfigError("--trace-out records one simulation: not the seed table");
        return run_seed_table(inv, cfg, reg, self_exe());
    }
    if (!inv.trace_out.empty()) reg.assign("soc.dmi", "false");
    init_simulation(cfg);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    std::unique_ptr<TraceRecorder> rec;
    if (!inv.trace_out.empty()) rec = std::make_unique<TraceRecorder>(inv.trace_out, top, reg);
    std::unique_ptr<VcdTracer> vcd;
    if (!inv.vcd_out.empty()) {
        vcd = std::make_unique<VcdTracer>("vcd", top, inv.vcd_out, sc_core::sc_time(double(cfg.sim.vcd_period_ns), sc_core::SC_NS));
    }
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
static int replay_ftrace(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
    const std::string path = inv.vm["ftrace"].as<std::string>();
    traces::FtraceTrace trace;
    try {
        trace = traces::read_ftrace_file(path);
    } catch (const traces::TraceError& e) {
        throw ConfigError(e.what());
    }
    if (inv.vm.count("path")) apply_settings(reg, {{"server.path", inv.vm["path"].as<std::string>(), "--path"}});
    if (trace.events.empty()) throw ConfigError(path + ": no iommu:map or iommu:unmap event");
    init_simulation(cfg);
    TimelineOutput timeline(inv.timeline_out);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    GraceServer server(top, cfg, stats, &trace);
    RunOutcome o = run_simulation(cfg);
    timeline.finish();
    const bool done = top.all_agents_done();
    for (unsigned i = 0; i < server.benchmarks(); ++i) {
        if (server.benchmarks() > 1) std::printf("VM %u:\n", i);
        if (inv.vm.count("json")) {
            server.ftrace_replay(i).write_json(std::cout);
        } else {
            server.ftrace_replay(i).print(std::cout);
        }
    }
    std::cout.flush();
    if (!inv.vm.count("json")) {
        // Queue statistics: where the invalidations went.
        std::printf("queues: SMMU executed %" PRIu64 " commands in %" PRIu64 " batches",
                    stats.value("platform.smmu0.worker.commands"), stats.value("platform.smmu0.worker.batches"));
        for (const auto& [k, c] : stats.counters()) {
            if (c.value && k.rfind("platform.cmdqv0.vcmdq", 0) == 0 && k.size() > 9 &&
                k.compare(k.size() - 9, 9, ".commands") == 0) {
                std::printf(", %s %" PRIu64, k.substr(16, k.size() - 16 - 9).c_str(), c.value);
            }
        }
        std::printf("; %" PRIu64 " CMD_SYNCs over all queues\n", stats.value("platform.smmu0.cmds.CMD_SYNC"));
        std::printf("path %s: %zu events from %s replayed on %u CPU(s), %.3f us simulated\n", cfg.server.path.c_str(),
                    trace.events.size(), path.c_str(), trace.max_cpu + 1, o.end_time.to_seconds() * 1e6);
    }
    if (server.failed()) std::fprintf(stderr, "grace-sim: replay: %s\n", server.failure().c_str());
    if (!done) std::fprintf(stderr, "grace-sim: replay: time limit reached before the trace ended\n");
    write_stats(stats, inv.stats_out);
    return (done && !server.failed()) ? 0 : 1;
}

static int cmd_replay(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
    if (inv.vm.count("ftrace")) {
        if (!inv.args.empty()) throw ConfigError("replay --ftrace FILE takes no other trace file");
        return replay_ftrace(inv, cfg, reg);
    }
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
    TimelineOutput timeline(inv.timeline_out);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    ReplayContext ctx(top, cfg.replay, path);
    std::unique_ptr<VcdTracer> vcd;
    if (!inv.vcd_out.empty()) {
        vcd = std::make_unique<VcdTracer>("vcd", top, inv.vcd_out, sc_core::sc_time(double(cfg.sim.vcd_period_ns), sc_core::SC_NS));
    }
    auto agents = make_replay_agents(top, ctx, trace, stats);
    RunOutcome o = run_simulation(cfg);
    timeline.finish();
    bool all_done = true;
    for (auto& a : agents) {
        if (!a->done()) {
            all_done = false;
            ctx.fail(0, std::string(a->name()) + ": did not finish before sim.time_limit_us");
        }
    }
    // Golden statistics: timing drift shows up here even when every expectation holds.
    std::map<std::string, double> flat;
    for (const auto& [k, c] : stats.counters()) flat[k] = double(c.value);
    flat["replay.sim_time_ns"] = o.end_time.to_seconds() * 1e9;
    if (inv.vm.count("write-golden-stats")) {
        // Counters exact; simulated time within 2 % (docs: traces/FORMAT.md section 3).
        std::vector<traces::GoldenStat> g;
        for (const auto& [k, v] : flat) {
            if (k.rfind("platform.smmu0.", 0) != 0 && k.rfind("platform.cmdqv0.", 0) != 0 && k != "replay.sim_time_ns")
                continue;
            if (v == 0) continue;
            g.push_back({k, v, k == "replay.sim_time_ns" ? 0.02 : 0.0, 0.0, 0});
        }
        std::ofstream f(inv.vm["write-golden-stats"].as<std::string>());
        if (!f) throw ConfigError("cannot write the golden statistics file");
        traces::write_golden_stats(f, g);
    }
    if (inv.vm.count("golden-stats")) {
        const std::string gp = inv.vm["golden-stats"].as<std::string>();
        std::vector<traces::GoldenStat> g;
        try {
            g = traces::read_golden_stats_file(gp);
        } catch (const traces::TraceError& e) {
            throw ConfigError(e.what());
        }
        for (const auto& m : traces::compare_golden(g, flat)) {
            char b[256];
            if (m.missing) {
                std::snprintf(b, sizeof b, "statistic %s: missing from the run", m.name.c_str());
            } else {
                std::snprintf(b, sizeof b, "statistic %s: expected %.10g (+/- %.10g), got %.10g", m.name.c_str(),
                              m.expected, m.allowed, m.actual);
            }
            ctx.fail(0, std::string(b) + " (" + gp + ")");
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

// ---- sweep / merge --------------------------------------------------------------------------
static int cmd_sweep(Invocation& inv, SimConfig&, ConfigRegistry& reg) {
    std::vector<SweepAxis> axes;
    std::vector<std::pair<std::string, std::string>> fixed;
    if (inv.vm.count("grid")) {
        SweepFile sf = read_sweep_file(inv.vm["grid"].as<std::string>());
        axes = sf.axes;
        fixed = sf.fixed;
        for (const auto& [k, v] : fixed) {
            SimConfig probe;
            ConfigRegistry r2(probe);
            std::string err = r2.assign(k, v);
            if (!err.empty()) throw ConfigError(inv.vm["grid"].as<std::string>() + ": " + err);
        }
    }
    if (inv.vm.count("set")) {
        for (const auto& s : inv.vm["set"].as<std::vector<std::string>>()) {
            auto eq = s.find('=');
            if (eq == std::string::npos) throw ConfigError("--set: expected key=values, got '" + s + "'");
            axes.push_back({s.substr(0, eq), parse_sweep_values(s.substr(0, eq), s.substr(eq + 1))});
        }
    }
    if (axes.empty()) throw ConfigError("sweep: no axes (give --grid FILE and/or --set key=values)");
    // A key is swept once and not also set: each point would get it twice.
    for (size_t i = 0; i < axes.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (axes[i].key == axes[j].key) throw ConfigError("sweep: '" + axes[i].key + "' is swept twice");
        }
        for (const auto& c : inv.cli_settings) {
            if (c.key == axes[i].key) {
                throw ConfigError("sweep: '" + c.key + "' is swept and also set on the command line (--" +
                                  c.key + "=" + c.value + "); give one or the other");
            }
        }
    }
    for (const auto& a : axes) {
        if (!reg.find(a.key)) throw ConfigError("sweep: unknown option '" + a.key + "'");
        for (const auto& v : a.values) {
            // Validate every value now: a typo must not cost a whole sweep.
            SimConfig probe;
            ConfigRegistry r2(probe);
            std::string err = r2.assign(a.key, v);
            if (!err.empty()) throw ConfigError("sweep: " + err);
        }
    }
    SweepOptions opt;
    for (const auto& f : inv.config_files) {
        opt.base_args.push_back("-c");
        opt.base_args.push_back(f);
    }
    // The grid file's fixed settings, then the command line's, which override them.
    for (const auto& [k, v] : fixed) {
        bool overridden = false;
        for (const auto& c : inv.cli_settings) overridden = overridden || c.key == k;
        if (!overridden) opt.base_args.push_back("--" + k + "=" + v);
    }
    for (const auto& s : inv.cli_settings) opt.base_args.push_back("--" + s.key + "=" + s.value);
    opt.jobs = inv.vm.count("jobs") ? inv.vm["jobs"].as<unsigned>() : 1;
    if (inv.vm.count("shard")) {
        const std::string sh = inv.vm["shard"].as<std::string>();
        unsigned i = 0, n = 0;
        char extra = 0;
        if (std::sscanf(sh.c_str(), "%u/%u%c", &i, &n, &extra) != 2 || n == 0 || i >= n) {
            throw ConfigError("--shard: expected i/n with 0 <= i < n, got '" + sh + "'");
        }
        opt.shard = i;
        opt.shards = n;
    }
    opt.progress = isatty(2);
    const std::string out = inv.vm.count("out") ? inv.vm["out"].as<std::string>() : "results/sweep";
    auto points = expand_grid(axes);
    auto results = run_sweep(self_exe(), points, opt);
    write_sweep_results(out, axes, results);
    unsigned failed = 0;
    for (const auto& r : results) {
        if (r.ok) continue;
        ++failed;
        std::string where;
        for (const auto& [k, v] : r.settings) where += " " + k + "=" + v;
        std::fprintf(stderr, "grace-sim: sweep point %u (%s ) failed: %s\n", r.index, where.c_str(), r.error.c_str());
    }
    std::printf("sweep: %zu of %zu points run (shard %u/%u), %u failed; results in %s/results.{csv,json,md}\n",
                results.size(), points.size(), opt.shard, opt.shards, failed, out.c_str());
    if (inv.vm.count("plot-x") && inv.vm.count("plot-y")) {
        const std::string x = inv.vm["plot-x"].as<std::string>(), y = inv.vm["plot-y"].as<std::string>();
        std::map<std::string, std::vector<std::pair<double, double>>> lines;
        for (const auto& r : results) {
            if (!r.ok || !r.metrics.count(y)) continue;
            std::string series, xv;
            for (const auto& [k, v] : r.settings) {
                if (k == x) {
                    xv = v;
                } else {
                    series += (series.empty() ? "" : ", ") + k + "=" + v;
                }
            }
            double xd = 0;
            if (!parse_f64(xv, xd)) continue;
            lines[series.empty() ? y : series].push_back({xd, r.metrics.at(y)});
        }
        std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series(lines.begin(), lines.end());
        const bool logx = inv.vm.count("logx") > 0;
        if (!plot_lines(out, "sweep", y + " vs " + x, x, y, series, logx, false)) {
            std::fprintf(stderr, "grace-sim: sweep: gnuplot failed or is missing; data in %s/sweep.dat\n", out.c_str());
        }
    }
    return failed ? 1 : 0;
}

static int cmd_merge(Invocation& inv, SimConfig&, ConfigRegistry&) {
    if (inv.args.empty()) throw ConfigError("merge: give the shard result directories");
    std::vector<SweepAxis> axes;
    std::map<unsigned, PointResult> by_index;
    for (const auto& d : inv.args) {
        std::vector<SweepAxis> a;
        auto rs = read_sweep_results(d + "/results.json", a);
        if (axes.empty()) {
            axes = a;
        } else {
            bool same = a.size() == axes.size();
            for (size_t i = 0; same && i < a.size(); ++i) same = a[i].key == axes[i].key && a[i].values == axes[i].values;
            if (!same) throw ConfigError(d + ": shard of a different sweep (axes differ)");
        }
        for (auto& r : rs) {
            if (by_index.count(r.index)) throw ConfigError(d + ": point " + std::to_string(r.index) + " appears twice");
            by_index[r.index] = std::move(r);
        }
    }
    std::vector<PointResult> all;
    for (auto& [i, r] : by_index) all.push_back(std::move(r));
    const size_t expected = expand_grid(axes).size();
    const std::string out = inv.vm.count("out") ? inv.vm["out"].as<std::string>() : "results/merged";
    write_sweep_results(out, axes, all);
    std::printf("merge: %zu of %zu points in %s/results.{csv,json,md}\n", all.size(), expected, out.c_str());
    return all.size() == expected ? 0 : 1;
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
    cmds.push_back({"sweep", "run a parameter grid, one process per point (-j N in parallel)",
                    "sweep [--grid FILE] [--set key=values]... [-j N] [--shard i/n] [--out DIR]",
                    [](po::options_description& d) {
                        d.add_options()("grid", po::value<std::string>(), "INI file with [sweep] key = values")(
                            "set", po::value<std::vector<std::string>>()->composing(),
                            "key=values: a list 1,4,16, a range a..b, a..b+step or a..b*factor")(
                            "jobs,j", po::value<unsigned>(), "points simulated at a time")(
                            "shard", po::value<std::string>(), "i/n: run the points with index % n == i")(
                            "out", po::value<std::string>(), "output directory (results/sweep)")(
                            "plot-x", po::value<std::string>(), "swept key on the x axis of sweep.png")(
                            "plot-y", po::value<std::string>(), "metric on the y axis (e.g. avg_unmap_us)")(
                            "logx", "logarithmic x axis");
                    },
                    cmd_sweep});
    cmds.push_back({"merge", "combine the results of sweep shards into one result set", "merge DIR... [--out DIR]",
                    [](po::options_description& d) {
                        d.add_options()("out", po::value<std::string>(), "output directory (results/merged)");
                    },
                    cmd_merge});
    cmds.push_back({"replay",
                    "replay a register-level trace (exit 0 pass, 1 fail, 2 malformed) or, with --ftrace, a "
                    "Linux iommu map/unmap workload",
                    "replay FILE.jsonl | replay --ftrace FILE --path direct|trapped|host-cmdq|host-vcmdq",
                    [](po::options_description& d) {
                        d.add_options()("ftrace", po::value<std::string>(), "Linux ftrace text with iommu:map/unmap events")(
                            "golden-stats", po::value<std::string>(),
                            "compare the run's statistics with a golden tolerance file (traces/FORMAT.md 3)")(
                            "write-golden-stats", po::value<std::string>(),
                            "write the run's SMMU/CMDQV counters (exact) and simulated time (2 %) as a golden file")(
                            "path", po::value<std::string>(), "invalidation path for --ftrace")(
                            "json", "--ftrace results as JSON");
                    },
                    cmd_replay});
    cmds.push_back({"bench", "measure simulator speed: raw SystemC wait rate, commands and unmaps per host second",
                    "bench [--paths direct,trapped] [--granule N] [--threads N] [--loops N] [--json]",
                    add_bench_options, [](Invocation& inv, SimConfig& cfg, ConfigRegistry& reg) {
                        return run_bench(inv, cfg, reg, self_exe());
                    }});
    return cmds;
}

}  // namespace platform
