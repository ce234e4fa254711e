# Finds SystemC 2.3 and exposes one imported target: SystemC::systemc.
# 1. A CMake package (SystemCLanguageConfig.cmake, from a CMake-built SystemC) if present.
# 2. Otherwise pkg-config (Debian's libsystemc-dev ships only systemc.pc / tlm.pc),
#    honouring SYSTEMC_HOME as a prefix hint.
if(TARGET SystemC::systemc)
  set(SystemC_FOUND TRUE)
  return()
endif()

find_package(SystemCLanguage CONFIG QUIET)
if(SystemCLanguage_FOUND AND TARGET SystemC::systemc)
  set(SystemC_FOUND TRUE)
  return()
endif()

if(DEFINED ENV{SYSTEMC_HOME})
  list(APPEND CMAKE_PREFIX_PATH $ENV{SYSTEMC_HOME})
endif()
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_SYSTEMC QUIET systemc)
endif()

find_path(SystemC_INCLUDE_DIR systemc HINTS ${PC_SYSTEMC_INCLUDE_DIRS} $ENV{SYSTEMC_HOME}/include)
find_library(SystemC_LIBRARY NAMES systemc
             HINTS ${PC_SYSTEMC_LIBRARY_DIRS} $ENV{SYSTEMC_HOME}/lib $ENV{SYSTEMC_HOME}/lib-linux64)
set(SystemC_VERSION ${PC_SYSTEMC_VERSION})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SystemC
  REQUIRED_VARS SystemC_LIBRARY SystemC_INCLUDE_DIR
  VERSION_VAR SystemC_VERSION
  FAIL_MESSAGE "SystemC not found: run scripts/setup.sh (Debian package libsystemc-dev)")

if(SystemC_FOUND)
  find_package(Threads REQUIRED)
  add_library(SystemC::systemc UNKNOWN IMPORTED)
  set_target_properties(SystemC::systemc PROPERTIES
    IMPORTED_LOCATION "${SystemC_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SystemC_INCLUDE_DIR}"
    INTERFACE_COMPILE_FEATURES cxx_std_17
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(SystemC_INCLUDE_DIR SystemC_LIBRARY)
