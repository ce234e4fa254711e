#!/usr/bin/env bash
# Example: a large sweep as a Slurm job array. Each array task runs one shard of the same grid;
# afterwards `grace-sim merge` combines the shards into exactly what one unsharded run writes.
#
#   sbatch --array=0-99 scripts/sweep-slurm.sh configs/experiments/thread_scaling.ini results/ts
#   # when all tasks are done:
#   build/platform/grace-sim merge results/ts/shard-* --out results/ts/all
#
#SBATCH --job-name=grace-sim-sweep
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
set -euo pipefail
GRID=${1:?grid file}
OUT=${2:?output directory}
N=${SLURM_ARRAY_TASK_COUNT:?run as a Slurm job array}
I=${SLURM_ARRAY_TASK_ID:?run as a Slurm job array}
SIM=${GRACE_SIM:-build/platform/grace-sim}
mkdir -p "$OUT"
exec "$SIM" sweep --grid "$GRID" --shard "$I/$N" -j 1 --out "$OUT/shard-$I"
