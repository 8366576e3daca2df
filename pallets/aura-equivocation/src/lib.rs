//! # Quarry Aura Equivocation Pallet
//!
//! Aura gives each slot one author. An authority that seals two different blocks for the same
//! slot (an **equivocation**, for example two machines running one validator's keys) splits the
//! chain for nothing in return. `sc-consensus-aura` notices this while importing but only logs it,
//! and `pallet-aura` has no report call, so this pallet turns it into an offence:
//!
//! - **The evidence** is an [`EquivocationProof`] (from `sp-consensus-slots`): the offender's
//!   Aura key, the slot, and the two headers, each still carrying its seal.
//!   [`check_equivocation_proof`] accepts it when the headers differ (without their seals: one
//!   block sealed twice is not two blocks), each has exactly one Aura
//!   pre-digest naming that slot, and each seal is the offender's signature over the header's
//!   hash without the seal (how `sc-consensus-aura` seals).
//! - **Who the offender is** comes from a key-ownership proof against `pallet_session::historical`
//!   ([`Config::KeyOwnerProof`]): the validator account that held the Aura key in a session. The
//!   session must be the one whose authorities one of the two blocks was sealed under (the
//!   session of the block's parent, [`Config::SessionOfBlock`]), so a report cannot pick a
//!   different session's exposure.
//! - **The offence** ([`EquivocationOffence`], kind `aura:equivocatio`) goes to
//!   `pallet-offences`, keyed by the slot, so one slot is punished once whichever session proof
//!   and whichever reporter come first. It slashes `min((3k / n)², 1)` of the exposure for `k`
//!   offenders among `n` validators in the slot (BABE's and GRANDPA's rule: one of four
//!   validators loses 56.25 %); what a slash does is the staking pallet's business (deferral,
//!   delegators, reporter's share, disabling).
//!
//! ## Who reports
//!
//! Any account through [`Pallet::report_equivocation`] (signed, fee refunded when the report
//! lands, the reporter shares the slash), and the node itself: `quarry-node` watches every
//! imported header, and when it sees an authority's second header for a slot it asks the runtime
//! for a key-ownership proof and submits [`Pallet::report_equivocation_unsigned`] to its own pool
//! through the `AuraEquivocationApi` runtime API. Unsigned reports are accepted only from the
//! local node or inside a block, and are not gossiped (as GRANDPA's).
//!
//! ## Known limits
//!
//! - Key-ownership proofs for the current session are built from `pallet-session`'s record of
//!   the validators' keys, which `set_keys` updates for the next session: a validator that
//!   changes its keys and then equivocates in the same session cannot be proven against that
//!   session (GRANDPA's reports share this limit). The node does not retry a report it could not
//!   prove.
//! - When the two blocks lie on either side of a session change, the reporter chooses which
//!   session's proof to send (so which validator count and exposure apply); the slot is still
//!   punished once.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod equivocation;
#[cfg(test)]
mod tests;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub use benchmarking::BenchmarkHelper;
#[cfg(all(feature = "runtime-benchmarks", feature = "std"))]
pub use benchmarking::test_report_equivocation;

pub use equivocation::{check_equivocation_proof, EquivocationOffence, EquivocationReportSystem};
pub use sp_consensus_slots::{EquivocationProof, Slot};
pub use weights::WeightInfo;

use alloc::boxed::Box;
use frame_system::pallet_prelude::HeaderFor;
use sp_staking::offence::OffenceReportSystem;

const LOG_TARGET: &str = "runtime::aura-equivocation";

/// Two headers of the runtime's block type sealed by one Aura authority for one slot.
pub type AuraEquivocationProof<T> = EquivocationProof<HeaderFor<T>, <T as Config>::AuthorityId>;

// `ValidateUnsigned` is deprecated in favour of `#[pallet::authorize]`; GRANDPA's reports, which
// these follow, still use it, and the mining pallet does too.
#[allow(deprecated)]
#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use frame_support::pallet_prelude::*;
    use frame_system::pallet_prelude::*;
    use sp_runtime::{traits::Convert, RuntimeAppPublic};
    use sp_session::{GetSessionNumber, GetValidatorCount};
    use sp_staking::SessionIndex;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// The key Aura seals blocks with (the runtime's `pallet_aura::Config::AuthorityId`).
        type AuthorityId: Parameter + Member + RuntimeAppPublic;
        /// Proof that an Aura key belonged to a validator in a session (`sp_session::MembershipProof`
        /// from `pallet_session::historical`).
        type KeyOwnerProof: Parameter + GetSessionNumber + GetValidatorCount;
        /// The session a block number belongs to. Sessions rotate by block number, so this is
        /// exact for any block, including the forks an equivocation creates.
        type SessionOfBlock: Convert<BlockNumberFor<Self>, SessionIndex>;
        /// Checks, publishes and processes reports (normally [`EquivocationReportSystem`]).
        type EquivocationReportSystem: OffenceReportSystem<
            Option<Self::AccountId>,
            (AuraEquivocationProof<Self>, Self::KeyOwnerProof),
        >;
        /// Delegators an offence may slash per validator (prices the report).
        #[pallet::constant]
        type MaxNominators: Get<u32>;
        /// Weights of this pallet's calls.
        type WeightInfo: WeightInfo;
        /// Builds the session, history and stake a report is judged against, for the
        /// benchmarks: this pallet owns none of them.
        #[cfg(feature = "runtime-benchmarks")]
        type BenchmarkHelper: BenchmarkHelper<Self>;
    }

    #[pallet::error]
    pub enum Error<T> {
        /// The two headers are not an equivocation: equal, not both sealed by the offender, or
        /// not both for the proof's slot.
        InvalidEquivocationProof,
        /// The key-ownership proof does not prove the offender's key, or neither block was sealed
        /// under the proof's session (the session of the block's parent).
        InvalidKeyOwnershipProof,
        /// This offender was already reported for this slot.
        DuplicateOffenceReport,
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Report an Aura equivocation: `equivocation_proof` holds two headers the offender
        /// sealed for one slot, `key_owner_proof` that the offender's key was a validator's in
        /// the session one of the blocks belongs to. A valid report pays no fee and makes the
        /// sender a reporter of the offence.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::report_equivocation(
            key_owner_proof.validator_count(),
            T::MaxNominators::get(),
        ))]
        pub fn report_equivocation(
            origin: OriginFor<T>,
            equivocation_proof: Box<AuraEquivocationProof<T>>,
            key_owner_proof: T::KeyOwnerProof,
        ) -> DispatchResultWithPostInfo {
            let reporter = ensure_signed(origin)?;
            T::EquivocationReportSystem::process_evidence(
                Some(reporter),
                (*equivocation_proof, key_owner_proof),
            )?;
            Ok(Pays::No.into())
        }

        /// The same report, unsigned: submitted by a node that saw the equivocation (through the
        /// `AuraEquivocationApi` runtime API), accepted only from the local node or in a block.
        /// The block's author is credited as the reporter.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::report_equivocation(
            key_owner_proof.validator_count(),
            T::MaxNominators::get(),
        ))]
        pub fn report_equivocation_unsigned(
            origin: OriginFor<T>,
            equivocation_proof: Box<AuraEquivocationProof<T>>,
            key_owner_proof: T::KeyOwnerProof,
        ) -> DispatchResultWithPostInfo {
            ensure_none(origin)?;
            T::EquivocationReportSystem::process_evidence(
                None,
                (*equivocation_proof, key_owner_proof),
            )?;
            Ok(Pays::No.into())
        }
    }

    #[pallet::validate_unsigned]
    impl<T: Config> ValidateUnsigned for Pallet<T> {
        type Call = Call<T>;

        fn validate_unsigned(source: TransactionSource, call: &Self::Call) -> TransactionValidity {
            Self::validate_unsigned(source, call)
        }

        fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
            Self::pre_dispatch(call)
        }
    }
}

impl<T: Config> Pallet<T> {
    /// Puts an unsigned report into the node's transaction pool. Called by the runtime API
    /// inside an offchain context; `None` if the pool refused it.
    pub fn submit_unsigned_equivocation_report(
        equivocation_proof: AuraEquivocationProof<T>,
        key_owner_proof: T::KeyOwnerProof,
    ) -> Option<()> {
        T::EquivocationReportSystem::publish_evidence((equivocation_proof, key_owner_proof)).ok()
    }
}
