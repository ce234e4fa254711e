// grace-sim iommufd object layer: the record queue behind a vEVENTQ file descriptor.
// Implements: bounded queue of TEGRA241_CMDQV vEVENTs (header {flags, sequence} + 128-bit
// LVCMDQ error map); a sequence number per reported event running 0..INT_MAX then wrapping to 0;
// when `depth` events are queued, further events collapse into one LOST_EVENTS header (no
// payload) carrying the sequence of the latest lost event; read() returns whole records that
// fit in the caller's byte count.
// Not implemented: poll()/blocking reads, other vEVENT payload types.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "iommufd/uapi.h"

namespace fw::iommufd {

class VeventQueue {
public:
    // first_sequence lets tests start near INT_MAX to check the wrap.
    explicit VeventQueue(uint32_t depth, uint32_t first_sequence = 0);

    // Queue one event (ISR path). Returns true when queued, false when it was lost.
    bool report(const std::array<uint64_t, 2>& lvcmdq_err_map);

    // Move whole records fitting in `count` bytes to `out`; returns the bytes read (0 when
    // empty), -EINVAL when the first pending record does not fit.
    long read(size_t count, std::vector<VeventRecord>& out);

    uint32_t depth() const { return m_depth; }
    uint32_t num_events() const { return m_num_events; }  // payload records queued
    size_t pending_records() const { return m_records.size(); }
    uint32_t next_sequence() const { return m_sequence; }
    uint64_t lost() const { return m_lost; }

private:
    uint32_t take_sequence();

    uint32_t m_depth;
    uint32_t m_sequence;
    uint32_t m_num_events = 0;
    bool m_lost_queued = false;
    uint64_t m_lost = 0;
    std::deque<VeventRecord> m_records;
};

}  // namespace fw::iommufd
