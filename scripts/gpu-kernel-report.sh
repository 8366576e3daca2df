#!/usr/bin/env bash
# Static resource report of the GPU kernels, without a GPU: NVRTC (PyPI wheel) compiles kernels.cu
# to PTX with the miner's own options (`quarry-prover kernels`), then ptxas (PyPI wheel
# nvidia-cuda-nvcc-cu12) assembles it for a real architecture and reports registers, stack and
# spills per kernel. Usage: scripts/gpu-kernel-report.sh [sm_90] > report.txt
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
SM="${1:-sm_90}"
VERSION="12.9.86"
NVCC_DIR="$HOME/.cache/quarry/nvcc-cu12-$VERSION"
if [ ! -x "$NVCC_DIR/nvidia/cuda_nvcc/bin/ptxas" ]; then
    PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps \
        --target "$NVCC_DIR" "nvidia-cuda-nvcc-cu12==$VERSION" >&2
fi
NVRTC_LIB="$(bash scripts/nvrtc.sh)"
[ -n "$NVRTC_LIB" ] || { echo "NVRTC unavailable" >&2; exit 1; }
cargo build --release --locked -p quarry-prover --bin quarry-prover >&2
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
LD_LIBRARY_PATH="$NVRTC_LIB" "$CARGO_TARGET_DIR/release/quarry-prover" kernels \
    --arch "compute_${SM#sm_}" --out "$TMP/kernels.ptx"
echo "# ptxas -v for $SM, kernels.cu at $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d)"
echo "# NVRTC + ptxas $VERSION (PyPI), PTX $(wc -c < "$TMP/kernels.ptx") bytes"
"$NVCC_DIR/nvidia/cuda_nvcc/bin/ptxas" -arch="$SM" -O3 -v "$TMP/kernels.ptx" -o "$TMP/kernels.cubin" 2>&1
