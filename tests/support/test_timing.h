// Test support: the timing values the model-level tests were written against. Calibration
// changes the defaults (configs/default.ini); tests that assert exact times pin these values so
// that they test the mechanism, not the current calibration.
#pragma once
#include "cmdqv/core/cmdqv_params.h"
#include "smmuv3/core/smmu_params.h"

namespace gsim::test {

inline void pin_test_timing(smmu::core::SmmuParams& p) {
    p.cmd_cost_tlbi = 4;
    p.mmio_latency = 20;
    p.tlbi_propagation = 64;
}

inline void pin_test_timing(cmdqv::core::CmdqvParams& p) { p.mmio_latency_ns = 20; }

}  // namespace gsim::test
