#!/usr/bin/env bash
# Measures the proof market on a dev chain as the README runs it (embedded miner for Alice, a
# `quarry-prover prove` process for Alice, who has the mining winner's priority):
#   - latency from `submit_task` to the `Proved` event in a finalized block, per circuit, median
#     of RUNS tasks submitted one after the other (`quarry-prover task submit --wait`);
#   - throughput of the one prover process: BURST Poseidon-chain tasks submitted at once, proofs
#     per minute from the first submission to the last `Proved`.
# Prints one JSON object per measurement. Needs the binaries built (scripts/test.sh or run-dev).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
RUNS=${RUNS:-5}
BURST=${BURST:-6}
bin="$CARGO_TARGET_DIR/release"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
base=$(mktemp -d)
"$bin/quarry-node" --dev --base-path "$base" --rpc-port "$port" --port "$(free_port)" \
    --prometheus-port "$(free_port)" --no-telemetry --no-mdns 2>"$base/node.log" &
node_pid=$!
trap 'kill $node_pid ${prover_pid:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$base"' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 1; done
url="ws://127.0.0.1:$port"
"$bin/quarry-prover" prove --node "$url" --key //Alice --json >"$base/prover.out" 2>"$base/prover.err" &
prover_pid=$!
until grep -q '"ready"' "$base/prover.out" 2>/dev/null; do sleep 1; done
# The embedded miner must have named an epoch winner for priority to apply; either way the
# latency is what a dApp sees.
for circuit in merkle-batch poseidon-chain schnorr-batch; do
    latencies=()
    for seed in $(seq 1 "$RUNS"); do
        out=$("$bin/quarry-prover" task submit --node "$url" --key //Bob --circuit "$circuit" \
            --example "$seed" --wait)
        latencies+=("$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["latencySeconds"])' "$out")")
    done
    python3 - "$circuit" "${latencies[@]}" <<'PY'
import json, statistics, sys
xs = [float(x) for x in sys.argv[2:]]
print(json.dumps({"measure": "latency", "circuit": sys.argv[1], "runs": len(xs),
                  "median_s": round(statistics.median(xs), 1), "min_s": round(min(xs), 1),
                  "max_s": round(max(xs), 1), "all_s": [round(x, 1) for x in xs]}))
PY
done
start=$(date +%s.%N)
pids=()
for seed in $(seq 101 $((100 + BURST))); do
    "$bin/quarry-prover" task submit --node "$url" --key //Bob --circuit poseidon-chain \
        --example "$seed" --deadline-blocks 200 --lock-blocks 100 --wait >"$base/burst-$seed.json" &
    pids+=($!)
    sleep 2 # distinct nonces: each submission reads the pool's next nonce
done
for p in "${pids[@]}"; do wait "$p"; done
end=$(date +%s.%N)
python3 - "$start" "$end" "$BURST" "$base" <<'PY'
import json, sys, glob
start, end, n, base = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
proved = [json.load(open(f)) for f in glob.glob(base + "/burst-*.json")]
ok = sum(1 for p in proved if p.get("proved"))
print(json.dumps({"measure": "throughput", "circuit": "poseidon-chain", "tasks": n, "proved": ok,
                  "seconds": round(end - start, 1), "proofs_per_minute": round(ok * 60 / (end - start), 2)}))
PY
grep -E '"proved"' "$base/prover.out" | python3 -c '
import json, sys, statistics
xs = {}
for l in sys.stdin:
    e = json.loads(l); xs.setdefault(e["circuit"], []).append(e["seconds"])
print(json.dumps({"measure": "proving_seconds_in_prover", "median_by_circuit": {k: round(statistics.median(v), 1) for k, v in xs.items()}}))'
