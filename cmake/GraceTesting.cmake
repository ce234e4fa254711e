# Test helpers.
#  grace_add_unit_test(NAME SOURCES... LIBS...)  pure C++ (no SystemC), many tests per binary,
#                                                gtest_main, each test a CTest entry with a timeout.
#  grace_add_sim_test(NAME SOURCES... LIBS...)   SystemC: own sc_main (tests/support/sc_test_main),
#                                                one elaboration per process: every TEST runs in
#                                                its own process through gtest_discover_tests.
set(GRACE_TEST_TIMEOUT 60 CACHE STRING "Per-test CTest timeout in seconds")

function(grace_add_unit_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${GRACE_TEST_TIMEOUT})
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main grace_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT ${T_TIMEOUT}
                       LABELS unit)
endfunction()

function(grace_add_sim_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${GRACE_TEST_TIMEOUT})
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} grace_sc_test_main GTest::gtest grace_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS sim
                       ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
endfunction()
