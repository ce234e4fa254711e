# Warning flags for every grace-sim target; GRACE_WERROR=ON (CI) turns them into errors.
option(GRACE_WERROR "Treat warnings as errors" OFF)
add_library(grace_warnings INTERFACE)
target_compile_options(grace_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Woverloaded-virtual
  -Wno-unused-parameter)
if(GRACE_WERROR)
  target_compile_options(grace_warnings INTERFACE -Werror)
endif()
