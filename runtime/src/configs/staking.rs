//! Stake and the validator set: Quarry's staking pallet elects validators by backing, and
//! pallet-session hands each session's set (with their Aura and GRANDPA keys) to consensus.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
    AccountId, Balance, Balances, BlockNumber, Historical, Runtime, RuntimeEvent, Session,
    SessionKeys, Staking, MINUTES, UNIT,
};

parameter_types! {
    /// A session, the unit of validator rotation and of the unbonding delay: 10 minutes (two
    /// mining epochs) unless the chain's genesis says otherwise.
    pub const DefaultSessionPeriod: BlockNumber = 10 * MINUTES;
    /// Sessions change in the middle of an epoch, never in an epoch's last block: pallet-session
    /// takes the whole block when it rotates, so no solution fits in a session-change block,
    /// and the epoch's last blocks decide its winner.
    pub SessionOffset: BlockNumber =
        <super::EpochLength as frame_support::traits::Get<BlockNumber>>::get() / 2;
}

/// Blocks per session: a genesis parameter (`staking.sessionLength`), 100 by default. A whole
/// number of epochs (checked by the presets), so sessions change mid-epoch (`SessionOffset`).
pub type SessionPeriod =
    pallet_quarry_staking::SessionLengthFromGenesis<Runtime, DefaultSessionPeriod>;

impl pallet_session::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = sp_runtime::traits::ConvertInto;
    type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    /// Staking elects; `Historical` records each session's validator-set root for offence
    /// reports.
    type SessionManager = pallet_session::historical::NoteHistoricalRoot<Runtime, StakingSessions>;
    type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
    type Keys = SessionKeys;
    type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
    type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
    type Currency = Balances;
    type KeyDeposit = frame_support::traits::ConstU128<0>;
}

impl pallet_session::historical::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    /// Nothing beyond the account: the staking pallet reads an offender's exposure itself when
    /// the offence is reported.
    type FullIdentification = ();
    type FullIdentificationOf = ValidatorIdentity;
}

/// Every validator's full identification is `()`.
pub struct ValidatorIdentity;
impl sp_runtime::traits::Convert<AccountId, Option<()>> for ValidatorIdentity {
    fn convert(_: AccountId) -> Option<()> {
        Some(())
    }
}

/// The staking pallet's elections, with the `()` identification `Historical` records, and
/// pruning of the historical roots no offence report can use any more.
pub struct StakingSessions;

impl pallet_session::SessionManager<AccountId> for StakingSessions {
    fn new_session(index: u32) -> Option<alloc::vec::Vec<AccountId>> {
        <Staking as pallet_session::SessionManager<_>>::new_session(index)
    }
    fn new_session_genesis(index: u32) -> Option<alloc::vec::Vec<AccountId>> {
        <Staking as pallet_session::SessionManager<_>>::new_session_genesis(index)
    }
    fn end_session(index: u32) {
        <Staking as pallet_session::SessionManager<_>>::end_session(index)
    }
    fn start_session(index: u32) {
        <Staking as pallet_session::SessionManager<_>>::start_session(index);
        if let Some(expired) = index.checked_sub(Staking::reportable_sessions()) {
            Historical::prune_up_to(expired);
        }
    }
}

impl pallet_session::historical::SessionManager<AccountId, ()> for StakingSessions {
    fn new_session(index: u32) -> Option<alloc::vec::Vec<(AccountId, ())>> {
        <Self as pallet_session::SessionManager<_>>::new_session(index)
            .map(|validators| validators.into_iter().map(|v| (v, ())).collect())
    }
    fn new_session_genesis(index: u32) -> Option<alloc::vec::Vec<(AccountId, ())>> {
        <Self as pallet_session::SessionManager<_>>::new_session_genesis(index)
            .map(|validators| validators.into_iter().map(|v| (v, ())).collect())
    }
    fn start_session(index: u32) {
        <Self as pallet_session::SessionManager<_>>::start_session(index)
    }
    fn end_session(index: u32) {
        <Self as pallet_session::SessionManager<_>>::end_session(index)
    }
}

/// Disabling through `pallet_session` (its `DisablingStrategy` caps disabled validators at a
/// third of the set).
pub struct SessionDisabler;
impl pallet_quarry_staking::DisableValidator<AccountId> for SessionDisabler {
    fn disable(who: &AccountId, fraction: sp_runtime::Perbill) {
        Session::report_offence(who.clone(), sp_staking::offence::OffenceSeverity(fraction));
    }
}

/// The current session's validators, from `pallet_session`.
pub struct CurrentSessionValidators;
impl pallet_quarry_staking::SessionValidators<AccountId> for CurrentSessionValidators {
    fn validators() -> alloc::vec::Vec<AccountId> {
        Session::validators()
    }
}

/// Delegators kept per candidate (the largest); also bounds the delegators an offence slashes.
pub const MAX_DELEGATORS_PER_CANDIDATE: u32 = 256;

parameter_types! {
    pub const MinBond: Balance = UNIT;
    pub const MinCandidateBond: Balance = 10_000 * UNIT;
    pub const MinDelegation: Balance = 10 * UNIT;
    /// A validator keeps at most half of its PoS reward as commission.
    pub const MaxCommission: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
    /// One day of 10-minute sessions.
    pub const DefaultSlashDeferDuration: u32 = 6 * 24;
    pub const RewardForReporters: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
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
    type MaxDelegatorsPerCandidate = ConstU32<MAX_DELEGATORS_PER_CANDIDATE>;
    type MaxCommission = MaxCommission;
    /// Two 10-minute sessions: a raise waits at least one whole session (two epochs), so
    /// delegators can leave before an epoch is paid at the higher rate.
    type CommissionRaiseDelay = ConstU32<2>;
    /// A genesis parameter (`staking.slashDeferSessions`), by default one day of sessions to
    /// cancel a wrong slash; unbonding (7 days) is longer, so offences up to 6 days old can be
    /// slashed.
    type SlashDeferDuration =
        pallet_quarry_staking::SlashDeferDurationFromGenesis<Runtime, DefaultSlashDeferDuration>;
    /// 10 % of a slash to whoever reported the offence (a signed report).
    type RewardForReporters = RewardForReporters;
    type AdminOrigin = frame_system::EnsureRoot<AccountId>;
    type Disabler = SessionDisabler;
    type SessionValidators = CurrentSessionValidators;
    type WeightInfo = pallet_quarry_staking::weights::SubstrateWeight<Runtime>;
}
