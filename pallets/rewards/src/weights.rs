//! Weights for `pallet_quarry_rewards`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-02. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_rewards --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/rewards/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_rewards`.
pub trait WeightInfo {
    fn set_tier_shares() -> Weight;
    fn on_finalize() -> Weight;
    fn pay_validator(d: u32, ) -> Weight;
    fn pay_miners(m: u32, ) -> Weight;
    fn close_epoch() -> Weight;
}

/// Weights for `pallet_quarry_rewards`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Rewards::TierShares` (r:0 w:1)
    /// Proof: `Rewards::TierShares` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    fn set_tier_shares() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `0`
        //  Estimated: `0`
        // Minimum execution time: 7_501_000 picoseconds.
        Weight::from_parts(15_968_000, 0)
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Rewards::BlockEpoch` (r:1 w:1)
    /// Proof: `Rewards::BlockEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::BlockFees` (r:1 w:1)
    /// Proof: `Rewards::BlockFees` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:3 w:3)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::TierShares` (r:1 w:0)
    /// Proof: `Rewards::TierShares` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::BlockAuthor` (r:1 w:0)
    /// Proof: `Rewards::BlockAuthor` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::EpochBooks` (r:1 w:1)
    /// Proof: `Rewards::EpochBooks` (`max_values`: None, `max_size`: Some(172), added: 2647, mode: `MaxEncodedLen`)
    fn on_finalize() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `513`
        //  Estimated: `8799`
        // Minimum execution time: 127_901_000 picoseconds.
        Weight::from_parts(204_177_000, 8799)
            .saturating_add(T::DbWeight::get().reads(8_u64))
            .saturating_add(T::DbWeight::get().writes(6_u64))
    }
    /// Storage: `Mining::MinerStats` (r:1 w:0)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `Mining::DutyDone` (r:1 w:0)
    /// Proof: `Mining::DutyDone` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:259 w:259)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::EpochBooks` (r:1 w:1)
    /// Proof: `Rewards::EpochBooks` (`max_values`: None, `max_size`: Some(172), added: 2647, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::Exposures` (r:1 w:0)
    /// Proof: `Rewards::Exposures` (`max_values`: None, `max_size`: Some(12378), added: 14853, mode: `MaxEncodedLen`)
    /// The range of component `d` is `[0, 256]`.
    fn pay_validator(d: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `934 + d * (48 ±0)`
        //  Estimated: `15843 + d * (2603 ±0)`
        // Minimum execution time: 134_527_000 picoseconds.
        Weight::from_parts(139_476_000, 15843)
            // Standard Error: 381_698
            .saturating_add(Weight::from_parts(74_376_053, 0).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(7_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(T::DbWeight::get().writes(4_u64))
            .saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 2603).saturating_mul(d.into()))
    }
    /// Storage: `Rewards::EpochBooks` (r:1 w:1)
    /// Proof: `Rewards::EpochBooks` (`max_values`: None, `max_size`: Some(172), added: 2647, mode: `MaxEncodedLen`)
    /// Storage: `Mining::Totals` (r:1 w:0)
    /// Proof: `Mining::Totals` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
    /// Storage: `Mining::MinerStats` (r:33 w:0)
    /// Proof: `Mining::MinerStats` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:33 w:33)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    /// The range of component `m` is `[1, 64]`.
    fn pay_miners(m: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1920 + m * (85 ±0)`
        //  Estimated: `23834 + m * (1293 ±58)`
        // Minimum execution time: 89_926_000 picoseconds.
        Weight::from_parts(689_836_052, 23834)
            // Standard Error: 686_977
            .saturating_add(Weight::from_parts(42_345_269, 0).saturating_mul(m.into()))
            .saturating_add(T::DbWeight::get().reads(20_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(m.into())))
            .saturating_add(T::DbWeight::get().writes(10_u64))
            .saturating_add(Weight::from_parts(0, 1293).saturating_mul(m.into()))
    }
    /// Storage: `Rewards::Exposures` (r:1 w:1)
    /// Proof: `Rewards::Exposures` (`max_values`: None, `max_size`: Some(12378), added: 14853, mode: `MaxEncodedLen`)
    /// Storage: `Rewards::EpochBooks` (r:1 w:1)
    /// Proof: `Rewards::EpochBooks` (`max_values`: None, `max_size`: Some(172), added: 2647, mode: `MaxEncodedLen`)
    /// Storage: `System::Account` (r:2 w:2)
    /// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
    fn close_epoch() -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `619`
        //  Estimated: `15843`
        // Minimum execution time: 70_633_000 picoseconds.
        Weight::from_parts(117_741_000, 15843)
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().writes(4_u64))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn set_tier_shares() -> Weight {
        Weight::from_parts(15_968_000, 0)
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn on_finalize() -> Weight {
        Weight::from_parts(204_177_000, 8799)
            .saturating_add(RocksDbWeight::get().reads(8_u64))
            .saturating_add(RocksDbWeight::get().writes(6_u64))
    }
    fn pay_validator(d: u32, ) -> Weight {
        Weight::from_parts(139_476_000, 15843)
            .saturating_add(Weight::from_parts(74_376_053, 0).saturating_mul(d.into()))
            .saturating_add(RocksDbWeight::get().reads(7_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(d.into())))
            .saturating_add(RocksDbWeight::get().writes(4_u64))
            .saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
            .saturating_add(Weight::from_parts(0, 2603).saturating_mul(d.into()))
    }
    fn pay_miners(m: u32, ) -> Weight {
        Weight::from_parts(689_836_052, 23834)
            .saturating_add(Weight::from_parts(42_345_269, 0).saturating_mul(m.into()))
            .saturating_add(RocksDbWeight::get().reads(20_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(m.into())))
            .saturating_add(RocksDbWeight::get().writes(10_u64))
            .saturating_add(Weight::from_parts(0, 1293).saturating_mul(m.into()))
    }
    fn close_epoch() -> Weight {
        Weight::from_parts(117_741_000, 15843)
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().writes(4_u64))
    }
}
