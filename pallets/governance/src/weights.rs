//! Weights for `pallet_quarry_governance`.
//!
//! **Not produced by the benchmark CLI** (Quarry's node has none yet). `dispatch_as_root` adds
//! one origin check and one event to the dispatched call's own weight: priced as
//! `pallet-sudo`'s `sudo` overhead, rounded up.

#![allow(missing_docs)]

use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_MICROS, Weight};

/// Weight functions needed for `pallet_quarry_governance`.
pub trait WeightInfo {
    /// The bridge's own cost, on top of the dispatched call's weight.
    fn dispatch_as_root() -> Weight;
}

impl WeightInfo for () {
    fn dispatch_as_root() -> Weight {
        Weight::from_parts(15 * WEIGHT_REF_TIME_PER_MICROS, 1_500)
    }
}
