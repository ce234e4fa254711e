// grace-sim Tegra241 CMDQV: the pure core. See cmdqv_core.h and models/cmdqv/README.md.
#include "cmdqv/core/cmdqv_core.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace cmdqv::core {

using smmu::core::BatchLimits;
using smmu::core::BatchResult;
using smmu::core::CError;

namespace {

void check_params(const CmdqvParams& p) {
    if (p.num_vcmdqs_log2 > 7) throw std::invalid_argument("cmdqv: num_vcmdqs_log2 > 7");
    if (p.num_vintfs_log2 > 6) throw std::invalid_argument("cmdqv: num_vintfs_log2 > 6");
    if (p.num_vintfs_log2 > p.num_vcmdqs_log2)
        throw std::invalid_argument("cmdqv: more VINTFs than VCMDQs");
    if (p.num_sids_per_vintf_log2 > 4)
        throw std::invalid_argument("cmdqv: num_sids_per_vintf_log2 > 4 (VINTF block layout)");
    if (p.guest_illegal_cerror < 1 || p.guest_illegal_cerror > 4 || p.sid_miss_cerror < 1 ||
        p.sid_miss_cerror > 4)
        throw std::invalid_argument("cmdqv: CERROR codes must be 1..4");
    if (p.alloc_order_violation != "ignore" && p.alloc_order_violation != "reject" &&
        p.alloc_order_violation != "error")
        throw std::invalid_argument("cmdqv: alloc_order_violation must be ignore|reject|error");
    if (p.cs_on_vcmdq != "as_none" && p.cs_on_vcmdq != "ill")
        throw std::invalid_argument("cmdqv: cs_on_vcmdq must be as_none|ill");
    if (p.irq_mode != "edge" && p.irq_mode != "level")
        throw std::invalid_argument("cmdqv: irq_mode must be edge|level");
    if (p.clk_batch_unit == 0) throw std::invalid_argument("cmdqv: clk_batch_unit must be > 0");
    if (p.smmu_clock_mhz == 0) throw std::invalid_argument("cmdqv: smmu_clock_mhz must be > 0");
}

const CmdqvParams& checked(const CmdqvParams& p) {
    check_params(p);
    return p;
}

}  // namespace

CmdqvCore::CmdqvCore(const CmdqvParams& params, gsim::MemPort& mem, gsim::IrqSink& cmdqv_irq,
                     gsim::StatGroup stats)
    : m_params(checked(params)),
      m_mem(mem),
      m_irq(cmdqv_irq),
      m_stats(stats),
      m_log(stats.prefix().empty() ? "cmdqv" : stats.prefix()),
      m_alloc_violations(m_stats.counter("alloc_order_violations")),
      m_bad_accesses(m_stats.counter("bad_accesses")),
      m_irq_pulses(m_stats.counter("irq_signals")),
      m_config(params.config_reset_value()),
      m_en(params.config_en_reset),
      m_alloc(params.num_vcmdqs(), 0),
      m_map(size_t{regs::MAX_LVCMDQS} * params.num_vintfs(), -1),
      m_edge(params.irq_mode == "edge"),
      m_source_of(params.num_vcmdqs(), -1) {
    for (unsigned v = 0; v < m_params.num_vintfs(); ++v) {
        m_vintfs.push_back(std::make_unique<Vintf>(v, m_params.num_sids(),
                                                   m_stats.sub("vintf" + std::to_string(v))));
    }
    for (unsigned q = 0; q < m_params.num_vcmdqs(); ++q) {
        m_vcmdqs.push_back(
            std::make_unique<Vcmdq>(q, m_params, m_stats.sub("vcmdq" + std::to_string(q))));
    }
    m_en.track(&m_handshakes_settle_by);
    for (auto& v : m_vintfs) v->track_handshake(&m_handshakes_settle_by);
    for (auto& q : m_vcmdqs) q->track_handshake(&m_handshakes_settle_by);
    rebuild_map();
}

// ---------------------------------------------------------------------------------------
// MMIO decode

bool CmdqvCore::is_64bit_register(uint64_t off) const {
    if (off == regs::VINTF_ERR_MAP || off == regs::VINTF_INT_MASK) return true;
    if (off >= regs::VINTF_BLOCK && off < regs::vintf_block(num_vintfs())) {
        uint64_t rel = (off - regs::VINTF_BLOCK) % regs::VINTF_BLOCK_STRIDE;
        return rel == regs::VINTF_LVCMDQ_ERR_MAP || rel == regs::VINTF_LVCMDQ_ERR_MAP + 8;
    }
    bool page1 = (off >= regs::DIRECT_PAGE1 && off < regs::DIRECT_PAGE1 + regs::PAGE_SIZE) ||
                 (off >= regs::VINTF_PAGE0 &&
                  (off - regs::VINTF_PAGE0) % regs::VINTF_PAGE_STRIDE >= regs::VINTF_PAGE1_OFFSET);
    if (page1) {
        uint64_t rel = off % regs::VCMDQ_STRIDE;
        return rel == regs::VCMDQ_BASE_L || rel == regs::VCMDQ_CONS_INDX_BASE_L;
    }
    return false;
}

bool CmdqvCore::mmio_read(uint64_t off, unsigned size, uint64_t& v, uint64_t now_ps) {
    advance(now_ps);
    v = 0;
    if (off >= aperture_size() || off + size > aperture_size() || (off % 4) != 0 ||
        (size != 4 && size != 8) || (size == 8 && !is_64bit_register(off))) {
        ++m_bad_accesses;
        m_log.debug("bad read at 0x%llx size %u", static_cast<unsigned long long>(off), size);
        return false;
    }
    v = read32(off, now_ps);
    if (size == 8) {
        m_second_half = true;  // one access: counted once
        v |= uint64_t{read32(off + 4, now_ps)} << 32;
        m_second_half = false;
    }
    return true;
}

bool CmdqvCore::mmio_write(uint64_t off, unsigned size, uint64_t v, uint64_t now_ps) {
    advance(now_ps);
    if (off >= aperture_size() || off + size > aperture_size() || (off % 4) != 0 ||
        (size != 4 && size != 8) || (size == 8 && !is_64bit_register(off))) {
        ++m_bad_accesses;
        m_log.debug("bad write at 0x%llx size %u", static_cast<unsigned long long>(off), size);
        return false;
    }
    write32(off, static_cast<uint32_t>(v), now_ps);
    if (size == 8) {
        m_second_half = true;
        write32(off + 4, static_cast<uint32_t>(v >> 32), now_ps);
        m_second_half = false;
    }
    regate(now_ps);
    update_irq();
    return true;
}

int CmdqvCore::resolve_logical(unsigned vintf, unsigned slot) {
    int q = slot < regs::MAX_LVCMDQS ? mapped_vcmdq(vintf, slot) : -1;
    if (q < 0 && !m_second_half) ++m_vintfs[vintf]->stats().unmapped_accesses;
    return q;
}

CmdqvCore::Target CmdqvCore::decode(uint64_t off) {
    Target t;
    if (off < regs::DIRECT_PAGE0) {
        if (off < regs::VINTF_BLOCK) {
            t.kind = Target::GLOBAL;
            t.rel = off;
        } else if (off < regs::vintf_block(num_vintfs())) {
            t.kind = Target::VINTF_BLOCK;
            t.index = static_cast<unsigned>((off - regs::VINTF_BLOCK) / regs::VINTF_BLOCK_STRIDE);
            t.rel = (off - regs::VINTF_BLOCK) % regs::VINTF_BLOCK_STRIDE;
        }
        return t;  // otherwise reserved: NONE
    }
    bool page1 = false;
    int q = -1;
    uint64_t rel = 0;
    if (off < regs::VINTF_PAGE0) {  // direct windows: always reach the global queue
        page1 = off >= regs::DIRECT_PAGE1;
        rel = off - (page1 ? regs::DIRECT_PAGE1 : regs::DIRECT_PAGE0);
        uint64_t g = rel / regs::VCMDQ_STRIDE;
        q = g < num_vcmdqs() ? static_cast<int>(g) : -1;
    } else {  // VINTF logical windows: alias the mapped global queue, if any
        rel = off - regs::VINTF_PAGE0;
        unsigned i = static_cast<unsigned>(rel / regs::VINTF_PAGE_STRIDE);
        rel %= regs::VINTF_PAGE_STRIDE;
        page1 = rel >= regs::VINTF_PAGE1_OFFSET;
        rel %= regs::PAGE_SIZE;
        q = resolve_logical(i, static_cast<unsigned>(rel / regs::VCMDQ_STRIDE));
    }
    if (q >= 0) {
        t.kind = page1 ? Target::PAGE1 : Target::PAGE0;
        t.index = static_cast<unsigned>(q);
        t.rel = rel % regs::VCMDQ_STRIDE;
    }
    return t;
}

uint32_t CmdqvCore::read32(uint64_t off, uint64_t now_ps) {
    const Target t = decode(off);
    switch (t.kind) {
    case Target::GLOBAL: return read_global(t.rel, now_ps);
    case Target::VINTF_BLOCK: return read_vintf_block(t.index, t.rel, now_ps);
    case Target::PAGE0: return m_vcmdqs[t.index]->read_page0(t.rel, now_ps);
    case Target::PAGE1: return m_vcmdqs[t.index]->read_page1(t.rel);
    case Target::NONE: break;
    }
    return 0;  // reserved or unmapped logical slot: RAZ
}

void CmdqvCore::write32(uint64_t off, uint32_t v, uint64_t now_ps) {
    const Target t = decode(off);
    // The gates (regate) depend on the CMDQV, VINTF and VCMDQ enables and on the allocation:
    // a register write may change one of them, except a doorbell (VCMDQ_PROD), which only
    // moves a queue's producer index. So after a PROD write the next pass has nothing to do
    // unless time settled a handshake, which regate() checks by itself.
    if (!(t.kind == Target::PAGE0 && t.rel == regs::VCMDQ_PROD)) m_gates_dirty = true;
    switch (t.kind) {
    case Target::GLOBAL: write_global(t.rel, v, now_ps); break;
    case Target::VINTF_BLOCK: write_vintf_block(t.index, t.rel, v, now_ps); break;
    case Target::PAGE0: m_vcmdqs[t.index]->write_page0(t.rel, v, now_ps); break;
    case Target::PAGE1: m_vcmdqs[t.index]->write_page1(t.rel, v, now_ps); break;
    case Target::NONE: break;  // reserved or unmapped logical slot: WI
    }
}

uint32_t CmdqvCore::read_global(uint64_t off, uint64_t now_ps) {
    switch (off) {
    case regs::CONFIG: return m_config;
    case regs::PARAM: return m_params.param_value();
    case regs::STATUS: return m_en.status(now_ps) ? 1u : 0u;
    case regs::VINTF_ERR_MAP: return static_cast<uint32_t>(vintf_err_map());
    case regs::VINTF_ERR_MAP + 4: return static_cast<uint32_t>(vintf_err_map() >> 32);
    case regs::VINTF_INT_MASK: return static_cast<uint32_t>(m_int_mask);
    case regs::VINTF_INT_MASK + 4: return static_cast<uint32_t>(m_int_mask >> 32);
    default: break;
    }
    if (off >= regs::CMDQ_ERR_MAP && off < regs::CMDQ_ERR_MAP + 4 * regs::CMDQ_ERR_MAP_WORDS) {
        return cmdq_err_map(static_cast<unsigned>((off - regs::CMDQ_ERR_MAP) / 4));
    }
    if (off >= regs::CMDQ_ALLOC && off < regs::CMDQ_ALLOC + 4 * num_vcmdqs()) {
        return m_alloc[(off - regs::CMDQ_ALLOC) / 4];
    }
    return 0;
}

void CmdqvCore::write_global(uint64_t off, uint32_t v, uint64_t now_ps) {
    if (off == regs::CONFIG) {
        m_config = v & regs::CONFIG_WRITABLE;
        m_en.request(regs::CONFIG_EN.get(m_config) != 0, now_ps, m_params.cmdqv_enable_ns * 1000);
        if (m_arb) {
            for (unsigned q = 0; q < num_vcmdqs(); ++q) {
                if (m_source_of[q] >= 0) m_arb->source(size_t(m_source_of[q])).limits = batch_limits();
            }
        }
        return;
    }
    if (off == regs::VINTF_INT_MASK || off == regs::VINTF_INT_MASK + 4) {
        uint64_t old = m_int_mask;
        uint64_t valid = num_vintfs() >= 64 ? ~uint64_t{0} : ((uint64_t{1} << num_vintfs()) - 1);
        if (off == regs::VINTF_INT_MASK) {
            m_int_mask = (m_int_mask & ~uint64_t{0xffffffff}) | v;
        } else {
            m_int_mask = (m_int_mask & uint64_t{0xffffffff}) | (uint64_t{v} << 32);
        }
        m_int_mask &= valid;
        if (m_edge) {
            // Unmasking a VINTF that has an error pending signals it (it was held back).
            uint64_t unmasked = old & ~m_int_mask & vintf_err_map();
            if (unmasked) {
                ++m_irq_pulses;
                m_irq.pulse();
            }
        }
        return;
    }
    if (off >= regs::CMDQ_ALLOC && off < regs::CMDQ_ALLOC + 4 * num_vcmdqs()) {
        write_alloc(static_cast<unsigned>((off - regs::CMDQ_ALLOC) / 4), v);
    }
    // PARAM, STATUS, error maps: RO. Everything else: reserved, WI.
}

uint32_t CmdqvCore::read_vintf_block(unsigned v, uint64_t off, uint64_t now_ps) {
    Vintf& vi = *m_vintfs[v];
    switch (off) {
    case regs::VINTF_CONFIG: return vi.config();
    case regs::VINTF_STATUS: {
        unsigned mapped = 0;
        for (unsigned l = 0; l < regs::MAX_LVCMDQS; ++l) mapped += mapped_vcmdq(v, l) >= 0;
        bool err = (vintf_err_map() >> v) & 1;
        uint64_t s = regs::VINTF_STATUS_ENABLED.make(vi.enabled(now_ps)) |
                     regs::VINTF_STATUS_STATUS.make(err ? 1 : 0) |
                     regs::VINTF_STATUS_VI_NUM_LVCMDQ.make(mapped);
        return static_cast<uint32_t>(s);
    }
    case regs::VINTF_GLB_FILT_CFG: return vi.glb_filt_cfg;
    case regs::VINTF_GLB_FILT_DATA: return vi.glb_filt_data;
    default: break;
    }
    if (off >= regs::VINTF_SID_MATCH && off < regs::VINTF_SID_MATCH + 4 * vi.num_sids()) {
        return vi.sid_match(static_cast<unsigned>((off - regs::VINTF_SID_MATCH) / 4));
    }
    if (off >= regs::VINTF_SID_REPLACE && off < regs::VINTF_SID_REPLACE + 4 * vi.num_sids()) {
        return vi.sid_replace(static_cast<unsigned>((off - regs::VINTF_SID_REPLACE) / 4));
    }
    if (off >= regs::VINTF_LVCMDQ_ERR_MAP && off < regs::VINTF_LVCMDQ_ERR_MAP + 16) {
        return lvcmdq_err_map(v, static_cast<unsigned>((off - regs::VINTF_LVCMDQ_ERR_MAP) / 4));
    }
    return 0;
}

void CmdqvCore::write_vintf_block(unsigned v, uint64_t off, uint32_t val, uint64_t now_ps) {
    Vintf& vi = *m_vintfs[v];
    switch (off) {
    case regs::VINTF_CONFIG: vi.write_config(val, now_ps, m_params.vintf_enable_ns * 1000); return;
    case regs::VINTF_GLB_FILT_CFG:
        vi.glb_filt_cfg = val;
        m_log.unimp_once("GLB_FILT", "VINTF GLB_FILT_CFG/DATA are stored without effect");
        return;
    case regs::VINTF_GLB_FILT_DATA:
        vi.glb_filt_data = val;
        m_log.unimp_once("GLB_FILT", "VINTF GLB_FILT_CFG/DATA are stored without effect");
        return;
    default: break;
    }
    if (off >= regs::VINTF_SID_MATCH && off < regs::VINTF_SID_MATCH + 4 * vi.num_sids()) {
        vi.write_sid_match(static_cast<unsigned>((off - regs::VINTF_SID_MATCH) / 4), val);
    } else if (off >= regs::VINTF_SID_REPLACE &&
               off < regs::VINTF_SID_REPLACE + 4 * vi.num_sids()) {
        vi.write_sid_replace(static_cast<unsigned>((off - regs::VINTF_SID_REPLACE) / 4), val);
    }
    // STATUS, LVCMDQ_ERR_MAP: RO; reserved: WI.
}

// ---------------------------------------------------------------------------------------
// Allocation map

int CmdqvCore::mapped_vcmdq(unsigned vintf, unsigned lvcmdq) const {
    if (vintf >= num_vintfs() || lvcmdq >= regs::MAX_LVCMDQS) return -1;
    return m_map[size_t{vintf} * regs::MAX_LVCMDQS + lvcmdq];
}

bool CmdqvCore::is_mapped(unsigned q) const {
    return regs::CMDQ_ALLOC_ALLOCATED.get(m_alloc[q]) != 0 &&
           regs::CMDQ_ALLOC_VINTF.get(m_alloc[q]) < num_vintfs();
}

unsigned CmdqvCore::owner_vintf(unsigned q) const {
    return static_cast<unsigned>(regs::CMDQ_ALLOC_VINTF.get(m_alloc[q]));
}

void CmdqvCore::write_alloc(unsigned q, uint32_t v) {
    const uint32_t old = m_alloc[q];
    uint32_t val = v & regs::CMDQ_ALLOC_WRITABLE;
    const bool was = regs::CMDQ_ALLOC_ALLOCATED.get(old) != 0;
    const bool now = regs::CMDQ_ALLOC_ALLOCATED.get(val) != 0;
    // (VINTF, LVCMDQ) of a mapped entry cannot change: only ALLOCATED is taken from the write.
    if (was) val = static_cast<uint32_t>(regs::CMDQ_ALLOC_ALLOCATED.set(old, now));
    const unsigned vi = static_cast<unsigned>(regs::CMDQ_ALLOC_VINTF.get(val));
    const unsigned l = static_cast<unsigned>(regs::CMDQ_ALLOC_LVCMDQ.get(val));

    bool violation = false;
    if (!was && now) {
        // Map: ascending order within the VINTF, and (VINTF, LVCMDQ) not already mapped.
        if (l > 0 && mapped_vcmdq(vi, l - 1) < 0) violation = true;
        if (mapped_vcmdq(vi, l) >= 0) violation = true;
    } else if (was && !now) {
        // Unmap: descending order, no higher LVCMDQ of the VINTF still mapped.
        for (unsigned k = l + 1; k < regs::MAX_LVCMDQS; ++k) {
            if (mapped_vcmdq(vi, k) >= 0) violation = true;
        }
    }
    if (violation) {
        ++m_alloc_violations;
        m_log.info("CMDQ_ALLOC[%u] %s of (VINTF %u, LVCMDQ %u) violates the map order: %s", q,
                   now ? "map" : "unmap", vi, l, m_params.alloc_order_violation.c_str());
        if (m_params.alloc_order_violation == "reject") return;
        if (m_params.alloc_order_violation == "error") {
            raise_queue_error(q, regs::GERROR_CMDQ_INIT_ERR);
            return;
        }
    }
    m_alloc[q] = val;
    m_alloc_dirty = true;
    rebuild_map();
}

void CmdqvCore::rebuild_map() {
    // Only the slots the last pass set are cleared: the map spans every VINTF's 128 LVCMDQs and
    // is rebuilt on each allocation write (a VMM's set-up writes it once per queue).
    for (size_t i : m_map_set) m_map[i] = -1;
    m_map_set.clear();
    for (unsigned q = 0; q < num_vcmdqs(); ++q) {
        if (!is_mapped(q)) {
            m_vcmdqs[q]->set_owner(nullptr);
            continue;
        }
        unsigned vi = owner_vintf(q);
        unsigned l = static_cast<unsigned>(regs::CMDQ_ALLOC_LVCMDQ.get(m_alloc[q]));
        const size_t i = size_t{vi} * regs::MAX_LVCMDQS + l;
        if (m_map[i] < 0) {  // duplicate: the lowest global index wins
            m_map[i] = static_cast<int>(q);
            m_map_set.push_back(i);
        }
        m_vcmdqs[q]->set_owner(m_vintfs[vi].get());
    }
}

// ---------------------------------------------------------------------------------------
// Enables

void CmdqvCore::advance(uint64_t now_ps) { regate(now_ps); }

void CmdqvCore::regate(uint64_t now_ps) {
    // The gates depend on registers (changed only by writes, which mark them dirty) and on
    // handshakes settling with time: with neither since the last pass, it would change nothing
    // (every CommandQueue's enable already equals its gate, so no wait starts either).
    if (!m_gates_dirty && !m_alloc_dirty && now_ps >= m_gated_at && m_handshakes_settle_by <= m_gated_at) {
        return;
    }
    m_gates_dirty = false;
    m_gated_at = now_ps;
    const bool cmdqv_on = m_en.status(now_ps);
    const bool full = m_alloc_dirty;
    if (full) {
        m_mapped_queues.clear();
        for (unsigned q = 0; q < num_vcmdqs(); ++q)
            if (is_mapped(q)) m_mapped_queues.push_back(q);
        m_alloc_dirty = false;
    }
    const unsigned n = full ? num_vcmdqs() : static_cast<unsigned>(m_mapped_queues.size());
    for (unsigned i = 0; i < n; ++i) {
        const unsigned q = full ? i : m_mapped_queues[i];
        Vcmdq& vq = *m_vcmdqs[q];
        bool gate = cmdqv_on && is_mapped(q) && m_vintfs[owner_vintf(q)]->enabled(now_ps) &&
                    vq.enabled(now_ps);
        smmu::core::CommandQueue& cq = vq.queue();
        if (gate && !cq.enabled() && !cq.empty() && vq.wait_since == 0) {
            vq.wait_since = now_ps ? now_ps : 1;
        }
        cq.set_enabled(gate);
    }
}

uint64_t CmdqvCore::next_event_ps(uint64_t now_ps) const {
    if (m_handshakes_settle_by <= now_ps) return 0;  // none in flight
    uint64_t best = 0;
    auto consider = [&](const Handshake& h) {
        uint64_t t = h.settles_at();
        if (t > now_ps && (best == 0 || t < best)) best = t;
    };
    consider(m_en);
    for (const auto& v : m_vintfs) consider(v->handshake());
    for (const auto& q : m_vcmdqs) consider(q->handshake());
    return best;
}

// ---------------------------------------------------------------------------------------
// Errors and interrupt

uint32_t CmdqvCore::cmdq_err_map(unsigned word) const {
    uint32_t m = 0;
    for (unsigned b = 0; b < 32; ++b) {
        unsigned q = word * 32 + b;
        if (q < num_vcmdqs() && m_vcmdqs[q]->in_error()) m |= 1u << b;
    }
    return m;
}

uint32_t CmdqvCore::lvcmdq_err_map(unsigned vintf, unsigned word) const {
    uint32_t m = 0;
    for (unsigned q = 0; q < num_vcmdqs(); ++q) {
        if (!is_mapped(q) || owner_vintf(q) != vintf || !m_vcmdqs[q]->in_error()) continue;
        unsigned l = static_cast<unsigned>(regs::CMDQ_ALLOC_LVCMDQ.get(m_alloc[q]));
        if (l / 32 == word) m |= 1u << (l % 32);
    }
    return m;
}

uint64_t CmdqvCore::vintf_err_map() const {
    uint64_t m = 0;
    for (unsigned q = 0; q < num_vcmdqs(); ++q) {
        if (is_mapped(q) && m_vcmdqs[q]->in_error()) m |= uint64_t{1} << owner_vintf(q);
    }
    return m;
}

bool CmdqvCore::vintf_unmasked_error(unsigned v) const {
    return ((vintf_err_map() & ~m_int_mask) >> v) & 1;
}

void CmdqvCore::raise_queue_error(unsigned q, uint32_t bits) {
    Vcmdq& vq = *m_vcmdqs[q];
    if (!vq.raise_error(bits)) return;
    if (m_edge) {
        if (is_mapped(q) && !((m_int_mask >> owner_vintf(q)) & 1)) {
            ++m_irq_pulses;
            m_irq.pulse();
        }
    } else {
        update_irq();
    }
}

void CmdqvCore::update_irq() {
    if (m_edge) return;
    bool lvl = (vintf_err_map() & ~m_int_mask) != 0;
    if (lvl != m_irq_level) {
        m_irq_level = lvl;
        if (lvl) ++m_irq_pulses;
        m_irq.set_level(lvl);
    }
}

// ---------------------------------------------------------------------------------------
// Command processing

BatchLimits CmdqvCore::batch_limits() const {
    BatchLimits l;
    uint64_t cmds = regs::CONFIG_CMDQ_MAX_CMD_BATCH.get(m_config);
    uint64_t clks = regs::CONFIG_CMDQ_MAX_CLK_BATCH.get(m_config);
    l.max_cmds = cmds ? static_cast<unsigned>(cmds) : std::numeric_limits<unsigned>::max();
    l.max_ps = clks ? clks * m_params.clk_batch_unit * 1000000 / m_params.smmu_clock_mhz
                   : ~uint64_t{0};
    l.fetch_burst = static_cast<unsigned>(m_params.fetch_burst);
    l.fetch_overhead_ps = m_params.fetch_overhead_ns * 1000;
    return l;
}

void CmdqvCore::attach(smmu::core::CommandArbiter& arb) {
    m_arb = &arb;
    for (unsigned q = 0; q < num_vcmdqs(); ++q) {
        m_source_of[q] = static_cast<long>(arb.add(&m_vcmdqs[q]->queue(), batch_limits()));
    }
}

long CmdqvCore::vcmdq_of_source(size_t src) const {
    for (unsigned q = 0; q < num_vcmdqs(); ++q) {
        if (m_source_of[q] == static_cast<long>(src)) return q;
    }
    return -1;
}

BatchResult CmdqvCore::process_vcmdq_batch(unsigned q, smmu::core::CommandExecutor& exec,
                                           uint64_t now_ps) {
    advance(now_ps);
    Vcmdq& vq = *m_vcmdqs[q];
    smmu::core::CommandQueue& cq = vq.queue();
    if (!cq.ready(now_ps)) return BatchResult{};
    Vintf* owner = vq.owner();
    Vcmdq::Stats& s = vq.stats();

    ++s.batches;
    s.occupancy.sample(cq.occupancy());
    if (vq.wait_since) {
        s.arb_wait_ps.sample(now_ps > vq.wait_since ? now_ps - vq.wait_since : 0);
        vq.wait_since = 0;
    }
    gsim::MemAttrs attrs;
    attrs.initiator = 1 + q;
    BatchResult r = cq.run_batch(exec, m_mem, now_ps, batch_limits(), attrs);
    if (cq.context().atc_timeout) m_atc_timeout_flagged = true;

    s.commands += r.executed;
    s.syncs += r.syncs;
    s.fetches += r.fetches;
    if (r.syncs) s.sync_wait_ps.sample(r.sync_wait_ps);
    if (owner) {
        ++owner->stats().batches;
        owner->stats().commands += r.executed;
        owner->stats().syncs += r.syncs;
    }
    if (r.error != CError::NONE) {
        m_log.debug("VCMDQ %u halted with %s at CONS 0x%x", q, smmu::core::cerror_name(r.error),
                    cq.cons_peek());
        ++s.errors;
        if (owner) ++owner->stats().errors;
        raise_queue_error(q, regs::GERROR_CMDQ_ERR);
    }
    if (regs::CONFIG_CONS_DRAM_EN.get(m_config) && (r.executed || r.error != CError::NONE)) {
        // Consumer-index write-back: the engine's CONS (index, wrap, ERR) as a 32-bit word.
        uint64_t lat = 0;
        gsim::MemStatus st = m_mem.write32(vq.cons_indx_base(), cq.cons_peek(), lat, attrs);
        ++s.cons_writebacks;
        if (!gsim::ok(st)) {
            m_log.debug("VCMDQ %u CONS write-back to 0x%llx aborted", q,
                        static_cast<unsigned long long>(vq.cons_indx_base()));
            cq.halt(cq.error());
            ++s.errors;
            if (owner) ++owner->stats().errors;
            raise_queue_error(q, regs::GERROR_CONS_DRAM_WR_ABT_ERR);
        }
    }
    if (!cq.halted() && !cq.empty()) {
        vq.wait_since = r.sync_pending ? cq.wake_time() : now_ps + r.busy_ps;
        if (vq.wait_since == 0) vq.wait_since = 1;
    }
    return r;
}

void CmdqvCore::on_main_cmdq_sync() {
    if (!m_atc_timeout_flagged) return;  // no VCMDQ has the flag set
    for (auto& vq : m_vcmdqs) vq->queue().context().atc_timeout = false;
    m_atc_timeout_flagged = false;
}

}  // namespace cmdqv::core
