// grace-sim Tegra241 CMDQV: one virtual interface (VINTF), spec/cmdqv.md 1.3, 2.6, 2.7.
//
// Implements: VINTF CONFIG (EN with handshake, VMID, HYP_OWN), GLB_FILT_CFG/DATA as plain
// storage, the SID_MATCH/SID_REPLACE table and its lookup, per-VINTF statistics.
// STATUS.STATUS, VI_NUM_LVCMDQ and LVCMDQ_ERR_MAP are aggregated by CmdqvCore from its queues.
// Not implemented: any effect of GLB_FILT_CFG/DATA (unknown semantics, spec 8.8).
#pragma once
#include <cstdint>
#include <vector>

#include "cmdqv/core/handshake.h"
#include "common/stats.h"

namespace cmdqv::core {

class Vintf {
public:
    struct Stats {
        explicit Stats(gsim::StatGroup g);
        gsim::Counter& commands;
        gsim::Counter& errors;
        gsim::Counter& syncs;
        gsim::Counter& batches;
        gsim::Counter& unmapped_accesses;
        gsim::Counter& illegal_cmds;
        gsim::Counter& sid_misses;
        gsim::Counter& vmid_substitutions;
        gsim::Counter& sid_replacements;
    };

    Vintf(unsigned index, unsigned num_sids, gsim::StatGroup stats);

    unsigned index() const { return m_index; }

    // CONFIG: EN [0], VMID [16:1], HYP_OWN [17]. EN starts the handshake.
    uint32_t config() const { return m_config; }
    void write_config(uint32_t v, uint64_t now_ps, uint64_t latency_ps);
    bool enabled(uint64_t now_ps) const { return m_en.status(now_ps); }
    const Handshake& handshake() const { return m_en; }
    void track_handshake(uint64_t* latest) { m_en.track(latest); }
    bool hyp_own() const;
    uint16_t vmid() const;

    unsigned num_sids() const { return static_cast<unsigned>(m_sid_match.size()); }
    uint32_t sid_match(unsigned s) const { return m_sid_match[s]; }
    uint32_t sid_replace(unsigned s) const { return m_sid_replace[s]; }
    void write_sid_match(unsigned s, uint32_t v);
    void write_sid_replace(unsigned s, uint32_t v);
    // Looks `vsid` up in the enabled SID_MATCH entries (lowest index first). A vSID wider than
    // the 20-bit VIRT_SID field never matches.
    bool lookup_sid(uint32_t vsid, uint32_t& psid) const;

    uint32_t glb_filt_cfg = 0;
    uint32_t glb_filt_data = 0;

    Stats& stats() { return m_stats; }

private:
    unsigned m_index;
    uint32_t m_config = 0;
    Handshake m_en;
    std::vector<uint32_t> m_sid_match;
    std::vector<uint32_t> m_sid_replace;
    Stats m_stats;
};

}  // namespace cmdqv::core
