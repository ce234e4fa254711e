// grace-sim: the memory interface every pure core uses for its own memory traffic
// (stream-table and CD fetches, page-table walks, queue reads and writes, MSI writes).
// The SystemC shell implements it over a TLM initiator socket; tests implement it with
// gsim::SparseMemory plus fault injection. Latency is returned, never waited for: the core
// accumulates it and the shell turns it into simulated time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace gsim {

enum class MemStatus : uint8_t {
    OK,
    SLAVE_ERROR,   // the target answered with an error (external abort)
    DECODE_ERROR,  // no target at that address (also an external abort to the requester)
};

inline bool ok(MemStatus s) { return s == MemStatus::OK; }

// Attributes of a request (SMMU-side: which agent and why).
struct MemAttrs {
    uint32_t initiator = 0;  // free-form initiator id (for statistics and tracing)
    bool privileged = false;
    bool secure = false;
};

class MemPort {
public:
    virtual ~MemPort() = default;
    // Read len bytes at addr into dst. latency_ps is incremented by the access time.
    virtual MemStatus read(uint64_t addr, void* dst, size_t len, uint64_t& latency_ps,
                           const MemAttrs& attrs = {}) = 0;
    virtual MemStatus write(uint64_t addr, const void* src, size_t len, uint64_t& latency_ps,
                            const MemAttrs& attrs = {}) = 0;

    // Little-endian 64/32-bit helpers.
    MemStatus read64(uint64_t addr, uint64_t& v, uint64_t& lat, const MemAttrs& a = {}) {
        return read(addr, &v, 8, lat, a);
    }
    MemStatus write64(uint64_t addr, uint64_t v, uint64_t& lat, const MemAttrs& a = {}) {
        return write(addr, &v, 8, lat, a);
    }
    MemStatus write32(uint64_t addr, uint32_t v, uint64_t& lat, const MemAttrs& a = {}) {
        return write(addr, &v, 4, lat, a);
    }
};

}  // namespace gsim
