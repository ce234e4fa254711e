// grace-sim: turns TLM generic payloads into register reads/writes of a pure core.
// 32- and 64-bit accesses (naturally aligned, no byte enables, no streaming) reach the core;
// anything else is answered with TLM_GENERIC_ERROR_RESPONSE (or BURST/BYTE_ENABLE errors),
// which is what a CPU sees as an external abort. Debug transport reads/writes registers
// without timing.
#pragma once
#include <tlm>

#include <cstdint>

namespace gsim::sysc {

// One access's view of a device's registers: the pure core (any type with
// `bool mmio_read(uint64_t off, unsigned size, uint64_t& v, uint64_t now_ps)` and
// `bool mmio_write(uint64_t off, unsigned size, uint64_t v, uint64_t now_ps)`, returning false
// for an access the device rejects) and the access's time. Built per register access on the
// hot path, so it binds the two calls as plain function pointers: no type-erased callables
// constructed, called through a manager and destroyed per access.
class RegAccess {
public:
    template <class Core>
    RegAccess(Core& core, uint64_t now_ps)
        : m_core(&core), m_now(now_ps), m_read(&read_of<Core>), m_write(&write_of<Core>) {}
    bool read(uint64_t off, unsigned size, uint64_t& v) const { return m_read(m_core, off, size, v, m_now); }
    bool write(uint64_t off, unsigned size, uint64_t v) const { return m_write(m_core, off, size, v, m_now); }

private:
    template <class Core>
    static bool read_of(void* c, uint64_t off, unsigned size, uint64_t& v, uint64_t now) {
        return static_cast<Core*>(c)->mmio_read(off, size, v, now);
    }
    template <class Core>
    static bool write_of(void* c, uint64_t off, unsigned size, uint64_t v, uint64_t now) {
        return static_cast<Core*>(c)->mmio_write(off, size, v, now);
    }
    void* m_core;
    uint64_t m_now;
    bool (*m_read)(void*, uint64_t, unsigned, uint64_t&, uint64_t);
    bool (*m_write)(void*, uint64_t, unsigned, uint64_t, uint64_t);
};

// One register access as a register file takes it: what a payload carries, or what a register
// route (reg_route.h) passes without one.
struct RegRequest {
    tlm::tlm_command cmd;
    uint64_t off;
    uint8_t* data;
    unsigned len;
    // Not TLM_OK_RESPONSE: the payload has a shape no register takes (byte enables, a
    // streaming width below its length); the access is answered with this error.
    tlm::tlm_response_status shape = tlm::TLM_OK_RESPONSE;

    static RegRequest of(const tlm::tlm_generic_payload& gp);
};

// Performs rq against regs; returns the response status (TLM_OK_RESPONSE: the access reached
// the device and it took it).
tlm::tlm_response_status reg_transport(const RegRequest& rq, const RegAccess& regs);

}  // namespace gsim::sysc
