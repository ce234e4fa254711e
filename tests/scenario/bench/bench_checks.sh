#!/bin/bash
# grace-sim bench --json on a tiny run: both paths present, ok, the unmap count equals
# loops x threads, at least one SMMU command per unmap, positive rates and RSS.
set -euo pipefail
exe=$1
out=$(cd "$(mktemp -d)" && "$exe" bench --json --loops 50 --threads 2 --raw-waits 10000)
python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["raw_systemc"]["waits"] == 10000, d
assert d["raw_systemc"]["host_ns_per_wait"] > 0, d
runs = {r["path"]: r for r in d["runs"]}
assert set(runs) == {"direct", "trapped"}, runs
for p, r in runs.items():
    assert r["ok"], r
    assert r["unmaps"] == 100, r
    assert r["commands"] >= r["unmaps"], r
    assert r["commands_per_s"] > 0 and r["unmaps_per_s"] > 0, r
    assert r["deltas_per_command"] > 0, r
    assert r["peak_rss_kib"] > 1024, r
assert runs["direct"]["simulated_us"] < runs["trapped"]["simulated_us"], runs
print("bench ok")
PY
