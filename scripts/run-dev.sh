#!/usr/bin/env bash
# Builds the binaries and starts a throwaway development chain (Alice validates and her embedded
# miner mines; state is deleted on exit) with a `quarry-prover prove` process next to it, proving
# the market's tasks as Alice (the mining winner, so she has priority on new tasks). Submit a task
# with examples/rollup-dapp or `quarry-prover task submit`. QUARRY_NO_PROVER=1 starts the node
# alone. Extra arguments go to quarry-node, e.g. `scripts/run-dev.sh --rpc-external`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --release --workspace --locked --bins
bin="$CARGO_TARGET_DIR/release"
"$bin/quarry-node" --dev "$@" &
node_pid=$!
trap 'kill $node_pid ${prover_pid:-} 2>/dev/null; wait' EXIT INT TERM
if [ "${QUARRY_NO_PROVER:-0}" != 1 ]; then
    # The prover needs the node's RPC (port 9944 unless --rpc-port says otherwise).
    port=9944
    args=("$@")
    for i in "${!args[@]}"; do [ "${args[$i]}" = --rpc-port ] && port="${args[$((i + 1))]}"; done
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 1; done
    "$bin/quarry-prover" prove --node "ws://127.0.0.1:$port" --key //Alice --prometheus-port 9616 \
        2> >(sed -u 's/^/[prover] /' >&2) &
    prover_pid=$!
fi
wait "$node_pid"
