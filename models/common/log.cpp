#include "log.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>

namespace gsim {

static const char* const kNames[] = {"off", "error", "warn", "info", "debug", "trace"};

bool parse_log_level(const std::string& s, LogLevel& out) {
    for (int i = 0; i < 6; ++i) {
        if (s == kNames[i]) {
            out = static_cast<LogLevel>(i);
            return true;
        }
    }
    return false;
}

const char* log_level_name(LogLevel l) { return kNames[static_cast<int>(l)]; }

LogConfig::LogConfig() : m_os(&std::cerr) {}

LogConfig& LogConfig::instance() {
    static LogConfig cfg;
    return cfg;
}

void LogConfig::reset() {
    m_default = LogLevel::WARN;
    m_modules.clear();
    m_time = nullptr;
    m_os = &std::cerr;
    m_errors = m_warnings = 0;
    ++m_generation;
}

std::string LogConfig::parse_module_levels(const std::string& spec) {
    std::stringstream ss(spec);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty()) continue;
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            return "expected module=level, got '" + item + "'";
        }
        LogLevel l;
        std::string lvl = item.substr(eq + 1);
        if (!parse_log_level(lvl, l)) {
            return "unknown log level '" + lvl + "' (off|error|warn|info|debug|trace)";
        }
        set_module_level(item.substr(0, eq), l);
    }
    return "";
}

LogLevel LogConfig::level_for(const std::string& module) const {
    // Longest matching prefix wins.
    LogLevel best = m_default;
    size_t best_len = 0;
    for (const auto& [prefix, lvl] : m_modules) {
        bool match = module == prefix ||
                     (module.size() > prefix.size() && module.compare(0, prefix.size(), prefix) == 0 &&
                      module[prefix.size()] == '.');
        if (match && prefix.size() >= best_len) {
            best = lvl;
            best_len = prefix.size();
        }
    }
    return best;
}

void LogConfig::emit(LogLevel l, const std::string& module, const char* fmt, va_list ap) {
    if (l == LogLevel::ERROR) ++m_errors;
    if (l == LogLevel::WARN) ++m_warnings;
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    static const char kTag[] = {'-', 'E', 'W', 'I', 'D', 'T'};
    std::string t = m_time ? m_time() : std::string("-");
    (*m_os) << '[' << kTag[static_cast<int>(l)] << ' ' << t << "] " << module << ": " << buf << '\n';
}

#define GSIM_LOG_IMPL(NAME, LEVEL)                                \
    void Logger::NAME(const char* fmt, ...) const {               \
        if (!enabled(LEVEL)) {                                    \
            if (LEVEL == LogLevel::ERROR) {                       \
                /* errors are always counted */                   \
            }                                                     \
            return;                                               \
        }                                                         \
        va_list ap;                                               \
        va_start(ap, fmt);                                        \
        LogConfig::instance().emit(LEVEL, m_module, fmt, ap);     \
        va_end(ap);                                               \
    }
GSIM_LOG_IMPL(error, LogLevel::ERROR)
GSIM_LOG_IMPL(warn, LogLevel::WARN)
GSIM_LOG_IMPL(info, LogLevel::INFO)
GSIM_LOG_IMPL(debug, LogLevel::DEBUG)
GSIM_LOG_IMPL(trace, LogLevel::TRACE)
#undef GSIM_LOG_IMPL

bool Logger::unimp_once(const std::string& key, const char* what) const {
    if (m_unimp_seen[key]) return false;
    m_unimp_seen[key] = true;
    warn("UNIMP %s", what);
    return true;
}

}  // namespace gsim
