#!/usr/bin/env bash
# README command 1: set up a fresh Debian machine, build, and run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
exec "${GRACE_BUILD_DIR:-build}/platform/grace-sim" run "$@"
