// grace-sim ATS endpoint: device-side ATC (see atc.h for what is and is not implemented).
#include "ats_ep/core/atc.h"

#include <stdexcept>

namespace ats::core {

namespace {

uint64_t align_down(uint64_t v, unsigned log2) {
    return log2 >= 64 ? 0 : v & ~((uint64_t{1} << log2) - 1);
}

bool overlaps(const AtcEntry& e, uint64_t first, uint64_t last) {
    return e.iova <= last && first <= e.last();
}

}  // namespace

Atc::Atc(size_t entries) : m_slots(entries) {
    if (entries == 0) throw std::invalid_argument("Atc: at least one entry is needed");
}

const AtcEntry* Atc::lookup(bool ssv, uint32_t ssid, uint64_t iova) {
    for (Slot& s : m_slots) {
        if (s.valid && s.e.ssv == ssv && (!ssv || s.e.ssid == ssid) && s.e.contains(iova)) {
            s.stamp = ++m_clock;
            return &s.e;
        }
    }
    return nullptr;
}

void Atc::insert(AtcEntry e) {
    if (e.size_log2 < 12) e.size_log2 = 12;
    if (e.size_log2 > 63) e.size_log2 = 63;
    e.iova = align_down(e.iova, e.size_log2);
    e.pa = align_down(e.pa, e.size_log2);
    if (!e.ssv) e.ssid = 0;
    Slot* target = nullptr;
    for (Slot& s : m_slots) {
        if (s.valid && s.e.ssv == e.ssv && s.e.ssid == e.ssid && overlaps(s.e, e.iova, e.last())) {
            s.valid = false;  // a newer translation of the same context supersedes it
        }
    }
    for (Slot& s : m_slots) {
        if (!s.valid) {
            target = &s;
            break;
        }
    }
    if (!target) {
        target = &m_slots.front();
        for (Slot& s : m_slots) {
            if (s.stamp < target->stamp) target = &s;
        }
        ++m_evictions;
    }
    target->valid = true;
    target->stamp = ++m_clock;
    target->e = e;
}

AtcInvCount Atc::invalidate(bool ssv, uint32_t ssid, uint64_t addr, unsigned size_log2_4k,
                            bool global) {
    uint64_t first = 0, last = ~uint64_t{0};
    if (size_log2_4k < ATC_INV_SIZE_ALL) {
        const unsigned span_log2 = size_log2_4k + 12;
        first = align_down(addr, span_log2);
        last = first + ((uint64_t{1} << span_log2) - 1);
    }
    AtcInvCount c;
    for (Slot& s : m_slots) {
        if (!s.valid) continue;
        ++c.scanned;
        bool ctx = true;
        if (ssv) ctx = s.e.ssv && (global || s.e.ssid == ssid);
        if (ctx && overlaps(s.e, first, last)) {
            s.valid = false;
            ++c.removed;
        }
    }
    return c;
}

void Atc::clear() {
    for (Slot& s : m_slots) s.valid = false;
}

size_t Atc::occupancy() const {
    size_t n = 0;
    for (const Slot& s : m_slots) n += s.valid ? 1 : 0;
    return n;
}

}  // namespace ats::core
