// grace-sim Tegra241 CMDQV: register offsets and fields (spec/cmdqv.md section 1).
//
// Implements: the offsets of the global config page, the per-VINTF blocks, the VCMDQ page0 and
// page1 layouts, the direct VCMDQ windows and the per-VINTF logical windows, with field
// descriptors named as in the spec file (NVIDIA names via the QEMU header, Linux names otherwise).
// Not implemented here: any behaviour (see cmdqv_core.h).
#pragma once
#include <cstdint>

#include "common/bits.h"

namespace cmdqv::core::regs {

using gsim::Field;

// ---- Aperture layout (section 1.1) ------------------------------------------------------
constexpr uint64_t PAGE_SIZE = 0x10000;
constexpr uint64_t GLOBAL_PAGE = 0x00000;
constexpr uint64_t DIRECT_PAGE0 = 0x10000;      // global VCMDQ q page0 at +0x80*q
constexpr uint64_t DIRECT_PAGE1 = 0x20000;      // global VCMDQ q page1 at +0x80*q
constexpr uint64_t VINTF_PAGE0 = 0x30000;       // VINTF i logical page0 at +0x20000*i
constexpr uint64_t VINTF_PAGE1_OFFSET = 0x10000;  // logical page1 = page0 + 0x10000
constexpr uint64_t VINTF_PAGE_STRIDE = 0x20000;
constexpr uint64_t VCMDQ_STRIDE = 0x80;

constexpr uint64_t aperture_size(unsigned num_vintfs) {
    return VINTF_PAGE0 + VINTF_PAGE_STRIDE * num_vintfs;
}
constexpr uint64_t vintf_page0(unsigned i) { return VINTF_PAGE0 + VINTF_PAGE_STRIDE * i; }
constexpr uint64_t vintf_page1(unsigned i) { return vintf_page0(i) + VINTF_PAGE1_OFFSET; }

// ---- Global registers (section 1.2) -----------------------------------------------------
constexpr uint64_t CONFIG = 0x000;
constexpr uint64_t PARAM = 0x004;
constexpr uint64_t STATUS = 0x008;
constexpr uint64_t VINTF_ERR_MAP = 0x014;   // 64-bit as two words (0x14 lo, 0x18 hi)
constexpr uint64_t VINTF_INT_MASK = 0x01C;  // 64-bit as two words (0x1C lo, 0x20 hi)
constexpr uint64_t CMDQ_ERR_MAP = 0x024;    // [m] at +4m, m = 0..3
constexpr unsigned CMDQ_ERR_MAP_WORDS = 4;
constexpr uint64_t CMDQ_ALLOC = 0x200;      // [q] at +4q, q = 0..127
constexpr unsigned MAX_VCMDQS = 128;
constexpr unsigned MAX_VINTFS = 64;
constexpr unsigned MAX_LVCMDQS = 128;       // LVCMDQ field width [7:1]
constexpr unsigned MAX_SIDS = 16;           // room in the VINTF block layout

constexpr Field CONFIG_EN{0, 0};
constexpr Field CONFIG_PER_CMD_OFFSET{3, 1};
constexpr Field CONFIG_CMDQ_MAX_CLK_BATCH{11, 4};
constexpr Field CONFIG_CMDQ_MAX_CMD_BATCH{19, 12};
constexpr Field CONFIG_CONS_DRAM_EN{20, 20};
constexpr uint32_t CONFIG_WRITABLE = 0x001FFFFF;

constexpr Field PARAM_VER{3, 0};
constexpr Field PARAM_NUM_VCMDQ_LOG2{7, 4};
constexpr Field PARAM_NUM_VINTF_LOG2{11, 8};
constexpr Field PARAM_NUM_SID_PER_VINTF_LOG2{15, 12};

constexpr Field STATUS_ENABLED{0, 0};

constexpr Field CMDQ_ALLOC_ALLOCATED{0, 0};
constexpr Field CMDQ_ALLOC_LVCMDQ{7, 1};
constexpr Field CMDQ_ALLOC_VINTF{20, 15};
constexpr uint32_t CMDQ_ALLOC_WRITABLE = 0x001F80FF;

// ---- Per-VINTF block (section 1.3), base 0x1000 + 0x100*v --------------------------------
constexpr uint64_t VINTF_BLOCK = 0x1000;
constexpr uint64_t VINTF_BLOCK_STRIDE = 0x100;
constexpr uint64_t vintf_block(unsigned v) { return VINTF_BLOCK + VINTF_BLOCK_STRIDE * v; }

constexpr uint64_t VINTF_CONFIG = 0x00;
constexpr uint64_t VINTF_STATUS = 0x04;
constexpr uint64_t VINTF_GLB_FILT_CFG = 0x0C;
constexpr uint64_t VINTF_GLB_FILT_DATA = 0x10;
constexpr uint64_t VINTF_SID_MATCH = 0x40;    // [s] at +4s
constexpr uint64_t VINTF_SID_REPLACE = 0x80;  // [s] at +4s
constexpr uint64_t VINTF_LVCMDQ_ERR_MAP = 0xC0;  // 128 bits: 4x32 (0xC0..0xCC) or 2x64

constexpr Field VINTF_CONFIG_EN{0, 0};
constexpr Field VINTF_CONFIG_VMID{16, 1};
constexpr Field VINTF_CONFIG_HYP_OWN{17, 17};
constexpr uint32_t VINTF_CONFIG_WRITABLE = 0x0003FFFF;

constexpr Field VINTF_STATUS_ENABLED{0, 0};
constexpr Field VINTF_STATUS_STATUS{3, 1};        // 0 no error, 1 VCMDQ error
constexpr Field VINTF_STATUS_VI_NUM_LVCMDQ{23, 16};

constexpr Field SID_MATCH_ENABLE{0, 0};
constexpr Field SID_MATCH_VIRT_SID{20, 1};
constexpr uint32_t SID_MATCH_WRITABLE = 0x001FFFFF;
constexpr Field SID_REPLACE_PHYS_SID{19, 0};
constexpr uint32_t SID_REPLACE_WRITABLE = 0x000FFFFF;

// ---- VCMDQ page0 (section 1.4), stride 0x80 ----------------------------------------------
constexpr uint64_t VCMDQ_CONS = 0x00;
constexpr uint64_t VCMDQ_PROD = 0x04;
constexpr uint64_t VCMDQ_CONFIG = 0x08;
constexpr uint64_t VCMDQ_STATUS = 0x0C;
constexpr uint64_t VCMDQ_GERROR = 0x10;
constexpr uint64_t VCMDQ_GERRORN = 0x14;

constexpr Field VCMDQ_CONS_RD{19, 0};
constexpr Field VCMDQ_CONS_ERR{30, 24};
constexpr Field VCMDQ_PROD_WR{19, 0};
constexpr Field VCMDQ_CONFIG_EN{0, 0};
constexpr Field VCMDQ_STATUS_ENABLED{0, 0};  // CMDQ_EN_OK

constexpr uint32_t GERROR_CMDQ_ERR = 1u << 0;
constexpr uint32_t GERROR_CONS_DRAM_WR_ABT_ERR = 1u << 1;
constexpr uint32_t GERROR_CMDQ_INIT_ERR = 1u << 2;
constexpr uint32_t GERROR_MASK = 0x7;

// ---- VCMDQ page1 (section 1.5), stride 0x80 ----------------------------------------------
constexpr uint64_t VCMDQ_BASE_L = 0x00;
constexpr uint64_t VCMDQ_BASE_H = 0x04;
constexpr uint64_t VCMDQ_CONS_INDX_BASE_L = 0x08;
constexpr uint64_t VCMDQ_CONS_INDX_BASE_H = 0x0C;

constexpr Field VCMDQ_BASE_LOG2SIZE{4, 0};
constexpr Field VCMDQ_BASE_ADDR{47, 5};
constexpr uint64_t VCMDQ_BASE_WRITABLE = gsim::mask(47, 0);
constexpr uint64_t CONS_INDX_BASE_WRITABLE = gsim::mask(47, 0);

}  // namespace cmdqv::core::regs
