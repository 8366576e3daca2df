# Environment for building Quarry. `source scripts/env.sh` (the README commands do it for you).
# Written so it can be sourced from any directory and more than once.

QUARRY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QUARRY_ROOT

# Keep build outputs outside the work tree: the work tree is laid anew each session, the rest of the
# machine often survives, and a warm target dir turns a 25-minute polkadot-sdk build into seconds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quarry/target}"
# wasm-builder looks for Cargo.lock next to the target dir unless told where the workspace is.
export WASM_BUILD_WORKSPACE_HINT="$QUARRY_ROOT"

# Set by scripts/setup.sh when the active toolchain has no wasm target and the Debian fallback toolchain
# ("quarry-wasm", linked from /usr) must build the runtime instead.
if [ -f "$HOME/.cache/quarry/wasm-toolchain" ]; then
    WASM_BUILD_TOOLCHAIN="$(cat "$HOME/.cache/quarry/wasm-toolchain")"
    export WASM_BUILD_TOOLCHAIN
fi
