// grace-sim firmware encoders: producer-side index arithmetic of an SMMUv3 circular queue
// (spec/smmuv3.md A.6), for agents that write commands into a queue in memory and then update
// PROD (CMDQ, CMDQV VCMDQ). A PROD/CONS value holds the index in bits [LOG2SIZE-1:0] and the wrap
// bit at bit LOG2SIZE; empty <=> index and wrap equal, full <=> index equal and wrap different.
// Implements: index/wrap extraction, empty/full/space, advancing a pointer, slot addresses and the
// *_BASE register value (ADDR[51:5], LOG2SIZE[4:0]).
// Not implemented: the CONS.ERR field and overflow flags (bits above the wrap bit are ignored).
#pragma once
#include <cstdint>

#include "common/bits.h"

namespace fw::enc {

class Queue {
public:
    static constexpr uint64_t CMD_ENTRY_BYTES = 16;
    static constexpr uint64_t EVT_ENTRY_BYTES = 32;
    static constexpr uint64_t PRI_ENTRY_BYTES = 16;

    constexpr Queue(uint64_t base_pa, unsigned log2size, uint64_t entry_bytes = CMD_ENTRY_BYTES)
        : m_base(base_pa), m_log2size(log2size > 19 ? 19 : log2size), m_entry(entry_bytes) {}

    constexpr unsigned log2size() const { return m_log2size; }
    constexpr uint32_t entries() const { return uint32_t{1} << m_log2size; }
    constexpr uint64_t bytes() const { return uint64_t{entries()} * m_entry; }
    constexpr uint64_t base() const { return m_base; }

    // Index and wrap of a PROD/CONS register value.
    constexpr uint32_t index(uint32_t ptr) const { return ptr & (entries() - 1); }
    constexpr bool wrap(uint32_t ptr) const { return (ptr >> m_log2size) & 1u; }
    // Index plus wrap bit only (drops ERR / OVFLG and other upper bits).
    constexpr uint32_t clean(uint32_t ptr) const { return ptr & ((entries() << 1) - 1); }

    constexpr bool empty(uint32_t prod, uint32_t cons) const {
        return clean(prod) == clean(cons);
    }
    constexpr bool full(uint32_t prod, uint32_t cons) const {
        return index(prod) == index(cons) && wrap(prod) != wrap(cons);
    }
    // Entries in use between cons and prod.
    constexpr uint32_t used(uint32_t prod, uint32_t cons) const {
        return (clean(prod) - clean(cons)) & ((entries() << 1) - 1);
    }
    // Free slots a producer may still fill.
    constexpr uint32_t space(uint32_t prod, uint32_t cons) const {
        return entries() - used(prod, cons);
    }
    // ptr advanced by n entries (index and wrap bit; wraps toggle the wrap bit).
    constexpr uint32_t next(uint32_t ptr, uint32_t n = 1) const {
        return (clean(ptr) + n) & ((entries() << 1) - 1);
    }
    // Byte address of the slot ptr points to.
    constexpr uint64_t slot_address(uint32_t ptr) const {
        return m_base + uint64_t{index(ptr)} * m_entry;
    }
    // CMDQ_BASE / EVENTQ_BASE / VCMDQ BASE value: ADDR[51:5] | LOG2SIZE[4:0] (| RA/WA[62]).
    constexpr uint64_t base_register(bool read_alloc = false) const {
        return (m_base & gsim::mask(51, 5)) | m_log2size | (read_alloc ? uint64_t{1} << 62 : 0);
    }

private:
    uint64_t m_base;
    unsigned m_log2size;
    uint64_t m_entry;
};

}  // namespace fw::enc
