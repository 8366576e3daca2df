//! Test runtime: balances (with holds), the real reputation pallet and this pallet. Bonds, the
//! mining winner and the proving-work sink are the narrow traits' test sides: a bond table, a
//! settable winner, and a ledger of credited work.

use crate::{self as pallet_quarry_tasks, Balance, Config, EpochWinner, ProvingWork};
use frame_support::{
    derive_impl, parameter_types,
    traits::{ConstU128, ConstU32, ConstU64, Hooks},
};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, Perbill, Permill};
use std::{cell::RefCell, collections::BTreeMap};

pub type AccountId = AccountId32;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Balances: pallet_balances,
        Reputation: pallet_quarry_reputation,
        Market: pallet_quarry_tasks,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountId = AccountId;
    type Lookup = IdentityLookup<AccountId>;
    type AccountData = pallet_balances::AccountData<Balance>;
}

/// Existential deposit.
pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type Balance = Balance;
    type AccountStore = System;
    type ExistentialDeposit = ConstU128<ED>;
    type RuntimeHoldReason = RuntimeHoldReason;
    type MaxFreezes = ConstU32<0>;
}

parameter_types! {
    pub const Discount: Perbill = Perbill::from_percent(98);
    pub TreasuryAccount: AccountId = account(99);
    pub const ProtocolFee: Permill = Permill::from_percent(5);
}

impl pallet_quarry_reputation::Config for Test {
    type Discount = Discount;
    type WeightInfo = ();
}

/// Bond per concurrent lock.
pub const STAKE_PER_LOCK: Balance = 100;
/// Blocks of the mining winner's priority.
pub const PRIORITY_BLOCKS: u64 = 3;

impl Config for Test {
    type Currency = Balances;
    type Stake = BondTable;
    type Reputation = Reputation;
    type EpochWinner = Winner;
    type ProvingWork = WorkLedger;
    type Treasury = TreasuryAccount;
    type ProtocolFee = ProtocolFee;
    type PriorityBlocks = ConstU64<PRIORITY_BLOCKS>;
    type StakePerLock = ConstU128<STAKE_PER_LOCK>;
    type MaxLocksPerProver = ConstU32<8>;
    type MinCollateral = ConstU128<10>;
    type MaxDeadlineBlocks = ConstU64<1_000>;
    type MaxPerBlock = ConstU32<4>;
    type MaxProofsPerBatch = ConstU32<8>;
    type WeightInfo = ();
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = BenchmarkProofs;
}

/// Benchmarks' helper: the test fixture's input with a proof for Alice; bonds in the bond table.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkProofs;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchmarkProofs {
    fn proved_task() -> (AccountId, u32, Vec<u8>, Vec<[u8; 32]>, Vec<u8>) {
        let f = crate::tests::fixture();
        (
            account(ALICE),
            quarry_circuits::POSEIDON_CHAIN,
            f.input.clone(),
            f.outputs.clone(),
            f.alice.clone(),
        )
    }

    fn fund(who: &AccountId, amount: Balance, bond_amount: Balance) {
        use frame_support::traits::fungible::Mutate;
        Balances::set_balance(who, amount);
        bond(who, bond_amount);
    }
}

thread_local! {
    static BONDS: RefCell<BTreeMap<AccountId, Balance>> = RefCell::new(BTreeMap::new());
    static WINNER: RefCell<Option<AccountId>> = const { RefCell::new(None) };
    static WORK: RefCell<BTreeMap<AccountId, u64>> = RefCell::new(BTreeMap::new());
}

/// Bonds as the staking pallet would report them.
pub struct BondTable;
impl pallet_quarry_staking::StakeProvider<AccountId, Balance> for BondTable {
    fn bonded(who: &AccountId) -> Balance {
        BONDS.with(|b| b.borrow().get(who).copied().unwrap_or(0))
    }
}

/// Sets `who`'s bond.
pub fn bond(who: &AccountId, amount: Balance) {
    BONDS.with(|b| b.borrow_mut().insert(who.clone(), amount));
}

/// The mining winner as the mining pallet would report it.
pub struct Winner;
impl EpochWinner<AccountId> for Winner {
    fn latest_winner() -> Option<AccountId> {
        WINNER.with(|w| w.borrow().clone())
    }
}

/// Makes `who` the latest mining winner.
pub fn set_winner(who: Option<AccountId>) {
    WINNER.with(|w| *w.borrow_mut() = who);
}

/// The work credited, as the rewards pallet would receive it.
pub struct WorkLedger;
impl ProvingWork<AccountId> for WorkLedger {
    fn credit(prover: &AccountId, units: u64) {
        WORK.with(|w| *w.borrow_mut().entry(prover.clone()).or_default() += units);
    }

    fn credit_weight() -> frame_support::weights::Weight {
        frame_support::weights::Weight::zero()
    }
}

/// Work credited to `who` so far.
pub fn work_of(who: &AccountId) -> u64 {
    WORK.with(|w| w.borrow().get(who).copied().unwrap_or(0))
}

/// Test account `n`.
pub fn account(n: u8) -> AccountId {
    AccountId32::new([n; 32])
}

/// A dApp, two provers and an outsider, with 1,000,000 each; the provers bonded for 2 locks.
pub const DAPP: u8 = 1;
pub const ALICE: u8 = 2;
pub const BOB: u8 = 3;
pub const CAROL: u8 = 4;
/// Everyone's starting balance.
pub const START: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
    let mut storage = frame_system::GenesisConfig::<Test>::default()
        .build_storage()
        .unwrap();
    pallet_balances::GenesisConfig::<Test> {
        balances: [DAPP, ALICE, BOB, CAROL, 99]
            .iter()
            .map(|&n| (account(n), START))
            .collect(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| {
        BONDS.with(|b| b.borrow_mut().clear());
        WORK.with(|w| w.borrow_mut().clear());
        set_winner(None);
        bond(&account(ALICE), 2 * STAKE_PER_LOCK);
        bond(&account(BOB), 2 * STAKE_PER_LOCK);
        System::set_block_number(1);
    });
    ext
}

/// Runs blocks up to `n` (with `on_initialize`), checking the invariants after each.
pub fn run_to(n: u64) {
    while System::block_number() < n {
        let next = System::block_number() + 1;
        System::set_block_number(next);
        Market::on_initialize(next);
        Market::do_try_state().unwrap();
    }
}
