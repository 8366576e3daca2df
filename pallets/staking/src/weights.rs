//! Weights for `pallet_quarry_staking`.
//!
//! **PLACEHOLDER WEIGHTS — NOT BENCHMARKED.** Quarry has no `frame-benchmarking-cli` in its node
//! yet, so these numbers were not produced by the benchmark CLI. They are written by hand in the
//! generated style from the storage accesses of each call, counted from the code:
//!
//! - the database part (`reads`/`writes`) is the counted number of storage items touched, in the
//!   worst case, priced with the runtime's `DbWeight`;
//! - `ref_time` is a placeholder: 25 µs per call, plus 5 µs per unit of each complexity component
//!   (`c` candidates, `d` delegators), plus 40 µs for a balance hold/release (two storage items
//!   decoded and re-encoded). Deliberately generous for a 2-core machine;
//! - `proof_size` is an upper estimate from the `MaxEncodedLen` of the items read, for 32-byte
//!   account ids and 16-byte balances, with the mock/runtime limits of at most 100 candidates and
//!   100 delegators per candidate.
//!
//! Replace this file with the output of
//! `frame-omni-bencher v1 benchmark pallet --pallet pallet_quarry_staking --extrinsic '*'
//! --template .maintain/frame-weight-template.hbs` once the node exposes benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_staking`.
pub trait WeightInfo {
    fn bond() -> Weight;
    fn bond_extra() -> Weight;
    fn unbond() -> Weight;
    fn withdraw_unbonded() -> Weight;
    fn join_candidates(c: u32, ) -> Weight;
    fn leave_candidates(c: u32, d: u32, ) -> Weight;
    fn set_commission() -> Weight;
    fn delegate() -> Weight;
    fn undelegate() -> Weight;
    /// The election run by `SessionManager::new_session` (not an extrinsic; informational:
    /// `pallet-session` charges a full block for a session rotation).
    fn new_session(c: u32, ) -> Weight;
    /// `Slash::slash` of an account with `d` delegations (not an extrinsic; for the callers).
    fn slash(d: u32, ) -> Weight;
    fn cancel_deferred_slash() -> Weight;
}

/// Weights for `pallet_quarry_staking` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(1660), added: 4135, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Storage: `System::Account` (r:1 w:1)
    fn bond() -> Weight {
        Weight::from_parts(65_000_000, 8_000)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Storage: `System::Account` (r:1 w:1)
    fn bond_extra() -> Weight {
        Weight::from_parts(65_000_000, 8_000)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Storage: `Staking::Candidates` (r:1 w:0)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    fn unbond() -> Weight {
        Weight::from_parts(25_000_000, 8_000)
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Storage: `System::Account` (r:1 w:1)
    /// Storage: `Staking::Candidates` (r:1 w:0)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    fn withdraw_unbonded() -> Weight {
        Weight::from_parts(65_000_000, 10_000)
            .saturating_add(T::DbWeight::get().reads(6_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Storage: `Session::NextKeys` (r:1 w:0)
    /// Storage: `Staking::CandidateList` (r:1 w:1)
    /// The range of component `c` is `[0, MaxCandidates - 1]`.
    fn join_candidates(c: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 32).saturating_mul(c.into()))
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
    }
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Storage: `Staking::CandidateList` (r:1 w:1)
    /// Storage: `Staking::Delegations` (r:d w:d)
    /// Storage: `Staking::Delegators` (r:d w:d)
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Storage: `Staking::Candidates` (r:1 w:0)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    /// The range of component `c` is `[1, MaxCandidates]`.
    /// The range of component `d` is `[0, MaxDelegatorsPerCandidate]`.
    fn leave_candidates(c: u32, d: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 32).saturating_mul(c.into()))
            .saturating_add(Weight::from_parts(5_000_000, 2_000).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(3_u64))
            .saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(d.into())))
    }
    /// Storage: `Staking::Candidates` (r:1 w:1)
    fn set_commission() -> Weight {
        Weight::from_parts(25_000_000, 4_000)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Staking::Candidates` (r:2 w:1)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Storage: `Staking::Delegators` (r:1 w:1)
    /// Storage: `Staking::Delegations` (r:1 w:1)
    fn delegate() -> Weight {
        Weight::from_parts(25_000_000, 12_000)
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Delegations` (r:1 w:1)
    /// Storage: `Staking::Delegators` (r:1 w:1)
    /// Storage: `Staking::Candidates` (r:1 w:1)
    fn undelegate() -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::CandidateList` (r:1 w:0)
    /// Storage: `Session::NextKeys` (r:c w:0)
    /// Storage: `Staking::Ledger` (r:c w:0)
    /// Storage: `Staking::Candidates` (r:c w:0)
    /// Storage: `Staking::SelectedValidators` (r:1 w:1)
    /// The range of component `c` is `[0, MaxCandidates]`.
    fn new_session(c: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 8_000)
            .saturating_add(Weight::from_parts(5_000_000, 6_000).saturating_mul(c.into()))
            .saturating_add(T::DbWeight::get().reads(2_u64))
            .saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(c.into())))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Storage: `System::Account` (r:1 w:1)
    /// Storage: `Staking::Delegators` (r:3 w:1)
    /// Storage: `Staking::Delegations` (r:d w:d)
    /// Storage: `Staking::Candidates` (r:d+1 w:d)
    /// Storage: `Balances::TotalIssuance` (r:1 w:1) (when `OnSlash` burns)
    /// The range of component `d` is `[0, MaxDelegationsPerDelegator]`.
    fn slash(d: u32, ) -> Weight {
        Weight::from_parts(65_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 4_000).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(8_u64))
            .saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(5_u64))
            .saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(d.into())))
    }
    /// Storage: `Staking::UnappliedSlashes` (r:1 w:1)
    fn cancel_deferred_slash() -> Weight {
        Weight::from_parts(25_000_000, 14_000)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
}

// For backwards compatibility and tests.
impl WeightInfo for () {
    fn bond() -> Weight {
        Weight::from_parts(65_000_000, 8_000)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn bond_extra() -> Weight {
        Weight::from_parts(65_000_000, 8_000)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn unbond() -> Weight {
        Weight::from_parts(25_000_000, 8_000)
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn withdraw_unbonded() -> Weight {
        Weight::from_parts(65_000_000, 10_000)
            .saturating_add(RocksDbWeight::get().reads(6_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn join_candidates(c: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 32).saturating_mul(c.into()))
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
    }
    fn leave_candidates(c: u32, d: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 32).saturating_mul(c.into()))
            .saturating_add(Weight::from_parts(5_000_000, 2_000).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
            .saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(d.into())))
    }
    fn set_commission() -> Weight {
        Weight::from_parts(25_000_000, 4_000)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn delegate() -> Weight {
        Weight::from_parts(25_000_000, 12_000)
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn undelegate() -> Weight {
        Weight::from_parts(25_000_000, 10_000)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn new_session(c: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 8_000)
            .saturating_add(Weight::from_parts(5_000_000, 6_000).saturating_mul(c.into()))
            .saturating_add(RocksDbWeight::get().reads(2_u64))
            .saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(c.into())))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn slash(d: u32, ) -> Weight {
        Weight::from_parts(65_000_000, 10_000)
            .saturating_add(Weight::from_parts(5_000_000, 4_000).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(8_u64))
            .saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
            .saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(d.into())))
    }
    fn cancel_deferred_slash() -> Weight {
        Weight::from_parts(25_000_000, 14_000)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
}
