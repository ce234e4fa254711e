#!/usr/bin/env bash
# Example: a sweep split into shards run by GNU parallel (on one machine, or on several with
# parallel's --sshlogin), then merged.
#
#   scripts/sweep-parallel.sh configs/experiments/vms_interfering.ini results/vms 8
set -euo pipefail
GRID=${1:?grid file}
OUT=${2:?output directory}
N=${3:-$(nproc)}
SIM=${GRACE_SIM:-build/platform/grace-sim}
mkdir -p "$OUT"
seq 0 $((N - 1)) | parallel --halt now,fail=1 "$SIM" sweep --grid "$GRID" --shard {}/"$N" -j 1 --out "$OUT/shard-{}"
"$SIM" merge $(seq -f "$OUT/shard-%g" 0 $((N - 1))) --out "$OUT/all"
