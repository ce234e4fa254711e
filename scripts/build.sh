#!/usr/bin/env bash
# Configures and builds grace-sim (Release) in build/ (or $GRACE_BUILD_DIR).
# GRACE_WERROR=ON turns warnings into errors; GRACE_SANITIZE=ON builds with ASan+UBSan.
# GRACE_PGO=ON (the default; OFF with the sanitizers) builds profile-guided
# (cmake/GracePgo.cmake): an instrumented grace-sim in $BUILD_DIR/pgo-gen, its training runs
# (scripts/pgo-train.sh, repeated only when that binary changed), then the real build with
# the counts, and grace-sim's post-link layout from the same training (cmake/GraceBolt.cmake,
# when BOLT is installed; GRACE_BOLT=OFF skips it, ON requires it). GRACE_PGO=OFF: one plain
# Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${GRACE_BUILD_DIR:-build}
JOBS=${GRACE_JOBS:-$(nproc)}
WERROR=${GRACE_WERROR:-OFF}
SANITIZE=${GRACE_SANITIZE:-OFF}
PGO=${GRACE_PGO:-ON}
BOLT=${GRACE_BOLT:-AUTO}
[ "$SANITIZE" = ON ] && PGO=OFF
mode=OFF
if [ "$PGO" = ON ]; then
  mode=USE
  gen="$BUILD_DIR/pgo-gen"
  mkdir -p "$BUILD_DIR"
  profile="$(cd "$BUILD_DIR" && pwd)/pgo-profile"
  cmake -S . -B "$gen" -DCMAKE_BUILD_TYPE=Release -DGRACE_BUILD_TESTS=OFF -DGRACE_WERROR="$WERROR" \
    -DGRACE_PGO=GENERATE -DGRACE_PGO_DIR="$profile" >/dev/null
  cmake --build "$gen" -j "$JOBS" --target grace-sim
  # Fresh counts whenever the instrumented binary changed (counts accumulate across runs).
  stamp="$profile/trained-with"
  sum=$(cksum <"$gen/platform/grace-sim")
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    rm -rf "$profile"
    mkdir -p "$profile"
    (cd "$gen" && "$OLDPWD/scripts/pgo-train.sh" "$PWD/platform/grace-sim")
    echo "$sum" >"$stamp"
  fi
fi
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DGRACE_WERROR="$WERROR" \
  -DGRACE_SANITIZE="$SANITIZE" -DGRACE_PGO="$mode" -DGRACE_BOLT="$BOLT" ${profile:+-DGRACE_PGO_DIR="$profile"} >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
