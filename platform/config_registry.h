// grace-sim: every configuration parameter of a simulation, collected through the blocks'
// visit() methods (gsim::ParamVisitor), with its default, help text, unit and provenance.
// Converts text to typed values with range checks and formats values back, so that
// --dump-config output read with -c reproduces a run exactly.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/params.h"

namespace platform {

struct ConfigEntry {
    enum class Kind { U64, F64, FLAG, STR, CHOICE };
    std::string key;
    Kind kind;
    void* ptr;
    gsim::Param param;
    std::vector<std::string> choices;
    std::string default_text;
    std::string unit, help, source;  // owned copies of param strings
};

class ConfigRegistry : public gsim::ParamVisitor {
public:
    // Collect the entries of `root` (anything with visit(ParamVisitor&)).
    template <typename T>
    explicit ConfigRegistry(T& root) {
        root.visit(*this);
    }

    const std::vector<ConfigEntry>& entries() const { return m_entries; }
    const ConfigEntry* find(const std::string& key) const;

    // Sets entry `key` from text. Returns "" or an error ("expected ..., got '...'").
    std::string assign(const std::string& key, const std::string& text);
    std::string current_text(const ConfigEntry& e) const;
    // Keys whose current value differs from the default, in registry order.
    std::vector<const ConfigEntry*> non_default() const;
    // The whole configuration as INI; with annotate, each key is preceded by its help,
    // unit, range and provenance as comments.
    std::string dump_ini(bool annotate) const;

    void u64(const char* key, uint64_t& v, const gsim::Param& p) override;
    void f64(const char* key, double& v, const gsim::Param& p) override;
    void flag(const char* key, bool& v, const gsim::Param& p) override;
    void str(const char* key, std::string& v, const gsim::Param& p) override;
    void choice(const char* key, std::string& v, std::vector<std::string> choices,
                const gsim::Param& p) override;

private:
    void add(const char* key, ConfigEntry::Kind kind, void* ptr, const gsim::Param& p,
             std::vector<std::string> choices = {});
    std::vector<ConfigEntry> m_entries;
    std::map<std::string, size_t> m_index;
};

// Number parsing shared by the configuration and the trace readers: decimal or 0x-hex,
// optional '_' digit separators. Returns false on anything else or overflow.
bool parse_u64(const std::string& text, uint64_t& out);
bool parse_f64(const std::string& text, double& out);
bool parse_bool(const std::string& text, bool& out);

}  // namespace platform
