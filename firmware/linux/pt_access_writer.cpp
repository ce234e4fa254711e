// grace-sim: page-table writer with deferred timing (see pt_access_writer.h).
#include "linux/pt_access_writer.h"

namespace fw::linux_model {

bool PtAccessWriter::write64(uint64_t pa, uint64_t value) {
    uint64_t v = value;
    const bool ok =
        m_port.debug(tlm::TLM_WRITE_COMMAND, pa, reinterpret_cast<uint8_t*>(&v), 8) == 8;
    if (ok && m_logging) m_log.push_back({pa, value, true});
    return ok;
}

bool PtAccessWriter::read64(uint64_t pa, uint64_t& value) {
    uint64_t v = 0;
    const bool ok = m_port.debug(tlm::TLM_READ_COMMAND, pa, reinterpret_cast<uint8_t*>(&v), 8) == 8;
    if (ok) {
        value = v;
        if (m_logging) m_log.push_back({pa, v, false});
    }
    return ok;
}

std::vector<PtAccessWriter::Access> PtAccessWriter::take_log() {
    std::vector<Access> out;
    out.swap(m_log);
    return out;
}

uint64_t PtAccessWriter::replay(Cpu& cpu, const std::vector<Access>& log) {
    gsim::MemPort& port = cpu.mem_port();
    uint64_t unused = 0;
    for (const Access& a : log) {
        if (a.write) {
            uint64_t now = 0;  // the current value: the replay only costs time
            m_port.debug(tlm::TLM_READ_COMMAND, a.pa, reinterpret_cast<uint8_t*>(&now), 8);
            port.write64(a.pa, now, unused);
        } else {
            uint64_t v = 0;
            port.read64(a.pa, v, unused);
        }
    }
    return log.size();
}

}  // namespace fw::linux_model
