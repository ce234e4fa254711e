// grace-sim tests: a fake HostHw that records every call (in order) and keeps the resource
// state (VINTFs, SID pairs, mapped LVCMDQs, main-CMDQ batches) so tests can check both.
#pragma once
#include <cerrno>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "iommufd/host_hw.h"

namespace fw::iommufd::test {

class FakeHostHw : public HostHw {
public:
    FakeHostHw() {
        m_info.idr[0] = 0x0a0d0ebfu;
        m_info.idr[1] = 0x0e7384e1u;  // CMDQS = 19 is modelled by cmdqs_log2 below
        m_info.idr[3] = 0x4u;
        m_info.idr[5] = 0x55u;
        m_info.iidr = 0x0400043bu;
        m_info.aidr = 0x2u;
        m_info.cmdqv_version = 1;
        m_info.log2_lvcmdqs_per_vintf = 2;  // 4 LVCMDQs per VINTF
        m_info.log2_sids_per_vintf = 4;     // 16 SID pairs
        m_info.num_vintfs = 4;              // VINTF0 host + 3 for VMs
        m_info.cmdqs_log2 = 19;
        m_info.page_size = 0x1000;
    }

    // --- HostHw ---
    int vintf_alloc(unsigned& idx) override {
        for (unsigned v = 1; v < m_info.num_vintfs; ++v) {
            if (!vintfs.count(v)) {
                vintfs.insert(v);
                idx = v;
                log("vintf_alloc " + std::to_string(v));
                return 0;
            }
        }
        log("vintf_alloc ENOSPC");
        return -ENOSPC;
    }
    void vintf_hw_init(unsigned idx, uint16_t vmid, bool hyp_own) override {
        vintf_vmid[idx] = vmid;
        log("vintf_hw_init " + std::to_string(idx) + " vmid=" + std::to_string(vmid) +
            " hyp_own=" + std::to_string(hyp_own));
    }
    void vintf_deinit(unsigned idx) override {
        log("vintf_deinit " + std::to_string(idx));
        for (auto it = sid_pairs.begin(); it != sid_pairs.end();)
            it = it->first.first == idx ? sid_pairs.erase(it) : std::next(it);
    }
    void vintf_free(unsigned idx) override {
        vintfs.erase(idx);
        log("vintf_free " + std::to_string(idx));
    }
    int sid_pair_alloc(unsigned vintf, unsigned& slot) override {
        for (unsigned s = 0; s < (1u << m_info.log2_sids_per_vintf); ++s) {
            if (!sid_pairs.count({vintf, s})) {
                sid_pairs[{vintf, s}] = {0, 0};
                slot = s;
                log("sid_pair_alloc " + std::to_string(vintf) + " " + std::to_string(s));
                return 0;
            }
        }
        log("sid_pair_alloc ENOSPC");
        return -ENOSPC;
    }
    void sid_pair_program(unsigned vintf, unsigned slot, uint32_t vsid, uint32_t psid) override {
        sid_pairs[{vintf, slot}] = {vsid, psid};
        log("sid_pair_program " + std::to_string(vintf) + " " + std::to_string(slot) + " vsid=" +
            std::to_string(vsid) + " psid=" + std::to_string(psid));
    }
    void sid_pair_clear(unsigned vintf, unsigned slot) override {
        sid_pairs.erase({vintf, slot});
        log("sid_pair_clear " + std::to_string(vintf) + " " + std::to_string(slot));
    }
    int lvcmdq_map_and_program(unsigned vintf, unsigned lidx, uint64_t base_pa,
                               unsigned log2size) override {
        if (fail_map) {
            log("lvcmdq_map_and_program FAIL");
            return fail_map;
        }
        lvcmdqs[{vintf, lidx}] = {base_pa, log2size};
        log("lvcmdq_map_and_program " + std::to_string(vintf) + " " + std::to_string(lidx) +
            " log2size=" + std::to_string(log2size));
        return 0;
    }
    void lvcmdq_deinit_and_unmap(unsigned vintf, unsigned lidx) override {
        lvcmdqs.erase({vintf, lidx});
        log("lvcmdq_deinit_and_unmap " + std::to_string(vintf) + " " + std::to_string(lidx));
    }
    int issue_main_cmdq(const std::vector<smmu::core::Command>& cmds) override {
        if (fail_issue) return fail_issue;
        batches.push_back(cmds);
        log("issue_main_cmdq " + std::to_string(cmds.size()));
        return 0;
    }
    uint64_t vintf_page0_pa(unsigned idx) override {
        return CMDQV_BASE + 0x30000 + 0x20000ull * idx;
    }
    Info info() override { return m_info; }

    // --- test side ---
    static constexpr uint64_t CMDQV_BASE = 0x11200000ull;
    Info m_info;
    std::vector<std::string> calls;
    std::set<unsigned> vintfs;
    std::map<unsigned, uint16_t> vintf_vmid;
    std::map<std::pair<unsigned, unsigned>, std::pair<uint32_t, uint32_t>> sid_pairs;
    std::map<std::pair<unsigned, unsigned>, std::pair<uint64_t, unsigned>> lvcmdqs;
    std::vector<std::vector<smmu::core::Command>> batches;
    int fail_map = 0;
    int fail_issue = 0;

    // Index of the first call starting with `prefix` (calls.size() when absent).
    size_t index_of(const std::string& prefix) const {
        for (size_t i = 0; i < calls.size(); ++i)
            if (calls[i].rfind(prefix, 0) == 0) return i;
        return calls.size();
    }
    size_t count_of(const std::string& prefix) const {
        size_t n = 0;
        for (const auto& c : calls)
            if (c.rfind(prefix, 0) == 0) ++n;
        return n;
    }

private:
    void log(std::string s) { calls.push_back(std::move(s)); }
};

}  // namespace fw::iommufd::test
