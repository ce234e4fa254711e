// grace-sim: a configuration or input error: reported as "grace-sim: error: <what>", exit 2.
#pragma once
#include <stdexcept>
#include <string>

namespace platform {

class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace platform
