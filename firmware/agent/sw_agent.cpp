#include "agent/sw_agent.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "sysc/sim_time.h"

namespace fw {

// "0x..." of an address, for failure messages.
static std::string hex_addr(uint64_t addr) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIx64, addr);
    return b;
}

static std::unique_ptr<AgentPort> make_port(const char* name, LocalClock& qk, gsim::StatGroup stats) {
    return std::make_unique<AgentPort>(name, qk, stats);
}

SwAgent::SwAgent(const sc_core::sc_module_name& name, gsim::StatGroup stats)
    : sc_module(name),
      bus_out((m_ports.push_back(make_port("bus", m_qk, stats)), m_ports.front()->out)),
      m_log(this->name()),
      m_stats(stats) {
    m_qk.reset();
    SC_HAS_PROCESS(SwAgent);
    SC_THREAD(thread);
}

AgentPort& SwAgent::add_port(const std::string& name) {
    m_ports.push_back(make_port(name.c_str(), m_qk, m_stats.sub(name)));
    return *m_ports.back();
}

void SwAgent::thread() {
    run();
    m_qk.sync_global();
    m_done = true;
    m_done_ev.notify(sc_core::SC_ZERO_TIME);
}

void SwAgent::fail(const std::string& why) {
    if (!m_failed) m_failure = why;
    m_failed = true;
    m_log.error("%s", why.c_str());
}

Access SwAgent::read(uint64_t addr, unsigned size, uint64_t& value) {
    value = 0;
    return main_port().transport(tlm::TLM_READ_COMMAND, addr, reinterpret_cast<uint8_t*>(&value), size);
}

Access SwAgent::write(uint64_t addr, unsigned size, uint64_t value) {
    return main_port().transport(tlm::TLM_WRITE_COMMAND, addr, reinterpret_cast<uint8_t*>(&value), size);
}

uint32_t SwAgent::read32(uint64_t addr) {
    uint64_t v = 0;
    Access a = read(addr, 4, v);
    if (a != Access::OK) fail("read32 " + hex_addr(addr) + ": " + access_name(a));
    return static_cast<uint32_t>(v);
}

uint64_t SwAgent::read64(uint64_t addr) {
    uint64_t v = 0;
    Access a = read(addr, 8, v);
    if (a != Access::OK) fail("read64 " + hex_addr(addr) + ": " + access_name(a));
    return v;
}

void SwAgent::write32(uint64_t addr, uint32_t v) {
    Access a = write(addr, 4, v);
    if (a != Access::OK) fail("write32 " + hex_addr(addr) + ": " + access_name(a));
}

void SwAgent::write64(uint64_t addr, uint64_t v) {
    Access a = write(addr, 8, v);
    if (a != Access::OK) fail("write64 " + hex_addr(addr) + ": " + access_name(a));
}

PollResult SwAgent::poll(uint64_t addr, unsigned size, uint64_t mask, uint64_t expect,
                         const sc_core::sc_time& timeout, const sc_core::sc_time& interval) {
    PollResult r;
    const sc_core::sc_time start = local_time();
    for (;;) {
        r.status = read(addr, size, r.value);
        ++r.reads;
        if (r.status != Access::OK) return r;
        if ((r.value & mask) == expect) {
            r.matched = true;
            return r;
        }
        if (local_time() - start >= timeout) return r;
        compute(interval);
    }
}

Access SwAgent::mem_read(uint64_t addr, void* dst, size_t len) {
    return main_port().transport(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), len);
}

Access SwAgent::mem_write(uint64_t addr, const void* src, size_t len) {
    return main_port().transport(tlm::TLM_WRITE_COMMAND, addr,
                                 const_cast<uint8_t*>(static_cast<const uint8_t*>(src)), len);
}

void SwAgent::compute(const sc_core::sc_time& t) {
    m_qk.advance(t);
}

}  // namespace fw
