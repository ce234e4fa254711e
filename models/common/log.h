// grace-sim: logging facade. A line looks like
//   [I 1.234567 us] platform.smmu0: CMDQ error CERROR_ILL at CONS=0x5
// Levels are settable per module from configuration (log.level = warn,
// log.modules = platform.smmu0=debug,platform.cmdqv0=trace). The time comes from a
// source the platform installs (sc_time_stamp); pure cores never read time themselves.
#pragma once
#include <cstdarg>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>

namespace gsim {

enum class LogLevel : uint8_t { OFF = 0, ERROR, WARN, INFO, DEBUG, TRACE };

// Parses "off|error|warn|info|debug|trace"; returns false on anything else.
bool parse_log_level(const std::string& s, LogLevel& out);
const char* log_level_name(LogLevel l);

class LogConfig {
public:
    static LogConfig& instance();

    void set_default_level(LogLevel l) { m_default = l; ++m_generation; }
    // Level for every module whose name equals prefix or starts with "prefix.".
    void set_module_level(const std::string& prefix, LogLevel l) {
        m_modules[prefix] = l;
        ++m_generation;
    }
    // "mod=level,mod2=level"; returns an error message or "" on success.
    std::string parse_module_levels(const std::string& spec);
    LogLevel level_for(const std::string& module) const;
    void set_time_source(std::function<std::string()> f) { m_time = std::move(f); }
    void set_stream(std::ostream* os) { m_os = os; }
    void reset();

    void emit(LogLevel l, const std::string& module, const char* fmt, va_list ap);
    uint64_t generation() const { return m_generation; }
    uint64_t errors() const { return m_errors; }
    uint64_t warnings() const { return m_warnings; }

private:
    LogConfig();
    LogLevel m_default = LogLevel::WARN;
    std::map<std::string, LogLevel> m_modules;
    std::function<std::string()> m_time;
    std::ostream* m_os;
    uint64_t m_generation = 1;
    uint64_t m_errors = 0, m_warnings = 0;
};

// A per-module logger; cheap to test for enabled levels.
class Logger {
public:
    explicit Logger(std::string module = "") : m_module(std::move(module)) {}
    void set_name(std::string module) {
        m_module = std::move(module);
        m_gen = 0;
    }
    const std::string& name() const { return m_module; }
    bool enabled(LogLevel l) const {
        auto& cfg = LogConfig::instance();
        if (m_gen != cfg.generation()) {
            m_level = cfg.level_for(m_module);
            m_gen = cfg.generation();
        }
        return l <= m_level;
    }
    void error(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
    void warn(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
    void info(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
    void debug(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
    void trace(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
    // Logs once per Logger and key at WARN with an "UNIMP" tag (unimplemented or
    // UNPREDICTABLE behaviour); returns true the first time.
    bool unimp_once(const std::string& key, const char* what) const;

private:
    std::string m_module;
    mutable LogLevel m_level = LogLevel::WARN;
    mutable uint64_t m_gen = 0;
    mutable std::map<std::string, bool> m_unimp_seen;
};

}  // namespace gsim
