#!/usr/bin/env bash
# Regenerates traces/golden/*.jsonl with grace-tracegen. Run only when a scenario changed on
# purpose; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
GEN="${GRACE_BUILD_DIR:-build}/traces/tools/grace-tracegen"
for s in $("$GEN" --list); do
  "$GEN" "$s" > "traces/golden/$s.jsonl"
  echo "regenerated traces/golden/$s.jsonl"
done
"${GRACE_BUILD_DIR:-build}/platform/grace-sim" dma-bench --path direct --loops 2 \
  --trace-out traces/golden/recorded/dma_bench_direct.jsonl >/dev/null
echo "regenerated traces/golden/recorded/dma_bench_direct.jsonl"
# Golden statistics (traces/FORMAT.md section 3): SMMU/CMDQV counters exact, simulated time 2 %.
for f in traces/golden/*.jsonl traces/golden/recorded/*.jsonl; do
  "${GRACE_BUILD_DIR:-build}/platform/grace-sim" replay "$f" --write-golden-stats "${f%.jsonl}.stats.json" >/dev/null
  echo "regenerated ${f%.jsonl}.stats.json"
done
