//! Weights for `pallet_quarry_aura_equivocation`.
//!
//! **Not produced by the benchmark CLI** (Quarry's node has none yet). The shape and figures are
//! `pallet-grandpa`'s default `report_equivocation` weight, which does the same work: check a
//! historical membership proof (linear in the validator count, floored at 100), check two
//! signatures (ours are sr25519 over header hashes, GRANDPA's ed25519 over votes), and report an
//! offence that may slash `max_nominators` delegators.

#![allow(missing_docs)]

use frame_support::weights::{
    constants::{RocksDbWeight as DbWeight, WEIGHT_REF_TIME_PER_MICROS, WEIGHT_REF_TIME_PER_NANOS},
    Weight,
};

/// Weight functions needed for `pallet_quarry_aura_equivocation`.
pub trait WeightInfo {
    /// One report, for a set of `validator_count` validators and at most `max_nominators`
    /// delegators slashed per validator.
    fn report_equivocation(validator_count: u32, max_nominators: u32) -> Weight;
}

impl WeightInfo for () {
    fn report_equivocation(validator_count: u32, max_nominators: u32) -> Weight {
        let validator_count = validator_count.max(100) as u64;
        let max_nominators = max_nominators as u64;
        // The membership proof.
        Weight::from_parts(35 * WEIGHT_REF_TIME_PER_MICROS, 0)
            .saturating_add(
                Weight::from_parts(175 * WEIGHT_REF_TIME_PER_NANOS, 0).saturating_mul(validator_count),
            )
            .saturating_add(DbWeight::get().reads(5))
            // Two header hashes and two sr25519 verifications.
            .saturating_add(Weight::from_parts(95 * WEIGHT_REF_TIME_PER_MICROS, 0))
            // The offence: pallet-offences and the staking pallet's slash of the delegators.
            .saturating_add(Weight::from_parts(110 * WEIGHT_REF_TIME_PER_MICROS, 0))
            .saturating_add(Weight::from_parts(25 * WEIGHT_REF_TIME_PER_MICROS * max_nominators, 0))
            .saturating_add(DbWeight::get().reads(14 + 3 * max_nominators))
            .saturating_add(DbWeight::get().writes(10 + 3 * max_nominators))
    }
}
