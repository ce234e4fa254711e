#include "experiments.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config_error.h"

namespace platform {

bool plot_lines(const std::string& dir, const std::string& name, const std::string& title,
                const std::string& xlabel, const std::string& ylabel,
                const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& series,
                bool logx, bool logy) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::string dat = dir + "/" + name + ".dat", gp = dir + "/" + name + ".gp";
    std::ofstream d(dat);
    for (const auto& [label, pts] : series) {
        d << "# " << label << "\n";
        for (const auto& [x, y] : pts) d << x << " " << y << "\n";
        d << "\n\n";
    }
    std::ofstream g(gp);
    g << "set terminal pngcairo size 900,600 noenhanced\n"
      << "set output '" << dir << "/" << name << ".png'\n"
      << "set title '" << title << "'\n"
      << "set xlabel '" << xlabel << "'\nset ylabel '" << ylabel << "'\n"
      << "set key top left\nset grid\n";
    if (logx) g << "set logscale x 2\n";
    if (logy) g << "set logscale y 10\n";
    g << "plot ";
    for (size_t i = 0; i < series.size(); ++i) {
        const bool ref = series[i].first.find("measured") != std::string::npos;
        g << (i ? ", " : "") << "'" << dat << "' index " << i << " with "
          << (ref ? "points pt 7 ps 1.6" : "linespoints pt 5 lw 2") << " title '" << series[i].first << "'";
    }
    g << "\n";
    g.close();
    d.close();
    std::string cmd = "gnuplot '" + gp + "' >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

namespace {

struct RefKey {
    unsigned pages, threads;
    std::string path;
    bool operator<(const RefKey& o) const {
        return std::tie(pages, threads, path) < std::tie(o.pages, o.threads, o.path);
    }
};

std::map<RefKey, double> read_reference(const std::string& path) {
    std::map<RefKey, double> ref;
    std::ifstream f(path);
    if (!f) return ref;
    std::string line;
    std::getline(f, line);  // header
    int lineno = 1;
    while (std::getline(f, line)) {
        ++lineno;
        if (line.empty()) continue;
        std::stringstream ss(line);
        std::string c[5];
        for (auto& x : c) std::getline(ss, x, ',');
        try {
            ref[{static_cast<unsigned>(std::stoul(c[1])), static_cast<unsigned>(std::stoul(c[2])), c[3]}] =
                std::stod(c[4]);
        } catch (const std::exception&) {
            throw ConfigError(path + ":" + std::to_string(lineno) + ": expected granule_bytes,pages,threads,path,us");
        }
    }
    return ref;
}

std::string source_dir_of(const std::string& exe) {
    // build/platform/grace-sim -> the source tree holds configs/ two levels up; then the
    // source tree this executable was built from; then the working directory.
    for (std::string d : {exe.substr(0, exe.rfind('/')) + "/../..", std::string(GRACE_SOURCE_DIR), std::string(".")}) {
        std::string p = d + "/configs/reference/calibration.csv";
        if (access(p.c_str(), R_OK) == 0) return d;
    }
    return ".";
}

}  // namespace

int run_seed_table(Invocation& inv, SimConfig& cfg, ConfigRegistry& reg, const std::string& exe) {
    const SeedTableParams& st = cfg.seed_table;
    if (!st.reference.empty() && access(st.reference.c_str(), R_OK) != 0) {
        throw ConfigError("seed_table.reference: cannot read '" + st.reference + "'");
    }
    std::vector<SweepAxis> axes = {
        {"dma_bench.granule", {"1", "4", "16", "32", "64"}},
        {"dma_bench.threads", {"1", "2"}},
        {"server.path", {"trapped", "direct"}},
    };
    SweepOptions opt;
    // Every point runs with this invocation's configuration (files and overrides).
    for (const auto& f : inv.config_files) {
        opt.base_args.push_back("-c");
        opt.base_args.push_back(f);
    }
    for (const auto& s : inv.cli_settings) opt.base_args.push_back("--" + s.key + "=" + s.value);
    opt.base_args.push_back("--dma_bench.loops=" + std::to_string(st.loops));
    opt.jobs = st.jobs ? static_cast<unsigned>(st.jobs) : static_cast<unsigned>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    opt.progress = isatty(2);
    auto points = expand_grid(axes);
    auto results = run_sweep(exe, points, opt);
    write_sweep_results(st.out, axes, results);

    const std::string ref_path = st.reference.empty() ? source_dir_of(exe) + "/configs/reference/calibration.csv"
                                                      : st.reference;
    auto ref = read_reference(ref_path);
    if (ref.empty()) {
        std::fprintf(stderr, "grace-sim: warning: no calibration reference at %s (seed_table.reference); "
                             "the table shows no measured values\n", ref_path.c_str());
    }
    auto cell = [&](unsigned pages, unsigned threads, const std::string& path) -> const PointResult* {
        for (const auto& r : results) {
            if (r.settings[0].second == std::to_string(pages) && r.settings[1].second == std::to_string(threads) &&
                r.settings[2].second == path)
                return &r;
        }
        return nullptr;
    };
    auto text = [&](unsigned pages, unsigned threads, const std::string& path, double& v) {
        const PointResult* r = cell(pages, threads, path);
        char b[64];
        if (!r || !r->ok) {
            v = NAN;
            return std::string("FAILED");
        }
        v = r->metrics.at("avg_unmap_us");
        auto it = ref.find({pages, threads, path});
        if (it != ref.end()) {
            std::snprintf(b, sizeof b, "%6.1f (%6.1f %+5.1f%%)", v, it->second, 100.0 * (v - it->second) / it->second);
        } else {
            std::snprintf(b, sizeof b, "%6.1f               ", v);
        }
        return std::string(b);
    };
    std::printf("grace-sim seed table: guest dma_map_benchmark unmap latency (us), %" PRIu64
                " unmaps per thread per cell\n",
                st.loops);
    std::printf("simulated (measured on Grace, error) where the calibration set has the cell; "
                "other cells are predictions\n\n");
    std::printf("%-8s %-6s %-8s | %-24s | %-24s | %s\n", "granule", "pages", "threads", "trapped (bypass_vcmdq=1)",
                "direct (bypass_vcmdq=0)", "reduction");
    std::ostringstream md;
    md << "| granule | pages | threads | trapped us | measured | direct us | measured | reduction |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    bool all_ok = true;
    std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series;
    std::map<std::string, std::vector<std::pair<double, double>>> lines;
    for (unsigned threads : {1u, 2u}) {
        for (unsigned pages : {1u, 4u, 16u, 32u, 64u}) {
            double t, d;
            std::string ts = text(pages, threads, "trapped", t), ds = text(pages, threads, "direct", d);
            all_ok &= !std::isnan(t) && !std::isnan(d);
            char red[32] = "-";
            if (!std::isnan(t) && !std::isnan(d) && t > 0) std::snprintf(red, sizeof red, "%.1f %%", 100.0 * (1 - d / t));
            std::printf("%-8s %-6u %-8u | %-24s | %-24s | %s\n", (std::to_string(pages * 4) + " KiB").c_str(), pages,
                        threads, ts.c_str(), ds.c_str(), red);
            auto rt = ref.find({pages, threads, "trapped"}), rd = ref.find({pages, threads, "direct"});
            md << "| " << pages * 4 << " KiB | " << pages << " | " << threads << " | " << t << " | "
               << (rt != ref.end() ? std::to_string(rt->second).substr(0, 5) : "") << " | " << d << " | "
               << (rd != ref.end() ? std::to_string(rd->second).substr(0, 5) : "") << " | " << red << " |\n";
            lines["trapped, " + std::to_string(threads) + " thread(s)"].push_back({double(pages), t});
            lines["direct, " + std::to_string(threads) + " thread(s)"].push_back({double(pages), d});
        }
    }
    for (auto& [k, v] : lines) series.push_back({k, v});
    std::vector<std::pair<double, double>> mt, mdir;
    for (const auto& [k, v] : ref) {
        if (k.threads != 1) continue;
        (k.path == "trapped" ? mt : mdir).push_back({double(k.pages), v});
    }
    series.push_back({"trapped, measured on Grace", mt});
    series.push_back({"direct, measured on Grace", mdir});
    {
        std::ofstream f(st.out + "/seed_table.md");
        f << md.str();
    }
    bool plotted = plot_lines(st.out, "seed_table", "Guest DMA unmap latency on Grace: trapped vs direct VCMDQ",
                              "granule (4 KiB pages)", "average unmap latency (us)", series, true, true);
    std::printf("\nresults: %s/results.{csv,json,md}, %s/seed_table.md%s\n", st.out.c_str(), st.out.c_str(),
                plotted ? (", " + st.out + "/seed_table.png").c_str() : " (no plot: gnuplot failed or missing)");
    for (const auto& r : results) {
        if (!r.ok) std::fprintf(stderr, "grace-sim: point %u failed: %s\n", r.index, r.error.c_str());
    }
    (void)reg;
    return all_ok ? 0 : 1;
}

}  // namespace platform
