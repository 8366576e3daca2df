//! Weights for `pallet_quarry_staking`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_staking --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/staking/src/weights.rs`

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
    fn new_session(c: u32, ) -> Weight;
    fn slash(d: u32, ) -> Weight;
    fn cancel_deferred_slash() -> Weight;
}

/// Weights for `pallet_quarry_staking`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn bond() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `576`
        //  Estimated: `4162`
        // Minimum execution time: 73_616_000 picoseconds.
        Weight::from_parts(128_356_000, 4162)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn bond_extra() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `711`
        //  Estimated: `4162`
        // Minimum execution time: 77_777_000 picoseconds.
        Weight::from_parts(137_445_000, 4162)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Candidates` (r:1 w:0)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Proof: `Staking::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    fn unbond() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1401`
        //  Estimated: `4162`
        // Minimum execution time: 43_074_000 picoseconds.
        Weight::from_parts(81_870_000, 4162)
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Proof: `Staking::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn withdraw_unbonded() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1386`
        //  Estimated: `4162`
        // Minimum execution time: 77_015_000 picoseconds.
        Weight::from_parts(137_460_000, 4162)
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:1 w:0)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Session::NextKeys` (r:1 w:0)
    /// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
    /// Storage: `Staking::CandidateList` (r:1 w:1)
    /// Proof: `Staking::CandidateList` (`max_values`: Some(1), `max_size`: Some(3202), added: 3697, mode: `MaxEncodedLen`)
    /// The range of component `c` is `[0, 99]`.
    fn join_candidates(c: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1752 + c * (44 ±0)`
        //  Estimated: `5002 + c * (47 ±1)`
        // Minimum execution time: 50_715_000 picoseconds.
        Weight::from_parts(92_871_313, 5002)
            // Standard Error: 20_107
            .saturating_add(Weight::from_parts(647_930, 0).saturating_mul(c.into()))
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
            .saturating_add(Weight::from_parts(0, 47).saturating_mul(c.into()))
    }
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateList` (r:1 w:1)
    /// Proof: `Staking::CandidateList` (`max_values`: Some(1), `max_size`: Some(3202), added: 3697, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateDelegations` (r:1 w:1)
    /// Proof: `Staking::CandidateDelegations` (`max_values`: None, `max_size`: Some(12330), added: 14805, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:256 w:256)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// The range of component `c` is `[1, 100]`.
    /// The range of component `d` is `[0, 256]`.
    fn leave_candidates(c: u32, d: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1652 + c * (34 ±0) + d * (126 ±0)`
        //  Estimated: `15795 + d * (3044 ±0)`
        // Minimum execution time: 76_658_000 picoseconds.
        Weight::from_parts(80_411_000, 15795)
            // Standard Error: 560_394
            .saturating_add(Weight::from_parts(151_740, 0).saturating_mul(c.into()))
            // Standard Error: 218_898
            .saturating_add(Weight::from_parts(11_118_157, 0).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(4_u64))
            .saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 3044).saturating_mul(d.into()))
    }
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Proof: `Staking::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    fn set_commission() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `484`
        //  Estimated: `3538`
        // Minimum execution time: 22_797_000 picoseconds.
        Weight::from_parts(29_074_000, 3538)
            .saturating_add(T::DbWeight::get().reads(2_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Staking::Candidates` (r:3 w:1)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:2 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:2 w:2)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateDelegations` (r:1 w:1)
    /// Proof: `Staking::CandidateDelegations` (`max_values`: None, `max_size`: Some(12330), added: 14805, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Proof: `Staking::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    fn delegate() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `16513`
        //  Estimated: `15795`
        // Minimum execution time: 196_467_000 picoseconds.
        Weight::from_parts(293_781_000, 15795)
            .saturating_add(T::DbWeight::get().reads(9_u64))
            .saturating_add(T::DbWeight::get().writes(5_u64))
    }
    /// Storage: `Staking::CandidateDelegations` (r:1 w:1)
    /// Proof: `Staking::CandidateDelegations` (`max_values`: None, `max_size`: Some(12330), added: 14805, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:1 w:1)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Candidates` (r:1 w:1)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    fn undelegate() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1708`
        //  Estimated: `15795`
        // Minimum execution time: 56_804_000 picoseconds.
        Weight::from_parts(103_555_000, 15795)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Staking::InactiveValidators` (r:1 w:0)
    /// Proof: `Staking::InactiveValidators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateList` (r:1 w:0)
    /// Proof: `Staking::CandidateList` (`max_values`: Some(1), `max_size`: Some(3202), added: 3697, mode: `MaxEncodedLen`)
    /// Storage: `Session::NextKeys` (r:100 w:0)
    /// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
    /// Storage: `Staking::Ledger` (r:100 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Candidates` (r:100 w:0)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// Storage: `Staking::SelectedValidators` (r:1 w:1)
    /// Proof: `Staking::SelectedValidators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
    /// Storage: `Staking::PreviousValidators` (r:0 w:1)
    /// Proof: `Staking::PreviousValidators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
    /// The range of component `c` is `[0, 100]`.
    fn new_session(c: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `629 + c * (244 ±0)`
        //  Estimated: `4687 + c * (3163 ±2)`
        // Minimum execution time: 41_568_000 picoseconds.
        Weight::from_parts(52_682_739, 4687)
            // Standard Error: 197_272
            .saturating_add(Weight::from_parts(19_234_765, 0).saturating_mul(c.into()))
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(c.into())))
            .saturating_add(T::DbWeight::get().writes(2_u64))
            .saturating_add(Weight::from_parts(0, 3163).saturating_mul(c.into()))
    }
    /// Storage: `Staking::Ledger` (r:1 w:1)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:2 w:2)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Delegators` (r:1 w:1)
    /// Proof: `Staking::Delegators` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateDelegations` (r:16 w:16)
    /// Proof: `Staking::CandidateDelegations` (`max_values`: None, `max_size`: Some(12330), added: 14805, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Candidates` (r:17 w:16)
    /// Proof: `Staking::Candidates` (`max_values`: None, `max_size`: Some(73), added: 2548, mode: `MaxEncodedLen`)
    /// The range of component `d` is `[0, 16]`.
    fn slash(d: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1745 + d * (211 ±0)`
        //  Estimated: `6196 + d * (14805 ±0)`
        // Minimum execution time: 87_295_000 picoseconds.
        Weight::from_parts(141_258_586, 6196)
            // Standard Error: 237_632
            .saturating_add(Weight::from_parts(26_803_303, 0).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(6_u64))
            .saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(5_u64))
            .saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 14805).saturating_mul(d.into()))
    }
    /// Storage: `Staking::UnappliedSlashes` (r:1 w:1)
    /// Proof: `Staking::UnappliedSlashes` (`max_values`: None, `max_size`: Some(12879), added: 15354, mode: `MaxEncodedLen`)
    fn cancel_deferred_slash() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `13246`
        //  Estimated: `16344`
        // Minimum execution time: 21_259_000 picoseconds.
        Weight::from_parts(28_901_000, 16344)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn bond() -> Weight {
        Weight::from_parts(128_356_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn bond_extra() -> Weight {
        Weight::from_parts(137_445_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn unbond() -> Weight {
        Weight::from_parts(81_870_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn withdraw_unbonded() -> Weight {
        Weight::from_parts(137_460_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn join_candidates(c: u32, ) -> Weight {
        Weight::from_parts(92_871_313, 5002)
            .saturating_add(Weight::from_parts(647_930, 0).saturating_mul(c.into()))
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
            .saturating_add(Weight::from_parts(0, 47).saturating_mul(c.into()))
    }
    fn leave_candidates(c: u32, d: u32, ) -> Weight {
        Weight::from_parts(80_411_000, 15795)
            .saturating_add(Weight::from_parts(151_740, 0).saturating_mul(c.into()))
            .saturating_add(Weight::from_parts(11_118_157, 0).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(4_u64))
            .saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 3044).saturating_mul(d.into()))
    }
    fn set_commission() -> Weight {
        Weight::from_parts(29_074_000, 3538)
            .saturating_add(RocksDbWeight::get().reads(2_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn delegate() -> Weight {
        Weight::from_parts(293_781_000, 15795)
            .saturating_add(RocksDbWeight::get().reads(9_u64))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
    }
    fn undelegate() -> Weight {
        Weight::from_parts(103_555_000, 15795)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn new_session(c: u32, ) -> Weight {
        Weight::from_parts(52_682_739, 4687)
            .saturating_add(Weight::from_parts(19_234_765, 0).saturating_mul(c.into()))
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(c.into())))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
            .saturating_add(Weight::from_parts(0, 3163).saturating_mul(c.into()))
    }
    fn slash(d: u32, ) -> Weight {
        Weight::from_parts(141_258_586, 6196)
            .saturating_add(Weight::from_parts(26_803_303, 0).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(6_u64))
            .saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
            .saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 14805).saturating_mul(d.into()))
    }
    fn cancel_deferred_slash() -> Weight {
        Weight::from_parts(28_901_000, 16344)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
}
