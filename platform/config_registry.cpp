#include "config_registry.h"

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace platform {

bool parse_u64(const std::string& text, uint64_t& out) {
    std::string s;
    for (char c : text) {
        if (c != '_') s += c;
    }
    if (s.empty() || text.front() == '_' || text.back() == '_') return false;
    int base = 10;
    size_t i = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    uint64_t v = 0;
    for (; i < s.size(); ++i) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9') {
            d = unsigned(c - '0');
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            d = unsigned(c - 'a' + 10);
        } else if (base == 16 && c >= 'A' && c <= 'F') {
            d = unsigned(c - 'A' + 10);
        } else {
            return false;
        }
        if (v > (~uint64_t{0} - d) / unsigned(base)) return false;
        v = v * unsigned(base) + d;
    }
    out = v;
    return true;
}

bool parse_f64(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (errno || end != text.c_str() + text.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

bool parse_bool(const std::string& t, bool& out) {
    if (t == "true" || t == "1" || t == "yes" || t == "on") {
        out = true;
        return true;
    }
    if (t == "false" || t == "0" || t == "no" || t == "off") {
        out = false;
        return true;
    }
    return false;
}

static std::string format_u64(uint64_t v, const gsim::Param& p) {
    std::string unit = p.unit;
    if ((unit == "address" || unit == "bytes" || unit == "mask" || unit == "register") && v >= 0x10000) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
        return buf;
    }
    return std::to_string(v);
}

static std::string format_f64(double v) {
    // Shortest text that reads back as the same double (std::to_chars round-trip form).
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void ConfigRegistry::add(const char* key, ConfigEntry::Kind kind, void* ptr, const gsim::Param& p,
                         std::vector<std::string> choices) {
    if (m_index.count(key)) throw std::logic_error(std::string("duplicate configuration key ") + key);
    ConfigEntry e;
    e.key = key;
    e.kind = kind;
    e.ptr = ptr;
    e.param = p;
    e.unit = p.unit;
    e.help = p.help;
    e.source = p.source;
    e.choices = std::move(choices);
    m_index[e.key] = m_entries.size();
    m_entries.push_back(std::move(e));
    m_entries.back().default_text = current_text(m_entries.back());
}

void ConfigRegistry::u64(const char* key, uint64_t& v, const gsim::Param& p) { add(key, ConfigEntry::Kind::U64, &v, p); }
void ConfigRegistry::f64(const char* key, double& v, const gsim::Param& p) { add(key, ConfigEntry::Kind::F64, &v, p); }
void ConfigRegistry::flag(const char* key, bool& v, const gsim::Param& p) { add(key, ConfigEntry::Kind::FLAG, &v, p); }
void ConfigRegistry::str(const char* key, std::string& v, const gsim::Param& p) { add(key, ConfigEntry::Kind::STR, &v, p); }
void ConfigRegistry::choice(const char* key, std::string& v, std::vector<std::string> c,
                            const gsim::Param& p) {
    add(key, ConfigEntry::Kind::CHOICE, &v, p, std::move(c));
}

const ConfigEntry* ConfigRegistry::find(const std::string& key) const {
    auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

std::string ConfigRegistry::current_text(const ConfigEntry& e) const {
    switch (e.kind) {
        case ConfigEntry::Kind::U64: return format_u64(*static_cast<uint64_t*>(e.ptr), e.param);
        case ConfigEntry::Kind::F64: return format_f64(*static_cast<double*>(e.ptr));
        case ConfigEntry::Kind::FLAG: return *static_cast<bool*>(e.ptr) ? "true" : "false";
        case ConfigEntry::Kind::STR:
        case ConfigEntry::Kind::CHOICE: return *static_cast<std::string*>(e.ptr);
    }
    return "";
}

std::string ConfigRegistry::assign(const std::string& key, const std::string& text) {
    auto it = m_index.find(key);
    if (it == m_index.end()) return "unknown option '" + key + "'";
    const ConfigEntry& e = m_entries[it->second];
    switch (e.kind) {
        case ConfigEntry::Kind::U64: {
            uint64_t v;
            if (!parse_u64(text, v)) {
                return "expected an unsigned integer (decimal or 0x-hex) for '" + key + "', got '" +
                       text + "'";
            }
            if (v < e.param.min || v > e.param.max) {
                return "value " + text + " for '" + key + "' is out of range [" +
                       format_u64(e.param.min, e.param) + ", " + format_u64(e.param.max, e.param) + "]";
            }
            *static_cast<uint64_t*>(e.ptr) = v;
            return "";
        }
        case ConfigEntry::Kind::F64: {
            double v;
            if (!parse_f64(text, v)) return "expected a number for '" + key + "', got '" + text + "'";
            if (v < double(e.param.min) ||
                (e.param.max != ~uint64_t{0} && v > double(e.param.max))) {
                return "value " + text + " for '" + key + "' is out of range [" +
                       std::to_string(e.param.min) + ", " + std::to_string(e.param.max) + "]";
            }
            *static_cast<double*>(e.ptr) = v;
            return "";
        }
        case ConfigEntry::Kind::FLAG: {
            bool v;
            if (!parse_bool(text, v)) {
                return "expected true/false for '" + key + "', got '" + text + "'";
            }
            *static_cast<bool*>(e.ptr) = v;
            return "";
        }
        case ConfigEntry::Kind::STR: *static_cast<std::string*>(e.ptr) = text; return "";
        case ConfigEntry::Kind::CHOICE: {
            for (const auto& c : e.choices) {
                if (c == text) {
                    *static_cast<std::string*>(e.ptr) = text;
                    return "";
                }
            }
            std::string list;
            for (const auto& c : e.choices) list += (list.empty() ? "" : "|") + c;
            return "expected one of " + list + " for '" + key + "', got '" + text + "'";
        }
    }
    return "internal error";
}

std::vector<const ConfigEntry*> ConfigRegistry::non_default() const {
    std::vector<const ConfigEntry*> out;
    for (const auto& e : m_entries) {
        if (current_text(e) != e.default_text) out.push_back(&e);
    }
    return out;
}

std::string ConfigRegistry::dump_ini(bool annotate) const {
    std::ostringstream os;
    std::string section;
    for (const auto& e : m_entries) {
        size_t dot = e.key.rfind('.');
        std::string sec = e.key.substr(0, dot);
        std::string name = e.key.substr(dot + 1);
        if (sec != section) {
            os << (section.empty() ? "" : "\n") << "[" << sec << "]\n";
            section = sec;
        }
        if (annotate) {
            os << "# " << e.help;
            if (!e.unit.empty()) os << " (" << e.unit << ")";
            os << "\n";
            if (e.kind == ConfigEntry::Kind::CHOICE) {
                std::string list;
                for (const auto& c : e.choices) list += (list.empty() ? "" : " | ") + c;
                os << "#   one of: " << list << "\n";
            } else if (e.kind == ConfigEntry::Kind::U64 &&
                       (e.param.min != 0 || e.param.max != ~uint64_t{0})) {
                os << "#   range: " << format_u64(e.param.min, e.param) << " .. "
                   << format_u64(e.param.max, e.param) << "\n";
            }
            if (!e.source.empty()) os << "#   source: " << e.source << "\n";
        }
        os << name << " = " << current_text(e) << "\n";
    }
    return os.str();
}

}  // namespace platform
