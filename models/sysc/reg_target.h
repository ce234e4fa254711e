// grace-sim: turns TLM generic payloads into register reads/writes of a pure core.
// 32- and 64-bit accesses (naturally aligned, no byte enables, no streaming) reach the core;
// anything else is answered with TLM_GENERIC_ERROR_RESPONSE (or BURST/BYTE_ENABLE errors),
// which is what a CPU sees as an external abort. Debug transport reads/writes registers
// without timing.
#pragma once
#include <tlm>

#include <cstdint>
#include <functional>

namespace gsim::sysc {

struct RegAccessFns {
    // Return false for an access the device rejects (unsupported size or offset).
    std::function<bool(uint64_t off, unsigned size, uint64_t& value)> read;
    std::function<bool(uint64_t off, unsigned size, uint64_t value)> write;
};

// Performs gp against fns; returns true if the access reached the device.
bool reg_transport(tlm::tlm_generic_payload& gp, const RegAccessFns& fns);

}  // namespace gsim::sysc
