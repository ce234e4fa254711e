// Helpers for SystemC tests (see sc_test_main.cpp).
#pragma once
#include <systemc>

namespace gsim::test {

// Fails the current test if this process already elaborated a design.
void guard_single_elaboration();

// sc_start(t), then drain the delta cycles pending at the end time (events at exactly the
// end time are otherwise not run).
void advance(const sc_core::sc_time& t);

}  // namespace gsim::test
