#!/usr/bin/env bash
# End-to-end checks of the grace-sim executable, one check per CTest entry.
# usage: cli_checks.sh GRACE_SIM SOURCE_DIR CHECK
set -u
SIM=$1
SRC=$2
CHECK=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

case "$CHECK" in
main_job_passes)
  # The default scenario: the seed table (fewer unmaps per cell to stay fast).
  "$SIM" run --seed_table.loops=50 --seed_table.out="$TMP/st" >"$TMP/out" 2>"$TMP/err" ||
    fail "exit $? ($(cat "$TMP/err"))"
  grep -q "seed table" "$TMP/out" || fail "no table in: $(cat "$TMP/out")"
  [ "$(grep -c "^[0-9]* KiB" "$TMP/out")" -eq 10 ] || fail "expected 10 table rows: $(cat "$TMP/out")"
  for f in results.csv results.json results.md seed_table.md; do
    [ -s "$TMP/st/$f" ] || fail "missing $f"
  done
  [ "$(wc -l <"$TMP/st/results.csv")" -eq 21 ] || fail "results.csv should have 20 rows"
  # The platform self-check scenario.
  "$SIM" run --sim.scenario=selfcheck >"$TMP/out" 2>"$TMP/err" || fail "selfcheck exit $?"
  grep -q "PASS" "$TMP/out" || fail "no PASS in: $(cat "$TMP/out")"
  ;;
unknown_key_exits_2)
  "$SIM" run --no.such=1 >"$TMP/out" 2>"$TMP/err"; rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "no.such" "$TMP/err" || fail "message does not name the key: $(cat "$TMP/err")"
  [ ! -s "$TMP/out" ] || fail "something ran: $(cat "$TMP/out")"
  ;;
malformed_ini_exits_2_with_file_line)
  printf '[sim]\nseed = 3\n\n[soc\n' >"$TMP/bad.ini"
  "$SIM" -c "$TMP/bad.ini" run >"$TMP/out" 2>"$TMP/err"; rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "bad.ini:4:" "$TMP/err" || fail "message lacks file:line: $(cat "$TMP/err")"
  printf '[soc]\ndram_read_ns = fast\n' >"$TMP/bad2.ini"
  "$SIM" -c "$TMP/bad2.ini" run >"$TMP/out" 2>"$TMP/err"; rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "bad2.ini:2: .*soc.dram_read_ns" "$TMP/err" || fail "message: $(cat "$TMP/err")"
  ;;
dump_config_reproduces_the_run)
  Q="--seed_table.loops=50 --seed_table.out=$TMP/st"
  "$SIM" --dump-config $Q >"$TMP/x.ini" || fail "dump-config failed"
  "$SIM" -c "$TMP/x.ini" run >"$TMP/a" 2>/dev/null
  cp "$TMP/st/results.csv" "$TMP/r1.csv"
  "$SIM" run $Q >"$TMP/b" 2>/dev/null
  cmp -s "$TMP/a" "$TMP/b" || fail "outputs differ"
  cmp -s "$TMP/r1.csv" "$TMP/st/results.csv" || fail "results differ"
  "$SIM" --dump-config --sim.scenario=selfcheck >"$TMP/z.ini"
  "$SIM" -c "$TMP/z.ini" run --stats-out "$TMP/s1.json" >"$TMP/a" 2>/dev/null
  "$SIM" run --sim.scenario=selfcheck --stats-out "$TMP/s2.json" >"$TMP/b" 2>/dev/null
  cmp -s "$TMP/a" "$TMP/b" || fail "selfcheck outputs differ"
  cmp -s "$TMP/s1.json" "$TMP/s2.json" || fail "statistics differ"
  # a dump of a modified configuration carries the modification
  "$SIM" --dump-config --soc.dram_read_ns=77 -c "$TMP/x.ini" >"$TMP/y.ini"
  grep -q "dram_read_ns = 77" "$TMP/y.ini" || fail "override missing from dump"
  ;;
default_ini_is_complete_and_current)
  "$SIM" --dump-config=annotated >"$TMP/d.ini" || fail "dump-config failed"
  diff -u "$SRC/configs/default.ini" "$TMP/d.ini" >"$TMP/diff" ||
    fail "configs/default.ini is stale; regenerate with scripts/regen-default-ini.sh: $(head -40 "$TMP/diff")"
  ;;
same_seed_same_bytes)
  for i in 1 2; do
    "$SIM" dma-bench --path trapped --granule 16 --threads 2 --loops 100 --sim.seed=9 \
      --stats-out "$TMP/s$i.json" >"$TMP/o$i" 2>"$TMP/e$i"
    "$SIM" run --seed_table.loops=30 --seed_table.out="$TMP/st$i" >"$TMP/t$i" 2>/dev/null
  done
  cmp -s "$TMP/o1" "$TMP/o2" && cmp -s "$TMP/s1.json" "$TMP/s2.json" && cmp -s "$TMP/e1" "$TMP/e2" ||
    fail "two identical dma-bench runs differ"
  cmp -s "$TMP/st1/results.csv" "$TMP/st2/results.csv" || fail "two seed tables differ"
  ;;
the_quantum_does_not_change_the_seed_table_cells)
  # Temporal decoupling is only a speed knob for these workloads: every access to state other
  # CPUs share (page tables, the IOVA caches' depot, locks, queues) is synchronised first, so
  # running 100 us ahead between synchronisations gives the same result as 1 us. (Before the
  # page-table edits were synchronised, two threads' edits ran in host order and the 2-thread
  # direct cells drifted after a few hundred unmaps.)
  for g in 16 64; do
    for q in 1000 100000; do
      "$SIM" dma-bench --path direct --granule $g --threads 2 --loops 600 --sim.quantum_ns=$q \
        --stats-out "$TMP/s$g.$q.json" >"$TMP/o$g.$q" 2>&1 || fail "granule $g quantum $q: exit $?"
    done
    cmp -s "$TMP/o$g.1000" "$TMP/o$g.100000" ||
      fail "granule $g: quantum 1 us and 100 us differ: $(diff "$TMP/o$g.1000" "$TMP/o$g.100000")"
  done
  ;;
help_lists_options)
  "$SIM" --help >"$TMP/h" || fail "help failed"
  grep -q -- "--map.dram_base=address" "$TMP/h" || fail "help lacks map.dram_base"
  grep -q "default: 0x80000000" "$TMP/h" || fail "help lacks defaults"
  ;;
info_prints_the_map)
  "$SIM" info >"$TMP/o" || fail "info failed"
  grep -q "smmu0 *0x11000000" "$TMP/o" || fail "no SMMU0 in map: $(cat "$TMP/o")"
  grep -q "cmdqv0 *0x11200000" "$TMP/o" || fail "no CMDQV0 in map"
  "$SIM" info --map.dram_base=0x100000000 | grep -q "map.dram_base" || fail "info misses non-defaults"
  ;;
dma_bench_every_path)
  for p in direct trapped host-cmdq host-vcmdq; do
    "$SIM" dma-bench --path $p --granule 4 --threads 2 --loops 50 >"$TMP/o" 2>"$TMP/e" || fail "$p: exit $? $(cat "$TMP/e")"
    grep -q "^dma mapping benchmark: threads:2 seconds:1 node:-1 dir:BIDIRECTIONAL granule: 4" "$TMP/o" ||
      fail "$p: header line: $(cat "$TMP/o")"
    grep -q "^average unmap latency(us):[0-9]*\.[0-9] standard deviation:[0-9]*\.[0-9]" "$TMP/o" || fail "$p: unmap line"
    "$SIM" dma-bench --path $p --granule 4 --loops 20 --json | grep -q '"avg_unmap_100ns"' || fail "$p: --json"
  done
  "$SIM" dma-bench --path sideways >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] || fail "bad path must exit 2"
  "$SIM" dma-bench --path direct --vms 2 --loops 20 >"$TMP/o" 2>"$TMP/e" || fail "2 VMs: $(cat "$TMP/e")"
  grep -q "^VM 1:" "$TMP/o" || fail "2 VMs: no second result"
  ;;
seed_table_shape)
  # Mechanism-level shape of the predictions (spec/software-stack.md 8.1 F2): latency is
  # non-decreasing in pages for every path and thread count, and trapped > direct everywhere.
  "$SIM" run --seed_table.loops=200 --seed_table.out="$TMP/st" >/dev/null 2>"$TMP/e" || fail "exit $? $(cat "$TMP/e")"
  "$SIM" run --seed_table.reference="$TMP/missing.csv" --seed_table.out="$TMP/x" >/dev/null 2>"$TMP/e"
  [ $? -eq 2 ] && grep -q "missing.csv" "$TMP/e" || fail "a missing reference file must exit 2: $(cat "$TMP/e")"
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "avg_unmap_us") col = i }
    NR > 1 { v[$2 "," $3 "," $4] = $col }
    END {
      split("1 4 16 32 64", g, " ");
      for (t = 1; t <= 2; t++) for (pi = 0; pi < 2; pi++) {
        path = pi ? "trapped" : "direct";
        for (i = 2; i <= 5; i++) if (v[g[i] "," t "," path] + 0 < v[g[i-1] "," t "," path] + 0) {
          print "not monotone: " path " t=" t " at " g[i] " pages"; bad = 1 }
      }
      for (t = 1; t <= 2; t++) for (i = 1; i <= 5; i++)
        if (v[g[i] "," t ",direct"] + 0 >= v[g[i] "," t ",trapped"] + 0) { print "direct >= trapped at " g[i] " t=" t; bad = 1 }
      for (i = 1; i <= 5; i++) for (pi = 0; pi < 2; pi++) {
        path = pi ? "trapped" : "direct";
        if (v[g[i] ",2," path] + 0 < v[g[i] ",1," path] + 0) { print "2 threads faster than 1: " path " " g[i]; bad = 1 } }
      exit bad }' "$TMP/st/results.csv" >"$TMP/why" || fail "$(cat "$TMP/why")"
  head -1 "$TMP/st/results.csv" | grep -q "^point,dma_bench.granule,dma_bench.threads,server.path,avg_map_us" ||
    fail "unexpected columns: $(head -1 "$TMP/st/results.csv")"
  ;;
sweep_shards_merge_to_the_unsharded_result)
  "$SIM" sweep --set dma_bench.granule=1,16 --set server.path=direct,host-cmdq --dma_bench.loops=30 \
    --out "$TMP/all" -j 2 >/dev/null 2>&1 || fail "sweep failed"
  for i in 0 1 2; do
    "$SIM" sweep --set dma_bench.granule=1,16 --set server.path=direct,host-cmdq --dma_bench.loops=30 \
      --shard $i/3 --out "$TMP/s$i" >/dev/null 2>&1 || fail "shard $i failed"
  done
  "$SIM" merge "$TMP/s0" "$TMP/s1" "$TMP/s2" --out "$TMP/m" >/dev/null || fail "merge failed"
  for f in results.csv results.json results.md; do cmp -s "$TMP/all/$f" "$TMP/m/$f" || fail "$f differs"; done
  "$SIM" sweep --set dma_bench.granul=1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown sweep key must exit 2"
  "$SIM" sweep --set dma_bench.granule=1,0 --dma_bench.loops=5 --out "$TMP/f" >/dev/null 2>&1; [ $? -eq 2 ] ||
    fail "an out-of-range sweep value must be rejected before running"
  # A grid file's fixed setting is overridden by the command line (not passed twice).
  printf '[sweep]\nserver.path = direct, host-cmdq\n[dma_bench]\nloops = 40\n' >"$TMP/grid.ini"
  "$SIM" sweep --grid "$TMP/grid.ini" --dma_bench.loops=7 --out "$TMP/g" >/dev/null 2>"$TMP/e" ||
    fail "command line over a grid setting: $(cat "$TMP/e")"
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "loops") c = i }
           NR > 1 && $c != 7 { bad = 1 } END { exit bad || !c }' "$TMP/g/results.csv" ||
    fail "loops is not the command line's 7: $(cat "$TMP/g/results.csv")"
  "$SIM" sweep --grid "$TMP/grid.ini" --server.path=direct --out "$TMP/h" >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] ||
    fail "a key both swept and set must exit 2"
  grep -q "swept and also set" "$TMP/e" || fail "unclear error: $(cat "$TMP/e")"
  # A point that fails while running is reported with its parameters and error; the others stay.
  "$SIM" sweep --set sim.time_limit_us=100000,20 --dma_bench.loops=20 --out "$TMP/k" >/dev/null 2>"$TMP/e"
  [ $? -eq 1 ] || fail "a sweep with a failed point must exit 1: $(cat "$TMP/e")"
  grep -q "point 1 ( sim.time_limit_us=20 ) failed: exit status 1: .*time limit" "$TMP/e" ||
    fail "failed point not reported: $(cat "$TMP/e")"
  grep -q "^0,100000,0.4,5.3,20," "$TMP/k/results.csv" && grep -q "^1,20,,.*FAILED: exit status 1" "$TMP/k/results.csv" ||
    fail "results must keep the good point and mark the failed one: $(cat "$TMP/k/results.csv")"
  ;;
record_then_replay_reproduces_every_register_value)
  for p in host-vcmdq trapped direct; do
    "$SIM" dma-bench --path $p --loops 3 --trace-out "$TMP/$p.jsonl" >/dev/null 2>"$TMP/e" || fail "$p: record: $(cat "$TMP/e")"
    "$SIM" replay "$TMP/$p.jsonl" >"$TMP/o" 2>&1 || fail "$p: replay failed: $(tail -5 "$TMP/o")"
    grep -q "PASS" "$TMP/o" || fail "$p: $(cat "$TMP/o")"
  done
  "$SIM" run --trace-out "$TMP/x.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "the seed table cannot be recorded: exit 2"
  ;;
ftrace_workload_replay)
  "$SIM" replay --ftrace "$SRC/traces/samples/fio_small.ftrace" --path direct >"$TMP/o" 2>"$TMP/e" ||
    fail "exit $? $(cat "$TMP/e")"
  grep -q "^all  *unmaps  *96 " "$TMP/o" || fail "expected 96 unmaps: $(cat "$TMP/o")"
  grep -q "unknown events skipped: .*sched_switch=" "$TMP/o" || fail "unknown events not reported"
  printf '  fio-1  [001] .....  10.000001: unmap: IOMMU: iova=0x1000 - 0x2000 size=4096 unmapped_size=4096\n' >"$TMP/u.ftrace"
  "$SIM" replay --ftrace "$TMP/u.ftrace" --path host-cmdq >"$TMP/o" 2>&1 || fail "never-mapped unmap must not be fatal"
  grep -q "1 unmaps of never-mapped IOVAs" "$TMP/o" || fail "never-mapped unmap not reported: $(cat "$TMP/o")"
  printf '  fio-1  [001] .....  10.000001: map: IOMMU: iova=0xzz paddr=1 size=4096\n' >"$TMP/m.ftrace"
  "$SIM" replay --ftrace "$TMP/m.ftrace" --path direct >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] || fail "malformed line must exit 2"
  grep -q "m.ftrace:1" "$TMP/e" || fail "malformed line not located: $(cat "$TMP/e")"
  ;;
calibration_cells)
  # The six calibration cells against the measurement (configs/reference/calibration.csv):
  # each within 5 % (issue 6, docs/calibration.md), so that no change silently moves the model
  # away from the measurement.
  tail -n +2 "$SRC/configs/reference/calibration.csv" | while IFS=, read -r bytes pages threads path us; do
    got=$("$SIM" dma-bench --path "$path" --granule "$pages" --threads "$threads" --loops 2000 --json |
          sed -n 's/.*"avg_unmap_100ns":\([0-9]*\).*/\1/p')
    awk -v g="$got" -v m="$us" -v c="$pages/$threads/$path" 'BEGIN {
      e = (g / 10 - m) / m; if (e < 0) e = -e;
      if (e > 0.05) { printf "cell %s: simulated %.1f us, measured %.1f us (%.1f %%)\n", c, g / 10, m, 100 * e; exit 1 } }' ||
      exit 1
  done || fail "a calibration cell drifted"
  ;;
grace_preset_matches_the_defaults)
  "$SIM" --dump-config >"$TMP/a.ini" && "$SIM" -c "$SRC/configs/grace.ini" --dump-config >"$TMP/b.ini" ||
    fail "dump-config failed"
  diff -u "$TMP/a.ini" "$TMP/b.ini" >"$TMP/d" || fail "configs/grace.ini differs from the calibrated defaults: $(cat "$TMP/d")"
  ;;
timeline_json)
  "$SIM" dma-bench --path trapped --threads 2 --loops 5 --timeline-out "$TMP/t.json" >/dev/null || fail "dma-bench"
  for what in '"traceEvents"' '"dma_unmap"' 'VM exit' 'lock wait: bql' 'executor' 'occupancy'; do
    grep -q "$what" "$TMP/t.json" || fail "timeline lacks $what"
  done
  "$SIM" dma-bench --path trapped --threads 2 --loops 5 --timeline-out "$TMP/t2.json" >/dev/null
  cmp -s "$TMP/t.json" "$TMP/t2.json" || fail "two identical runs give different timelines"
  ;;
vcd_waveforms)
  "$SIM" replay "$SRC/traces/golden/smmu_cmd_errors.jsonl" --vcd-out "$TMP/a.vcd" >/dev/null || fail "replay with vcd"
  "$SIM" replay "$SRC/traces/golden/smmu_cmd_errors.jsonl" --vcd-out "$TMP/b" >/dev/null || fail "replay with vcd"
  cmp -s "$TMP/a.vcd" "$TMP/b.vcd" || fail "two identical runs give different waveforms"
  grep -q " gerror " "$TMP/a.vcd" || fail "no gerror line in the waveform"
  grep -q "\$var wire *32 .* prod" "$TMP/a.vcd" || fail "no queue indices in the waveform"
  "$SIM" dma-bench --path direct --loops 3 --vcd-out "$TMP/d.vcd" >/dev/null || fail "dma-bench with vcd"
  [ -s "$TMP/d.vcd" ] || fail "empty waveform"
  ;;
*)
  fail "unknown check $CHECK"
  ;;
esac
echo "ok: $CHECK"
