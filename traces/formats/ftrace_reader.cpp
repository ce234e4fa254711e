// grace-sim: reader of Linux ftrace text with iommu:map / iommu:unmap events.
// Implements: a hand-written, bounds-checked line scanner (no regex: fast and never throws
// anything but TraceError); see ftrace_reader.h for the accepted variations.
#include "formats/ftrace_reader.h"

#include <fstream>
#include <istream>
#include <sstream>

#include "formats/number_text.h"

namespace traces {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

struct LineHead {
    std::string task;
    int pid = 0;
    unsigned cpu = 0;
    uint64_t timestamp_ns = 0;
    size_t name_pos = 0;     // start of the event name
    std::string name;        // without the trailing ':'
    size_t payload_pos = 0;  // first character after the name's ':' and the spaces
};

bool parse_digits_u64(const std::string& s, size_t first, size_t last, uint64_t& out) {
    if (first >= last) return false;
    uint64_t v = 0;
    for (size_t i = first; i < last; ++i) {
        if (!is_digit(s[i])) return false;
        const unsigned d = unsigned(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

// "SECONDS[.FRACTION]" -> ns (fraction digits beyond 9 are dropped). False on overflow.
bool parse_timestamp(const std::string& s, size_t first, size_t last, uint64_t& ns) {
    size_t dot = first;
    while (dot < last && s[dot] != '.') ++dot;
    uint64_t secs = 0;
    if (!parse_digits_u64(s, first, dot, secs)) return false;
    uint64_t frac = 0;
    if (dot < last) {
        if (dot + 1 >= last) return false;
        unsigned digits = 0;
        for (size_t i = dot + 1; i < last; ++i) {
            if (!is_digit(s[i])) return false;
            if (digits < 9) {
                frac = frac * 10 + unsigned(s[i] - '0');
                ++digits;
            }
        }
        for (; digits < 9; ++digits) frac *= 10;
    }
    constexpr uint64_t NS_PER_S = 1000000000ull;
    if (secs > (UINT64_MAX - frac) / NS_PER_S) return false;
    ns = secs * NS_PER_S + frac;
    return true;
}

// Recognises "TASK-PID [(TGID)] [CPU] [FLAGS] TIMESTAMP: NAME: ". False: not an event line.
bool parse_head(const std::string& s, LineHead& h) {
    // The CPU column: " [digits]" followed by a space or the end.
    size_t br = std::string::npos;
    for (size_t i = 1; i < s.size(); ++i) {
        if (s[i] != '[' || !is_space(s[i - 1])) continue;
        size_t j = i + 1;
        while (j < s.size() && is_digit(s[j])) ++j;
        if (j == i + 1 || j >= s.size() || s[j] != ']' || j - i - 1 > 6) continue;
        if (j + 1 < s.size() && !is_space(s[j + 1])) continue;
        br = i;
        break;
    }
    if (br == std::string::npos) return false;
    size_t close = s.find(']', br);
    uint64_t cpu = 0;
    if (!parse_digits_u64(s, br + 1, close, cpu)) return false;
    h.cpu = unsigned(cpu);

    // TASK-PID, possibly followed by a "(TGID)" column.
    size_t b = 0;
    while (b < br && is_space(s[b])) ++b;
    size_t e = br;
    while (e > b && is_space(s[e - 1])) --e;
    if (e > b && s[e - 1] == ')') {
        const size_t open = s.rfind('(', e - 1);
        if (open == std::string::npos || open < b) return false;
        e = open;
        while (e > b && is_space(s[e - 1])) --e;
    }
    if (e <= b) return false;
    const size_t dash = s.rfind('-', e - 1);
    if (dash == std::string::npos || dash < b || dash + 1 >= e) return false;
    uint64_t pid = 0;
    if (e - dash - 1 > 9 || !parse_digits_u64(s, dash + 1, e, pid)) return false;
    h.pid = int(pid);
    h.task = s.substr(b, dash - b);

    // Optional flags token(s), then "TIMESTAMP:".
    size_t p = close + 1;
    bool have_ts = false;
    for (int tok = 0; tok < 3 && !have_ts; ++tok) {
        while (p < s.size() && is_space(s[p])) ++p;
        size_t q = p;
        while (q < s.size() && !is_space(s[q])) ++q;
        if (q == p) return false;
        if (s[q - 1] == ':' && parse_timestamp(s, p, q - 1, h.timestamp_ns)) have_ts = true;
        p = q;
    }
    if (!have_ts) return false;

    // "NAME:" (the name itself may contain ':', as in "iommu:map:").
    while (p < s.size() && is_space(s[p])) ++p;
    size_t q = p;
    while (q < s.size() && !is_space(s[q])) ++q;
    if (q - p < 2 || s[q - 1] != ':') return false;
    h.name_pos = p;
    h.name = s.substr(p, q - p - 1);
    while (q < s.size() && is_space(s[q])) ++q;
    h.payload_pos = q;
    return true;
}

class PayloadParser {
public:
    PayloadParser(const std::string& file, int line, const std::string& s)
        : m_file(file), m_line(line), m_s(s) {}

    [[noreturn]] void fail(size_t pos, const std::string& reason) const {
        throw TraceError(m_file, m_line, int(pos) + 1, reason);
    }

    void parse(size_t pos, FtraceEvent& ev) {
        const bool map = ev.kind == FtraceKind::MAP;
        const char* what = map ? "map" : "unmap";
        bool has_iova = false, has_end = false, has_paddr = false, has_size = false,
             has_unmapped = false;
        std::string last_key;
        size_t p = pos;
        while (true) {
            while (p < m_s.size() && is_space(m_s[p])) ++p;
            if (p >= m_s.size()) break;
            size_t q = p;
            while (q < m_s.size() && !is_space(m_s[q])) ++q;
            const std::string tok = m_s.substr(p, q - p);
            if (tok == "IOMMU:") {
                // prefix of the event's print format
            } else if (tok == "-") {
                if (last_key != "iova" || has_end) fail(p, std::string(what) + ": unexpected '-'");
                size_t r = q;
                while (r < m_s.size() && is_space(m_s[r])) ++r;
                size_t t = r;
                while (t < m_s.size() && !is_space(m_s[t])) ++t;
                if (!parse_u64_text(m_s.data() + r, m_s.data() + t, ev.iova_end)) {
                    fail(r, std::string(what) + ": invalid iova range end");
                }
                has_end = true;
                q = t;
            } else {
                const size_t eq = tok.find('=');
                if (eq == std::string::npos || eq == 0) {
                    fail(p, std::string(what) + ": unexpected token '" + tok + "'");
                }
                const std::string key = tok.substr(0, eq);
                uint64_t v = 0;
                const bool known = key == "iova" || key == "paddr" || key == "size" ||
                                   key == "unmapped_size";
                if (known && !parse_u64_text(tok.data() + eq + 1, tok.data() + tok.size(), v)) {
                    fail(p + eq + 1, std::string(what) + ": invalid number in '" + tok + "'");
                }
                if (key == "iova") {
                    ev.iova = v;
                    has_iova = true;
                } else if (key == "paddr") {
                    ev.paddr = v;
                    has_paddr = true;
                } else if (key == "size") {
                    ev.size = v;
                    has_size = true;
                } else if (key == "unmapped_size") {
                    ev.unmapped_size = v;
                    has_unmapped = true;
                }  // other keys: ignored (newer kernels may add fields)
                last_key = key;
            }
            p = q;
        }
        const char* missing = nullptr;
        if (!has_iova) missing = "iova";
        else if (!has_size) missing = "size";
        else if (map && !has_paddr) missing = "paddr";
        else if (!map && !has_unmapped) missing = "unmapped_size";
        if (missing) fail(pos, std::string(what) + ": missing '" + missing + "='");
        if (!has_end) {
            ev.iova_end = ev.iova + ev.size < ev.iova ? UINT64_MAX : ev.iova + ev.size;
        }
    }

private:
    const std::string& m_file;
    int m_line;
    const std::string& m_s;
};

void count_lost(const std::string& s, FtraceTrace& t) {
    const size_t pos = s.find("[LOST ");
    if (pos == std::string::npos) return;
    size_t p = pos + 6, q = p;
    while (q < s.size() && is_digit(s[q])) ++q;
    uint64_t n = 0;
    if (parse_digits_u64(s, p, q, n) && t.lost_events <= UINT64_MAX - n) t.lost_events += n;
}

}  // namespace

uint64_t FtraceTrace::map_count() const {
    uint64_t n = 0;
    for (const auto& e : events) n += e.kind == FtraceKind::MAP;
    return n;
}

uint64_t FtraceTrace::unmap_count() const { return events.size() - map_count(); }

FtraceTrace read_ftrace(std::istream& in, const std::string& name) {
    FtraceTrace trace;
    std::string s;
    int line_no = 0;
    LineHead h;
    while (std::getline(in, s)) {
        ++line_no;
        if (!s.empty() && s.back() == '\r') s.pop_back();
        size_t p = 0;
        while (p < s.size() && is_space(s[p])) ++p;
        if (p == s.size() || s[p] == '#') {
            ++trace.comment_lines;
            continue;
        }
        if (!parse_head(s, h)) {
            if (s.find("IOMMU: iova=") != std::string::npos) {
                throw TraceError(name, line_no, int(p) + 1,
                                 "malformed event line: expected 'TASK-PID [CPU] FLAGS "
                                 "TIMESTAMP: EVENT: ...'");
            }
            count_lost(s, trace);
            ++trace.other_lines;
            continue;
        }
        std::string ev_name = h.name;
        if (ev_name.compare(0, 6, "iommu:") == 0) ev_name.erase(0, 6);
        if (ev_name != "map" && ev_name != "unmap") {
            ++trace.unknown_events[h.name];
            continue;
        }
        FtraceEvent ev;
        ev.line = line_no;
        ev.task = h.task;
        ev.pid = h.pid;
        ev.cpu = h.cpu;
        ev.timestamp_ns = h.timestamp_ns;
        ev.kind = ev_name == "map" ? FtraceKind::MAP : FtraceKind::UNMAP;
        PayloadParser(name, line_no, s).parse(h.payload_pos, ev);
        if (ev.cpu > trace.max_cpu) trace.max_cpu = ev.cpu;
        trace.events.push_back(std::move(ev));
    }
    return trace;
}

FtraceTrace read_ftrace_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, 0, 0, "cannot open file");
    return read_ftrace(in, path);
}

FtraceTrace read_ftrace_string(const std::string& text, const std::string& name) {
    std::istringstream in(text);
    return read_ftrace(in, name);
}

}  // namespace traces
