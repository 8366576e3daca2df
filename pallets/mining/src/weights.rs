//! Weights for `pallet_quarry_mining`.
//!
//! **Not produced by the benchmark CLI.** Quarry's node has no `frame-benchmarking-cli` yet. The
//! numbers below are built from two measured parts:
//!
//! - the puzzle verification (one host call of `quarry_primitives::puzzle::verify_solution`):
//!   9.6 ms at `k = 10` on the 2-core reference machine, measured with `quarry-prover bench
//!   --backend cpu --k 10` (`verify_single_ms`, raw JSON in `prover/benches/results/`), rounded up
//!   to 12 ms. It scales with `2^k`: a network with another `k` must re-measure;
//! - storage: the items each call touches, counted from the code, priced with the runtime's
//!   `DbWeight`, plus a generous 30 µs of execution per call.
//!
//! Where the verification is charged: a block verifies its solutions' openings together in
//! `on_finalize` (one combined MSM), and `pre_dispatch` and dispatch run only the cheap checks
//! and the hot key's sr25519 signature (about 50 µs natively, counted as 60 µs here). Each
//! `submit_solution` is charged one whole single verification for its part of that batch: the
//! worst case, when the batch fails and each solution is verified alone (a block with a bad
//! solution stays valid and must still fit its weight). `validate_solution` (`pre_dispatch`)
//! carries no verification.
//!
//! Cross-check, whole calls timed natively on the mock runtime at `k = 10` before the batch
//! (median of 25, same machine; `cargo test --release -p pallet-quarry-mining --features
//! runtime-benchmarks measure -- --ignored --nocapture`): dispatch of `submit_solution` with its
//! verification 10.3 ms, below the 12 ms charged.
//!
//! `benchmarking.rs` holds the FRAME v2 benchmarks that will replace this file once the node
//! exposes them (`frame-omni-bencher v1 benchmark pallet --pallet pallet_quarry_mining`).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Native verification of one solution at `k = 10` (see the module docs).
pub const VERIFY_REF_TIME: u64 = 12_000_000_000;

/// Native verification of one solution at puzzle size `k`: the `k = 10` figure scaled by
/// `2^(k - 10)` (the opening is an MSM over `2^k` generators and the witness has `2^k` hashes), and
/// never less than it. See the module docs for the measurements behind the scaling.
pub const fn verify_ref_time(k: u32) -> u64 {
    if k <= 10 {
        VERIFY_REF_TIME
    } else {
        VERIFY_REF_TIME.saturating_mul(1u64 << (k - 10))
    }
}

/// One sr25519 signature check of the hot key (see the module docs).
pub const SIGNATURE_REF_TIME: u64 = 60_000_000;

/// Weight functions needed for `pallet_quarry_mining`.
pub trait WeightInfo {
    /// Dispatch of `submit_solution` at puzzle size `k`: the cheap checks, the bookkeeping and
    /// the solution's part of the end-of-block verification.
    fn submit_solution(k: u32, ) -> Weight;
    /// `ValidateUnsigned::pre_dispatch` of a solution in a block: the cheap checks.
    fn validate_solution() -> Weight;
    fn set_miner_account() -> Weight;
    /// `on_finalize` at the end of an epoch (the worst case of every block's `on_finalize`).
    fn on_finalize_epoch_end() -> Weight;
    /// One pruning step in `on_initialize` removing `r` entries.
    fn prune_step(r: u32, ) -> Weight;
}

/// Weights for `pallet_quarry_mining` on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:1), `Mining::CurrentEpoch` (r:2 w:0),
    /// `Mining::Landed` (r:1 w:1), `Staking::Ledger` (r:1 w:0), `Mining::MinerStats` (r:2 w:1),
    /// `Mining::PuzzleK` (r:1 w:0), `Mining::CurrentProofTarget` (r:1 w:0),
    /// `Mining::Totals` (r:1 w:1), `Mining::Best` (r:1 w:1), `System::Events` (w:1),
    /// `Mining::MinerAccountOwner` (r:1), `Mining::MinerAccountOf` (r:1), `Mining::DutyDone` (w:1),
    /// `Mining::UnverifiedOpenings` (r:2 w:2), `Mining::HotKeys` (r:1)
    fn submit_solution(k: u32, ) -> Weight {
        Weight::from_parts(verify_ref_time(k) + SIGNATURE_REF_TIME + 30_000_000, 2_000)
            .saturating_add(T::DbWeight::get().reads(17_u64))
            .saturating_add(T::DbWeight::get().writes(8_u64))
    }
    /// Storage: `Mining::SolutionsInBlock` (r:1), `Mining::CurrentEpoch` (r:1),
    /// `Mining::Landed` (r:1), `Staking::Ledger` (r:1), `Mining::MinerStats` (r:1),
    /// `Mining::PuzzleK` (r:1), `Mining::CurrentProofTarget` (r:1), `Mining::HotKeys` (r:1),
    /// `Mining::UnverifiedOpenings` (r:1)
    fn validate_solution() -> Weight {
        Weight::from_parts(SIGNATURE_REF_TIME + 20_000_000, 2_000)
            .saturating_add(T::DbWeight::get().reads(9_u64))
    }
    /// Storage: `Mining::MinerAccountOwner` (r:1 w:2), `Mining::MinerAccountOf` (r:1 w:1)
    fn set_miner_account() -> Weight {
        Weight::from_parts(30_000_000, 200)
            .saturating_add(T::DbWeight::get().reads(2_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:1), `Mining::Anchor` (r:1 w:1),
    /// `Mining::CurrentProofTarget` (r:1 w:1), `Mining::RecentBlocks` (r:1 w:1),
    /// `Mining::CurrentEpoch` (r:2 w:1), `Mining::Best` (r:1 w:1), `Mining::Totals` (r:1 w:1),
    /// `System::ParentHash` (r:1), `Mining::Pruning` (r:1 w:1), `System::Events` (w:2)
    fn on_finalize_epoch_end() -> Weight {
        Weight::from_parts(60_000_000, 2_500)
            .saturating_add(T::DbWeight::get().reads(10_u64))
            .saturating_add(T::DbWeight::get().writes(10_u64))
    }
    /// Storage: `Mining::Pruning` (r:1 w:1), `Mining::MinerStats` / `Mining::Landed` (w:r)
    fn prune_step(r: u32, ) -> Weight {
        Weight::from_parts(10_000_000, 100)
            .saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
            .saturating_add(T::DbWeight::get().writes((r as u64).saturating_add(0)))
    }
}

/// For tests: the same formulas priced with `RocksDbWeight`.
impl WeightInfo for () {
    fn submit_solution(k: u32, ) -> Weight {
        Weight::from_parts(verify_ref_time(k) + SIGNATURE_REF_TIME + 30_000_000, 2_000)
            .saturating_add(RocksDbWeight::get().reads(17_u64))
            .saturating_add(RocksDbWeight::get().writes(8_u64))
    }
    fn validate_solution() -> Weight {
        Weight::from_parts(SIGNATURE_REF_TIME + 20_000_000, 2_000)
            .saturating_add(RocksDbWeight::get().reads(9_u64))
    }
    fn set_miner_account() -> Weight {
        Weight::from_parts(30_000_000, 200)
            .saturating_add(RocksDbWeight::get().reads(2_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn on_finalize_epoch_end() -> Weight {
        Weight::from_parts(60_000_000, 2_500)
            .saturating_add(RocksDbWeight::get().reads(10_u64))
            .saturating_add(RocksDbWeight::get().writes(10_u64))
    }
    fn prune_step(r: u32, ) -> Weight {
        Weight::from_parts(10_000_000, 100)
            .saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64 + r as u64))
    }
}
