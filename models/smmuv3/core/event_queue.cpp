// grace-sim SMMUv3: event queue buffer (see event_queue.h).
#include "smmuv3/core/event_queue.h"

#include <algorithm>

#include "common/bits.h"
#include "smmuv3/core/smmu_regs.h"

namespace smmu::core {

void EventQueue::set_base(uint64_t v) {
    m_base = v & regs::Q_BASE_MASK;
    m_log2size =
        std::min<unsigned>(static_cast<unsigned>(regs::Q_BASE_LOG2SIZE.get(v)), m_max_log2size);
    m_prod &= index_wrap_mask() | OVF;
    m_cons &= index_wrap_mask() | OVF;
}

uint64_t EventQueue::queue_addr() const {
    uint64_t bytes = uint64_t{32} << m_log2size;
    return (m_base & gsim::mask(51, 5)) & ~(bytes - 1);
}

bool EventQueue::full() const {
    uint32_t n = entries() - 1;
    return (m_prod & n) == (m_cons & n) &&
           ((m_prod >> m_log2size) & 1) != ((m_cons >> m_log2size) & 1);
}

EventQueue::Outcome EventQueue::write(const EventRecord& rec, gsim::MemPort& mem,
                                      const gsim::MemAttrs& attrs) {
    Outcome o;
    if (!m_enabled) {
        o.status = Status::DROPPED_DISABLED;
        return o;
    }
    if (full()) {
        o.status = Status::DROPPED_FULL;
        if (!overflow_active()) {
            m_prod ^= OVF;
            o.new_overflow = true;
        }
        return o;
    }
    o.was_empty = empty();
    auto words = rec.encode();
    uint8_t bytes[32];
    for (unsigned w = 0; w < 4; ++w)
        for (unsigned b = 0; b < 8; ++b)
            bytes[8 * w + b] = static_cast<uint8_t>(words[w] >> (8 * b));
    uint64_t addr = queue_addr() + uint64_t{32} * (m_prod & (entries() - 1));
    gsim::MemStatus st = mem.write(addr, bytes, sizeof bytes, o.latency_ps, attrs);
    if (!gsim::ok(st)) {
        o.status = Status::ABORT;
        return o;
    }
    uint32_t wr = ((m_prod & index_wrap_mask()) + 1) & index_wrap_mask();
    m_prod = (m_prod & OVF) | wr;
    o.status = Status::WRITTEN;
    return o;
}

}  // namespace smmu::core
