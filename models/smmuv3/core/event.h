// grace-sim SMMUv3: event records (IHI 0070 "Event records"; spec/smmuv3.md A.13).
#pragma once
#include <array>
#include <cstdint>

namespace smmu::core {

enum EventType : uint8_t {
    F_UUT = 0x01,
    C_BAD_STREAMID = 0x02,
    F_STE_FETCH = 0x03,
    C_BAD_STE = 0x04,
    F_BAD_ATS_TREQ = 0x05,
    F_STREAM_DISABLED = 0x06,
    F_TRANSL_FORBIDDEN = 0x07,
    C_BAD_SUBSTREAMID = 0x08,
    F_CD_FETCH = 0x09,
    C_BAD_CD = 0x0A,
    F_WALK_EABT = 0x0B,
    F_TRANSLATION = 0x10,
    F_ADDR_SIZE = 0x11,
    F_ACCESS = 0x12,
    F_PERMISSION = 0x13,
    F_TLB_CONFLICT = 0x20,
    F_CFG_CONFLICT = 0x21,
    E_PAGE_REQUEST = 0x24,
    F_VMS_FETCH = 0x25,
};
const char* event_name(uint8_t type);

// CLASS field of translation-related events.
enum EventClass : uint8_t { CLASS_CD = 0, CLASS_TT = 1, CLASS_IN = 2 };

// A decoded event record; encode() gives the 32-byte little-endian record.
struct EventRecord {
    uint8_t type = 0;
    bool ssv = false;
    uint32_t substream_id = 0;  // 20 bits
    uint32_t stream_id = 0;
    uint16_t stag = 0;
    bool stall = false;
    bool pnu = false;  // privileged
    bool ind = false;  // instruction
    bool rnw = false;  // read
    bool nsipa = false;
    bool s2 = false;   // fault at stage 2
    uint8_t cls = 0;   // EventClass
    bool tt_read = false;
    uint64_t input_addr = 0;  // D2
    uint64_t addr2 = 0;       // D3: IPA[51:12] for translation faults, FetchAddr[51:3] for fetch faults

    std::array<uint64_t, 4> encode() const;
    static EventRecord decode(const std::array<uint64_t, 4>& d);
    bool operator==(const EventRecord& o) const { return encode() == o.encode(); }
};

}  // namespace smmu::core
