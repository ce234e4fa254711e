#!/usr/bin/env bash
# Post-link code layout of a freshly linked grace-sim (cmake/GraceBolt.cmake), in place:
# BOLT instruments a copy, the profile-guided build's training runs (scripts/pgo-train.sh) run
# that copy, and BOLT rewrites the binary from the counts: hot blocks packed together,
# functions ordered by their calls (hfsort+), blocks by ext-tsp, cold code split off. A few
# seconds. Code moves; behaviour does not (every output byte-identical).
# Usage: bolt-layout.sh LLVM-BOLT MERGE-FDATA BINARY WORK-DIR
set -euo pipefail
BOLT=${1:?usage: bolt-layout.sh LLVM-BOLT MERGE-FDATA BINARY WORK-DIR}
MERGE=${2:?}
BIN=${3:?}
WORK=${4:?}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$WORK"
mkdir -p "$WORK"
step() {  # step LOG COMMAND...: runs the command, its output to LOG, shown if it fails
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "bolt-layout: failed: $*" >&2
    cat "$log" >&2
    exit 1
  fi
}
step "$WORK/instrument.log" "$BOLT" "$BIN" -instrument -o "$WORK/grace-sim.inst" \
  -instrumentation-file="$WORK/prof" -instrumentation-file-append-pid
(cd "$WORK" && "$here/pgo-train.sh" "$WORK/grace-sim.inst")
if ! "$MERGE" "$WORK"/prof.*.fdata >"$WORK/profile.fdata" 2>"$WORK/merge.log"; then
  echo "bolt-layout: failed: $MERGE" >&2
  cat "$WORK/merge.log" >&2
  exit 1
fi
step "$WORK/optimize.log" "$BOLT" "$BIN" -o "$WORK/grace-sim.bolt" -data="$WORK/profile.fdata" \
  -reorder-blocks=ext-tsp -reorder-functions=hfsort+ -split-functions -split-all-cold -split-eh
chmod --reference="$BIN" "$WORK/grace-sim.bolt"
mv -f "$WORK/grace-sim.bolt" "$BIN"
rm -f "$WORK"/prof.*.fdata "$WORK/grace-sim.inst"
