// grace-sim: INI reader with locations. "[section]" headers, "key = value" lines,
// "#" or ";" comments (whole line, or after whitespace at the end of a value), blank lines.
// Key "k" in section "[s]" is "s.k"; nested sections use dots ("[smmu.tlb]"). Any other line
// is a syntax error reported as file:line. Values keep inner spaces; surrounding quotes
// ("...") are removed.
#pragma once
#include <string>
#include <vector>

namespace platform {

struct IniEntry {
    std::string key;
    std::string value;
    std::string file;
    int line = 0;
};

// Throws ConfigError ("FILE:LINE: ...") on a syntax error or an unreadable file.
std::vector<IniEntry> read_ini_file(const std::string& path);
std::vector<IniEntry> parse_ini(const std::string& text, const std::string& file_name);

}  // namespace platform
