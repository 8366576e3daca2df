#!/usr/bin/env bash
# Regenerates chain-specs/*.json from quarry-node's built-in specs. Run after any runtime or
# genesis-preset change and commit the result. Each spec carries the runtime wasm plus the name of
# its genesis preset; turn one into the raw storage form a public network ships with
#   quarry-node export-chain-spec --chain chain-specs/local.json --raw --output local-raw.json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --release --workspace --locked --bins
for chain in dev local local4 testnet; do
    "$CARGO_TARGET_DIR/release/quarry-node" export-chain-spec --chain "$chain" --output "chain-specs/$chain.json"
done
