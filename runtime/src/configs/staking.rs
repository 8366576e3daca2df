//! Stake and the validator set: Quarry's staking pallet elects validators by backing, and
//! pallet-session hands each session's set (with their Aura and GRANDPA keys) to consensus.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
    AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, Session, SessionKeys,
    Staking, MINUTES, UNIT,
};

parameter_types! {
    /// A session, the unit of validator rotation and of the unbonding delay: 10 minutes (two
    /// mining epochs).
    pub const SessionPeriod: BlockNumber = 10 * MINUTES;
    /// Sessions change in the middle of an epoch, never in an epoch's last block: pallet-session
    /// takes the whole block when it rotates, so no solution fits in a session-change block,
    /// and the epoch's last blocks decide its winner.
    pub const SessionOffset: BlockNumber = super::EpochLength::get() / 2;
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
    /// A validator keeps at most half of its PoS reward as commission.
    pub const MaxCommission: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
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
    type MaxCommission = MaxCommission;
    /// Two 10-minute sessions: a raise waits at least one whole session (two epochs), so
    /// delegators can leave before an epoch is paid at the higher rate.
    type CommissionRaiseDelay = ConstU32<2>;
    type WeightInfo = pallet_quarry_staking::weights::SubstrateWeight<Runtime>;
}
