#!/usr/bin/env bash
# Static resource report of the GPU kernels, without a GPU. NVRTC (PyPI wheel) compiles kernels.cu
# to PTX with the miner's own options (`--gpu-architecture=compute_XY -std=c++17`, plus
# -DQUARRY_PTX_ARITH for the carry-chain arithmetic: src/gpu/cuda.rs `compile_options`), ptxas
# (PyPI wheel nvidia-cuda-nvcc-cu12) assembles it for a real architecture and reports registers,
# stack and spills per kernel, and cuobjdump (PyPI wheels nvidia-cuda-cuobjdump and
# nvidia-cuda-nvdisasm, which it calls) counts the SASS instructions of every kernel.
#
# Usage: scripts/gpu-kernel-report.sh [sm_90] [portable|ptx] [kernels.cu] > report.txt
#   the third argument compares another version of the source, e.g. one from `git show`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SM="${1:-sm_90}"
ARITH="${2:-portable}"
SOURCE="${3:-prover/miner/src/gpu/kernels.cu}"
VERSION="12.9.86"
CUOBJDUMP_VERSION="13.2.51"
NVCC_DIR="$HOME/.cache/quarry/nvcc-cu12-$VERSION"
CUOBJDUMP_DIR="$HOME/.cache/quarry/cuobjdump-$CUOBJDUMP_VERSION"
NVDISASM_DIR="$HOME/.cache/quarry/nvdisasm-$CUOBJDUMP_VERSION"
pip_install() {
    PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps \
        --target "$1" "$2" >&2
}
[ -x "$NVCC_DIR/nvidia/cuda_nvcc/bin/ptxas" ] || pip_install "$NVCC_DIR" "nvidia-cuda-nvcc-cu12==$VERSION"
CUOBJDUMP="$(find "$CUOBJDUMP_DIR" -name cuobjdump -type f 2>/dev/null | head -1 || true)"
if [ -z "$CUOBJDUMP" ]; then
    pip_install "$CUOBJDUMP_DIR" "nvidia-cuda-cuobjdump==$CUOBJDUMP_VERSION"
    CUOBJDUMP="$(find "$CUOBJDUMP_DIR" -name cuobjdump -type f | head -1)"
fi
NVDISASM="$(find "$NVDISASM_DIR" -name nvdisasm -type f 2>/dev/null | head -1 || true)"
if [ -z "$NVDISASM" ]; then
    pip_install "$NVDISASM_DIR" "nvidia-cuda-nvdisasm==$CUOBJDUMP_VERSION"
    NVDISASM="$(find "$NVDISASM_DIR" -name nvdisasm -type f | head -1)"
fi
chmod +x "$CUOBJDUMP" "$NVDISASM"
export PATH="$(dirname "$NVDISASM"):$PATH"
NVRTC_LIB="$(bash scripts/nvrtc.sh)"
[ -n "$NVRTC_LIB" ] || { echo "NVRTC unavailable" >&2; exit 1; }
case "$ARITH" in
    portable) DEFINES="" ;;
    ptx) DEFINES="-DQUARRY_PTX_ARITH" ;;
    *) echo "arithmetic must be portable or ptx" >&2; exit 1 ;;
esac
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# One Fq Montgomery product as a kernel of its own, appended to the source: the SASS count per
# multiplication, which the kernels' sizes (everything inlined and unrolled) do not show.
cat > "$TMP/mul.cu" <<'EOF'

#ifdef __CUDACC__
extern "C" __global__ void quarry_report_fq_mul(Fe *a) { a[0] = f_mul<FqParams>(a[0], a[1]); }
#endif
EOF
compile_ptx() { # source out
python3 - "$NVRTC_LIB/libnvrtc.so.12" "$1" "compute_${SM#sm_}" "$2" $DEFINES <<'EOF'
import ctypes, sys
lib, source, arch, out, *defines = sys.argv[1:]
nvrtc = ctypes.CDLL(lib)
prog = ctypes.c_void_p()
src = open(source, "rb").read()
assert nvrtc.nvrtcCreateProgram(ctypes.byref(prog), src, b"kernels.cu", 0, None, None) == 0
opts = [f"--gpu-architecture={arch}".encode(), b"-std=c++17"] + [d.encode() for d in defines]
arr = (ctypes.c_char_p * len(opts))(*opts)
if nvrtc.nvrtcCompileProgram(prog, len(opts), arr) != 0:
    size = ctypes.c_size_t()
    nvrtc.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
    log = ctypes.create_string_buffer(size.value)
    nvrtc.nvrtcGetProgramLog(prog, log)
    sys.exit(log.value.decode())
size = ctypes.c_size_t()
nvrtc.nvrtcGetPTXSize(prog, ctypes.byref(size))
ptx = ctypes.create_string_buffer(size.value)
nvrtc.nvrtcGetPTX(prog, ptx)
open(out, "wb").write(ptx.value)
EOF
}
compile_ptx "$SOURCE" "$TMP/kernels.ptx"
cat "$SOURCE" "$TMP/mul.cu" > "$TMP/with-mul.cu"
DEFINES="$DEFINES -DQUARRY_NO_ENTRY_POINTS" compile_ptx "$TMP/with-mul.cu" "$TMP/with-mul.ptx"
echo "# ptxas -v and SASS instruction counts for $SM, $ARITH field arithmetic"
if [ "$SOURCE" = prover/miner/src/gpu/kernels.cu ]; then
    ORIGIN="tree $(git rev-parse --short HEAD)$(git diff --quiet -- "$SOURCE" || echo ' + uncommitted changes')"
else
    ORIGIN="a given file"
fi
echo "# source: $SOURCE, sha256 $(sha256sum "$SOURCE" | cut -c1-12) ($ORIGIN), $(date -u +%Y-%m-%d)"
echo "# NVRTC + ptxas $VERSION (PyPI), cuobjdump $CUOBJDUMP_VERSION (PyPI), PTX $(wc -c < "$TMP/kernels.ptx") bytes, options: --gpu-architecture=compute_${SM#sm_} -std=c++17 $DEFINES"
"$NVCC_DIR/nvidia/cuda_nvcc/bin/ptxas" -arch="$SM" -O3 -v "$TMP/kernels.ptx" -o "$TMP/kernels.cubin" 2>&1
echo "# SASS instructions per kernel (cuobjdump -sass, NOP padding not counted)"
count_sass() {
"$CUOBJDUMP" -sass "$1" 2>/dev/null | grep -v "NOP;" | awk '
    /Function :/ { if (name) printf "%-28s %6d\n", name, count; name = $3; count = 0; next }
    /^[ \t]+\/\*[0-9a-f]+\*\// { count++ }
    END { if (name) printf "%-28s %6d\n", name, count }'
}
count_sass "$TMP/kernels.cubin"
"$NVCC_DIR/nvidia/cuda_nvcc/bin/ptxas" -arch="$SM" -O3 "$TMP/with-mul.ptx" -o "$TMP/with-mul.cubin"
echo "# one Fq Montgomery product (f_mul) as its own kernel: SASS instructions, load/store included"
count_sass "$TMP/with-mul.cubin" | grep quarry_report_fq_mul
