//! Pallet configurations, one module per concern.

mod consensus;
mod governance;
mod mining;
mod monetary;
mod rewards;
mod staking;
mod system;
mod tasks;

pub use consensus::{AuthorshipAuthor, MaxAuthorities, SessionOfBlock};
pub use governance::{CouncilCollective, TwoThirdsOfCouncil};
pub use mining::{EpochLength, StakePerSolution, DefaultEpochLength, DefaultMinProofTarget};
pub use rewards::{ProvingPotAccount, TreasuryAccount};
pub use staking::{
    DefaultSessionPeriod, DefaultSlashDeferDuration, MinCandidateBond, SessionOffset, SessionPeriod,
    MAX_DELEGATORS_PER_CANDIDATE,
};
pub use system::RuntimeBlockWeights;
