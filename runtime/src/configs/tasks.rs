//! The proof market: prover reputation and the tasks pallet, wired to staking (lock capacity),
//! mining (the latest winner's priority) and the treasury.

use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::{Perbill, Permill};

use crate::{AccountId, Balance, Balances, BlockNumber, Mining, Reputation, Runtime, Staking, UNIT};

use super::rewards::TreasuryAccount;

parameter_types! {
    /// Acurast's discount: an outcome keeps 98 % of its weight at each later update.
    pub const ReputationDiscount: Perbill = Perbill::from_percent(98);
    /// The protocol's share of every price paid, to the treasury.
    pub const TaskProtocolFee: Permill = Permill::from_percent(2);
    /// The latest mining winner alone may take a new task for its first 5 blocks (30 s).
    pub const PriorityBlocks: BlockNumber = 5;
    /// Each concurrent lock needs 100 QRY of bond.
    pub const StakePerLock: Balance = 100 * UNIT;
    /// Locks must put at least 1 QRY at stake.
    pub const MinCollateral: Balance = UNIT;
    /// Deadlines up to a day (14,400 blocks) after submission.
    pub const MaxDeadlineBlocks: BlockNumber = 14_400;
}

impl pallet_quarry_reputation::Config for Runtime {
    type Discount = ReputationDiscount;
    type WeightInfo = pallet_quarry_reputation::weights::SubstrateWeight<Runtime>;
}

/// The winner of the latest mining epoch whose winner is decided (its claim window closed).
pub struct LatestMiningWinner;

impl pallet_quarry_tasks::EpochWinner<AccountId> for LatestMiningWinner {
    fn latest_winner() -> Option<AccountId> {
        Mining::latest_winner()
    }
}

impl pallet_quarry_tasks::Config for Runtime {
    type Currency = Balances;
    type Stake = Staking;
    type Reputation = Reputation;
    type EpochWinner = LatestMiningWinner;
    /// Verified work is paid from the rewards pallet's proving tier.
    type ProvingWork = crate::Rewards;
    type Treasury = TreasuryAccount;
    type ProtocolFee = TaskProtocolFee;
    type PriorityBlocks = PriorityBlocks;
    type StakePerLock = StakePerLock;
    type MaxLocksPerProver = ConstU32<16>;
    type MinCollateral = MinCollateral;
    type MaxDeadlineBlocks = MaxDeadlineBlocks;
    type MaxPerBlock = ConstU32<64>;
    type MaxProofsPerBatch = ConstU32<16>;
    type WeightInfo = pallet_quarry_tasks::weights::SubstrateWeight<Runtime>;
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = TaskBenchmarks;
}

/// The tasks benchmarks' helper: the Poseidon chain's known-answer proof (bound to the account
/// `0x42…42`) and funded, bonded accounts.
#[cfg(feature = "runtime-benchmarks")]
pub struct TaskBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_quarry_tasks::BenchmarkHelper<AccountId> for TaskBenchmarks {
    fn proved_task(
    ) -> (AccountId, quarry_primitives::tasks::CircuitId, alloc::vec::Vec<u8>, alloc::vec::Vec<[u8; 32]>, alloc::vec::Vec<u8>) {
        // `circuit prover commitment outputs proof input` (prover/circuits/src/kat.rs).
        let kat = include_str!("../../../prover/circuits/testdata/kat.txt");
        let line = kat
            .lines()
            .find(|l| l.starts_with(&alloc::format!("{} ", quarry_primitives::tasks::POSEIDON_CHAIN)))
            .expect("the KAT has the Poseidon chain");
        let fields: alloc::vec::Vec<&str> = line.split(' ').collect();
        let hex = |s: &str| -> alloc::vec::Vec<u8> {
            (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex")).collect()
        };
        let array = |s: &str| -> [u8; 32] { hex(s).try_into().expect("32 bytes") };
        (
            AccountId::new(array(fields[1])),
            fields[0].parse().expect("circuit id"),
            hex(fields[5]),
            fields[3].split(',').map(array).collect(),
            hex(fields[4]),
        )
    }

    fn fund(who: &AccountId, amount: Balance, bond: Balance) {
        use frame_support::traits::fungible::Mutate;
        Balances::set_balance(who, amount.saturating_add(bond));
        if bond > 0 {
            Staking::bond(crate::RuntimeOrigin::signed(who.clone()), bond).expect("bond");
        }
    }
}
