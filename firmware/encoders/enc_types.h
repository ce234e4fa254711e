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

}  // namespace fw::enc
