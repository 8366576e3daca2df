//! # Quarry Mining Pallet
//!
//! Turns the Quarry puzzle (`prover/PUZZLE.md`) into on-chain mining: the chain sets the work,
//! miners submit solutions as unsigned extrinsics, the node verifies them natively, and the pallet
//! keeps per-epoch accounts of who did how much work.
//!
//! ## Overview
//!
//! - **Epochs.** Time is cut into epochs of [`Config::EpochLength`] blocks. Each epoch has a
//!   32-byte **challenge**; every solution commits to it, so work cannot be done ahead of time.
//!   The next challenge is fixed [`Config::ChallengeLead`] blocks before an epoch ends, from the
//!   previous challenge and the hash of block `ends_at - ChallengeLead`
//!   ([`Pallet::next_challenge`]), and announced at once ([`Event::ChallengeAnnounced`]): every
//!   miner learns it at the same time, and the authors of the epoch's last blocks can neither
//!   choose it (no solution they include or leave out feeds it) nor learn it before the others.
//!   The author of block `ends_at - ChallengeLead` can grind that block's hash, which buys
//!   nothing: no challenge is easier than another.
//! - **Proof target.** A solution needs a quality of at least the proof target (expected attempts
//!   per solution ≈ target). The target follows an ASERT schedule ([`asert`]) toward
//!   [`Config::TargetSolutionsPerBlock`], never below [`Config::MinProofTarget`].
//! - **Solutions** arrive through [`Pallet::submit_solution`], an unsigned call carrying a
//!   [`SignedSolution`]: the solution, a pool slot and the signature of the miner's **hot key**
//!   ([`Pallet::set_hot_key`]). The pool admits it after the cheap checks and the signature; the
//!   opening proof is verified **once, in the block** (see [Verification](#verification)). The
//!   puzzle math runs natively behind the `quarry_primitives::puzzle` host functions
//!   (`quarry_puzzle::precheck`, `verify_batch`): the runtime never re-implements it.
//! - **Hot keys.** A miner account registers the sr25519 key its mining machines sign with
//!   ([`Pallet::set_hot_key`], signed by the miner account itself: that signature is the
//!   miner's consent to be answerable for what the key signs). The bond stays with the miner
//!   account's own key, away from the machines. A solution in a block whose opening fails
//!   verification is the miner's signed statement: the miner is slashed
//!   [`Config::InvalidSolutionSlash`] and the key is revoked ([`Event::SolutionRejected`]). The
//!   owner-to-miner binding below is a separate relation between two accounts; the hot key only
//!   says which key speaks for the miner account.
//! - **Stake gate.** A miner may land at most `floor(bond / StakePerSolution)` solutions per epoch
//!   ([`Config::StakePerSolution`]), `bond` being its active bond in the staking pallet
//!   ([`Config::Stake`]). A miner without bond cannot mine. This is Aleo's ARC-46 prover stake and
//!   Boundless' stake cap: solutions cost capital, so a cheap identity cannot flood the chain.
//! - **Accounting.** Per epoch and miner: solutions landed and **shares**: each solution earns
//!   the proof target in force when it landed, the expected attempts behind it
//!   ([`Pallet::shares_for`], pay-per-share as Aleo weighs each solution by its target). Its
//!   quality beyond the target is luck and earns nothing more. Per epoch: totals and the
//!   **best** solution (highest quality); its miner is the epoch's **winner** and gets proving
//!   priority on new tasks.
//! - **Winner claims.** For [`Config::ClaimWindow`] blocks after an epoch ends, a solution of
//!   that epoch better than its best still lands as a **claim** ([`Pallet::submit_solution`],
//!   the same call): it can take the winner title but earns no shares and uses no allowance.
//!   So the author of an epoch's last block cannot take the title by leaving a competitor's
//!   better solution out: the solution stays in the pool and the next authors include it. Only
//!   authors of all `ClaimWindow + 1` blocks together can censor it. The winner is decided when
//!   the window closes ([`Event::WinnerDecided`]); until then [`Pallet::latest_winner`] names
//!   the winner of the epoch before.
//! - **Miner accounts.** An owner (a validator) proposes a miner account
//!   ([`Pallet::set_miner_account`], holding [`Config::MinerAccountDeposit`]) and the miner
//!   accepts ([`Pallet::accept_miner_account`]); the binding counts from the next epoch.
//!   [`Pallet::did_zk_duty`] tells whether an owner, or the miner bound to it when the solution
//!   landed, landed a solution in an epoch.
//!
//! ## Verification
//!
//! A solution's checks split into cheap ones (challenge, duplicate, allowance, proof length,
//! commitment encoding, quality against the target, zero blind: microseconds, the
//! `precheck_solution` host function) and the opening proof (a witness of `2^k` hashes and an
//! MSM of size `2^k`: milliseconds, growing with `k`).
//!
//! - **Pool** (`validate_unsigned`) and **block** (`pre_dispatch`, dispatch): the cheap checks,
//!   the pool slot and the hot key's signature. Microseconds per solution, so a node's pool
//!   admits solutions at any rate the chain can land for almost nothing, and garbage costs a
//!   node no verification until it is in a block.
//! - Dispatch queues the solution in [`UnverifiedOpenings`] (the queue counts for later
//!   solutions' duplicate, allowance and claim checks). `on_finalize` verifies the whole
//!   block's openings with one combined MSM (`verify_solutions`, one call per challenge and
//!   target; only when it fails are the solutions verified one by one), then **books** each
//!   valid solution in order ([`Event::SolutionAccepted`], [`Event::WinnerClaimed`]) and
//!   **penalizes** each invalid one: slash and revoked hot key, nothing booked.
//! - A block with bad solutions is therefore still valid: the author need not verify its
//!   candidates, and the block itself is the report that carries the signed bad solution.
//!   Every node pays the failed batch and the single verifications once, at import, and the
//!   weight charged per solution (one single verification) covers that worst case.
//!
//! ## Transaction pool rules
//!
//! A solution is valid in the pool when it is for the current challenge, its `(miner, nonce)`
//! has not landed in this epoch, the miner has allowance left, the precheck passes, its slot is
//! below [`Config::PoolSlotsPerMiner`] and the miner's hot key signed it. It `provides` the tags
//! `("quarry/solution", epoch, miner, nonce)`, so the pool keeps one copy of a work unit, and
//! `("quarry/solution", "slot", miner, slot)`, so a pool holds at most `PoolSlotsPerMiner`
//! solutions of one miner (a second solution in a taken slot replaces the first only with a
//! higher quality). Its priority is [`Config::UnsignedPriority`] plus its quality (the best
//! solutions are included first) and it lives until the epoch ends. At most
//! [`Config::MaxSolutionsPerBlock`] solutions fit in a block; the rest wait for the next one.
//!
//! ## Storage bounds
//!
//! Per-epoch maps ([`MinerStats`], [`Landed`]) gain at most `MaxSolutionsPerBlock` entries per
//! block. Epochs older than [`Config::HistoryDepth`] are cleared by `on_initialize`,
//! `MaxSolutionsPerBlock` entries of each map per block, which removes an epoch's worst case
//! (`MaxSolutionsPerBlock * EpochLength` entries) within one epoch. No hook iterates an unbounded
//! set.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod asert;
pub mod migrations;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;
pub use weights::WeightInfo;

/// Puzzle sizes whose solution verification is benchmarked, one `submit_solution_k{k}` benchmark
/// each: 10 for development and local chains, 16 for production. A chain's `k` must not exceed
/// the largest; [`Pallet::submit_solution_weight`] charges the smallest benchmarked size at or
/// above it (the runtime's presets take exactly one of these).
pub const BENCHMARKED_K: [u32; 2] = [10, 16];

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
    pallet_prelude::*,
    traits::{fungible, fungible::hold::Mutate as _, Get},
};
use frame_system::pallet_prelude::*;
use pallet_quarry_staking::StakeProvider;
use quarry_primitives::{
    mining::{MinerSummary, MiningStats, MiningWork},
    Challenge, MinerId, ProofTarget, Quality, SignedSolution, Solution, VerifyError,
};
use sp_core::sr25519;
use scale_info::TypeInfo;
use sp_runtime::{
    traits::{One, Saturating, UniqueSaturatedInto, Zero},
    transaction_validity::{
        InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
        ValidTransaction,
    },
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::mining";

/// Index of an epoch; epoch 0 starts at genesis.
pub type EpochIndex = u32;

/// The epoch in force: its index, challenge and the last block that belongs to it.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    TypeInfo,
    MaxEncodedLen,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
)]
pub struct EpochInfo<BlockNumber> {
    /// Epoch index.
    pub index: EpochIndex,
    /// Challenge every solution of this epoch commits to.
    pub challenge: Challenge,
    /// Last block of the epoch: solutions land in blocks up to and including this one.
    pub ends_at: BlockNumber,
}

/// What one miner did in one epoch.
#[derive(
    Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default,
)]
pub struct MinerEpochStats {
    /// Solutions landed.
    pub solutions: u32,
    /// Sum of their qualities: the miner's share of the epoch's mining work.
    pub shares: u128,
}

/// Totals of one epoch.
#[derive(
    Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default,
)]
pub struct EpochTotals {
    /// Solutions landed.
    pub solutions: u32,
    /// Sum of all qualities (the denominator of every miner's pro-rata share).
    pub shares: u128,
    /// Distinct miners that landed at least one solution.
    pub miners: u32,
}

/// A validator's (or any owner's) miner account, accepted by the miner, and the first epoch whose
/// solutions count for the owner's ZK duty.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub struct MinerBinding<AccountId> {
    /// The miner account.
    pub miner: AccountId,
    /// Solutions of `miner` landed in this epoch or later meet the owner's duty.
    pub from_epoch: EpochIndex,
}

/// The best solution of an epoch so far (the final one names the epoch's winner).
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub struct BestSolution<AccountId> {
    /// The miner.
    pub miner: AccountId,
    /// Its quality (ties keep the earlier solution).
    pub quality: Quality,
    /// Its nonce.
    pub nonce: u64,
}

/// A finished epoch whose winner can still be claimed by a better solution.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug)]
pub struct OpenClaims<BlockNumber> {
    /// The finished epoch.
    pub epoch: EpochIndex,
    /// Its challenge.
    pub challenge: Challenge,
    /// Last block in which a claim can land.
    pub until: BlockNumber,
}

/// Where the ASERT schedule is anchored: the target in force after block `height`, and the
/// solutions landed since then.
#[derive(
    Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default,
)]
pub struct TargetAnchor<BlockNumber> {
    /// Block after which `target` applied.
    pub height: BlockNumber,
    /// Target at the anchor.
    pub target: ProofTarget,
    /// Solutions landed in blocks `height + 1 ..=` the latest finalized one.
    pub solutions: u64,
}

/// Why a solution is refused, as the transaction pool reports it:
/// `InvalidTransaction::Custom(code)`. The RPC maps the same codes to JSON-RPC errors.
pub mod invalid_solution {
    /// The solution is for another challenge than the current epoch's.
    pub const STALE_CHALLENGE: u8 = 1;
    /// `(miner, nonce)` already landed in this epoch.
    pub const DUPLICATE: u8 = 2;
    /// The miner has no bond, or has used its allowance for this epoch.
    pub const OVER_ALLOWANCE: u8 = 3;
    /// The quality is below the proof target.
    pub const BELOW_TARGET: u8 = 4;
    /// Structurally invalid (bad point encoding, wrong proof length).
    pub const MALFORMED: u8 = 5;
    /// The proof does not verify (or has a non-zero blind).
    pub const INVALID_PROOF: u8 = 6;
    /// The chain's puzzle size is not supported by this node (a configuration error).
    pub const UNSUPPORTED_K: u8 = 7;
    /// A winner claim for a finished epoch is not better than the epoch's best solution.
    pub const CLAIM_NOT_BETTER: u8 = 8;
    // 9 and 10 stay unused: the RPC answers `9000 + code`, and 9010 is its "other pool error".
    /// The miner has registered no hot key.
    pub const NO_HOT_KEY: u8 = 11;
    /// The signature is not the miner's hot key's over this solution and slot.
    pub const BAD_SIGNATURE: u8 = 12;
    /// The pool slot is not below `PoolSlotsPerMiner`.
    pub const BAD_SLOT: u8 = 13;
}

/// A solution dispatched in the block being built or imported, waiting for `on_finalize` to
/// verify its opening and book it.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub struct QueuedSolution {
    /// The solution.
    pub solution: Solution,
    /// The target it was prechecked against (the opening is verified against the same).
    pub proof_target: ProofTarget,
    /// Its quality.
    pub quality: Quality,
    /// `Some(epoch)` for a winner claim on that finished epoch.
    pub claim: Option<EpochIndex>,
}

/// Setup the runtime provides to this pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
    /// Give `who` an active bond of at least `amount` (endowing it as needed).
    fn bond(who: &AccountId, amount: u128);
}

// `ValidateUnsigned` is deprecated in favour of `#[pallet::authorize]`, whose calls travel as
// version-5 "general" transactions. Clients (polkadot.js, subxt) and block authors handle bare
// unsigned extrinsics everywhere today, so solutions stay bare until that support is common.
#[allow(deprecated)]
#[frame_support::pallet]
pub mod pallet {
    use super::*;

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
    pub struct Pallet<T>(_);

    /// The in-code storage version (1: miner accounts need the miner's consent, shares are
    /// proof targets; see [`crate::migrations`]).
    pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

    #[pallet::config]
    pub trait Config: frame_system::Config<AccountId: From<MinerId> + Into<MinerId>> {
        /// Active bond of miners (the staking pallet).
        type Stake: StakeProvider<Self::AccountId, u128>;

        /// Slashes the bond of a miner whose signed solution fails verification in a block.
        type Slash: pallet_quarry_staking::Slash<Self::AccountId, u128>;

        /// Slashed from a miner's bond for each solution of its hot key whose opening fails
        /// verification in a block.
        #[pallet::constant]
        type InvalidSolutionSlash: Get<u128>;

        /// Pool slots per miner: at most this many of one miner's solutions wait in a node's
        /// transaction pool.
        #[pallet::constant]
        type PoolSlotsPerMiner: Get<u8>;

        /// Holds the deposit of miner-account bindings.
        type Currency: fungible::hold::Mutate<
            Self::AccountId,
            Reason: From<HoldReason>,
            Balance = u128,
        >;

        /// Held from an owner while it proposes or holds a miner account: the storage it uses.
        #[pallet::constant]
        type MinerAccountDeposit: Get<u128>;

        /// Bond per solution: a miner may land `floor(bond / StakePerSolution)` solutions per
        /// epoch.
        #[pallet::constant]
        type StakePerSolution: Get<u128>;

        /// Blocks per epoch.
        #[pallet::constant]
        type EpochLength: Get<BlockNumberFor<Self>>;

        /// Solutions per block the proof target steers toward.
        #[pallet::constant]
        type TargetSolutionsPerBlock: Get<u32>;

        /// At most this many solutions per block.
        #[pallet::constant]
        type MaxSolutionsPerBlock: Get<u32>;

        /// ASERT half-life in blocks: a surplus (or deficit) of `TargetSolutionsPerBlock *
        /// HalfLife` solutions doubles (halves) the proof target.
        #[pallet::constant]
        type TargetHalfLife: Get<u32>;

        /// The proof target never goes below this floor.
        #[pallet::constant]
        type MinProofTarget: Get<ProofTarget>;

        /// Blocks before an epoch's end at which the next challenge is fixed and announced: the
        /// hash of block `ends_at - ChallengeLead` seeds it. Shorter than an epoch.
        #[pallet::constant]
        type ChallengeLead: Get<BlockNumberFor<Self>>;

        /// Blocks after an epoch's end during which a solution of that epoch better than its
        /// best can still land as a winner claim (see the crate docs).
        #[pallet::constant]
        type ClaimWindow: Get<BlockNumberFor<Self>>;

        /// Epochs of per-miner statistics kept (at least 2: the rewards pallet pays the previous
        /// epoch while the current one runs).
        #[pallet::constant]
        type HistoryDepth: Get<u32>;

        /// Base priority of solutions in the transaction pool; their quality is added to it.
        #[pallet::constant]
        type UnsignedPriority: Get<TransactionPriority>;

        /// Weights of this pallet's calls and hooks.
        type WeightInfo: WeightInfo;

        /// Setup for benchmarks (bonding the miner of the benchmark solution).
        #[cfg(feature = "runtime-benchmarks")]
        type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
    }

    /// The current epoch.
    #[pallet::storage]
    pub type CurrentEpoch<T: Config> = StorageValue<_, EpochInfo<BlockNumberFor<T>>, ValueQuery>;

    /// Puzzle size `k` (polynomials of `2^k` coefficients); fixed at genesis.
    #[pallet::storage]
    pub type PuzzleK<T: Config> = StorageValue<_, u32, ValueQuery>;

    /// Proof target for solutions in the next block.
    #[pallet::storage]
    pub type CurrentProofTarget<T: Config> = StorageValue<_, ProofTarget, ValueQuery>;

    /// Anchor of the ASERT schedule.
    #[pallet::storage]
    pub type Anchor<T: Config> = StorageValue<_, TargetAnchor<BlockNumberFor<T>>, ValueQuery>;

    /// Solutions landed in the block being built (cleared in `on_finalize`).
    #[pallet::storage]
    pub type SolutionsInBlock<T: Config> = StorageValue<_, u32, ValueQuery>;

    /// Solutions dispatched in the block being built or imported whose opening proofs
    /// `on_finalize` is still to verify before it books them. Taken in the same block's
    /// `on_finalize`, so it is never in a committed state (the pool always sees it empty).
    #[pallet::storage]
    pub type UnverifiedOpenings<T: Config> =
        StorageValue<_, BoundedVec<QueuedSolution, T::MaxSolutionsPerBlock>, ValueQuery>;

    /// The sr25519 key each miner's solutions must be signed by, registered by the miner
    /// account ([`Pallet::set_hot_key`]); removed when one of its solutions fails verification.
    #[pallet::storage]
    pub type HotKeys<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, sr25519::Public, OptionQuery>;

    /// Solutions landed in each of the last [`RECENT_BLOCKS`] blocks, oldest first.
    #[pallet::storage]
    pub type RecentBlocks<T: Config> = StorageValue<
        _,
        BoundedVec<(BlockNumberFor<T>, u32, ProofTarget), ConstU32<RECENT_BLOCKS>>,
        ValueQuery,
    >;

    /// Per epoch and miner: solutions landed and shares.
    #[pallet::storage]
    pub type MinerStats<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Blake2_128Concat,
        T::AccountId,
        MinerEpochStats,
        OptionQuery,
    >;

    /// Per epoch: the work units `(miner, nonce)` that landed, so none lands twice.
    #[pallet::storage]
    pub type Landed<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Blake2_128Concat,
        (T::AccountId, u64),
        (),
        OptionQuery,
    >;

    /// Per epoch: totals.
    #[pallet::storage]
    pub type Totals<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, EpochTotals, ValueQuery>;

    /// Per epoch: the best solution (once its claim window closed: its winner).
    #[pallet::storage]
    pub type Best<T: Config> =
        StorageMap<_, Twox64Concat, EpochIndex, BestSolution<T::AccountId>, OptionQuery>;

    /// This chain's epoch length, fixed at genesis ([`GenesisConfig::epoch_length`]); read as
    /// `Config::EpochLength` through [`EpochLengthFromGenesis`].
    #[pallet::storage]
    pub type GenesisEpochLength<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

    /// This chain's proof-target floor, fixed at genesis ([`GenesisConfig::min_proof_target`]);
    /// read as `Config::MinProofTarget` through [`MinProofTargetFromGenesis`].
    #[pallet::storage]
    pub type GenesisMinProofTarget<T: Config> = StorageValue<_, ProofTarget, OptionQuery>;

    /// The next epoch's challenge, once announced ([`Config::ChallengeLead`] blocks before the
    /// current epoch ends).
    #[pallet::storage]
    pub type NextChallenge<T: Config> = StorageValue<_, Challenge, OptionQuery>;

    /// The finished epoch whose winner can still be claimed, while its window is open.
    #[pallet::storage]
    pub type Claims<T: Config> = StorageValue<_, OpenClaims<BlockNumberFor<T>>, OptionQuery>;

    /// Miner account a validator (or anyone) mines with, accepted by the miner, for
    /// [`Pallet::did_zk_duty`].
    #[pallet::storage]
    pub type MinerAccountOf<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, MinerBinding<T::AccountId>, OptionQuery>;

    /// Miner accounts proposed by owners and not yet accepted: owner => miner.
    #[pallet::storage]
    pub type MinerAccountProposals<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

    /// Per epoch: owners whose bound miner account landed a solution in it (their ZK duty),
    /// recorded when the solution lands with the binding in force then.
    #[pallet::storage]
    pub type DutyDone<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Blake2_128Concat,
        T::AccountId,
        (),
        OptionQuery,
    >;

    /// Reverse of [`MinerAccountOf`]: a miner account serves one owner.
    #[pallet::storage]
    pub type MinerAccountOwner<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

    /// The oldest expired epoch whose [`MinerStats`], [`Landed`] and [`DutyDone`] entries are
    /// not all cleared yet; pruning moves on to the next expired epoch when it is done.
    #[pallet::storage]
    pub type Pruning<T: Config> = StorageValue<_, EpochIndex, OptionQuery>;

    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// Puzzle size `k` (`quarry_primitives::MIN_K` up to the largest of [`BENCHMARKED_K`]); 0
        /// means `DEV_K`.
        pub k: u32,
        /// Initial proof target; 0 means [`Config::MinProofTarget`].
        pub initial_proof_target: ProofTarget,
        /// Seed of the epoch-0 challenge (`blake2_256("quarry/mining/genesis" ‖ seed)`): give
        /// each network its own so that no work can be prepared before its launch.
        pub challenge_seed: alloc::vec::Vec<u8>,
        /// Blocks per epoch of this chain; 0 keeps the runtime's default. Takes effect where
        /// the runtime reads `Config::EpochLength` through [`EpochLengthFromGenesis`].
        pub epoch_length: BlockNumberFor<T>,
        /// Proof-target floor of this chain; 0 keeps the runtime's default (through
        /// [`MinProofTargetFromGenesis`]).
        pub min_proof_target: ProofTarget,
        /// Hot keys registered at genesis: `(miner, key)` (development chains let their dev
        /// accounts mine with their own keys).
        pub hot_keys: alloc::vec::Vec<(T::AccountId, sr25519::Public)>,
        #[serde(skip)]
        pub _config: core::marker::PhantomData<T>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            // First: everything below reads the parameters.
            if !self.epoch_length.is_zero() {
                GenesisEpochLength::<T>::put(self.epoch_length);
            }
            if self.min_proof_target != 0 {
                GenesisMinProofTarget::<T>::put(self.min_proof_target);
            }
            assert!(
                T::EpochLength::get() > T::ChallengeLead::get()
                    && T::EpochLength::get() > T::ClaimWindow::get(),
                "quarry-mining genesis: an epoch must be longer than ChallengeLead and ClaimWindow"
            );
            assert!(T::MinProofTarget::get() > 0, "quarry-mining genesis: MinProofTarget must be positive");
            let k = if self.k == 0 { quarry_primitives::DEV_K } else { self.k };
            let max_k = BENCHMARKED_K[BENCHMARKED_K.len() - 1];
            assert!(
                (quarry_primitives::MIN_K..=max_k).contains(&k),
                "quarry-mining genesis: k = {k} is outside {}..={max_k} (solution weights are \
                 benchmarked up to k = {max_k})",
                quarry_primitives::MIN_K,
            );
            let target = self.initial_proof_target.max(T::MinProofTarget::get());
            PuzzleK::<T>::put(k);
            for (miner, key) in &self.hot_keys {
                HotKeys::<T>::insert(miner, key);
            }
            CurrentProofTarget::<T>::put(target);
            Anchor::<T>::put(TargetAnchor { height: Zero::zero(), target, solutions: 0 });
            let challenge =
                sp_io::hashing::blake2_256(&(b"quarry/mining/genesis", &self.challenge_seed).encode());
            CurrentEpoch::<T>::put(EpochInfo {
                index: 0,
                challenge,
                ends_at: T::EpochLength::get(),
            });
        }
    }

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A solution was dispatched in this block; its opening is verified at the block's end,
        /// which emits [`Event::SolutionAccepted`] or [`Event::SolutionRejected`] for it.
        SolutionQueued { miner: T::AccountId, nonce: u64, quality: Quality },
        /// A solution landed (its opening verified at the end of the block).
        SolutionAccepted { epoch: EpochIndex, miner: T::AccountId, nonce: u64, quality: Quality },
        /// A signed solution in this block failed verification: nothing is booked, `slashed` is
        /// taken from the miner's bond and its hot key is revoked.
        SolutionRejected { miner: T::AccountId, nonce: u64, error: VerifyError, slashed: u128 },
        /// `miner` registered `key` as its hot key (or removed it, `None`).
        HotKeySet { miner: T::AccountId, key: Option<sr25519::Public> },
        /// An epoch ended; `winner` landed its best solution so far (none if nobody mined). A
        /// better claim may still replace it until [`Event::WinnerDecided`].
        EpochEnded {
            epoch: EpochIndex,
            solutions: u32,
            shares: u128,
            winner: Option<T::AccountId>,
        },
        /// A new epoch started with this challenge.
        NewEpoch { epoch: EpochIndex, challenge: Challenge, ends_at: BlockNumberFor<T> },
        /// The challenge of the next epoch, `epoch`, is fixed: miners may prepare for it.
        ChallengeAnnounced { epoch: EpochIndex, challenge: Challenge },
        /// A solution of the finished `epoch`, better than its best, claimed its winner title.
        WinnerClaimed { epoch: EpochIndex, miner: T::AccountId, nonce: u64, quality: Quality },
        /// The claim window of `epoch` closed: `winner` is its winner for good.
        WinnerDecided { epoch: EpochIndex, winner: Option<T::AccountId> },
        /// `owner` proposed `miner` as its miner account; `miner` must accept.
        MinerAccountProposed { owner: T::AccountId, miner: T::AccountId },
        /// `owner` now mines with `miner` (or with no separate miner account): its solutions
        /// count for the owner's duty from `from_epoch`.
        MinerAccountSet { owner: T::AccountId, miner: Option<T::AccountId>, from_epoch: EpochIndex },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// The solution is for another challenge than the current epoch's.
        StaleChallenge,
        /// This `(miner, nonce)` already landed in this epoch.
        DuplicateSolution,
        /// The miner has no bond, or has landed `floor(bond / StakePerSolution)` solutions in
        /// this epoch already.
        OverAllowance,
        /// The solution's quality is below the proof target.
        BelowTarget,
        /// The commitment or the proof is malformed.
        MalformedSolution,
        /// The opening proof does not verify, or is blinded.
        InvalidProof,
        /// The chain's `k` is not supported by the node's verifier.
        UnsupportedK,
        /// The block already holds `MaxSolutionsPerBlock` solutions.
        BlockFull,
        /// A winner claim for a finished epoch is not better than the epoch's best solution.
        ClaimNotBetter,
        /// The miner account already serves another owner.
        MinerAccountTaken,
        /// The owner has not proposed this miner account.
        NotProposed,
        /// An account cannot be its own miner account.
        OwnMinerAccount,
        /// The miner has registered no hot key ([`Pallet::set_hot_key`]).
        NoHotKey,
        /// The signature is not the miner's hot key's over this solution and slot.
        BadSignature,
        /// The pool slot is not below [`Config::PoolSlotsPerMiner`].
        BadSlot,
        /// Only an account bonded for at least one solution per epoch can register a hot key.
        NotAMiner,
    }

    /// A reason for this pallet placing a hold on funds.
    #[pallet::composite_enum]
    pub enum HoldReason {
        /// The deposit of a miner-account proposal or binding.
        #[codec(index = 0)]
        MinerAccount,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn on_initialize(n: BlockNumberFor<T>) -> Weight {
            let pruned = Self::prune_step();
            let epoch = CurrentEpoch::<T>::get();
            let announce_at = epoch
                .ends_at
                .saturating_sub(T::ChallengeLead::get())
                .saturating_add(One::one());
            if n == announce_at {
                Self::announce_next_challenge(&epoch);
            }
            if let Some(claims) = Claims::<T>::get().filter(|claims| n > claims.until) {
                Claims::<T>::kill();
                let winner = Best::<T>::get(claims.epoch).map(|best| best.miner);
                Self::deposit_event(Event::WinnerDecided { epoch: claims.epoch, winner });
            }
            // Epoch, claims, best; the announcement or the decision writes one item.
            pruned
                .saturating_add(T::WeightInfo::on_finalize_epoch_end())
                .saturating_add(T::DbWeight::get().reads_writes(3, 2))
        }

        fn on_finalize(n: BlockNumberFor<T>) {
            Self::settle_solutions(n);
            let landed = SolutionsInBlock::<T>::take();
            Self::record_block(n, landed);
            if n >= CurrentEpoch::<T>::get().ends_at {
                Self::end_epoch(n);
            }
        }

        fn integrity_test() {
            assert!(T::EpochLength::get() > Zero::zero(), "EpochLength must be positive");
            assert!(T::TargetSolutionsPerBlock::get() > 0, "TargetSolutionsPerBlock must be > 0");
            assert!(
                T::MaxSolutionsPerBlock::get() >= T::TargetSolutionsPerBlock::get(),
                "MaxSolutionsPerBlock must allow the target rate"
            );
            assert!(T::TargetHalfLife::get() > 0, "TargetHalfLife must be positive");
            assert!(T::MinProofTarget::get() > 0, "MinProofTarget must be positive");
            assert!(T::HistoryDepth::get() >= 2, "HistoryDepth must keep the previous epoch");
            assert!(T::StakePerSolution::get() > 0, "StakePerSolution must be positive");
            assert!(T::PoolSlotsPerMiner::get() > 0, "PoolSlotsPerMiner must be positive");
            assert!(
                !T::ChallengeLead::get().is_zero() && T::ChallengeLead::get() < T::EpochLength::get(),
                "ChallengeLead must be at least 1 block and shorter than an epoch"
            );
            assert!(
                T::ClaimWindow::get() < T::EpochLength::get(),
                "ClaimWindow must be shorter than an epoch (one window open at a time)"
            );
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
            Self::do_try_state()
        }
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Submit a puzzle solution signed by the miner's hot key (unsigned: no fee; the reward
        /// account is the solution's `miner`, which the proof binds).
        ///
        /// Checked here: block not full, pool slot, current challenge, not a duplicate (landed or
        /// queued), allowance left, the puzzle's cheap checks (quality against the target
        /// included) and the hot key's signature. The solution is queued; `on_finalize` verifies
        /// its opening with the rest of the block's and books it, or slashes the miner (see the
        /// crate docs, "Verification"). A solution for the epoch that just ended, better than
        /// its best, lands as a winner claim while the claim window is open.
        #[pallet::call_index(0)]
        #[pallet::weight(
            Pallet::<T>::submit_solution_weight(PuzzleK::<T>::get())
                .saturating_add(T::WeightInfo::validate_solution())
                .saturating_add(<T::Slash as pallet_quarry_staking::Slash<_, _>>::slash_weight())
        )]
        pub fn submit_solution(origin: OriginFor<T>, submission: SignedSolution) -> DispatchResult {
            ensure_none(origin)?;
            ensure!(
                SolutionsInBlock::<T>::get() < T::MaxSolutionsPerBlock::get(),
                Error::<T>::BlockFull
            );
            let landing = Self::check_submission(&submission, Verification::OpeningDeferred)?;
            let (nonce, quality) = (submission.solution.nonce, landing.quality);
            UnverifiedOpenings::<T>::try_append(QueuedSolution {
                solution: submission.solution,
                proof_target: landing.proof_target,
                quality: landing.quality,
                claim: landing.claim,
            })
            .map_err(|_| Error::<T>::BlockFull)?;
            SolutionsInBlock::<T>::mutate(|n| *n += 1);
            Self::deposit_event(Event::SolutionQueued { miner: landing.miner, nonce, quality });
            Ok(())
        }

        /// Propose `miner` as the caller's miner account (validators: their ZK duty is met
        /// when either account lands a solution), or stop with `None`.
        ///
        /// A proposal binds nothing until `miner` accepts it ([`Pallet::accept_miner_account`]),
        /// so no one can claim another's work or squat on another's miner. The caller's
        /// [`Config::MinerAccountDeposit`] is held while it has a proposal or a binding; `None`
        /// ends both (the binding at once) and releases it.
        ///
        /// Emits [`Event::MinerAccountProposed`], or [`Event::MinerAccountSet`] for `None`.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::set_miner_account())]
        pub fn set_miner_account(
            origin: OriginFor<T>,
            miner: Option<T::AccountId>,
        ) -> DispatchResult {
            let owner = ensure_signed(origin)?;
            let Some(miner) = miner else {
                MinerAccountProposals::<T>::remove(&owner);
                Self::unbind_miner_account(&owner);
                T::Currency::release_all(
                    &HoldReason::MinerAccount.into(),
                    &owner,
                    frame_support::traits::tokens::Precision::BestEffort,
                )?;
                let from_epoch = CurrentEpoch::<T>::get().index;
                Self::deposit_event(Event::MinerAccountSet { owner, miner: None, from_epoch });
                return Ok(());
            };
            ensure!(miner != owner, Error::<T>::OwnMinerAccount);
            Self::hold_deposit(&owner)?;
            MinerAccountProposals::<T>::insert(&owner, &miner);
            Self::deposit_event(Event::MinerAccountProposed { owner, miner });
            Ok(())
        }

        /// Accept `owner`'s proposal to make the caller its miner account.
        ///
        /// The caller must not serve another owner. The binding replaces the owner's previous
        /// one at once and counts for the owner's ZK duty from the next epoch: work landed
        /// before the binding existed, or in the epoch it was made, cannot be claimed.
        ///
        /// Emits [`Event::MinerAccountSet`].
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::set_miner_account())]
        pub fn accept_miner_account(origin: OriginFor<T>, owner: T::AccountId) -> DispatchResult {
            let miner = ensure_signed(origin)?;
            ensure!(
                MinerAccountProposals::<T>::get(&owner).as_ref() == Some(&miner),
                Error::<T>::NotProposed
            );
            if let Some(other) = MinerAccountOwner::<T>::get(&miner) {
                ensure!(other == owner, Error::<T>::MinerAccountTaken);
            }
            MinerAccountProposals::<T>::remove(&owner);
            Self::unbind_miner_account(&owner);
            let from_epoch = CurrentEpoch::<T>::get().index.saturating_add(1);
            MinerAccountOf::<T>::insert(&owner, MinerBinding { miner: miner.clone(), from_epoch });
            MinerAccountOwner::<T>::insert(&miner, &owner);
            Self::deposit_event(Event::MinerAccountSet { owner, miner: Some(miner), from_epoch });
            Ok(())
        }

        /// Register `key` as the caller's hot key: the sr25519 key its mining machines sign
        /// solutions with ([`SignedSolution`]), replacing any earlier one; `None` removes it.
        ///
        /// Signed by the miner account itself, which consents to answer for what the key signs:
        /// each solution of the key whose opening fails verification in a block slashes the
        /// caller [`Config::InvalidSolutionSlash`] and revokes the key. The caller must be
        /// bonded for at least one solution per epoch ([`Config::StakePerSolution`]).
        ///
        /// Emits [`Event::HotKeySet`].
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::set_hot_key())]
        pub fn set_hot_key(origin: OriginFor<T>, key: Option<sr25519::Public>) -> DispatchResult {
            let miner = ensure_signed(origin)?;
            match &key {
                Some(key) => {
                    ensure!(
                        T::Stake::bonded(&miner) >= T::StakePerSolution::get(),
                        Error::<T>::NotAMiner
                    );
                    HotKeys::<T>::insert(&miner, key);
                },
                None => HotKeys::<T>::remove(&miner),
            }
            Self::deposit_event(Event::HotKeySet { miner, key });
            Ok(())
        }
    }

    #[pallet::validate_unsigned]
    impl<T: Config> ValidateUnsigned for Pallet<T> {
        type Call = Call<T>;

        fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
            let Call::submit_solution { submission } = call else {
                return InvalidTransaction::Call.into();
            };
            let Landing { miner, quality, claim, .. } =
                Self::check_submission(submission, Verification::OpeningDeferred)
                    .map_err(Self::invalid)?;
            let (epoch, valid_until) = match claim {
                None => {
                    let epoch = CurrentEpoch::<T>::get();
                    (epoch.index, epoch.ends_at)
                },
                Some(epoch) => (epoch, Claims::<T>::get().map(|c| c.until).unwrap_or_default()),
            };
            let now = frame_system::Pallet::<T>::block_number();
            let longevity: u64 = valid_until.saturating_sub(now).unique_saturated_into();
            ValidTransaction::with_tag_prefix("quarry/solution")
                .priority(T::UnsignedPriority::get().saturating_add(quality))
                .and_provides((epoch, &miner, submission.solution.nonce))
                .and_provides((b"slot", &miner, submission.slot))
                .longevity(longevity.max(1))
                .propagate(true)
                .build()
        }

        fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
            let Call::submit_solution { submission } = call else {
                return Err(InvalidTransaction::Call.into());
            };
            if SolutionsInBlock::<T>::get() >= T::MaxSolutionsPerBlock::get() {
                return Err(InvalidTransaction::ExhaustsResources.into());
            }
            Self::check_submission(submission, Verification::OpeningDeferred)
                .map(|_| ())
                .map_err(Self::invalid)
        }
    }
}

/// `Config::EpochLength` of a runtime whose networks choose their epoch length at genesis: the
/// genesis value ([`GenesisEpochLength`]), or `D` when the genesis left it unset.
pub struct EpochLengthFromGenesis<T, D>(core::marker::PhantomData<(T, D)>);
impl<T: Config, D: Get<BlockNumberFor<T>>> Get<BlockNumberFor<T>> for EpochLengthFromGenesis<T, D> {
    fn get() -> BlockNumberFor<T> {
        GenesisEpochLength::<T>::get().unwrap_or_else(D::get)
    }
}

/// `Config::MinProofTarget` from genesis ([`GenesisMinProofTarget`]), or `D`.
pub struct MinProofTargetFromGenesis<T, D>(core::marker::PhantomData<(T, D)>);
impl<T: Config, D: Get<ProofTarget>> Get<ProofTarget> for MinProofTargetFromGenesis<T, D> {
    fn get() -> ProofTarget {
        GenesisMinProofTarget::<T>::get().unwrap_or_else(D::get)
    }
}

/// What the solutions queued earlier in this block say about a new one (in the pool the queue
/// is always empty: it never outlives its block).
struct Queued {
    /// A queued solution is the same work unit.
    same_work_unit: bool,
    /// Queued solutions of the same miner and kind (work of the current epoch, or claims).
    of_miner: u32,
    /// The best quality among queued claims on the same epoch.
    best_claim: Option<Quality>,
}

impl Queued {
    /// Reads the queue for `solution`, work of the current epoch (`claim` `None`) or a claim.
    fn read<T: Config>(solution: &Solution, claim: Option<EpochIndex>) -> Self {
        let mut queued = Self { same_work_unit: false, of_miner: 0, best_claim: None };
        for entry in UnverifiedOpenings::<T>::get().iter().filter(|e| e.claim == claim) {
            if claim.is_some() {
                queued.best_claim = queued.best_claim.max(Some(entry.quality));
            }
            if entry.solution.miner == solution.miner {
                queued.of_miner += 1;
                queued.same_work_unit |= entry.solution.nonce == solution.nonce;
            }
        }
        queued
    }
}

/// Blocks kept in [`RecentBlocks`].
pub const RECENT_BLOCKS: u32 = 32;

/// How much of the puzzle's verification a check runs (see the crate docs, "Verification").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verification {
    /// Every check, the opening proof included (off-chain callers and tests).
    Full,
    /// The cheap checks; the opening is left to the end-of-block batch (pool and block).
    OpeningDeferred,
}

/// A solution that passed [`Pallet::check_landing`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Landing<AccountId> {
    /// The miner it pays.
    pub miner: AccountId,
    /// Its quality.
    pub quality: Quality,
    /// `Some(epoch)` for a winner claim on a finished epoch, `None` for work of this one.
    pub claim: Option<EpochIndex>,
    /// The target it was checked against (the opening must be verified against the same).
    pub proof_target: ProofTarget,
}

impl<T: Config> Pallet<T> {
    /// The checks of a submission: its pool slot, the miner's hot key, [`Pallet::check_landing`]
    /// to the depth `verification` asks, and the hot key's signature.
    pub fn check_submission(
        submission: &SignedSolution,
        verification: Verification,
    ) -> Result<Landing<T::AccountId>, Error<T>> {
        ensure!(submission.slot < T::PoolSlotsPerMiner::get(), Error::<T>::BadSlot);
        let miner = T::AccountId::from(submission.solution.miner);
        let key = HotKeys::<T>::get(&miner).ok_or(Error::<T>::NoHotKey)?;
        let landing = Self::check_landing(&submission.solution, verification)?;
        let payload = SignedSolution::signing_payload(&submission.solution, submission.slot);
        let signature = sr25519::Signature::from_raw(submission.signature);
        ensure!(
            sp_io::crypto::sr25519_verify(&signature, &payload, &key),
            Error::<T>::BadSignature
        );
        Ok(landing)
    }

    /// Everything that makes `solution` acceptable now, cheapest first, opening proof included;
    /// returns the miner's account and the solution's quality.
    pub fn check_solution(solution: &Solution) -> Result<(T::AccountId, Quality), Error<T>> {
        Self::check_landing(solution, Verification::Full).map(|l| (l.miner, l.quality))
    }

    /// The checks of [`Pallet::check_solution`] to the depth `verification` asks, also telling
    /// whether the solution is a winner claim for a finished epoch rather than work of the
    /// current one.
    pub fn check_landing(
        solution: &Solution,
        verification: Verification,
    ) -> Result<Landing<T::AccountId>, Error<T>> {
        let epoch = CurrentEpoch::<T>::get();
        if solution.challenge != epoch.challenge {
            return Self::check_claim(solution, verification);
        }
        let miner = T::AccountId::from(solution.miner);
        let queued = Queued::read::<T>(solution, None);
        ensure!(
            !queued.same_work_unit && !Landed::<T>::contains_key(epoch.index, (&miner, solution.nonce)),
            Error::<T>::DuplicateSolution
        );
        ensure!(
            Self::allowance_left(epoch.index, &miner) > queued.of_miner,
            Error::<T>::OverAllowance
        );
        let proof_target = CurrentProofTarget::<T>::get();
        let quality = Self::puzzle_check(solution, &epoch.challenge, proof_target, verification)
            .map_err(Self::verify_error)?;
        Ok(Landing { miner, quality, claim: None, proof_target })
    }

    /// The puzzle's verdict on `solution` against `challenge` and `proof_target`, from the host
    /// functions.
    fn puzzle_check(
        solution: &Solution,
        challenge: &Challenge,
        proof_target: ProofTarget,
        verification: Verification,
    ) -> Result<Quality, VerifyError> {
        let k = PuzzleK::<T>::get();
        match verification {
            Verification::Full =>
                quarry_primitives::puzzle::verify_solution(solution.clone(), challenge, k, proof_target),
            Verification::OpeningDeferred =>
                quarry_primitives::puzzle::precheck_solution(solution.clone(), challenge, k, proof_target),
        }
    }

    /// The end of block `n` for its solutions: verify the openings of every queued solution
    /// with one combined MSM per challenge and target (the host function verifies one by one
    /// only when that fails), then, in dispatch order, book each valid solution and penalize
    /// each invalid one ([`Pallet::reject`]). `on_finalize` runs it; test runtimes of other
    /// pallets call it to land solutions within a block.
    pub fn settle_solutions(n: BlockNumberFor<T>) {
        let queued = UnverifiedOpenings::<T>::take();
        if queued.is_empty() {
            return;
        }
        let k = PuzzleK::<T>::get();
        // The epoch's work and, while the claim window is open, claims on the finished epoch.
        let mut batches: alloc::collections::BTreeMap<(Challenge, ProofTarget), alloc::vec::Vec<usize>> =
            Default::default();
        for (index, entry) in queued.iter().enumerate() {
            batches.entry((entry.solution.challenge, entry.proof_target)).or_default().push(index);
        }
        let mut verdicts: alloc::vec::Vec<Option<Result<Quality, VerifyError>>> =
            alloc::vec![None; queued.len()];
        for ((challenge, proof_target), indices) in batches {
            let solutions = indices.iter().map(|&i| queued[i].solution.clone()).collect();
            let results =
                quarry_primitives::puzzle::verify_solutions(solutions, &challenge, k, proof_target);
            for (index, result) in indices.into_iter().zip(results) {
                verdicts[index] = Some(result);
            }
        }
        for (entry, verdict) in queued.into_iter().zip(verdicts) {
            let miner = T::AccountId::from(entry.solution.miner);
            let nonce = entry.solution.nonce;
            match verdict {
                Some(Ok(_)) => match entry.claim {
                    None => Self::land(miner, nonce, entry.quality),
                    Some(epoch) => Self::claim_winner(epoch, miner, nonce, entry.quality),
                },
                Some(Err(error)) => Self::reject(miner, nonce, error),
                None => {
                    // The host function answers once per solution; if it did not, book nothing
                    // and punish no one.
                    log::error!(
                        target: LOG_TARGET,
                        "block {n:?}: no verdict for nonce {nonce} of miner {miner:?}; not booked"
                    );
                    SolutionsInBlock::<T>::mutate(|n| *n = n.saturating_sub(1));
                },
            }
        }
    }

    /// A solution of `miner`'s hot key failed verification in a block: book nothing, slash
    /// [`Config::InvalidSolutionSlash`] from the miner's bond and revoke the key, so that no
    /// further solution signed by it is admitted.
    fn reject(miner: T::AccountId, nonce: u64, error: VerifyError) {
        use pallet_quarry_staking::Slash as _;
        SolutionsInBlock::<T>::mutate(|n| *n = n.saturating_sub(1));
        let slashed = T::Slash::slash(&miner, T::InvalidSolutionSlash::get());
        HotKeys::<T>::remove(&miner);
        Self::deposit_event(Event::SolutionRejected { miner, nonce, error, slashed });
    }

    /// A winner claim: a solution for the finished epoch whose claim window is open, by a miner
    /// with allowance left in it, not landed as work, and better than the epoch's best (the
    /// host function checks `quality >= best + 1`).
    fn check_claim(
        solution: &Solution,
        verification: Verification,
    ) -> Result<Landing<T::AccountId>, Error<T>> {
        let now = frame_system::Pallet::<T>::block_number();
        let claims = Claims::<T>::get()
            .filter(|claims| claims.challenge == solution.challenge && now <= claims.until)
            .ok_or(Error::<T>::StaleChallenge)?;
        let miner = T::AccountId::from(solution.miner);
        ensure!(
            !Landed::<T>::contains_key(claims.epoch, (&miner, solution.nonce)),
            Error::<T>::DuplicateSolution
        );
        ensure!(Self::allowance_left(claims.epoch, &miner) > 0, Error::<T>::OverAllowance);
        // Better than the best booked and than every claim queued before it in this block.
        let best = Best::<T>::get(claims.epoch).map(|best| best.quality);
        let best = best.max(Queued::read::<T>(solution, Some(claims.epoch)).best_claim);
        let to_beat = best.map_or(T::MinProofTarget::get(), |best| best.saturating_add(1));
        let quality = Self::puzzle_check(solution, &claims.challenge, to_beat, verification)
            .map_err(|error| match error {
                VerifyError::BelowTarget(..) => Error::<T>::ClaimNotBetter,
                other => Self::verify_error(other),
            })?;
        Ok(Landing { miner, quality, claim: Some(claims.epoch), proof_target: to_beat })
    }

    /// Solutions `miner` may still land in `epoch`: `floor(bond / StakePerSolution)` minus those
    /// it landed.
    pub fn allowance_left(epoch: EpochIndex, miner: &T::AccountId) -> u32 {
        let allowance = T::Stake::bonded(miner) / T::StakePerSolution::get();
        let allowance: u32 = allowance.try_into().unwrap_or(u32::MAX);
        let used = MinerStats::<T>::get(epoch, miner).map_or(0, |s| s.solutions);
        allowance.saturating_sub(used)
    }

    /// The current work for `miner` (the `MiningApi::work` runtime API).
    pub fn work(miner: &T::AccountId) -> MiningWork {
        let epoch = CurrentEpoch::<T>::get();
        MiningWork {
            epoch: epoch.index,
            challenge: epoch.challenge,
            proof_target: CurrentProofTarget::<T>::get(),
            k: PuzzleK::<T>::get(),
            allowance_left: Self::allowance_left(epoch.index, miner),
            epoch_ends_at: epoch.ends_at.unique_saturated_into(),
            hot_key: HotKeys::<T>::get(miner).map(|key| key.0),
            pool_slots: T::PoolSlotsPerMiner::get(),
        }
    }

    /// Chain-wide statistics with the `top` miners of the current epoch (the `MiningApi::stats`
    /// runtime API; reads every miner of the epoch, so it is for off-chain callers only).
    pub fn stats(top: u32) -> MiningStats<T::AccountId> {
        let epoch = CurrentEpoch::<T>::get();
        let totals = Totals::<T>::get(epoch.index);
        let mut miners: alloc::vec::Vec<_> = MinerStats::<T>::iter_prefix(epoch.index)
            .map(|(miner, stats)| MinerSummary {
                miner,
                solutions: stats.solutions,
                shares: stats.shares,
            })
            .collect();
        miners.sort_by(|a, b| b.shares.cmp(&a.shares));
        miners.truncate(top as usize);
        MiningStats {
            epoch: epoch.index,
            epoch_ends_at: epoch.ends_at.unique_saturated_into(),
            proof_target: CurrentProofTarget::<T>::get(),
            k: PuzzleK::<T>::get(),
            target_solutions_per_block: T::TargetSolutionsPerBlock::get(),
            max_solutions_per_block: T::MaxSolutionsPerBlock::get(),
            recent_blocks: RecentBlocks::<T>::get()
                .into_iter()
                .map(|(n, solutions, target)| (n.unique_saturated_into(), solutions, target))
                .collect(),
            epoch_solutions: totals.solutions,
            epoch_shares: totals.shares,
            top_miners: miners,
            previous_winner: epoch.index.checked_sub(1).and_then(Self::winner),
        }
    }

    /// Whether `who`, or the miner account bound to it when the solution landed (accepted by
    /// the miner, in force since an earlier epoch), landed a solution in `epoch`.
    pub fn did_zk_duty(epoch: EpochIndex, who: &T::AccountId) -> bool {
        MinerStats::<T>::contains_key(epoch, who) || DutyDone::<T>::contains_key(epoch, who)
    }

    /// Shares a solution landed under proof target `target` earns: the target itself, i.e. the
    /// expected number of attempts per solution (pay-per-share). A solution's quality beyond
    /// the target is luck, not work: crediting it made one lucky solution outweigh a whole
    /// epoch of honest work. Quality still ranks solutions and picks the epoch's winner.
    pub fn shares_for(target: ProofTarget) -> u128 {
        target as u128
    }

    /// End `owner`'s miner-account binding, if any, freeing its miner.
    fn unbind_miner_account(owner: &T::AccountId) {
        if let Some(previous) = MinerAccountOf::<T>::take(owner) {
            MinerAccountOwner::<T>::remove(previous.miner);
        }
    }

    /// Hold the miner-account deposit from `owner` unless it already holds one.
    fn hold_deposit(owner: &T::AccountId) -> DispatchResult {
        use frame_support::traits::fungible::hold::Inspect as _;
        let reason = HoldReason::MinerAccount.into();
        if T::Currency::balance_on_hold(&reason, owner) == 0 {
            T::Currency::hold(&reason, owner, T::MinerAccountDeposit::get())?;
        }
        Ok(())
    }

    /// The winner of a finished epoch (the miner of its best solution) once its claim window
    /// closed, while it is within [`Config::HistoryDepth`].
    pub fn winner(epoch: EpochIndex) -> Option<T::AccountId> {
        if epoch >= CurrentEpoch::<T>::get().index
            || Claims::<T>::get().is_some_and(|claims| claims.epoch == epoch)
        {
            return None;
        }
        Best::<T>::get(epoch).map(|best| best.miner)
    }

    /// The winner of the latest epoch whose winner is decided: the previous epoch's, or while
    /// its claim window is open, the one before (proving priority for the task market).
    pub fn latest_winner() -> Option<T::AccountId> {
        let previous = CurrentEpoch::<T>::get().index.checked_sub(1)?;
        if Claims::<T>::get().is_some_and(|claims| claims.epoch == previous) {
            previous.checked_sub(1).and_then(Self::winner)
        } else {
            Self::winner(previous)
        }
    }

    /// `blake2_256("quarry/mining/challenge" ‖ previous ‖ epoch ‖ seed_hash)`: the challenge of
    /// epoch `epoch + 1`, `seed_hash` being the hash of block `ends_at - ChallengeLead` of
    /// epoch `epoch`.
    ///
    /// Nothing the authors of the epoch's last `ChallengeLead` blocks do can change it, and it
    /// is public from block `ends_at - ChallengeLead + 1` on. The author of the seeding block
    /// can grind its hash, but no challenge is easier than another.
    pub fn next_challenge(previous: &Challenge, epoch: EpochIndex, seed_hash: &T::Hash) -> Challenge {
        let input: (&[u8], &Challenge, EpochIndex, &T::Hash) =
            (b"quarry/mining/challenge", previous, epoch, seed_hash);
        sp_io::hashing::blake2_256(&input.encode())
    }

    /// Fix and announce the challenge of the epoch after `epoch` from this block's parent hash.
    fn announce_next_challenge(epoch: &EpochInfo<BlockNumberFor<T>>) {
        let challenge = Self::next_challenge(
            &epoch.challenge,
            epoch.index,
            &frame_system::Pallet::<T>::parent_hash(),
        );
        NextChallenge::<T>::put(challenge);
        Self::deposit_event(Event::ChallengeAnnounced { epoch: epoch.index + 1, challenge });
    }

    fn invalid(error: Error<T>) -> TransactionValidityError {
        use invalid_solution::*;
        let code = match error {
            Error::StaleChallenge => STALE_CHALLENGE,
            Error::DuplicateSolution => DUPLICATE,
            Error::OverAllowance => OVER_ALLOWANCE,
            Error::BelowTarget => BELOW_TARGET,
            Error::MalformedSolution => MALFORMED,
            Error::InvalidProof => INVALID_PROOF,
            Error::UnsupportedK => UNSUPPORTED_K,
            Error::ClaimNotBetter => CLAIM_NOT_BETTER,
            Error::NoHotKey => NO_HOT_KEY,
            Error::BadSignature => BAD_SIGNATURE,
            Error::BadSlot => BAD_SLOT,
            Error::BlockFull => return InvalidTransaction::ExhaustsResources.into(),
            _ => return InvalidTransaction::Call.into(),
        };
        InvalidTransaction::Custom(code).into()
    }

    /// The [`invalid_solution`] code of a failed puzzle check, as the pool reports it: the node's
    /// RPC answers its own precheck with this, so the mapping from [`VerifyError`] to codes is
    /// written once, here (`verify_error`, then `invalid`).
    pub fn invalid_solution_code(error: VerifyError) -> Option<u8> {
        match Self::invalid(Self::verify_error(error)) {
            TransactionValidityError::Invalid(InvalidTransaction::Custom(code)) => Some(code),
            _ => None,
        }
    }

    fn verify_error(error: VerifyError) -> Error<T> {
        match error {
            VerifyError::WrongChallenge => Error::StaleChallenge,
            VerifyError::MalformedCommitment | VerifyError::MalformedProof =>
                Error::MalformedSolution,
            VerifyError::BelowTarget(..) => Error::BelowTarget,
            VerifyError::NonZeroBlind | VerifyError::InvalidOpening => Error::InvalidProof,
            VerifyError::UnsupportedK(_) => Error::UnsupportedK,
        }
    }

    /// Book a winner claim: the solution becomes `epoch`'s best. No shares, no allowance used.
    fn claim_winner(epoch: EpochIndex, miner: T::AccountId, nonce: u64, quality: Quality) {
        Best::<T>::insert(epoch, BestSolution { miner: miner.clone(), quality, nonce });
        Self::deposit_event(Event::WinnerClaimed { epoch, miner, nonce, quality });
    }

    /// Book an accepted solution.
    fn land(miner: T::AccountId, nonce: u64, quality: Quality) {
        let epoch = CurrentEpoch::<T>::get().index;
        let shares = Self::shares_for(CurrentProofTarget::<T>::get());
        Landed::<T>::insert(epoch, (&miner, nonce), ());
        let first = MinerStats::<T>::mutate(epoch, &miner, |stats| {
            let stats = stats.get_or_insert_with(Default::default);
            stats.solutions += 1;
            stats.shares = stats.shares.saturating_add(shares);
            stats.solutions == 1
        });
        Totals::<T>::mutate(epoch, |totals| {
            totals.solutions += 1;
            totals.shares = totals.shares.saturating_add(shares);
            totals.miners += first as u32;
        });
        if let Some(owner) = MinerAccountOwner::<T>::get(&miner) {
            let bound = MinerAccountOf::<T>::get(&owner)
                .is_some_and(|b| b.miner == miner && b.from_epoch <= epoch);
            if bound {
                DutyDone::<T>::insert(epoch, owner, ());
            }
        }
        Best::<T>::mutate(epoch, |best| {
            if best.as_ref().is_none_or(|b| quality > b.quality) {
                *best = Some(BestSolution { miner: miner.clone(), quality, nonce });
            }
        });
        Self::deposit_event(Event::SolutionAccepted { epoch, miner, nonce, quality });
    }

    /// End of block `n` with `landed` solutions: advance the ASERT schedule and set the target
    /// of block `n + 1`.
    fn record_block(n: BlockNumberFor<T>, landed: u32) {
        let mut anchor = Anchor::<T>::get();
        anchor.solutions = anchor.solutions.saturating_add(landed as u64);
        let blocks: u64 = n.saturating_sub(anchor.height).unique_saturated_into();
        let next = asert::next_target(
            anchor.target,
            blocks,
            anchor.solutions,
            T::TargetSolutionsPerBlock::get(),
            T::TargetHalfLife::get(),
            T::MinProofTarget::get(),
        );
        if next.clamped {
            // At a bound the schedule restarts from it: a long drought (or flood) is not
            // remembered as a debt that would keep the target pinned once miners return.
            anchor = TargetAnchor { height: n, target: next.target, solutions: 0 };
        }
        Anchor::<T>::put(anchor);
        let used = CurrentProofTarget::<T>::get();
        CurrentProofTarget::<T>::put(next.target);
        RecentBlocks::<T>::mutate(|recent| {
            if recent.is_full() {
                recent.remove(0);
            }
            let _ = recent.try_push((n, landed, used));
        });
    }

    /// The epoch ends at block `n`: start the next one with the announced challenge, open the
    /// claim window, schedule pruning.
    fn end_epoch(n: BlockNumberFor<T>) {
        let epoch = CurrentEpoch::<T>::get();
        let best = Best::<T>::get(epoch.index);
        let totals = Totals::<T>::get(epoch.index);
        // Announced `ChallengeLead` blocks ago; derived now only on a chain upgraded inside
        // that window.
        let challenge = NextChallenge::<T>::take().unwrap_or_else(|| {
            Self::next_challenge(&epoch.challenge, epoch.index, &frame_system::Pallet::<T>::parent_hash())
        });
        let next = EpochInfo {
            index: epoch.index + 1,
            challenge,
            ends_at: n.saturating_add(T::EpochLength::get()),
        };
        CurrentEpoch::<T>::put(next);
        let leader = best.map(|b| b.miner);
        Self::deposit_event(Event::EpochEnded {
            epoch: epoch.index,
            solutions: totals.solutions,
            shares: totals.shares,
            winner: leader.clone(),
        });
        if T::ClaimWindow::get().is_zero() {
            Self::deposit_event(Event::WinnerDecided { epoch: epoch.index, winner: leader });
        } else {
            Claims::<T>::put(OpenClaims {
                epoch: epoch.index,
                challenge: epoch.challenge,
                until: n.saturating_add(T::ClaimWindow::get()),
            });
        }
        Self::deposit_event(Event::NewEpoch {
            epoch: next.index,
            challenge,
            ends_at: next.ends_at,
        });
        if let Some(expired) = next.index.checked_sub(T::HistoryDepth::get()) {
            Totals::<T>::remove(expired);
            Best::<T>::remove(expired);
            // An unfinished prune of an older epoch continues first and then moves on to this
            // one (see `prune_step`), so no epoch's leftovers are forgotten.
            if Pruning::<T>::get().is_none() {
                Pruning::<T>::put(expired);
            }
        }
    }

    /// Clear up to `2 * MaxSolutionsPerBlock` entries of each per-epoch map of the oldest epoch
    /// being pruned: twice the rate at which an epoch can fill them, so pruning keeps up with a
    /// margin; then move on to the next expired epoch, if any.
    fn prune_step() -> Weight {
        let Some(epoch) = Pruning::<T>::get() else {
            return T::DbWeight::get().reads(1);
        };
        let limit = T::MaxSolutionsPerBlock::get().saturating_mul(2);
        let stats = MinerStats::<T>::clear_prefix(epoch, limit, None);
        let landed = Landed::<T>::clear_prefix(epoch, limit, None);
        let duty = DutyDone::<T>::clear_prefix(epoch, limit, None);
        if stats.maybe_cursor.is_none() && landed.maybe_cursor.is_none() && duty.maybe_cursor.is_none() {
            let next = epoch.saturating_add(1);
            let expired = CurrentEpoch::<T>::get().index.checked_sub(T::HistoryDepth::get());
            if expired.is_some_and(|expired| next <= expired) {
                Pruning::<T>::put(next);
            } else {
                Pruning::<T>::kill();
            }
        }
        T::WeightInfo::prune_step(stats.unique.saturating_add(landed.unique).saturating_add(duty.unique))
    }

    /// Weight of one `submit_solution` at puzzle size `k`: its benchmark at the smallest size of
    /// [`BENCHMARKED_K`] not below `k` (genesis refuses a larger `k`). Verification cost grows
    /// with `2^k`, so a smaller `k` is overcharged, never undercharged.
    pub fn submit_solution_weight(k: u32) -> Weight {
        if k <= BENCHMARKED_K[0] {
            T::WeightInfo::submit_solution_k10()
        } else {
            T::WeightInfo::submit_solution_k16()
        }
    }

    /// Storage invariants: the totals of the current epoch equal the sum of its per-miner
    /// statistics, and the target respects its floor.
    #[cfg(any(feature = "try-runtime", test))]
    pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
        let epoch = CurrentEpoch::<T>::get().index;
        let (mut solutions, mut shares, mut miners) = (0u32, 0u128, 0u32);
        for (_, stats) in MinerStats::<T>::iter_prefix(epoch) {
            solutions += stats.solutions;
            shares += stats.shares;
            miners += 1;
        }
        let totals = Totals::<T>::get(epoch);
        ensure!(
            totals == EpochTotals { solutions, shares, miners },
            "epoch totals differ from the per-miner statistics"
        );
        ensure!(
            Landed::<T>::iter_prefix(epoch).count() == solutions as usize,
            "landed work units differ from the solution count"
        );
        ensure!(
            CurrentProofTarget::<T>::get() >= T::MinProofTarget::get(),
            "proof target below its floor"
        );
        ensure!(
            UnverifiedOpenings::<T>::decode_len().unwrap_or(0) <= SolutionsInBlock::<T>::get() as usize,
            "a solution is queued for verification without being counted in the block"
        );
        if let Some(claims) = Claims::<T>::get() {
            ensure!(
                Some(claims.epoch) == epoch.checked_sub(1),
                "a claim window open for an epoch other than the previous one"
            );
        }
        for (owner, binding) in MinerAccountOf::<T>::iter() {
            ensure!(
                MinerAccountOwner::<T>::get(&binding.miner).as_ref() == Some(&owner),
                "a miner binding without its reverse entry"
            );
        }
        Ok(())
    }
}
