#include "common/timeline.h"

#include <algorithm>
#include <cstdio>

#include "common/stats.h"

namespace gsim {

Timeline* Timeline::s_active = nullptr;

unsigned Timeline::track_id(const std::string& track) {
    auto it = m_tracks.find(track);
    if (it != m_tracks.end()) return it->second;
    const unsigned id = static_cast<unsigned>(m_tracks.size()) + 1;
    m_tracks.emplace(track, id);
    return id;
}

void Timeline::span(const std::string& track, const std::string& name, uint64_t start_ps, uint64_t dur_ps) {
    m_events.push_back({'X', track_id(track), name, start_ps, dur_ps, 0.0, m_events.size()});
}

void Timeline::counter(const std::string& track, const std::string& name, uint64_t t_ps, double value) {
    m_events.push_back({'C', track_id(track), name, t_ps, 0, value, m_events.size()});
}

static std::string us(uint64_t ps) {
    char b[48];
    std::snprintf(b, sizeof b, "%.6f", double(ps) / 1e6);
    return b;
}

void Timeline::write_json(std::ostream& os) const {
    std::vector<const Event*> ev;
    for (const auto& e : m_events) ev.push_back(&e);
    std::sort(ev.begin(), ev.end(), [](const Event* a, const Event* b) {
        if (a->t_ps != b->t_ps) return a->t_ps < b->t_ps;
        if (a->track != b->track) return a->track < b->track;
        return a->seq < b->seq;
    });
    os << "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
    bool first = true;
    // Track names (one "thread" per track in one process).
    os << "{\"ph\": \"M\", \"pid\": 1, \"name\": \"process_name\", \"args\": {\"name\": \"grace-sim\"}}";
    first = false;
    for (const auto& [name, id] : m_tracks) {
        os << ",\n{\"ph\": \"M\", \"pid\": 1, \"tid\": " << id << ", \"name\": \"thread_name\", \"args\": {\"name\": \""
           << json_escape(name) << "\"}}";
    }
    for (const Event* e : ev) {
        os << (first ? "" : ",\n");
        first = false;
        if (e->ph == 'X') {
            os << "{\"ph\": \"X\", \"pid\": 1, \"tid\": " << e->track << ", \"name\": \"" << json_escape(e->name)
               << "\", \"ts\": " << us(e->t_ps) << ", \"dur\": " << us(e->dur_ps) << "}";
        } else {
            char v[48];
            std::snprintf(v, sizeof v, "%.10g", e->value);
            os << "{\"ph\": \"C\", \"pid\": 1, \"tid\": " << e->track << ", \"name\": \"" << json_escape(e->name)
               << "\", \"ts\": " << us(e->t_ps) << ", \"args\": {\"value\": " << v << "}}";
        }
    }
    os << "\n]}\n";
}

}  // namespace gsim
