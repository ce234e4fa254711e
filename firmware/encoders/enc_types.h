// grace-sim firmware encoders: small value types shared by the encoder library.
// Implements: the error code every fallible encoder call returns, and the MemWriter interface
// through which tables are written into (simulated) physical memory.
// Not implemented: exceptions (encoders never throw on bad input; they return an EncError).
#pragma once
#include <cstdint>

namespace fw::enc {

enum class EncError : uint8_t {
    OK = 0,
    NO_MEMORY,       // PhysAllocator range exhausted
    BAD_ALIGNMENT,   // address / size / alignment not acceptable
    OUT_OF_RANGE,    // index, address or size outside what the structure covers
    BAD_CONFIG,      // configuration that the format cannot express
    MEM_FAULT,       // MemWriter reported a failed access
    ALREADY_MAPPED,  // map() over an existing valid entry
};

const char* enc_error_name(EncError e);

// Where the encoders put their tables: 64-bit little-endian accesses at a physical address.
// Returns false when the access failed (the encoder then reports EncError::MEM_FAULT).
class MemWriter {
public:
    virtual ~MemWriter() = default;
    virtual bool write64(uint64_t pa, uint64_t value) = 0;
    virtual bool read64(uint64_t pa, uint64_t& value) = 0;
};

// Translation granule sizes, as used by both builders and PageTable.
enum class Granule : uint8_t { G4K, G16K, G64K };

// TG0 / S2TG encoding (4K = 0, 64K = 1, 16K = 2) and TG1 encoding (16K = 1, 4K = 2, 64K = 3).
constexpr uint8_t tg0_code(Granule g) {
    return g == Granule::G4K ? 0 : g == Granule::G64K ? 1 : 2;
}
constexpr uint8_t tg1_code(Granule g) {
    return g == Granule::G16K ? 1 : g == Granule::G4K ? 2 : 3;
}
// IPS / S2PS / PS encoding of an address size in bits; 0xff when not encodable.
constexpr uint8_t ps_code(unsigned bits) {
    switch (bits) {
        case 32: return 0;
        case 36: return 1;
        case 40: return 2;
        case 42: return 3;
        case 44: return 4;
        case 48: return 5;
        case 52: return 6;
        default: return 0xff;
    }
}

// What an STE (stage 2) or a CD (stage 1) needs to know about a page table: produced by
// PageTable::info(), consumed by SteBuilder::s2_pgtable() and CdBuilder::ttb0_pgtable().
struct PgtableInfo {
    uint64_t root_pa = 0;
    uint8_t tsz = 0;  // T0SZ / S2T0SZ = 64 - input address bits
    uint8_t sl0 = 0;  // S2SL0 (stage 2 only)
    uint8_t tg0 = 0;  // TG0 / S2TG encoding: 4K = 0, 64K = 1, 16K = 2
    uint8_t tg1 = 0;  // TG1 encoding: 16K = 1, 4K = 2, 64K = 3
    uint8_t ps = 0;   // IPS / S2PS encoding of the output size: 32,36,40,42,44,48,52 -> 0..6
};

}  // namespace fw::enc
