#include <gtest/gtest.h>

#include <vector>

#include "common/bits.h"
#include "encoders/cd_table.h"
#include "encoders/mem_port_writer.h"
#include "encoders/page_table.h"
#include "encoders/stream_table.h"
#include "fake_mem.h"

using namespace fw::enc;
using gsim::extract;

namespace {

struct Env {
    gsim::test::FakeMemPort port{uint64_t{1} << 40, 0};
    MemPortWriter mem{port};
    PhysAllocator alloc{0x4000'0000, 0x1000'0000};
};

// Records the order of 64-bit writes.
class RecordingWriter : public MemWriter {
public:
    explicit RecordingWriter(MemWriter& inner) : m_inner(inner) {}
    bool write64(uint64_t pa, uint64_t v) override {
        writes.push_back(pa);
        return m_inner.write64(pa, v);
    }
    bool read64(uint64_t pa, uint64_t& v) override { return m_inner.read64(pa, v); }
    std::vector<uint64_t> writes;

private:
    MemWriter& m_inner;
};

}  // namespace

TEST(EncStreamTable, linear_table_registers_and_ste_placement) {
    Env env;
    StreamTableConfig c;
    c.fmt = StrtabFmt::LINEAR;
    c.log2size = 6;
    c.read_alloc = true;
    StreamTable st(c, env.alloc, env.mem);
    ASSERT_EQ(st.init(), EncError::OK);
    EXPECT_EQ(st.base_pa() % (64 * 64), 0u);
    EXPECT_EQ(st.strtab_base(), st.base_pa() | (uint64_t{1} << 62));
    EXPECT_EQ(extract(st.strtab_base_cfg(), 5, 0), 6u);
    EXPECT_EQ(extract(st.strtab_base_cfg(), 10, 6), 0u);
    EXPECT_EQ(extract(st.strtab_base_cfg(), 17, 16), 0u);
    ASSERT_EQ(st.write_ste(5, SteBuilder::bypass()), EncError::OK);
    EXPECT_EQ(env.port.peek64(st.base_pa() + 5 * 64), SteBuilder::bypass()[0]);
    EXPECT_EQ(env.port.peek64(st.base_pa() + 5 * 64 + 8), SteBuilder::bypass()[1]);
    Ste back{};
    ASSERT_EQ(st.read_ste(5, &back), EncError::OK);
    EXPECT_EQ(back, SteBuilder::bypass());
    EXPECT_EQ(st.write_ste(64, SteBuilder::abort()), EncError::OUT_OF_RANGE);
}

TEST(EncStreamTable, two_level_table_allocates_leaves_lazily) {
    Env env;
    StreamTableConfig c;
    c.fmt = StrtabFmt::TWO_LEVEL;
    c.log2size = 16;
    c.split = 8;
    StreamTable st(c, env.alloc, env.mem);
    ASSERT_EQ(st.init(), EncError::OK);
    EXPECT_EQ(st.l1_entries(), 256u);
    EXPECT_EQ(extract(st.strtab_base_cfg(), 5, 0), 16u);
    EXPECT_EQ(extract(st.strtab_base_cfg(), 10, 6), 8u);
    EXPECT_EQ(extract(st.strtab_base_cfg(), 17, 16), 1u);
    EXPECT_EQ(st.leaves_allocated(), 0u);
    Ste rd{};
    ASSERT_EQ(st.read_ste(0x1234, &rd), EncError::OK);  // no leaf yet: zeros, no allocation
    EXPECT_EQ(rd[0], 0u);
    EXPECT_EQ(st.leaves_allocated(), 0u);

    const Ste ste = SteBuilder().valid().config(STE_CFG_S2_TRANS).s2_vmid(3).build();
    ASSERT_EQ(st.write_ste(0x1234, ste), EncError::OK);
    ASSERT_EQ(st.write_ste(0x12FF, ste), EncError::OK);  // same leaf (bus 0x12)
    EXPECT_EQ(st.leaves_allocated(), 1u);
    const uint64_t l1 = env.port.peek64(st.base_pa() + 0x12 * 8);
    EXPECT_EQ(extract(l1, 4, 0), 9u);  // SPAN = SPLIT + 1
    const uint64_t l2 = l1 & gsim::mask(51, 6);
    EXPECT_EQ(l2 % (256 * 64), 0u);
    EXPECT_EQ(env.port.peek64(l2 + 0x34 * 64), ste[0]);
    EXPECT_EQ(env.port.peek64(l2 + 0x34 * 64 + 16), ste[2]);
    EXPECT_EQ(env.port.peek64(st.base_pa() + 0x13 * 8), 0u);  // other L1 entries untouched
    ASSERT_EQ(st.write_ste(0x0001, ste), EncError::OK);
    EXPECT_EQ(st.leaves_allocated(), 2u);
    ASSERT_EQ(st.read_ste(0x12FF, &rd), EncError::OK);
    EXPECT_EQ(rd, ste);
    EXPECT_EQ(st.write_ste(0x10000, ste), EncError::OUT_OF_RANGE);
}

TEST(EncStreamTable, bad_configs_and_exhaustion_are_errors) {
    Env env;
    StreamTableConfig c;
    c.fmt = StrtabFmt::TWO_LEVEL;
    c.split = 7;
    EXPECT_EQ(StreamTable(c, env.alloc, env.mem).init(), EncError::BAD_CONFIG);
    c.split = 10;
    c.log2size = 8;
    EXPECT_EQ(StreamTable(c, env.alloc, env.mem).init(), EncError::BAD_CONFIG);
    StreamTable not_init(c, env.alloc, env.mem);
    EXPECT_EQ(not_init.write_ste(0, SteBuilder::abort()), EncError::BAD_CONFIG);
    gsim::test::FakeMemPort port(uint64_t{1} << 32, 0);
    MemPortWriter mem(port);
    PhysAllocator tiny(0x10000, 0x1000);
    c.log2size = 12;
    c.split = 8;
    StreamTable st(c, tiny, mem);
    ASSERT_EQ(st.init(), EncError::OK);  // 128-byte L1
    EXPECT_EQ(st.write_ste(0, SteBuilder::abort()), EncError::NO_MEMORY);  // 16 KiB leaf
}

TEST(EncStreamTable, ste_word0_written_last_when_valid_and_first_when_invalid) {
    Env env;
    RecordingWriter rec(env.mem);
    StreamTableConfig c;
    c.log2size = 4;
    StreamTable st(c, env.alloc, rec);
    ASSERT_EQ(st.init(), EncError::OK);
    const uint64_t e = st.base_pa() + 2 * 64;
    rec.writes.clear();
    ASSERT_EQ(st.write_ste(2, SteBuilder::bypass()), EncError::OK);
    ASSERT_EQ(rec.writes.size(), 8u);
    EXPECT_EQ(rec.writes.back(), e);
    EXPECT_EQ(rec.writes.front(), e + 8);
    rec.writes.clear();
    ASSERT_EQ(st.write_ste(2, Ste{}), EncError::OK);
    ASSERT_EQ(rec.writes.size(), 8u);
    EXPECT_EQ(rec.writes.front(), e);
}

TEST(EncStreamTable, new_tables_can_be_filled_with_abort_or_bypass_stes) {
    Env env;
    StreamTableConfig c;
    c.fmt = StrtabFmt::TWO_LEVEL;
    c.log2size = 12;
    c.split = 6;
    c.ste_init = SteInit::ABORT;
    StreamTable st(c, env.alloc, env.mem);
    ASSERT_EQ(st.init(), EncError::OK);
    ASSERT_EQ(st.write_ste(0x41, SteBuilder::bypass()), EncError::OK);
    Ste rd{};
    ASSERT_EQ(st.read_ste(0x40, &rd), EncError::OK);  // neighbour in the same new leaf
    EXPECT_EQ(rd, SteBuilder::abort());
    ASSERT_EQ(st.read_ste(0x7F, &rd), EncError::OK);
    EXPECT_EQ(rd, SteBuilder::abort());
    ASSERT_EQ(st.read_ste(0x41, &rd), EncError::OK);
    EXPECT_EQ(rd, SteBuilder::bypass());
    ASSERT_EQ(st.read_ste(0x80, &rd), EncError::OK);  // leaf not allocated yet
    EXPECT_EQ(rd[0], 0u);

    Env env2;
    StreamTableConfig l;
    l.log2size = 4;
    l.ste_init = SteInit::BYPASS;
    StreamTable lin(l, env2.alloc, env2.mem);
    ASSERT_EQ(lin.init(), EncError::OK);
    ASSERT_EQ(lin.read_ste(15, &rd), EncError::OK);
    EXPECT_EQ(rd, SteBuilder::bypass());
}

TEST(EncMemPortWriter, accumulates_latency_and_reports_faults) {
    gsim::test::FakeMemPort port(uint64_t{1} << 32, 250);
    MemPortWriter w(port);
    EXPECT_TRUE(w.write64(0x100, 0x1122334455667788ull));
    uint64_t v = 0;
    EXPECT_TRUE(w.read64(0x100, v));
    EXPECT_EQ(v, 0x1122334455667788ull);
    EXPECT_EQ(w.latency_ps(), 500u);
    port.inject_fault(0x200, 0x2FF);
    EXPECT_FALSE(w.write64(0x208, 1));
    EXPECT_FALSE(w.read64(0x2F8, v));
}

TEST(EncCdTable, linear_cd_table) {
    Env env;
    CdTableConfig c;
    c.s1cdmax = 3;
    CdTable t(c, env.alloc, env.mem);
    ASSERT_EQ(t.init(), EncError::OK);
    EXPECT_EQ(t.base_pa() % (8 * 64), 0u);
    const Cd cd = CdBuilder().valid().asid(0x11).t0sz(16).build();
    ASSERT_EQ(t.write_cd(7, cd), EncError::OK);
    EXPECT_EQ(env.port.peek64(t.base_pa() + 7 * 64), cd[0]);
    EXPECT_EQ(t.write_cd(8, cd), EncError::OUT_OF_RANGE);
    SteBuilder sb;
    t.apply_to(sb);
    const Ste ste = sb.build();
    EXPECT_EQ(ste[0] & gsim::mask(51, 6), t.base_pa());
    EXPECT_EQ(extract(ste[0], 5, 4), 0u);
    EXPECT_EQ(extract(ste[0], 63, 59), 3u);
}

TEST(EncCdTable, two_level_cd_tables_with_64_and_1024_cd_leaves) {
    struct Case { CdTableFmt fmt; unsigned leaf_cds; uint8_t s1fmt; };
    for (Case k : {Case{CdTableFmt::L2_64, 64, 1}, Case{CdTableFmt::L2_1024, 1024, 2}}) {
        Env env;
        CdTableConfig c;
        c.fmt = k.fmt;
        c.s1cdmax = 16;
        CdTable t(c, env.alloc, env.mem);
        ASSERT_EQ(t.init(), EncError::OK);
        EXPECT_EQ(t.l1_entries(), 65536u / k.leaf_cds);
        EXPECT_EQ(t.ste_s1fmt(), k.s1fmt);
        const uint32_t ssid = 3 * k.leaf_cds + 5;
        const Cd cd = CdBuilder().valid().asid(0x22).build();
        ASSERT_EQ(t.write_cd(ssid, cd), EncError::OK);
        EXPECT_EQ(t.leaves_allocated(), 1u);
        const uint64_t l1 = env.port.peek64(t.base_pa() + 3 * 8);
        EXPECT_EQ(l1 & 1, 1u);  // V
        const uint64_t leaf = l1 & gsim::mask(51, 12);
        EXPECT_EQ(leaf % (uint64_t{k.leaf_cds} * 64), 0u);
        EXPECT_EQ(env.port.peek64(leaf + 5 * 64), cd[0]);
        Cd back{};
        ASSERT_EQ(t.read_cd(ssid, &back), EncError::OK);
        EXPECT_EQ(back, cd);
        ASSERT_EQ(t.read_cd(ssid + k.leaf_cds, &back), EncError::OK);
        EXPECT_EQ(back[0], 0u);
        EXPECT_EQ(t.leaves_allocated(), 1u);
        ASSERT_EQ(t.write_cd(ssid + 1, cd), EncError::OK);
        EXPECT_EQ(t.leaves_allocated(), 1u);
    }
}

// STE -> CD -> stage-1 table, decoded with raw field extraction as an SMMU walker would.
TEST(EncTables, nested_style_setup_decodes_end_to_end) {
    Env env;
    StreamTableConfig sc;
    sc.fmt = StrtabFmt::TWO_LEVEL;
    sc.log2size = 16;
    StreamTable st(sc, env.alloc, env.mem);
    ASSERT_EQ(st.init(), EncError::OK);
    CdTableConfig cc;
    cc.s1cdmax = 0;
    CdTable cdt(cc, env.alloc, env.mem);
    ASSERT_EQ(cdt.init(), EncError::OK);
    PageTableConfig pc;
    pc.granule = Granule::G4K;
    pc.ia_bits = 48;
    pc.oa_bits = 44;
    PageTable pt(pc, env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    ASSERT_EQ(pt.map(0x1'0000'0000ull, 0x8'1234'5000ull, 4096, PROT_READ | PROT_WRITE | PROT_CACHE),
              EncError::OK);
    ASSERT_EQ(cdt.write_cd(0, CdBuilder().ttb0_pgtable(pt.info(), 5, DEFAULT_MAIR).build()),
              EncError::OK);
    SteBuilder sb;
    sb.valid().config(STE_CFG_S1_TRANS).s1_dss(S1DSS_SSID0);
    cdt.apply_to(sb);
    ASSERT_EQ(st.write_ste(0x0100, sb.build()), EncError::OK);

    // Walk by hand.
    const uint64_t l1 = env.port.peek64((st.strtab_base() & gsim::mask(51, 6)) + (0x100 >> 8) * 8);
    const uint64_t ste0 = env.port.peek64((l1 & gsim::mask(51, 6)) + 0 * 64);
    ASSERT_EQ(extract(ste0, 3, 1), 0b101u);
    const uint64_t cd0 = env.port.peek64(ste0 & gsim::mask(51, 6));
    const uint64_t cd1 = env.port.peek64((ste0 & gsim::mask(51, 6)) + 8);
    ASSERT_EQ(extract(cd0, 31, 31), 1u);
    EXPECT_EQ(extract(cd0, 63, 48), 5u);
    EXPECT_EQ(extract(cd0, 34, 32), 4u);  // 44-bit IPS
    uint64_t table = cd1 & gsim::mask(51, 4);
    const uint64_t va = 0x1'0000'0000ull;
    uint64_t d = 0;
    for (unsigned level = 0; level <= 3; ++level) {
        const unsigned shift = 12 + 9 * (3 - level);
        d = env.port.peek64(table + extract(va, shift + 8, shift) * 8);
        ASSERT_EQ(d & 3, 3u) << level;
        table = d & gsim::mask(47, 12);
    }
    EXPECT_EQ(table, 0x8'1234'5000ull);
}
