// grace-sim firmware encoders: bump allocator of physical memory.
#include "encoders/phys_allocator.h"

#include "common/bits.h"

namespace fw::enc {

PhysAllocator::PhysAllocator(uint64_t base, uint64_t size)
    : m_base(base), m_size(base + size < base ? ~base : size), m_next(base) {}

EncError PhysAllocator::alloc(uint64_t size, uint64_t align, uint64_t* pa) {
    if (size == 0 || !gsim::is_pow2(align)) return EncError::BAD_ALIGNMENT;
    const uint64_t end = m_base + m_size;
    const uint64_t start = (m_next + align - 1) & ~(align - 1);
    if (start < m_next || start > end || size > end - start) return EncError::NO_MEMORY;
    m_next = start + size;
    ++m_count;
    if (pa) *pa = start;
    return EncError::OK;
}

}  // namespace fw::enc
