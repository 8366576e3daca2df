#!/usr/bin/env bash
# The whole test suite: unit, property, runtime and end-to-end tests (the latter start the real
# quarry-node). One cargo profile (release) for tests and binaries, so polkadot-sdk compiles once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "test: target dir $CARGO_TARGET_DIR"
# The end-to-end tests run quarry-prover next to quarry-node; build every binary first (same
# profile and features as the tests, so this only adds the final links).
cargo build --release --workspace --locked --bins
# NVRTC (no GPU needed) so tests/gpu.rs compiles the CUDA kernels: a kernel syntax error fails CI.
# The driver (libcuda) is the machine's own; without a GPU the device tests say SKIPPED.
NVRTC_LIB="$(bash scripts/nvrtc.sh)"
if [ -n "$NVRTC_LIB" ]; then
    export LD_LIBRARY_PATH="$NVRTC_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
cargo test --release --workspace --locked "$@"
bash scripts/client-check.sh
