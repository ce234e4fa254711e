// grace-sim Tegra241 CMDQV: the CONFIG.EN -> STATUS.ENABLED handshake (spec/cmdqv.md 2.1),
// shared by the CMDQV, VINTF and VCMDQ levels.
//
// Implements: a request bit and a status bit that follows it `latency` later, evaluated lazily
// from `now_ps` (no event per handshake); a new request while one is in flight restarts the
// delay from the status observed at that moment. Not implemented: failure to enable.
#pragma once
#include <cstdint>

namespace cmdqv::core {

class Handshake {
public:
    explicit Handshake(bool reset_state = false) : m_req(reset_state), m_prev(reset_state) {}

    bool requested() const { return m_req; }
    // STATUS.ENABLED as observed at now_ps.
    bool status(uint64_t now_ps) const { return now_ps >= m_at ? m_req : m_prev; }
    // Time the last request takes effect (0 or <= now when settled).
    uint64_t settles_at() const { return m_at; }
    bool pending(uint64_t now_ps) const { return now_ps < m_at; }

    void request(bool en, uint64_t now_ps, uint64_t latency_ps) {
        if (en == m_req) return;
        m_prev = status(now_ps);
        m_req = en;
        m_at = now_ps + latency_ps;
        if (m_latest && m_at > *m_latest) *m_latest = m_at;
    }
    // Keeps *latest >= every settles_at() of the handshakes sharing it, so that an owner can
    // tell in O(1) that none is still in flight.
    void track(uint64_t* latest) { m_latest = latest; }

private:
    uint64_t* m_latest = nullptr;
    bool m_req;
    bool m_prev;
    uint64_t m_at = 0;
};

}  // namespace cmdqv::core
