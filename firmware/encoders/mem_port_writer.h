// grace-sim firmware encoders: a MemWriter over a gsim::MemPort (e.g. the test FakeMemPort or an
// agent's guest-memory port). Latency of the accesses is accumulated in latency_ps() for callers
// that want to account for it; the encoders themselves ignore time.
#pragma once
#include <cstdint>

#include "common/mem_port.h"
#include "encoders/enc_types.h"

namespace fw::enc {

class MemPortWriter : public MemWriter {
public:
    explicit MemPortWriter(gsim::MemPort& port, gsim::MemAttrs attrs = {})
        : m_port(port), m_attrs(attrs) {}
    bool write64(uint64_t pa, uint64_t value) override {
        return gsim::ok(m_port.write64(pa, value, m_latency_ps, m_attrs));
    }
    bool read64(uint64_t pa, uint64_t& value) override {
        return gsim::ok(m_port.read64(pa, value, m_latency_ps, m_attrs));
    }
    uint64_t latency_ps() const { return m_latency_ps; }

private:
    gsim::MemPort& m_port;
    gsim::MemAttrs m_attrs;
    uint64_t m_latency_ps = 0;
};

}  // namespace fw::enc
