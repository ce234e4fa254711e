// grace-sim Tegra241 CMDQV: the pure core of one CMDQV instance (spec/cmdqv.md 1, 2, 6).
//
// Implements: decoding of the whole aperture (global page with the per-VINTF blocks, direct
// VCMDQ page0/page1 windows, per-VINTF logical page0/page1 windows aliasing the mapped global
// VCMDQ); 32-bit accesses everywhere and 64-bit accesses on the registers the spec shows as
// 64-bit; PARAM from CmdqvParams; CONFIG.EN -> STATUS.ENABLED handshakes at CMDQV, VINTF and
// VCMDQ level (lazy, from now_ps); sticky state across disable; CMDQ_ALLOC pre-assignment vs
// mapping with the ascending-map / descending-unmap rule and a configurable reaction; queue
// engines gated by CMDQV, VINTF and VCMDQ enable and by the mapping; arbiter registration with
// CONFIG.CMDQ_MAX_CMD_BATCH / CMDQ_MAX_CLK_BATCH; per-batch error handling (GERROR.CMDQ_ERR,
// LVCMDQ_ERR_MAP / CMDQ_ERR_MAP / VINTF_ERR_MAP aggregation, the CMDQV IRQ with
// VINTF_INT_MASK), CONS write-back to CONS_INDX_BASE; latent ATC-timeout flush on a main-CMDQ
// CMD_SYNC; statistics.
// Not implemented: PER_CMD_OFFSET and GLB_FILT_CFG/DATA effects (stored only), VINTF
// STATUS codes other than 0/1, secure/realm state, command execution itself (the SMMU's
// CommandExecutor), timing of register accesses (mmio_latency_ps() is for the shell).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "cmdqv/core/cmdqv_params.h"
#include "cmdqv/core/cmdqv_regs.h"
#include "cmdqv/core/handshake.h"
#include "cmdqv/core/vcmdq.h"
#include "cmdqv/core/vintf.h"
#include "common/irq.h"
#include "common/log.h"
#include "common/mem_port.h"
#include "common/stats.h"
#include "smmuv3/core/cmd_arbiter.h"
#include "smmuv3/core/cmd_exec.h"
#include "smmuv3/core/cmd_queue.h"

namespace cmdqv::core {

class CmdqvCore {
public:
    CmdqvCore(const CmdqvParams& params, gsim::MemPort& mem, gsim::IrqSink& cmdqv_irq,
              gsim::StatGroup stats);
    // VINTFs and VCMDQs keep references into the core: neither copyable nor movable.
    CmdqvCore(const CmdqvCore&) = delete;
    CmdqvCore& operator=(const CmdqvCore&) = delete;

    // ---- MMIO over the whole aperture (offset from the CMDQV base) ----
    // size 4 (4-byte aligned) anywhere; size 8 only on 64-bit registers. Returns false for an
    // access outside the aperture or of an unsupported size/alignment (slave error).
    bool mmio_read(uint64_t off, unsigned size, uint64_t& v, uint64_t now_ps);
    bool mmio_write(uint64_t off, unsigned size, uint64_t v, uint64_t now_ps);
    uint64_t mmio_latency_ps() const { return m_params.mmio_latency_ns * 1000; }
    uint64_t aperture_size() const { return m_params.aperture_size(); }

    // Applies handshakes that have settled by now_ps and re-gates the queue engines. Call it
    // before CommandArbiter::pick (mmio_* and process_vcmdq_batch call it themselves).
    void advance(uint64_t now_ps);
    // Earliest pending handshake completion after now_ps (0 if none): the shell wakes then.
    uint64_t next_event_ps(uint64_t now_ps) const;

    // ---- Command processing ----
    void attach(smmu::core::CommandArbiter& arb);
    // Global VCMDQ registered as arbiter source `src`, or -1 if the source is not a VCMDQ.
    long vcmdq_of_source(size_t src) const;
    smmu::core::BatchResult process_vcmdq_batch(unsigned q, smmu::core::CommandExecutor& exec,
                                                uint64_t now_ps);
    smmu::core::BatchLimits batch_limits() const;
    // A CMD_SYNC completed on the SMMU main CMDQ: clears the latent ATC-timeout state of
    // every VCMDQ (spec 2.10 step 2; scope choice in README.md).
    void on_main_cmdq_sync();

    // ---- Accessors for tests and the shell ----
    const CmdqvParams& params() const { return m_params; }
    unsigned num_vcmdqs() const { return static_cast<unsigned>(m_vcmdqs.size()); }
    unsigned num_vintfs() const { return static_cast<unsigned>(m_vintfs.size()); }
    unsigned lvcmdqs_per_vintf() const { return m_params.lvcmdqs_per_vintf(); }
    smmu::core::CommandQueue& vcmdq(unsigned q) { return m_vcmdqs[q]->queue(); }
    Vcmdq& vcmdq_regs(unsigned q) { return *m_vcmdqs[q]; }
    Vintf& vintf(unsigned v) { return *m_vintfs[v]; }
    bool enabled(uint64_t now_ps) const { return m_en.status(now_ps); }
    // Global VCMDQ mapped to (vintf, lvcmdq), or -1.
    int mapped_vcmdq(unsigned vintf, unsigned lvcmdq) const;
    bool is_mapped(unsigned q) const;
    uint32_t cmdq_alloc(unsigned q) const { return m_alloc[q]; }
    uint64_t vintf_err_map() const;
    uint32_t cmdq_err_map(unsigned word) const;
    uint32_t lvcmdq_err_map(unsigned vintf, unsigned word) const;
    bool irq_level() const { return m_irq_level; }
    uint64_t alloc_violations() const { return m_alloc_violations.value; }

private:
    // Where a 32-bit register offset lands: rel is the offset inside the global page, the
    // VINTF block or the 0x80 VCMDQ slot; index is the VINTF or the global VCMDQ.
    struct Target {
        enum Kind { NONE, GLOBAL, VINTF_BLOCK, PAGE0, PAGE1 } kind = NONE;
        unsigned index = 0;
        uint64_t rel = 0;
    };
    Target decode(uint64_t off);  // counts unmapped logical-window accesses
    uint32_t read32(uint64_t off, uint64_t now_ps);
    void write32(uint64_t off, uint32_t v, uint64_t now_ps);
    uint32_t read_global(uint64_t off, uint64_t now_ps);
    void write_global(uint64_t off, uint32_t v, uint64_t now_ps);
    uint32_t read_vintf_block(unsigned v, uint64_t off, uint64_t now_ps);
    void write_vintf_block(unsigned v, uint64_t off, uint32_t val, uint64_t now_ps);
    // Resolves a logical window slot to a global VCMDQ (counts unmapped accesses); -1 if none.
    int resolve_logical(unsigned vintf, unsigned slot);
    bool is_64bit_register(uint64_t off) const;

    void write_alloc(unsigned q, uint32_t v);
    void rebuild_map();
    void regate(uint64_t now_ps);
    unsigned owner_vintf(unsigned q) const;
    // Error signalling: toggle GERROR bits of q and drive the CMDQV interrupt.
    void raise_queue_error(unsigned q, uint32_t bits);
    void update_irq();
    bool vintf_unmasked_error(unsigned v) const;

    CmdqvParams m_params;
    gsim::MemPort& m_mem;
    gsim::IrqSink& m_irq;
    gsim::StatGroup m_stats;
    gsim::Logger m_log;
    gsim::Counter& m_alloc_violations;
    gsim::Counter& m_bad_accesses;
    gsim::Counter& m_irq_pulses;

    uint32_t m_config;
    Handshake m_en;
    uint64_t m_handshakes_settle_by = 0;  // >= settles_at() of every handshake (track())
    bool m_atc_timeout_flagged = false;    // some VCMDQ context may have atc_timeout set
    bool m_gates_dirty = true;             // a write that may change a gate since the last regate()
    uint64_t m_gated_at = 0;               // time of the last regate() pass
    uint64_t m_int_mask = 0;
    std::vector<uint32_t> m_alloc;  // CMDQ_ALLOC[q]
    // Host-speed cache for regate(): the mapped queues, rebuilt (with a full pass over every
    // queue) after a CMDQ_ALLOC write. An unmapped queue is gated off by that full pass and only
    // regate() enables a VCMDQ's CommandQueue, so later passes may skip it.
    std::vector<unsigned> m_mapped_queues;
    bool m_alloc_dirty = true;
    std::vector<int> m_map;         // (vintf * MAX_LVCMDQS + lvcmdq) -> q or -1
    std::vector<size_t> m_map_set;  // the entries of m_map that are not -1
    std::vector<std::unique_ptr<Vintf>> m_vintfs;
    std::vector<std::unique_ptr<Vcmdq>> m_vcmdqs;
    bool m_irq_level = false;
    bool m_edge = true;
    bool m_second_half = false;  // inside the upper half of a 64-bit access

    smmu::core::CommandArbiter* m_arb = nullptr;
    std::vector<long> m_source_of;  // q -> arbiter source index
};

}  // namespace cmdqv::core
