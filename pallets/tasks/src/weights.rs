//! Weights for `pallet_quarry_tasks`.
//!
//! **Not produced by the benchmark CLI** (Quarry's node has none yet; the FRAME v2 benchmarks in
//! `benchmarking.rs` run as tests). Storage accesses are counted from the code and priced with the
//! runtime's `DbWeight`. The proof verification inside `submit_proof(s)` is priced from
//! `quarry-prover bench-circuits` on the 2-core reference machine
//! (`prover/benches/results/circuits-xeon-2threads-2026-1*.jsonl`), the slowest circuit with
//! margin for this machine's run-to-run noise (one proof measured 43–66 ms, a batch of `n`
//! 36–80 ms + 2.6–4 ms·n): one proof is charged 100 ms, a batch 60 ms + 6 ms·n. The input commitment of `submit_task` (a Poseidon chain of at most 65 hashes
//! over at most 22,688 bytes) is charged 3 ms plus 0.1 µs per byte of the longest input.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// One proof's verification by the host function.
pub const VERIFY_ONE_REF_TIME: u64 = 100_000_000_000;
/// A batch's fixed verification cost (the shared MSM).
pub const VERIFY_BATCH_BASE_REF_TIME: u64 = 60_000_000_000;
/// A batch's verification cost per proof.
pub const VERIFY_BATCH_PER_PROOF_REF_TIME: u64 = 6_000_000_000;

/// Weight functions needed for `pallet_quarry_tasks`.
pub trait WeightInfo {
    /// The heaviest input (the longest catalogue input) is charged.
    fn submit_task() -> Weight;
    fn lock_task() -> Weight;
    fn submit_proof() -> Weight;
    fn submit_proofs(n: u32, ) -> Weight;
    fn cancel_task() -> Weight;
    fn settle() -> Weight;
    /// `e` lock expiries and `d` deadlines processed.
    fn on_initialize(e: u32, d: u32, ) -> Weight;
}

/// The weights, given the database's read and write costs.
mod priced {
    use super::*;
    use frame_support::weights::RuntimeDbWeight;

    /// Settling one proved task: the task, two to four hold movements (`System::Account`,
    /// `Balances::Holds`), the lock count, reputation, proving work, the event.
    pub fn settle_proved(db: RuntimeDbWeight) -> Weight {
        Weight::from_parts(120_000_000, 4_000).saturating_add(db.reads_writes(10, 10))
    }
    /// `Tasks::NextTaskId` (r:1 w:1), `Tasks::Deadlines` (r:1 w:1), the mining winner (r:2),
    /// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1), `Tasks::Tasks` (w:1),
    /// `System::Events` (w:1)
    pub fn submit_task(db: RuntimeDbWeight) -> Weight {
        let longest_input = quarry_primitives::tasks::MAX_INPUT_LEN as u64;
        Weight::from_parts(3_000_000_000 + 100_000 * longest_input, 1_000 + 2 * longest_input)
            .saturating_add(db.reads_writes(6, 6))
    }
    /// `Tasks::Tasks` (r:1 w:1), `Reputation::Reputations` (r:1), `Staking::Ledger` (r:1),
    /// `Tasks::ActiveLocks` (r:1 w:1), `Tasks::LockExpiries` (r:1 w:1), `Balances::Holds` (r:1 w:1),
    /// `System::Account` (r:1 w:1)
    pub fn lock_task(db: RuntimeDbWeight) -> Weight {
        Weight::from_parts(60_000_000, 3_000).saturating_add(db.reads_writes(7, 6))
    }
    pub fn submit_proof(db: RuntimeDbWeight) -> Weight {
        Weight::from_parts(VERIFY_ONE_REF_TIME, 30_000)
            .saturating_add(settle_proved(db))
            .saturating_add(db.reads(3))
    }
    pub fn submit_proofs(db: RuntimeDbWeight, n: u32) -> Weight {
        Weight::from_parts(VERIFY_BATCH_BASE_REF_TIME, 0).saturating_add(
            Weight::from_parts(VERIFY_BATCH_PER_PROOF_REF_TIME, 30_000)
                .saturating_add(settle_proved(db))
                .saturating_add(db.reads(3))
                .saturating_mul(n.into()),
        )
    }
    /// `Tasks::Tasks` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1)
    pub fn cancel_task(db: RuntimeDbWeight) -> Weight {
        Weight::from_parts(40_000_000, 2_000).saturating_add(db.reads_writes(3, 4))
    }
    pub fn on_initialize(db: RuntimeDbWeight, e: u32, d: u32) -> Weight {
        db.reads_writes(2, 2)
            .saturating_add(settle_proved(db).saturating_mul(e.saturating_add(d).into()))
    }
}

/// Weights for `pallet_quarry_tasks` on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    fn submit_task() -> Weight { priced::submit_task(T::DbWeight::get()) }
    fn lock_task() -> Weight { priced::lock_task(T::DbWeight::get()) }
    fn submit_proof() -> Weight { priced::submit_proof(T::DbWeight::get()) }
    fn submit_proofs(n: u32, ) -> Weight { priced::submit_proofs(T::DbWeight::get(), n) }
    fn cancel_task() -> Weight { priced::cancel_task(T::DbWeight::get()) }
    fn settle() -> Weight { priced::settle_proved(T::DbWeight::get()) }
    fn on_initialize(e: u32, d: u32, ) -> Weight { priced::on_initialize(T::DbWeight::get(), e, d) }
}

// For backwards compatibility and tests.
impl WeightInfo for () {
    fn submit_task() -> Weight { priced::submit_task(RocksDbWeight::get()) }
    fn lock_task() -> Weight { priced::lock_task(RocksDbWeight::get()) }
    fn submit_proof() -> Weight { priced::submit_proof(RocksDbWeight::get()) }
    fn submit_proofs(n: u32, ) -> Weight { priced::submit_proofs(RocksDbWeight::get(), n) }
    fn cancel_task() -> Weight { priced::cancel_task(RocksDbWeight::get()) }
    fn settle() -> Weight { priced::settle_proved(RocksDbWeight::get()) }
    fn on_initialize(e: u32, d: u32, ) -> Weight { priced::on_initialize(RocksDbWeight::get(), e, d) }
}
