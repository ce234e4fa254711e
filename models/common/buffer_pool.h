// grace-sim: recycled std::vector buffers for code that needs a private buffer per call while
// calls may overlap (a simulated thread that yields inside one lets another thread start the
// next): take() hands out an empty vector that keeps the storage of an earlier give_back().
#pragma once
#include <utility>
#include <vector>

namespace gsim {

template <typename T>
class BufferPool {
public:
    std::vector<T> take() {
        if (m_free.empty()) return {};
        std::vector<T> v = std::move(m_free.back());
        m_free.pop_back();
        return v;
    }
    void give_back(std::vector<T>&& v) {
        v.clear();
        m_free.push_back(std::move(v));
    }

private:
    std::vector<std::vector<T>> m_free;
};

}  // namespace gsim
