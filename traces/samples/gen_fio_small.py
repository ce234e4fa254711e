#!/usr/bin/env python3
"""Generates fio_small.ftrace: a small, deterministic Linux ftrace text sample with iommu map
and unmap events as printed by the kernel trace buffer (3 fio jobs on CPUs 1, 2 and 3, each
mapping 64 KiB buffers in batches of 8 and unmapping them), plus a few unrelated events and
comment lines. Counts (checked by tests/unit/traces): 96 map, 96 unmap, 4 sched_switch,
2 irq_handler_entry, 1 softirq_raise."""
import random

rng = random.Random(7)
jobs = [("fio", 4117, 1, 0x00000000fff80000, 0x0000000872c40000),
        ("fio", 4118, 2, 0x00000000ffe00000, 0x0000000873000000),
        ("fio", 4119, 3, 0x00000000ffc00000, 0x0000000874400000)]
events = []  # (t_us, line)


def line(task, pid, cpu, flags, t_us, text):
    head = f"{task}-{pid}".rjust(16)
    return (t_us, f"{head} [{cpu:03d}] {flags} {t_us // 1000000:5d}.{t_us % 1000000:06d}: {text}")


for task, pid, cpu, iova0, pa0 in jobs:
    t = 8842113207 + cpu * 37
    for batch in range(4):
        bufs = []
        for k in range(8):
            iova = iova0 - (batch * 8 + k) * 0x10000
            pa = pa0 + (batch * 8 + k) * 0x10000
            flags = "....." if rng.random() < 0.8 else "d..1."
            events.append(line(task, pid, cpu, flags, t,
                               f"map: IOMMU: iova=0x{iova:016x} - 0x{iova + 0x10000:016x} "
                               f"paddr=0x{pa:016x} size=65536"))
            bufs.append(iova)
            t += rng.randint(2, 9)
        t += rng.randint(40, 120)
        for iova in bufs:
            flags = "....." if rng.random() < 0.8 else "d..1."
            events.append(line(task, pid, cpu, flags, t,
                               f"unmap: IOMMU: iova=0x{iova:016x} - 0x{iova + 0x10000:016x} "
                               f"size=65536 unmapped_size=65536"))
            t += rng.randint(3, 12)
        t += rng.randint(20, 60)

others = [
    (1, "d..2.", "sched_switch: prev_comm=fio prev_pid=4117 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120"),
    (2, "d..2.", "sched_switch: prev_comm=fio prev_pid=4118 prev_prio=120 prev_state=S ==> next_comm=swapper/2 next_pid=0 next_prio=120"),
    (3, "d..2.", "sched_switch: prev_comm=fio prev_pid=4119 prev_prio=120 prev_state=S ==> next_comm=swapper/3 next_pid=0 next_prio=120"),
    (1, "d..2.", "sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=fio next_pid=4117 next_prio=120"),
    (2, "d.h1.", "irq_handler_entry: irq=45 name=nvme0q2"),
    (3, "d.h1.", "irq_handler_entry: irq=46 name=nvme0q3"),
    (2, "d.s2.", "softirq_raise: vec=3 [action=NET_RX]"),
]
tasks = {1: ("fio", 4117), 2: ("fio", 4118), 3: ("fio", 4119)}
for i, (cpu, flags, text) in enumerate(others):
    t = 8842113207 + 150 * i + cpu * 11
    task, pid = tasks[cpu]
    if text.startswith("sched_switch: prev_comm=swapper"):
        task, pid = "<idle>", 0
    events.append(line(task, pid, cpu, flags, t, text))

events.sort(key=lambda e: e[0])
header = """# tracer: nop
#
# entries-in-buffer/entries-written: {n}/{n}   #P:4
#
#                                _-----=> irqs-off/BH-disabled
#                               / _----=> need-resched
#                              | / _---=> hardirq/softirq
#                              || / _--=> preempt-depth
#                              ||| / _-=> migrate-disable
#                              |||| /     delay
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |""".format(n=len(events))
with open("fio_small.ftrace", "w") as f:
    f.write(header + "\n")
    for _, l in events:
        f.write(l + "\n")
