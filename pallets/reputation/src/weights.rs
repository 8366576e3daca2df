//! Weights for `pallet_quarry_reputation`.
//!
//! **Not produced by the benchmark CLI** (Quarry's node has none yet; the benchmark of
//! [`WeightInfo::record`] exists and runs as a test): storage accesses counted from the code and
//! priced with the runtime's `DbWeight`; execution a generous 20 µs of fixed-point arithmetic.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_reputation`.
pub trait WeightInfo {
    /// `ReputationBook::record`: the price history and one prover's evidence.
    fn record() -> Weight;
}

/// Weights for `pallet_quarry_reputation` on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Reputation::Prices` (r:1 w:1), `Reputation::Reputations` (r:1 w:1),
    /// `System::Events` (w:1)
    fn record() -> Weight {
        Weight::from_parts(20_000_000, 1_600)
            .saturating_add(T::DbWeight::get().reads(2_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
}

// For backwards compatibility and tests.
impl WeightInfo for () {
    fn record() -> Weight {
        Weight::from_parts(20_000_000, 1_600)
            .saturating_add(RocksDbWeight::get().reads(2_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
}
