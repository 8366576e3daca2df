//! Weights for `pallet_quarry_mining`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_mining --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/mining/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_mining`.
pub trait WeightInfo {
    fn submit_solution_k10() -> Weight;
    fn submit_solution_k16() -> Weight;
    fn validate_solution() -> Weight;
    fn set_miner_account() -> Weight;
    fn set_hot_key() -> Weight;
    fn on_finalize_epoch_end() -> Weight;
    fn prune_step(r: u32, ) -> Weight;
}

/// Weights for `pallet_quarry_mining`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:1)
    /// Proof: `Mining::SolutionsInBlock` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::HotKeys` (r:1 w:0)
    /// Proof: `Mining::HotKeys` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Mining::UnverifiedOpenings` (r:1 w:1)
    /// Proof: `Mining::UnverifiedOpenings` (`max_values`: Some(1), `max_size`: Some(24049), added: 24544, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Landed` (r:1 w:1)
    /// Proof: `Mining::Landed` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerStats` (r:1 w:1)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentProofTarget` (r:1 w:0)
    /// Proof: `Mining::CurrentProofTarget` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::PuzzleK` (r:1 w:0)
    /// Proof: `Mining::PuzzleK` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Totals` (r:1 w:1)
    /// Proof: `Mining::Totals` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerAccountOwner` (r:1 w:0)
    /// Proof: `Mining::MinerAccountOwner` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Best` (r:1 w:1)
    /// Proof: `Mining::Best` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
    fn submit_solution_k10() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `941`
        //  Estimated: `25534`
        // Minimum execution time: 8_191_647_000 picoseconds.
        Weight::from_parts(10_240_966_000, 25534)
            .saturating_add(T::DbWeight::get().reads(12_u64))
            .saturating_add(T::DbWeight::get().writes(6_u64))
    }
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:1)
    /// Proof: `Mining::SolutionsInBlock` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::HotKeys` (r:1 w:0)
    /// Proof: `Mining::HotKeys` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Mining::UnverifiedOpenings` (r:1 w:1)
    /// Proof: `Mining::UnverifiedOpenings` (`max_values`: Some(1), `max_size`: Some(24049), added: 24544, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Landed` (r:1 w:1)
    /// Proof: `Mining::Landed` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerStats` (r:1 w:1)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentProofTarget` (r:1 w:0)
    /// Proof: `Mining::CurrentProofTarget` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::PuzzleK` (r:1 w:0)
    /// Proof: `Mining::PuzzleK` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Totals` (r:1 w:1)
    /// Proof: `Mining::Totals` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerAccountOwner` (r:1 w:0)
    /// Proof: `Mining::MinerAccountOwner` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Best` (r:1 w:1)
    /// Proof: `Mining::Best` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
    fn submit_solution_k16() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `941`
        //  Estimated: `25534`
        // Minimum execution time: 290_823_834_000 picoseconds.
        Weight::from_parts(367_075_682_000, 25534)
            .saturating_add(T::DbWeight::get().reads(12_u64))
            .saturating_add(T::DbWeight::get().writes(6_u64))
    }
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:0)
    /// Proof: `Mining::SolutionsInBlock` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::HotKeys` (r:1 w:0)
    /// Proof: `Mining::HotKeys` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Mining::UnverifiedOpenings` (r:1 w:0)
    /// Proof: `Mining::UnverifiedOpenings` (`max_values`: Some(1), `max_size`: Some(24049), added: 24544, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Landed` (r:1 w:0)
    /// Proof: `Mining::Landed` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerStats` (r:1 w:0)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentProofTarget` (r:1 w:0)
    /// Proof: `Mining::CurrentProofTarget` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::PuzzleK` (r:1 w:0)
    /// Proof: `Mining::PuzzleK` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    fn validate_solution() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `934`
        //  Estimated: `25534`
        // Minimum execution time: 132_035_000 picoseconds.
        Weight::from_parts(209_428_000, 25534)
            .saturating_add(T::DbWeight::get().reads(9_u64))
    }
    /// Storage: `Balances::Holds` (r:1 w:1)
    /// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerAccountProposals` (r:0 w:1)
    /// Proof: `Mining::MinerAccountProposals` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    fn set_miner_account() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `127`
        //  Estimated: `3640`
        // Minimum execution time: 64_215_000 picoseconds.
        Weight::from_parts(88_231_000, 3640)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
    }
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Mining::HotKeys` (r:0 w:1)
    /// Proof: `Mining::HotKeys` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    fn set_hot_key() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `483`
        //  Estimated: `4162`
        // Minimum execution time: 20_842_000 picoseconds.
        Weight::from_parts(33_625_000, 4162)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Mining::UnverifiedOpenings` (r:1 w:0)
    /// Proof: `Mining::UnverifiedOpenings` (`max_values`: Some(1), `max_size`: Some(24049), added: 24544, mode: `MaxEncodedLen`)
    /// Storage: `Mining::SolutionsInBlock` (r:1 w:1)
    /// Proof: `Mining::SolutionsInBlock` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Anchor` (r:1 w:1)
    /// Proof: `Mining::Anchor` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
    /// Storage: `Mining::GenesisMinProofTarget` (r:1 w:0)
    /// Proof: `Mining::GenesisMinProofTarget` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentProofTarget` (r:1 w:1)
    /// Proof: `Mining::CurrentProofTarget` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Mining::RecentBlocks` (r:1 w:1)
    /// Proof: `Mining::RecentBlocks` (`max_values`: Some(1), `max_size`: Some(513), added: 1008, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:1)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Best` (r:1 w:1)
    /// Proof: `Mining::Best` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Totals` (r:1 w:1)
    /// Proof: `Mining::Totals` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
    /// Storage: `Mining::NextChallenge` (r:1 w:0)
    /// Proof: `Mining::NextChallenge` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `System::ParentHash` (r:1 w:0)
    /// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Mining::GenesisEpochLength` (r:1 w:0)
    /// Proof: `Mining::GenesisEpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Pruning` (r:1 w:1)
    /// Proof: `Mining::Pruning` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Claims` (r:0 w:1)
    /// Proof: `Mining::Claims` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    fn on_finalize_epoch_end() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `620`
        //  Estimated: `25534`
        // Minimum execution time: 71_758_000 picoseconds.
        Weight::from_parts(109_166_000, 25534)
            .saturating_add(T::DbWeight::get().reads(13_u64))
            .saturating_add(T::DbWeight::get().writes(9_u64))
    }
    /// Storage: `Mining::Pruning` (r:1 w:0)
    /// Proof: `Mining::Pruning` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerStats` (r:33 w:32)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Landed` (r:33 w:32)
    /// Proof: `Mining::Landed` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
    /// Storage: `Mining::CurrentEpoch` (r:1 w:0)
    /// Proof: `Mining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(40), added: 535, mode: `MaxEncodedLen`)
    /// The range of component `r` is `[0, 128]`.
    fn prune_step(r: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1069 + r * (43 ±0)`
        //  Estimated: `22932 + r * (631 ±18)`
        // Minimum execution time: 20_906_000 picoseconds.
        Weight::from_parts(69_441_389, 22932)
            // Standard Error: 10_175
            .saturating_add(Weight::from_parts(991_914, 0).saturating_mul(r.into()))
            .saturating_add(T::DbWeight::get().reads(16_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
            .saturating_add(T::DbWeight::get().writes(16_u64))
            .saturating_add(Weight::from_parts(0, 631).saturating_mul(r.into()))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn submit_solution_k10() -> Weight {
        Weight::from_parts(10_240_966_000, 25534)
            .saturating_add(RocksDbWeight::get().reads(12_u64))
            .saturating_add(RocksDbWeight::get().writes(6_u64))
    }
    fn submit_solution_k16() -> Weight {
        Weight::from_parts(367_075_682_000, 25534)
            .saturating_add(RocksDbWeight::get().reads(12_u64))
            .saturating_add(RocksDbWeight::get().writes(6_u64))
    }
    fn validate_solution() -> Weight {
        Weight::from_parts(209_428_000, 25534)
            .saturating_add(RocksDbWeight::get().reads(9_u64))
    }
    fn set_miner_account() -> Weight {
        Weight::from_parts(88_231_000, 3640)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
    }
    fn set_hot_key() -> Weight {
        Weight::from_parts(33_625_000, 4162)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn on_finalize_epoch_end() -> Weight {
        Weight::from_parts(109_166_000, 25534)
            .saturating_add(RocksDbWeight::get().reads(13_u64))
            .saturating_add(RocksDbWeight::get().writes(9_u64))
    }
    fn prune_step(r: u32, ) -> Weight {
        Weight::from_parts(69_441_389, 22932)
            .saturating_add(Weight::from_parts(991_914, 0).saturating_mul(r.into()))
            .saturating_add(RocksDbWeight::get().reads(16_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
            .saturating_add(RocksDbWeight::get().writes(16_u64))
            .saturating_add(Weight::from_parts(0, 631).saturating_mul(r.into()))
    }
}
