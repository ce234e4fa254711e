// grace-sim: page-table writer with deferred timing (see pt_access_writer.h).
#include "linux/pt_access_writer.h"

#include <algorithm>

namespace fw::linux_model {

bool PtAccessWriter::write64(uint64_t pa, uint64_t value) {
    uint64_t v = value;
    const bool ok =
        m_port.debug(tlm::TLM_WRITE_COMMAND, pa, reinterpret_cast<uint8_t*>(&v), 8) == 8;
    if (ok && m_logging) m_log.push_back({pa, true});
    return ok;
}

bool PtAccessWriter::read64(uint64_t pa, uint64_t& value) {
    uint64_t v = 0;
    const bool ok = m_port.debug(tlm::TLM_READ_COMMAND, pa, reinterpret_cast<uint8_t*>(&v), 8) == 8;
    if (ok) {
        value = v;
        if (m_logging) m_log.push_back({pa, false});
    }
    return ok;
}

uint64_t PtAccessWriter::replay_log(Cpu& cpu) {
    // The replay may yield and another CPU may edit (and log) meanwhile: replay from a buffer
    // of our own. Buffers are recycled so that their storage is kept.
    std::vector<Access> log = m_spare.take();
    log.swap(m_log);
    const uint64_t n = replay(cpu, log);
    m_spare.give_back(std::move(log));
    return n;
}

uint64_t PtAccessWriter::replay(Cpu& cpu, const std::vector<Access>& log) {
    AgentPort& port = cpu.port();
    constexpr uint64_t PAGE_MASK = ~uint64_t{0xfff};
    // A CPU port charges every access it can take without a transaction the same (cached) cost:
    // when each logged access is one, the replay is their count times that cost, in one step,
    // as the runs below would add it. An edit touches the same few table pages again and again,
    // and the port remembers which pages it found covered.
    if (port.cached_cost()) {
        bool all = true;
        for (const Access& a : log) {
            if (!port.page_cost_only(a.pa & PAGE_MASK, !a.write)) {
                all = false;
                break;
            }
        }
        if (all) {
            port.charge_cached(log.size());
            return log.size();
        }
    }
    gsim::MemPort& mem = cpu.mem_port();
    uint64_t unused = 0;
    // Accesses to memory the CPU holds a DMI pointer for move no data here (the operation
    // already did, through the debug path) and cost what transport() charges: their time is
    // summed and advanced once per run of them. The others are issued as timed accesses.
    sc_core::sc_time acc = sc_core::SC_ZERO_TIME;
    size_t i = 0;
    while (i < log.size()) {
        // The accesses to one 4 KiB page in a row: when one DMI pointer covers their span for
        // each kind of access among them, they cost what they would one by one.
        const uint64_t page = log[i].pa & PAGE_MASK;
        uint64_t lo = log[i].pa, hi = log[i].pa + 8, reads = 0, writes = 0;
        size_t end = i;
        for (; end < log.size() && (log[end].pa & PAGE_MASK) == page; ++end) {
            lo = std::min(lo, log[end].pa);
            hi = std::max(hi, log[end].pa + 8);
            ++(log[end].write ? writes : reads);
        }
        if (port.cost_only(lo, hi - lo, reads, writes, acc)) {
            i = end;
            continue;
        }
        for (; i < end; ++i) {
            const Access& a = log[i];
            const tlm::tlm_command cmd = a.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND;
            if (port.cost_only(cmd, a.pa, 8, acc)) continue;
            if (acc != sc_core::SC_ZERO_TIME) {
                port.charge(acc);
                acc = sc_core::SC_ZERO_TIME;
            }
            if (a.write) {
                uint64_t now = 0;  // the current value: the replay only costs time
                m_port.debug(tlm::TLM_READ_COMMAND, a.pa, reinterpret_cast<uint8_t*>(&now), 8);
                mem.write64(a.pa, now, unused);
            } else {
                uint64_t v = 0;
                mem.read64(a.pa, v, unused);
            }
        }
    }
    if (acc != sc_core::SC_ZERO_TIME) port.charge(acc);
    return log.size();
}

}  // namespace fw::linux_model
