//! Tiered block rewards: issuance plus fees, split into PoS, mining, proving and treasury.

use frame_support::{parameter_types, traits::ConstU128, PalletId};
use sp_runtime::{traits::AccountIdConversion, Perbill};

use crate::{AccountId, Balance, Balances, BlockNumber, Runtime, DAYS, UNIT};

parameter_types! {
    pub const RewardsPalletId: PalletId = PalletId(*b"qry/rwds");
    pub const TreasuryPalletId: PalletId = PalletId(*b"qry/trsy");
    pub const ProvingPotPalletId: PalletId = PalletId(*b"qry/prov");
    /// The treasury's account (a keyless pallet account until a treasury pallet spends it).
    pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
    /// Holds the proving tier until each epoch's provers are paid.
    pub ProvingPotAccount: AccountId = ProvingPotPalletId::get().into_account_truncating();
    /// 1 QRY per block at launch (5.26 M QRY in the first year of 6-second blocks).
    pub const InitialBlockReward: Balance = UNIT;
    /// Never below 0.25 QRY per block.
    pub const MinBlockReward: Balance = UNIT / 4;
    /// −10 % per year.
    pub const DecayPerPeriod: Perbill = Perbill::from_percent(10);
    pub const DecayPeriod: BlockNumber = 365 * DAYS;
    /// A validator that did no ZK work in an epoch loses half its PoS reward to the treasury.
    pub const ZkDutyPenalty: Perbill = Perbill::from_percent(50);
    /// Miners paid per block: an epoch's worst case (16 solutions × 50 blocks = 800 miners) is
    /// paid within 25 blocks.
    pub const MinersPerBlock: u32 = 32;
    /// Payout steps per block. An epoch's worst case is one step per author (at most 50, one
    /// per block), 25 steps of miners (800 / 32), its provers (32 per step) and one to close: 4
    /// steps per block pay it within 20 blocks of the next epoch while up to 2,800 provers were
    /// credited, so the queue never grows under sustained load.
    pub const PayoutStepsPerBlock: u32 = 4;
}

impl pallet_quarry_rewards::Config for Runtime {
    type Currency = Balances;
    /// Noted by `pallet_authorship` before a session change can rotate the authority set.
    type FindAuthor = super::AuthorshipAuthor;
    type PalletId = RewardsPalletId;
    type Treasury = TreasuryAccount;
    type ProvingPot = ProvingPotAccount;
    type InitialBlockReward = InitialBlockReward;
    type MinBlockReward = MinBlockReward;
    type DecayPerPeriod = DecayPerPeriod;
    type DecayPeriod = DecayPeriod;
    type ZkDutyPenalty = ZkDutyPenalty;
    type MinersPerBlock = MinersPerBlock;
    type PayoutStepsPerBlock = PayoutStepsPerBlock;
    /// Boundless' cap: a prover earns at most stake / 15 of proving rewards per epoch.
    type ProvingCapDivisor = ConstU128<15>;
    type WeightInfo = pallet_quarry_rewards::weights::SubstrateWeight<Runtime>;
}
