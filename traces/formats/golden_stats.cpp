// grace-sim: golden statistics tolerance files (read, write, compare).
#include "formats/golden_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace traces {

namespace {

using json = nlohmann::ordered_json;  // keeps the file's order

// Line and column (1-based) of the first `"key"` in `text` (1, 1 when not found).
void locate(const std::string& text, const std::string& key, int& line, int& col) {
    const size_t pos = text.find("\"" + key + "\"");
    line = 1;
    col = 1;
    if (pos == std::string::npos) return;
    size_t bol = 0;
    for (size_t i = 0; i < pos; ++i) {
        if (text[i] == '\n') {
            ++line;
            bol = i + 1;
        }
    }
    col = int(pos - bol) + 1;
}

// "[json.exception.parse_error.101] parse error at line 3, column 7: reason" -> 3, 7, reason
void parse_error_position(const std::string& what, int& line, int& col, std::string& reason) {
    line = 1;
    col = 1;
    reason = what;
    unsigned l = 0, c = 0;
    const size_t at = what.find("at line ");
    if (at != std::string::npos &&
        std::sscanf(what.c_str() + at, "at line %u, column %u", &l, &c) == 2) {
        line = int(l);
        col = int(c);
    }
    const size_t colon = what.find(": ", at == std::string::npos ? 0 : at);
    if (colon != std::string::npos) reason = what.substr(colon + 2);
}

}  // namespace

std::vector<GoldenStat> read_golden_stats(std::istream& in, const std::string& name) {
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json doc;
    try {
        doc = json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        int line, col;
        std::string reason;
        parse_error_position(e.what(), line, col, reason);
        throw TraceError(name, line, col, "invalid JSON: " + reason);
    }
    if (!doc.is_object()) throw TraceError(name, 1, 1, "golden statistics must be a JSON object");
    std::vector<GoldenStat> out;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '_') continue;  // comment
        int line, col;
        locate(text, key, line, col);
        auto fail = [&](const std::string& reason) {
            throw TraceError(name, line, col, "statistic '" + key + "': " + reason);
        };
        if (!it->is_object()) fail("expected an object {\"value\": N, ...}");
        GoldenStat s;
        s.name = key;
        s.line = line;
        bool has_value = false;
        for (auto f = it->begin(); f != it->end(); ++f) {
            if (!f->is_number()) fail("field '" + f.key() + "' must be a number");
            const double v = f->get<double>();
            if (!std::isfinite(v)) fail("field '" + f.key() + "' must be finite");
            if (f.key() == "value") {
                s.value = v;
                has_value = true;
            } else if (f.key() == "rel_tol" || f.key() == "abs_tol") {
                if (v < 0) fail("field '" + f.key() + "' must not be negative");
                (f.key() == "rel_tol" ? s.rel_tol : s.abs_tol) = v;
            } else {
                fail("unknown field '" + f.key() + "'");
            }
        }
        if (!has_value) fail("missing field 'value'");
        out.push_back(s);
    }
    return out;
}

std::vector<GoldenStat> read_golden_stats_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, 0, 0, "cannot open file");
    return read_golden_stats(in, path);
}

void write_golden_stats(std::ostream& out, const std::vector<GoldenStat>& stats) {
    out << "{\n";
    for (size_t i = 0; i < stats.size(); ++i) {
        const GoldenStat& s = stats[i];
        out << "  " << json(s.name).dump() << ": {\"value\": " << json(s.value).dump();
        if (s.rel_tol != 0) out << ", \"rel_tol\": " << json(s.rel_tol).dump();
        if (s.abs_tol != 0) out << ", \"abs_tol\": " << json(s.abs_tol).dump();
        out << "}" << (i + 1 < stats.size() ? "," : "") << "\n";
    }
    out << "}\n";
}

double golden_allowed_deviation(const GoldenStat& s) {
    return std::max(s.abs_tol, s.rel_tol * std::fabs(s.value));
}

bool golden_within(const GoldenStat& s, double actual) {
    return std::fabs(actual - s.value) <= golden_allowed_deviation(s);
}

std::vector<GoldenMismatch> compare_golden(const std::vector<GoldenStat>& golden,
                                           const std::map<std::string, double>& actual) {
    std::vector<GoldenMismatch> out;
    for (const auto& s : golden) {
        const auto it = actual.find(s.name);
        GoldenMismatch m;
        m.name = s.name;
        m.expected = s.value;
        m.allowed = golden_allowed_deviation(s);
        if (it == actual.end()) {
            m.missing = true;
            out.push_back(m);
        } else if (!golden_within(s, it->second)) {
            m.actual = it->second;
            out.push_back(m);
        }
    }
    return out;
}

}  // namespace traces
