#!/usr/bin/env bash
# Installs what grace-sim needs from Debian packages (Debian 12 "bookworm").
# As root: installs the missing packages with apt-get. Otherwise: prints the exact command.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config        # toolchain
  libsystemc-dev                          # SystemC 2.3.4 with TLM-2.0
  libboost-program-options-dev            # command line and INI configuration
  googletest libgtest-dev libgmock-dev    # tests
  libbenchmark-dev                        # simulator speed benchmarks
  nlohmann-json3-dev                      # JSON traces and results
  gnuplot-nox                             # plots of experiments and sweeps
  clang libclang-rt-14-dev                # libFuzzer harnesses for the trace parsers
  bolt-16 libbolt-16-dev                  # post-link code layout (cmake/GraceBolt.cmake)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
