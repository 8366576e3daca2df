//! Test runtime: frame-system, pallet-balances, Quarry staking (the real stake gate) with
//! pallet-session, and this pallet. Accounts are 32-byte ids because solutions bind a 32-byte
//! miner id.

use crate::{self as pallet_quarry_mining, Config};
use frame_support::{
    assert_ok, derive_impl, parameter_types,
    traits::{ConstU128, ConstU32, ConstU64, ConstU8, Hooks},
};
use quarry_primitives::{Challenge, SignedSolution, Solution};
use sp_core::{sr25519, Pair as _};
use sp_runtime::{
    testing::UintAuthorityId,
    traits::{ConvertInto, IdentityLookup},
    AccountId32, BuildStorage,
};
use std::sync::Arc;

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
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountId = AccountId;
    type Lookup = IdentityLookup<AccountId>;
    type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type Balance = Balance;
    type AccountStore = System;
    type ExistentialDeposit = ConstU128<1>;
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
    type MaxCommission = ();
    type CommissionRaiseDelay = ConstU32<2>;
    type SlashDeferDuration = ConstU32<1>;
    type RewardForReporters = ();
    type AdminOrigin = frame_system::EnsureRoot<AccountId>;
    type Disabler = ();
    type SessionValidators = ();
    type WeightInfo = ();
}

/// Blocks per epoch in the mock.
pub const EPOCH: u64 = 10;
/// Bond per solution and epoch.
pub const STAKE_PER_SOLUTION: Balance = 100;
/// The next challenge is announced in block `ends_at - CHALLENGE_LEAD + 1`.
pub const CHALLENGE_LEAD: u64 = 3;
/// Winner claims for a finished epoch land up to `ends_at + CLAIM_WINDOW`.
pub const CLAIM_WINDOW: u64 = 2;

/// Puzzle size of the mock chain: the cheapest supported.
pub const K: u32 = quarry_primitives::MIN_K;
/// The proof-target floor of the mock (and its initial target): one solution in ~4 attempts.
pub const MIN_TARGET: u64 = 4;

parameter_types! {
    pub static MaxSolutionsPerBlock: u32 = 8;
    /// [`CLAIM_WINDOW`]; 0 reproduces the rule before winner claims (the last block decides).
    pub static ClaimWindowBlocks: u64 = CLAIM_WINDOW;
}

/// Pool slots per miner in the mock.
pub const POOL_SLOTS: u8 = 4;

impl Config for Test {
    type Stake = Staking;
    type Slash = Staking;
    type InvalidSolutionSlash = ConstU128<STAKE_PER_SOLUTION>;
    type PoolSlotsPerMiner = ConstU8<POOL_SLOTS>;
    type Currency = Balances;
    type MinerAccountDeposit = ConstU128<50>;
    type StakePerSolution = ConstU128<STAKE_PER_SOLUTION>;
    type EpochLength = ConstU64<EPOCH>;
    type TargetSolutionsPerBlock = ConstU32<2>;
    type MaxSolutionsPerBlock = MaxSolutionsPerBlock;
    type TargetHalfLife = ConstU32<20>;
    type MinProofTarget = ConstU64<MIN_TARGET>;
    type ChallengeLead = ConstU64<CHALLENGE_LEAD>;
    type ClaimWindow = ClaimWindowBlocks;
    type HistoryDepth = ConstU32<2>;
    type UnsignedPriority = ConstU64<{ 1 << 60 }>;
    type WeightInfo = ();
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = BondInStaking;
}

/// Benchmark helper of the mock: endow and bond through the staking pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct BondInStaking;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BondInStaking {
    fn bond(who: &AccountId, amount: u128) {
        use frame_support::traits::fungible::Mutate;
        Balances::set_balance(who, amount * 2);
        assert_ok!(Staking::bond(RuntimeOrigin::signed(who.clone()), amount));
    }
}

/// Account `n` (its 32 bytes are `n` repeated).
pub fn account(n: u8) -> AccountId {
    AccountId32::new([n; 32])
}

/// The hot key account `who` registered at genesis (every endowed mock account has one).
pub fn hot_key(who: &AccountId) -> sr25519::Pair {
    let seed: [u8; 32] = who.clone().into();
    sr25519::Pair::from_seed(&seed)
}

/// The validator of the mock genesis.
pub fn validator() -> AccountId {
    account(1)
}

/// A miner bonded with 500 (allowance 5 per epoch).
pub fn miner() -> AccountId {
    account(2)
}

/// A second miner bonded with 1000 (allowance 10).
pub fn big_miner() -> AccountId {
    account(3)
}

/// An endowed account with no bond.
pub fn unbonded() -> AccountId {
    account(4)
}

pub fn new_test_ext() -> sp_io::TestExternalities {
    MaxSolutionsPerBlock::set(8);
    ClaimWindowBlocks::set(CLAIM_WINDOW);
    let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
    pallet_balances::GenesisConfig::<Test> {
        balances: (1..=9).map(|n| (account(n), 1_000_000)).collect(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_quarry_staking::GenesisConfig::<Test> {
        stakers: vec![(validator(), 10_000, true), (miner(), 500, false), (big_miner(), 1000, false)],
        delegations: vec![],
        session_length: 0,
        slash_defer_sessions: 0,
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_session::GenesisConfig::<Test> {
        keys: vec![(validator(), validator(), UintAuthorityId(1))],
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_quarry_mining::GenesisConfig::<Test> {
        k: K,
        initial_proof_target: MIN_TARGET,
        challenge_seed: b"mock".to_vec(),
        hot_keys: (1..=9).map(|n| (account(n), hot_key(&account(n)).public())).collect(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}

/// Build, run `test`, then check the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
    new_test_ext().execute_with(|| {
        test();
        Mining::do_try_state().expect("try_state after the test");
    });
}

/// Finish the current block and start the next one (running this pallet's hooks).
pub fn next_block() {
    let n = System::block_number();
    Mining::on_finalize(n);
    System::set_block_number(n + 1);
    Mining::on_initialize(n + 1);
}

/// Run blocks until the current epoch has ended (the first block of the next one).
pub fn next_epoch() {
    let epoch = crate::CurrentEpoch::<Test>::get().index;
    while crate::CurrentEpoch::<Test>::get().index == epoch {
        next_block();
    }
}

fn params() -> Arc<quarry_puzzle::PuzzleParams> {
    quarry_puzzle::shared_generated(K).expect("k = 4 parameters")
}

/// The first solution at or above `target` for `(challenge, miner)` with a nonce `>= from`,
/// with the puzzle's reference prover.
pub fn solve_from(challenge: Challenge, miner: &AccountId, target: u64, from: u64) -> Solution {
    let pp = params();
    let miner: [u8; 32] = miner.clone().into();
    (from..)
        .map(|nonce| quarry_puzzle::WorkUnit { challenge, miner, nonce })
        .find(|wu| quarry_puzzle::attempt(&pp, wu).quality >= target)
        .map(|wu| quarry_puzzle::prove(&pp, &wu))
        .unwrap()
}

/// `count` distinct solutions for the current epoch and target.
pub fn solutions(miner: &AccountId, count: usize) -> Vec<Solution> {
    let epoch = crate::CurrentEpoch::<Test>::get();
    let target = crate::CurrentProofTarget::<Test>::get();
    let mut out = Vec::new();
    let mut from = 0;
    while out.len() < count {
        let s = solve_from(epoch.challenge, miner, target, from);
        from = s.nonce + 1;
        out.push(s);
    }
    out
}

pub use quarry_puzzle::testing::with_bad_opening;

/// `solution` in pool slot `slot`, signed by `key`.
pub fn signed_by(solution: &Solution, slot: u8, key: &sr25519::Pair) -> SignedSolution {
    SignedSolution::sign(solution.clone(), slot, |payload| key.sign(payload).0)
}

/// `solution` in slot 0, signed by its miner's genesis hot key.
pub fn signed(solution: &Solution) -> SignedSolution {
    signed_by(solution, 0, &hot_key(&AccountId::from(solution.miner)))
}

#[allow(deprecated)] // see the note on `ValidateUnsigned` in lib.rs
/// The pool's view of a submission (`ValidateUnsigned::validate_unsigned`, external source).
pub fn validate_submission(
    submission: &SignedSolution,
) -> sp_runtime::transaction_validity::TransactionValidity {
    use frame_support::unsigned::ValidateUnsigned;
    Mining::validate_unsigned(
        sp_runtime::transaction_validity::TransactionSource::External,
        &crate::Call::submit_solution { submission: submission.clone() },
    )
}

/// The pool's view of a solution signed by its miner's hot key.
pub fn validate(solution: &Solution) -> sp_runtime::transaction_validity::TransactionValidity {
    validate_submission(&signed(solution))
}

#[allow(deprecated)]
/// Block import's view of a solution signed by its miner's hot key: `pre_dispatch`.
pub fn pre_dispatch(
    solution: &Solution,
) -> Result<(), sp_runtime::transaction_validity::TransactionValidityError> {
    use frame_support::unsigned::ValidateUnsigned;
    Mining::pre_dispatch(&crate::Call::submit_solution { submission: signed(solution) })
}

/// Dispatch a solution as block import does, `pre_dispatch` then dispatch (both must pass): it
/// waits in the queue for the end of the block.
pub fn dispatch(solution: Solution) {
    pre_dispatch(&solution).expect("pre_dispatch accepts the solution");
    assert_ok!(Mining::submit_solution(RuntimeOrigin::none(), signed(&solution)));
}

/// Land a solution: [`dispatch`] it, then verify and book the block's queue, as `on_finalize`
/// does (without ending the block).
pub fn land(solution: Solution) {
    dispatch(solution);
    Mining::settle_solutions(System::block_number());
}

/// The mining events emitted so far.
pub fn mining_events() -> Vec<pallet_quarry_mining::Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Mining(e) => Some(e),
            _ => None,
        })
        .collect()
}

