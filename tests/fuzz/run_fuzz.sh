#!/bin/sh
# Builds one libFuzzer harness from the reader sources with clang and runs it for a short time
# on a copy of its seed corpus. Fails (non-zero) on any crash, sanitizer report or build error.
# usage: run_fuzz.sh CLANGXX SOURCE_DIR WORK_DIR HARNESS(jsonl|ftrace) SECONDS
set -eu
CXX="$1"; SRC="$2"; WORK="$3"; NAME="$4"; SECS="$5"
mkdir -p "$WORK/$NAME"
BIN="$WORK/$NAME/fuzz_$NAME"
F="$SRC/traces/formats"
"$CXX" -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer -I"$SRC/traces" \
    "$SRC/tests/fuzz/fuzz_$NAME.cpp" "$F/trace_ops.cpp" "$F/number_text.cpp" \
    "$F/jsonl_reader.cpp" "$F/jsonl_writer.cpp" "$F/ftrace_reader.cpp" -o "$BIN"
rm -rf "$WORK/$NAME/corpus"
mkdir -p "$WORK/$NAME/corpus" "$WORK/$NAME/artifacts"
cp "$SRC/tests/fuzz/corpus/$NAME/"* "$WORK/$NAME/corpus/"
DICT=""
if [ -f "$SRC/tests/fuzz/$NAME.dict" ]; then DICT="-dict=$SRC/tests/fuzz/$NAME.dict"; fi
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
exec "$BIN" "$WORK/$NAME/corpus" $DICT -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="$WORK/$NAME/artifacts/"
