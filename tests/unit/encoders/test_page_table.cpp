#include <gtest/gtest.h>

#include "common/bits.h"
#include "encoders/mem_port_writer.h"
#include "encoders/page_table.h"
#include "fake_mem.h"

using namespace fw::enc;
using gsim::extract;

namespace {

struct Env {
    gsim::test::FakeMemPort port{uint64_t{1} << 40, 0};
    MemPortWriter mem{port};
    PhysAllocator alloc{0x4000'0000, 0x1000'0000};
};

PageTableConfig cfg(Stage st, Granule g, unsigned ia, unsigned oa = 48) {
    PageTableConfig c;
    c.stage = st;
    c.granule = g;
    c.ia_bits = ia;
    c.oa_bits = oa;
    return c;
}

constexpr uint32_t RW = PROT_READ | PROT_WRITE | PROT_CACHE;

}  // namespace

TEST(EncPageTable, start_level_follows_granule_and_input_size) {
    struct Case { Stage st; Granule g; unsigned ia; unsigned level; uint64_t entries; unsigned concat; };
    const Case cases[] = {
        {Stage::S1, Granule::G4K, 48, 0, 512, 1},   {Stage::S1, Granule::G4K, 39, 1, 512, 1},
        {Stage::S1, Granule::G4K, 32, 1, 4, 1},     {Stage::S1, Granule::G16K, 48, 0, 2, 1},
        {Stage::S1, Granule::G16K, 36, 2, 2048, 1}, {Stage::S1, Granule::G64K, 48, 1, 64, 1},
        {Stage::S1, Granule::G64K, 42, 2, 8192, 1},   {Stage::S2, Granule::G4K, 48, 0, 512, 1},
        {Stage::S2, Granule::G4K, 40, 1, 1024, 2},  {Stage::S2, Granule::G4K, 42, 1, 4096, 8},
        {Stage::S2, Granule::G4K, 44, 0, 32, 1},    {Stage::S2, Granule::G16K, 48, 1, 4096, 2},
        {Stage::S2, Granule::G64K, 48, 1, 64, 1},
    };
    for (const Case& k : cases) {
        Env env;
        PageTable pt(cfg(k.st, k.g, k.ia), env.alloc, env.mem);
        ASSERT_EQ(pt.init(), EncError::OK) << k.ia;
        EXPECT_EQ(pt.start_level(), k.level) << int(k.g) << "/" << k.ia;
        EXPECT_EQ(pt.root_entries(), k.entries) << int(k.g) << "/" << k.ia;
        EXPECT_EQ(pt.concat_tables(), k.concat) << int(k.g) << "/" << k.ia;
        const uint64_t root_bytes = k.entries * 8 < 64 ? 64 : k.entries * 8;
        EXPECT_EQ(pt.root_pa() % root_bytes, 0u);  // root aligned to its (concatenated) size
    }
}

TEST(EncPageTable, s2_concatenated_root_is_walked_and_reported_in_sl0) {
    Env env;
    PageTable pt(cfg(Stage::S2, Granule::G4K, 40), env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    EXPECT_EQ(pt.info().sl0, 1u);   // 4K: SL0 = 2 - start level
    EXPECT_EQ(pt.info().tsz, 24u);
    // An IPA in the second concatenated table (bit 39 set) lands in root entry 512+.
    const uint64_t ipa = (uint64_t{1} << 39) | 0x1234'5000ull;
    ASSERT_EQ(pt.map(ipa, 0x8'0000'0000ull, 4096, RW), EncError::OK);
    const uint64_t root_entry = pt.root_pa() + (512 + extract(ipa, 38, 30)) * 8;
    EXPECT_EQ(env.port.peek64(root_entry) & 3, 3u);  // table descriptor
    EXPECT_EQ(pt.iova_to_pa(ipa + 0x10), 0x8'0000'0010ull);

    Env env2;
    PageTable p16(cfg(Stage::S2, Granule::G16K, 48), env2.alloc, env2.mem);
    ASSERT_EQ(p16.init(), EncError::OK);
    EXPECT_EQ(p16.info().sl0, 2u);  // 16K: SL0 = 3 - start level (1)
    EXPECT_EQ(p16.info().tg0, 2u);

    Env env3;
    PageTableConfig c = cfg(Stage::S2, Granule::G16K, 48);
    c.s2_concat = false;  // level 0 cannot be expressed in S2SL0 for 16K here
    PageTable p16n(c, env3.alloc, env3.mem);
    EXPECT_EQ(p16n.init(), EncError::BAD_CONFIG);
}

TEST(EncPageTable, map_and_walk_back_for_every_granule_and_stage) {
    for (Stage st : {Stage::S1, Stage::S2}) {
        for (Granule g : {Granule::G4K, Granule::G16K, Granule::G64K}) {
            Env env;
            PageTable pt(cfg(st, g, 48), env.alloc, env.mem);
            ASSERT_EQ(pt.init(), EncError::OK);
            const uint64_t pg = pt.page_size();
            const uint64_t iovas[] = {0, 5 * pg, 0x7FFF'0000'0000ull, 0xFFFF'FFFF'0000ull};
            uint64_t pa = 0x10'0000'0000ull;
            for (uint64_t iova : iovas) {
                ASSERT_EQ(pt.map(iova, pa, pg, RW), EncError::OK);
                EXPECT_EQ(pt.iova_to_pa(iova), pa);
                EXPECT_EQ(pt.iova_to_pa(iova + pg - 8), pa + pg - 8);
                WalkResult w = pt.walk(iova);
                EXPECT_EQ(w.level, 3u);
                EXPECT_EQ(w.desc & 3, 3u);  // page descriptor
                EXPECT_EQ(w.size, pg);
                pa += 7 * pg;
            }
            EXPECT_FALSE(pt.iova_to_pa(pg).has_value());
            EXPECT_FALSE(pt.iova_to_pa(uint64_t{1} << 48).has_value());
        }
    }
}

TEST(EncPageTable, blocks_are_chosen_when_aligned) {
    struct Case { Granule g; uint64_t block; unsigned level; };
    const Case cases[] = {{Granule::G4K, uint64_t{1} << 21, 2},
                          {Granule::G4K, uint64_t{1} << 30, 1},
                          {Granule::G16K, uint64_t{1} << 25, 2},
                          {Granule::G64K, uint64_t{1} << 29, 2}};
    for (const Case& k : cases) {
        Env env;
        PageTable pt(cfg(Stage::S1, k.g, 48), env.alloc, env.mem);
        ASSERT_EQ(pt.init(), EncError::OK);
        EXPECT_TRUE(pt.pgsize_bitmap() & k.block);
        const uint64_t iova = 4 * k.block, pa = 0x100'0000'0000ull;
        ASSERT_EQ(pt.map(iova, pa, k.block, RW), EncError::OK);
        WalkResult w = pt.walk(iova + k.block - pt.page_size());
        ASSERT_TRUE(w.mapped);
        EXPECT_EQ(w.level, k.level);
        EXPECT_EQ(w.desc & 3, 1u);  // block descriptor
        EXPECT_EQ(w.pa, pa + k.block - pt.page_size());
        // Misaligned PA: the same size is mapped with pages.
        const uint64_t iova2 = 8 * k.block;
        ASSERT_EQ(pt.map(iova2, pa + pt.page_size(), k.block, RW), EncError::OK);
        EXPECT_EQ(pt.walk(iova2).level, 3u);
        EXPECT_EQ(pt.iova_to_pa(iova2 + 3 * pt.page_size()), pa + 4 * pt.page_size());
    }
    // 1G at a 2M-aligned (not 1G-aligned) PA: 512 level-2 blocks.
    {
        Env env;
        PageTable pt(cfg(Stage::S2, Granule::G4K, 48), env.alloc, env.mem);
        ASSERT_EQ(pt.init(), EncError::OK);
        ASSERT_EQ(pt.map(uint64_t{1} << 30, 0x20'0000, uint64_t{1} << 30, RW), EncError::OK);
        EXPECT_EQ(pt.walk((uint64_t{1} << 30) + 0x12'3456).level, 2u);
        EXPECT_EQ(pt.iova_to_pa((uint64_t{1} << 30) + 0x12'3456), 0x32'3456u);
        EXPECT_EQ(pt.unmap(uint64_t{1} << 30, uint64_t{1} << 30).leaves_cleared, 512u);
    }
    // 64K has no level-1 blocks (512M is the largest); 16K has no 64G blocks.
    Env env;
    PageTable p64(cfg(Stage::S1, Granule::G64K, 48), env.alloc, env.mem);
    ASSERT_EQ(p64.init(), EncError::OK);
    EXPECT_EQ(p64.pgsize_bitmap(), (uint64_t{1} << 16) | (uint64_t{1} << 29));
    PageTableConfig nb = cfg(Stage::S1, Granule::G4K, 48);
    nb.allow_blocks = false;
    Env env2;
    PageTable p4(nb, env2.alloc, env2.mem);
    ASSERT_EQ(p4.init(), EncError::OK);
    ASSERT_EQ(p4.map(0, 0, uint64_t{1} << 21, RW), EncError::OK);
    EXPECT_EQ(p4.walk(0).level, 3u);
}

TEST(EncPageTable, unmap_counts_leaves_and_reports_them_in_order) {
    Env env;
    PageTable pt(cfg(Stage::S1, Granule::G4K, 48), env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    ASSERT_EQ(pt.map(0x10'0000, 0x9000'0000, 16 * 4096, RW), EncError::OK);
    UnmapResult r = pt.unmap(0x10'0000, 16 * 4096);
    ASSERT_EQ(r.err, EncError::OK);
    EXPECT_EQ(r.leaves_cleared, 16u);
    ASSERT_EQ(r.leaves.size(), 16u);
    EXPECT_EQ(r.leaves[3].iova, 0x10'3000u);
    EXPECT_EQ(r.leaves[3].size, 4096u);
    EXPECT_EQ(r.leaves[3].level, 3u);
    EXPECT_EQ(r.bytes_unmapped, 16u * 4096);
    EXPECT_FALSE(pt.iova_to_pa(0x10'0000).has_value());
    // Unmapping again clears nothing; holes are skipped.
    EXPECT_EQ(pt.unmap(0x10'0000, 16 * 4096).leaves_cleared, 0u);
    ASSERT_EQ(pt.map(0x20'0000, 0x2000'0000, uint64_t{1} << 21, RW), EncError::OK);  // block
    r = pt.unmap(0, uint64_t{1} << 30);
    EXPECT_EQ(r.leaves_cleared, 1u);
    EXPECT_EQ(r.leaves[0].size, uint64_t{1} << 21);
    EXPECT_EQ(r.leaves[0].level, 2u);
}

TEST(EncPageTable, partial_unmap_of_a_block_splits_it) {
    for (Stage st : {Stage::S1, Stage::S2}) {
        Env env;
        PageTable pt(cfg(st, Granule::G4K, 48), env.alloc, env.mem);
        ASSERT_EQ(pt.init(), EncError::OK);
        const uint64_t gig = uint64_t{1} << 30;
        ASSERT_EQ(pt.map(gig, 2 * gig, gig, RW | PROT_NOEXEC), EncError::OK);
        const uint64_t attrs_before = pt.walk(gig).desc & ~gsim::mask(47, 12) & ~3ull;
        UnmapResult r = pt.unmap(gig + 0x20'3000, 2 * 4096);  // inside the second 2M of 1G
        ASSERT_EQ(r.err, EncError::OK);
        EXPECT_EQ(r.leaves_cleared, 2u);
        EXPECT_EQ(r.leaves[0].iova, gig + 0x20'3000);
        EXPECT_FALSE(pt.iova_to_pa(gig + 0x20'3000).has_value());
        EXPECT_FALSE(pt.iova_to_pa(gig + 0x20'4FFF).has_value());
        EXPECT_EQ(pt.iova_to_pa(gig + 0x20'5000), 2 * gig + 0x20'5000);
        EXPECT_EQ(pt.iova_to_pa(gig + 0x20'2FFF), 2 * gig + 0x20'2FFF);
        EXPECT_EQ(pt.walk(gig + 0x20'5000).level, 3u);
        EXPECT_EQ(pt.walk(gig + 0x40'0000).level, 2u);   // other 2M blocks kept
        EXPECT_EQ(pt.iova_to_pa(gig + gig - 1), 3 * gig - 1);
        const uint64_t attrs_after = pt.walk(gig + 0x20'5000).desc & ~gsim::mask(47, 12) & ~3ull;
        EXPECT_EQ(attrs_after, attrs_before);
    }
}

TEST(EncPageTable, stage1_permission_and_attribute_bits) {
    Env env;
    PageTable pt(cfg(Stage::S1, Granule::G4K, 48), env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    uint64_t d = pt.leaf_attrs(PROT_READ | PROT_WRITE | PROT_CACHE);
    EXPECT_EQ(extract(d, 4, 2), MAIR_IDX_CACHE);
    EXPECT_EQ(extract(d, 7, 6), 1u);   // AP[2:1] = 01: RW, EL0 accessible
    EXPECT_EQ(extract(d, 9, 8), 3u);   // inner shareable
    EXPECT_EQ(extract(d, 10, 10), 1u); // AF
    EXPECT_EQ(extract(d, 11, 11), 1u); // nG
    EXPECT_EQ(extract(d, 54, 53), 0u);
    d = pt.leaf_attrs(PROT_READ | PROT_PRIV | PROT_NOEXEC);
    EXPECT_EQ(extract(d, 4, 2), MAIR_IDX_NC);
    EXPECT_EQ(extract(d, 7, 6), 2u);   // AP[2:1] = 10: read-only, privileged
    EXPECT_EQ(extract(d, 9, 8), 2u);
    EXPECT_EQ(extract(d, 54, 53), 3u); // UXN, PXN
    d = pt.leaf_attrs(PROT_READ | PROT_WRITE | PROT_MMIO);
    EXPECT_EQ(extract(d, 4, 2), MAIR_IDX_DEVICE);
    EXPECT_EQ(extract(DEFAULT_MAIR, 15, 8), 0xFFu);
    EXPECT_EQ(extract(DEFAULT_MAIR, 23, 16), 0x04u);
    // The written leaf carries these bits.
    ASSERT_EQ(pt.map(0x5000, 0x7000, 4096, PROT_READ | PROT_CACHE), EncError::OK);
    WalkResult w = pt.walk(0x5000);
    EXPECT_EQ(w.desc, 0x7000u | pt.leaf_attrs(PROT_READ | PROT_CACHE) | 3u);
    PageTableConfig g = cfg(Stage::S1, Granule::G4K, 48);
    g.global = true;
    PageTable ptg(g, env.alloc, env.mem);
    ASSERT_EQ(ptg.init(), EncError::OK);
    EXPECT_EQ(extract(ptg.leaf_attrs(RW), 11, 11), 0u);
}

TEST(EncPageTable, stage2_permission_and_attribute_bits) {
    Env env;
    PageTable pt(cfg(Stage::S2, Granule::G64K, 48), env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    uint64_t d = pt.leaf_attrs(PROT_READ | PROT_WRITE | PROT_CACHE);
    EXPECT_EQ(extract(d, 5, 2), 0xFu);  // MemAttr Normal WB
    EXPECT_EQ(extract(d, 7, 6), 3u);    // S2AP RW
    EXPECT_EQ(extract(d, 9, 8), 3u);
    EXPECT_EQ(extract(d, 10, 10), 1u);
    EXPECT_EQ(extract(d, 11, 11), 0u);  // no nG at stage 2
    EXPECT_EQ(extract(d, 54, 53), 0u);
    d = pt.leaf_attrs(PROT_READ | PROT_NOEXEC);
    EXPECT_EQ(extract(d, 5, 2), 0x5u);  // Normal NC
    EXPECT_EQ(extract(d, 7, 6), 1u);    // read only
    EXPECT_EQ(extract(d, 54, 53), 2u);  // XN
    d = pt.leaf_attrs(PROT_WRITE | PROT_MMIO);
    EXPECT_EQ(extract(d, 5, 2), 0x1u);  // Device-nGnRE
    EXPECT_EQ(extract(d, 7, 6), 2u);
}

TEST(EncPageTable, sixty_four_k_granule_encodes_52_bit_output_addresses) {
    Env env;
    PageTable pt(cfg(Stage::S2, Granule::G64K, 48, 52), env.alloc, env.mem);
    ASSERT_EQ(pt.init(), EncError::OK);
    EXPECT_EQ(pt.info().ps, 6u);
    const uint64_t pa = 0x000A'1234'5678'0000ull;
    ASSERT_EQ(pt.map(0x30000, pa, 65536, RW), EncError::OK);
    WalkResult w = pt.walk(0x30000);
    EXPECT_EQ(extract(w.desc, 15, 12), 0xAu);
    EXPECT_EQ(w.pa, pa);
    Env env2;
    EXPECT_EQ(PageTable(cfg(Stage::S1, Granule::G4K, 48, 52), env2.alloc, env2.mem).init(),
              EncError::BAD_CONFIG);
}

TEST(EncPageTable, errors_are_reported) {
    Env env;
    PageTable pt(cfg(Stage::S1, Granule::G16K, 40, 40), env.alloc, env.mem);
    EXPECT_EQ(pt.map(0, 0, 16384, RW), EncError::BAD_CONFIG);  // before init
    ASSERT_EQ(pt.init(), EncError::OK);
    EXPECT_EQ(pt.map(0x1000, 0, 16384, RW), EncError::BAD_ALIGNMENT);
    EXPECT_EQ(pt.map(0, 0x1000, 16384, RW), EncError::BAD_ALIGNMENT);
    EXPECT_EQ(pt.map(uint64_t{1} << 40, 0, 16384, RW), EncError::OUT_OF_RANGE);
    EXPECT_EQ(pt.map(0, uint64_t{1} << 40, 16384, RW), EncError::OUT_OF_RANGE);
    ASSERT_EQ(pt.map(0x4000, 0x8000, 16384, RW), EncError::OK);
    EXPECT_EQ(pt.map(0x4000, 0xC000, 16384, RW), EncError::ALREADY_MAPPED);
    EXPECT_EQ(pt.unmap(0x4000, 0x1000).err, EncError::BAD_ALIGNMENT);
    Env env2;
    PageTableConfig bad = cfg(Stage::S1, Granule::G4K, 49);
    EXPECT_EQ(PageTable(bad, env2.alloc, env2.mem).init(), EncError::BAD_CONFIG);
    // Table allocation failure surfaces as NO_MEMORY.
    gsim::test::FakeMemPort port(uint64_t{1} << 32, 0);
    MemPortWriter mem(port);
    PhysAllocator tiny(0x1000, 0x1000);
    PageTable p(cfg(Stage::S1, Granule::G4K, 48), tiny, mem);
    ASSERT_EQ(p.init(), EncError::OK);  // root fits exactly
    EXPECT_EQ(p.map(0, 0, 4096, RW), EncError::NO_MEMORY);
    // Memory faults surface as MEM_FAULT.
    Env env3;
    PageTable pf(cfg(Stage::S1, Granule::G4K, 48), env3.alloc, env3.mem);
    ASSERT_EQ(pf.init(), EncError::OK);
    env3.port.inject_fault(pf.root_pa(), pf.root_pa() + 4095);
    EXPECT_EQ(pf.map(0, 0, 4096, RW), EncError::MEM_FAULT);
    EXPECT_EQ(pf.walk(0).err, EncError::MEM_FAULT);
}

namespace {

// Counts the loads and stores a PageTable operation makes.
struct CountingWriter final : MemWriter {
    explicit CountingWriter(MemWriter& m) : mem(m) {}
    bool write64(uint64_t pa, uint64_t v) override {
        ++writes;
        return mem.write64(pa, v);
    }
    bool read64(uint64_t pa, uint64_t& v) override {
        ++reads;
        return mem.read64(pa, v);
    }
    MemWriter& mem;
    uint64_t reads = 0, writes = 0;
};

}  // namespace

TEST(EncPageTable, a_range_walks_from_the_root_once_per_leaf_table_as_io_pgtable_arm) {
    // 4K granule, 48-bit input: levels 0-3. A range inside one leaf table costs the three table
    // descriptors once, then one load (the existing entry) and one store per page; a range that
    // crosses into the next leaf table walks again from the root for it.
    Env env;
    CountingWriter w(env.mem);
    PageTable pt(cfg(Stage::S1, Granule::G4K, 48), env.alloc, w);
    ASSERT_EQ(pt.init(), EncError::OK);
    const uint64_t table_span = uint64_t{512} << 12;  // what one leaf table maps
    const uint64_t iova = 0x40'0000'0000, pa = 0x8000'1000;  // pa not 2M-aligned: pages, no blocks
    // Create both leaf tables first (their zeroing is not what is measured).
    ASSERT_EQ(pt.map(iova, pa, 2 * table_span, RW), EncError::OK);
    ASSERT_EQ(pt.unmap(iova, 2 * table_span).leaves_cleared, 1024u);

    w.reads = w.writes = 0;
    ASSERT_EQ(pt.map(iova, pa, 64 << 12, RW), EncError::OK);
    EXPECT_EQ(w.reads, 3u + 64u);
    EXPECT_EQ(w.writes, 64u);
    w.reads = w.writes = 0;
    EXPECT_EQ(pt.unmap(iova, 64 << 12).leaves_cleared, 64u);
    EXPECT_EQ(w.reads, 3u + 64u);
    EXPECT_EQ(w.writes, 64u);

    const uint64_t across = iova + table_span - (32 << 12);  // 32 pages in each leaf table
    w.reads = w.writes = 0;
    ASSERT_EQ(pt.map(across, pa, 64 << 12, RW), EncError::OK);
    EXPECT_EQ(w.reads, 2 * (3u + 32u));
    EXPECT_EQ(w.writes, 64u);
    w.reads = w.writes = 0;
    EXPECT_EQ(pt.unmap(across, 64 << 12).leaves_cleared, 64u);
    EXPECT_EQ(w.reads, 2 * (3u + 32u));
    for (uint64_t p = 0; p < 64; ++p) EXPECT_FALSE(pt.iova_to_pa(across + (p << 12)).has_value());
}
