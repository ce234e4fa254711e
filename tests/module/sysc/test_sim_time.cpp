// The hot-path time conversions (sysc/sim_time.h) give exactly what SystemC's own constructors
// give: same rounding to the resolution, same values across the range where they take the
// inline path, and the library's path beyond it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "sysc/sim_time.h"

using namespace sc_core;
using gsim::sysc::from_ns;
using gsim::sysc::from_ps;
using gsim::sysc::from_value;
using gsim::sysc::to_ps;

TEST(SimTime, from_ns_rounds_as_the_sc_time_constructor_does) {
    const double cases[] = {0.0,    0.0004, 0.0005,  0.0015,   0.4994999, 1.0,     2.5,
                            5.0,    40.0,   100.0,   1234.5675, 8.5e5,    1.0e9,   4.5e12,
                            4.5036e12, 4.6e12, 1.0e15};
    for (double ns : cases) EXPECT_EQ(from_ns(ns), sc_time(ns, SC_NS)) << ns;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> small(0.0, 5000.0);
    std::uniform_real_distribution<double> exponent(-4.0, 14.0);
    for (int i = 0; i < 100000; ++i) {
        const double a = small(rng);
        const double b = std::pow(10.0, exponent(rng));
        ASSERT_EQ(from_ns(a), sc_time(a, SC_NS)) << a;
        ASSERT_EQ(from_ns(b), sc_time(b, SC_NS)) << b;
    }
}

TEST(SimTime, from_value_and_from_ps_give_the_exact_count_across_the_whole_range) {
    const uint64_t edge = uint64_t{1} << 52;  // where doubles stop holding every integer
    for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{999}, uint64_t{123456789012345},
                       edge - 1, edge, edge + 1, (uint64_t{1} << 60) + 3, ~uint64_t{0}}) {
        EXPECT_EQ(from_value(v).value(), v) << v;
        EXPECT_EQ(from_value(v), sc_time::from_value(v)) << v;
    }
    std::mt19937_64 rng(11);
    for (int i = 0; i < 100000; ++i) {
        const uint64_t ps = rng() >> (rng() % 64);
        ASSERT_EQ(to_ps(from_ps(ps)), ps);
        ASSERT_EQ(from_ps(ps), sc_time::from_value(ps));
    }
}

// The cores count integer picoseconds and the conversions copy counts: a simulation with another
// time resolution is refused when the models elaborate, not run with times off by the factor.
TEST(SimTime, the_default_resolution_is_accepted) {
    EXPECT_NO_THROW(gsim::sysc::require_ps_resolution());  // the default, fixed by this call
}

TEST(SimTime, a_coarser_resolution_is_refused_with_its_value) {
    sc_set_time_resolution(1, SC_NS);
    try {
        gsim::sysc::require_ps_resolution();
        FAIL() << "a 1 ns resolution was accepted";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("1 ns"), std::string::npos) << e.what();
    }
}
