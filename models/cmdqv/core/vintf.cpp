// grace-sim Tegra241 CMDQV: one virtual interface (VINTF). See vintf.h.
#include "cmdqv/core/vintf.h"

#include "cmdqv/core/cmdqv_regs.h"

namespace cmdqv::core {

Vintf::Stats::Stats(gsim::StatGroup g)
    : commands(g.counter("commands")),
      errors(g.counter("errors")),
      syncs(g.counter("cmd_syncs")),
      batches(g.counter("batches")),
      unmapped_accesses(g.counter("unmapped_window_accesses")),
      illegal_cmds(g.counter("illegal_cmds")),
      sid_misses(g.counter("sid_misses")),
      vmid_substitutions(g.counter("vmid_substitutions")),
      sid_replacements(g.counter("sid_replacements")) {}

Vintf::Vintf(unsigned index, unsigned num_sids, gsim::StatGroup stats)
    : m_index(index), m_sid_match(num_sids, 0), m_sid_replace(num_sids, 0), m_stats(stats) {}

void Vintf::write_config(uint32_t v, uint64_t now_ps, uint64_t latency_ps) {
    m_config = v & regs::VINTF_CONFIG_WRITABLE;
    m_en.request(regs::VINTF_CONFIG_EN.get(m_config) != 0, now_ps, latency_ps);
}

bool Vintf::hyp_own() const { return regs::VINTF_CONFIG_HYP_OWN.get(m_config) != 0; }

uint16_t Vintf::vmid() const { return static_cast<uint16_t>(regs::VINTF_CONFIG_VMID.get(m_config)); }

void Vintf::write_sid_match(unsigned s, uint32_t v) {
    m_sid_match[s] = v & regs::SID_MATCH_WRITABLE;
}

void Vintf::write_sid_replace(unsigned s, uint32_t v) {
    m_sid_replace[s] = v & regs::SID_REPLACE_WRITABLE;
}

bool Vintf::lookup_sid(uint32_t vsid, uint32_t& psid) const {
    if (vsid > regs::SID_MATCH_VIRT_SID.get(~uint64_t{0})) return false;
    for (size_t s = 0; s < m_sid_match.size(); ++s) {
        uint32_t m = m_sid_match[s];
        if (regs::SID_MATCH_ENABLE.get(m) && regs::SID_MATCH_VIRT_SID.get(m) == vsid) {
            psid = static_cast<uint32_t>(regs::SID_REPLACE_PHYS_SID.get(m_sid_replace[s]));
            return true;
        }
    }
    return false;
}

}  // namespace cmdqv::core
