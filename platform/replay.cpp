#include "replay.h"

#include <cinttypes>
#include <cstdio>

#include "sysc/sim_time.h"
#include "top.h"

namespace platform {

using sc_core::sc_time;
using sc_core::SC_NS;

static std::string hex(uint64_t v) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

static std::string hex_bytes(const std::vector<uint8_t>& d) {
    std::string s;
    char b[4];
    for (uint8_t x : d) {
        std::snprintf(b, sizeof b, "%02x", x);
        s += b;
    }
    return s;
}

ReplayAgent::ReplayAgent(const sc_core::sc_module_name& name, ReplayContext& ctx, gsim::StatGroup stats)
    : SwAgent(name, stats), m_ctx(ctx) {
    if (ctx.params.posted_writes) main_port().set_posted_writes(sc_core::SC_ZERO_TIME);
}

void ReplayAgent::run() {
    for (const traces::TraceOp* op : m_ops) {
        if (op->has_t) {
            sc_time t(double(op->t_ns), SC_NS);
            if (local_time() < t) compute(t - local_time());
        }
        execute(*op);
        ++m_ctx.ops_done;
    }
}

bool ReplayAgent::backdoor(bool write, uint64_t addr, uint8_t* data, size_t len) {
    sync();  // a backdoor access happens at the kernel's time: bring it to the op's time
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(static_cast<unsigned>(len));
    gp.set_streaming_width(static_cast<unsigned>(len));
    return bus_out->transport_dbg(gp) == len;
}

void ReplayAgent::execute(const traces::TraceOp& op) {
    using traces::OpKind;
    const int line = op.line;
    switch (op.kind) {
        case OpKind::MEM_WRITE: {
            std::vector<uint8_t> d = op.data;
            if (!backdoor(true, op.addr, d.data(), d.size())) {
                m_ctx.fail(line, "mem_write at " + hex(op.addr) + ": no memory there");
            }
            return;
        }
        case OpKind::MEM_EXPECT: {
            ++m_ctx.checks;
            std::vector<uint8_t> got(op.data.size());
            if (!backdoor(false, op.addr, got.data(), got.size())) {
                m_ctx.fail(line, "mem_expect at " + hex(op.addr) + ": no memory there");
                return;
            }
            std::vector<uint8_t> masked(got.size()), want(got.size());
            for (size_t i = 0; i < got.size(); ++i) {
                uint8_t m = op.data_mask.empty() ? 0xff : op.data_mask[i];
                masked[i] = got[i] & m;
                want[i] = op.data[i] & m;
            }
            if (masked != want) {
                m_ctx.fail(line, "mem_expect at " + hex(op.addr) + ": expected " + hex_bytes(want) +
                                     ", got " + hex_bytes(masked));
            }
            return;
        }
        case OpKind::WRITE: {
            fw::Access a = write(op.addr, op.size, op.value);
            if (a != fw::Access::OK) {
                m_ctx.fail(line, "write of " + hex(op.value) + " at " + hex(op.addr) + ": bus " +
                                     fw::access_name(a));
            }
            return;
        }
        case OpKind::READ: {
            uint64_t v = 0;
            fw::Access a = read(op.addr, op.size, v);
            if (a != fw::Access::OK) {
                m_ctx.fail(line, "read at " + hex(op.addr) + ": bus " + fw::access_name(a));
                return;
            }
            if (op.has_expect) {
                ++m_ctx.checks;
                if ((v & op.mask) != op.expect) {
                    m_ctx.fail(line, "read at " + hex(op.addr) + ": expected " + hex(op.expect) +
                                         " (mask " + hex(op.mask) + "), got " + hex(v & op.mask) +
                                         " (raw " + hex(v) + ")");
                }
            }
            return;
        }
        case OpKind::POLL: {
            ++m_ctx.checks;
            fw::PollResult r = poll(op.addr, op.size, op.mask, op.value, sc_time(double(op.timeout_ns), SC_NS),
                                    sc_time(double(m_ctx.params.poll_interval_ns), SC_NS));
            if (r.status != fw::Access::OK) {
                m_ctx.fail(line, "poll at " + hex(op.addr) + ": bus " + fw::access_name(r.status));
            } else if (!r.matched) {
                m_ctx.fail(line, "poll at " + hex(op.addr) + ": timed out after " +
                                     std::to_string(op.timeout_ns) + " ns waiting for " + hex(op.value) +
                                     " (mask " + hex(op.mask) + "), last read " + hex(r.value & op.mask) +
                                     " (raw " + hex(r.value) + ")");
            }
            return;
        }
        case OpKind::WAIT:
            compute(sc_time(double(op.ns), SC_NS));
            return;
        case OpKind::DMA: {
            ++m_ctx.checks;
            sync();
            DmaRequest rq;
            rq.sid = op.sid;
            rq.ssv = op.has_ssid;
            rq.ssid = op.ssid;
            rq.iova = op.iova;
            rq.write = op.dma_write;
            std::vector<uint8_t> buf = op.dma_write ? op.data : std::vector<uint8_t>(op.size, 0);
            sc_time delay = sc_core::SC_ZERO_TIME;
            tlm::tlm_response_status st = m_ctx.platform.dma().transact(rq, buf, delay);
            compute(delay);
            sync();
            const bool ok = st == tlm::TLM_OK_RESPONSE;
            std::string what = std::string("dma ") + (op.dma_write ? "write" : "read") + " sid " +
                               std::to_string(op.sid) + " iova " + hex(op.iova);
            if (ok != op.expect_ok) {
                m_ctx.fail(line, what + ": expected " + (op.expect_ok ? "ok" : "abort") + ", got " +
                                     (ok ? "ok" : "abort"));
            } else if (ok && !op.dma_write && !op.expect_data.empty() && buf != op.expect_data) {
                m_ctx.fail(line, what + ": expected data " + hex_bytes(op.expect_data) + ", got " +
                                     hex_bytes(buf));
            }
            return;
        }
        case OpKind::IRQ_EXPECT: {
            ++m_ctx.checks;
            sync();
            gsim::sysc::IrqLine* l = m_ctx.platform.irq(op.line_name);
            if (!l) {
                m_ctx.fail(line, "irq_expect: no interrupt line '" + op.line_name + "' on this platform");
                return;
            }
            uint64_t& seen = m_ctx.irq_edges_seen[op.line_name];
            const bool rose = l->rising_edges() > seen;
            const bool held = op.asserted ? (l->level() || rose) : (!l->level() && !rose);
            if (!held) {
                m_ctx.fail(line, "irq_expect " + op.line_name + ": expected " +
                                     (op.asserted ? "asserted" : "deasserted") + ", line is " +
                                     (l->level() ? "high" : "low") +
                                     (rose ? " and rose since the last check" : ""));
            }
            seen = l->rising_edges();
            return;
        }
        case OpKind::MSI_EXPECT: {
            ++m_ctx.checks;
            sync();
            auto& msi = m_ctx.platform.msi();
            const soc::MsiRecord* r = msi.peek_unchecked();
            if (!r) {
                m_ctx.fail(line, "msi_expect " + hex(op.value) + " at " + hex(op.addr) +
                                     ": no unchecked MSI write received");
                return;
            }
            if (r->addr != op.addr || r->data != static_cast<uint32_t>(op.value)) {
                m_ctx.fail(line, "msi_expect: expected " + hex(op.value) + " at " + hex(op.addr) +
                                     ", oldest unchecked MSI is " + hex(r->data) + " at " + hex(r->addr));
            }
            msi.consume();
            return;
        }
    }
}

std::vector<std::unique_ptr<ReplayAgent>> make_replay_agents(Platform& p, ReplayContext& ctx,
                                                             const traces::Trace& trace,
                                                             gsim::Stats& stats) {
    std::vector<std::unique_ptr<ReplayAgent>> agents;
    for (unsigned c = 0; c <= trace.max_cpu; ++c) {
        std::string n = "replay_cpu" + std::to_string(c);
        agents.push_back(std::make_unique<ReplayAgent>(n.c_str(), ctx, gsim::StatGroup(stats, n)));
        p.attach_agent(*agents.back());
    }
    for (const auto& op : trace.ops) agents[op.cpu]->add(&op);
    return agents;
}

}  // namespace platform
