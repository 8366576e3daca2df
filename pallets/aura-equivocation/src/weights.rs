//! Weights for `pallet_quarry_aura_equivocation`, written by the benchmark CLI: do not edit, run
//! `scripts/benchmark-weights.sh` (it records the command below).
//!
//! CLI version 64.0.0, 2026-12-07. Steps: `20`, repeat: `10`, analysis:
//! `MinSquares`, wasm execution: `Compiled`, database cache:
//! 1024 MiB.
//! Machine: `vm`, CPU: `Intel(R) Xeon(R) Processor`.
//!
//! Executed command:
//! `/root/.cache/quarry/target/release/quarry-node benchmark pallet --runtime /root/.cache/quarry/target/release/wbuild/quarry-runtime/quarry_runtime.compact.compressed.wasm --genesis-builder runtime --genesis-builder-preset development --pallet pallet_quarry_aura_equivocation --extrinsic * --steps 20 --repeat 10 --wasm-execution compiled --template scripts/frame-weight-template.hbs --output pallets/aura-equivocation/src/weights.rs`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_aura_equivocation`.
pub trait WeightInfo {
    fn report_equivocation(v: u32, n: u32, ) -> Weight;
}

/// Weights for `pallet_quarry_aura_equivocation`, storage priced with the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `Staking::GenesisSessionLength` (r:1 w:0)
    /// Proof: `Staking::GenesisSessionLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Mining::GenesisEpochLength` (r:1 w:0)
    /// Proof: `Mining::GenesisEpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Session::CurrentIndex` (r:1 w:0)
    /// Proof: `Session::CurrentIndex` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
    /// Storage: `Session::Validators` (r:1 w:0)
    /// Proof: `Session::Validators` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
    /// Storage: `Session::NextKeys` (r:32 w:0)
    /// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
    /// Storage: `Offences::ConcurrentReportsIndex` (r:1 w:1)
    /// Proof: `Offences::ConcurrentReportsIndex` (`max_values`: None, `max_size`: None, mode: `Measured`)
    /// Storage: `Offences::Reports` (r:1 w:1)
    /// Proof: `Offences::Reports` (`max_values`: None, `max_size`: None, mode: `Measured`)
    /// Storage: `Staking::CurrentSession` (r:1 w:0)
    /// Proof: `Staking::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Staking::GenesisSlashDeferDuration` (r:1 w:0)
    /// Proof: `Staking::GenesisSlashDeferDuration` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
    /// Storage: `Session::DisabledValidators` (r:1 w:1)
    /// Proof: `Session::DisabledValidators` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
    /// Storage: `Staking::OffenceFractions` (r:1 w:1)
    /// Proof: `Staking::OffenceFractions` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
    /// Storage: `Staking::Ledger` (r:1 w:0)
    /// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(697), added: 3172, mode: `MaxEncodedLen`)
    /// Storage: `Staking::CandidateDelegations` (r:1 w:0)
    /// Proof: `Staking::CandidateDelegations` (`max_values`: None, `max_size`: Some(12330), added: 14805, mode: `MaxEncodedLen`)
    /// Storage: `Staking::UnappliedSlashes` (r:1 w:1)
    /// Proof: `Staking::UnappliedSlashes` (`max_values`: None, `max_size`: Some(12879), added: 15354, mode: `MaxEncodedLen`)
    /// The range of component `v` is `[2, 32]`.
    /// The range of component `n` is `[0, 256]`.
    fn report_equivocation(v: u32, n: u32, ) -> Weight {
        // Proof size summary in bytes:
        //  Measured:  `1445 + n * (49 ±0) + v * (147 ±0)`
        //  Estimated: `16344 + n * (49 ±0) + v * (2624 ±0)`
        // Minimum execution time: 259_488_000 picoseconds.
        Weight::from_parts(230_191_395, 16344)
            // Standard Error: 98_995
            .saturating_add(Weight::from_parts(8_644_929, 0).saturating_mul(v.into()))
            // Standard Error: 11_767
            .saturating_add(Weight::from_parts(170_668, 0).saturating_mul(n.into()))
            .saturating_add(T::DbWeight::get().reads(13_u64))
            .saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(v.into())))
            .saturating_add(T::DbWeight::get().writes(5_u64))
            .saturating_add(Weight::from_parts(0, 49).saturating_mul(n.into()))
            .saturating_add(Weight::from_parts(0, 2624).saturating_mul(v.into()))
    }
}

/// The same weights with storage priced as RocksDB (mock runtimes and tests).
impl WeightInfo for () {
    fn report_equivocation(v: u32, n: u32, ) -> Weight {
        Weight::from_parts(230_191_395, 16344)
            .saturating_add(Weight::from_parts(8_644_929, 0).saturating_mul(v.into()))
            .saturating_add(Weight::from_parts(170_668, 0).saturating_mul(n.into()))
            .saturating_add(RocksDbWeight::get().reads(13_u64))
            .saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(v.into())))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
            .saturating_add(Weight::from_parts(0, 49).saturating_mul(n.into()))
            .saturating_add(Weight::from_parts(0, 2624).saturating_mul(v.into()))
    }
}
