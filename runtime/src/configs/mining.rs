//! Mining: the puzzle as consensus-relevant work. Parameters are chosen for 6-second blocks and
//! are discussed in `pallets/mining` and ARCHITECTURE.md.

use frame_support::{
    parameter_types,
    traits::{ConstU32, ConstU8},
};
use sp_runtime::transaction_validity::TransactionPriority;

use crate::{BlockNumber, Runtime, Staking, MINUTES, UNIT};

/// Blocks per epoch: a genesis parameter (`mining.epochLength`), 50 by default.
pub type EpochLength = pallet_quarry_mining::EpochLengthFromGenesis<Runtime, DefaultEpochLength>;

parameter_types! {
    /// An epoch lasts 5 minutes (50 blocks) unless the chain's genesis says otherwise.
    pub const DefaultEpochLength: BlockNumber = 5 * MINUTES;
    /// 64 attempts per solution at least, unless the chain's genesis says otherwise.
    pub const DefaultMinProofTarget: u64 = 64;
    /// Bond per solution and epoch: 10 QRY. A validator's 100,000 QRY allow 10,000 solutions per
    /// epoch; a miner with the minimum bond of 1 QRY cannot mine.
    pub const StakePerSolution: u128 = 10 * UNIT;
    /// Solutions rank above ordinary transactions (they are capped per block) and among
    /// themselves by quality.
    pub const MiningUnsignedPriority: TransactionPriority = TransactionPriority::MAX / 2;
    pub const MinerAccountDeposit: u128 = 10 * UNIT;
}

impl pallet_quarry_mining::Config for Runtime {
    type Stake = Staking;
    type Slash = Staking;
    /// One solution's worth of bond (10 QRY) per solution whose opening fails in a block: more
    /// than the fee-equivalent of the verification every node pays for it.
    type InvalidSolutionSlash = StakePerSolution;
    /// Eight of one miner's solutions wait in a pool at most: four blocks at the target rate.
    type PoolSlotsPerMiner = ConstU8<8>;
    type Currency = crate::Balances;
    /// 10 QRY held while an account proposes or holds a miner account.
    type MinerAccountDeposit = MinerAccountDeposit;
    type StakePerSolution = StakePerSolution;
    type EpochLength = EpochLength;
    /// Two solutions per 6-second block.
    type TargetSolutionsPerBlock = ConstU32<2>;
    /// At most 16 solutions per block; each is also charged one single verification (its
    /// benchmark at the chain's `k`), which bounds blocks at large `k` sooner.
    type MaxSolutionsPerBlock = ConstU32<16>;
    /// 100 blocks (10 minutes): 200 solutions ahead of schedule double the target.
    type TargetHalfLife = ConstU32<100>;
    /// A genesis parameter (`mining.minProofTarget`), 64 attempts per solution by default.
    type MinProofTarget = pallet_quarry_mining::MinProofTargetFromGenesis<Runtime, DefaultMinProofTarget>;
    /// The next challenge is fixed by block `ends_at - 5` and announced in the next block,
    /// 30 s before the epoch ends: no author of the last five blocks can steer it.
    type ChallengeLead = ConstU32<5>;
    /// A censored better solution can still claim the winner title in the 5 blocks after the
    /// epoch: six consecutive authors would have to collude to keep it out.
    type ClaimWindow = ConstU32<5>;
    /// The payout queue (8 epochs) plus 2: a queued epoch is paid before its statistics go.
    type HistoryDepth = ConstU32<{ pallet_quarry_rewards::MAX_QUEUED_EPOCHS + 2 }>;
    type UnsignedPriority = MiningUnsignedPriority;
    type WeightInfo = pallet_quarry_mining::weights::SubstrateWeight<Runtime>;
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = BondWithStaking;
}

/// Benchmarks: endow the benchmark miner and bond through the staking pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct BondWithStaking;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_quarry_mining::BenchmarkHelper<crate::AccountId> for BondWithStaking {
    fn bond(who: &crate::AccountId, amount: u128) {
        use frame_support::traits::fungible::Mutate;
        crate::Balances::set_balance(who, amount.saturating_mul(2));
        Staking::bond(crate::RuntimeOrigin::signed(who.clone()), amount)
            .expect("an endowed account can bond");
    }
}
