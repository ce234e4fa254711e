#!/usr/bin/env bash
# Regenerates configs/default.ini from the parameters declared in the code.
set -euo pipefail
cd "$(dirname "$0")/.."
"${GRACE_BUILD_DIR:-build}/platform/grace-sim" --dump-config=annotated > configs/default.ini
echo "configs/default.ini regenerated"
