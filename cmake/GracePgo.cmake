# Profile-guided optimisation of Release builds (GRACE_PGO), driven by scripts/build.sh:
#   GENERATE  an instrumented build (its own build tree) that writes edge counts to GRACE_PGO_DIR
#             when the training runs (scripts/pgo-train.sh) exit;
#   USE       the real build, compiled with those counts;
#   OFF       (default for a plain `cmake`) neither.
# Why: the simulator's host time is bound by instruction fetch, not by the instructions it
# retires. A 1-page map + unmap executes ~30 KB of code scattered over ~650 KB of text, and
# cachegrind's 32 KiB 8-way I1 model misses ~150 lines per unmap on it (docs/performance.md,
# ninth round). With the counts, GCC lays hot code out together, moves cold blocks out of hot
# functions and inlines along the paths that run: 9-25 % less host time per dma-bench cell and
# 21 % on the seed table, every output byte-identical (the counts change code layout and
# inlining, never the result: no floating-point contraction or reassociation comes with them).
#
# The two trees compile the same sources with the same options but for the instrumentation, and
# -fprofile-prefix-path names each count file after its object's path below the build tree, so
# the USE tree finds the GENERATE tree's counts. Code the training never ran (other paths,
# error handling, the tools) keeps its normal optimisation (-fprofile-partial-training).
set(GRACE_PGO "OFF" CACHE STRING "Profile-guided optimisation stage: OFF, GENERATE or USE")
set_property(CACHE GRACE_PGO PROPERTY STRINGS OFF GENERATE USE)
set(GRACE_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH "Where the edge counts are written and read")

if(NOT GRACE_PGO STREQUAL "OFF")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 11)
    message(FATAL_ERROR "GRACE_PGO=${GRACE_PGO} needs GCC 11 or later (-fprofile-prefix-path)")
  endif()
  if(NOT CMAKE_BUILD_TYPE STREQUAL "Release" OR GRACE_SANITIZE)
    message(FATAL_ERROR "GRACE_PGO=${GRACE_PGO} is for Release builds without sanitizers")
  endif()
  set(_grace_pgo_prefix "-fprofile-prefix-path=${CMAKE_BINARY_DIR}")
  if(GRACE_PGO STREQUAL "GENERATE")
    # One thread of execution (SystemC processes are coroutines): plain counter updates.
    add_compile_options(-fprofile-generate=${GRACE_PGO_DIR} ${_grace_pgo_prefix} -fprofile-update=single)
    add_link_options(-fprofile-generate=${GRACE_PGO_DIR})
  elseif(GRACE_PGO STREQUAL "USE")
    # Test sources have no counts (the training runs the simulator only): not a warning. A
    # source edited after the training keeps its profile where it still matches: not a
    # warning either (scripts/build.sh retrains when the instrumented binary changes).
    # -Wstringop-overread: value profiling specialises memcpy for the sizes the training saw
    # (32-byte commands); inlined into an 8-byte store, GCC warns about the specialised copy
    # on a path it cannot rule out but that never runs. The same sources are compiled without
    # profiles, warnings as errors, in CI's sanitizer and assertion builds.
    add_compile_options(-fprofile-use=${GRACE_PGO_DIR} ${_grace_pgo_prefix}
                        -fprofile-partial-training -Wno-missing-profile -Wno-coverage-mismatch
                        -Wno-stringop-overread)
    # (Link-time optimisation emits that warning at link time.)
    add_link_options(-Wno-stringop-overread)
  else()
    message(FATAL_ERROR "GRACE_PGO must be OFF, GENERATE or USE (got '${GRACE_PGO}')")
  endif()
endif()
