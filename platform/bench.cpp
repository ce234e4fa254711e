// grace-sim bench: see bench.h.
#include "bench.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <systemc>

#include "config_error.h"
#include "server.h"
#include "sim_runner.h"
#include "top.h"

#ifndef GRACE_BUILD_DESCRIPTION
#define GRACE_BUILD_DESCRIPTION "unknown"
#endif

namespace platform {

namespace {

double host_seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

uint64_t self_maxrss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<uint64_t>(ru.ru_maxrss);
}

// (a) The machine reference: one thread, N timed waits of 1 ns, nothing else.
SC_MODULE(RawWaiter) {
    uint64_t waits = 0;
    SC_CTOR(RawWaiter) { SC_THREAD(body); }
    void body() {
        const sc_core::sc_time ns(1, sc_core::SC_NS);
        for (uint64_t i = 0; i < waits; ++i) sc_core::wait(ns);
    }
};

int child_raw(uint64_t waits) {
    RawWaiter w("raw");
    w.waits = waits;
    const uint64_t d0 = static_cast<uint64_t>(sc_core::sc_delta_count());
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double s = host_seconds_since(t0);
    std::printf("host_s=%.9f waits=%" PRIu64 " deltas=%" PRIu64 " rss_kib=%" PRIu64 "\n", s, waits,
                static_cast<uint64_t>(sc_core::sc_delta_count()) - d0, self_maxrss_kib());
    return 0;
}

int child_dma(SimConfig& cfg) {
    init_simulation(cfg);
    gsim::Stats stats;
    Platform top("platform", cfg, stats);
    GraceServer server(top, cfg, stats);
    const uint64_t d0 = static_cast<uint64_t>(sc_core::sc_delta_count());
    auto t0 = std::chrono::steady_clock::now();
    RunOutcome o = run_simulation(cfg);
    const double s = host_seconds_since(t0);
    const uint64_t deltas = static_cast<uint64_t>(sc_core::sc_delta_count()) - d0;
    uint64_t cmds = 0, unmaps = 0;
    for (const auto& [name, c] : stats.counters()) {
        // Commands the SMMU executed (any queue): platform.smmuN.cmds.<OPCODE>.
        if (name.rfind("platform.smmu", 0) == 0 && name.find(".cmds.") != std::string::npos) cmds += c.value;
        const std::string suffix = ".dma.unmaps";
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            unmaps += c.value;
    }
    const bool ok = top.all_agents_done() && !server.failed() && o.sc_errors == 0;
    std::printf("host_s=%.9f commands=%" PRIu64 " unmaps=%" PRIu64 " deltas=%" PRIu64 " sim_us=%.3f rss_kib=%" PRIu64
                " ok=%d\n",
                s, cmds, unmaps, deltas, o.end_time.to_seconds() * 1e6, self_maxrss_kib(), ok ? 1 : 0);
    if (!ok && server.failed()) std::fprintf(stderr, "grace-sim: bench: %s\n", server.failure().c_str());
    return ok ? 0 : 1;
}

struct ChildResult {
    int status = -1;
    std::map<std::string, double> kv;
    uint64_t maxrss_kib = 0;  // from wait4: the child's peak RSS
};

ChildResult run_child(const std::string& exe, const std::vector<std::string>& args) {
    int p[2];
    if (pipe(p)) throw ConfigError(std::string("bench: pipe: ") + std::strerror(errno));
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) throw ConfigError(std::string("bench: fork: ") + std::strerror(errno));
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(exe.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    close(p[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    close(p[0]);
    ChildResult r;
    int status = 0;
    rusage ru{};
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    r.maxrss_kib = static_cast<uint64_t>(ru.ru_maxrss);
    std::istringstream ss(out);
    std::string tok;
    while (ss >> tok) {
        auto eq = tok.find('=');
        if (eq == std::string::npos) continue;
        try {
            r.kv[tok.substr(0, eq)] = std::stod(tok.substr(eq + 1));
        } catch (const std::exception&) {
        }
    }
    return r;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    std::string x;
    while (std::getline(ss, x, ','))
        if (!x.empty()) v.push_back(x);
    return v;
}

template <typename T>
T opt_or(Invocation& inv, const char* name, T def) {
    return inv.vm.count(name) ? inv.vm[name].as<T>() : def;
}

struct Row {
    std::string path;
    unsigned granule = 0, threads = 0;
    double host_s = 0, commands = 0, unmaps = 0, deltas = 0, sim_us = 0;
    uint64_t rss_kib = 0;
    bool ok = false;
    double cmds_per_s() const { return host_s > 0 ? commands / host_s : 0; }
    double unmaps_per_s() const { return host_s > 0 ? unmaps / host_s : 0; }
    double deltas_per_cmd() const { return commands > 0 ? deltas / commands : 0; }
};

}  // namespace

void add_bench_options(po::options_description& d) {
    d.add_options()("paths", po::value<std::string>(), "comma-separated paths to measure (direct,trapped)")(
        "granule", po::value<std::string>(), "comma-separated pages per mapping, one row each (1,64)")("threads", po::value<unsigned>(),
                                                                   "benchmark threads (1)")(
        "loops", po::value<uint64_t>(),
        "unmaps per thread (default per row: 400000 / (pages + 1), within 20000-200000)")(
        "raw-waits", po::value<uint64_t>(), "timed waits of the reference thread (2000000)")(
        "json", "print the results as JSON")(
        "child", po::value<std::string>(), "internal: raw|dma, run one measurement in this process");
}

int run_bench(Invocation& inv, SimConfig& cfg, ConfigRegistry&, const std::string& exe) {
    const uint64_t raw_waits = opt_or<uint64_t>(inv, "raw-waits", 2000000);
    if (inv.vm.count("child")) {
        const std::string mode = inv.vm["child"].as<std::string>();
        if (mode == "raw") return child_raw(raw_waits);
        if (mode == "dma") return child_dma(cfg);
        throw ConfigError("bench: --child must be raw or dma");
    }
    const std::vector<std::string> paths = split_list(opt_or<std::string>(inv, "paths", "direct,trapped"));
    std::vector<unsigned> granules;
    for (const auto& g : split_list(opt_or<std::string>(inv, "granule", "1,64"))) {
        char* end = nullptr;
        const unsigned long v = std::strtoul(g.c_str(), &end, 10);
        if (end == g.c_str() || *end != '\0' || v == 0 || v > 65536)
            throw ConfigError("bench: --granule: '" + g + "' is not a page count (1-65536)");
        granules.push_back(static_cast<unsigned>(v));
    }
    const unsigned threads = opt_or<unsigned>(inv, "threads", 1);
    // Default: every row simulates a few hundred thousand commands, so that its sc_start time
    // (~0.1 s or more here) is the steady state: in a 20,000-unmap 1-page row (~12 ms) the
    // first touches of the simulation's memory and caches were several per cent of the time,
    // and the figure moved by 10 % from run to run.
    auto loops_for = [&inv](unsigned granule) -> uint64_t {
        if (inv.vm.count("loops")) return inv.vm["loops"].as<uint64_t>();
        return std::clamp<uint64_t>(400000 / (uint64_t{granule} + 1), 20000, 200000);
    };
    const bool json = inv.vm.count("json") > 0;

    std::vector<std::string> base;
    for (const auto& f : inv.config_files) {
        base.push_back("-c");
        base.push_back(f);
    }
    for (const auto& s : inv.cli_settings) base.push_back("--" + s.key + "=" + s.value);

    ChildResult raw = run_child(exe, {"bench", "--child=raw", "--raw-waits=" + std::to_string(raw_waits)});
    if (raw.status != 0 || raw.kv["host_s"] <= 0) throw ConfigError("bench: the raw SystemC reference run failed");
    const double raw_ns = raw.kv["host_s"] * 1e9 / double(raw_waits);
    const double raw_rate = 1e9 / raw_ns;

    std::vector<Row> rows;
    bool all_ok = true;
    for (const unsigned granule : granules)
    for (const auto& p : paths) {
        std::vector<std::string> a = {"bench", "--child=dma"};
        a.insert(a.end(), base.begin(), base.end());
        a.push_back("--server.path=" + p);
        a.push_back("--dma_bench.granule=" + std::to_string(granule));
        a.push_back("--dma_bench.threads=" + std::to_string(threads));
        a.push_back("--dma_bench.loops=" + std::to_string(loops_for(granule)));
        ChildResult c = run_child(exe, a);
        Row r;
        r.path = p;
        r.granule = granule;
        r.threads = threads;
        r.host_s = c.kv["host_s"];
        r.commands = c.kv["commands"];
        r.unmaps = c.kv["unmaps"];
        r.deltas = c.kv["deltas"];
        r.sim_us = c.kv["sim_us"];
        r.rss_kib = c.maxrss_kib;
        r.ok = c.status == 0 && c.kv["ok"] == 1;
        all_ok = all_ok && r.ok;
        rows.push_back(r);
    }

    if (json) {
        std::printf("{\n  \"build\": \"%s\",\n", GRACE_BUILD_DESCRIPTION);
        std::printf("  \"raw_systemc\": {\"waits\": %" PRIu64 ", \"host_ns_per_wait\": %.3f, \"waits_per_s\": %.0f, "
                    "\"peak_rss_kib\": %" PRIu64 "},\n  \"runs\": [",
                    raw_waits, raw_ns, raw_rate, raw.maxrss_kib);
        for (size_t i = 0; i < rows.size(); ++i) {
            const Row& r = rows[i];
            std::printf("%s\n    {\"path\": \"%s\", \"granule\": %u, \"threads\": %u, \"ok\": %s, \"unmaps\": %.0f, "
                        "\"commands\": %.0f, \"simulated_us\": %.3f, \"host_s\": %.6f, \"commands_per_s\": %.0f, "
                        "\"unmaps_per_s\": %.0f, \"deltas_per_command\": %.3f, \"peak_rss_kib\": %" PRIu64
                        ", \"commands_per_raw_wait\": %.5f}",
                        i ? "," : "", r.path.c_str(), r.granule, r.threads, r.ok ? "true" : "false", r.unmaps,
                        r.commands, r.sim_us, r.host_s, r.cmds_per_s(), r.unmaps_per_s(), r.deltas_per_cmd(),
                        r.rss_kib, r.cmds_per_s() / raw_rate);
        }
        std::printf("\n  ]\n}\n");
        return all_ok ? 0 : 1;
    }
    std::printf("grace-sim bench: host speed (wall time of sc_start in a child process per row)\n");
    std::printf("build: %s\n", GRACE_BUILD_DESCRIPTION);
    std::printf("raw SystemC reference: %" PRIu64 " x wait(1 ns) in one SC_THREAD: %.1f ns per activation "
                "(%.2f M/s), peak RSS %.1f MiB\n\n",
                raw_waits, raw_ns, raw_rate / 1e6, double(raw.maxrss_kib) / 1024.0);
    std::printf("%-10s %5s %4s %9s %9s %8s %12s %12s %11s %9s %10s\n", "path", "pages", "thr", "unmaps", "commands",
                "host s", "cmds/s", "unmaps/s", "deltas/cmd", "RSS MiB", "cmds/wait");
    for (const Row& r : rows) {
        std::printf("%-10s %5u %4u %9.0f %9.0f %8.3f %12.0f %12.0f %11.2f %9.1f %10.4f%s\n", r.path.c_str(), r.granule,
                    r.threads, r.unmaps, r.commands, r.host_s, r.cmds_per_s(), r.unmaps_per_s(), r.deltas_per_cmd(),
                    double(r.rss_kib) / 1024.0, r.cmds_per_s() / raw_rate, r.ok ? "" : "  FAILED");
    }
    std::printf("\ncmds/wait = (simulated commands per host second) / (raw timed waits per host second): the\n"
                "machine-independent speed figure. deltas/cmd counts SystemC delta cycles per SMMU command.\n");
    return all_ok ? 0 : 1;
}

}  // namespace platform
