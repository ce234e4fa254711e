#include "smmuv3/core/event.h"

#include "common/bits.h"

namespace smmu::core {

using gsim::deposit;
using gsim::extract;

const char* event_name(uint8_t type) {
    switch (type) {
        case F_UUT: return "F_UUT";
        case C_BAD_STREAMID: return "C_BAD_STREAMID";
        case F_STE_FETCH: return "F_STE_FETCH";
        case C_BAD_STE: return "C_BAD_STE";
        case F_BAD_ATS_TREQ: return "F_BAD_ATS_TREQ";
        case F_STREAM_DISABLED: return "F_STREAM_DISABLED";
        case F_TRANSL_FORBIDDEN: return "F_TRANSL_FORBIDDEN";
        case C_BAD_SUBSTREAMID: return "C_BAD_SUBSTREAMID";
        case F_CD_FETCH: return "F_CD_FETCH";
        case C_BAD_CD: return "C_BAD_CD";
        case F_WALK_EABT: return "F_WALK_EABT";
        case F_TRANSLATION: return "F_TRANSLATION";
        case F_ADDR_SIZE: return "F_ADDR_SIZE";
        case F_ACCESS: return "F_ACCESS";
        case F_PERMISSION: return "F_PERMISSION";
        case F_TLB_CONFLICT: return "F_TLB_CONFLICT";
        case F_CFG_CONFLICT: return "F_CFG_CONFLICT";
        case E_PAGE_REQUEST: return "E_PAGE_REQUEST";
        case F_VMS_FETCH: return "F_VMS_FETCH";
        default: return "EVENT_UNKNOWN";
    }
}

std::array<uint64_t, 4> EventRecord::encode() const {
    std::array<uint64_t, 4> d{};
    d[0] = deposit(d[0], 7, 0, type);
    d[0] = deposit(d[0], 11, 11, ssv);
    d[0] = deposit(d[0], 31, 12, substream_id);
    d[0] = deposit(d[0], 63, 32, stream_id);
    d[1] = deposit(d[1], 15, 0, stag);
    d[1] = deposit(d[1], 31, 31, stall);
    d[1] = deposit(d[1], 33, 33, pnu);
    d[1] = deposit(d[1], 34, 34, ind);
    d[1] = deposit(d[1], 35, 35, rnw);
    d[1] = deposit(d[1], 38, 38, nsipa);
    d[1] = deposit(d[1], 39, 39, s2);
    d[1] = deposit(d[1], 41, 40, cls);
    d[1] = deposit(d[1], 44, 44, tt_read);
    d[2] = input_addr;
    d[3] = addr2;
    return d;
}

EventRecord EventRecord::decode(const std::array<uint64_t, 4>& d) {
    EventRecord e;
    e.type = static_cast<uint8_t>(extract(d[0], 7, 0));
    e.ssv = extract(d[0], 11, 11);
    e.substream_id = static_cast<uint32_t>(extract(d[0], 31, 12));
    e.stream_id = static_cast<uint32_t>(extract(d[0], 63, 32));
    e.stag = static_cast<uint16_t>(extract(d[1], 15, 0));
    e.stall = extract(d[1], 31, 31);
    e.pnu = extract(d[1], 33, 33);
    e.ind = extract(d[1], 34, 34);
    e.rnw = extract(d[1], 35, 35);
    e.nsipa = extract(d[1], 38, 38);
    e.s2 = extract(d[1], 39, 39);
    e.cls = static_cast<uint8_t>(extract(d[1], 41, 40));
    e.tt_read = extract(d[1], 44, 44);
    e.input_addr = d[2];
    e.addr2 = d[3];
    return e;
}

}  // namespace smmu::core
