#include "smmuv3/core/cmd_queue.h"

#include <algorithm>

namespace smmu::core {

CommandQueue::CommandQueue(std::string name, unsigned addr_hi, unsigned max_log2size)
    : m_name(std::move(name)), m_addr_hi(addr_hi), m_max_log2size(std::min(max_log2size, 19u)) {}

void CommandQueue::set_base(uint64_t v) {
    uint64_t keep = gsim::mask(m_addr_hi, 5) | gsim::mask(4, 0) | (uint64_t{1} << 62);
    m_base = v & keep;
    m_log2size = std::min<unsigned>(static_cast<unsigned>(v & 0x1f), m_max_log2size);
    m_prod &= index_wrap_mask();
    m_cons &= index_wrap_mask();
    m_cons_visible &= index_wrap_mask();
}

uint64_t CommandQueue::queue_addr() const {
    uint64_t bytes = uint64_t{16} << m_log2size;
    return (m_base & gsim::mask(m_addr_hi, 5)) & ~(bytes - 1);
}

void CommandQueue::commit(uint64_t now_ps) {
    if (m_pending_at && now_ps >= m_pending_at) {
        m_cons_visible = m_cons;
        m_err_visible = m_err;
        m_pending_at = 0;
    }
}

uint32_t CommandQueue::cons(uint64_t now_ps) {
    commit(now_ps);
    return m_cons_visible | (uint32_t(m_err_visible) << 24);
}

void CommandQueue::set_cons(uint32_t v) {
    m_cons = m_cons_visible = v & index_wrap_mask();
    m_err = m_err_visible = static_cast<CError>((v >> 24) & 0x7f);
    m_pending_at = 0;
}

void CommandQueue::halt(CError e) {
    m_err = m_err_visible = e;
    m_halted = true;
}

bool CommandQueue::full() const {
    return idx(m_cons) == idx(m_prod) && wrap(m_cons) != wrap(m_prod);
}

uint32_t CommandQueue::occupancy() const {
    uint32_t n = entries();
    uint32_t p = idx(m_prod), c = idx(m_cons);
    if (wrap(m_prod) == wrap(m_cons)) return p - c;
    return n - c + p;
}

bool CommandQueue::ready(uint64_t now_ps) const {
    if (!m_enabled || m_halted || m_cons == m_prod) return false;
    return m_pending_at == 0 || now_ps >= m_pending_at;
}

BatchResult CommandQueue::run_batch(CommandExecutor& exec, gsim::MemPort& mem, uint64_t now_ps,
                                    const BatchLimits& limits, const gsim::MemAttrs& attrs) {
    BatchResult r;
    commit(now_ps);
    if (!ready(now_ps)) return r;

    const uint64_t qaddr = queue_addr();
    const unsigned burst_max = std::max(1u, limits.fetch_burst);
    uint64_t t = now_ps;
    uint64_t buf[2 * 64];  // fetched entries, two words each (uninitialised: Command's zeroing
                           // constructor would write 1 KiB per batch)
    unsigned buf_n = 0, buf_i = 0;

    auto fail = [&](CError e, const Command* cmd) {
        // CONS points at the failing command and ERR names the error from the time the
        // command fails, as CONS progress is published: software reading CONS (or GERROR)
        // earlier sees the queue as it was.
        m_err = e;
        m_halted = true;
        if (t > now_ps) {
            m_pending_at = t;
        } else {
            m_cons_visible = m_cons;
            m_err_visible = m_err;
        }
        r.error = e;
        if (cmd) r.failed_cmd = *cmd;
        r.busy_ps = t - now_ps;
    };

    while (m_cons != m_prod && r.executed < limits.max_cmds && (t - now_ps) < limits.max_ps) {
        if (buf_i == buf_n) {
            // Fetch the next burst: contiguous slots up to PROD, the end of the ring and the limits.
            uint32_t avail = (wrap(m_prod) == wrap(m_cons)) ? idx(m_prod) - idx(m_cons)
                                                            : entries() - idx(m_cons);
            unsigned want = std::min<unsigned>({avail, burst_max, 64u,
                                                limits.max_cmds - r.executed});
            uint64_t lat = 0;
            gsim::MemStatus st = mem.read(qaddr + uint64_t{16} * idx(m_cons), buf, size_t{16} * want,
                                          lat, attrs);
            ++r.fetches;
            t += lat + limits.fetch_overhead_ps;
            if (!gsim::ok(st)) {
                fail(CError::ABT, nullptr);
                return r;
            }
            buf_n = want;
            buf_i = 0;
        }
        Command cmd;
        cmd.d0 = buf[2 * buf_i];
        cmd.d1 = buf[2 * buf_i + 1];
        ++buf_i;
        if (m_filter) {
            CError e = m_filter->filter(cmd);
            if (e != CError::NONE) {
                fail(e, &cmd);
                return r;
            }
        }
        CmdOutcome out = exec.execute(cmd, m_ctx, t);
        if (out.err != CError::NONE) {
            fail(out.err, &cmd);
            return r;
        }
        t += out.issue_ps;
        m_cons = inc(m_cons);
        if (m_err != CError::NONE) m_err = CError::NONE;  // progress after an acknowledged error
        ++r.executed;
        if (cmd.op() == CMD_SYNC) {
            ++r.syncs;
            if (out.complete_ps > t) {
                r.sync_pending = true;
                r.sync_wait_ps = out.complete_ps - t;
                m_pending_at = out.complete_ps;
                r.busy_ps = t - now_ps;
                return r;
            }
        }
    }
    r.busy_ps = t - now_ps;
    if (r.busy_ps == 0) {
        m_cons_visible = m_cons;
        m_err_visible = m_err;
    } else {
        m_pending_at = t;
    }
    return r;
}

}  // namespace smmu::core
