//! The proof market's runtime API: what the node's `quarry_tasks`, `quarry_task` and
//! `quarry_reputation` RPC methods read, so clients never decode storage.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

use crate::mining::BlockNumber;
use crate::tasks::{CircuitId, FieldBytes};

/// Most tasks one [`MarketApi::tasks`] call returns.
pub const MAX_TASKS_PER_PAGE: u32 = 100;

/// Most task ids one [`MarketApi::tasks`] call scans (settled tasks leave gaps).
pub const MAX_IDS_SCANNED: u64 = 10_000;

/// Where a task stands.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum TaskStatus<AccountId> {
    /// Waiting for a lock, or (a race) for a proof.
    Open,
    /// Locked by `prover` at `price`; its proof is on time up to block `expires_at`.
    Locked {
        prover: AccountId,
        price: u128,
        expires_at: BlockNumber,
    },
    /// `prover`'s lock expired; anyone eligible may fulfil the task at price 0.
    LockFailed { prover: AccountId, price: u128 },
}

/// An open task, with its current price.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TaskView<AccountId> {
    /// Task id.
    pub id: u64,
    /// Who pays.
    pub dapp: AccountId,
    /// The catalogue circuit.
    pub circuit: CircuitId,
    /// The input commitment proofs are checked against.
    pub commitment: FieldBytes,
    /// Whether it is fulfilled by a lock (`false`) or a race (`true`).
    pub race: bool,
    /// The offer: price range, ramp, lock time, deadline, collateral.
    pub min_price: u128,
    /// See `min_price`.
    pub max_price: u128,
    /// Blocks the price ramps over.
    pub ramp_blocks: BlockNumber,
    /// Blocks a locker has to deliver.
    pub lock_blocks: BlockNumber,
    /// Collateral a locker puts up.
    pub collateral: u128,
    /// Lowest prover reputation accepted, in parts per million.
    pub min_reputation_ppm: u32,
    /// Block of submission.
    pub submitted_at: BlockNumber,
    /// Last block it can be fulfilled in.
    pub deadline: BlockNumber,
    /// Blocks after submission reserved to `priority_prover`.
    pub priority_until: BlockNumber,
    /// The mining winner with priority, if any.
    pub priority_prover: Option<AccountId>,
    /// Where it stands.
    pub status: TaskStatus<AccountId>,
    /// The price a lock or a race proof gets in the current block (the locked price once
    /// locked, 0 after a failed lock).
    pub current_price: u128,
}

/// Which tasks to list; every field that is set must match.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct TaskFilter<AccountId> {
    /// Only tasks not locked (open locks, races, and failed locks open to secondary provers).
    pub open: bool,
    /// Only this circuit.
    pub circuit: Option<CircuitId>,
    /// Only tasks locked (or failed) by this prover.
    pub prover: Option<AccountId>,
    /// Only this dApp's tasks.
    pub dapp: Option<AccountId>,
}

sp_api::decl_runtime_apis! {
    /// The proof market.
    pub trait MarketApi<AccountId: Codec> {
        /// Up to `limit` (at most [`MAX_TASKS_PER_PAGE`]) tasks matching `filter` with id at least
        /// `start`, in id order. A page ends early after [`MAX_IDS_SCANNED`] ids; continue from
        /// the last id + 1.
        fn tasks(filter: TaskFilter<AccountId>, start: u64, limit: u32) -> Vec<TaskView<AccountId>>;

        /// Task `id`, if open.
        fn task(id: u64) -> Option<TaskView<AccountId>>;

        /// The reputation score of `who`, in parts per million.
        fn reputation(who: AccountId) -> u32;
    }
}
