//! Weights for `pallet_quarry_tasks`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_tasks --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/tasks/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_tasks`.
pub trait WeightInfo {
    fn submit_task() -> Weight;
    fn lock_task() -> Weight;
    fn submit_proof() -> Weight;
    fn submit_proofs(n: u32, ) -> Weight;
    fn cancel_task() -> Weight;
    fn settle() -> Weight;
    fn on_initialize(e: u32, d: u32, ) -> Weight;
}

/// Weights for `pallet_quarry_tasks`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Tasks::NextTaskId` (r:1 w:1)
    /// Proof: `Tasks::NextTaskId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::Deadlines` (r:1 w:1)
    /// Proof: `Tasks::Deadlines` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::Tasks` (r:0 w:1)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    fn submit_task() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `389`
        //  Estimated: `3991`
        // Minimum execution time: 128_652_000 picoseconds.
        Weight::from_parts(218_759_000, 3991)
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().writes(5_u64))
    }
    /// Storage: `Tasks::Tasks` (r:1 w:1)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:1 w:0)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::ActiveLocks` (r:1 w:1)
    /// Proof: `Tasks::ActiveLocks` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::LockExpiries` (r:1 w:1)
    /// Proof: `Tasks::LockExpiries` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn lock_task() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1001`
        //  Estimated: `4162`
        // Minimum execution time: 102_311_000 picoseconds.
        Weight::from_parts(176_563_000, 4162)
            .saturating_add(T::DbWeight::get().reads(7_u64))
            .saturating_add(T::DbWeight::get().writes(5_u64))
    }
    /// Storage: `Tasks::Tasks` (r:1 w:1)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:2 w:2)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:3 w:2)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::ActiveLocks` (r:1 w:1)
    /// Proof: `Tasks::ActiveLocks` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Prices` (r:1 w:1)
    /// Proof: `Reputation::Prices` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:1 w:1)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::ProvingPoints` (r:1 w:1)
    /// Proof: `Rewards::ProvingPoints` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::ProvingTotals` (r:1 w:1)
    /// Proof: `Rewards::ProvingTotals` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
    fn submit_proof() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1212`
        //  Estimated: `8799`
        // Minimum execution time: 54_127_198_000 picoseconds.
        Weight::from_parts(74_655_417_000, 8799)
            .saturating_add(T::DbWeight::get().reads(12_u64))
            .saturating_add(T::DbWeight::get().writes(10_u64))
    }
    /// Storage: `Tasks::Tasks` (r:16 w:16)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:2 w:2)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:3 w:2)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::ActiveLocks` (r:1 w:1)
    /// Proof: `Tasks::ActiveLocks` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Prices` (r:1 w:1)
    /// Proof: `Reputation::Prices` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:1 w:1)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::ProvingPoints` (r:1 w:1)
    /// Proof: `Rewards::ProvingPoints` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::ProvingTotals` (r:1 w:1)
    /// Proof: `Rewards::ProvingTotals` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
    /// The range of component `n` is `[1, 16]`.
    fn submit_proofs(n: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1000 + n * (215 ±0)`
        //  Estimated: `8799 + n * (2714 ±0)`
        // Minimum execution time: 55_580_045_000 picoseconds.
        Weight::from_parts(65_713_762_714, 8799)
            // Standard Error: 189_006_341
            .saturating_add(Weight::from_parts(4_166_500_161, 0).saturating_mul(n.into()))
            .saturating_add(T::DbWeight::get().reads(11_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
            .saturating_add(T::DbWeight::get().writes(9_u64))
            .saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(n.into()))
    }
    /// Storage: `Tasks::Tasks` (r:1 w:1)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:1 w:1)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn cancel_task() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `512`
        //  Estimated: `3704`
        // Minimum execution time: 61_614_000 picoseconds.
        Weight::from_parts(103_067_000, 3704)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `Tasks::Tasks` (r:1 w:1)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::ActiveLocks` (r:1 w:1)
    /// Proof: `Tasks::ActiveLocks` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Prices` (r:1 w:1)
    /// Proof: `Reputation::Prices` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:1 w:1)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:3 w:3)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:2 w:2)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    fn settle() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `812`
        //  Estimated: `8799`
        // Minimum execution time: 169_558_000 picoseconds.
        Weight::from_parts(200_497_000, 8799)
            .saturating_add(T::DbWeight::get().reads(9_u64))
            .saturating_add(T::DbWeight::get().writes(9_u64))
    }
    /// Storage: `Tasks::LockExpiries` (r:1 w:1)
    /// Proof: `Tasks::LockExpiries` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::Deadlines` (r:1 w:1)
    /// Proof: `Tasks::Deadlines` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::Tasks` (r:128 w:128)
    /// Proof: `Tasks::Tasks` (`max_values`: None, `max_size`: Some(239), added: 2714, mode: `MaxEncodedLen`)
    /// Storage: `Tasks::ActiveLocks` (r:4 w:4)
    /// Proof: `Tasks::ActiveLocks` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Prices` (r:1 w:1)
    /// Proof: `Reputation::Prices` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Reputation::Reputations` (r:4 w:4)
    /// Proof: `Reputation::Reputations` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:6 w:6)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Balances::Holds` (r:5 w:5)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// The range of component `e` is `[0, 64]`.
    /// The range of component `d` is `[0, 64]`.
    fn on_initialize(e: u32, d: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1960 + d * (232 ±0) + e * (228 ±0)`
        //  Estimated: `7905 + d * (2714 ±5) + e * (2714 ±5)`
        // Minimum execution time: 1_772_925_000 picoseconds.
        Weight::from_parts(1_912_767_000, 7905)
            // Standard Error: 2_801_573
            .saturating_add(Weight::from_parts(20_268_091, 0).saturating_mul(e.into()))
            // Standard Error: 2_801_573
            .saturating_add(Weight::from_parts(137_158_067, 0).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(7_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(e.into())))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(7_u64))
            .saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(e.into())))
            .saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(d.into()))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(e.into()))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn submit_task() -> Weight {
        Weight::from_parts(218_759_000, 3991)
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
    }
    fn lock_task() -> Weight {
        Weight::from_parts(176_563_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(7_u64))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
    }
    fn submit_proof() -> Weight {
        Weight::from_parts(74_655_417_000, 8799)
            .saturating_add(RocksDbWeight::get().reads(12_u64))
            .saturating_add(RocksDbWeight::get().writes(10_u64))
    }
    fn submit_proofs(n: u32, ) -> Weight {
        Weight::from_parts(65_713_762_714, 8799)
            .saturating_add(Weight::from_parts(4_166_500_161, 0).saturating_mul(n.into()))
            .saturating_add(RocksDbWeight::get().reads(11_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
            .saturating_add(RocksDbWeight::get().writes(9_u64))
            .saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(n.into()))
    }
    fn cancel_task() -> Weight {
        Weight::from_parts(103_067_000, 3704)
            .saturating_add(RocksDbWeight::get().reads(3_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn settle() -> Weight {
        Weight::from_parts(200_497_000, 8799)
            .saturating_add(RocksDbWeight::get().reads(9_u64))
            .saturating_add(RocksDbWeight::get().writes(9_u64))
    }
    fn on_initialize(e: u32, d: u32, ) -> Weight {
        Weight::from_parts(1_912_767_000, 7905)
            .saturating_add(Weight::from_parts(20_268_091, 0).saturating_mul(e.into()))
            .saturating_add(Weight::from_parts(137_158_067, 0).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(7_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(e.into())))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(7_u64))
            .saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(e.into())))
            .saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(d.into()))
            .saturating_add(Weight::from_parts(0, 2714).saturating_mul(e.into()))
    }
}
