//! Weights for `pallet_quarry_rewards`.
//!
//! **Not produced by the benchmark CLI** (Quarry's node has none yet): storage accesses are
//! counted from the code and priced with the runtime's `DbWeight`; execution time is a generous
//! 25 µs per call plus 15 µs per balance transfer.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_quarry_rewards`.
pub trait WeightInfo {
    fn set_tier_shares() -> Weight;
    /// `on_finalize`: mint, split, credit the author, two transfers, the epoch book.
    fn on_finalize() -> Weight;
    /// Pay one validator with `d` delegators.
    fn pay_validator(d: u32, ) -> Weight;
    /// Pay `m` miners.
    fn pay_miners(m: u32, ) -> Weight;
    /// Close a paid epoch.
    fn close_epoch() -> Weight;
}

/// Weights for `pallet_quarry_rewards` on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    fn set_tier_shares() -> Weight {
        Weight::from_parts(25_000_000, 100).saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `Rewards::BlockEpoch` (r:1 w:1), `Rewards::BlockFees` (r:1 w:1),
    /// `System::Digest` (r:1), `System::Account` (r:3 w:3), `Rewards::TierShares` (r:1),
    /// `Rewards::PosPoints` (r:1 w:1), `Rewards::EpochBooks` (r:1 w:1), `Balances::TotalIssuance` (r:1 w:1)
    fn on_finalize() -> Weight {
        Weight::from_parts(70_000_000, 3_000)
            .saturating_add(T::DbWeight::get().reads(10_u64))
            .saturating_add(T::DbWeight::get().writes(8_u64))
    }
    /// Storage: `Rewards::PosPoints` (r:1 w:1), `Mining::MinerStats` (r:2), `Staking::Candidates` (r:1),
    /// `Staking::Ledger` (r:1), `Staking::Delegations` (r:d), `System::Account` (r:d+3 w:d+3),
    /// `Rewards::EpochBooks` (r:d+2 w:d+2)
    fn pay_validator(d: u32, ) -> Weight {
        Weight::from_parts(50_000_000, 3_000)
            .saturating_add(Weight::from_parts(30_000_000, 600).saturating_mul(d.into()))
            .saturating_add(T::DbWeight::get().reads(10_u64 + 3 * d as u64))
            .saturating_add(T::DbWeight::get().writes(6_u64 + 2 * d as u64))
    }
    /// Storage: `Rewards::EpochBooks` (r:m+1 w:m), `Mining::Totals` (r:1), `Mining::MinerStats` (r:m),
    /// `System::Account` (r:2m w:2m)
    fn pay_miners(m: u32, ) -> Weight {
        Weight::from_parts(25_000_000, 1_000)
            .saturating_add(Weight::from_parts(30_000_000, 600).saturating_mul(m.into()))
            .saturating_add(T::DbWeight::get().reads(2_u64 + 4 * m as u64))
            .saturating_add(T::DbWeight::get().writes(3 * m as u64))
    }
    /// Storage: `Rewards::EpochBooks` (r:1 w:1), `System::Account` (r:2 w:2), `System::Events` (w:1)
    fn close_epoch() -> Weight {
        Weight::from_parts(40_000_000, 1_000)
            .saturating_add(T::DbWeight::get().reads(3_u64))
            .saturating_add(T::DbWeight::get().writes(4_u64))
    }
}

/// For tests.
impl WeightInfo for () {
    fn set_tier_shares() -> Weight { Weight::from_parts(25_000_000, 100).saturating_add(RocksDbWeight::get().writes(1_u64)) }
    fn on_finalize() -> Weight { Weight::from_parts(70_000_000, 3_000).saturating_add(RocksDbWeight::get().reads_writes(10, 8)) }
    fn pay_validator(d: u32, ) -> Weight { Weight::from_parts(50_000_000 + 30_000_000 * d as u64, 3_000).saturating_add(RocksDbWeight::get().reads_writes(10 + 3 * d as u64, 6 + 2 * d as u64)) }
    fn pay_miners(m: u32, ) -> Weight { Weight::from_parts(25_000_000 + 30_000_000 * m as u64, 1_000).saturating_add(RocksDbWeight::get().reads_writes(2 + 4 * m as u64, 3 * m as u64)) }
    fn close_epoch() -> Weight { Weight::from_parts(40_000_000, 1_000).saturating_add(RocksDbWeight::get().reads_writes(3, 4)) }
}
