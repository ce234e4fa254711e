// Unit tests of the Linux ftrace text reader (iommu:map / iommu:unmap).
#include <gtest/gtest.h>

#include "formats/ftrace_reader.h"

using traces::FtraceKind;
using traces::FtraceTrace;
using traces::read_ftrace_string;
using traces::TraceError;

TEST(FtraceReader, kernel_buffer_map_and_unmap_lines_parse) {
    FtraceTrace t = read_ftrace_string(
        "     fio-4117  [003] .....  8842.113207: map: IOMMU: iova=0x00000000fff80000 - "
        "0x00000000fff90000 paddr=0x0000000872c40000 size=65536\n"
        "     fio-4117  [003] .....  8842.113391: unmap: IOMMU: iova=0x00000000fff80000 - "
        "0x00000000fff90000 size=65536 unmapped_size=65536\n");
    ASSERT_EQ(t.events.size(), 2u);
    const auto& m = t.events[0];
    EXPECT_EQ(m.line, 1);
    EXPECT_EQ(m.task, "fio");
    EXPECT_EQ(m.pid, 4117);
    EXPECT_EQ(m.cpu, 3u);
    EXPECT_EQ(m.timestamp_ns, 8842113207000u);
    EXPECT_EQ(m.kind, FtraceKind::MAP);
    EXPECT_EQ(m.iova, 0xfff80000u);
    EXPECT_EQ(m.iova_end, 0xfff90000u);
    EXPECT_EQ(m.paddr, 0x872c40000u);
    EXPECT_EQ(m.size, 65536u);
    const auto& u = t.events[1];
    EXPECT_EQ(u.kind, FtraceKind::UNMAP);
    EXPECT_EQ(u.timestamp_ns, 8842113391000u);
    EXPECT_EQ(u.unmapped_size, 65536u);
    EXPECT_EQ(t.max_cpu, 3u);
}

TEST(FtraceReader, trace_cmd_report_variations_parse) {
    FtraceTrace t = read_ftrace_string(
        "cpus=4\n"
        "version = 6\n"
        "CPU 2 is empty\n"
        " kworker/u8:2-91    [000]  100.000000001: iommu:map: IOMMU: iova=0x1000 - 0x2000 "
        "paddr=0x80000000 size=4096\n"
        "  <idle>-0     [001] d..1. 100.5: map: IOMMU: iova=0x0000000000003000 "
        "paddr=0x0000000080001000 size=4096\n"
        "  my task-12 (   12) [002] d.h2  101.250000: unmap: IOMMU: iova=0x3000 size=4096 "
        "unmapped_size=4096\n"
        "CPU:1 [LOST 17 EVENTS]\n");
    ASSERT_EQ(t.events.size(), 3u);
    EXPECT_EQ(t.events[0].task, "kworker/u8:2");
    EXPECT_EQ(t.events[0].pid, 91);
    EXPECT_EQ(t.events[0].timestamp_ns, 100000000001u);
    EXPECT_EQ(t.events[0].iova_end, 0x2000u);
    EXPECT_EQ(t.events[1].task, "<idle>");
    EXPECT_EQ(t.events[1].timestamp_ns, 100500000000u);
    EXPECT_EQ(t.events[1].iova_end, 0x4000u);  // old format: iova + size
    EXPECT_EQ(t.events[2].task, "my task");
    EXPECT_EQ(t.events[2].cpu, 2u);
    EXPECT_EQ(t.events[2].kind, FtraceKind::UNMAP);
    EXPECT_EQ(t.other_lines, 4u);
    EXPECT_EQ(t.lost_events, 17u);
}

TEST(FtraceReader, unknown_events_are_counted_per_name_and_skipped) {
    FtraceTrace t = read_ftrace_string(
        "# tracer: nop\n#\n"
        "  fio-1 [000] d..2. 1.000001: sched_switch: prev_comm=fio ==> next_comm=x\n"
        "  fio-1 [000] d..2. 1.000002: sched_switch: prev_comm=x ==> next_comm=fio\n"
        "  fio-1 [000] d.h1. 1.000003: irq_handler_entry: irq=45 name=nvme0q2\n"
        "  fio-1 [000] ..... 1.000004: iommu:io_page_fault: IOMMU:0000:01:00.0 iova=0x0\n");
    EXPECT_TRUE(t.events.empty());
    EXPECT_EQ(t.unknown_events.at("sched_switch"), 2u);
    EXPECT_EQ(t.unknown_events.at("irq_handler_entry"), 1u);
    EXPECT_EQ(t.unknown_events.at("iommu:io_page_fault"), 1u);
    EXPECT_EQ(t.comment_lines, 2u);
}

TEST(FtraceReader, malformed_iommu_lines_report_line_and_column) {
    const std::string ok = "  fio-1 [000] ..... 1.000001: map: IOMMU: iova=0x1000 - 0x2000 paddr=0x0 size=4096\n";
    try {
        read_ftrace_string(ok + "  fio-1 [000] ..... 1.000002: map: IOMMU: iova=0x1000 size=4096\n", "f");
        ADD_FAILURE();
    } catch (const TraceError& e) {
        EXPECT_EQ(e.line, 2);
        EXPECT_NE(e.reason.find("missing 'paddr='"), std::string::npos) << e.what();
    }
    const std::string bad_num = "  fio-1 [000] ..... 1.000002: unmap: IOMMU: iova=0x10zz size=1 unmapped_size=1";
    try {
        read_ftrace_string(ok + bad_num + "\n", "f");
        ADD_FAILURE();
    } catch (const TraceError& e) {
        EXPECT_EQ(e.line, 2);
        EXPECT_EQ(e.column, int(bad_num.find("0x10zz")) + 1);
        EXPECT_NE(e.reason.find("invalid number"), std::string::npos) << e.what();
    }
    EXPECT_THROW(read_ftrace_string("  fio-1 [000] ..... 1.x: map: IOMMU: iova=0x1 paddr=0 size=1\n"),
                 TraceError);
    EXPECT_THROW(read_ftrace_string("  fio-1 [000] ..... 1.0: unmap: IOMMU: iova=0x1 size=1\n"),
                 TraceError);
    EXPECT_THROW(read_ftrace_string("  fio-1 [000] ..... 1.0: map: IOMMU: iova=0x1 junk paddr=0 size=1\n"),
                 TraceError);
}

TEST(FtraceReader, timestamp_overflow_is_not_an_event) {
    FtraceTrace t = read_ftrace_string("  fio-1 [000] ..... 99999999999999999999.0: sched_switch: x\n");
    EXPECT_TRUE(t.events.empty());
    EXPECT_EQ(t.other_lines, 1u);
}

TEST(FtraceReader, shipped_sample_has_expected_counts) {
    FtraceTrace t = traces::read_ftrace_file(GRACE_TRACES_DIR "/samples/fio_small.ftrace");
    EXPECT_EQ(t.map_count(), 96u);
    EXPECT_EQ(t.unmap_count(), 96u);
    EXPECT_EQ(t.unknown_events.size(), 3u);
    EXPECT_EQ(t.unknown_events.at("sched_switch"), 4u);
    EXPECT_EQ(t.unknown_events.at("irq_handler_entry"), 2u);
    EXPECT_EQ(t.unknown_events.at("softirq_raise"), 1u);
    EXPECT_EQ(t.comment_lines, 12u);
    EXPECT_EQ(t.other_lines, 0u);
    EXPECT_EQ(t.max_cpu, 3u);
    unsigned cpus_seen = 0;
    for (unsigned c = 0; c <= 3; ++c) {
        for (const auto& e : t.events) {
            if (e.cpu == c) {
                ++cpus_seen;
                break;
            }
        }
    }
    EXPECT_EQ(cpus_seen, 3u);
    // Timestamps never go backwards and every unmap matches an earlier map on its CPU.
    for (size_t i = 1; i < t.events.size(); ++i) {
        EXPECT_GE(t.events[i].timestamp_ns, t.events[i - 1].timestamp_ns);
    }
    for (size_t i = 0; i < t.events.size(); ++i) {
        if (t.events[i].kind != FtraceKind::UNMAP) continue;
        bool found = false;
        for (size_t j = 0; j < i && !found; ++j) {
            found = t.events[j].kind == FtraceKind::MAP && t.events[j].iova == t.events[i].iova &&
                    t.events[j].cpu == t.events[i].cpu;
        }
        EXPECT_TRUE(found) << "line " << t.events[i].line;
    }
}
