//! Weights for `pallet_quarry_reputation`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_reputation --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/reputation/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_reputation`.
pub trait WeightInfo {
    fn record() -> Weight;
}

/// Weights for `pallet_quarry_reputation`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Reputation::Prices` (r:1 w:1)
    /// Proof: `Reputation::Prices` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:1 w:1)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    fn record() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `169`
        //  Estimated: `3549`
        // Minimum execution time: 14_224_000 picoseconds.
        Weight::from_parts(26_582_000, 3549)
            .saturating_add(T::DbWeight::get().reads(2_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn record() -> Weight {
        Weight::from_parts(26_582_000, 3549)
            .saturating_add(RocksDbWeight::get().reads(2_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
    }
}
