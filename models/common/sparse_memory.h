// grace-sim: sparse, byte-accurate memory. Storage is allocated per 4 KiB page on first
// write, so a 16 GiB DRAM costs nothing until touched; untouched bytes read as zero.
// Pure C++: the DRAM target wraps it, tests use it as a fake memory.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace gsim {

class SparseMemory {
public:
    static constexpr uint64_t PAGE_SHIFT = 12;
    static constexpr uint64_t PAGE_SIZE = uint64_t{1} << PAGE_SHIFT;

    explicit SparseMemory(uint64_t size) : m_size(size) {}
    uint64_t size() const { return m_size; }
    bool in_range(uint64_t off, uint64_t len) const { return off <= m_size && len <= m_size - off; }

    // Offsets are relative to the start of the memory; caller checks in_range.
    void read(uint64_t off, void* dst, size_t len) const;
    void write(uint64_t off, const void* src, size_t len);
    void fill(uint64_t off, uint8_t value, size_t len);

    // Pointer to the page holding off (allocating it), for DMI; valid for the page only.
    uint8_t* page_ptr(uint64_t off);
    size_t pages_allocated() const { return m_pages.size(); }
    uint64_t bytes_allocated() const { return m_pages.size() * PAGE_SIZE; }

private:
    uint64_t m_size;
    std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> m_pages;  // never iterated
    mutable uint64_t m_last_pn = ~uint64_t{0};
    mutable uint8_t* m_last_page = nullptr;
    const uint8_t* find(uint64_t pn) const;
};

}  // namespace gsim
