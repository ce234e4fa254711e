#include "recorder.h"

#include <cstring>

#include "config_error.h"
#include "config_registry.h"
#include "sysc/sim_time.h"
#include "top.h"

namespace platform {

TraceRecorder::TraceRecorder(const std::string& path, Platform& top, const ConfigRegistry& reg)
    : m_out(path) {
    if (!m_out) throw ConfigError(path + ": cannot write the trace");
    m_writer = std::make_unique<traces::TraceWriter>(m_out);
    std::vector<traces::ConfigEntry> cfg;
    for (const auto* e : reg.non_default()) cfg.push_back({e->key, reg.current_text(*e), 0});
    m_writer->write_header(cfg);
    m_writer->comment("recorded by grace-sim --trace-out: the software's transactions on the interconnect");
    const uint64_t dram_lo = top.dram_base(), dram_hi = top.dram_base() + top.dram().size();
    const int first_sw = top.first_software_initiator();
    top.bus().set_observer([this, dram_lo, dram_hi, first_sw](int id, const tlm::tlm_generic_payload& gp,
                                                              const sc_core::sc_time& at) {
        if (id < first_sw || !gp.is_response_ok()) return;
        const uint64_t addr = gp.get_address();
        const unsigned len = gp.get_data_length();
        const bool dram = addr >= dram_lo && addr - dram_lo + len <= dram_hi - dram_lo;
        if (dram && gp.is_read()) return;
        auto it = m_cpu_of.find(id);
        if (it == m_cpu_of.end()) it = m_cpu_of.emplace(id, static_cast<unsigned>(m_cpu_of.size())).first;
        traces::TraceOp op;
        op.cpu = it->second;
        op.has_t = true;
        op.t_ns = gsim::sysc::to_ns(at);
        op.addr = addr;
        if (dram) {
            op.kind = traces::OpKind::MEM_WRITE;
            op.data.assign(gp.get_data_ptr(), gp.get_data_ptr() + len);
        } else {
            if (len != 1 && len != 2 && len != 4 && len != 8) return;
            uint64_t v = 0;
            std::memcpy(&v, gp.get_data_ptr(), len);
            op.size = len;
            if (gp.is_write()) {
                op.kind = traces::OpKind::WRITE;
                op.value = v;
            } else {
                op.kind = traces::OpKind::READ;
                op.has_expect = true;
                op.mask = len == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * len)) - 1;
                op.expect = v;
            }
        }
        m_writer->write(op);
    });
}

TraceRecorder::~TraceRecorder() { m_out.flush(); }

}  // namespace platform
