//! # Quarry Staking Pallet
//!
//! Bonded stake for the Quarry chain: the stake that elects validators, that gates miners and
//! provers, and that the other Quarry pallets slash when their participants misbehave.
//!
//! ## Overview
//!
//! Every participant starts by **bonding** funds. Bonded funds stay in the owner's account but are
//! placed on hold ([`HoldReason::Staking`]) through [`fungible::hold::Mutate`], so they cannot be
//! spent. Bonded funds are then used in up to three ways:
//!
//! - as plain stake, read by other pallets through [`StakeProvider`] (the mining pallet caps
//!   solutions per epoch by it; the task market will use it as collateral);
//! - as the **self-bond** of a validator **candidate** ([`Pallet::join_candidates`]);
//! - as **delegations** to candidates ([`Pallet::delegate`]).
//!
//! At every new session the pallet elects the top [`Config::MaxValidators`] candidates by backing
//! and hands them to `pallet-session` through its [`pallet_session::SessionManager`]
//! implementation.
//!
//! Unbonding ([`Pallet::unbond`]) moves funds from the active bond into an unlocking chunk that
//! matures [`Config::BondingDuration`] sessions later; [`Pallet::withdraw_unbonded`] then releases
//! the hold. Funds stay slashable while they unlock.
//!
//! ## Terminology
//!
//! - **Session**: a `pallet-session` session. This pallet has no separate notion of eras: the
//!   bonding duration is counted in sessions, and the validator set is re-elected every session.
//!   The current index is recorded in [`CurrentSession`] by
//!   [`SessionManager::start_session`](pallet_session::SessionManager::start_session).
//! - **Ledger** ([`StakingLedger`]): an account's `active` bond plus its unlocking chunks. The
//!   ledger total always equals the account's balance on hold for [`HoldReason::Staking`].
//! - **Active bond**: bonded funds that are not unlocking. This is what
//!   [`StakeProvider::bonded`] reports.
//! - **Candidate**: an account that asked to validate. Its **self-bond** is its whole active bond,
//!   which must be at least [`Config::MinCandidateBond`] to join and cannot be unbonded below it
//!   while the account is a candidate.
//! - **Delegator**: an account that committed part of its active bond to one or more candidates.
//!   Delegating does not move funds: the delegated amount stays held in the delegator's account
//!   and is simply marked as committed. A delegator cannot unbond below the sum of its
//!   delegations. An account is either a candidate or a delegator, never both.
//! - **Backing** of a candidate: self-bond plus the delegations it received.
//! - **Commission**: the share of a validator's rewards it keeps before its delegators are paid
//!   (read by the rewards pallet through [`Pallet::commission_of`]).
//!
//! ## Validator election
//!
//! [`pallet_session::SessionManager::new_session`] considers every candidate that has session
//! keys registered ([`Config::ValidatorRegistration`]) and a self-bond of at least
//! [`Config::MinCandidateBond`] (a slash can push it below). They are ranked by backing,
//! descending; ties are broken by account id, ascending. The first [`Config::MaxValidators`] are
//! returned, sorted by account id. When fewer than [`Config::MinValidators`] candidates qualify,
//! the previous set is kept (`None` is returned) and [`Event::NotEnoughCandidates`] is emitted; an
//! empty set is never returned. When the elected set equals the previous one, `None` is returned
//! as well (the consensus engines Quarry uses do not weigh validators by stake, so an unchanged
//! set needs no change). The computation reads at most `3 * MaxCandidates + 2` storage items.
//!
//! ## Slashing
//!
//! Other pallets slash through the [`Slash`] trait. A slash takes funds from the slashed
//! account's own ledger only, in this order:
//!
//! 1. the active bond that is not committed to delegations (for a candidate: its self-bond);
//! 2. unlocking chunks, the one that matures last first;
//! 3. the account's delegations, proportionally to their amounts (rounding remainders are taken
//!    from the delegations in the order they were made).
//!
//! A [`Slash`] of an account does not touch anyone else's funds. The slashed funds are taken off
//! hold with [`fungible::hold::Balanced::slash`] and the resulting credit is handed to
//! [`Config::OnSlash`] (drop it to burn, or e.g. `ResolveTo<TreasuryAccount, Balances>`).
//!
//! ## Offences
//!
//! Consensus offences (GRANDPA equivocation, Aura double-authoring) reach this pallet through
//! `pallet_offences` and its [`OnOffenceHandler`](sp_staking::offence::OnOffenceHandler)
//! implementation, with a slash fraction set by the offence (for an equivocation,
//! `min((3k/n)², 1)` for `k` offenders among `n` validators). For each offender:
//!
//! 1. it is disabled at once for the rest of the session ([`Config::Disabler`]: Aura then
//!    rejects its blocks);
//! 2. its **exposure** is recorded: its whole ledger (active and unlocking) and every delegation
//!    it received. **Delegators share their validator's fault**: the same fraction of each
//!    delegation is slashed, so delegators have a reason to choose validators with care (as in
//!    Polkadot's nominated proof of stake);
//! 3. the slash waits [`Config::SlashDeferDuration`] sessions in [`UnappliedSlashes`], during
//!    which [`Config::AdminOrigin`] may cancel it ([`Pallet::cancel_deferred_slash`]). Unbonding
//!    takes [`Config::BondingDuration`] sessions, longer than the deferral, so moving stake after
//!    the offence does not escape it;
//! 4. when it applies, the fraction of the recorded amounts is taken from each account's ledger
//!    in the order above; [`Config::RewardForReporters`] of the total goes to the reporters
//!    (split equally), the rest to [`Config::OnSlash`].
//!
//! Offences of one session do not add up: a second report for the same session slashes only
//! the part of its fraction above the highest already decided ([`OffenceFractions`]). Offences
//! older than [`Pallet::reportable_sessions`] (`BondingDuration - SlashDeferDuration`) are
//! ignored ([`Event::OffenceTooOld`]): their offenders may have withdrawn by the time a slash
//! would apply.
//!
//! ## Liveness
//!
//! The pallet counts the blocks each validator authors ([`AuthoredBlocks`], fed by
//! `pallet_authorship`). When a session ends, its validators that authored **no block** in it
//! are left out of the election that follows (the set two sessions ahead: the next one is
//! already queued) and [`Event::InactiveValidatorsFound`] names them. There is no slash for
//! being offline: missing the election costs the validator its rewards, and the rule only
//! applies to whole sessions without a block, which round-robin Aura makes unambiguous (a
//! validator of `n` gets about `SessionPeriod / n` slots; session 0, cut short by the session
//! offset and spanning the network's start, is exempt). If leaving them out would drop the
//! eligible candidates below [`Config::MinValidators`], the previous set is kept, as for any
//! election short of candidates.
//!
//! ## Traits implemented
//!
//! - [`pallet_session::SessionManager`] for the validator election.
//! - [`StakeProvider`]: active bond of an account, for the mining pallet and the task market.
//! - [`Slash`]: slashing API for the other pallets.
//! - [`OnOffenceHandler`](sp_staking::offence::OnOffenceHandler) for `pallet_offences`.
//! - `pallet_authorship::EventHandler`: counts authored blocks for the liveness rule.
//!
//! ## Dispatchable functions
//!
//! - [`Pallet::bond`], [`Pallet::bond_extra`], [`Pallet::unbond`], [`Pallet::withdraw_unbonded`]
//! - [`Pallet::join_candidates`], [`Pallet::leave_candidates`], [`Pallet::set_commission`]
//! - [`Pallet::delegate`], [`Pallet::undelegate`]
//! - [`Pallet::cancel_deferred_slash`] (admin)

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod offence_tests;
mod offences;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{self, hold::Mutate as _, Credit, Inspect},
        tokens::Precision,
        Imbalance, OnUnbalanced, ValidatorRegistration,
    },
    DefaultNoBound,
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
    traits::{AtLeast32BitUnsigned, Saturating, StaticLookup, Zero},
    ArithmeticError, Perbill, Rounding,
};
use sp_staking::SessionIndex;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::quarry-staking";

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
    <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A credit (funds taken out of an account, not yet placed anywhere) of [`Config::Currency`].
pub type CreditOf<T> = Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

/// Active bond of an account, for pallets that gate participation by stake (mining, task market).
pub trait StakeProvider<AccountId, Balance> {
    /// The active (bonded, not unlocking) stake of `who`; zero when `who` is not bonded.
    ///
    /// This includes funds committed as a candidate self-bond or as delegations: the same stake
    /// backs every role of the account and is slashable for each of them.
    fn bonded(who: &AccountId) -> Balance;
}

impl<AccountId, Balance: Zero> StakeProvider<AccountId, Balance> for () {
    fn bonded(_: &AccountId) -> Balance {
        Balance::zero()
    }
}

/// Slashing API for the other pallets.
pub trait Slash<AccountId, Balance> {
    /// Slash up to `amount` of the bonded funds of `who` and return what was actually slashed
    /// (less than `amount` when `who` has less bonded). Slashing nothing is a no-op.
    fn slash(who: &AccountId, amount: Balance) -> Balance;

    /// Worst-case weight of one [`Slash::slash`] call, for callers to include in their own
    /// weight.
    fn slash_weight() -> Weight;
}

impl<AccountId, Balance: Zero> Slash<AccountId, Balance> for () {
    fn slash(_: &AccountId, _: Balance) -> Balance {
        Balance::zero()
    }

    fn slash_weight() -> Weight {
        Weight::zero()
    }
}

/// Takes a validator out of block production for the rest of the current session.
pub trait DisableValidator<AccountId> {
    /// Disable `who` (no-op when it is not in the current set) for an offence that slashes
    /// `fraction`.
    fn disable(who: &AccountId, fraction: Perbill);
}

impl<AccountId> DisableValidator<AccountId> for () {
    fn disable(_: &AccountId, _: Perbill) {}
}

/// The validator set of the current session (`pallet_session::Validators`).
pub trait SessionValidators<AccountId> {
    /// The validators of the current session.
    fn validators() -> Vec<AccountId>;
}

impl<AccountId> SessionValidators<AccountId> for () {
    fn validators() -> Vec<AccountId> {
        Vec::new()
    }
}

/// The session length of a runtime whose networks choose it at genesis: the genesis value
/// ([`GenesisSessionLength`]), or `D` when the genesis left it unset. For
/// `pallet_session::PeriodicSessions`.
pub struct SessionLengthFromGenesis<T, D>(core::marker::PhantomData<(T, D)>);
impl<T: Config, D: Get<BlockNumberFor<T>>> Get<BlockNumberFor<T>> for SessionLengthFromGenesis<T, D> {
    fn get() -> BlockNumberFor<T> {
        GenesisSessionLength::<T>::get().unwrap_or_else(D::get)
    }
}

/// The slash deferral of a runtime whose networks choose it at genesis: the genesis value
/// ([`GenesisSlashDeferDuration`]), or `D` when the genesis left it unset. Test networks with
/// one-minute sessions defer a slash by a session or two; a public network by a day.
pub struct SlashDeferDurationFromGenesis<T, D>(core::marker::PhantomData<(T, D)>);
impl<T: Config, D: Get<SessionIndex>> Get<SessionIndex> for SlashDeferDurationFromGenesis<T, D> {
    fn get() -> SessionIndex {
        GenesisSlashDeferDuration::<T>::get().unwrap_or_else(D::get)
    }
}

/// Most reporters paid for one offence; later reporters of a known offence are not recorded.
pub const MAX_REPORTERS: u32 = 16;

/// An offence slash decided when the offence was reported and applied
/// [`Config::SlashDeferDuration`] sessions later. The exposure is taken at the report, so
/// neither the validator nor its delegators escape by moving stake during the deferral.
#[derive(
    Encode,
    Decode,
    CloneNoBound,
    PartialEqNoBound,
    EqNoBound,
    DebugNoBound,
    TypeInfo,
    MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct UnappliedSlash<T: Config> {
    /// Session in which the offence happened.
    pub offence_session: SessionIndex,
    /// Share of the exposure slashed.
    pub fraction: Perbill,
    /// The validator's whole ledger (active and unlocking) at the report.
    pub own: BalanceOf<T>,
    /// The delegations it had received at the report, largest first.
    pub others: DelegationsOf<T>,
    /// Who reported the offence (paid [`Config::RewardForReporters`] of the slash).
    pub reporters: BoundedVec<T::AccountId, ConstU32<MAX_REPORTERS>>,
}

/// Funds that were unbonded and become withdrawable at the start of `unlock_session`.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct UnlockChunk<Balance> {
    /// Amount that unlocks.
    pub value: Balance,
    /// First session in which the chunk can be withdrawn.
    pub unlock_session: SessionIndex,
}

/// The bonded funds of one account. `active + sum(unlocking)` is the account's balance on hold
/// for [`HoldReason::Staking`].
#[derive(
    Encode,
    Decode,
    CloneNoBound,
    PartialEqNoBound,
    EqNoBound,
    DebugNoBound,
    DefaultNoBound,
    TypeInfo,
    MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct StakingLedger<T: Config> {
    /// Bonded funds that are not unlocking. Includes the self-bond of a candidate and the
    /// delegations of a delegator.
    pub active: BalanceOf<T>,
    /// Unbonded funds waiting for [`Config::BondingDuration`] to pass, ordered by
    /// `unlock_session`, strictly increasing.
    pub unlocking: BoundedVec<UnlockChunk<BalanceOf<T>>, T::MaxUnlockingChunks>,
}

impl<T: Config> StakingLedger<T> {
    /// Everything bonded: active plus unlocking.
    pub fn total(&self) -> BalanceOf<T> {
        self.unlocking
            .iter()
            .fold(self.active, |acc, chunk| acc.saturating_add(chunk.value))
    }

    /// Whether nothing at all is bonded.
    pub fn is_empty(&self) -> bool {
        self.active.is_zero() && self.unlocking.is_empty()
    }
}

/// A commission raise waiting for its session ([`Config::CommissionRaiseDelay`]).
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct CommissionRaise {
    /// The new, higher commission.
    pub commission: Perbill,
    /// First session in which it is in force.
    pub from_session: SessionIndex,
}

/// What the pallet knows about a validator candidate besides its ledger.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, Default, TypeInfo, MaxEncodedLen)]
pub struct CandidateInfo<Balance> {
    /// Sum of the delegations the candidate received.
    pub delegated: Balance,
    /// Number of delegators (entries in [`CandidateDelegations`] of this candidate).
    pub delegators: u32,
    /// Share of the validator's rewards it keeps before its delegators are paid (see
    /// [`Pallet::commission_of`] for the rate in force, which includes a raise that is due).
    pub commission: Perbill,
    /// A scheduled raise of the commission, if any.
    pub raise: Option<CommissionRaise>,
}

impl<Balance> CandidateInfo<Balance> {
    /// The commission in force in session `session`.
    pub fn commission_at(&self, session: SessionIndex) -> Perbill {
        match self.raise {
            Some(raise) if raise.from_session <= session => raise.commission,
            _ => self.commission,
        }
    }
}

/// One delegation received by a candidate.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Delegation<AccountId, Balance> {
    /// Who delegates.
    pub delegator: AccountId,
    /// How much.
    pub amount: Balance,
}

/// The delegations of one candidate, largest first (equal amounts: the older first).
pub type DelegationsOf<T> = BoundedVec<
    Delegation<<T as frame_system::Config>::AccountId, BalanceOf<T>>,
    <T as Config>::MaxDelegatorsPerCandidate,
>;

/// What backs a validator at one instant: its self-bond, the delegations it received (largest
/// first) and the commission in force. The rewards pallet takes one per validator when an epoch
/// starts and pays the epoch from it, so stake moved during the epoch cannot change the epoch's
/// payout.
#[derive(
    Encode,
    Decode,
    CloneNoBound,
    PartialEqNoBound,
    EqNoBound,
    DebugNoBound,
    TypeInfo,
    MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Exposure<T: Config> {
    /// The validator's self-bond.
    pub own: BalanceOf<T>,
    /// Self-bond plus every delegation.
    pub total: BalanceOf<T>,
    /// The commission in force.
    pub commission: Perbill,
    /// The delegations, largest first.
    pub others: DelegationsOf<T>,
}

/// The delegations of one delegator.
#[derive(
    Encode,
    Decode,
    CloneNoBound,
    PartialEqNoBound,
    EqNoBound,
    DebugNoBound,
    DefaultNoBound,
    TypeInfo,
    MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DelegatorInfo<T: Config> {
    /// Sum of the delegator's delegations; never more than its active bond.
    pub total: BalanceOf<T>,
    /// The candidates it delegates to, in the order the delegations were made. The amounts live
    /// in [`Delegations`].
    pub candidates: BoundedVec<T::AccountId, T::MaxDelegationsPerDelegator>,
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;

    /// The in-code storage version (1: delegations sorted per candidate, commission raises;
    /// see [`crate::migrations`]).
    pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
    pub struct Pallet<T>(_);

    /// Configuration of the staking pallet.
    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// The currency whose funds are bonded (placed on hold) and slashed.
        type Currency: fungible::Inspect<Self::AccountId>
            + fungible::Mutate<Self::AccountId>
            + fungible::hold::Mutate<Self::AccountId, Reason: From<HoldReason>>
            + fungible::hold::Balanced<Self::AccountId>;

        /// Where slashed funds go. `()` burns them; `ResolveTo<TreasuryAccount, Balances>`
        /// deposits them into the treasury account.
        type OnSlash: OnUnbalanced<CreditOf<Self>>;

        /// Whether an account has session keys registered; candidates need them to join and to
        /// be elected. Use `pallet_session::Pallet<Runtime>`.
        type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

        /// Number of sessions unbonded funds stay locked (and slashable) before they can be
        /// withdrawn. Eras are sessions in this pallet.
        #[pallet::constant]
        type BondingDuration: Get<SessionIndex>;

        /// Maximum number of unlocking chunks per ledger. Unbonding twice in the same session
        /// merges into one chunk; when all are taken, withdraw matured chunks first.
        #[pallet::constant]
        type MaxUnlockingChunks: Get<u32>;

        /// Smallest active bond a ledger may be created with. Unbonding that would leave a
        /// non-zero active bond below it (with nothing committed) unbonds everything instead.
        #[pallet::constant]
        type MinBond: Get<BalanceOf<Self>>;

        /// Smallest self-bond (active bond) to become and stay a validator candidate.
        #[pallet::constant]
        type MinCandidateBond: Get<BalanceOf<Self>>;

        /// Smallest amount of a single delegation.
        #[pallet::constant]
        type MinDelegation: Get<BalanceOf<Self>>;

        /// Maximum number of validator candidates; bounds the election.
        #[pallet::constant]
        type MaxCandidates: Get<u32>;

        /// Maximum number of validators elected per session.
        #[pallet::constant]
        type MaxValidators: Get<u32>;

        /// Minimum number of validators; with fewer qualifying candidates the previous set is
        /// kept. At least 1.
        #[pallet::constant]
        type MinValidators: Get<u32>;

        /// Maximum number of candidates one delegator may delegate to.
        #[pallet::constant]
        type MaxDelegationsPerDelegator: Get<u32>;

        /// Maximum number of delegators one candidate keeps: the largest delegations. A new
        /// delegation larger than the smallest one of a full candidate evicts it.
        #[pallet::constant]
        type MaxDelegatorsPerCandidate: Get<u32>;

        /// Highest commission a candidate may set.
        #[pallet::constant]
        type MaxCommission: Get<Perbill>;

        /// Sessions a commission raise waits before it is in force (a cut applies at once). With
        /// sessions at least as long as reward epochs, 2 sessions give delegators at least one
        /// whole epoch to leave before an epoch is paid at the higher rate.
        #[pallet::constant]
        type CommissionRaiseDelay: Get<SessionIndex>;

        /// Sessions between an offence report and its slash: the window in which
        /// [`Config::AdminOrigin`] can cancel a wrong slash ([`Pallet::cancel_deferred_slash`]).
        /// Must be shorter than [`Config::BondingDuration`], so the offender's funds are still
        /// bonded when the slash lands.
        #[pallet::constant]
        type SlashDeferDuration: Get<SessionIndex>;

        /// Share of every applied offence slash paid to the offence's reporters (split equally);
        /// the rest goes to [`Config::OnSlash`]. For an unsigned report (what a node submits
        /// when it sees a GRANDPA equivocation) GRANDPA names the author of the block that
        /// includes it.
        #[pallet::constant]
        type RewardForReporters: Get<Perbill>;

        /// May cancel a deferred slash (root; a council on a public network).
        type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

        /// Takes an offender out of block production for the rest of the session
        /// (`pallet_session`'s disabling, read by Aura).
        type Disabler: DisableValidator<Self::AccountId>;

        /// The validators of the current session, read when it ends for the liveness rule.
        type SessionValidators: SessionValidators<Self::AccountId>;

        /// Weight information for the extrinsics of this pallet.
        type WeightInfo: WeightInfo;
    }

    /// A reason for this pallet placing a hold on funds.
    #[pallet::composite_enum]
    pub enum HoldReason {
        /// Funds bonded for staking (plain bond, self-bond, delegations, unlocking chunks).
        #[codec(index = 0)]
        Staking,
    }

    /// The bonded funds of each bonded account.
    #[pallet::storage]
    pub type Ledger<T: Config> =
        StorageMap<_, Twox64Concat, T::AccountId, StakingLedger<T>, OptionQuery>;

    /// Validator candidates and their delegation totals and commission. The self-bond is the
    /// candidate's [`Ledger`] active bond.
    #[pallet::storage]
    pub type Candidates<T: Config> =
        StorageMap<_, Twox64Concat, T::AccountId, CandidateInfo<BalanceOf<T>>, OptionQuery>;

    /// The keys of [`Candidates`], sorted by account id; what the election iterates.
    #[pallet::storage]
    pub type CandidateList<T: Config> =
        StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

    /// The delegations each candidate received, largest first: at most
    /// [`Config::MaxDelegatorsPerCandidate`], the smallest evicted by a larger newcomer.
    #[pallet::storage]
    pub type CandidateDelegations<T: Config> =
        StorageMap<_, Twox64Concat, T::AccountId, DelegationsOf<T>, ValueQuery>;

    /// Per delegator: the total it delegated and to whom.
    #[pallet::storage]
    pub type Delegators<T: Config> =
        StorageMap<_, Twox64Concat, T::AccountId, DelegatorInfo<T>, OptionQuery>;

    /// The validator set most recently elected (returned to `pallet-session`), sorted by account
    /// id. It becomes active one session after it is elected; the set validating right now is
    /// `pallet_session::Validators`.
    #[pallet::storage]
    pub type SelectedValidators<T: Config> =
        StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

    /// The validator set elected before [`SelectedValidators`]. The set validating right now is
    /// one of the two (the newest becomes active one session after its election), so
    /// [`Pallet::possible_authors`] is their union.
    #[pallet::storage]
    pub type PreviousValidators<T: Config> =
        StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

    /// Index of the current session, as last reported by `pallet-session`.
    #[pallet::storage]
    pub type CurrentSession<T> = StorageValue<_, SessionIndex, ValueQuery>;

    /// This chain's session length in blocks, fixed at genesis
    /// ([`GenesisConfig::session_length`]); the runtime hands it to `pallet-session` through
    /// [`SessionLengthFromGenesis`].
    #[pallet::storage]
    pub type GenesisSessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

    /// This chain's slash deferral in sessions, fixed at genesis
    /// ([`GenesisConfig::slash_defer_sessions`]); the runtime reads it through
    /// [`SlashDeferDurationFromGenesis`].
    #[pallet::storage]
    pub type GenesisSlashDeferDuration<T: Config> = StorageValue<_, SessionIndex, OptionQuery>;

    /// Offence slashes waiting for their session: `(apply_at, validator) -> slash`. Applied when
    /// session `apply_at` starts, unless [`Pallet::cancel_deferred_slash`] removed them.
    #[pallet::storage]
    pub type UnappliedSlashes<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        SessionIndex,
        Twox64Concat,
        T::AccountId,
        UnappliedSlash<T>,
        OptionQuery,
    >;

    /// The highest slash fraction already decided for a validator's offences in a session:
    /// `(offence_session, validator) -> fraction`. Offences of one session do not add up: a
    /// later, worse one only slashes the difference. Cleared once the session is too old to be
    /// reported ([`Pallet::reportable_sessions`]).
    #[pallet::storage]
    pub type OffenceFractions<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        SessionIndex,
        Twox64Concat,
        T::AccountId,
        Perbill,
        ValueQuery,
    >;

    /// Blocks each validator authored in the current session (the liveness rule); cleared when
    /// the session ends.
    #[pallet::storage]
    pub type AuthoredBlocks<T: Config> =
        StorageMap<_, Twox64Concat, T::AccountId, u32, ValueQuery>;

    /// Validators of the last ended session that authored no block in it: left out of the next
    /// election (see the crate docs, "Liveness").
    #[pallet::storage]
    pub type InactiveValidators<T: Config> =
        StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

    /// Genesis stakers and delegations.
    #[pallet::genesis_config]
    #[derive(DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// `(account, bond, is_candidate)`: bond `bond` from `account`'s genesis balance and, when
        /// `is_candidate`, make it a validator candidate (commission 0, session keys not checked:
        /// `pallet-session` builds its genesis after this pallet).
        pub stakers: Vec<(T::AccountId, BalanceOf<T>, bool)>,
        /// `(delegator, candidate, amount)`: the delegator must be a non-candidate staker above
        /// whose bond covers all its delegations.
        pub delegations: Vec<(T::AccountId, T::AccountId, BalanceOf<T>)>,
        /// Blocks per session on this chain; 0 keeps the runtime's default (see
        /// [`SessionLengthFromGenesis`]).
        pub session_length: BlockNumberFor<T>,
        /// Sessions an offence slash waits (and can be cancelled) on this chain; 0 keeps the
        /// runtime's default (see [`SlashDeferDurationFromGenesis`]). Must stay below
        /// [`Config::BondingDuration`].
        pub slash_defer_sessions: SessionIndex,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            if !self.session_length.is_zero() {
                GenesisSessionLength::<T>::put(self.session_length);
            }
            if self.slash_defer_sessions != 0 {
                assert!(
                    self.slash_defer_sessions < T::BondingDuration::get(),
                    "quarry-staking genesis: slash_defer_sessions ({}) must be shorter than the \
                     bonding duration ({} sessions), or offenders unbond before their slash",
                    self.slash_defer_sessions,
                    T::BondingDuration::get(),
                );
                GenesisSlashDeferDuration::<T>::put(self.slash_defer_sessions);
            }
            for (who, bond, is_candidate) in &self.stakers {
                Pallet::<T>::do_bond(who, *bond).unwrap_or_else(|e| {
                    panic!(
                        "quarry-staking genesis: staker {who:?} cannot bond {bond:?}: {e:?} (is it \
                         listed twice, below MinBond, or not endowed with enough free balance \
                         in the balances genesis?)"
                    )
                });
                if *is_candidate {
                    Pallet::<T>::do_join_candidates(who, Perbill::zero(), false).unwrap_or_else(
                        |e| {
                            panic!(
                                "quarry-staking genesis: staker {who:?} cannot become a \
                                 candidate with bond {bond:?}: {e:?} (MinCandidateBond, \
                                 MaxCandidates)"
                            )
                        },
                    );
                }
            }
            for (delegator, candidate, amount) in &self.delegations {
                Pallet::<T>::do_delegate(delegator, candidate, *amount).unwrap_or_else(|e| {
                    panic!(
                        "quarry-staking genesis: {delegator:?} cannot delegate {amount:?} to \
                         {candidate:?}: {e:?} (the delegator must be a non-candidate staker \
                         with enough bond, the target a candidate, the amount at least \
                         MinDelegation, within the delegation limits)"
                    )
                });
            }
        }
    }

    /// Events of this pallet.
    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// `amount` was bonded by `who` (`bond` or `bond_extra`).
        Bonded {
            who: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// `amount` of `who`'s active bond started unlocking; withdrawable from `unlock_session`.
        Unbonded {
            who: T::AccountId,
            amount: BalanceOf<T>,
            unlock_session: SessionIndex,
        },
        /// Matured unlocking chunks of `who` worth `amount` were released from hold.
        Withdrawn {
            who: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// `candidate` became a validator candidate.
        CandidateJoined {
            candidate: T::AccountId,
            commission: Perbill,
        },
        /// `candidate` stopped being a candidate; `released_delegations` delegations to it were
        /// released (each also reported by an [`Event::Undelegated`]).
        CandidateLeft {
            candidate: T::AccountId,
            released_delegations: u32,
        },
        /// `candidate` changed its commission; a cut is in force at once.
        CommissionSet {
            candidate: T::AccountId,
            commission: Perbill,
        },
        /// `candidate` raised its commission; the raise is in force from `from_session`.
        CommissionRaiseScheduled {
            candidate: T::AccountId,
            commission: Perbill,
            from_session: SessionIndex,
        },
        /// `delegator`'s delegation of `amount` to the full `candidate` was evicted by a larger
        /// one; the amount started unbonding (`unbonded`) or, when no unlocking chunk was free,
        /// stays bonded uncommitted.
        DelegationEvicted {
            delegator: T::AccountId,
            candidate: T::AccountId,
            amount: BalanceOf<T>,
            unbonded: bool,
        },
        /// `candidate` had the smallest backing of a full candidate list and was evicted by a
        /// larger newcomer; its delegations were released and its self-bond started unbonding.
        CandidateEvicted {
            candidate: T::AccountId,
            backing: BalanceOf<T>,
        },
        /// `delegator` delegated `amount` more to `candidate`.
        Delegated {
            delegator: T::AccountId,
            candidate: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// `amount` of `delegator`'s delegation to `candidate` was withdrawn (by the delegator or
        /// because the candidate left). The funds stay bonded.
        Undelegated {
            delegator: T::AccountId,
            candidate: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// `amount` of `who`'s bond was slashed.
        Slashed {
            who: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// Part of a slash of `delegator` was taken from its delegation to `candidate`.
        DelegationSlashed {
            delegator: T::AccountId,
            candidate: T::AccountId,
            amount: BalanceOf<T>,
        },
        /// A new validator set was elected for session `session` (sorted by account id).
        NewValidatorSet {
            session: SessionIndex,
            validators: Vec<T::AccountId>,
        },
        /// Only `eligible` candidates qualified for session `session`, fewer than
        /// [`Config::MinValidators`]: the previous validator set is kept.
        NotEnoughCandidates {
            session: SessionIndex,
            eligible: u32,
        },
        /// An offence of `validator` in `offence_session` was reported: `fraction` of its
        /// exposure (own bond and delegations) will be slashed when session `apply_at` starts.
        SlashDeferred {
            validator: T::AccountId,
            offence_session: SessionIndex,
            fraction: Perbill,
            apply_at: SessionIndex,
        },
        /// A deferred slash of `validator` was applied: `slashed` in total (validator and
        /// delegators), `to_reporters` of it paid to the reporters.
        SlashApplied {
            validator: T::AccountId,
            slashed: BalanceOf<T>,
            to_reporters: BalanceOf<T>,
        },
        /// The slash of `validator` due in session `apply_at` was cancelled.
        SlashCancelled {
            validator: T::AccountId,
            apply_at: SessionIndex,
        },
        /// An offence of session `offence_session` arrived too late to be slashed: its
        /// offenders may have withdrawn their bond by the time a slash would apply.
        OffenceTooOld {
            offence_session: SessionIndex,
        },
        /// These validators of session `session` authored no block in it and are left out of
        /// the next election.
        InactiveValidatorsFound {
            session: SessionIndex,
            validators: Vec<T::AccountId>,
        },
    }

    /// Errors of this pallet.
    #[pallet::error]
    pub enum Error<T> {
        /// The account already has a ledger; use `bond_extra`.
        AlreadyBonded,
        /// The account has no ledger; use `bond` first.
        NotBonded,
        /// The amount is zero.
        ZeroAmount,
        /// The resulting active bond would be below [`Config::MinBond`].
        BondBelowMin,
        /// There is no active bond to unbond.
        NothingToUnbond,
        /// All [`Config::MaxUnlockingChunks`] unlocking chunks are in use; withdraw matured ones
        /// first or wait.
        NoMoreChunks,
        /// No unlocking chunk has matured yet.
        NothingToWithdraw,
        /// Unbonding would leave less active bond than is delegated; undelegate first.
        BondCommitted,
        /// The candidate's self-bond would be (or is) below [`Config::MinCandidateBond`]; leave
        /// the candidates first to unbond more.
        CandidateBondBelowMin,
        /// The account is already a candidate.
        AlreadyCandidate,
        /// The account is not a candidate.
        NotCandidate,
        /// [`Config::MaxCandidates`] candidates already exist and the self-bond is not larger than
        /// the smallest candidate's backing.
        TooManyCandidates,
        /// The account has no session keys registered; call `session.set_keys` first.
        SessionKeysNotRegistered,
        /// A delegator cannot become a candidate; undelegate everything first.
        DelegatorCannotBeCandidate,
        /// A candidate cannot delegate.
        CandidateCannotDelegate,
        /// The delegator's active bond not yet delegated is smaller than the amount.
        InsufficientBond,
        /// The delegation (or what would remain of it) is below [`Config::MinDelegation`].
        DelegationBelowMin,
        /// The delegator already delegates to [`Config::MaxDelegationsPerDelegator`] candidates.
        TooManyDelegations,
        /// The candidate already has [`Config::MaxDelegatorsPerCandidate`] delegators and the
        /// delegation is not larger than its smallest one.
        TooManyDelegators,
        /// The account does not delegate to this candidate.
        NoSuchDelegation,
        /// The amount is larger than the delegation.
        InsufficientDelegation,
        /// The commission is above [`Config::MaxCommission`].
        CommissionTooHigh,
        /// No deferred slash of this validator is due in that session.
        NoSuchSlash,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn integrity_test() {
            assert!(
                T::BondingDuration::get() > 0,
                "BondingDuration must be at least 1 session"
            );
            assert!(
                T::MaxUnlockingChunks::get() > 0,
                "MaxUnlockingChunks must be at least 1"
            );
            assert!(!T::MinBond::get().is_zero(), "MinBond must be non-zero");
            assert!(
                T::MinCandidateBond::get() >= T::MinBond::get(),
                "MinCandidateBond must be at least MinBond"
            );
            assert!(
                T::MinDelegation::get() >= T::MinBond::get(),
                "MinDelegation must be at least MinBond"
            );
            assert!(
                T::MinValidators::get() >= 1,
                "MinValidators must be at least 1"
            );
            assert!(
                T::MinValidators::get() <= T::MaxValidators::get(),
                "MinValidators must not exceed MaxValidators"
            );
            assert!(
                T::MaxValidators::get() <= T::MaxCandidates::get(),
                "MaxValidators must not exceed MaxCandidates"
            );
            assert!(
                T::MaxDelegationsPerDelegator::get() > 0,
                "MaxDelegationsPerDelegator must be at least 1"
            );
            assert!(
                T::MaxDelegatorsPerCandidate::get() > 0,
                "MaxDelegatorsPerCandidate must be at least 1"
            );
            assert!(
                T::CommissionRaiseDelay::get() >= 1,
                "CommissionRaiseDelay must be at least 1 session"
            );
            assert!(
                T::SlashDeferDuration::get() < T::BondingDuration::get(),
                "SlashDeferDuration must be shorter than BondingDuration, or offenders unbond \
                 before their slash"
            );
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
            Self::do_try_state()
        }
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Bond `value` of the caller's free balance (placed on hold), creating its ledger.
        ///
        /// Fails if the caller is already bonded or `value` is below [`Config::MinBond`].
        ///
        /// Emits [`Event::Bonded`].
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::bond())]
        pub fn bond(
            origin: OriginFor<T>,
            #[pallet::compact] value: BalanceOf<T>,
        ) -> DispatchResult {
            let who = ensure_signed(origin)?;
            Self::do_bond(&who, value)
        }

        /// Add `value` of the caller's free balance to its active bond.
        ///
        /// For a candidate this raises its self-bond. Emits [`Event::Bonded`].
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::bond_extra())]
        pub fn bond_extra(
            origin: OriginFor<T>,
            #[pallet::compact] value: BalanceOf<T>,
        ) -> DispatchResult {
            let who = ensure_signed(origin)?;
            Self::do_bond_extra(&who, value)
        }

        /// Start unbonding `value` (at most the whole active bond) of the caller's active bond.
        ///
        /// The funds move into an unlocking chunk withdrawable [`Config::BondingDuration`]
        /// sessions from now (merged into the last chunk when that matures in the same session).
        /// A candidate cannot go below [`Config::MinCandidateBond`], a delegator not below the
        /// sum of its delegations. If nothing is committed and less than [`Config::MinBond`]
        /// would remain active, the whole active bond is unbonded.
        ///
        /// Emits [`Event::Unbonded`].
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::unbond())]
        pub fn unbond(
            origin: OriginFor<T>,
            #[pallet::compact] value: BalanceOf<T>,
        ) -> DispatchResult {
            let who = ensure_signed(origin)?;
            Self::do_unbond(&who, value)
        }

        /// Release every matured unlocking chunk of the caller from hold. The ledger is removed
        /// when nothing stays bonded.
        ///
        /// Emits [`Event::Withdrawn`].
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::withdraw_unbonded())]
        pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
            let who = ensure_signed(origin)?;
            Self::do_withdraw_unbonded(&who)
        }

        /// Become a validator candidate with `commission`.
        ///
        /// The caller's active bond (its self-bond) must be at least
        /// [`Config::MinCandidateBond`], it must have session keys registered, and it must not be
        /// a delegator, and `commission` at most [`Config::MaxCommission`]. Takes effect at the
        /// next election. When [`Config::MaxCandidates`] candidates exist, the one with the
        /// smallest backing is evicted if the caller's self-bond is larger (its self-bond starts
        /// unbonding, its delegations are released).
        ///
        /// Emits [`Event::CandidateJoined`] (and [`Event::CandidateEvicted`]).
        #[pallet::call_index(4)]
        #[pallet::weight(T::WeightInfo::join_candidates(T::MaxCandidates::get()))]
        pub fn join_candidates(
            origin: OriginFor<T>,
            commission: Perbill,
        ) -> DispatchResultWithPostInfo {
            let who = ensure_signed(origin)?;
            let candidates_before = Self::do_join_candidates(&who, commission, true)?;
            Ok(Some(T::WeightInfo::join_candidates(candidates_before)).into())
        }

        /// Stop being a validator candidate. All delegations to the caller are released (the
        /// delegators' funds stay bonded, uncommitted). The bond stays bonded; unbond it
        /// separately. A validator in the current set keeps validating until the next election
        /// takes effect.
        ///
        /// Emits [`Event::Undelegated`] per released delegation and [`Event::CandidateLeft`].
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::leave_candidates(
            T::MaxCandidates::get(),
            T::MaxDelegatorsPerCandidate::get(),
        ))]
        pub fn leave_candidates(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
            let who = ensure_signed(origin)?;
            let (candidates, delegators) = Self::do_leave_candidates(&who)?;
            Ok(Some(T::WeightInfo::leave_candidates(candidates, delegators)).into())
        }

        /// Set the caller's commission, at most [`Config::MaxCommission`].
        ///
        /// A cut (or no change) is in force at once and cancels a scheduled raise. A raise is in
        /// force from [`Config::CommissionRaiseDelay`] sessions later, so delegators can leave
        /// before any epoch is paid at the higher rate; a later call replaces it.
        ///
        /// Emits [`Event::CommissionSet`] or [`Event::CommissionRaiseScheduled`].
        #[pallet::call_index(6)]
        #[pallet::weight(T::WeightInfo::set_commission())]
        pub fn set_commission(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
            let who = ensure_signed(origin)?;
            ensure!(
                commission <= T::MaxCommission::get(),
                Error::<T>::CommissionTooHigh
            );
            let session = CurrentSession::<T>::get();
            let event = Candidates::<T>::try_mutate(&who, |maybe_info| {
                let info = maybe_info.as_mut().ok_or(Error::<T>::NotCandidate)?;
                info.commission = info.commission_at(session);
                if commission <= info.commission {
                    info.commission = commission;
                    info.raise = None;
                    Ok::<_, Error<T>>(Event::CommissionSet {
                        candidate: who.clone(),
                        commission,
                    })
                } else {
                    let from_session = session.saturating_add(T::CommissionRaiseDelay::get());
                    info.raise = Some(CommissionRaise {
                        commission,
                        from_session,
                    });
                    Ok(Event::CommissionRaiseScheduled {
                        candidate: who.clone(),
                        commission,
                        from_session,
                    })
                }
            })?;
            Self::deposit_event(event);
            Ok(())
        }

        /// Delegate `amount` of the caller's active bond to `candidate` (adding to an existing
        /// delegation). The caller must be bonded, not a candidate, and have `amount` of active
        /// bond not yet delegated. The resulting delegation must be at least
        /// [`Config::MinDelegation`]. A candidate with [`Config::MaxDelegatorsPerCandidate`]
        /// delegators accepts a new delegator only if its delegation is larger than the smallest
        /// one, which is evicted (its amount starts unbonding).
        ///
        /// Emits [`Event::Delegated`] (and [`Event::DelegationEvicted`]).
        #[pallet::call_index(7)]
        #[pallet::weight(T::WeightInfo::delegate())]
        pub fn delegate(
            origin: OriginFor<T>,
            candidate: AccountIdLookupOf<T>,
            #[pallet::compact] amount: BalanceOf<T>,
        ) -> DispatchResult {
            let who = ensure_signed(origin)?;
            let candidate = T::Lookup::lookup(candidate)?;
            Self::do_delegate(&who, &candidate, amount)
        }

        /// Withdraw `amount` of the caller's delegation to `candidate`. What remains must be zero
        /// or at least [`Config::MinDelegation`]. The funds stay bonded; unbond them separately.
        ///
        /// Emits [`Event::Undelegated`].
        #[pallet::call_index(8)]
        #[pallet::weight(T::WeightInfo::undelegate())]
        pub fn undelegate(
            origin: OriginFor<T>,
            candidate: AccountIdLookupOf<T>,
            #[pallet::compact] amount: BalanceOf<T>,
        ) -> DispatchResult {
            let who = ensure_signed(origin)?;
            let candidate = T::Lookup::lookup(candidate)?;
            Self::do_undelegate(&who, &candidate, amount)
        }

        /// Cancel the offence slash of `validator` due when session `apply_at` starts (a wrong
        /// report, a bug in a client that made honest validators equivocate). Only
        /// [`Config::AdminOrigin`]. The offender stays disabled for the session it was disabled
        /// in.
        ///
        /// Emits [`Event::SlashCancelled`].
        #[pallet::call_index(9)]
        #[pallet::weight(T::WeightInfo::cancel_deferred_slash())]
        pub fn cancel_deferred_slash(
            origin: OriginFor<T>,
            apply_at: SessionIndex,
            validator: T::AccountId,
        ) -> DispatchResult {
            T::AdminOrigin::ensure_origin(origin)?;
            UnappliedSlashes::<T>::take(apply_at, &validator).ok_or(Error::<T>::NoSuchSlash)?;
            Self::deposit_event(Event::SlashCancelled { validator, apply_at });
            Ok(())
        }
    }
}

impl<T: Config> Pallet<T> {
    fn hold_reason() -> <T::Currency as fungible::hold::Inspect<T::AccountId>>::Reason {
        HoldReason::Staking.into()
    }

    /// The active bond of `who` (zero when not bonded).
    pub fn active_bond(who: &T::AccountId) -> BalanceOf<T> {
        Ledger::<T>::get(who).map(|l| l.active).unwrap_or_default()
    }

    /// Whether `who` is a validator candidate.
    pub fn is_candidate(who: &T::AccountId) -> bool {
        Candidates::<T>::contains_key(who)
    }

    /// The commission of candidate `who` in force now (a due raise included), `None` when it is
    /// not a candidate.
    pub fn commission_of(who: &T::AccountId) -> Option<Perbill> {
        Candidates::<T>::get(who).map(|info| info.commission_at(CurrentSession::<T>::get()))
    }

    /// The delegation of `delegator` to `candidate`, if any.
    pub fn delegation(candidate: &T::AccountId, delegator: &T::AccountId) -> Option<BalanceOf<T>> {
        CandidateDelegations::<T>::get(candidate)
            .iter()
            .find(|d| &d.delegator == delegator)
            .map(|d| d.amount)
    }

    /// What backs candidate `who` now (see [`Exposure`]), `None` when it is not a candidate.
    pub fn exposure_of(who: &T::AccountId) -> Option<Exposure<T>> {
        let info = Candidates::<T>::get(who)?;
        let own = Self::active_bond(who);
        Some(Exposure {
            own,
            total: own.saturating_add(info.delegated),
            commission: info.commission_at(CurrentSession::<T>::get()),
            others: CandidateDelegations::<T>::get(who),
        })
    }

    /// Every account that may author blocks until the next election takes effect: the union of
    /// [`SelectedValidators`] and [`PreviousValidators`] (at most `2 * MaxValidators`).
    pub fn possible_authors() -> Vec<T::AccountId> {
        let mut authors: Vec<T::AccountId> = SelectedValidators::<T>::get().into_inner();
        for previous in PreviousValidators::<T>::get() {
            if !authors.contains(&previous) {
                authors.push(previous);
            }
        }
        authors
    }

    /// Set `delegator`'s delegation to `candidate` to `amount` (removing it at zero), keeping the
    /// candidate's list sorted, largest first. The caller keeps [`CandidateInfo`] and
    /// [`Delegators`] in step and has checked that a new entry fits.
    fn set_delegation(candidate: &T::AccountId, delegator: &T::AccountId, amount: BalanceOf<T>) {
        CandidateDelegations::<T>::mutate(candidate, |list| {
            list.retain(|d| &d.delegator != delegator);
            if amount.is_zero() {
                return;
            }
            // After every delegation at least as large: equal amounts keep the older first.
            let position = list.iter().position(|d| d.amount < amount).unwrap_or(list.len());
            if list
                .try_insert(
                    position,
                    Delegation {
                        delegator: delegator.clone(),
                        amount,
                    },
                )
                .is_err()
            {
                defensive!("a delegation was added to a full candidate");
            }
        });
    }

    /// Self-bond plus received delegations of candidate `who`, `None` when it is not a candidate.
    pub fn backing_of(who: &T::AccountId) -> Option<BalanceOf<T>> {
        let info = Candidates::<T>::get(who)?;
        Some(Self::active_bond(who).saturating_add(info.delegated))
    }

    /// The delegations `(delegator, amount)` received by `candidate` (at most
    /// [`Config::MaxDelegatorsPerCandidate`] entries), largest first.
    pub fn delegations_to(candidate: &T::AccountId) -> Vec<(T::AccountId, BalanceOf<T>)> {
        CandidateDelegations::<T>::get(candidate)
            .into_iter()
            .map(|d| (d.delegator, d.amount))
            .collect()
    }

    /// Write `ledger` for `who`, or remove it when nothing is bonded and `who` is neither a
    /// candidate nor a delegator.
    fn update_ledger(who: &T::AccountId, ledger: StakingLedger<T>) {
        if ledger.is_empty()
            && !Candidates::<T>::contains_key(who)
            && !Delegators::<T>::contains_key(who)
        {
            Ledger::<T>::remove(who);
        } else {
            Ledger::<T>::insert(who, ledger);
        }
    }

    pub(crate) fn do_bond(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
        ensure!(!Ledger::<T>::contains_key(who), Error::<T>::AlreadyBonded);
        ensure!(value >= T::MinBond::get(), Error::<T>::BondBelowMin);
        T::Currency::hold(&Self::hold_reason(), who, value)?;
        Ledger::<T>::insert(
            who,
            StakingLedger {
                active: value,
                unlocking: Default::default(),
            },
        );
        Self::deposit_event(Event::Bonded {
            who: who.clone(),
            amount: value,
        });
        Ok(())
    }

    pub(crate) fn do_bond_extra(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
        ensure!(!value.is_zero(), Error::<T>::ZeroAmount);
        let mut ledger = Ledger::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
        let active = ledger
            .active
            .checked_add(&value)
            .ok_or(ArithmeticError::Overflow)?;
        ensure!(active >= T::MinBond::get(), Error::<T>::BondBelowMin);
        T::Currency::hold(&Self::hold_reason(), who, value)?;
        ledger.active = active;
        Ledger::<T>::insert(who, ledger);
        Self::deposit_event(Event::Bonded {
            who: who.clone(),
            amount: value,
        });
        Ok(())
    }

    pub(crate) fn do_unbond(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
        ensure!(!value.is_zero(), Error::<T>::ZeroAmount);
        let mut ledger = Ledger::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
        ensure!(!ledger.active.is_zero(), Error::<T>::NothingToUnbond);
        let mut value = value.min(ledger.active);
        let remaining = ledger.active.saturating_sub(value);

        if Candidates::<T>::contains_key(who) {
            ensure!(
                remaining >= T::MinCandidateBond::get(),
                Error::<T>::CandidateBondBelowMin
            );
        } else {
            let delegated = Delegators::<T>::get(who)
                .map(|d| d.total)
                .unwrap_or_default();
            ensure!(remaining >= delegated, Error::<T>::BondCommitted);
            if delegated.is_zero() && !remaining.is_zero() && remaining < T::MinBond::get() {
                // Do not leave dust bonded.
                value = ledger.active;
            }
        }

        let unlock_session = CurrentSession::<T>::get().saturating_add(T::BondingDuration::get());
        match ledger.unlocking.last_mut() {
            Some(last) if last.unlock_session == unlock_session => {
                last.value = last.value.saturating_add(value)
            }
            _ => ledger
                .unlocking
                .try_push(UnlockChunk {
                    value,
                    unlock_session,
                })
                .map_err(|_| Error::<T>::NoMoreChunks)?,
        }
        ledger.active = ledger.active.saturating_sub(value);
        Ledger::<T>::insert(who, ledger);
        Self::deposit_event(Event::Unbonded {
            who: who.clone(),
            amount: value,
            unlock_session,
        });
        Ok(())
    }

    pub(crate) fn do_withdraw_unbonded(who: &T::AccountId) -> DispatchResult {
        let mut ledger = Ledger::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
        let now = CurrentSession::<T>::get();
        let mut matured = BalanceOf::<T>::zero();
        ledger.unlocking.retain(|chunk| {
            if chunk.unlock_session <= now {
                matured = matured.saturating_add(chunk.value);
                false
            } else {
                true
            }
        });
        ensure!(!matured.is_zero(), Error::<T>::NothingToWithdraw);
        T::Currency::release(&Self::hold_reason(), who, matured, Precision::Exact)?;
        Self::update_ledger(who, ledger);
        Self::deposit_event(Event::Withdrawn {
            who: who.clone(),
            amount: matured,
        });
        Ok(())
    }

    /// Make `who` a candidate; returns the number of candidates before it joined.
    pub(crate) fn do_join_candidates(
        who: &T::AccountId,
        commission: Perbill,
        check_keys: bool,
    ) -> Result<u32, DispatchError> {
        ensure!(
            !Candidates::<T>::contains_key(who),
            Error::<T>::AlreadyCandidate
        );
        ensure!(
            !Delegators::<T>::contains_key(who),
            Error::<T>::DelegatorCannotBeCandidate
        );
        let ledger = Ledger::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
        ensure!(
            ledger.active >= T::MinCandidateBond::get(),
            Error::<T>::CandidateBondBelowMin
        );
        if check_keys {
            ensure!(
                T::ValidatorRegistration::is_registered(who),
                Error::<T>::SessionKeysNotRegistered
            );
        }
        ensure!(
            commission <= T::MaxCommission::get(),
            Error::<T>::CommissionTooHigh
        );
        let candidates = CandidateList::<T>::get();
        let count = candidates.len() as u32;
        if count >= T::MaxCandidates::get() {
            // Full: the newcomer must out-back the smallest candidate, which makes room.
            let (smallest, backing) = candidates
                .into_iter()
                .map(|c| {
                    let backing = Self::backing_of(&c).unwrap_or_default();
                    (c, backing)
                })
                .min_by(|(a, a_backing), (b, b_backing)| {
                    a_backing.cmp(b_backing).then_with(|| b.cmp(a))
                })
                .ok_or(Error::<T>::TooManyCandidates)?;
            ensure!(ledger.active > backing, Error::<T>::TooManyCandidates);
            Self::do_leave_candidates(&smallest)?;
            let self_bond = Self::active_bond(&smallest);
            if !self_bond.is_zero() {
                // Unbonding normally; with no unlocking chunk free the bond stays, uncommitted.
                let _ = Self::do_unbond(&smallest, self_bond);
            }
            Self::deposit_event(Event::CandidateEvicted {
                candidate: smallest,
                backing,
            });
        }
        let mut list = CandidateList::<T>::get();
        let position = list
            .binary_search(who)
            .err()
            .ok_or(Error::<T>::AlreadyCandidate)?;
        list.try_insert(position, who.clone())
            .map_err(|_| Error::<T>::TooManyCandidates)?;
        CandidateList::<T>::put(list);
        Candidates::<T>::insert(
            who,
            CandidateInfo {
                delegated: Zero::zero(),
                delegators: 0,
                commission,
                raise: None,
            },
        );
        Self::deposit_event(Event::CandidateJoined {
            candidate: who.clone(),
            commission,
        });
        Ok(count)
    }

    /// Remove candidate `who`, releasing its delegations; returns the number of candidates before
    /// and the number of delegations released.
    pub(crate) fn do_leave_candidates(who: &T::AccountId) -> Result<(u32, u32), DispatchError> {
        Candidates::<T>::take(who).ok_or(Error::<T>::NotCandidate)?;
        let mut list = CandidateList::<T>::get();
        let candidates = list.len() as u32;
        if let Ok(position) = list.binary_search(who) {
            list.remove(position);
        } else {
            defensive!("candidate missing from CandidateList");
        }
        CandidateList::<T>::put(list);

        let mut released = 0u32;
        for Delegation { delegator, amount } in CandidateDelegations::<T>::take(who) {
            released.saturating_inc();
            Delegators::<T>::mutate_exists(&delegator, |maybe_state| {
                if let Some(state) = maybe_state {
                    state.total = state.total.saturating_sub(amount);
                    state.candidates.retain(|c| c != who);
                    if state.candidates.is_empty() {
                        *maybe_state = None;
                    }
                }
            });
            Self::deposit_event(Event::Undelegated {
                delegator,
                candidate: who.clone(),
                amount,
            });
        }
        if let Some(ledger) = Ledger::<T>::get(who) {
            // A fully slashed candidate keeps an empty ledger until it leaves.
            Self::update_ledger(who, ledger);
        }
        Self::deposit_event(Event::CandidateLeft {
            candidate: who.clone(),
            released_delegations: released,
        });
        Ok((candidates, released))
    }

    pub(crate) fn do_delegate(
        delegator: &T::AccountId,
        candidate: &T::AccountId,
        amount: BalanceOf<T>,
    ) -> DispatchResult {
        ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
        ensure!(
            !Candidates::<T>::contains_key(delegator),
            Error::<T>::CandidateCannotDelegate
        );
        let mut info = Candidates::<T>::get(candidate).ok_or(Error::<T>::NotCandidate)?;
        let ledger = Ledger::<T>::get(delegator).ok_or(Error::<T>::NotBonded)?;
        let mut state = Delegators::<T>::get(delegator).unwrap_or_default();

        let total = state
            .total
            .checked_add(&amount)
            .ok_or(ArithmeticError::Overflow)?;
        ensure!(total <= ledger.active, Error::<T>::InsufficientBond);
        let existing = Self::delegation(candidate, delegator);
        let delegation = existing
            .unwrap_or_default()
            .checked_add(&amount)
            .ok_or(ArithmeticError::Overflow)?;
        ensure!(
            delegation >= T::MinDelegation::get(),
            Error::<T>::DelegationBelowMin
        );
        let mut evicted = None;
        if existing.is_none() {
            state
                .candidates
                .try_push(candidate.clone())
                .map_err(|_| Error::<T>::TooManyDelegations)?;
            if info.delegators >= T::MaxDelegatorsPerCandidate::get() {
                let smallest = CandidateDelegations::<T>::get(candidate)
                    .last()
                    .cloned()
                    .ok_or(Error::<T>::TooManyDelegators)?;
                ensure!(
                    delegation > smallest.amount,
                    Error::<T>::TooManyDelegators
                );
                info.delegated = info.delegated.saturating_sub(smallest.amount);
                info.delegators.saturating_dec();
                evicted = Some(smallest);
            }
            info.delegators.saturating_inc();
        }
        info.delegated = info.delegated.saturating_add(amount);
        state.total = total;

        if let Some(smallest) = &evicted {
            Self::set_delegation(candidate, &smallest.delegator, Zero::zero());
        }
        Self::set_delegation(candidate, delegator, delegation);
        Candidates::<T>::insert(candidate, info);
        Delegators::<T>::insert(delegator, state);
        if let Some(Delegation { delegator: evicted, amount }) = evicted {
            Self::release_evicted_delegation(&evicted, candidate, amount);
        }
        Self::deposit_event(Event::Delegated {
            delegator: delegator.clone(),
            candidate: candidate.clone(),
            amount,
        });
        Ok(())
    }

    pub(crate) fn do_undelegate(
        delegator: &T::AccountId,
        candidate: &T::AccountId,
        amount: BalanceOf<T>,
    ) -> DispatchResult {
        ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
        let current =
            Self::delegation(candidate, delegator).ok_or(Error::<T>::NoSuchDelegation)?;
        ensure!(amount <= current, Error::<T>::InsufficientDelegation);
        let remaining = current.saturating_sub(amount);
        ensure!(
            remaining.is_zero() || remaining >= T::MinDelegation::get(),
            Error::<T>::DelegationBelowMin
        );
        let mut state = Delegators::<T>::get(delegator).ok_or(Error::<T>::NoSuchDelegation)?;
        let mut info = Candidates::<T>::get(candidate).ok_or(Error::<T>::NotCandidate)?;

        state.total = state.total.saturating_sub(amount);
        info.delegated = info.delegated.saturating_sub(amount);
        if remaining.is_zero() {
            state.candidates.retain(|c| c != candidate);
            info.delegators.saturating_dec();
        }
        Self::set_delegation(candidate, delegator, remaining);
        Candidates::<T>::insert(candidate, info);
        if state.candidates.is_empty() {
            Delegators::<T>::remove(delegator);
        } else {
            Delegators::<T>::insert(delegator, state);
        }
        Self::deposit_event(Event::Undelegated {
            delegator: delegator.clone(),
            candidate: candidate.clone(),
            amount,
        });
        Ok(())
    }

    /// A delegation of `delegator` to `candidate` worth `amount` was evicted (already removed
    /// from the candidate): uncommit it and start unbonding it.
    fn release_evicted_delegation(
        delegator: &T::AccountId,
        candidate: &T::AccountId,
        amount: BalanceOf<T>,
    ) {
        Delegators::<T>::mutate_exists(delegator, |maybe_state| {
            if let Some(state) = maybe_state {
                state.total = state.total.saturating_sub(amount);
                state.candidates.retain(|c| c != candidate);
                if state.candidates.is_empty() {
                    *maybe_state = None;
                }
            }
        });
        // With no unlocking chunk free the amount stays bonded, uncommitted.
        let unbonded = Self::do_unbond(delegator, amount).is_ok();
        Self::deposit_event(Event::DelegationEvicted {
            delegator: delegator.clone(),
            candidate: candidate.clone(),
            amount,
            unbonded,
        });
    }

    /// Slash up to `amount` of `who`'s ledger in the documented order and hand the funds to
    /// [`Config::OnSlash`]. Returns what was slashed.
    pub(crate) fn do_slash(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
        let credit = Self::slash_ledger(who, amount);
        let slashed = credit.peek();
        T::OnSlash::on_unbalanced(credit);
        slashed
    }

    /// Take up to `amount` of `who`'s ledger in the documented order; returns the funds taken.
    pub(crate) fn slash_ledger(who: &T::AccountId, amount: BalanceOf<T>) -> CreditOf<T> {
        let Some(mut ledger) = Ledger::<T>::get(who) else {
            return CreditOf::<T>::zero();
        };
        let amount = amount.min(ledger.total());
        if amount.is_zero() {
            return CreditOf::<T>::zero();
        }
        let (credit, _missing) = <T::Currency as fungible::hold::Balanced<T::AccountId>>::slash(
            &Self::hold_reason(),
            who,
            amount,
        );
        let slashed = credit.peek();
        if slashed < amount {
            defensive!("less held than the staking ledger says");
        }

        let mut left = slashed;
        // 1. active bond not committed to delegations (a candidate's whole self-bond).
        let delegated = Delegators::<T>::get(who)
            .map(|d| d.total)
            .unwrap_or_default();
        let free_active = ledger.active.saturating_sub(delegated);
        let take = left.min(free_active);
        ledger.active = ledger.active.saturating_sub(take);
        left = left.saturating_sub(take);
        // 2. unlocking chunks, the one maturing last first.
        while !left.is_zero() {
            let Some(chunk) = ledger.unlocking.last_mut() else {
                break;
            };
            let take = left.min(chunk.value);
            chunk.value = chunk.value.saturating_sub(take);
            left = left.saturating_sub(take);
            if chunk.value.is_zero() {
                ledger.unlocking.pop();
            }
        }
        // 3. delegations, proportionally.
        if !left.is_zero() {
            let taken = Self::slash_delegations(who, left);
            ledger.active = ledger.active.saturating_sub(taken);
            left = left.saturating_sub(taken);
        }
        if !left.is_zero() {
            defensive!("slash exceeded the staking ledger");
            ledger.active = ledger.active.saturating_sub(left);
        }
        Self::update_ledger(who, ledger);

        Self::deposit_event(Event::Slashed {
            who: who.clone(),
            amount: slashed,
        });
        credit
    }

    /// Reduce the delegations of `delegator` by `amount` in total, proportionally to their sizes;
    /// returns the amount actually taken (at most the delegated total).
    fn slash_delegations(delegator: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
        let Some(mut state) = Delegators::<T>::get(delegator) else {
            return Zero::zero();
        };
        let amount = amount.min(state.total);
        if amount.is_zero() {
            return Zero::zero();
        }
        let total = state.total;
        let mut cuts: Vec<(T::AccountId, BalanceOf<T>, BalanceOf<T>)> = state
            .candidates
            .iter()
            .map(|candidate| {
                let delegation = Self::delegation(candidate, delegator).unwrap_or_default();
                (
                    candidate.clone(),
                    delegation,
                    mul_div_floor(delegation, amount, total),
                )
            })
            .collect();
        // Rounding remainder: take it from the delegations in order.
        let mut rest = amount.saturating_sub(
            cuts.iter()
                .fold(Zero::zero(), |acc: BalanceOf<T>, c| acc.saturating_add(c.2)),
        );
        for (_, delegation, cut) in cuts.iter_mut() {
            if rest.is_zero() {
                break;
            }
            let extra = rest.min(delegation.saturating_sub(*cut));
            *cut = cut.saturating_add(extra);
            rest = rest.saturating_sub(extra);
        }

        let mut taken = BalanceOf::<T>::zero();
        for (candidate, delegation, cut) in cuts {
            if cut.is_zero() {
                continue;
            }
            taken = taken.saturating_add(cut);
            let remaining = delegation.saturating_sub(cut);
            Candidates::<T>::mutate(&candidate, |maybe_info| {
                if let Some(info) = maybe_info {
                    info.delegated = info.delegated.saturating_sub(cut);
                    if remaining.is_zero() {
                        info.delegators.saturating_dec();
                    }
                }
            });
            if remaining.is_zero() {
                state.candidates.retain(|c| c != &candidate);
            }
            Self::set_delegation(&candidate, delegator, remaining);
            Self::deposit_event(Event::DelegationSlashed {
                delegator: delegator.clone(),
                candidate,
                amount: cut,
            });
        }
        state.total = state.total.saturating_sub(taken);
        if state.candidates.is_empty() {
            Delegators::<T>::remove(delegator);
        } else {
            Delegators::<T>::insert(delegator, state);
        }
        taken
    }

    /// Elect the validator set for session `session`; see the crate docs.
    pub(crate) fn elect(session: SessionIndex) -> Option<Vec<T::AccountId>> {
        let min_bond = T::MinCandidateBond::get();
        // Validators that authored nothing in the session that just ended sit this one out.
        let inactive = InactiveValidators::<T>::take();
        let mut eligible: Vec<(T::AccountId, BalanceOf<T>)> = CandidateList::<T>::get()
            .into_iter()
            .filter_map(|candidate| {
                if !T::ValidatorRegistration::is_registered(&candidate)
                    || inactive.contains(&candidate)
                {
                    return None;
                }
                let self_bond = Ledger::<T>::get(&candidate)?.active;
                if self_bond < min_bond {
                    return None;
                }
                let info = Candidates::<T>::get(&candidate)?;
                Some((candidate, self_bond.saturating_add(info.delegated)))
            })
            .collect();

        if eligible.len() < T::MinValidators::get().max(1) as usize {
            log::warn!(
                target: LOG_TARGET,
                "session {session}: only {} eligible candidates, keeping the validator set",
                eligible.len(),
            );
            Self::deposit_event(Event::NotEnoughCandidates {
                session,
                eligible: eligible.len() as u32,
            });
            return None;
        }

        // Highest backing first; equal backing: lower account id first.
        eligible.sort_by(|(a, a_backing), (b, b_backing)| {
            b_backing.cmp(a_backing).then_with(|| a.cmp(b))
        });
        eligible.truncate(T::MaxValidators::get() as usize);
        let mut validators: Vec<T::AccountId> = eligible.into_iter().map(|(who, _)| who).collect();
        validators.sort();

        if SelectedValidators::<T>::get().as_slice() == validators.as_slice() {
            return None;
        }
        PreviousValidators::<T>::put(SelectedValidators::<T>::take());
        SelectedValidators::<T>::put(BoundedVec::truncate_from(validators.clone()));
        Self::deposit_event(Event::NewValidatorSet {
            session,
            validators: validators.clone(),
        });
        Some(validators)
    }

    /// Check the pallet's invariants:
    ///
    /// - every ledger's total equals the account's balance on hold for [`HoldReason::Staking`];
    /// - unlocking chunks are ordered by `unlock_session`, strictly increasing, and non-zero;
    /// - only candidates keep empty ledgers;
    /// - [`CandidateList`] is sorted, without duplicates, and has exactly the keys of
    ///   [`Candidates`]; every candidate has a ledger and is not a delegator;
    /// - each candidate's `delegated` and `delegators` match [`Delegations`];
    /// - each delegator's `total` and `candidates` match [`Delegations`], and `total` does not
    ///   exceed its active bond;
    /// - [`SelectedValidators`] is sorted without duplicates.
    #[cfg(any(test, feature = "try-runtime"))]
    pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
        use fungible::hold::Inspect as _;

        for (who, ledger) in Ledger::<T>::iter() {
            ensure!(
                ledger.total() == T::Currency::balance_on_hold(&Self::hold_reason(), &who),
                "ledger total differs from the balance on hold"
            );
            ensure!(
                ledger
                    .unlocking
                    .windows(2)
                    .all(|w| w[0].unlock_session < w[1].unlock_session),
                "unlocking chunks out of order"
            );
            ensure!(
                ledger.unlocking.iter().all(|c| !c.value.is_zero()),
                "empty unlocking chunk"
            );
            ensure!(
                !ledger.is_empty() || Candidates::<T>::contains_key(&who),
                "empty ledger of a non-candidate"
            );
        }

        let list = CandidateList::<T>::get();
        ensure!(
            list.windows(2).all(|w| w[0] < w[1]),
            "CandidateList not sorted or has duplicates"
        );
        ensure!(
            Candidates::<T>::iter_keys().count() == list.len(),
            "CandidateList and Candidates differ"
        );
        for candidate in list.iter() {
            let info = Candidates::<T>::get(candidate).ok_or("listed candidate has no info")?;
            ensure!(
                Ledger::<T>::contains_key(candidate),
                "candidate without ledger"
            );
            ensure!(
                !Delegators::<T>::contains_key(candidate),
                "candidate is also a delegator"
            );
            let delegations = CandidateDelegations::<T>::get(candidate);
            ensure!(
                delegations.windows(2).all(|w| w[0].amount >= w[1].amount),
                "a candidate's delegations are not sorted, largest first"
            );
            let (sum, count) = delegations.iter().fold(
                (BalanceOf::<T>::zero(), 0u32),
                |(sum, count), d| (sum.saturating_add(d.amount), count + 1),
            );
            ensure!(
                info.delegated == sum,
                "candidate delegated total differs from delegations"
            );
            ensure!(
                info.delegators == count,
                "candidate delegator count differs"
            );
            ensure!(
                count <= T::MaxDelegatorsPerCandidate::get(),
                "too many delegators for a candidate"
            );
        }

        for (delegator, state) in Delegators::<T>::iter() {
            ensure!(
                !state.candidates.is_empty(),
                "delegator without delegations"
            );
            let mut sum = BalanceOf::<T>::zero();
            for candidate in state.candidates.iter() {
                ensure!(
                    Candidates::<T>::contains_key(candidate),
                    "delegation to a non-candidate"
                );
                let amount = Self::delegation(candidate, &delegator)
                    .ok_or("delegator lists a delegation that does not exist")?;
                ensure!(!amount.is_zero(), "zero delegation");
                sum = sum.saturating_add(amount);
            }
            ensure!(
                state.total == sum,
                "delegator total differs from its delegations"
            );
            ensure!(
                sum <= Self::active_bond(&delegator),
                "delegations exceed the delegator's active bond"
            );
        }
        for (candidate, delegations) in CandidateDelegations::<T>::iter() {
            ensure!(
                Candidates::<T>::contains_key(&candidate),
                "delegations kept for a non-candidate"
            );
            for d in delegations {
                let listed = Delegators::<T>::get(&d.delegator)
                    .is_some_and(|state| state.candidates.contains(&candidate));
                ensure!(listed, "delegation missing from its delegator's list");
            }
        }

        let selected = SelectedValidators::<T>::get();
        ensure!(
            selected.windows(2).all(|w| w[0] < w[1]),
            "SelectedValidators not sorted or has duplicates"
        );
        Ok(())
    }
}

/// `value * numerator / denominator` rounded down, computed exactly in 128 bits (zero when
/// `denominator` is zero).
fn mul_div_floor<B: AtLeast32BitUnsigned + Copy>(value: B, numerator: B, denominator: B) -> B {
    sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
        value.unique_saturated_into(),
        numerator.unique_saturated_into(),
        denominator.unique_saturated_into(),
        Rounding::Down,
    )
    .map(B::unique_saturated_from)
    .unwrap_or_else(B::zero)
}

impl<T: Config> StakeProvider<T::AccountId, BalanceOf<T>> for Pallet<T> {
    fn bonded(who: &T::AccountId) -> BalanceOf<T> {
        Self::active_bond(who)
    }
}

impl<T: Config> Slash<T::AccountId, BalanceOf<T>> for Pallet<T> {
    fn slash(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
        Self::do_slash(who, amount)
    }

    fn slash_weight() -> Weight {
        T::WeightInfo::slash(T::MaxDelegationsPerDelegator::get())
    }
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
    fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
        Self::elect(new_index)
    }

    fn end_session(end_index: SessionIndex) {
        Self::note_inactive_validators(end_index);
    }

    fn start_session(start_index: SessionIndex) {
        CurrentSession::<T>::put(start_index);
        Self::apply_slashes(start_index);
        Self::forget_old_offences(start_index);
    }
}
