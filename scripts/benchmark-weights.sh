#!/usr/bin/env bash
# Regenerates the pallets' `weights.rs` with the benchmark CLI: a documented manual step on the
# reference machine, not part of CI (CI runs each benchmark once on its mock, as a test).
#
#   bash scripts/benchmark-weights.sh                 # every benchmarked pallet
#   bash scripts/benchmark-weights.sh mining staking  # some of them (their folders in pallets/)
#
# Builds `quarry-node` with `--features runtime-benchmarks` (frame-benchmarking-cli and the
# runtime's benchmark API; default builds have neither), then runs `benchmark pallet` in the
# wasm runtime it built, on the `development` preset's genesis, with Quarry's host functions (the
# puzzle and task verifiers) running natively as they do in a node. STEPS and REPEAT override the
# sampling.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
cargo build --release --locked -p quarry-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/quarry-node"
runtime="$CARGO_TARGET_DIR/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm"
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
    pallets=(staking mining rewards reputation tasks governance aura-equivocation)
fi
for pallet in "${pallets[@]}"; do
    name="pallet_quarry_${pallet//-/_}"
    echo "benchmark: $name"
    "$node" benchmark pallet \
        --runtime "$runtime" \
        --genesis-builder runtime \
        --genesis-builder-preset development \
        --pallet "$name" \
        --extrinsic '*' \
        --steps "${STEPS:-20}" \
        --repeat "${REPEAT:-10}" \
        --wasm-execution compiled \
        --template scripts/frame-weight-template.hbs \
        --output "pallets/$pallet/src/weights.rs"
done
echo "benchmark: done; the next default build rebuilds quarry-node without the benchmarks"
