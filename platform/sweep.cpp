#include "sweep.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "config_error.h"
#include "config_registry.h"
#include "ini.h"

extern char** environ;

namespace platform {

using nlohmann::json;

// ---- grid ---------------------------------------------------------------------------------

static std::string fmt_num(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

std::vector<std::string> parse_sweep_values(const std::string& key, const std::string& text) {
    std::vector<std::string> out;
    auto range = text.find("..");
    if (range == std::string::npos) {
        std::stringstream ss(text);
        std::string item;
        while (std::getline(ss, item, ',')) {
            size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
            if (b == std::string::npos) throw ConfigError("sweep '" + key + "': empty value in '" + text + "'");
            out.push_back(item.substr(b, e - b + 1));
        }
        if (out.empty()) throw ConfigError("sweep '" + key + "': no values");
        return out;
    }
    // a..b, a..b*f, a..b+s
    std::string lo_s = text.substr(0, range), rest = text.substr(range + 2);
    char op = '+';
    std::string hi_s = rest, step_s = "1";
    size_t p = rest.find_first_of("*+");
    if (p != std::string::npos) {
        op = rest[p];
        hi_s = rest.substr(0, p);
        step_s = rest.substr(p + 1);
    }
    double lo, hi, step;
    if (!parse_f64(lo_s, lo) || !parse_f64(hi_s, hi) || !parse_f64(step_s, step) ||
        (op == '+' && step <= 0) || (op == '*' && step <= 1) || hi < lo) {
        throw ConfigError("sweep '" + key + "': expected a..b, a..b+step or a..b*factor, got '" + text + "'");
    }
    for (double v = lo; v <= hi * (1 + 1e-12); v = op == '+' ? v + step : v * step) {
        out.push_back(fmt_num(v));
        if (out.size() > 100000) throw ConfigError("sweep '" + key + "': more than 100000 values");
    }
    return out;
}

SweepFile read_sweep_file(const std::string& path) {
    SweepFile f;
    for (const auto& e : read_ini_file(path)) {
        if (e.key.rfind("sweep.", 0) != 0) {
            f.fixed.push_back({e.key, e.value});
            continue;
        }
        try {
            f.axes.push_back({e.key.substr(6), parse_sweep_values(e.key.substr(6), e.value)});
        } catch (const ConfigError& err) {
            throw ConfigError(e.file + ":" + std::to_string(e.line) + ": " + err.what());
        }
    }
    return f;
}

std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes) {
    std::vector<SweepPoint> pts(1);
    for (const auto& a : axes) {
        std::vector<SweepPoint> next;
        for (const auto& p : pts) {
            for (const auto& v : a.values) {
                SweepPoint q = p;
                q.settings.push_back({a.key, v});
                next.push_back(std::move(q));
            }
        }
        pts.swap(next);
    }
    for (unsigned i = 0; i < pts.size(); ++i) pts[i].index = i;
    return pts;
}

// ---- running ------------------------------------------------------------------------------

std::map<std::string, double> dma_bench_metrics(const std::string& text) {
    std::map<std::string, double> m;
    size_t n = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] != '{') continue;
        json j = json::parse(line);
        const std::string sfx = n == 0 ? "" : ".vm" + std::to_string(n);
        m["avg_unmap_us" + sfx] = j.at("avg_unmap_100ns").get<double>() / 10.0;
        m["unmap_stddev_us" + sfx] = j.at("unmap_stddev_100ns").get<double>() / 10.0;
        m["avg_map_us" + sfx] = j.at("avg_map_100ns").get<double>() / 10.0;
        m["map_stddev_us" + sfx] = j.at("map_stddev_100ns").get<double>() / 10.0;
        m["unmap_mean_ns" + sfx] = j.at("unmap_ns").at("mean").get<double>();
        m["unmap_max_ns" + sfx] = j.at("unmap_ns").at("max").get<double>();
        m["loops" + sfx] = j.at("loops").get<double>();
        ++n;
    }
    if (n == 0) throw std::runtime_error("no JSON result in the output");
    return m;
}

namespace {

struct Child {
    pid_t pid = -1;
    int out = -1, err = -1;
    std::string out_text, err_text;
    size_t point = 0;
};

PointMain g_point_main = nullptr;

// The child's side of a forked point: the pipes become its standard output and error, the
// point's command runs, and the process ends without unwinding the sweep's stack.
[[noreturn]] void run_forked_point(int out, int err, std::vector<char*>& argv) {
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    int status = 1;
    try {
        status = g_point_main(static_cast<int>(argv.size() - 1), argv.data());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grace-sim: error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "grace-sim: error: unknown exception\n");
    }
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    _exit(status);
}

Child spawn(const std::string& exe, const std::vector<std::string>& args) {
    int po[2], pe[2];
    if (pipe(po) || pipe(pe)) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::vector<std::string> owned{exe};
    owned.insert(owned.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : owned) argv.push_back(a.data());
    argv.push_back(nullptr);
    Child c;
    int err = 0;
    std::string what;
    if (g_point_main) {
        std::cout.flush();  // nothing buffered is written twice
        std::cerr.flush();
        std::fflush(nullptr);
        c.pid = fork();
        if (c.pid == 0) {
            close(po[0]);
            close(pe[0]);
            run_forked_point(po[1], pe[1], argv);
        }
        if (c.pid < 0) {
            err = errno;
            what = "fork";
        }
    } else {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, po[1], 1);
        posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
        posix_spawn_file_actions_addclose(&fa, po[0]);
        posix_spawn_file_actions_addclose(&fa, pe[0]);
        err = posix_spawn(&c.pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (err) what = "cannot start " + exe;
    }
    close(po[1]);
    close(pe[1]);
    if (err) {
        close(po[0]);
        close(pe[0]);
        throw std::runtime_error(what + ": " + std::strerror(err));
    }
    c.out = po[0];
    c.err = pe[0];
    return c;
}

void drain(int& fd, std::string& into) {
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        into.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        close(fd);
        fd = -1;
    }
}

void progress_bar(size_t done, size_t total, double elapsed_s) {
    const int width = 40;
    int fill = total ? static_cast<int>(width * done / total) : width;
    double eta = done ? elapsed_s / double(done) * double(total - done) : 0;
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu  elapsed %.0fs  eta %.0fs ", fill,
                 "########################################", width - fill, "", done, total, elapsed_s, eta);
    if (done == total) std::fprintf(stderr, "\n");
}

}  // namespace

void set_point_main(PointMain m) { g_point_main = m; }

std::vector<PointResult> run_sweep(const std::string& exe, const std::vector<SweepPoint>& all,
                                   const SweepOptions& opt) {
    std::vector<const SweepPoint*> mine;
    for (const auto& p : all) {
        if (p.index % opt.shards == opt.shard) mine.push_back(&p);
    }
    std::vector<PointResult> results(mine.size());
    std::vector<Child> running;
    size_t next = 0, done = 0;
    const auto t0 = std::chrono::steady_clock::now();  // progress display only, never in outputs
    const unsigned jobs = std::max(1u, opt.jobs);
    while (done < mine.size()) {
        while (running.size() < jobs && next < mine.size()) {
            const SweepPoint& p = *mine[next];
            std::vector<std::string> args{opt.command};
            args.insert(args.end(), opt.base_args.begin(), opt.base_args.end());
            for (const auto& [k, v] : p.settings) args.push_back("--" + k + "=" + v);
            args.push_back("--json");
            results[next].index = p.index;
            results[next].settings = p.settings;
            try {
                Child c = spawn(exe, args);
                c.point = next;
                running.push_back(std::move(c));
            } catch (const std::exception& e) {
                results[next].error = e.what();
                ++done;
            }
            ++next;
        }
        if (running.empty()) continue;
        std::vector<pollfd> fds;
        for (auto& c : running) {
            if (c.out >= 0) fds.push_back({c.out, POLLIN, 0});
            if (c.err >= 0) fds.push_back({c.err, POLLIN, 0});
        }
        if (!fds.empty()) poll(fds.data(), fds.size(), 200);
        for (auto it = running.begin(); it != running.end();) {
            Child& c = *it;
            for (const auto& f : fds) {
                if (!(f.revents & (POLLIN | POLLHUP | POLLERR))) continue;
                if (f.fd == c.out) drain(c.out, c.out_text);
                if (f.fd == c.err) drain(c.err, c.err_text);
            }
            if (c.out >= 0 || c.err >= 0) {
                ++it;
                continue;
            }
            int status = 0;
            waitpid(c.pid, &status, 0);
            PointResult& r = results[c.point];
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            if (code != 0) {
                std::string e = c.err_text;
                while (!e.empty() && (e.back() == '\n' || e.back() == '\r')) e.pop_back();
                r.error = "exit status " + std::to_string(code) + (e.empty() ? "" : ": " + e);
            } else {
                try {
                    r.metrics = dma_bench_metrics(c.out_text);
                    r.ok = true;
                } catch (const std::exception& e) {
                    r.error = std::string("unreadable result: ") + e.what();
                }
            }
            ++done;
            if (opt.progress) {
                progress_bar(done, mine.size(),
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            it = running.erase(it);
        }
    }
    return results;
}

// ---- output ---------------------------------------------------------------------------------

static std::vector<std::string> metric_names(const std::vector<PointResult>& rs) {
    std::vector<std::string> names;
    for (const auto& r : rs) {
        for (const auto& [k, v] : r.metrics) {
            if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

static std::string value_text(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

void write_sweep_results(const std::string& dir, const std::vector<SweepAxis>& axes,
                         const std::vector<PointResult>& rs) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto names = metric_names(rs);
    std::ofstream csv(dir + "/results.csv"), md(dir + "/results.md"), js(dir + "/results.json");
    if (!csv || !md || !js) throw ConfigError(dir + ": cannot write results");
    csv << "point";
    md << "| point";
    for (const auto& a : axes) {
        csv << "," << a.key;
        md << " | " << a.key;
    }
    for (const auto& n : names) {
        csv << "," << n;
        md << " | " << n;
    }
    csv << ",status\n";
    md << " | status |\n|---";
    for (size_t i = 0; i < axes.size() + names.size() + 1; ++i) md << "|---";
    md << "|\n";
    json jr = json::array();
    for (const auto& r : rs) {
        csv << r.index;
        md << "| " << r.index;
        json jp;
        jp["point"] = r.index;
        json js_set = json::object(), jm = json::object();
        for (const auto& [k, v] : r.settings) {
            csv << "," << v;
            md << " | " << v;
            js_set[k] = v;
        }
        for (const auto& n : names) {
            auto it = r.metrics.find(n);
            std::string t = it == r.metrics.end() ? "" : value_text(it->second);
            csv << "," << t;
            md << " | " << t;
            if (it != r.metrics.end()) jm[n] = it->second;
        }
        std::string status = r.ok ? "ok" : "FAILED: " + r.error;
        std::string csv_status = status;
        std::replace(csv_status.begin(), csv_status.end(), ',', ';');
        std::replace(csv_status.begin(), csv_status.end(), '\n', ' ');
        csv << "," << csv_status << "\n";
        std::string md_status = status;
        std::replace(md_status.begin(), md_status.end(), '|', '/');
        std::replace(md_status.begin(), md_status.end(), '\n', ' ');
        md << " | " << md_status << " |\n";
        jp["settings"] = js_set;
        jp["metrics"] = jm;
        jp["ok"] = r.ok;
        if (!r.ok) jp["error"] = r.error;
        jr.push_back(jp);
    }
    json ja = json::array();
    for (const auto& a : axes) ja.push_back({{"key", a.key}, {"values", a.values}});
    json doc = {{"format", "grace-sim-sweep"}, {"version", 1}, {"axes", ja}, {"points", jr}};
    js << doc.dump(1) << "\n";
}

std::vector<PointResult> read_sweep_results(const std::string& path, std::vector<SweepAxis>& axes) {
    std::ifstream f(path);
    if (!f) throw ConfigError(path + ": cannot read sweep results");
    json doc;
    try {
        doc = json::parse(f);
        axes.clear();
        for (const auto& a : doc.at("axes")) axes.push_back({a.at("key"), a.at("values")});
        std::vector<PointResult> rs;
        for (const auto& p : doc.at("points")) {
            PointResult r;
            r.index = p.at("point");
            for (const auto& a : axes) r.settings.push_back({a.key, p.at("settings").at(a.key)});
            for (auto it = p.at("metrics").begin(); it != p.at("metrics").end(); ++it) r.metrics[it.key()] = it.value();
            r.ok = p.at("ok");
            if (!r.ok) r.error = p.value("error", "");
            rs.push_back(std::move(r));
        }
        return rs;
    } catch (const json::exception& e) {
        throw ConfigError(path + ": not a grace-sim sweep result: " + e.what());
    }
}

}  // namespace platform
