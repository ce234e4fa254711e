// grace-sim firmware encoders: a bump allocator of physical memory for tables and queues.
// Implements: aligned allocation from a [base, base+size) range, with errors reported (never UB:
// exhaustion, zero size, non-power-of-two alignment, overflow all return an EncError).
// Not implemented: freeing individual allocations (reset() releases everything).
#pragma once
#include <cstdint>

#include "encoders/enc_types.h"

namespace fw::enc {

class PhysAllocator {
public:
    PhysAllocator(uint64_t base, uint64_t size);

    // Allocate size bytes aligned to align (a power of two >= 1). On success *pa is set.
    EncError alloc(uint64_t size, uint64_t align, uint64_t* pa);

    void reset() { m_next = m_base; }
    uint64_t base() const { return m_base; }
    uint64_t size() const { return m_size; }
    uint64_t used() const { return m_next - m_base; }
    uint64_t remaining() const { return m_base + m_size - m_next; }
    uint64_t allocations() const { return m_count; }

private:
    uint64_t m_base;
    uint64_t m_size;
    uint64_t m_next;
    uint64_t m_count = 0;
};

}  // namespace fw::enc
