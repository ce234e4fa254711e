// grace-sim: reader of register-level traces, JSON Lines version 1 (traces/FORMAT.md).
// Implements: one SAX pass per line into a flat list of top-level fields (nested values are
// only kept for the header's "config" object), then per-op validation with line/column errors.
// Not implemented: preserving "x_" extension fields (they are accepted and dropped).
#include "formats/jsonl_reader.h"

#include <algorithm>
#include <fstream>
#include <istream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/number_text.h"

namespace traces {

namespace {

using json = nlohmann::json;

constexpr unsigned MAX_CPU = 1023;
constexpr uint64_t MAX_DMA_SIZE = uint64_t{1} << 24;  // 16 MiB
constexpr uint64_t MAX_SSID = (uint64_t{1} << 20) - 1;

// Field names known to the format, resolved once per key so lookups compare small integers.
enum Key : uint8_t {
    K_OP, K_T, K_CPU, K_ADDR, K_DATA, K_MASK, K_SIZE, K_VALUE, K_EXPECT, K_TIMEOUT_NS, K_NS,
    K_SID, K_SSID, K_IOVA, K_DIR, K_EXPECT_DATA, K_LINE, K_ASSERTED, K_FORMAT, K_VERSION,
    K_CONFIG, K_COUNT,
    K_EXTENSION = 254,  // "x_*"
    K_UNKNOWN = 255,
};
constexpr const char* KEY_NAMES[K_COUNT] = {
    "op",  "t",    "cpu",  "addr", "data", "mask",        "size", "value",    "expect", "timeout_ns",
    "ns",  "sid",  "ssid", "iova", "dir",  "expect_data", "line", "asserted", "format", "version",
    "config"};

constexpr uint32_t bit(Key k) { return uint32_t{1} << k; }

Key key_id(const std::string& k) {
    if (k.size() >= 2 && k[0] == 'x' && k[1] == '_') return K_EXTENSION;
    for (unsigned i = 0; i < K_COUNT; ++i) {
        const char* n = KEY_NAMES[i];
        if (k.size() == std::char_traits<char>::length(n) && k.compare(n) == 0) return Key(i);
    }
    return K_UNKNOWN;
}

struct JValue {
    enum Type : uint8_t { NUL, BOOL, INT, UINT, FLOAT, STRING, OBJECT, ARRAY };
    Type type = NUL;
    bool b = false;
    int64_t i = 0;
    uint64_t u = 0;
    double f = 0;
    std::string s;
};

const char* type_name(JValue::Type t) {
    switch (t) {
        case JValue::NUL: return "null";
        case JValue::BOOL: return "a boolean";
        case JValue::INT:
        case JValue::UINT:
        case JValue::FLOAT: return "a number";
        case JValue::STRING: return "a string";
        case JValue::OBJECT: return "an object";
        case JValue::ARRAY: return "an array";
    }
    return "?";
}

struct Field {
    std::string key;
    Key id = K_UNKNOWN;
    JValue v;
};

// SAX handler collecting the top-level fields of one line's object.
class LineHandler final : public nlohmann::json_sax<json> {
public:
    void reset() {
        m_nfields = 0;
        m_depth = 0;
        m_in_config = false;
        top_level_object = false;
        not_object = false;
        duplicate_key.clear();
        config.clear();
        bad_config_key.clear();
        has_bad_config = false;
        error_position = 0;
        error_message.clear();
    }

    size_t size() const { return m_nfields; }
    const Field& field(size_t i) const { return m_fields[i]; }
    const Field* find(Key id) const {
        for (size_t i = 0; i < m_nfields; ++i) {
            if (m_fields[i].id == id) return &m_fields[i];
        }
        return nullptr;
    }

    bool top_level_object = false;
    bool not_object = false;
    std::string duplicate_key;
    std::vector<std::pair<std::string, std::string>> config;
    std::string bad_config_key;
    bool has_bad_config = false;
    size_t error_position = 0;
    std::string error_message;

    bool null() override {
        if (JValue* v = scalar_slot()) v->type = JValue::NUL;
        return true;
    }
    bool boolean(bool val) override {
        if (JValue* v = scalar_slot()) {
            v->type = JValue::BOOL;
            v->b = val;
        }
        return true;
    }
    bool number_integer(number_integer_t val) override {
        if (JValue* v = scalar_slot()) {
            v->type = JValue::INT;
            v->i = val;
        }
        return true;
    }
    bool number_unsigned(number_unsigned_t val) override {
        if (JValue* v = scalar_slot()) {
            v->type = JValue::UINT;
            v->u = val;
        }
        return true;
    }
    bool number_float(number_float_t val, const string_t&) override {
        if (JValue* v = scalar_slot()) {
            v->type = JValue::FLOAT;
            v->f = val;
        }
        return true;
    }
    bool string(string_t& val) override {
        if (m_depth == 2 && m_in_config) {
            if (!config.empty()) config.back().second = val;
            return true;
        }
        if (JValue* v = scalar_slot()) {
            v->type = JValue::STRING;
            v->s.swap(val);
        }
        return true;
    }
    bool binary(binary_t&) override {
        if (JValue* v = scalar_slot()) v->type = JValue::NUL;
        return true;
    }
    bool start_object(std::size_t) override {
        container_start(JValue::OBJECT);
        return true;
    }
    bool end_object() override {
        container_end();
        return true;
    }
    bool start_array(std::size_t) override {
        container_start(JValue::ARRAY);
        return true;
    }
    bool end_array() override {
        container_end();
        return true;
    }
    bool key(string_t& val) override {
        if (m_depth == 1) {
            const Key id = key_id(val);
            for (size_t i = 0; i < m_nfields; ++i) {
                const bool same = id < K_COUNT ? m_fields[i].id == id : m_fields[i].key == val;
                if (same && duplicate_key.empty()) duplicate_key = val;
            }
            if (m_nfields == m_fields.size()) m_fields.emplace_back();
            Field& f = m_fields[m_nfields++];
            f.key.swap(val);
            f.id = id;
            f.v.type = JValue::NUL;
        } else if (m_depth == 2 && m_in_config) {
            for (const auto& kv : config) {
                if (kv.first == val && duplicate_key.empty()) duplicate_key = "config." + val;
            }
            config.emplace_back(val, std::string());
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& ex) override {
        error_position = position;
        error_message = ex.what();
        return false;
    }

private:
    // Where a scalar at the current depth goes (nullptr: nowhere / ignored).
    JValue* scalar_slot() {
        if (m_depth == 0) {
            not_object = true;
            return nullptr;
        }
        if (m_depth == 1 && m_nfields > 0) return &m_fields[m_nfields - 1].v;
        if (m_depth == 2 && m_in_config) config_bad();
        return nullptr;
    }
    void config_bad() {
        if (!has_bad_config) {
            has_bad_config = true;
            bad_config_key = config.empty() ? std::string() : config.back().first;
        }
    }
    void container_start(JValue::Type t) {
        if (m_depth == 0) {
            if (t == JValue::OBJECT) {
                top_level_object = true;
            } else {
                not_object = true;
            }
        } else if (m_depth == 1 && m_nfields > 0) {
            Field& f = m_fields[m_nfields - 1];
            f.v.type = t;
            m_in_config = (t == JValue::OBJECT && f.id == K_CONFIG);
        } else if (m_depth == 2 && m_in_config) {
            config_bad();
        }
        ++m_depth;
    }
    void container_end() {
        if (m_depth > 0) --m_depth;
        if (m_depth <= 1) m_in_config = false;
    }

    std::vector<Field> m_fields;
    size_t m_nfields = 0;
    int m_depth = 0;
    bool m_in_config = false;
};

// Allowed keys per op (besides "op", "t", "cpu" and "x_*"), indexed by OpKind.
uint32_t allowed_keys(OpKind kind) {
    switch (kind) {
        case OpKind::MEM_WRITE: return bit(K_ADDR) | bit(K_DATA);
        case OpKind::MEM_EXPECT: return bit(K_ADDR) | bit(K_DATA) | bit(K_MASK);
        case OpKind::WRITE: return bit(K_ADDR) | bit(K_SIZE) | bit(K_VALUE);
        case OpKind::READ: return bit(K_ADDR) | bit(K_SIZE) | bit(K_EXPECT) | bit(K_MASK);
        case OpKind::POLL:
            return bit(K_ADDR) | bit(K_SIZE) | bit(K_MASK) | bit(K_VALUE) | bit(K_TIMEOUT_NS);
        case OpKind::WAIT: return bit(K_NS);
        case OpKind::DMA:
            return bit(K_SID) | bit(K_SSID) | bit(K_IOVA) | bit(K_SIZE) | bit(K_DIR) |
                   bit(K_DATA) | bit(K_EXPECT) | bit(K_EXPECT_DATA);
        case OpKind::IRQ_EXPECT: return bit(K_LINE) | bit(K_ASSERTED);
        case OpKind::MSI_EXPECT: return bit(K_ADDR) | bit(K_DATA);
    }
    return 0;
}

// Column (1-based) where the value of "key" starts in the raw line, found by a light scan;
// 1 when not found (escaped keys, ...).
int value_column(const std::string& line, const std::string& key) {
    const std::string quoted = "\"" + key + "\"";
    size_t pos = 0;
    while ((pos = line.find(quoted, pos)) != std::string::npos) {
        size_t p = pos + quoted.size();
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
        if (p < line.size() && line[p] == ':') {
            ++p;
            while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
            return int(p) + 1;
        }
        pos += 1;
    }
    return 1;
}

// Column of the key itself (for unknown/duplicate fields).
int key_column(const std::string& line, const std::string& key) {
    const size_t pos = line.find("\"" + key + "\"");
    return pos == std::string::npos ? 1 : int(pos) + 1;
}

std::string strip_nlohmann_prefix(const std::string& what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error ..."
    const size_t col = what.find("column ");
    if (col != std::string::npos) {
        const size_t colon = what.find(": ", col);
        if (colon != std::string::npos) return what.substr(colon + 2);
    }
    const size_t br = what.find("] ");
    return br == std::string::npos ? what : what.substr(br + 2);
}

class LineParser {
public:
    LineParser(const std::string& name, const std::string& text, int line_no,
               const LineHandler& h)
        : m_name(name), m_text(text), m_line(line_no), m_h(h) {}

    [[noreturn]] void fail_at(const std::string& key, const std::string& reason) const {
        throw TraceError(m_name, m_line, key.empty() ? 1 : value_column(m_text, key), reason);
    }
    [[noreturn]] void fail_key(const std::string& key, const std::string& reason) const {
        throw TraceError(m_name, m_line, key_column(m_text, key), reason);
    }

    [[noreturn]] void fail_at(Key k, const std::string& reason) const {
        fail_at(std::string(KEY_NAMES[k]), reason);
    }

    const Field* get(Key k, bool required) const {
        const Field* f = m_h.find(k);
        if (!f && required) fail_at("", std::string("missing field '") + KEY_NAMES[k] + "'");
        return f;
    }

    // Number rule: string (decimal / 0x-hex / '_') or JSON integer <= 2^53.
    bool u64(Key k, bool required, uint64_t& out, uint64_t max = UINT64_MAX) const {
        const char* key = KEY_NAMES[k];
        const Field* f = get(k, required);
        if (!f) return false;
        const JValue& v = f->v;
        switch (v.type) {
            case JValue::STRING:
                if (!parse_u64_text(v.s, out)) {
                    fail_at(key, std::string("field '") + key + "': invalid number '" + v.s +
                                     "' (expected decimal or 0x-hex, '_' separators allowed)");
                }
                break;
            case JValue::UINT:
                if (v.u > MAX_JSON_INTEGER) {
                    fail_at(key, std::string("field '") + key +
                                     "': JSON number above 2^53 loses precision; write it as a "
                                     "string");
                }
                out = v.u;
                break;
            case JValue::INT:
                fail_at(key, std::string("field '") + key + "': negative number");
            case JValue::FLOAT:
                if (v.f > double(MAX_JSON_INTEGER)) {
                    fail_at(key, std::string("field '") + key +
                                     "': JSON number above 2^53 loses precision; write it as a "
                                     "string");
                }
                fail_at(key, std::string("field '") + key + "': expected an integer, got " +
                                 "a fractional or exponent number");
            default:
                fail_at(key, std::string("field '") + key +
                                 "': expected a number (string or JSON integer), got " +
                                 type_name(v.type));
        }
        if (out > max) {
            fail_at(key, std::string("field '") + key + "': value " + format_hex_u64(out) +
                             " out of range (max " + format_hex_u64(max) + ")");
        }
        return true;
    }

    const std::string& str(Key k) const {
        const char* key = KEY_NAMES[k];
        const Field* f = get(k, true);
        if (f->v.type != JValue::STRING) {
            fail_at(key, std::string("field '") + key + "': expected a string, got " +
                             type_name(f->v.type));
        }
        return f->v.s;
    }

    bool boolean(Key k) const {
        const char* key = KEY_NAMES[k];
        const Field* f = get(k, true);
        if (f->v.type != JValue::BOOL) {
            fail_at(key, std::string("field '") + key + "': expected true or false, got " +
                             type_name(f->v.type));
        }
        return f->v.b;
    }

    bool bytes(Key k, bool required, std::vector<uint8_t>& out) const {
        const char* key = KEY_NAMES[k];
        const Field* f = get(k, required);
        if (!f) return false;
        if (f->v.type != JValue::STRING) {
            fail_at(key, std::string("field '") + key + "': expected a hex byte string, got " +
                             type_name(f->v.type));
        }
        std::string err;
        if (!parse_hex_bytes(f->v.s, out, err)) fail_at(key, std::string("field '") + key + "': " + err);
        return true;
    }

    unsigned access_size(Key k) const {
        const char* key = KEY_NAMES[k];
        uint64_t s = 0;
        u64(k, true, s);
        if (s != 1 && s != 2 && s != 4 && s != 8) {
            fail_at(key, std::string("field '") + key + "': size " + std::to_string(s) +
                             " is not 1, 2, 4 or 8");
        }
        return unsigned(s);
    }

    void fits(Key k, uint64_t v, unsigned size) const {
        const char* key = KEY_NAMES[k];
        if (size < 8 && (v >> (8 * size)) != 0) {
            fail_at(key, std::string("field '") + key + "': value " + format_hex_u64(v) +
                             " does not fit in " + std::to_string(size) + " byte(s)");
        }
    }

    void check_keys(uint32_t allowed) const {
        for (size_t i = 0; i < m_h.size(); ++i) {
            const Field& f = m_h.field(i);
            if (f.id == K_EXTENSION) continue;
            if (f.id >= K_COUNT || !(allowed & bit(f.id))) {
                fail_key(f.key, "unknown field '" + f.key + "'");
            }
        }
    }

    void parse_header(TraceHeader& hdr) const {
        const Field* fmt = m_h.find(K_FORMAT);
        if (!fmt) {
            throw TraceError(m_name, m_line, 1,
                             m_h.find(K_OP) ? "missing header: the first object must be "
                                              "{\"format\": \"grace-sim-trace\", \"version\": 1}"
                                            : "missing header: no \"format\" field");
        }
        check_keys(bit(K_FORMAT) | bit(K_VERSION) | bit(K_CONFIG));
        if (str(K_FORMAT) != TRACE_FORMAT_NAME) {
            fail_at(K_FORMAT, "header: format must be \"grace-sim-trace\", got \"" +
                                  str(K_FORMAT) + "\"");
        }
        uint64_t version = 0;
        u64(K_VERSION, true, version);
        if (version != uint64_t(TRACE_FORMAT_VERSION)) {
            fail_at(K_VERSION, "unsupported format version " + std::to_string(version) +
                                   " (this reader supports version 1)");
        }
        hdr.version = int(version);
        hdr.line = m_line;
        if (const Field* cfg = m_h.find(K_CONFIG)) {
            if (cfg->v.type != JValue::OBJECT) {
                fail_at(K_CONFIG, std::string("header: config must be an object, got ") +
                                      type_name(cfg->v.type));
            }
            if (m_h.has_bad_config) {
                const std::string& k = m_h.bad_config_key;
                throw TraceError(m_name, m_line, k.empty() ? value_column(m_text, "config")
                                                           : value_column(m_text, k),
                                 "header: config value of '" + k + "' must be a string");
            }
            for (const auto& kv : m_h.config) hdr.config.push_back({kv.first, kv.second, m_line});
        }
    }

    TraceOp parse_op() const {
        TraceOp op;
        op.line = m_line;
        const std::string& name = str(K_OP);
        if (!op_from_name(name, op.kind)) fail_at(K_OP, "unknown op '" + name + "'");
        check_keys(allowed_keys(op.kind) | bit(K_OP) | bit(K_T) | bit(K_CPU));
        op.has_t = u64(K_T, false, op.t_ns);
        uint64_t cpu = 0;
        u64(K_CPU, false, cpu, MAX_CPU);
        op.cpu = unsigned(cpu);
        switch (op.kind) {
            case OpKind::MEM_WRITE:
                u64(K_ADDR, true, op.addr);
                bytes(K_DATA, true, op.data);
                break;
            case OpKind::MEM_EXPECT:
                u64(K_ADDR, true, op.addr);
                bytes(K_DATA, true, op.data);
                if (bytes(K_MASK, false, op.data_mask) && op.data_mask.size() != op.data.size()) {
                    fail_at(K_MASK, "field 'mask': " + std::to_string(op.data_mask.size()) +
                                        " byte(s), but data has " +
                                        std::to_string(op.data.size()));
                }
                break;
            case OpKind::WRITE:
                u64(K_ADDR, true, op.addr);
                op.size = access_size(K_SIZE);
                u64(K_VALUE, true, op.value);
                fits(K_VALUE, op.value, op.size);
                break;
            case OpKind::READ:
            case OpKind::POLL: {
                u64(K_ADDR, true, op.addr);
                op.size = access_size(K_SIZE);
                op.mask = op.size == 8 ? UINT64_MAX : (uint64_t{1} << (8 * op.size)) - 1;
                if (u64(K_MASK, false, op.mask)) fits(K_MASK, op.mask, op.size);
                if (op.kind == OpKind::READ) {
                    op.has_expect = u64(K_EXPECT, false, op.expect);
                    if (op.has_expect) fits(K_EXPECT, op.expect, op.size);
                } else {
                    u64(K_VALUE, true, op.value);
                    fits(K_VALUE, op.value, op.size);
                    u64(K_TIMEOUT_NS, true, op.timeout_ns);
                }
                break;
            }
            case OpKind::WAIT:
                u64(K_NS, true, op.ns);
                break;
            case OpKind::DMA: {
                uint64_t v = 0;
                u64(K_SID, true, v, UINT32_MAX);
                op.sid = uint32_t(v);
                op.has_ssid = u64(K_SSID, false, v, MAX_SSID);
                op.ssid = op.has_ssid ? uint32_t(v) : 0;
                u64(K_IOVA, true, op.iova);
                u64(K_SIZE, true, v, MAX_DMA_SIZE);
                if (v == 0) fail_at(K_SIZE, "field 'size': a DMA transfer needs at least 1 byte");
                op.size = unsigned(v);
                const std::string& dir = str(K_DIR);
                if (dir == "write") {
                    op.dma_write = true;
                } else if (dir != "read") {
                    fail_at(K_DIR, "field 'dir': expected \"read\" or \"write\", got \"" + dir + "\"");
                }
                const std::string& expect = str(K_EXPECT);
                if (expect == "abort") {
                    op.expect_ok = false;
                } else if (expect != "ok") {
                    fail_at(K_EXPECT,
                            "field 'expect': expected \"ok\" or \"abort\", got \"" + expect + "\"");
                }
                if (op.dma_write) {
                    bytes(K_DATA, true, op.data);
                    if (op.data.size() != op.size) {
                        fail_at(K_DATA, "field 'data': " + std::to_string(op.data.size()) +
                                            " byte(s), but size is " + std::to_string(op.size));
                    }
                    if (m_h.find(K_EXPECT_DATA)) {
                        fail_at(K_EXPECT_DATA, "field 'expect_data' is only allowed on dma reads");
                    }
                } else {
                    if (m_h.find(K_DATA)) fail_at(K_DATA, "field 'data' is only allowed on dma writes");
                    if (bytes(K_EXPECT_DATA, false, op.expect_data) &&
                        op.expect_data.size() != op.size) {
                        fail_at(K_EXPECT_DATA, "field 'expect_data': " +
                                                   std::to_string(op.expect_data.size()) +
                                                   " byte(s), but size is " +
                                                   std::to_string(op.size));
                    }
                }
                break;
            }
            case OpKind::IRQ_EXPECT:
                op.line_name = str(K_LINE);
                if (!is_valid_irq_line_name(op.line_name)) {
                    fail_at(K_LINE, "field 'line': unknown interrupt line '" + op.line_name + "'");
                }
                op.asserted = boolean(K_ASSERTED);
                break;
            case OpKind::MSI_EXPECT:
                u64(K_ADDR, true, op.addr);
                u64(K_DATA, true, op.value, UINT32_MAX);
                break;
        }
        return op;
    }

private:
    const std::string& m_name;
    const std::string& m_text;
    int m_line;
    const LineHandler& m_h;
};

}  // namespace

Trace read_trace(std::istream& in, const std::string& name) {
    Trace trace;
    LineHandler handler;
    std::string text;
    int line_no = 0;
    bool have_header = false;
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        size_t p = 0;
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
        if (p == text.size() || text[p] == '#') continue;

        handler.reset();
        const bool ok = json::sax_parse(text.begin(), text.end(), &handler);
        if (!ok) {
            const size_t col = std::min<size_t>(std::max<size_t>(handler.error_position, 1),
                                                text.size() + 1);
            throw TraceError(name, line_no, int(col),
                             "invalid JSON: " + strip_nlohmann_prefix(handler.error_message));
        }
        if (handler.not_object || !handler.top_level_object) {
            throw TraceError(name, line_no, int(p) + 1, "expected a JSON object");
        }
        LineParser lp(name, text, line_no, handler);
        if (!handler.duplicate_key.empty()) {
            lp.fail_key(handler.duplicate_key, "duplicate field '" + handler.duplicate_key + "'");
        }
        if (!have_header) {
            lp.parse_header(trace.header);
            have_header = true;
            continue;
        }
        trace.ops.push_back(lp.parse_op());
        trace.max_cpu = std::max(trace.max_cpu, trace.ops.back().cpu);
    }
    if (!have_header) {
        throw TraceError(name, line_no + 1, 1, "missing header: the trace has no JSON object");
    }
    return trace;
}

Trace read_trace_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, 0, 0, "cannot open file");
    return read_trace(in, path);
}

Trace read_trace_string(const std::string& text, const std::string& name) {
    std::istringstream in(text);
    return read_trace(in, name);
}

}  // namespace traces
