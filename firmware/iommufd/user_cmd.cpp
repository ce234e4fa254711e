// grace-sim iommufd object layer: trapped-command checks (see user_cmd.h).
#include "iommufd/user_cmd.h"

#include "common/bits.h"

namespace fw::iommufd {

namespace sc = smmu::core;
using gsim::mask;

namespace {
struct Allowed {
    uint64_t d0;
    uint64_t d1;
};

// Field masks from IHI 0070 (spec/cmdqv.md 1.6): OP [7:0] in every command.
constexpr uint64_t OP = 0xff;
const uint64_t VMID = mask(47, 32);
const uint64_t ASID = mask(63, 48);
const uint64_t NUM_SCALE = mask(16, 12) | mask(24, 20);
const uint64_t SSID = mask(31, 12);
const uint64_t SID = mask(63, 32);
const uint64_t TLBI_D1 = mask(0, 0) | mask(9, 8) | mask(11, 10) | mask(63, 12);

bool allowed_bits(uint8_t op, Allowed& a) {
    switch (op) {
    case sc::CMD_TLBI_NH_ALL: a = {OP | VMID, 0}; return true;
    case sc::CMD_TLBI_NH_ASID: a = {OP | VMID | ASID, 0}; return true;
    case sc::CMD_TLBI_NH_VA: a = {OP | NUM_SCALE | VMID | ASID, TLBI_D1}; return true;
    case sc::CMD_TLBI_NH_VAA: a = {OP | NUM_SCALE | VMID, TLBI_D1}; return true;
    case sc::CMD_TLBI_NSNH_ALL: a = {OP, 0}; return true;
    case sc::CMD_ATC_INV:
        a = {OP | mask(9, 9) | mask(11, 11) | SSID | SID, mask(5, 0) | mask(63, 12)};
        return true;
    case sc::CMD_CFGI_CD: a = {OP | SSID | SID, mask(0, 0)}; return true;
    case sc::CMD_CFGI_CD_ALL: a = {OP | SID, 0}; return true;
    default: return false;
    }
}
}  // namespace

bool user_cmd_accepted(uint8_t opcode) {
    Allowed a{};
    return allowed_bits(opcode, a);
}

bool user_cmd_has_reserved_bits(const sc::Command& c) {
    Allowed a{};
    if (!allowed_bits(c.op(), a)) return false;
    return (c.d0 & ~a.d0) != 0 || (c.d1 & ~a.d1) != 0;
}

}  // namespace fw::iommufd
