// sc_main for SystemC tests: GoogleTest inside the SystemC kernel.
// - SC_WARNING and SC_ERROR reports become test failures (ADD_FAILURE), SC_FATAL throws.
// - One elaboration per process: tests are run one per process by CTest
//   (gtest_discover_tests); running a whole binary by hand needs --gtest_filter.
#include <gtest/gtest.h>

#include <cstdlib>
#include <systemc>

#include "sc_test_support.h"

namespace {

void report_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
    using namespace sc_core;
    if (rep.get_severity() == SC_INFO) return;
    std::string msg = std::string(rep.get_msg_type()) + ": " + rep.get_msg() + " (" +
                      rep.get_file_name() + ":" + std::to_string(rep.get_line_number()) + ")";
    if (rep.get_severity() == SC_FATAL) throw std::runtime_error("SC_FATAL " + msg);
    ADD_FAILURE() << "SystemC " << (rep.get_severity() == SC_WARNING ? "warning " : "error ") << msg;
    if (actions & SC_THROW) {
        // errors keep their throwing behaviour so that a failing call does not continue
        if (rep.get_severity() == SC_ERROR) throw std::runtime_error("SC_ERROR " + msg);
    }
}

}  // namespace

namespace gsim::test {

static int g_elaborations = 0;

void guard_single_elaboration() {
    if (++g_elaborations > 1) {
        FAIL() << "a second SystemC elaboration in one process: run this binary via ctest "
                  "or with --gtest_filter selecting one test";
    }
}

void advance(const sc_core::sc_time& t) {
    sc_core::sc_start(t);
    while (sc_core::sc_pending_activity_at_current_time()) sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

}  // namespace gsim::test

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char* argv[]) {
    sc_core::sc_report_handler::set_handler(report_handler);
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
