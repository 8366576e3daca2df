#!/usr/bin/env bash
# Real-client check: an unmodified polkadot.js API (no custom type definitions) connects to a fresh
# `quarry-node --dev`, signs a transfer with //Alice and sees it land (tests/clients/polkadot-js).
# Needs the node built (scripts/test.sh builds it first) and Node.js with npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "client-check: SKIPPED: Node.js/npm not installed, polkadot.js compatibility NOT checked"
    exit 0
fi

node_bin="$CARGO_TARGET_DIR/release/quarry-node"
[ -x "$node_bin" ] || { echo "client-check: $node_bin not built" >&2; exit 1; }

(cd tests/clients/polkadot-js && npm ci --silent --no-audit --no-fund >/dev/null)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc_port=$(free_port)
base_path=$(mktemp -d)
log=$(mktemp)
"$node_bin" --dev --base-path "$base_path" --rpc-port "$rpc_port" --port "$(free_port)" \
    --prometheus-port "$(free_port)" --no-telemetry --no-mdns 2>"$log" &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$base_path" "$log"' EXIT

for _ in $(seq 1 120); do
    grep -q "Running JSON-RPC server" "$log" && break
    sleep 0.5
done

if (cd tests/clients/polkadot-js && timeout 120 node transfer.mjs "ws://127.0.0.1:$rpc_port"); then
    echo "client-check: 1 passed, 0 failed"
else
    echo "--- node log ---"; tail -50 "$log"
    echo "client-check: 0 passed, 1 failed"
    exit 1
fi
