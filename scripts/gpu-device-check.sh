#!/usr/bin/env bash
# Every GPU measurement of issue 17 in one run, for a GPU machine with no Rust toolchain: build
# `quarry-prover` here (release), carry it to the GPU machine as `gpu-carry/quarry-prover`, and run
#   bash scripts/gpu-device-check.sh
# from the repository root there. Raw output goes to $OUT (default gpu-out/), one file per step:
# nvidia-smi, the device tests (`quarry-prover gpu-test --require-gpu`: bit-exactness of both field
# arithmetics at k = 4..16), and `quarry-prover bench --backend gpu` at k = 12, 14, 15 and 16 with
# the portable and the PTX carry-chain arithmetic (attempts/s, the same machine's all-core CPU
# attempts/s and the ratio, per-stage times, the idle estimate and the bucket work split).
# Commit what comes back under prover/benches/results/ unedited.
#
# Puzzle parameters are generated there on first use (all cores; k = 16 takes about 30 s), so the
# whole run fits in about 10 minutes of device time. A step that fails does not stop the others.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN="${QUARRY_PROVER:-gpu-carry/quarry-prover}"
OUT="${OUT:-gpu-out}"
mkdir -p "$OUT"
# CUDA's own NVRTC (the toolkit's libnvrtc.so) and the driver.
export LD_LIBRARY_PATH="/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export QUARRY_KERNEL_CACHE="$OUT/kernel-cache"
export QUARRY_PARAMS_DIR="${QUARRY_PARAMS_DIR:-$OUT/params}"
chmod +x "$BIN"
step() {
    local name="$1"
    shift
    echo "== $name: $*" | tee -a "$OUT/steps.txt"
    local start=$SECONDS
    "$@" > "$OUT/$name.txt" 2>&1
    echo "   exit $?, $((SECONDS - start)) s" | tee -a "$OUT/steps.txt"
}
step nvidia-smi nvidia-smi
step gpu-test "$BIN" gpu-test --require-gpu
for arith in portable ptx; do
    for k in 12 14 15 16; do
        if [ "$arith" = ptx ]; then export QUARRY_GPU_ARITH=ptx; else unset QUARRY_GPU_ARITH; fi
        step "bench-$arith-k$k" "$BIN" bench --backend gpu --k "$k" --seconds 10 --json
    done
done
unset QUARRY_GPU_ARITH
cat "$OUT"/bench-*.txt | grep '^{' > "$OUT/gpu-bench.jsonl" || true
rm -rf "$OUT/kernel-cache" "$OUT/params"
