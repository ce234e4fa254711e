# Link-time optimisation for Release builds (GRACE_LTO, default ON where the toolchain supports
# it; off with the sanitizers). The simulator's hot paths cross translation units (agent ports,
# Cpu, the models' cores behind virtual MemPorts); LTO lets them inline: about 8 % more
# simulated commands per host second (docs/performance.md).
option(GRACE_LTO "Link-time optimisation in Release builds" ON)
if(GRACE_LTO AND CMAKE_BUILD_TYPE STREQUAL "Release" AND NOT GRACE_SANITIZE)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT _grace_ipo OUTPUT _grace_ipo_out LANGUAGES CXX)
  if(_grace_ipo)
    set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
    # Parallel LTRANS jobs follow make's jobserver.
    add_link_options(-flto=auto)
  else()
    message(STATUS "grace-sim: LTO not supported here: ${_grace_ipo_out}")
  endif()
endif()
