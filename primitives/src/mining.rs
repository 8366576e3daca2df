//! The mining runtime API: what the node's `quarry_mining*` RPC and its embedded miner read from
//! the chain, and how a solution becomes an extrinsic.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

use crate::{Challenge, ProofTarget, SignedSolution};

/// Block numbers as the Quarry runtime counts them.
pub type BlockNumber = u32;

/// The work of the current epoch, for one miner.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MiningWork {
    /// Epoch index.
    pub epoch: u32,
    /// The epoch's challenge.
    pub challenge: Challenge,
    /// Minimum quality of a solution landing in the next block.
    pub proof_target: ProofTarget,
    /// Puzzle size: polynomials of `2^k` coefficients.
    pub k: u32,
    /// Solutions this miner may still land in the epoch (`floor(bond / stake per solution)` minus
    /// those landed); 0 for a miner without bond.
    pub allowance_left: u32,
    /// Last block of the epoch.
    pub epoch_ends_at: BlockNumber,
    /// The sr25519 hot key this miner registered: its solutions must be signed by it
    /// ([`SignedSolution`]); `None` until the miner registers one.
    pub hot_key: Option<[u8; 32]>,
    /// Pool slots per miner: a [`SignedSolution::slot`] must be below this.
    pub pool_slots: u8,
}

/// One miner's work in the current epoch.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MinerSummary<AccountId> {
    /// The miner.
    pub miner: AccountId,
    /// Solutions landed.
    pub solutions: u32,
    /// Sum of their qualities.
    pub shares: u128,
}

/// Chain-wide mining statistics.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MiningStats<AccountId> {
    /// Current epoch index.
    pub epoch: u32,
    /// Last block of the current epoch.
    pub epoch_ends_at: BlockNumber,
    /// Proof target of the next block.
    pub proof_target: ProofTarget,
    /// Puzzle size.
    pub k: u32,
    /// Solutions per block the target steers toward.
    pub target_solutions_per_block: u32,
    /// Cap of solutions per block.
    pub max_solutions_per_block: u32,
    /// The last blocks: `(number, solutions landed, proof target in force)`, oldest first.
    pub recent_blocks: Vec<(BlockNumber, u32, ProofTarget)>,
    /// Solutions landed in the current epoch.
    pub epoch_solutions: u32,
    /// Shares (summed quality) landed in the current epoch.
    pub epoch_shares: u128,
    /// Miners of the current epoch with the most shares, best first.
    pub top_miners: Vec<MinerSummary<AccountId>>,
    /// Winner of the previous epoch (proving priority in this one).
    pub previous_winner: Option<AccountId>,
}

sp_api::decl_runtime_apis! {
    /// Mining work, statistics and submission.
    pub trait MiningApi<AccountId: Codec> {
        /// The current epoch's work for `miner`.
        fn work(miner: AccountId) -> MiningWork;

        /// Statistics, with up to `top` miners.
        fn stats(top: u32) -> MiningStats<AccountId>;

        /// The unsigned extrinsic that lands a signed solution (so that clients and the node need
        /// not know the runtime's call indices).
        fn solution_extrinsic(submission: SignedSolution) -> Block::Extrinsic;
    }
}
