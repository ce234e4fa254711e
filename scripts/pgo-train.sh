#!/usr/bin/env bash
# The training runs of a profile-guided build (cmake/GracePgo.cmake): runs an instrumented
# grace-sim ($1) over the workloads its users time, so that their code is laid out and inlined
# for them. Weighted like the main job and `grace-sim bench` (direct and trapped dma-bench at 1,
# 16 and 64 pages, 1 and 2 threads), plus a shorter run of every other path and feature the
# experiment presets exercise (host queues, ATS, RIL, several VMs, the self-check), so that no
# common path is laid out as cold. Deterministic, like every simulation: the same counts each
# time. A few seconds.
set -euo pipefail
SIM=${1:?usage: scripts/pgo-train.sh INSTRUMENTED-GRACE-SIM}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  if ! "$SIM" "$@" >"$log" 2>&1; then
    echo "pgo-train: failed: grace-sim $*" >&2
    cat "$log" >&2
    exit 1
  fi
}
for path in direct trapped; do
  for granule in 1 16 64; do
    for threads in 1 2; do
      run dma-bench --path "$path" --granule "$granule" --threads "$threads" --loops 300
    done
  done
  run dma-bench --path "$path" --granule 1 --threads 1 --loops 100 --server.ats=true
  run dma-bench --path "$path" --granule 16 --threads 1 --loops 100 --smmu.ril=true
  run dma-bench --path "$path" --granule 16 --threads 2 --loops 100 --vms 2
done
for path in host-cmdq host-vcmdq; do
  run dma-bench --path "$path" --granule 1 --threads 2 --loops 100
  run dma-bench --path "$path" --granule 16 --threads 2 --loops 100
done
run run --sim.scenario=selfcheck
