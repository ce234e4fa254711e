// Test support: a MemPort over a SparseMemory with a fixed latency per access, access
// counting and fault injection (an address range that answers with an error).
#pragma once
#include <cstdint>
#include <vector>

#include "common/mem_port.h"
#include "common/sparse_memory.h"

namespace gsim::test {

class FakeMemPort : public MemPort {
public:
    explicit FakeMemPort(uint64_t size = uint64_t{1} << 40, uint64_t latency_ps = 100000)
        : m_mem(size), m_latency_ps(latency_ps) {}

    struct Fault {
        uint64_t lo, hi;  // inclusive range
        MemStatus status;
        bool on_read, on_write;
    };
    void inject_fault(uint64_t lo, uint64_t hi, MemStatus st = MemStatus::SLAVE_ERROR,
                      bool on_read = true, bool on_write = true) {
        m_faults.push_back({lo, hi, st, on_read, on_write});
    }
    void clear_faults() { m_faults.clear(); }

    MemStatus read(uint64_t addr, void* dst, size_t len, uint64_t& lat, const MemAttrs&) override {
        ++reads;
        bytes_read += len;
        lat += m_latency_ps;
        if (auto st = fault(addr, len, true); st != MemStatus::OK) return st;
        if (!m_mem.in_range(addr, len)) return MemStatus::DECODE_ERROR;
        m_mem.read(addr, dst, len);
        return MemStatus::OK;
    }
    MemStatus write(uint64_t addr, const void* src, size_t len, uint64_t& lat,
                    const MemAttrs&) override {
        ++writes;
        bytes_written += len;
        lat += m_latency_ps;
        if (auto st = fault(addr, len, false); st != MemStatus::OK) return st;
        if (!m_mem.in_range(addr, len)) return MemStatus::DECODE_ERROR;
        m_mem.write(addr, src, len);
        return MemStatus::OK;
    }

    // Backdoor access (no counting, no latency, no faults).
    void poke64(uint64_t addr, uint64_t v) { m_mem.write(addr, &v, 8); }
    uint64_t peek64(uint64_t addr) const {
        uint64_t v = 0;
        m_mem.read(addr, &v, 8);
        return v;
    }
    void poke32(uint64_t addr, uint32_t v) { m_mem.write(addr, &v, 4); }
    uint32_t peek32(uint64_t addr) const {
        uint32_t v = 0;
        m_mem.read(addr, &v, 4);
        return v;
    }
    SparseMemory& mem() { return m_mem; }
    void set_latency_ps(uint64_t l) { m_latency_ps = l; }
    void reset_counts() { reads = writes = bytes_read = bytes_written = 0; }

    uint64_t reads = 0, writes = 0, bytes_read = 0, bytes_written = 0;

private:
    MemStatus fault(uint64_t addr, size_t len, bool is_read) const {
        for (const auto& f : m_faults) {
            if ((is_read ? f.on_read : f.on_write) && addr <= f.hi && addr + len - 1 >= f.lo) return f.status;
        }
        return MemStatus::OK;
    }
    SparseMemory m_mem;
    uint64_t m_latency_ps;
    std::vector<Fault> m_faults;
};

}  // namespace gsim::test
