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
# try-runtime: the end-to-end tests export the states their chains end in here.
export QUARRY_TRY_STATE_DIR="$CARGO_TARGET_DIR/try-state"
rm -rf "$QUARRY_TRY_STATE_DIR"
cargo test --release --workspace --locked "$@"
bash scripts/client-check.sh
# Features default builds leave off, in one build: each pallet's benchmarks run once on its mock
# (`runtime-benchmarks`), and every pallet's `try_state` and the runtime-upgrade checks run on the
# states exported above (`try-runtime`, runtime/src/try_state_tests.rs). Native only: no wasm
# runtime is built with these features. A filtered run (arguments given) skips it.
if [ $# -eq 0 ]; then
    SKIP_WASM_BUILD=1 cargo test --release --locked --features runtime-benchmarks,try-runtime \
        -p quarry-runtime -p pallet-quarry-staking -p pallet-quarry-mining -p pallet-quarry-rewards \
        -p pallet-quarry-reputation -p pallet-quarry-tasks -p pallet-quarry-governance \
        -- benchmark try_state
else
    echo "test: benchmark suites and try-runtime skipped (filtered run)"
fi
