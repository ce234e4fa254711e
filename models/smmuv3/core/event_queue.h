// grace-sim SMMUv3: the event queue as a circular buffer in memory (IHI 0070 "Event queue";
// spec/smmuv3.md A.6, A.13).
// Implements: EVENTQ_BASE (ADDR, LOG2SIZE clamped to IDR1.EVENTQS), EVENTQ_PROD (WR index +
// wrap, OVFLG) and EVENTQ_CONS (RD index + wrap, OVACKFLG) arithmetic for 2^0..2^19 entries,
// writing one 32-byte record at PROD through a MemPort, dropping when disabled, and dropping
// with an OVFLG toggle when full (a new overflow toggles OVFLG only while the previous one is
// acknowledged, i.e. OVFLG == OVACKFLG).
// Does not implement: interrupts and GERROR (the owner, SmmuCore, reacts to the outcome).
#pragma once
#include <cstdint>

#include "common/mem_port.h"
#include "smmuv3/core/event.h"

namespace smmu::core {

class EventQueue {
public:
    explicit EventQueue(unsigned max_log2size = 19)
        : m_max_log2size(max_log2size > 19 ? 19 : max_log2size) {}

    enum class Status : uint8_t { WRITTEN, DROPPED_DISABLED, DROPPED_FULL, ABORT };
    struct Outcome {
        Status status = Status::DROPPED_DISABLED;
        bool was_empty = false;     // the queue was empty before this record (IRQ condition)
        bool new_overflow = false;  // OVFLG toggled by this drop
        uint64_t latency_ps = 0;    // memory latency of the record write
    };

    uint64_t base() const { return m_base; }
    void set_base(uint64_t v);
    unsigned log2size() const { return m_log2size; }
    uint32_t entries() const { return uint32_t{1} << m_log2size; }
    uint64_t queue_addr() const;

    uint32_t prod() const { return m_prod; }  // WR + OVFLG
    uint32_t cons() const { return m_cons; }  // RD + OVACKFLG
    void set_prod(uint32_t v) { m_prod = v & (index_wrap_mask() | OVF); }
    void set_cons(uint32_t v) { m_cons = v & (index_wrap_mask() | OVF); }

    void set_enabled(bool en) { m_enabled = en; }
    bool enabled() const { return m_enabled; }
    bool empty() const { return (m_prod & index_wrap_mask()) == (m_cons & index_wrap_mask()); }
    bool full() const;
    bool overflow_active() const { return (m_prod & OVF) != (m_cons & OVF); }

    Outcome write(const EventRecord& rec, gsim::MemPort& mem, const gsim::MemAttrs& attrs = {});

    uint32_t index_wrap_mask() const { return (uint32_t{2} << m_log2size) - 1; }

private:
    static constexpr uint32_t OVF = 0x80000000u;
    unsigned m_max_log2size;
    uint64_t m_base = 0;
    unsigned m_log2size = 0;
    uint32_t m_prod = 0, m_cons = 0;
    bool m_enabled = false;
};

}  // namespace smmu::core
