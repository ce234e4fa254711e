#!/usr/bin/env bash
# Configures and builds grace-sim (Release) in build/ (or $GRACE_BUILD_DIR).
# GRACE_WERROR=ON turns warnings into errors; GRACE_SANITIZE=ON builds with ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${GRACE_BUILD_DIR:-build}
JOBS=${GRACE_JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
  -DGRACE_WERROR="${GRACE_WERROR:-OFF}" -DGRACE_SANITIZE="${GRACE_SANITIZE:-OFF}" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
