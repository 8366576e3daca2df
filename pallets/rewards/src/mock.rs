//! Test runtime: balances, the real staking (+ session) and mining pallets, and this pallet.
//! Block authors are set by the test ([`set_author`]).

use crate::{self as pallet_quarry_rewards, Config, TierSplit};
use frame_support::{
    assert_ok, derive_impl, parameter_types,
    traits::{ConstU128, ConstU32, ConstU64, FindAuthor, Hooks},
    ConsensusEngineId, PalletId,
};
use quarry_primitives::Solution;
use sp_runtime::{
    testing::UintAuthorityId,
    traits::{ConvertInto, IdentityLookup},
    AccountId32, BuildStorage, Perbill,
};

pub type AccountId = AccountId32;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Balances: pallet_balances,
        Staking: pallet_quarry_staking,
        Session: pallet_session,
        Mining: pallet_quarry_mining,
        Rewards: pallet_quarry_rewards,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountId = AccountId;
    type Lookup = IdentityLookup<AccountId>;
    type AccountData = pallet_balances::AccountData<Balance>;
}

/// Existential deposit of the mock.
pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type Balance = Balance;
    type AccountStore = System;
    type ExistentialDeposit = ConstU128<ED>;
}

impl pallet_session::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = ConvertInto;
    type ShouldEndSession = pallet_session::PeriodicSessions<ConstU64<1000>, ConstU64<0>>;
    type NextSessionRotation = pallet_session::PeriodicSessions<ConstU64<1000>, ConstU64<0>>;
    type SessionManager = Staking;
    type SessionHandler = pallet_session::TestSessionHandler;
    type Keys = UintAuthorityId;
    type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
    type WeightInfo = ();
    type Currency = Balances;
    type KeyDeposit = ConstU128<0>;
}

impl pallet_quarry_staking::Config for Test {
    type Currency = Balances;
    type OnSlash = ();
    type ValidatorRegistration = Session;
    type BondingDuration = ConstU32<3>;
    type MaxUnlockingChunks = ConstU32<4>;
    type MinBond = ConstU128<10>;
    type MinCandidateBond = ConstU128<1_000>;
    type MinDelegation = ConstU128<20>;
    type MaxCandidates = ConstU32<6>;
    type MaxValidators = ConstU32<3>;
    type MinValidators = ConstU32<1>;
    type MaxDelegationsPerDelegator = ConstU32<3>;
    type MaxDelegatorsPerCandidate = ConstU32<4>;
    type MaxCommission = MaxCommission;
    type CommissionRaiseDelay = ConstU32<2>;
    type SlashDeferDuration = ConstU32<1>;
    type RewardForReporters = ();
    type AdminOrigin = frame_system::EnsureRoot<AccountId>;
    type Disabler = ();
    type SessionValidators = ();
    type WeightInfo = ();
}

/// Blocks per mining epoch.
pub const EPOCH: u64 = 10;
/// Puzzle size of the mock chain.
pub const K: u32 = quarry_primitives::MIN_K;

impl pallet_quarry_mining::Config for Test {
    type Stake = Staking;
    type Slash = Staking;
    type InvalidSolutionSlash = ConstU128<100>;
    type PoolSlotsPerMiner = frame_support::traits::ConstU8<4>;
    type Currency = Balances;
    type MinerAccountDeposit = ConstU128<50>;
    type StakePerSolution = ConstU128<100>;
    type EpochLength = ConstU64<EPOCH>;
    type TargetSolutionsPerBlock = ConstU32<2>;
    type MaxSolutionsPerBlock = ConstU32<16>;
    type TargetHalfLife = ConstU32<20>;
    type MinProofTarget = ConstU64<4>;
    type ChallengeLead = ConstU64<2>;
    type ClaimWindow = ConstU64<2>;
    type HistoryDepth = ConstU32<{ crate::MAX_QUEUED_EPOCHS + 2 }>;
    type UnsignedPriority = ConstU64<0>;
    type WeightInfo = ();
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = BondInStaking;
}

/// Mining benchmarks' helper (compiled with `runtime-benchmarks`): endow and bond.
#[cfg(feature = "runtime-benchmarks")]
pub struct BondInStaking;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_quarry_mining::BenchmarkHelper<AccountId> for BondInStaking {
    fn bond(who: &AccountId, amount: u128) {
        use frame_support::traits::fungible::Mutate;
        Balances::set_balance(who, amount * 2);
        assert_ok!(Staking::bond(RuntimeOrigin::signed(who.clone()), amount));
    }
}

parameter_types! {
    /// The author `FindAuthor` reports for the current block.
    pub static Author: Option<AccountId> = None;
    pub static MinersPerBlock: u32 = 16;
    pub static PayoutStepsPerBlock: u32 = 1;
    pub const MaxCommission: Perbill = Perbill::from_percent(50);
    pub const RewardsPalletId: PalletId = PalletId(*b"qry/rwds");
    pub TreasuryAccount: AccountId = account(90);
    pub ProvingPotAccount: AccountId = account(91);
}

/// `FindAuthor` of the mock: whatever [`Author`] says.
pub struct TestAuthor;
impl FindAuthor<AccountId> for TestAuthor {
    fn find_author<'a, I>(_: I) -> Option<AccountId>
    where
        I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
    {
        Author::get()
    }
}

/// Issuance per block in the mock before decay.
pub const INITIAL_REWARD: Balance = 1_000_003;
/// Blocks per decay period in the mock.
pub const DECAY_PERIOD: u64 = 100;

impl Config for Test {
    type Currency = Balances;
    type FindAuthor = TestAuthor;
    type PalletId = RewardsPalletId;
    type Treasury = TreasuryAccount;
    type ProvingPot = ProvingPotAccount;
    type InitialBlockReward = ConstU128<INITIAL_REWARD>;
    type MinBlockReward = ConstU128<500_000>;
    type DecayPerPeriod = DecayPerPeriod;
    type DecayPeriod = ConstU64<DECAY_PERIOD>;
    type ZkDutyPenalty = ZkDutyPenalty;
    type MinersPerBlock = MinersPerBlock;
    type PayoutStepsPerBlock = PayoutStepsPerBlock;
    type ProvingCapDivisor = ConstU128<15>;
    type WeightInfo = ();
}

parameter_types! {
    pub const DecayPerPeriod: Perbill = Perbill::from_percent(10);
    pub const ZkDutyPenalty: Perbill = Perbill::from_percent(50);
}

/// The mock's tier shares: PoS 40 %, mining 30 %, proving 20 %, treasury 10 %.
pub const SHARES: TierSplit = TierSplit { pos: 4000, mining: 3000, proving: 2000, treasury: 1000 };

/// Account `n` (its 32 bytes are `n` repeated).
pub fn account(n: u8) -> AccountId {
    AccountId32::new([n; 32])
}

/// Validator 1: self-bond 10,000, commission 10 %, delegated 5,000 by [`delegator`].
pub fn validator() -> AccountId {
    account(1)
}
/// Validator 2: self-bond 4,000, commission 0, no delegations.
pub fn validator2() -> AccountId {
    account(2)
}
/// Delegates 5,000 to [`validator`] (bond 6,000).
pub fn delegator() -> AccountId {
    account(5)
}
/// A miner bonded with 1,000 (allowance 10 per epoch).
pub fn miner() -> AccountId {
    account(6)
}
/// A second miner bonded with 1,000.
pub fn miner2() -> AccountId {
    account(7)
}

/// Every account 1..=9 starts with this.
pub const INITIAL_BALANCE: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
    Author::set(None);
    MinersPerBlock::set(16);
    PayoutStepsPerBlock::set(1);
    let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
    pallet_balances::GenesisConfig::<Test> {
        balances: (1..=9).map(|n| (account(n), INITIAL_BALANCE)).collect(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_quarry_staking::GenesisConfig::<Test> {
        stakers: vec![
            (validator(), 10_000, true),
            (validator2(), 4_000, true),
            (delegator(), 6_000, false),
            (miner(), 1_000, false),
            (miner2(), 1_000, false),
        ],
        delegations: vec![(delegator(), validator(), 5_000)],
        session_length: 0,
        slash_defer_sessions: 0,
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_session::GenesisConfig::<Test> {
        keys: vec![
            (validator(), validator(), UintAuthorityId(1)),
            (validator2(), validator2(), UintAuthorityId(2)),
        ],
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_quarry_mining::GenesisConfig::<Test> {
        k: K,
        initial_proof_target: 4,
        challenge_seed: b"rewards-mock".to_vec(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_quarry_rewards::GenesisConfig::<Test> { tier_shares: SHARES, ..Default::default() }
        .assimilate_storage(&mut storage)
        .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| {
        // Validator 1's commission is 10 % from genesis (a raise through `set_commission` would
        // wait two sessions).
        pallet_quarry_staking::Candidates::<Test>::mutate(validator(), |info| {
            info.as_mut().unwrap().commission = Perbill::from_percent(10)
        });
        crate::Exposures::<Test>::mutate(0, validator(), |exposure| {
            exposure.as_mut().unwrap().commission = Perbill::from_percent(10)
        });
        System::set_block_number(1);
        Rewards::on_initialize(1);
    });
    ext
}

/// Build, run `test`, then check this pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
    new_test_ext().execute_with(|| {
        test();
        Rewards::do_try_state().expect("rewards try_state after the test");
    });
}

/// Finish the current block (authored by `author`) and start the next one.
pub fn next_block_by(author: Option<AccountId>) {
    step_block(author);
    Rewards::do_try_state().expect("conservation after every block");
}

/// As [`next_block_by`], without the `try_state` check (for tests that check it themselves).
pub fn step_block(author: Option<AccountId>) {
    // The runtime notes the author in `on_initialize`; the tests name it when the block ends.
    Author::set(author.clone());
    crate::BlockAuthor::<Test>::set(author);
    let n = System::block_number();
    Mining::on_finalize(n);
    Rewards::on_finalize(n);
    System::set_block_number(n + 1);
    Mining::on_initialize(n + 1);
    Rewards::on_initialize(n + 1);
}

/// Run blocks authored by `author` until the current epoch has ended.
pub fn finish_epoch_by(author: Option<AccountId>) {
    let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get().index;
    while pallet_quarry_mining::CurrentEpoch::<Test>::get().index == epoch {
        next_block_by(author.clone());
    }
}

/// Run blocks (no author) until no payout is queued.
pub fn finish_payouts() {
    while !crate::PayoutQueue::<Test>::get().is_empty() {
        next_block_by(None);
    }
}

/// A solution of `miner` for the current epoch with a nonce `>= from`.
pub fn solve(miner: &AccountId, from: u64) -> Solution {
    let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get();
    let target = pallet_quarry_mining::CurrentProofTarget::<Test>::get();
    let pp = quarry_puzzle::shared_generated(K).unwrap();
    let id: [u8; 32] = miner.clone().into();
    (from..)
        .map(|nonce| quarry_puzzle::WorkUnit { challenge: epoch.challenge, miner: id, nonce })
        .find(|wu| quarry_puzzle::attempt(&pp, wu).quality >= target)
        .map(|wu| quarry_puzzle::prove(&pp, &wu))
        .unwrap()
}

thread_local! {
    /// Next nonce to try per miner (only grows, so no work unit repeats within an epoch).
    static NEXT_NONCE: std::cell::RefCell<std::collections::HashMap<AccountId, u64>> =
        Default::default();
}

/// `solution` signed by its miner's hot key, a key derived from the miner's id (registered here
/// on first use, as the miner account would with `set_hot_key`).
fn signed(solution: Solution) -> quarry_primitives::SignedSolution {
    use sp_core::Pair as _;
    let pair = sp_core::sr25519::Pair::from_seed(&solution.miner);
    let miner = AccountId::from(solution.miner);
    if pallet_quarry_mining::HotKeys::<Test>::get(&miner).is_none() {
        pallet_quarry_mining::HotKeys::<Test>::insert(&miner, pair.public());
    }
    quarry_primitives::SignedSolution::sign(solution, 0, |payload| pair.sign(payload).0)
}

/// Land `count` solutions of `miner` in the current block; returns their summed quality.
pub fn mine(miner: &AccountId, count: usize) -> u128 {
    let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get().index;
    let before = pallet_quarry_mining::MinerStats::<Test>::get(epoch, miner).map_or(0, |s| s.shares);
    for _ in 0..count {
        let from = NEXT_NONCE.with(|n| *n.borrow().get(miner).unwrap_or(&0));
        let solution = solve(miner, from);
        NEXT_NONCE.with(|n| n.borrow_mut().insert(miner.clone(), solution.nonce + 1));
        assert_ok!(Mining::submit_solution(RuntimeOrigin::none(), signed(solution)));
    }
    pallet_quarry_mining::Pallet::<Test>::settle_solutions(System::block_number());
    pallet_quarry_mining::MinerStats::<Test>::get(epoch, miner).unwrap().shares - before
}

/// The rewards events emitted so far.
pub fn rewards_events() -> Vec<pallet_quarry_rewards::Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Rewards(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// Free balance.
pub fn free(who: &AccountId) -> Balance {
    Balances::free_balance(who)
}
