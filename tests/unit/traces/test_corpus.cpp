// Regression test: every file of the fuzz seed corpora (tests/fuzz/corpus, including inputs
// that once crashed) parses or fails with TraceError only, in the normal build.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/ftrace_reader.h"
#include "formats/jsonl_reader.h"

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

template <typename F>
unsigned for_each_file(const std::string& dir, F f) {
    unsigned n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        ++n;
        try {
            f(slurp(e.path()));
        } catch (const traces::TraceError&) {
        }
    }
    return n;
}
}  // namespace

TEST(TraceCorpus, jsonl_seeds_parse_or_fail_with_trace_error) {
    unsigned n = for_each_file(GRACE_FUZZ_CORPUS_DIR "/jsonl",
                               [](const std::string& s) { traces::read_trace_string(s); });
    EXPECT_GE(n, 3u);
}

TEST(TraceCorpus, ftrace_seeds_parse_or_fail_with_trace_error) {
    unsigned n = for_each_file(GRACE_FUZZ_CORPUS_DIR "/ftrace",
                               [](const std::string& s) { traces::read_ftrace_string(s); });
    EXPECT_GE(n, 3u);
}

TEST(TraceCorpus, every_op_seed_is_valid) {
    traces::Trace t = traces::read_trace_file(GRACE_FUZZ_CORPUS_DIR "/jsonl/every_op.jsonl");
    EXPECT_EQ(t.ops.size(), 10u);
    EXPECT_EQ(t.max_cpu, 1u);
}
