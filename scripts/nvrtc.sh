#!/usr/bin/env bash
# NVRTC for the kernel compile check (prover/miner/tests/gpu.rs): the CUDA runtime compiler alone,
# from PyPI's nvidia-cuda-nvrtc-cu12 wheel (no GPU, no CUDA toolkit needed). Idempotent; prints the
# library directory to put on LD_LIBRARY_PATH, or nothing (and a warning on stderr) if it cannot be
# installed — the compile check then reports itself SKIPPED.
set -uo pipefail
# Pinned: the compile check must not change under us. 12.9 supports compute_50 .. compute_120.
VERSION="12.9.86"
DIR="$HOME/.cache/quarry/nvrtc-cu12-$VERSION"
LIB="$DIR/nvidia/cuda_nvrtc/lib"
if [ ! -e "$LIB/libnvrtc.so.12" ]; then
    if ! PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$DIR" \
        "nvidia-cuda-nvrtc-cu12==$VERSION" >&2; then
        echo "nvrtc.sh: could not install nvidia-cuda-nvrtc-cu12 from PyPI; the NVRTC compile check will be skipped" >&2
        exit 0
    fi
fi
[ -e "$LIB/libnvrtc.so.12" ] && echo "$LIB"
exit 0
