// grace-sim SMMUv3: register offsets and fields of the 128 KiB programming interface
// (IHI 0070, "Memory map and registers"; spec/smmuv3.md A.1-A.6), with the spec's names.
// Implements: page 0 and page 1 Non-secure register offsets, IDR0/1/3/5, IIDR, AIDR, CR0/1/2,
// GBPA, IRQ_CTRL, GERROR, *_IRQ_CFG0-2, STRTAB_BASE(_CFG), queue BASE/PROD/CONS fields.
// Does not define: Secure copies (0x8000+), ECMDQ pages, GATOS/VATOS fields (not modelled).
#pragma once
#include <cstdint>

#include "common/bits.h"

namespace smmu::core::regs {

using gsim::Field;

constexpr uint64_t FRAME_SIZE = 0x20000;  // page 0 + page 1
constexpr uint64_t PAGE1 = 0x10000;

// --- page 0 offsets -------------------------------------------------------------------
constexpr uint64_t IDR0 = 0x000, IDR1 = 0x004, IDR2 = 0x008, IDR3 = 0x00C, IDR4 = 0x010,
                   IDR5 = 0x014, IIDR = 0x018, AIDR = 0x01C;
constexpr uint64_t CR0 = 0x020, CR0ACK = 0x024, CR1 = 0x028, CR2 = 0x02C;
constexpr uint64_t STATUSR = 0x040, GBPA = 0x044, AGBPA = 0x048;
constexpr uint64_t IRQ_CTRL = 0x050, IRQ_CTRLACK = 0x054;
constexpr uint64_t GERROR = 0x060, GERRORN = 0x064;
constexpr uint64_t GERROR_IRQ_CFG0 = 0x068, GERROR_IRQ_CFG1 = 0x070, GERROR_IRQ_CFG2 = 0x074;
constexpr uint64_t STRTAB_BASE = 0x080, STRTAB_BASE_CFG = 0x088;
constexpr uint64_t CMDQ_BASE = 0x090, CMDQ_PROD = 0x098, CMDQ_CONS = 0x09C;
constexpr uint64_t EVENTQ_BASE = 0x0A0;
constexpr uint64_t EVENTQ_PROD_PAGE0_ALIAS = 0x0A8, EVENTQ_CONS_PAGE0_ALIAS = 0x0AC;
constexpr uint64_t EVENTQ_IRQ_CFG0 = 0x0B0, EVENTQ_IRQ_CFG1 = 0x0B8, EVENTQ_IRQ_CFG2 = 0x0BC;
constexpr uint64_t PRIQ_BASE = 0x0C0;
constexpr uint64_t PRIQ_PROD_PAGE0_ALIAS = 0x0C8, PRIQ_CONS_PAGE0_ALIAS = 0x0CC;
constexpr uint64_t PRIQ_IRQ_CFG0 = 0x0D0, PRIQ_IRQ_CFG1 = 0x0D8, PRIQ_IRQ_CFG2 = 0x0DC;
constexpr uint64_t GATOS_CTRL = 0x100;
constexpr uint64_t IDR6 = 0x190;
// Peripheral / component ID registers.
constexpr uint64_t PIDR4 = 0xFD0, PIDR5 = 0xFD4, PIDR6 = 0xFD8, PIDR7 = 0xFDC;
constexpr uint64_t PIDR0 = 0xFE0, PIDR1 = 0xFE4, PIDR2 = 0xFE8, PIDR3 = 0xFEC;
constexpr uint64_t CIDR0 = 0xFF0, CIDR1 = 0xFF4, CIDR2 = 0xFF8, CIDR3 = 0xFFC;

// --- page 1 offsets -------------------------------------------------------------------
constexpr uint64_t EVENTQ_PROD = PAGE1 + 0x0A8, EVENTQ_CONS = PAGE1 + 0x0AC;
constexpr uint64_t PRIQ_PROD = PAGE1 + 0x0C8, PRIQ_CONS = PAGE1 + 0x0CC;

// --- IDR0 -----------------------------------------------------------------------------
constexpr Field IDR0_S2P{0, 0}, IDR0_S1P{1, 1}, IDR0_TTF{3, 2}, IDR0_COHACC{4, 4}, IDR0_BTM{5, 5},
    IDR0_HTTU{7, 6}, IDR0_DORMHINT{8, 8}, IDR0_HYP{9, 9}, IDR0_ATS{10, 10}, IDR0_NS1ATS{11, 11},
    IDR0_ASID16{12, 12}, IDR0_MSI{13, 13}, IDR0_SEV{14, 14}, IDR0_ATOS{15, 15}, IDR0_PRI{16, 16},
    IDR0_VMW{17, 17}, IDR0_VMID16{18, 18}, IDR0_CD2L{19, 19}, IDR0_VATOS{20, 20},
    IDR0_TTENDIAN{22, 21}, IDR0_ATSRECERR{23, 23}, IDR0_STALL_MODEL{25, 24},
    IDR0_TERM_MODEL{26, 26}, IDR0_ST_LEVEL{28, 27}, IDR0_RME_IMPL{30, 30};
// --- IDR1 -----------------------------------------------------------------------------
constexpr Field IDR1_SIDSIZE{5, 0}, IDR1_SSIDSIZE{10, 6}, IDR1_PRIQS{15, 11}, IDR1_EVENTQS{20, 16},
    IDR1_CMDQS{25, 21}, IDR1_ATTR_PERMS_OVR{26, 26}, IDR1_ATTR_TYPES_OVR{27, 27}, IDR1_REL{28, 28},
    IDR1_QUEUES_PRESET{29, 29}, IDR1_TABLES_PRESET{30, 30}, IDR1_ECMDQ{31, 31};
// --- IDR3 -----------------------------------------------------------------------------
constexpr Field IDR3_HAD{2, 2}, IDR3_PBHA{3, 3}, IDR3_XNX{4, 4}, IDR3_PPS{5, 5}, IDR3_MPAM{7, 7},
    IDR3_FWB{8, 8}, IDR3_STT{9, 9}, IDR3_RIL{10, 10}, IDR3_BBML{12, 11}, IDR3_E0PD{13, 13},
    IDR3_PTWNNC{14, 14}, IDR3_DPT{15, 15};
// --- IDR5 -----------------------------------------------------------------------------
constexpr Field IDR5_OAS{2, 0}, IDR5_GRAN4K{4, 4}, IDR5_GRAN16K{5, 5}, IDR5_GRAN64K{6, 6},
    IDR5_VAX{11, 10}, IDR5_STALL_MAX{31, 16};
// --- IIDR / AIDR ----------------------------------------------------------------------
constexpr Field IIDR_Implementer{11, 0}, IIDR_Revision{15, 12}, IIDR_Variant{19, 16},
    IIDR_ProductID{31, 20};
constexpr Field AIDR_ArchMinorRev{3, 0}, AIDR_ArchMajorRev{7, 4};

// --- CR0 / CR0ACK ---------------------------------------------------------------------
constexpr Field CR0_SMMUEN{0, 0}, CR0_PRIQEN{1, 1}, CR0_EVENTQEN{2, 2}, CR0_CMDQEN{3, 3},
    CR0_ATSCHK{4, 4}, CR0_VMW{8, 6};
// --- CR1 ------------------------------------------------------------------------------
constexpr Field CR1_QUEUE_IC{1, 0}, CR1_QUEUE_OC{3, 2}, CR1_QUEUE_SH{5, 4}, CR1_TABLE_IC{7, 6},
    CR1_TABLE_OC{9, 8}, CR1_TABLE_SH{11, 10};
// --- CR2 ------------------------------------------------------------------------------
constexpr Field CR2_E2H{0, 0}, CR2_RECINVSID{1, 1}, CR2_PTM{2, 2};
// --- STATUSR --------------------------------------------------------------------------
constexpr Field STATUSR_DORMANT{0, 0};
// --- GBPA -----------------------------------------------------------------------------
constexpr Field GBPA_MemAttr{3, 0}, GBPA_MTCFG{4, 4}, GBPA_ALLOCCFG{11, 8}, GBPA_SHCFG{13, 12},
    GBPA_PRIVCFG{17, 16}, GBPA_INSTCFG{19, 18}, GBPA_ABORT{20, 20}, GBPA_UPDATE{31, 31};
constexpr uint32_t GBPA_FIELDS_MASK = 0x001F3F1F;  // every field except UPDATE
constexpr uint32_t GBPA_RESET = 0x00001000;        // SHCFG = 0b01 (use incoming)
// --- IRQ_CTRL / IRQ_CTRLACK -----------------------------------------------------------
constexpr Field IRQ_CTRL_GERROR_IRQEN{0, 0}, IRQ_CTRL_PRIQ_IRQEN{1, 1}, IRQ_CTRL_EVENTQ_IRQEN{2, 2};
// --- GERROR / GERRORN bit numbers -----------------------------------------------------
enum GerrorBit : unsigned {
    GERROR_CMDQ_ERR = 0,
    GERROR_EVENTQ_ABT_ERR = 2,
    GERROR_PRIQ_ABT_ERR = 3,
    GERROR_MSI_CMDQ_ABT_ERR = 4,
    GERROR_MSI_EVENTQ_ABT_ERR = 5,
    GERROR_MSI_PRIQ_ABT_ERR = 6,
    GERROR_MSI_GERROR_ABT_ERR = 7,
    GERROR_SFM_ERR = 8,
};
constexpr uint32_t GERROR_IMPLEMENTED_MASK = 0x1FD;  // bits 0, 2..8 (no ECMDQ CMDQP_ERR)
const char* gerror_bit_name(unsigned bit);

// --- *_IRQ_CFG0-2 ---------------------------------------------------------------------
constexpr Field IRQ_CFG0_ADDR{51, 2};
constexpr Field IRQ_CFG2_MemAttr{3, 0}, IRQ_CFG2_SH{5, 4};
constexpr uint64_t IRQ_CFG0_MASK = gsim::mask(51, 2);
constexpr uint32_t IRQ_CFG2_MASK = 0x3F;

// --- STRTAB_BASE / STRTAB_BASE_CFG ----------------------------------------------------
constexpr Field STRTAB_BASE_ADDR{51, 6}, STRTAB_BASE_RA{62, 62};
constexpr uint64_t STRTAB_BASE_MASK = gsim::mask(51, 6) | (uint64_t{1} << 62);
constexpr Field STRTAB_BASE_CFG_LOG2SIZE{5, 0}, STRTAB_BASE_CFG_SPLIT{10, 6},
    STRTAB_BASE_CFG_FMT{17, 16};
constexpr uint32_t STRTAB_BASE_CFG_MASK = 0x307FF;

// --- queue BASE / PROD / CONS ---------------------------------------------------------
constexpr Field Q_BASE_LOG2SIZE{4, 0}, Q_BASE_ADDR{51, 5}, Q_BASE_RA_WA{62, 62};
constexpr uint64_t Q_BASE_MASK = gsim::mask(51, 0) | (uint64_t{1} << 62);
constexpr Field CMDQ_CONS_ERR{30, 24};
constexpr Field EVENTQ_PROD_OVFLG{31, 31}, EVENTQ_CONS_OVACKFLG{31, 31};
constexpr Field PRIQ_PROD_OVFLG{31, 31}, PRIQ_CONS_OVACKFLG{31, 31};

// 64-bit registers of page 0 (accessible as one 64-bit access or two 32-bit halves).
constexpr bool is_reg64(uint64_t off) {
    return off == GERROR_IRQ_CFG0 || off == STRTAB_BASE || off == CMDQ_BASE || off == EVENTQ_BASE ||
           off == EVENTQ_IRQ_CFG0 || off == PRIQ_BASE || off == PRIQ_IRQ_CFG0;
}

}  // namespace smmu::core::regs
