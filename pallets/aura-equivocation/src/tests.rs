//! The proof check on real sr25519 seals. Reporting through `pallet-offences` and slashing are
//! tested on the runtime (`runtime/src/accountability_tests.rs`), which has session history.

use crate::{check_equivocation_proof, EquivocationProof, Slot};
use sp_consensus_aura::{
    digests::CompatibleDigestItem,
    sr25519::{AuthorityId, AuthoritySignature},
};
use sp_core::{crypto::Pair, sr25519};
use sp_runtime::{
    generic::Header as GenericHeader,
    traits::{BlakeTwo256, Header as _},
    DigestItem,
};

type Header = GenericHeader<u32, BlakeTwo256>;

/// A header for `slot` at height `number`, sealed by `pair` as `sc-consensus-aura` seals.
fn sealed_header(pair: &sr25519::Pair, slot: u64, number: u32, extra: u8) -> Header {
    let mut header = Header::new(
        number,
        [extra; 32].into(),
        Default::default(),
        [7; 32].into(),
        Default::default(),
    );
    header
        .digest_mut()
        .push(<DigestItem as CompatibleDigestItem<AuthoritySignature>>::aura_pre_digest(Slot::from(slot)));
    let signature = AuthoritySignature::from(pair.sign(header.hash().as_ref()));
    header.digest_mut().push(<DigestItem as CompatibleDigestItem<_>>::aura_seal(signature));
    header
}

fn proof(pair: &sr25519::Pair, slot: u64, first: Header, second: Header) -> EquivocationProof<Header, AuthorityId> {
    EquivocationProof {
        offender: AuthorityId::from(pair.public()),
        slot: Slot::from(slot),
        first_header: first,
        second_header: second,
    }
}

#[test]
fn two_headers_sealed_for_one_slot_are_an_equivocation() {
    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let first = sealed_header(&alice, 42, 10, 1);
    let second = sealed_header(&alice, 42, 10, 2);
    assert!(check_equivocation_proof(proof(&alice, 42, first.clone(), second.clone())));
    // Different heights (two forks) in one slot are still one slot sealed twice.
    let other_height = sealed_header(&alice, 42, 11, 3);
    assert!(check_equivocation_proof(proof(&alice, 42, first, other_height)));
}

#[test]
fn the_same_header_twice_is_not() {
    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let header = sealed_header(&alice, 42, 10, 1);
    assert!(!check_equivocation_proof(proof(&alice, 42, header.clone(), header)));
    // Nor is one block sealed twice: the seals differ (sr25519 signs with fresh randomness),
    // the block does not.
    let resealed = sealed_header(&alice, 42, 10, 1);
    assert_ne!(resealed.hash(), sealed_header(&alice, 42, 10, 1).hash());
    assert!(!check_equivocation_proof(proof(&alice, 42, sealed_header(&alice, 42, 10, 1), resealed)));
}

#[test]
fn headers_for_different_slots_are_not() {
    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let first = sealed_header(&alice, 42, 10, 1);
    let second = sealed_header(&alice, 43, 11, 2);
    assert!(!check_equivocation_proof(proof(&alice, 42, first.clone(), second.clone())));
    assert!(!check_equivocation_proof(proof(&alice, 43, first, second)));
}

#[test]
fn a_header_sealed_by_someone_else_does_not_count() {
    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let bob = sr25519::Pair::from_string("//Bob", None).unwrap();
    let first = sealed_header(&alice, 42, 10, 1);
    let by_bob = sealed_header(&bob, 42, 10, 2);
    assert!(!check_equivocation_proof(proof(&alice, 42, first.clone(), by_bob.clone())));
    // Nor can Bob be blamed for Alice's block.
    assert!(!check_equivocation_proof(proof(&bob, 42, first, by_bob)));
}

#[test]
fn a_forged_or_missing_seal_is_rejected() {
    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let first = sealed_header(&alice, 42, 10, 1);

    // A reporter edits a sealed header to make a "second" one: the seal no longer matches.
    let mut edited = first.clone();
    edited.set_state_root([9; 32].into());
    assert!(!check_equivocation_proof(proof(&alice, 42, first.clone(), edited)));

    // The slot swapped under the seal.
    let mut reslotted = sealed_header(&alice, 42, 10, 2);
    let seal = reslotted.digest_mut().pop().unwrap();
    reslotted.digest_mut().logs.clear();
    reslotted
        .digest_mut()
        .push(<DigestItem as CompatibleDigestItem<AuthoritySignature>>::aura_pre_digest(Slot::from(43)));
    reslotted.digest_mut().push(seal);
    assert!(!check_equivocation_proof(proof(&alice, 43, first.clone(), reslotted)));

    // No seal at all.
    let mut unsealed = sealed_header(&alice, 42, 10, 2);
    unsealed.digest_mut().pop();
    assert!(!check_equivocation_proof(proof(&alice, 42, first, unsealed)));
}
