// grace-sim firmware encoders: names of the encoder error codes.
#include "encoders/enc_types.h"

namespace fw::enc {

const char* enc_error_name(EncError e) {
    switch (e) {
        case EncError::OK: return "OK";
        case EncError::NO_MEMORY: return "NO_MEMORY";
        case EncError::BAD_ALIGNMENT: return "BAD_ALIGNMENT";
        case EncError::OUT_OF_RANGE: return "OUT_OF_RANGE";
        case EncError::BAD_CONFIG: return "BAD_CONFIG";
        case EncError::MEM_FAULT: return "MEM_FAULT";
        case EncError::ALREADY_MAPPED: return "ALREADY_MAPPED";
    }
    return "?";
}

}  // namespace fw::enc
