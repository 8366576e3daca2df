//! Weights for `pallet_quarry_governance`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_governance --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/governance/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_governance`.
pub trait WeightInfo {
    fn dispatch_as_root() -> Weight;
}

/// Weights for `pallet_quarry_governance`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    fn dispatch_as_root() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `0`
        //  Estimated: `0`
        // Minimum execution time: 9_233_000 picoseconds.
        Weight::from_parts(16_915_000, 0)
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn dispatch_as_root() -> Weight {
        Weight::from_parts(16_915_000, 0)
    }
}
