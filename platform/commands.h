// grace-sim: the subcommands of the executable.
#pragma once
#include <vector>

#include "cli.h"

namespace platform {

std::vector<CommandSpec> all_commands();

}  // namespace platform
