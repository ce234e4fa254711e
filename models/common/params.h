// grace-sim: configuration parameters without Boost.
// Every block declares its parameters once, in a plain struct with a visit() method:
//
//   struct TlbParams {
//       uint64_t entries = 2048;
//       void visit(gsim::ParamVisitor& v) {
//           v.u64("entries", entries, {"entries", "main TLB entries", "gem5 SMMUv3.py", 1, 1 << 20});
//       }
//   };
//
// The platform turns the visitors into Boost.Program_options options (--help, INI files,
// --dump-config); unit tests just construct the struct. One declaration feeds the defaults,
// the help text, the provenance comment in configs/default.ini and the range check.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

namespace gsim {

struct Param {
    const char* unit = "";    // "cycles", "ns", "entries", "bytes", "" ...
    const char* help = "";    // one line
    const char* source = "";  // provenance: spec section, published figure, "calibrated", ...
    uint64_t min = 0;
    uint64_t max = std::numeric_limits<uint64_t>::max();
};

class ParamVisitor {
public:
    virtual ~ParamVisitor() = default;
    virtual void u64(const char* key, uint64_t& v, const Param& p) = 0;
    virtual void f64(const char* key, double& v, const Param& p) = 0;
    virtual void flag(const char* key, bool& v, const Param& p) = 0;
    virtual void str(const char* key, std::string& v, const Param& p) = 0;
    // A string restricted to one of `choices`.
    virtual void choice(const char* key, std::string& v, std::vector<std::string> choices,
                        const Param& p) = 0;

    // Convenience for narrower unsigned members.
    template <typename T>
    void uint(const char* key, T& v, const Param& p) {
        uint64_t tmp = v;
        u64(key, tmp, p);
        v = static_cast<T>(tmp);
    }
};

// Prefixes every key with "<prefix>." and forwards; blocks nest their sub-blocks with it.
class PrefixedVisitor final : public ParamVisitor {
public:
    PrefixedVisitor(ParamVisitor& inner, std::string prefix)
        : m_inner(inner), m_prefix(std::move(prefix)) {}
    void u64(const char* k, uint64_t& v, const Param& p) override { m_inner.u64(key(k), v, p); }
    void f64(const char* k, double& v, const Param& p) override { m_inner.f64(key(k), v, p); }
    void flag(const char* k, bool& v, const Param& p) override { m_inner.flag(key(k), v, p); }
    void str(const char* k, std::string& v, const Param& p) override { m_inner.str(key(k), v, p); }
    void choice(const char* k, std::string& v, std::vector<std::string> c,
                const Param& p) override {
        m_inner.choice(key(k), v, std::move(c), p);
    }

private:
    const char* key(const char* k) {
        m_buf = m_prefix + "." + k;
        return m_buf.c_str();
    }
    ParamVisitor& m_inner;
    std::string m_prefix;
    std::string m_buf;
};

// Visit `obj` (anything with visit(ParamVisitor&)) under a prefix.
template <typename T>
void visit_prefixed(ParamVisitor& v, const std::string& prefix, T& obj) {
    PrefixedVisitor pv(v, prefix);
    obj.visit(pv);
}

}  // namespace gsim
