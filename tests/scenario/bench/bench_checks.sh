#!/bin/bash
# grace-sim bench --json on a tiny run: both paths at both default granules (1 and 64 pages)
# present, ok, the unmap count equals loops x threads, at least one SMMU command per unmap (more
# per unmap at 64 pages), positive rates and RSS; a bad granule list is refused; the default
# unmaps per row follow the granule.
set -euo pipefail
exe=$1
out=$(cd "$(mktemp -d)" && "$exe" bench --json --loops 50 --threads 2 --raw-waits 10000)
python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["raw_systemc"]["waits"] == 10000, d
assert d["build"].startswith("Release") or d["build"].startswith("Debug"), d
assert d["raw_systemc"]["host_ns_per_wait"] > 0, d
runs = {(r["path"], r["granule"]): r for r in d["runs"]}
assert set(runs) == {("direct", 1), ("trapped", 1), ("direct", 64), ("trapped", 64)}, runs
for p, r in runs.items():
    assert r["ok"], r
    assert r["unmaps"] == 100, r
    assert r["commands"] >= r["unmaps"], r
    assert r["commands_per_s"] > 0 and r["unmaps_per_s"] > 0, r
    assert r["deltas_per_command"] > 0, r
    assert r["peak_rss_kib"] > 1024, r
for g in (1, 64):
    assert runs[("direct", g)]["simulated_us"] < runs[("trapped", g)]["simulated_us"], runs
for p in ("direct", "trapped"):
    assert runs[(p, 64)]["commands"] > 4 * runs[(p, 1)]["commands"], runs
print("bench ok")
PY
if "$exe" bench --granule 1,x --loops 5 >/dev/null 2>&1; then echo "bad granule accepted"; exit 1; fi
# Default unmaps per row: 400000 / (pages + 1) per thread, within 20000-200000.
out=$(cd "$(mktemp -d)" && "$exe" bench --json --paths direct --granule 1,7,64 --raw-waits 1000)
python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
got = {r["granule"]: r["unmaps"] for r in d["runs"]}
assert got == {1: 200000, 7: 50000, 64: 20000}, got
print("bench default loops ok")
PY
