//! Stake and the validator set: Quarry's staking pallet elects validators by backing, and
//! pallet-session hands each session's set (with their Aura and GRANDPA keys) to consensus.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
    AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, Session, SessionKeys,
    Staking, MINUTES, UNIT,
};

parameter_types! {
    /// A session, the unit of validator rotation and of the unbonding delay: 10 minutes.
    pub const SessionPeriod: BlockNumber = 10 * MINUTES;
    pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = sp_runtime::traits::ConvertInto;
    type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    type SessionManager = Staking;
    type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
    type Keys = SessionKeys;
    type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
    type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
    type Currency = Balances;
    type KeyDeposit = frame_support::traits::ConstU128<0>;
}

parameter_types! {
    pub const MinBond: Balance = UNIT;
    pub const MinCandidateBond: Balance = 10_000 * UNIT;
    pub const MinDelegation: Balance = 10 * UNIT;
}

impl pallet_quarry_staking::Config for Runtime {
    type Currency = Balances;
    /// Slashed funds go to the treasury.
    type OnSlash = frame_support::traits::tokens::imbalance::ResolveTo<super::TreasuryAccount, Balances>;
    type ValidatorRegistration = Session;
    /// 7 days of 10-minute sessions.
    type BondingDuration = ConstU32<{ 6 * 24 * 7 }>;
    type MaxUnlockingChunks = ConstU32<32>;
    type MinBond = MinBond;
    type MinCandidateBond = MinCandidateBond;
    type MinDelegation = MinDelegation;
    type MaxCandidates = ConstU32<100>;
    /// At most the consensus engines' `MaxAuthorities` (checked in `tests`).
    type MaxValidators = ConstU32<32>;
    /// One validator is enough for the development chain.
    type MinValidators = ConstU32<1>;
    type MaxDelegationsPerDelegator = ConstU32<16>;
    type MaxDelegatorsPerCandidate = ConstU32<256>;
    type WeightInfo = pallet_quarry_staking::weights::SubstrateWeight<Runtime>;
}
