//! The Aura equivocation offence, the proof check, and the report system that connects the
//! pallet's calls to `pallet-offences`.

use alloc::{boxed::Box, vec, vec::Vec};
use frame_support::traits::{Get, KeyOwnerProofSystem};
use frame_system::pallet_prelude::HeaderFor;
use sp_consensus_aura::digests::CompatibleDigestItem;
use sp_consensus_slots::{EquivocationProof, Slot};
use sp_runtime::{
    traits::{Convert, Header as HeaderT, One, Saturating},
    transaction_validity::{
        InvalidTransaction, TransactionPriority, TransactionSource, TransactionValidity,
        TransactionValidityError, ValidTransaction,
    },
    DigestItem, DispatchError, KeyTypeId, Perbill, RuntimeAppPublic,
};
use sp_session::{GetSessionNumber, GetValidatorCount};
use sp_staking::{
    offence::{Kind, Offence, OffenceReportSystem, ReportOffence},
    SessionIndex,
};

use crate::{AuraEquivocationProof, Call, Config, Error, Pallet, LOG_TARGET};

/// An authority sealed two blocks for one slot.
pub struct EquivocationOffence<Offender> {
    /// The slot: one offence per offender and slot, however often it is reported.
    pub slot: Slot,
    /// The session the offender's key-ownership proof is for (one of the blocks is in it).
    pub session_index: SessionIndex,
    /// Validators in that session.
    pub validator_set_count: u32,
    /// The validator, identified through session history.
    pub offender: Offender,
}

impl<Offender: Clone> Offence<Offender> for EquivocationOffence<Offender> {
    const ID: Kind = *b"aura:equivocatio";
    type Slot = Slot;

    fn offenders(&self) -> Vec<Offender> {
        vec![self.offender.clone()]
    }

    fn session_index(&self) -> SessionIndex {
        self.session_index
    }

    fn validator_set_count(&self) -> u32 {
        self.validator_set_count
    }

    fn slot(&self) -> Slot {
        self.slot
    }

    /// `min((3k / n)², 1)` for `k` offenders in the slot among `n` validators: a lone
    /// equivocator in a large set loses little (a misconfigured backup node), a third of the set
    /// equivocating together loses everything (an attack on the chain).
    fn slash_fraction(&self, offenders_count: u32) -> Perbill {
        Perbill::from_rational(3 * offenders_count, self.validator_set_count).square()
    }
}

/// The Aura slot a header claims: its one Aura pre-runtime digest (`None` if it has none or
/// several, which the Aura client rejects too).
fn aura_slot<H: HeaderT, S: codec::Codec>(header: &H) -> Option<Slot> {
    let mut slots = header.digest().logs().iter().filter_map(|item: &DigestItem| {
        CompatibleDigestItem::<S>::as_aura_pre_digest(item)
    });
    let slot = slots.next()?;
    slots.next().is_none().then_some(slot)
}

/// `header`'s hash without its seal, if it carries `signer`'s Aura seal for `slot`: the last
/// digest item is an Aura seal, and it signs the hash of the header without it (as
/// `sc-consensus-aura` seals).
fn sealed_by<H: HeaderT, P: RuntimeAppPublic>(mut header: H, slot: Slot, signer: &P) -> Option<H::Hash> {
    let seal = header.digest_mut().pop()?;
    let signature = CompatibleDigestItem::<P::Signature>::as_aura_seal(&seal)?;
    if aura_slot::<H, P::Signature>(&header) != Some(slot) {
        return None
    }
    let pre_hash = header.hash();
    signer.verify(&pre_hash.as_ref(), &signature).then_some(pre_hash)
}

/// Whether `proof` shows an equivocation: two different blocks (their headers differ without the
/// seals: sr25519 signatures are randomised, so one block sealed twice is not two blocks), both
/// for `proof.slot` and both sealed by `proof.offender`. This is the whole check; which validator
/// holds the key is the key-ownership proof's part.
pub fn check_equivocation_proof<H: HeaderT, P: RuntimeAppPublic>(
    proof: EquivocationProof<H, P>,
) -> bool {
    let EquivocationProof { offender, slot, first_header, second_header } = proof;
    match (sealed_by(first_header, slot, &offender), sealed_by(second_header, slot, &offender)) {
        (Some(first), Some(second)) => first != second,
        _ => false,
    }
}

/// Connects the pallet to `pallet-offences` (`R`) through session history (`P`); `L` is how
/// many blocks an unsigned report may wait in the pool.
pub struct EquivocationReportSystem<T, R, P, L>(core::marker::PhantomData<(T, R, P, L)>);

impl<T, R, P, L>
    OffenceReportSystem<Option<T::AccountId>, (AuraEquivocationProof<T>, T::KeyOwnerProof)>
    for EquivocationReportSystem<T, R, P, L>
where
    T: Config + pallet_authorship::Config + frame_system::offchain::CreateBare<Call<T>>,
    R: ReportOffence<
        T::AccountId,
        P::IdentificationTuple,
        EquivocationOffence<P::IdentificationTuple>,
    >,
    P: KeyOwnerProofSystem<(KeyTypeId, T::AuthorityId), Proof = T::KeyOwnerProof>,
    P::IdentificationTuple: Clone,
    L: Get<u64>,
{
    type Longevity = L;

    fn publish_evidence(
        evidence: (AuraEquivocationProof<T>, T::KeyOwnerProof),
    ) -> Result<(), ()> {
        use frame_system::offchain::SubmitTransaction;
        let (equivocation_proof, key_owner_proof) = evidence;
        let call = Call::report_equivocation_unsigned {
            equivocation_proof: Box::new(equivocation_proof),
            key_owner_proof,
        };
        let result = SubmitTransaction::<T, Call<T>>::submit_transaction(T::create_bare(call.into()));
        match result {
            Ok(()) => log::info!(target: LOG_TARGET, "submitted an Aura equivocation report"),
            Err(e) => log::error!(target: LOG_TARGET, "Aura equivocation report refused: {e:?}"),
        }
        result
    }

    /// The pool's check: cheap (no signatures), enough to drop reports about keys nobody held
    /// and offences already punished.
    fn check_evidence(
        evidence: (AuraEquivocationProof<T>, T::KeyOwnerProof),
    ) -> Result<(), TransactionValidityError> {
        let (equivocation_proof, key_owner_proof) = evidence;
        let key = (T::AuthorityId::ID, equivocation_proof.offender);
        let offender = P::check_proof(key, key_owner_proof).ok_or(InvalidTransaction::BadProof)?;
        if R::is_known_offence(&[offender], &equivocation_proof.slot) {
            Err(InvalidTransaction::Stale.into())
        } else {
            Ok(())
        }
    }

    fn process_evidence(
        reporter: Option<T::AccountId>,
        evidence: (AuraEquivocationProof<T>, T::KeyOwnerProof),
    ) -> Result<(), DispatchError> {
        let (equivocation_proof, key_owner_proof) = evidence;
        let reporter = reporter.or_else(pallet_authorship::Pallet::<T>::author);
        let slot = equivocation_proof.slot;
        let key = (T::AuthorityId::ID, equivocation_proof.offender.clone());
        let session_index = key_owner_proof.session();
        let validator_set_count = key_owner_proof.validator_count();
        // Block `n`'s author was chosen by the state of its parent (Aura reads the authorities
        // before `n` runs, and `n` may rotate the session), so that state's session must be the
        // key-ownership proof's.
        let in_session = |header: &HeaderFor<T>| {
            T::SessionOfBlock::convert(header.number().saturating_sub(One::one())) == session_index
        };
        let built_in_session = in_session(&equivocation_proof.first_header) ||
            in_session(&equivocation_proof.second_header);

        if !check_equivocation_proof(equivocation_proof) {
            return Err(Error::<T>::InvalidEquivocationProof.into())
        }
        if !built_in_session {
            return Err(Error::<T>::InvalidKeyOwnershipProof.into())
        }
        let offender =
            P::check_proof(key, key_owner_proof).ok_or(Error::<T>::InvalidKeyOwnershipProof)?;
        let offence = EquivocationOffence { slot, session_index, validator_set_count, offender };
        R::report_offence(reporter.into_iter().collect(), offence)
            .map_err(|_| Error::<T>::DuplicateOffenceReport.into())
    }
}

impl<T: Config> Pallet<T> {
    /// Unsigned reports: only from the local node (its own detection) or already in a block;
    /// one per offender and slot in the pool; not gossiped.
    pub fn validate_unsigned(source: TransactionSource, call: &Call<T>) -> TransactionValidity {
        let Call::report_equivocation_unsigned { equivocation_proof, key_owner_proof } = call
        else {
            return InvalidTransaction::Call.into()
        };
        if !matches!(source, TransactionSource::Local | TransactionSource::InBlock) {
            log::warn!(target: LOG_TARGET, "unsigned Aura equivocation report from the network refused");
            return InvalidTransaction::Call.into()
        }
        T::EquivocationReportSystem::check_evidence((
            (**equivocation_proof).clone(),
            key_owner_proof.clone(),
        ))?;
        let longevity =
            <T::EquivocationReportSystem as OffenceReportSystem<_, _>>::Longevity::get();
        ValidTransaction::with_tag_prefix("AuraEquivocation")
            .priority(TransactionPriority::MAX)
            .and_provides((equivocation_proof.offender.clone(), equivocation_proof.slot))
            .longevity(longevity)
            .propagate(false)
            .build()
    }

    /// Checked again when the block is built or imported.
    pub fn pre_dispatch(call: &Call<T>) -> Result<(), TransactionValidityError> {
        let Call::report_equivocation_unsigned { equivocation_proof, key_owner_proof } = call
        else {
            return Err(InvalidTransaction::Call.into())
        };
        T::EquivocationReportSystem::check_evidence((
            (**equivocation_proof).clone(),
            key_owner_proof.clone(),
        ))
    }
}
