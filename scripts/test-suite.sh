#!/usr/bin/env bash
# README command 2: set up a fresh Debian machine, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
cd "${GRACE_BUILD_DIR:-build}"
ctest --output-on-failure -j "${GRACE_JOBS:-$(nproc)}" "$@"
