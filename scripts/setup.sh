#!/usr/bin/env bash
# Makes this machine able to build Quarry, including the wasm runtime. Idempotent: a second run checks
# and returns in about a second.
#
# Two paths:
#  1. The active rustup toolchain already has a wasm target (wasm32v1-none, or wasm32-unknown-unknown
#     with rust-src): use it as it is.
#  2. It has neither and rustup cannot download one (true on our build machines): install Debian's
#     rustc-web toolchain, build core+alloc for wasm32v1-none from rust-web-src, put them in that
#     toolchain's sysroot and link it into rustup as "quarry-wasm". scripts/env.sh then exports
#     WASM_BUILD_TOOLCHAIN=quarry-wasm so wasm-builder uses it for the runtime only.
set -euo pipefail

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

STATE_DIR="$HOME/.cache/quarry"
mkdir -p "$STATE_DIR"
WASM_TOOLCHAIN=quarry-wasm
SYSROOT_LIB=/usr/lib/rustlib/wasm32v1-none/lib

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${missing[*]}"
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

# Native build needs: protoc (litep2p/libp2p protobufs), a C toolchain, pkg-config.
apt_install protobuf-compiler pkg-config build-essential

active_has_wasm() {
    local installed
    installed="$(rustup target list --installed 2>/dev/null || true)"
    grep -qx 'wasm32v1-none' <<<"$installed" && return 0
    if grep -qx 'wasm32-unknown-unknown' <<<"$installed" \
        && rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
        return 0
    fi
    return 1
}

if active_has_wasm; then
    say "active toolchain has a wasm target; using it"
    rm -f "$STATE_DIR/wasm-toolchain"
    exit 0
fi

sysroot_ready() {
    ls "$SYSROOT_LIB"/libcore-*.rlib "$SYSROOT_LIB"/liballoc-*.rlib \
        "$SYSROOT_LIB"/libcompiler_builtins-*.rlib >/dev/null 2>&1
}

if ! sysroot_ready || ! rustup toolchain list | grep -q "^$WASM_TOOLCHAIN"; then
    say "no wasm target in the active toolchain: building the Debian fallback ($WASM_TOOLCHAIN)"
    apt_install rustc-web cargo-web rust-web-src lld-22
    # rust-lld is what rustc uses to link wasm; Debian ships it as lld-22's wasm-ld.
    [ -x /usr/bin/rust-lld ] || [ -e /usr/lib/llvm-22/bin/wasm-ld ] || die "lld-22 did not install wasm-ld"

    if ! sysroot_ready; then
        build_dir="$(mktemp -d)"
        trap 'rm -rf "$build_dir"' EXIT
        mkdir -p "$build_dir/src"
        cat >"$build_dir/Cargo.toml" <<'TOML'
[package]
name = "quarry-wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
        printf '#![no_std]\nextern crate alloc;\npub fn touch() -> alloc::vec::Vec<u8> { alloc::vec::Vec::new() }\n' \
            >"$build_dir/src/lib.rs"
        say "building core+alloc for wasm32v1-none (about a minute)"
        (cd "$build_dir" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Cembed-bitcode=yes \
            CARGO_TARGET_DIR="$build_dir/target" /usr/bin/cargo build -q --release \
            --target wasm32v1-none -Zbuild-std=core,alloc) || die "building the wasm sysroot failed"
        deps="$build_dir/target/wasm32v1-none/release/deps"
        mkdir -p "$SYSROOT_LIB"
        for lib in core alloc compiler_builtins; do
            cp "$deps"/lib"$lib"-*.rlib "$deps"/lib"$lib"-*.rmeta "$SYSROOT_LIB"/ \
                || die "build produced no lib$lib"
        done
        # A new sysroot invalidates earlier wasm builds: wasm-builder would mix crate hashes.
        rm -rf "${CARGO_TARGET_DIR:-$STATE_DIR/target}"/*/wbuild
    fi
    rustup toolchain list | grep -q "^$WASM_TOOLCHAIN" || rustup toolchain link "$WASM_TOOLCHAIN" /usr
fi

echo "$WASM_TOOLCHAIN" >"$STATE_DIR/wasm-toolchain"
say "ready: runtime builds with WASM_BUILD_TOOLCHAIN=$WASM_TOOLCHAIN (source scripts/env.sh)"
