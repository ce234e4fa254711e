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

const char* access_name(Access a) {
    switch (a) {
        case Access::OK: return "OK";
        case Access::DECODE_ERROR: return "DECODE_ERROR";
        case Access::SLAVE_ERROR: return "SLAVE_ERROR";
    }
    return "?";
}

SwAgent::SwAgent(const sc_core::sc_module_name& name, gsim::StatGroup stats)
    : sc_module(name),
      bus_out("bus_out"),
      m_log(this->name()),
      m_stats(stats),
      m_mmio_reads(stats.counter("mmio_reads")),
      m_mmio_writes(stats.counter("mmio_writes")),
      m_mem_accesses(stats.counter("mem_accesses")),
      m_bus_errors(stats.counter("bus_errors")) {
    bus_out.register_invalidate_direct_mem_ptr(this, &SwAgent::invalidate_direct_mem_ptr);
    m_qk.reset();
    SC_HAS_PROCESS(SwAgent);
    SC_THREAD(thread);
}

void SwAgent::thread() {
    run();
    m_qk.sync();
    m_done = true;
    m_done_ev.notify(sc_core::SC_ZERO_TIME);
}

void SwAgent::fail(const std::string& why) {
    if (!m_failed) m_failure = why;
    m_failed = true;
    m_log.error("%s", why.c_str());
}

bool SwAgent::decoupled(uint64_t addr, size_t len) const {
    for (const auto& r : m_decoupled) {
        if (addr >= r.base && addr - r.base + len <= r.size) return true;
    }
    return false;
}

void SwAgent::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    std::vector<tlm::tlm_dmi> keep;
    for (auto& d : m_dmi) {
        if (d.get_end_address() < start || d.get_start_address() > end) keep.push_back(d);
    }
    m_dmi.swap(keep);
}

bool SwAgent::try_dmi(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len) {
    for (auto& d : m_dmi) {
        if (addr < d.get_start_address() || addr + len - 1 > d.get_end_address()) continue;
        uint8_t* p = d.get_dmi_ptr() + (addr - d.get_start_address());
        if (cmd == tlm::TLM_READ_COMMAND) {
            std::memcpy(data, p, len);
            m_qk.inc(d.get_read_latency());
        } else {
            std::memcpy(p, data, len);
            m_qk.inc(d.get_write_latency());
        }
        return true;
    }
    return false;
}

Access SwAgent::transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len) {
    const bool mem = decoupled(addr, len);
    if (mem) {
        ++m_mem_accesses;
        if (try_dmi(cmd, addr, data, len)) {
            if (m_qk.need_sync()) m_qk.sync();
            return Access::OK;
        }
    } else {
        m_qk.sync();  // device access: happen at the true local time
        if (cmd == tlm::TLM_READ_COMMAND) {
            ++m_mmio_reads;
        } else {
            ++m_mmio_writes;
        }
    }
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(static_cast<unsigned>(len));
    gp.set_streaming_width(static_cast<unsigned>(len));
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = m_qk.get_local_time();
    bus_out->b_transport(gp, delay);
    m_qk.set(delay);
    if (mem && gp.is_dmi_allowed() && gp.is_response_ok() && m_dmi.size() < 256) {
        tlm::tlm_dmi dmi;
        tlm::tlm_generic_payload probe;
        probe.set_address(addr);
        probe.set_command(cmd);
        if (bus_out->get_direct_mem_ptr(probe, dmi)) m_dmi.push_back(dmi);
    }
    if (!mem || m_qk.need_sync()) m_qk.sync();
    switch (gp.get_response_status()) {
        case tlm::TLM_OK_RESPONSE: return Access::OK;
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: ++m_bus_errors; return Access::DECODE_ERROR;
        default: ++m_bus_errors; return Access::SLAVE_ERROR;
    }
}

Access SwAgent::read(uint64_t addr, unsigned size, uint64_t& value) {
    value = 0;
    return transport(tlm::TLM_READ_COMMAND, addr, reinterpret_cast<uint8_t*>(&value), size);
}

Access SwAgent::write(uint64_t addr, unsigned size, uint64_t value) {
    return transport(tlm::TLM_WRITE_COMMAND, addr, reinterpret_cast<uint8_t*>(&value), size);
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
    return transport(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), len);
}

Access SwAgent::mem_write(uint64_t addr, const void* src, size_t len) {
    return transport(tlm::TLM_WRITE_COMMAND, addr,
                     const_cast<uint8_t*>(static_cast<const uint8_t*>(src)), len);
}

void SwAgent::compute(const sc_core::sc_time& t) {
    m_qk.inc(t);
    if (m_qk.need_sync()) m_qk.sync();
}

gsim::MemStatus SwAgent::Port::read(uint64_t addr, void* dst, size_t len, uint64_t&,
                                    const gsim::MemAttrs&) {
    Access a = m_a.mem_read(addr, dst, len);
    return a == Access::OK ? gsim::MemStatus::OK
                           : (a == Access::DECODE_ERROR ? gsim::MemStatus::DECODE_ERROR
                                                        : gsim::MemStatus::SLAVE_ERROR);
}

gsim::MemStatus SwAgent::Port::write(uint64_t addr, const void* src, size_t len, uint64_t&,
                                     const gsim::MemAttrs&) {
    Access a = m_a.mem_write(addr, src, len);
    return a == Access::OK ? gsim::MemStatus::OK
                           : (a == Access::DECODE_ERROR ? gsim::MemStatus::DECODE_ERROR
                                                        : gsim::MemStatus::SLAVE_ERROR);
}

}  // namespace fw
