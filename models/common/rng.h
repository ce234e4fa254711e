// grace-sim: the only source of randomness. xoshiro256** seeded through splitmix64 from
// sim.seed; identical on every platform and library (std:: distributions are not).
#pragma once
#include <cstdint>

namespace gsim {

class Rng {
public:
    explicit Rng(uint64_t seed = 1) { reseed(seed); }
    void reseed(uint64_t seed) {
        for (auto& w : m_s) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            w = z ^ (z >> 31);
        }
    }
    uint64_t next() {
        uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in [0, n) (n > 0), unbiased by rejection.
    uint64_t below(uint64_t n) {
        uint64_t limit = ~uint64_t{0} - (~uint64_t{0} % n);
        uint64_t x;
        do x = next();
        while (x >= limit);
        return x % n;
    }
    // Uniform in [0, 1).
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    // Derive an independent stream for a named consumer (stable across runs).
    Rng fork(uint64_t salt) const {
        Rng r(m_s[0] ^ (salt * 0xD1B54A32D192ED03ull));
        return r;
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

}  // namespace gsim
