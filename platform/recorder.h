// grace-sim: trace recording (--trace-out FILE.jsonl on run and dma-bench). Every transaction
// the software agents put on the interconnect becomes a version-1 trace operation
// (traces/FORMAT.md): writes to DRAM -> mem_write, device register writes -> write, device
// register reads -> read with the value read as the expectation, each with its time `t` and
// the issuing initiator as `cpu`. The hardware models' own traffic is not recorded: replaying
// the trace without the agents drives the hardware exactly as the agents did and must find the
// same register values. DRAM reads are not recorded (they do not change the hardware). DMI is
// switched off while recording, so that every software access passes the interconnect.
#pragma once
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "formats/jsonl_writer.h"

namespace platform {

class Platform;
class ConfigRegistry;

class TraceRecorder {
public:
    // Opens `path` (ConfigError on failure) and writes the header with the non-default
    // configuration of `reg`, then observes the platform's interconnect.
    TraceRecorder(const std::string& path, Platform& top, const ConfigRegistry& reg);
    ~TraceRecorder();
    uint64_t ops() const { return m_writer ? m_writer->ops_written() : 0; }

private:
    std::ofstream m_out;
    std::unique_ptr<traces::TraceWriter> m_writer;
    std::map<int, unsigned> m_cpu_of;  // initiator index -> trace cpu (order of appearance)
};

}  // namespace platform
