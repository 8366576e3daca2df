#!/usr/bin/env bash
# Builds quarry-node and starts a throwaway development chain (Alice validates; state is deleted on
# exit). Extra arguments go to quarry-node, e.g. `scripts/run-dev.sh --rpc-external`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --release --workspace --locked --bins
exec "$CARGO_TARGET_DIR/release/quarry-node" --dev "$@"
