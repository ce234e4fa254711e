#include "ini.h"

#include <fstream>
#include <sstream>

#include "config_error.h"

namespace platform {

static std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

static bool valid_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!(isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
    }
    return s.front() != '.' && s.back() != '.';
}

std::vector<IniEntry> parse_ini(const std::string& text, const std::string& file) {
    std::vector<IniEntry> out;
    std::istringstream in(text);
    std::string raw, section;
    int lineno = 0;
    auto err = [&](const std::string& what) {
        return ConfigError(file + ":" + std::to_string(lineno) + ": " + what);
    };
    while (std::getline(in, raw)) {
        ++lineno;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line[0] == '[') {
            if (line.back() != ']') throw err("section header must end with ']': '" + line + "'");
            section = trim(line.substr(1, line.size() - 2));
            if (!valid_name(section)) throw err("invalid section name '" + section + "'");
            continue;
        }
        size_t eq = line.find('=');
        if (eq == std::string::npos) throw err("expected 'key = value', got '" + line + "'");
        std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        if (!valid_name(key)) throw err("invalid key '" + key + "'");
        // Inline comment: whitespace followed by # or ;
        for (size_t i = 1; i < value.size(); ++i) {
            if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
                value = trim(value.substr(0, i));
                break;
            }
        }
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        if (section.empty()) throw err("key '" + key + "' outside any [section]");
        out.push_back({section + "." + key, value, file, lineno});
    }
    return out;
}

std::vector<IniEntry> read_ini_file(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw ConfigError(path + ": cannot open configuration file");
    std::stringstream ss;
    ss << f.rdbuf();
    return parse_ini(ss.str(), path);
}

}  // namespace platform
