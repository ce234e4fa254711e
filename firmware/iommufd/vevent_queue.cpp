// grace-sim iommufd object layer: vEVENTQ record queue (see vevent_queue.h).
#include "iommufd/vevent_queue.h"

#include <cerrno>

namespace fw::iommufd {

VeventQueue::VeventQueue(uint32_t depth, uint32_t first_sequence)
    : m_depth(depth), m_sequence(first_sequence & VEVENT_SEQUENCE_MAX) {}

uint32_t VeventQueue::take_sequence() {
    uint32_t s = m_sequence;
    m_sequence = (m_sequence + 1) & VEVENT_SEQUENCE_MAX;
    return s;
}

bool VeventQueue::report(const std::array<uint64_t, 2>& map) {
    if (m_num_events >= m_depth) {
        // Full: the event is lost; one LOST_EVENTS header stands for all of them and carries
        // the latest lost sequence number, so the reader sees the gap.
        ++m_lost;
        uint32_t seq = take_sequence();
        if (m_lost_queued) {
            for (auto& r : m_records)
                if (r.flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS) r.sequence = seq;
        } else {
            VeventRecord h;
            h.flags = IOMMU_VEVENTQ_FLAG_LOST_EVENTS;
            h.sequence = seq;
            m_records.push_back(h);
            m_lost_queued = true;
        }
        return false;
    }
    VeventRecord r;
    r.sequence = take_sequence();
    r.has_payload = true;
    r.lvcmdq_err_map = map;
    m_records.push_back(r);
    ++m_num_events;
    return true;
}

long VeventQueue::read(size_t count, std::vector<VeventRecord>& out) {
    size_t done = 0;
    while (!m_records.empty()) {
        const VeventRecord& r = m_records.front();
        if (done + r.bytes() > count) {
            if (done == 0) return -EINVAL;
            break;
        }
        done += r.bytes();
        if (r.flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS)
            m_lost_queued = false;
        else
            --m_num_events;
        out.push_back(r);
        m_records.pop_front();
    }
    return static_cast<long>(done);
}

}  // namespace fw::iommufd
