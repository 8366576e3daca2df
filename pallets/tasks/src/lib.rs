//! # Quarry Tasks Pallet: the proof market
//!
//! dApps buy proofs of the circuits of `quarry-circuits`' catalogue; provers lock tasks, prove
//! them and are paid only for proofs the chain has verified; provers who lock and do not deliver
//! lose collateral.
//!
//! ## Lifecycle
//!
//! 1. **Submit** ([`Pallet::submit_task`]): a dApp names a circuit, gives the input (checked and
//!    committed to by the `tasks::input_commitment` host function; the chain keeps the
//!    commitment, provers read the input from the block), an [`Offer`], a minimum reputation and a
//!    [`Mode`]. The offer's `max_price` is held from the dApp (`HoldReason::Escrow`).
//! 2. **Price**: a reverse Dutch auction. At `n` blocks after submission the price is
//!    `min_price + (max_price − min_price)·n / ramp_blocks`, then `max_price`
//!    ([`Task::price_at`]): a pure function of the task and the block, nothing stored per bid.
//! 3. **Lock** ([`Pallet::lock_task`], `Mode::Lock`): the first eligible prover locks at the current
//!    price and puts up the offer's collateral (held from its free balance,
//!    `HoldReason::Collateral`). Eligible: reputation at least the task's minimum, fewer active
//!    locks than its bond allows (`bond / StakePerLock`, at most `MaxLocksPerProver`), and, during
//!    the task's first `PriorityBlocks` blocks, being the latest mining epoch's winner (mining buys
//!    proving priority).
//! 4. **Prove** ([`Pallet::submit_proof`], [`Pallet::submit_proofs`]): the proof is verified by the
//!    `tasks::verify_proof(s)` host function, bound to the submitting account; the outputs go into
//!    the [`Event::Proved`] event. The locker, in time: paid the locked price less the protocol
//!    fee (to the treasury), the rest of the escrow back to the dApp, collateral released,
//!    reputation and proving work credited. An invalid proof fails the call: the submitter pays
//!    the fee of a weight that covers the verification.
//! 5. **Missed lock**: `lock_blocks` after locking without a proof, the lock fails (reputation
//!    records a failure). Until the final deadline anyone eligible may still fulfil the task at
//!    price 0 (*secondary* fulfilment); the failed locker's collateral is then slashed, half burned
//!    and half paid to the secondary prover, and the dApp gets its whole escrow back. At the final
//!    deadline an unfulfilled task expires: the dApp is refunded and a failed locker's collateral
//!    is slashed half burned, half to the treasury.
//! 6. **Race** (`Mode::Race`): no lock; the first valid proof before the deadline takes the current
//!    price.
//! 7. **Cancel** ([`Pallet::cancel_task`]): the dApp, while no one has locked: full refund.
//!
//! Lock expiries and deadlines are processed in `on_initialize` from per-block queues
//! ([`LockExpiries`], [`Deadlines`]) of bounded length, never by iterating tasks;
//! [`Pallet::settle`] lets anyone settle a task whose deadline has passed, should a queue ever
//! have been skipped.
//!
//! ## Money
//!
//! Holds, not reserves: the dApp's escrow and the prover's collateral are held under this
//! pallet's [`HoldReason`]s. Collateral is held from free balance rather than earmarked from the
//! staking bond: the bond is already held by the staking pallet for consensus slashing and
//! unbonding, and sharing it would need a second ledger of encumbered bond in staking. The bond
//! still gates how many tasks a prover may hold at once. `try_state` checks that the holds equal
//! the escrow and collateral of open tasks, to the unit.
//!
//! ## No wash-proving
//!
//! Reputation and proving work count only for tasks paid by another account, in proportion to the
//! price paid: the work credited is the circuit's work weight times the price's weight against
//! the market (`ReputationBook::price_weight`) times the prover's reputation score, so
//! near-zero-priced tasks earn nothing worth their fees.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(feature = "runtime-benchmarks")]
pub use benchmarking::BenchmarkHelper;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{InspectHold, Mutate, MutateHold},
        tokens::{Fortitude, Precision, Restriction},
    },
};
use frame_system::pallet_prelude::*;
use pallet_quarry_reputation::{Outcome, ReputationBook};
use pallet_quarry_staking::StakeProvider;
use quarry_primitives::market::{
    TaskFilter, TaskStatus, TaskView, MAX_IDS_SCANNED, MAX_TASKS_PER_PAGE,
};
use quarry_primitives::tasks::{
    self as host, BatchError, CircuitId, FieldBytes, ProofItem, TaskError, MAX_INPUT_LEN,
    MAX_OUTPUTS, MAX_PROOF_LEN,
};
use scale_info::TypeInfo;
use sp_runtime::{
    traits::{Saturating, UniqueSaturatedInto, Zero},
    Permill, Rounding,
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::tasks";

/// Balances are `u128` (Quarry's `Balance`).
pub type Balance = u128;

/// A task's id.
pub type TaskId = u64;

/// A task input, as long as the catalogue's longest.
pub type TaskInput = BoundedVec<u8, ConstU32<MAX_INPUT_LEN>>;
/// A proof's outputs.
pub type TaskOutputs = BoundedVec<FieldBytes, ConstU32<MAX_OUTPUTS>>;
/// A proof.
pub type TaskProof = BoundedVec<u8, ConstU32<MAX_PROOF_LEN>>;

/// How a task is fulfilled.
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
)]
pub enum Mode {
    /// A prover locks the task, with collateral, and has `lock_blocks` to deliver.
    Lock,
    /// No lock: the first valid proof before the deadline is paid.
    Race,
}

/// What a dApp offers for a task.
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
)]
pub struct Offer<BlockNumber> {
    /// The price at submission.
    pub min_price: Balance,
    /// The price the auction rises to; held in escrow.
    pub max_price: Balance,
    /// Blocks over which the price rises from `min_price` to `max_price`.
    pub ramp_blocks: BlockNumber,
    /// Blocks a locker has to deliver.
    pub lock_blocks: BlockNumber,
    /// Blocks after submission at which the task expires.
    pub deadline_blocks: BlockNumber,
    /// Collateral a locker puts up.
    pub collateral: Balance,
}

/// Where a task stands.
#[derive(
    Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug,
)]
pub enum TaskState<AccountId, BlockNumber> {
    /// Waiting for a lock (`Mode::Lock`) or a proof (`Mode::Race`).
    Open,
    /// Locked by `prover` at `price`; its proof is on time up to block `expires_at`.
    Locked {
        /// The locker.
        prover: AccountId,
        /// The price it locked at.
        price: Balance,
        /// Last block in which its proof is on time.
        expires_at: BlockNumber,
    },
    /// `prover`'s lock at `price` expired without a proof; anyone eligible may fulfil the task
    /// at price 0 until the deadline, and `prover`'s collateral is slashed when it settles.
    LockFailed {
        /// The failed locker.
        prover: AccountId,
        /// The price it had locked at.
        price: Balance,
    },
}

/// A task.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub struct Task<AccountId, BlockNumber> {
    /// Who pays.
    pub dapp: AccountId,
    /// The catalogue circuit.
    pub circuit: CircuitId,
    /// The input's commitment (`tasks::input_commitment`): every proof is checked against it.
    pub commitment: FieldBytes,
    /// The offer.
    pub offer: Offer<BlockNumber>,
    /// The lowest reputation a prover may have.
    pub min_reputation: Permill,
    /// Lock or race.
    pub mode: Mode,
    /// Block of submission.
    pub submitted_at: BlockNumber,
    /// The mining winner when the task was submitted: alone allowed to take it during the first
    /// `PriorityBlocks` blocks.
    pub priority_prover: Option<AccountId>,
    /// Where it stands.
    pub state: TaskState<AccountId, BlockNumber>,
}

impl<AccountId, BlockNumber: Copy + Saturating + PartialOrd + UniqueSaturatedInto<u128> + Zero>
    Task<AccountId, BlockNumber>
{
    /// The auction price in block `now`: `min_price` at submission, rising linearly to
    /// `max_price` over `ramp_blocks`, then `max_price`.
    pub fn price_at(&self, now: BlockNumber) -> Balance {
        let offer = &self.offer;
        let elapsed: u128 = now
            .saturating_sub(self.submitted_at)
            .unique_saturated_into();
        let ramp: u128 = offer.ramp_blocks.unique_saturated_into();
        if elapsed >= ramp {
            return offer.max_price;
        }
        offer.min_price
            + sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
                offer.max_price - offer.min_price,
                elapsed,
                ramp,
                Rounding::Down,
            )
            .unwrap_or(0)
    }

    /// Last block in which the task can be fulfilled.
    pub fn deadline(&self) -> BlockNumber {
        self.submitted_at.saturating_add(self.offer.deadline_blocks)
    }
}

/// The latest mining epoch's winner: proving priority on new tasks.
pub trait EpochWinner<AccountId> {
    /// The winner of the latest finished mining epoch, if any.
    fn latest_winner() -> Option<AccountId>;
}

impl<AccountId> EpochWinner<AccountId> for () {
    fn latest_winner() -> Option<AccountId> {
        None
    }
}

/// Where verified proving work goes (the rewards pallet's proving tier).
pub trait ProvingWork<AccountId> {
    /// Credits `units` of verified work to `prover`.
    fn credit(prover: &AccountId, units: u64);

    /// Worst-case weight of one [`ProvingWork::credit`].
    fn credit_weight() -> Weight;
}

impl<AccountId> ProvingWork<AccountId> for () {
    fn credit(_: &AccountId, _: u64) {}

    fn credit_weight() -> Weight {
        Weight::zero()
    }
}

/// Why a proof of a batch was left out.
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
)]
pub enum Rejection {
    /// The submitter may not fulfil this task now (taken by another, expired, or already listed
    /// in the batch): the single call would fail with the reason.
    NotFulfillable,
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    /// Why this pallet holds funds.
    #[pallet::composite_enum]
    pub enum HoldReason {
        /// A dApp's escrow: the `max_price` of its open tasks.
        Escrow,
        /// A prover's collateral for the tasks it locked.
        Collateral,
    }

    #[pallet::config]
    pub trait Config: frame_system::Config<AccountId: Into<[u8; 32]>> {
        /// The currency escrow, collateral and payments are in (holds under [`HoldReason`]).
        type Currency: Mutate<Self::AccountId, Balance = Balance>
            + MutateHold<Self::AccountId, Reason: From<HoldReason>>;

        /// Provers' bonds (the lock cap grows with them).
        type Stake: StakeProvider<Self::AccountId, Balance>;

        /// Provers' reputation: gate, and written on every outcome.
        type Reputation: ReputationBook<Self::AccountId>;

        /// The latest mining winner (proving priority).
        type EpochWinner: EpochWinner<Self::AccountId>;

        /// Where verified work is credited.
        type ProvingWork: ProvingWork<Self::AccountId>;

        /// Receives the protocol fee, and slashed collateral no one else earned.
        type Treasury: Get<Self::AccountId>;

        /// The protocol's share of every price paid.
        #[pallet::constant]
        type ProtocolFee: Get<Permill>;

        /// Blocks after a task's submission during which only the latest mining winner may lock
        /// (or, for a race, fulfil) it.
        #[pallet::constant]
        type PriorityBlocks: Get<BlockNumberFor<Self>>;

        /// Bond per concurrent lock.
        #[pallet::constant]
        type StakePerLock: Get<Balance>;

        /// Most concurrent locks of one prover, whatever its bond.
        #[pallet::constant]
        type MaxLocksPerProver: Get<u32>;

        /// Least collateral an offer may ask for.
        #[pallet::constant]
        type MinCollateral: Get<Balance>;

        /// Latest deadline an offer may set, in blocks after submission.
        #[pallet::constant]
        type MaxDeadlineBlocks: Get<BlockNumberFor<Self>>;

        /// Most lock expiries, and most deadlines, that may fall in one block.
        #[pallet::constant]
        type MaxPerBlock: Get<u32>;

        /// Most proofs in one [`Pallet::submit_proofs`].
        #[pallet::constant]
        type MaxProofsPerBatch: Get<u32>;

        /// Weights.
        type WeightInfo: WeightInfo;

        /// Proved tasks and funded accounts for the benchmarks.
        #[cfg(feature = "runtime-benchmarks")]
        type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
    }

    /// The id the next task gets.
    #[pallet::storage]
    pub type NextTaskId<T: Config> = StorageValue<_, TaskId, ValueQuery>;

    /// Open tasks (submitted, not yet settled).
    #[pallet::storage]
    pub type Tasks<T: Config> =
        StorageMap<_, Twox64Concat, TaskId, Task<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

    /// Tasks each prover has locked and not yet settled (proved, or its lock failed).
    #[pallet::storage]
    pub type ActiveLocks<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

    /// Tasks whose lock fails at the start of a block (their last on-time block was the one
    /// before).
    #[pallet::storage]
    pub type LockExpiries<T: Config> = StorageMap<
        _,
        Twox64Concat,
        BlockNumberFor<T>,
        BoundedVec<TaskId, T::MaxPerBlock>,
        ValueQuery,
    >;

    /// Tasks that expire at the start of a block (their last block was the one before).
    #[pallet::storage]
    pub type Deadlines<T: Config> = StorageMap<
        _,
        Twox64Concat,
        BlockNumberFor<T>,
        BoundedVec<TaskId, T::MaxPerBlock>,
        ValueQuery,
    >;

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A task was submitted; provers read `input` here (the chain keeps its commitment).
        Submitted {
            task: TaskId,
            dapp: T::AccountId,
            circuit: CircuitId,
            commitment: FieldBytes,
            input: TaskInput,
            offer: Offer<BlockNumberFor<T>>,
            min_reputation: Permill,
            mode: Mode,
        },
        /// A prover locked a task at `price`, holding `collateral`; its proof is on time up to
        /// block `expires_at`.
        Locked {
            task: TaskId,
            prover: T::AccountId,
            price: Balance,
            collateral: Balance,
            expires_at: BlockNumberFor<T>,
        },
        /// A verified proof settled a task: `outputs` are the verified result. `price` went to
        /// the prover less `fee` (to the treasury); `secondary` when it fulfilled a failed lock.
        Proved {
            task: TaskId,
            prover: T::AccountId,
            outputs: TaskOutputs,
            price: Balance,
            fee: Balance,
            refund: Balance,
            secondary: bool,
        },
        /// A lock expired without a proof.
        LockFailed { task: TaskId, prover: T::AccountId },
        /// A failed locker's collateral was slashed: `burned`, and `paid` to `to` (the secondary
        /// prover, or the treasury).
        Slashed {
            task: TaskId,
            prover: T::AccountId,
            burned: Balance,
            paid: Balance,
            to: T::AccountId,
        },
        /// A task reached its deadline unfulfilled; the dApp got `refund` back.
        Expired { task: TaskId, refund: Balance },
        /// The dApp cancelled a task before any lock; `refund` is its escrow.
        Cancelled { task: TaskId, refund: Balance },
        /// A proof of a batch was left out.
        ProofRejected {
            task: TaskId,
            prover: T::AccountId,
            reason: Rejection,
        },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// No circuit has this id.
        UnknownCircuit,
        /// The input's length is not one the circuit accepts.
        InputLength,
        /// A field of the input is invalid (non-canonical element, invalid point, out of range).
        InvalidInput,
        /// `min_price` is above `max_price`.
        EmptyPriceRange,
        /// The offer's blocks are out of order: need `0 < lock_blocks <= deadline_blocks`,
        /// `ramp_blocks <= deadline_blocks`, `deadline_blocks <= MaxDeadlineBlocks`.
        DeadlinesOutOfOrder,
        /// The offer's collateral is below `MinCollateral` (locks need stake at risk).
        CollateralTooLow,
        /// The dApp cannot pay the escrow.
        InsufficientEscrow,
        /// Too many tasks already expire in that block; choose another deadline.
        DeadlineBlockFull,
        /// No such task (never submitted, or already settled).
        UnknownTask,
        /// The task is fulfilled by racing, not by locking.
        RaceTask,
        /// The task is locked (or its lock failed).
        NotOpen,
        /// The task's final deadline has passed.
        PastDeadline,
        /// The task is in its priority window, reserved to the latest mining winner.
        PriorityWindow,
        /// The prover's reputation is below the task's minimum.
        ReputationTooLow,
        /// The prover has no bond; locking needs `StakePerLock` of bond per concurrent lock.
        NoBond,
        /// The prover already holds as many locks as its bond allows.
        TooManyLocks,
        /// The prover cannot hold the collateral.
        InsufficientCollateral,
        /// Only the locker may prove a locked task before its lock expires.
        LockedByAnother,
        /// A failed locker cannot fulfil its own task as secondary.
        OwnFailedLock,
        /// An open task in lock mode must be locked before it is proved.
        NotLocked,
        /// The outputs have the wrong number or encoding.
        InvalidOutputs,
        /// The proof bytes do not parse (wrong length, invalid point or scalar).
        MalformedProof,
        /// The proof does not verify for this task, these outputs and this prover.
        InvalidProof,
        /// The node cannot verify this circuit (its keys are unavailable).
        VerifierUnavailable,
        /// Only the dApp may cancel.
        NotYourTask,
        /// The task's deadline has not passed yet.
        NotExpired,
        /// A batch must hold between one and `MaxProofsPerBatch` proofs.
        BatchSize,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn on_initialize(now: BlockNumberFor<T>) -> Weight {
            let expiries = LockExpiries::<T>::take(now);
            let deadlines = Deadlines::<T>::take(now);
            for task in &expiries {
                Self::fail_lock(*task);
            }
            for task in &deadlines {
                Self::expire(*task);
            }
            T::WeightInfo::on_initialize(expiries.len() as u32, deadlines.len() as u32)
        }

        fn integrity_test() {
            assert!(T::StakePerLock::get() > 0, "StakePerLock must be positive");
            assert!(T::MaxPerBlock::get() > 0, "MaxPerBlock must be positive");
            assert!(
                T::MaxProofsPerBatch::get() > 0,
                "MaxProofsPerBatch must be positive"
            );
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
            Self::do_try_state()
        }
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Submit a task: circuit `circuit`, `input` in the circuit's format, an `offer` whose
        /// `max_price` is held in escrow, the lowest prover reputation accepted, and the mode.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::submit_task())]
        pub fn submit_task(
            origin: OriginFor<T>,
            circuit: CircuitId,
            input: TaskInput,
            offer: Offer<BlockNumberFor<T>>,
            min_reputation: Permill,
            mode: Mode,
        ) -> DispatchResult {
            let dapp = ensure_signed(origin)?;
            ensure!(
                offer.min_price <= offer.max_price,
                Error::<T>::EmptyPriceRange
            );
            ensure!(
                !offer.lock_blocks.is_zero()
                    && offer.lock_blocks <= offer.deadline_blocks
                    && offer.ramp_blocks <= offer.deadline_blocks
                    && offer.deadline_blocks <= T::MaxDeadlineBlocks::get(),
                Error::<T>::DeadlinesOutOfOrder
            );
            ensure!(
                offer.collateral >= T::MinCollateral::get(),
                Error::<T>::CollateralTooLow
            );
            let commitment = host::input_commitment(circuit, &input).map_err(|e| match e {
                TaskError::UnknownCircuit(_) => Error::<T>::UnknownCircuit,
                TaskError::InputLength { .. } => Error::<T>::InputLength,
                _ => Error::<T>::InvalidInput,
            })?;
            let now = frame_system::Pallet::<T>::block_number();
            let task_id = NextTaskId::<T>::get();
            let task = Task {
                dapp: dapp.clone(),
                circuit,
                commitment,
                offer,
                min_reputation,
                mode,
                submitted_at: now,
                priority_prover: T::EpochWinner::latest_winner(),
                state: TaskState::Open,
            };
            // The task expires at the start of the block after its deadline.
            Deadlines::<T>::try_mutate(task.deadline().saturating_add(One::one()), |queue| {
                queue.try_push(task_id)
            })
            .map_err(|_| Error::<T>::DeadlineBlockFull)?;
            T::Currency::hold(&HoldReason::Escrow.into(), &dapp, offer.max_price)
                .map_err(|_| Error::<T>::InsufficientEscrow)?;
            Tasks::<T>::insert(task_id, task);
            NextTaskId::<T>::put(task_id + 1);
            Self::deposit_event(Event::Submitted {
                task: task_id,
                dapp,
                circuit,
                commitment,
                input,
                offer,
                min_reputation,
                mode,
            });
            Ok(())
        }

        /// Lock a task at its current price, holding the offer's collateral.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::lock_task())]
        pub fn lock_task(origin: OriginFor<T>, task_id: TaskId) -> DispatchResult {
            let prover = ensure_signed(origin)?;
            let now = frame_system::Pallet::<T>::block_number();
            let mut task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
            ensure!(task.mode == Mode::Lock, Error::<T>::RaceTask);
            ensure!(task.state == TaskState::Open, Error::<T>::NotOpen);
            ensure!(now <= task.deadline(), Error::<T>::PastDeadline);
            Self::ensure_eligible(&task, &prover, now)?;
            let bond = T::Stake::bonded(&prover);
            ensure!(bond > 0, Error::<T>::NoBond);
            let cap =
                (bond / T::StakePerLock::get()).min(T::MaxLocksPerProver::get() as Balance) as u32;
            let active = ActiveLocks::<T>::get(&prover);
            ensure!(active < cap, Error::<T>::TooManyLocks);
            // The lock can never outlast the task.
            let expires_at = now
                .saturating_add(task.offer.lock_blocks)
                .min(task.deadline());
            LockExpiries::<T>::try_mutate(expires_at.saturating_add(One::one()), |queue| {
                queue.try_push(task_id)
            })
            .map_err(|_| Error::<T>::DeadlineBlockFull)?;
            let collateral = task.offer.collateral;
            T::Currency::hold(&HoldReason::Collateral.into(), &prover, collateral)
                .map_err(|_| Error::<T>::InsufficientCollateral)?;
            let price = task.price_at(now);
            task.state = TaskState::Locked {
                prover: prover.clone(),
                price,
                expires_at,
            };
            Tasks::<T>::insert(task_id, task);
            ActiveLocks::<T>::insert(&prover, active + 1);
            Self::deposit_event(Event::Locked {
                task: task_id,
                prover,
                price,
                collateral,
                expires_at,
            });
            Ok(())
        }

        /// Submit the proof of a task: the locker in time, anyone eligible for a race or a failed
        /// lock. The proof must be bound to the submitting account.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::submit_proof())]
        pub fn submit_proof(
            origin: OriginFor<T>,
            task_id: TaskId,
            outputs: TaskOutputs,
            proof: TaskProof,
        ) -> DispatchResult {
            let prover = ensure_signed(origin)?;
            let now = frame_system::Pallet::<T>::block_number();
            let (task, fulfilment) = Self::fulfilment(task_id, &prover, now)?;
            let item = Self::proof_item(&task, &prover, &outputs, proof);
            host::verify_proof(item).map_err(Self::verifier_error)?;
            Self::settle_proved(task_id, task, prover, outputs, fulfilment);
            Ok(())
        }

        /// Submit several proofs verified together: one combined check (one MSM) for all of them,
        /// then each task is settled on its own. A proof whose task the submitter may not fulfil
        /// (taken, expired, or listed twice) is reported in a [`Event::ProofRejected`] and
        /// left out; if any proof left in does not verify, the whole call fails, and the
        /// submitter pays for the verification: a prover batches proofs it has checked itself.
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::submit_proofs(proofs.len() as u32))]
        pub fn submit_proofs(
            origin: OriginFor<T>,
            proofs: BoundedVec<(TaskId, TaskOutputs, TaskProof), T::MaxProofsPerBatch>,
        ) -> DispatchResult {
            let prover = ensure_signed(origin)?;
            ensure!(!proofs.is_empty(), Error::<T>::BatchSize);
            let now = frame_system::Pallet::<T>::block_number();
            let mut settled: Vec<(
                TaskId,
                Task<T::AccountId, BlockNumberFor<T>>,
                TaskOutputs,
                Fulfilment,
            )> = Vec::with_capacity(proofs.len());
            let mut items = Vec::with_capacity(proofs.len());
            for (task_id, outputs, proof) in proofs {
                let repeated = settled.iter().any(|(id, ..)| *id == task_id);
                match Self::fulfilment(task_id, &prover, now) {
                    Ok((task, fulfilment)) if !repeated => {
                        items.push(Self::proof_item(&task, &prover, &outputs, proof));
                        settled.push((task_id, task, outputs, fulfilment));
                    }
                    _ => Self::deposit_event(Event::ProofRejected {
                        task: task_id,
                        prover: prover.clone(),
                        reason: Rejection::NotFulfillable,
                    }),
                }
            }
            if !items.is_empty() {
                host::verify_proofs(items).map_err(|e| match e {
                    BatchError::Item { error, .. } => Self::verifier_error(error),
                    BatchError::Invalid => Error::<T>::InvalidProof.into(),
                })?;
            }
            for (task_id, task, outputs, fulfilment) in settled {
                Self::settle_proved(task_id, task, prover.clone(), outputs, fulfilment);
            }
            Ok(())
        }

        /// Cancel a task no one has locked (or proved): the dApp gets its escrow back.
        #[pallet::call_index(4)]
        #[pallet::weight(T::WeightInfo::cancel_task())]
        pub fn cancel_task(origin: OriginFor<T>, task_id: TaskId) -> DispatchResult {
            let who = ensure_signed(origin)?;
            let task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
            ensure!(task.dapp == who, Error::<T>::NotYourTask);
            ensure!(task.state == TaskState::Open, Error::<T>::NotOpen);
            let refund = Self::release(HoldReason::Escrow, &task.dapp, task.offer.max_price);
            Tasks::<T>::remove(task_id);
            Self::deposit_event(Event::Cancelled {
                task: task_id,
                refund,
            });
            Ok(())
        }

        /// Settle a task whose deadline has passed (anyone): what `on_initialize` does at the
        /// deadline, for a task it did not reach.
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::settle())]
        pub fn settle(origin: OriginFor<T>, task_id: TaskId) -> DispatchResult {
            ensure_signed(origin)?;
            let now = frame_system::Pallet::<T>::block_number();
            let task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
            ensure!(now > task.deadline(), Error::<T>::NotExpired);
            Self::fail_lock(task_id);
            Self::expire(task_id);
            Ok(())
        }
    }
}

use sp_runtime::traits::One;

/// How a proof fulfils a task.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fulfilment {
    /// The locker, in time: paid the locked price.
    Locked { price: Balance },
    /// A race: paid the current price.
    Race { price: Balance },
    /// After a failed lock: price 0, and the failed locker's collateral is slashed.
    Secondary,
}

impl<T: Config> Pallet<T> {
    /// Whether `prover` may take `task` now: reputation and the priority window.
    fn ensure_eligible(
        task: &Task<T::AccountId, BlockNumberFor<T>>,
        prover: &T::AccountId,
        now: BlockNumberFor<T>,
    ) -> DispatchResult {
        ensure!(
            T::Reputation::score(prover) >= task.min_reputation,
            Error::<T>::ReputationTooLow
        );
        if let Some(winner) = &task.priority_prover {
            let in_window = now < task.submitted_at.saturating_add(T::PriorityBlocks::get());
            ensure!(!in_window || winner == prover, Error::<T>::PriorityWindow);
        }
        Ok(())
    }

    /// How `prover` may fulfil `task_id` in block `now`, or why it may not.
    fn fulfilment(
        task_id: TaskId,
        prover: &T::AccountId,
        now: BlockNumberFor<T>,
    ) -> Result<(Task<T::AccountId, BlockNumberFor<T>>, Fulfilment), DispatchError> {
        let task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
        ensure!(now <= task.deadline(), Error::<T>::PastDeadline);
        let fulfilment = match (&task.state, task.mode) {
            (
                TaskState::Locked {
                    prover: locker,
                    price,
                    expires_at,
                },
                _,
            ) => {
                ensure!(
                    locker == prover && now <= *expires_at,
                    Error::<T>::LockedByAnother
                );
                Fulfilment::Locked { price: *price }
            }
            (TaskState::Open, Mode::Race) => {
                Self::ensure_eligible(&task, prover, now)?;
                Fulfilment::Race {
                    price: task.price_at(now),
                }
            }
            (TaskState::Open, Mode::Lock) => return Err(Error::<T>::NotLocked.into()),
            (TaskState::LockFailed { prover: locker, .. }, _) => {
                ensure!(locker != prover, Error::<T>::OwnFailedLock);
                Self::ensure_eligible(&task, prover, now)?;
                Fulfilment::Secondary
            }
        };
        Ok((task, fulfilment))
    }

    fn proof_item(
        task: &Task<T::AccountId, BlockNumberFor<T>>,
        prover: &T::AccountId,
        outputs: &TaskOutputs,
        proof: TaskProof,
    ) -> ProofItem {
        ProofItem {
            circuit: task.circuit,
            commitment: task.commitment,
            outputs: outputs.to_vec(),
            prover: prover.clone().into(),
            proof: proof.into_inner(),
        }
    }

    fn verifier_error(e: TaskError) -> DispatchError {
        match e {
            TaskError::OutputCount { .. } | TaskError::NonCanonicalOutput(_) => {
                Error::<T>::InvalidOutputs
            }
            TaskError::ProofLength { .. } | TaskError::MalformedProof => Error::<T>::MalformedProof,
            TaskError::KeyUnavailable(_) | TaskError::UnknownCircuit(_) => {
                Error::<T>::VerifierUnavailable
            }
            _ => Error::<T>::InvalidProof,
        }
        .into()
    }

    /// Releases up to `amount` held for `reason` from `who`; returns what was released.
    fn release(reason: HoldReason, who: &T::AccountId, amount: Balance) -> Balance {
        T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).unwrap_or_else(
            |e| {
                log::error!(target: LOG_TARGET, "cannot release {amount} held from {who:?}: {e:?}");
                0
            },
        )
    }

    /// Pays `amount` held for `reason` from `from` to `to` (free balance); to the treasury if `to`
    /// cannot receive it (an amount below the existential deposit of a new account). Returns the
    /// account that was paid.
    fn pay_held(
        reason: HoldReason,
        from: &T::AccountId,
        to: &T::AccountId,
        amount: Balance,
    ) -> T::AccountId {
        if amount.is_zero() {
            return to.clone();
        }
        let pay = |dest: &T::AccountId| {
            T::Currency::transfer_on_hold(
                &reason.into(),
                from,
                dest,
                amount,
                Precision::Exact,
                Restriction::Free,
                Fortitude::Force,
            )
        };
        if pay(to).is_ok() {
            return to.clone();
        }
        let treasury = T::Treasury::get();
        if let Err(e) = pay(&treasury) {
            log::error!(target: LOG_TARGET, "cannot pay {amount} held from {from:?}: {e:?}");
            Self::release(reason, from, amount);
            return from.clone();
        }
        treasury
    }

    /// Slashes a failed locker's collateral: half burned, the rest to `beneficiary`.
    fn slash_collateral(
        task_id: TaskId,
        task: &Task<T::AccountId, BlockNumberFor<T>>,
        locker: &T::AccountId,
        beneficiary: &T::AccountId,
    ) {
        let collateral = task.offer.collateral;
        let half = collateral / 2;
        let burned = T::Currency::burn_held(
            &HoldReason::Collateral.into(),
            locker,
            half,
            Precision::BestEffort,
            Fortitude::Force,
        )
        .unwrap_or_default();
        let paid = collateral - half;
        let to = Self::pay_held(HoldReason::Collateral, locker, beneficiary, paid);
        Self::deposit_event(Event::Slashed {
            task: task_id,
            prover: locker.clone(),
            burned,
            paid,
            to,
        });
    }

    /// Settles a task with a verified proof.
    fn settle_proved(
        task_id: TaskId,
        task: Task<T::AccountId, BlockNumberFor<T>>,
        prover: T::AccountId,
        outputs: TaskOutputs,
        fulfilment: Fulfilment,
    ) {
        let escrow = task.offer.max_price;
        let (price, secondary) = match fulfilment {
            Fulfilment::Locked { price } | Fulfilment::Race { price } => (price, false),
            Fulfilment::Secondary => (0, true),
        };
        let fee = T::ProtocolFee::get().mul_floor(price);
        Self::pay_held(HoldReason::Escrow, &task.dapp, &prover, price - fee);
        Self::pay_held(HoldReason::Escrow, &task.dapp, &T::Treasury::get(), fee);
        let refund = Self::release(HoldReason::Escrow, &task.dapp, escrow - price);
        match (&task.state, fulfilment) {
            (TaskState::Locked { .. }, Fulfilment::Locked { .. }) => {
                Self::release(HoldReason::Collateral, &prover, task.offer.collateral);
                ActiveLocks::<T>::mutate(&prover, |n| *n = n.saturating_sub(1));
            }
            (TaskState::LockFailed { prover: locker, .. }, Fulfilment::Secondary) => {
                Self::slash_collateral(task_id, &task, locker, &prover)
            }
            _ => {}
        }
        // Reputation and work only for tasks another account paid for, in proportion to the price.
        if prover != task.dapp && price > 0 {
            let price_weight = T::Reputation::price_weight(price);
            T::Reputation::record(&prover, Outcome::Delivered, price);
            let work = host::info(task.circuit).map(|c| c.work as u64).unwrap_or(0);
            let units = T::Reputation::score(&prover).mul_floor(price_weight.mul_floor(work));
            if units > 0 {
                T::ProvingWork::credit(&prover, units);
            }
        }
        Tasks::<T>::remove(task_id);
        Self::deposit_event(Event::Proved {
            task: task_id,
            prover,
            outputs,
            price,
            fee,
            refund,
            secondary,
        });
    }

    /// At the start of the block after a lock's last on-time block: the lock failed.
    fn fail_lock(task_id: TaskId) {
        Tasks::<T>::mutate(task_id, |task| {
            let Some(task) = task else { return };
            if let TaskState::Locked { prover, price, .. } = task.state.clone() {
                ActiveLocks::<T>::mutate(&prover, |n| *n = n.saturating_sub(1));
                if prover != task.dapp {
                    T::Reputation::record(&prover, Outcome::Failed, price);
                }
                task.state = TaskState::LockFailed {
                    prover: prover.clone(),
                    price,
                };
                Self::deposit_event(Event::LockFailed {
                    task: task_id,
                    prover,
                });
            }
        });
    }

    /// At the start of the block after a task's deadline: refund, and slash a failed locker.
    fn expire(task_id: TaskId) {
        let Some(task) = Tasks::<T>::take(task_id) else {
            return;
        };
        if let TaskState::LockFailed { prover, .. } = &task.state {
            Self::slash_collateral(task_id, &task, prover, &T::Treasury::get());
        }
        let refund = Self::release(HoldReason::Escrow, &task.dapp, task.offer.max_price);
        Self::deposit_event(Event::Expired {
            task: task_id,
            refund,
        });
    }

    /// Task `task_id` as clients see it (the runtime API).
    pub fn view(task_id: TaskId) -> Option<TaskView<T::AccountId>> {
        let now = frame_system::Pallet::<T>::block_number();
        let task = Tasks::<T>::get(task_id)?;
        let block = |n: BlockNumberFor<T>| -> u32 { n.unique_saturated_into() };
        let (status, current_price) = match &task.state {
            TaskState::Open => (TaskStatus::Open, task.price_at(now)),
            TaskState::Locked {
                prover,
                price,
                expires_at,
            } => (
                TaskStatus::Locked {
                    prover: prover.clone(),
                    price: *price,
                    expires_at: block(*expires_at),
                },
                *price,
            ),
            TaskState::LockFailed { prover, price } => (
                TaskStatus::LockFailed {
                    prover: prover.clone(),
                    price: *price,
                },
                0,
            ),
        };
        Some(TaskView {
            id: task_id,
            dapp: task.dapp.clone(),
            circuit: task.circuit,
            commitment: task.commitment,
            race: task.mode == Mode::Race,
            min_price: task.offer.min_price,
            max_price: task.offer.max_price,
            ramp_blocks: block(task.offer.ramp_blocks),
            lock_blocks: block(task.offer.lock_blocks),
            collateral: task.offer.collateral,
            min_reputation_ppm: task.min_reputation.deconstruct(),
            submitted_at: block(task.submitted_at),
            deadline: block(task.deadline()),
            priority_until: block(task.submitted_at.saturating_add(T::PriorityBlocks::get())),
            priority_prover: task.priority_prover.clone(),
            status,
            current_price,
        })
    }

    /// Up to `limit` tasks matching `filter` from id `start` (the runtime API; see
    /// `MarketApi::tasks`).
    pub fn list(
        filter: TaskFilter<T::AccountId>,
        start: TaskId,
        limit: u32,
    ) -> Vec<TaskView<T::AccountId>> {
        let limit = limit.min(MAX_TASKS_PER_PAGE) as usize;
        let end = NextTaskId::<T>::get().min(start.saturating_add(MAX_IDS_SCANNED));
        (start..end)
            .filter_map(Self::view)
            .filter(|t| {
                let prover = match &t.status {
                    TaskStatus::Open => None,
                    TaskStatus::Locked { prover, .. } | TaskStatus::LockFailed { prover, .. } => {
                        Some(prover)
                    }
                };
                (!filter.open || !matches!(t.status, TaskStatus::Locked { .. }))
                    && filter.circuit.is_none_or(|c| c == t.circuit)
                    && filter.dapp.as_ref().is_none_or(|d| *d == t.dapp)
                    && filter.prover.as_ref().is_none_or(|p| Some(p) == prover)
            })
            .take(limit)
            .collect()
    }

    /// Holds equal the escrow and collateral of open tasks, to the unit, for every account with
    /// an open task; active lock counts match the locked tasks; queued ids point at tasks whose
    /// deadline or lock expiry is that block.
    #[cfg(any(feature = "try-runtime", test))]
    pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
        use alloc::collections::btree_map::BTreeMap;
        let mut escrow: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
        let mut collateral: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
        let mut locks: BTreeMap<T::AccountId, u32> = BTreeMap::new();
        for (id, task) in Tasks::<T>::iter() {
            *escrow.entry(task.dapp.clone()).or_default() += task.offer.max_price;
            collateral.entry(task.dapp.clone()).or_default();
            match &task.state {
                TaskState::Open => {}
                TaskState::Locked {
                    prover, expires_at, ..
                } => {
                    *collateral.entry(prover.clone()).or_default() += task.offer.collateral;
                    escrow.entry(prover.clone()).or_default();
                    *locks.entry(prover.clone()).or_default() += 1;
                    ensure!(
                        LockExpiries::<T>::get(expires_at.saturating_add(One::one())).contains(&id),
                        "locked task missing from its expiry queue"
                    );
                }
                TaskState::LockFailed { prover, .. } => {
                    *collateral.entry(prover.clone()).or_default() += task.offer.collateral;
                    escrow.entry(prover.clone()).or_default();
                }
            }
            ensure!(
                Deadlines::<T>::get(task.deadline().saturating_add(One::one())).contains(&id),
                "task missing from its deadline queue"
            );
        }
        for (who, amount) in &escrow {
            ensure!(
                T::Currency::balance_on_hold(&HoldReason::Escrow.into(), who) == *amount,
                "escrow hold differs from the open tasks' max prices"
            );
        }
        for (who, amount) in &collateral {
            ensure!(
                T::Currency::balance_on_hold(&HoldReason::Collateral.into(), who) == *amount,
                "collateral hold differs from the locked tasks' collateral"
            );
        }
        for (who, n) in ActiveLocks::<T>::iter() {
            ensure!(
                locks.get(&who).copied().unwrap_or(0) == n,
                "active lock count is off"
            );
        }
        for (who, n) in &locks {
            ensure!(ActiveLocks::<T>::get(who) == *n, "active lock count is off");
        }
        Ok(())
    }
}

/// The balance of `who` held for `reason` (tests and the runtime API).
pub fn held<T: Config>(reason: HoldReason, who: &T::AccountId) -> Balance {
    T::Currency::balance_on_hold(&reason.into(), who)
}
