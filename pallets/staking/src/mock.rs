//! Test runtime: frame-system, pallet-balances (holds), this pallet, and pallet-session driven by
//! this pallet's `SessionManager`.

use crate::{self as pallet_quarry_staking, Config, CreditOf};
use frame_support::{
    assert_ok, derive_impl, parameter_types,
    traits::{tokens::imbalance::ResolveTo, ConstU32, ConstU64, Hooks, OnUnbalanced},
};
use sp_runtime::{testing::UintAuthorityId, traits::ConvertInto, BuildStorage, Perbill};

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Balances: pallet_balances,
        // Before Session: session's genesis asks this pallet for the first validator set.
        Staking: pallet_quarry_staking,
        Session: pallet_session,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type AccountStore = System;
    type ExistentialDeposit = ConstU64<1>;
}

/// Session length in blocks.
pub const PERIOD: u64 = 10;

impl pallet_session::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = ConvertInto;
    type ShouldEndSession = pallet_session::PeriodicSessions<ConstU64<PERIOD>, ConstU64<0>>;
    type NextSessionRotation = pallet_session::PeriodicSessions<ConstU64<PERIOD>, ConstU64<0>>;
    type SessionManager = Staking;
    type SessionHandler = pallet_session::TestSessionHandler;
    type Keys = UintAuthorityId;
    type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
    type WeightInfo = ();
    type Currency = Balances;
    type KeyDeposit = ConstU64<0>;
}

parameter_types! {
    pub static MaxValidators: u32 = 3;
    pub static MinValidators: u32 = 2;
    /// When set, slashed funds go to [`TREASURY`]; otherwise they are burned.
    pub static SlashToTreasury: bool = false;
    pub const TreasuryAccount: AccountId = TREASURY;
    pub const MaxCommission: Perbill = Perbill::from_percent(50);
}

/// Account receiving slashes when [`SlashToTreasury`] is set.
pub const TREASURY: AccountId = 999;

/// `OnSlash` of the mock: burn, or `ResolveTo<TreasuryAccount, Balances>` when
/// [`SlashToTreasury`] is set.
pub struct MockOnSlash;
impl OnUnbalanced<CreditOf<Test>> for MockOnSlash {
    fn on_nonzero_unbalanced(credit: CreditOf<Test>) {
        if SlashToTreasury::get() {
            ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(credit);
        } else {
            drop(credit);
        }
    }
}

impl Config for Test {
    type Currency = Balances;
    type OnSlash = MockOnSlash;
    type ValidatorRegistration = Session;
    type BondingDuration = ConstU32<3>;
    type MaxUnlockingChunks = ConstU32<4>;
    type MinBond = ConstU64<10>;
    type MinCandidateBond = ConstU64<100>;
    type MinDelegation = ConstU64<20>;
    type MaxCandidates = ConstU32<6>;
    type MaxValidators = MaxValidators;
    type MinValidators = MinValidators;
    type MaxDelegationsPerDelegator = ConstU32<3>;
    type MaxDelegatorsPerCandidate = ConstU32<4>;
    type MaxCommission = MaxCommission;
    type CommissionRaiseDelay = ConstU32<2>;
    /// One session: offences of the current and the previous session can be slashed
    /// (`BondingDuration - SlashDeferDuration = 2`).
    type SlashDeferDuration = ConstU32<1>;
    type RewardForReporters = ReporterShare;
    type AdminOrigin = frame_system::EnsureRoot<AccountId>;
    type Disabler = MockDisabler;
    type SessionValidators = MockSessionValidators;
    type WeightInfo = ();
}

parameter_types! {
    pub const ReporterShare: Perbill = Perbill::from_percent(10);
    /// Validators disabled so far, with the fraction of their offence.
    pub static Disabled: Vec<(AccountId, Perbill)> = vec![];
    /// When set, the liveness rule sees the session's validators (tests of the rule author
    /// blocks with [`author`]); otherwise it sees none, so the other tests need not author.
    pub static TrackLiveness: bool = false;
}

/// Records disabled validators in [`Disabled`].
pub struct MockDisabler;
impl crate::DisableValidator<AccountId> for MockDisabler {
    fn disable(who: &AccountId, fraction: Perbill) {
        Disabled::mutate(|disabled| disabled.push((*who, fraction)));
    }
}

/// `pallet_session::Validators` when [`TrackLiveness`] is set.
pub struct MockSessionValidators;
impl crate::SessionValidators<AccountId> for MockSessionValidators {
    fn validators() -> Vec<AccountId> {
        if TrackLiveness::get() {
            pallet_session::Validators::<Test>::get()
        } else {
            Vec::new()
        }
    }
}

/// `who` authors a block (what `pallet_authorship` reports in a runtime).
pub fn author(who: AccountId) {
    <Staking as pallet_authorship::EventHandler<AccountId, u64>>::note_author(who);
}

/// Every account from 1 to 40 starts with this balance (see [`ExtBuilder`]).
pub const INITIAL_BALANCE: Balance = 10_000;

/// Builds the test externalities.
///
/// Defaults: accounts 1..=40 endowed with [`INITIAL_BALANCE`]; candidates 1 (bond 1000) and
/// 2 (bond 500), both with session keys; no delegations.
pub struct ExtBuilder {
    stakers: Vec<(AccountId, Balance, bool)>,
    delegations: Vec<(AccountId, AccountId, Balance)>,
    max_validators: u32,
    min_validators: u32,
}

impl Default for ExtBuilder {
    fn default() -> Self {
        Self {
            stakers: vec![(1, 1000, true), (2, 500, true)],
            delegations: vec![],
            max_validators: 3,
            min_validators: 2,
        }
    }
}

impl ExtBuilder {
    /// Replace the genesis stakers.
    pub fn stakers(mut self, stakers: Vec<(AccountId, Balance, bool)>) -> Self {
        self.stakers = stakers;
        self
    }

    /// Set the genesis delegations.
    pub fn delegations(mut self, delegations: Vec<(AccountId, AccountId, Balance)>) -> Self {
        self.delegations = delegations;
        self
    }

    /// Set `MaxValidators` and `MinValidators`.
    pub fn validators(mut self, min: u32, max: u32) -> Self {
        self.min_validators = min;
        self.max_validators = max;
        self
    }

    pub fn build(self) -> sp_io::TestExternalities {
        SlashToTreasury::set(false);
        Disabled::set(vec![]);
        TrackLiveness::set(false);
        MaxValidators::set(self.max_validators);
        MinValidators::set(self.min_validators);
        let mut storage = frame_system::GenesisConfig::<Test>::default()
            .build_storage()
            .unwrap();
        pallet_balances::GenesisConfig::<Test> {
            balances: (1..=40).map(|who| (who, INITIAL_BALANCE)).collect(),
            ..Default::default()
        }
        .assimilate_storage(&mut storage)
        .unwrap();
        pallet_quarry_staking::GenesisConfig::<Test> {
            stakers: self.stakers.clone(),
            delegations: self.delegations,
            session_length: 0,
            slash_defer_sessions: 0,
        }
        .assimilate_storage(&mut storage)
        .unwrap();
        pallet_session::GenesisConfig::<Test> {
            keys: self
                .stakers
                .iter()
                .filter(|(_, _, is_candidate)| *is_candidate)
                .map(|(who, _, _)| (*who, *who, UintAuthorityId(*who)))
                .collect(),
            ..Default::default()
        }
        .assimilate_storage(&mut storage)
        .unwrap();

        let mut ext = sp_io::TestExternalities::new(storage);
        ext.execute_with(|| System::set_block_number(1));
        ext
    }

    /// Build, run `test`, then check the pallet's invariants.
    pub fn build_and_execute(self, test: impl FnOnce()) {
        self.build().execute_with(|| {
            test();
            Staking::do_try_state().expect("try_state after the test");
        });
    }
}

/// Default externalities (used by the benchmark test suite).
#[cfg_attr(not(feature = "runtime-benchmarks"), allow(dead_code))]
pub fn new_test_ext() -> sp_io::TestExternalities {
    ExtBuilder::default().build()
}

/// Register session keys for `who` (required to join the candidates and to be elected).
pub fn set_keys(who: AccountId) {
    assert_ok!(Session::set_keys(
        RuntimeOrigin::signed(who),
        UintAuthorityId(who),
        vec![]
    ));
}

/// Advance to the first block of the next session (running the session pallet's hooks).
pub fn next_session() {
    let target = (System::block_number() / PERIOD + 1) * PERIOD;
    while System::block_number() < target {
        let next = System::block_number() + 1;
        System::set_block_number(next);
        Session::on_initialize(next);
    }
}

/// Advance `n` sessions.
pub fn advance_sessions(n: u32) {
    for _ in 0..n {
        next_session();
    }
}

/// The staking events emitted so far.
pub fn staking_events() -> Vec<pallet_quarry_staking::Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::Staking(event) => Some(event),
            _ => None,
        })
        .collect()
}

/// Balance of `who` on hold for staking.
pub fn held(who: AccountId) -> Balance {
    use frame_support::traits::fungible::InspectHold;
    Balances::balance_on_hold(&crate::HoldReason::Staking.into(), &who)
}

/// Free balance of `who`.
pub fn free(who: AccountId) -> Balance {
    Balances::free_balance(who)
}
