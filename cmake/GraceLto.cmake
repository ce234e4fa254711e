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

# Calls into the shared libraries (SystemC's kernel queries and event notifications, several
# per simulated command) go through the GOT instead of a PLT stub: one indirect jump fewer per
# call; those symbols are bound at start-up instead of at first call (sweep points are forked
# from a started process, so a sweep pays that once). 6 % less host time per 1-page unmap,
# 2.6 % on the seed table (docs/performance.md).
if(CMAKE_BUILD_TYPE STREQUAL "Release" AND NOT GRACE_SANITIZE)
  add_compile_options(-fno-plt)
endif()
