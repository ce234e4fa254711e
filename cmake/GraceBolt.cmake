# Post-link code layout of grace-sim with BOLT (GRACE_BOLT), after profile-guided compilation.
#   AUTO (default)  on when GRACE_PGO=USE and LLVM's BOLT is installed (Debian: bolt-16,
#                   libbolt-16-dev; scripts/setup.sh installs them), off otherwise;
#   ON              the same, but a missing BOLT is an error;
#   OFF             never.
# Why: the simulator's host time is bound by instruction fetch. Profile-guided compilation lays
# out each function for its hot path, but where functions land relative to each other is left
# to the linker: a change anywhere moves the hot code of a loop onto other L1i sets, and a
# loop whose hot code nearly fills the 32 KiB cache then thrashes a few overloaded sets (the
# eleventh round of docs/performance.md: one change tripled a cell's simulated L1i misses and
# cost it 12 % of its speed without touching its code). BOLT rewrites the linked binary from
# an execution profile: hot blocks of all functions packed together, functions ordered by
# their calls, cold blocks split off. The profile comes from the training runs of the
# profile-guided build (scripts/pgo-train.sh) on a BOLT-instrumented copy; the rewrite moves
# code only (every output byte-identical).
# How: grace-sim is linked with its relocations kept (--emit-relocs, so that BOLT may move
# functions) and a post-build step (scripts/bolt-layout.sh) instruments, trains and rewrites
# it in place, each time it is linked.
set(GRACE_BOLT "AUTO" CACHE STRING "Post-link layout of grace-sim with BOLT: AUTO, ON or OFF")
set_property(CACHE GRACE_BOLT PROPERTY STRINGS AUTO ON OFF)
set(GRACE_BOLT_ENABLED OFF)
if(NOT GRACE_BOLT MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "GRACE_BOLT must be AUTO, ON or OFF (got '${GRACE_BOLT}')")
endif()

if(GRACE_PGO STREQUAL "USE" AND NOT GRACE_BOLT STREQUAL "OFF")
  # The tools in LLVM's own bin directory: llvm-bolt finds its instrumentation runtime relative
  # to itself (../lib), which the /usr/bin/llvm-bolt-16 link does not satisfy.
  set(_grace_llvm_dirs /usr/lib/llvm-18/bin /usr/lib/llvm-17/bin /usr/lib/llvm-16/bin /usr/lib/llvm-15/bin)
  find_program(GRACE_LLVM_BOLT llvm-bolt PATHS ${_grace_llvm_dirs} NO_DEFAULT_PATH)
  find_program(GRACE_MERGE_FDATA merge-fdata PATHS ${_grace_llvm_dirs} NO_DEFAULT_PATH)
  set(_grace_bolt_rt "")
  if(GRACE_LLVM_BOLT)
    get_filename_component(_grace_bolt_bin "${GRACE_LLVM_BOLT}" DIRECTORY)
    set(_grace_bolt_rt "${_grace_bolt_bin}/../lib/libbolt_rt_instr.a")
  endif()
  if(GRACE_LLVM_BOLT AND GRACE_MERGE_FDATA AND EXISTS "${_grace_bolt_rt}")
    set(GRACE_BOLT_ENABLED ON)
    message(STATUS "grace-sim: BOLT layout with ${GRACE_LLVM_BOLT}")
  elseif(GRACE_BOLT STREQUAL "ON")
    message(FATAL_ERROR "GRACE_BOLT=ON: llvm-bolt, merge-fdata and libbolt_rt_instr.a not found "
                        "(Debian: apt-get install bolt-16 libbolt-16-dev)")
  else()
    message(STATUS "grace-sim: no BOLT found, linker layout (GRACE_BOLT=AUTO)")
  endif()
endif()

# Applies the layout step to an executable target (its training is scripts/pgo-train.sh).
function(grace_bolt_layout target)
  if(NOT GRACE_BOLT_ENABLED)
    return()
  endif()
  target_link_options(${target} PRIVATE -Wl,--emit-relocs)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/bolt-layout.sh ${GRACE_LLVM_BOLT} ${GRACE_MERGE_FDATA}
            $<TARGET_FILE:${target}> ${CMAKE_BINARY_DIR}/bolt-${target}
    COMMENT "BOLT layout of ${target} (instrument, train, rewrite)"
    VERBATIM)
endfunction()
