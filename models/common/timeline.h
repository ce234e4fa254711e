// grace-sim: timeline of a run in Chrome trace-event JSON (opens in the Perfetto UI and in
// chrome://tracing). Tracks are named ("vm0.vcpu1", "smmu0.executor", "vm0.bql"); a span is a
// complete event (name, start, duration) on a track, a counter a named value over time.
// A process-wide instance is active only when --timeline-out asks for it; hooks test
// Timeline::active() first and cost one branch otherwise. Output order is deterministic
// (events sorted by time, then track, then insertion order).
#pragma once
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace gsim {

class Timeline {
public:
    static Timeline* active() { return s_active; }
    static void activate(Timeline* t) { s_active = t; }

    void span(const std::string& track, const std::string& name, uint64_t start_ps, uint64_t dur_ps);
    void counter(const std::string& track, const std::string& name, uint64_t t_ps, double value);
    size_t events() const { return m_events.size(); }
    void write_json(std::ostream& os) const;

private:
    struct Event {
        char ph;  // 'X' span, 'C' counter
        unsigned track;
        std::string name;
        uint64_t t_ps, dur_ps;
        double value;
        uint64_t seq;
    };
    unsigned track_id(const std::string& track);
    std::map<std::string, unsigned> m_tracks;
    std::vector<Event> m_events;
    static Timeline* s_active;
};

}  // namespace gsim
