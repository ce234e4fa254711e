// grace-sim SMMUv3: the contract between command queues and the command executor.
//
// Every command queue (the SMMU main CMDQ and each CMDQV VCMDQ) is a CommandQueue
// (cmd_queue.h) that fetches commands and hands each to one shared CommandExecutor: the
// SMMU's command processor, its caches and its ATC machinery. The executor decides what a
// command does and what it costs; it never reads time, it is told `now_ps`.
#pragma once
#include <cstdint>

#include "smmuv3/core/command.h"

namespace smmu::core {

// Per-queue state the executor keeps for the CMD_SYNC barrier.
struct QueueContext {
    uint32_t id = 0;                 // 0 = main CMDQ; CMDQV global VCMDQ q = 1 + q
    bool main_cmdq = true;           // CS = IRQ/SEV are honoured only on the main CMDQ
    uint64_t inflight_until_ps = 0;  // completion time of the latest operation issued here
    bool atc_timeout = false;        // an ATC_INV issued here timed out: the next CMD_SYNC
                                     // on this queue fails with CERROR_ATC_INV_SYNC
};

struct CmdOutcome {
    CError err = CError::NONE;
    uint64_t issue_ps = 0;     // time the shared executor is occupied by this command
    uint64_t complete_ps = 0;  // absolute completion time (>= now + issue_ps). For CMD_SYNC:
                               // when every earlier command of the queue has completed.
};

class CommandExecutor {
public:
    virtual ~CommandExecutor() = default;
    virtual CmdOutcome execute(const Command& cmd, QueueContext& q, uint64_t now_ps) = 0;
};

// Applied by a queue to each fetched command before execution (CMDQV guest filtering and
// VMID/SID substitution). Returns CError::NONE to execute `cmd` (possibly rewritten) or an
// error code that halts the queue at this command.
class CommandFilter {
public:
    virtual ~CommandFilter() = default;
    virtual CError filter(Command& cmd) = 0;
};

}  // namespace smmu::core
