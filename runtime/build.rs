/// Builds the runtime a second time for wasm32: the wasm blob is what the chain stores and executes.
/// Not needed (and skipped) when this crate is itself being compiled to wasm.
#[cfg(feature = "std")]
fn main() {
    substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
