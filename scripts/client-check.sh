#!/usr/bin/env bash
# Real-client check: an unmodified polkadot.js API (no custom type definitions) connects to a fresh
# `quarry-node --dev` (tests/clients/polkadot-js):
#   transfer.mjs  signs a transfer with //Alice and sees it land;
#   mining.mjs    lands an unsigned puzzle solution (mined offline by quarry-prover) through
#                 mining.submitSolution, a signed mining.setMinerAccount and acceptMinerAccount, and calls
#                 quarry_pendingRewards;
#   tasks.mjs     submits a proof task (tasks.submitTask), reads its Submitted event, storage and
#                 escrow hold, calls quarry_task, and cancels it;
#   examples/rollup-dapp/rollup.mjs  the dApp example: two Merkle batches of a rollup, proved by a
#                 `quarry-prover prove` process running next to the node, each new root read from
#                 the `Proved` event (latency and price printed).
# Needs the binaries built (scripts/test.sh builds them first) and Node.js with npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "client-check: SKIPPED: Node.js/npm not installed, polkadot.js compatibility NOT checked"
    exit 0
fi

node_bin="$CARGO_TARGET_DIR/release/quarry-node"
prover_bin="$CARGO_TARGET_DIR/release/quarry-prover"
for bin in "$node_bin" "$prover_bin"; do
    [ -x "$bin" ] || { echo "client-check: $bin not built" >&2; exit 1; }
done

(cd tests/clients/polkadot-js && npm ci --silent --no-audit --no-fund >/dev/null)
(cd examples/rollup-dapp && npm ci --silent --no-audit --no-fund >/dev/null)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc_port=$(free_port)
base_path=$(mktemp -d)
log=$(mktemp)
"$node_bin" --dev --base-path "$base_path" --rpc-port "$rpc_port" --port "$(free_port)" \
    --prometheus-port "$(free_port)" --no-telemetry --no-mdns --no-mine 2>"$log" &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$base_path" "$log"' EXIT

for _ in $(seq 1 120); do
    grep -q "Running JSON-RPC server" "$log" && break
    sleep 0.5
done

passed=0
failed=0
for check in transfer.mjs mining.mjs tasks.mjs; do
    if (cd tests/clients/polkadot-js && timeout 180 node "$check" "ws://127.0.0.1:$rpc_port" "$prover_bin"); then
        passed=$((passed + 1))
    else
        echo "client-check: $check FAILED"
        failed=$((failed + 1))
    fi
done
# The dApp example, against a prover process (AliceStash: bonded in the dev preset).
prover_log=$(mktemp)
"$prover_bin" prove --node "ws://127.0.0.1:$rpc_port" --key //Alice//stash --circuits merkle-batch \
    2>"$prover_log" &
prover_pid=$!
trap 'kill $node_pid $prover_pid 2>/dev/null; wait $node_pid $prover_pid 2>/dev/null || true; rm -rf "$base_path" "$log" "$prover_log"' EXIT
if (cd examples/rollup-dapp && timeout 300 node rollup.mjs "ws://127.0.0.1:$rpc_port" 2); then
    passed=$((passed + 1))
else
    echo "client-check: examples/rollup-dapp FAILED"; echo "--- prover log ---"; tail -30 "$prover_log"
    failed=$((failed + 1))
fi
if [ "$failed" -gt 0 ]; then
    echo "--- node log ---"; tail -50 "$log"
fi
echo "client-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
