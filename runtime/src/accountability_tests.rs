//! Consensus accountability on the real runtime (issue 15, review H3): a GRANDPA equivocation
//! reported with a key-ownership proof from `Historical` is judged by `Offences`; `Staking`
//! disables the offender at once (Aura refuses its blocks) and slashes it
//! `SlashDeferDuration` sessions later, paying the reporter, unless root cancels the slash. Aura
//! equivocations (two blocks sealed for one slot) go the same way through `AuraEquivocation`.

use crate::{
    configs::TreasuryAccount, genesis_config_presets::with_preset_state, Balances, Grandpa,
    Historical, Runtime, RuntimeCall, RuntimeOrigin, Session, SessionKeys, Staking,
};
use alloc::boxed::Box;
use frame_support::{
    assert_noop, assert_ok,
    traits::{
        fungible::Inspect, DisabledValidators, Get, KeyOwnerProofSystem, UnfilteredDispatchable,
    },
};
use pallet_quarry_staking::{Ledger, UnappliedSlashes};
use sp_consensus_grandpa::{EquivocationProof, KEY_TYPE};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{
    transaction_validity::{InvalidTransaction, TransactionSource},
    DispatchError, Perbill,
};

const BOND: u128 = crate::genesis_config_presets::VALIDATOR_BOND;

/// Every current validator authors a block, so the liveness rule keeps the set.
fn everyone_authors() {
    for validator in Session::validators() {
        <Staking as pallet_authorship::EventHandler<_, _>>::note_author(validator);
    }
}

fn rotate_sessions(n: u32) {
    for _ in 0..n {
        everyone_authors();
        Session::rotate_session();
    }
}

/// The local preset (Alice, Bob) plus Charlie and Dave as validators: four, so that one can be
/// disabled (pallet-session disables at most a third of the set).
fn with_four_validators(test: impl FnOnce()) {
    with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
        frame_system::Pallet::<Runtime>::set_block_number(1);
        for (account, grandpa) in [
            (Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
            (Sr25519Keyring::Dave, Ed25519Keyring::Dave),
        ] {
            let who = account.to_account_id();
            let keys = SessionKeys { aura: account.public().into(), grandpa: grandpa.public().into() };
            assert_ok!(<Session as pallet_session::SessionInterface>::set_keys(&who, keys));
            assert_ok!(Staking::bond(RuntimeOrigin::signed(who.clone()), BOND));
            assert_ok!(Staking::join_candidates(RuntimeOrigin::signed(who), Perbill::zero()));
        }
        // Elected at the next rotation, active from the one after.
        rotate_sessions(2);
        assert_eq!(Session::validators().len(), 4);
        test()
    })
}

/// Two different prevotes of `voter` in one round of the current GRANDPA set.
fn equivocation(voter: Ed25519Keyring) -> EquivocationProof<crate::Hash, crate::BlockNumber> {
    prevotes(voter, 1, 2)
}

/// Two prevotes of `voter` in round 1 of the current set, for blocks `first` and `second`.
fn prevotes(
    voter: Ed25519Keyring,
    first: u8,
    second: u8,
) -> EquivocationProof<crate::Hash, crate::BlockNumber> {
    let set_id = Grandpa::current_set_id();
    let round = 1;
    let signed = |target: u8| {
        let prevote = finality_grandpa::Prevote {
            target_hash: crate::Hash::repeat_byte(target),
            target_number: 1,
        };
        let message = finality_grandpa::Message::Prevote(prevote.clone());
        let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
        (prevote, voter.sign(&payload).into())
    };
    EquivocationProof::new(
        set_id,
        sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
            round_number: round,
            identity: voter.public().into(),
            first: signed(first),
            second: signed(second),
        }),
    )
}

/// What the node's `generate_key_ownership_proof` returns: `voter`'s GRANDPA key in the current
/// session's validator set.
fn key_owner_proof(voter: Ed25519Keyring) -> sp_session::MembershipProof {
    let key: sp_consensus_grandpa::AuthorityId = voter.public().into();
    Historical::prove((KEY_TYPE, key)).expect("a current validator's key has a proof")
}

fn bonded(who: &crate::AccountId) -> u128 {
    Ledger::<Runtime>::get(who).map(|l| l.total()).unwrap_or_default()
}

/// `min((3k/n)², 1)` for one offender among four validators.
fn one_in_four() -> Perbill {
    Perbill::from_rational(3u32, 4u32).square()
}

#[test]
fn an_equivocation_disables_the_offender_and_is_slashed_after_the_deferral() {
    with_four_validators(|| {
        let bob = Sr25519Keyring::Bob.to_account_id();
        let charlie = Sr25519Keyring::Charlie.to_account_id();
        let bob_index = Session::validators().iter().position(|v| v == &bob).unwrap() as u32;
        let defer: u32 = <Runtime as pallet_quarry_staking::Config>::SlashDeferDuration::get();
        let apply_at = Session::current_index() + defer;
        let charlie_free = Balances::balance(&charlie);
        let treasury = Balances::balance(&TreasuryAccount::get());

        let proof = equivocation(Ed25519Keyring::Bob);
        assert_ok!(Grandpa::report_equivocation(
            RuntimeOrigin::signed(charlie.clone()),
            Box::new(proof.clone()),
            key_owner_proof(Ed25519Keyring::Bob),
        ));

        // Out of block production at once.
        assert!(<Session as DisabledValidators>::is_disabled(bob_index));
        assert!(<<Runtime as pallet_aura::Config>::DisabledValidators as DisabledValidators>::is_disabled(bob_index));
        // The same equivocation cannot be reported twice (the pool drops it as stale).
        let again = pallet_grandpa::Call::<Runtime>::report_equivocation_unsigned {
            equivocation_proof: Box::new(proof),
            key_owner_proof: key_owner_proof(Ed25519Keyring::Bob),
        };
        assert_eq!(
            Grandpa::validate_unsigned(TransactionSource::InBlock, &again),
            Err(InvalidTransaction::Stale.into())
        );

        // The slash waits for its session.
        assert!(UnappliedSlashes::<Runtime>::contains_key(apply_at, &bob));
        rotate_sessions(defer - 1);
        assert_eq!(bonded(&bob), BOND);
        rotate_sessions(1);

        let slashed = one_in_four() * BOND;
        assert_eq!(bonded(&bob), BOND - slashed);
        let reward = Perbill::from_percent(10) * slashed;
        assert_eq!(Balances::balance(&charlie) - charlie_free, reward);
        assert_eq!(Balances::balance(&TreasuryAccount::get()) - treasury, slashed - reward);
        // The ledger and the balance on hold still agree.
        use frame_support::traits::fungible::InspectHold;
        let hold = pallet_quarry_staking::HoldReason::Staking.into();
        assert_eq!(Balances::balance_on_hold(&hold, &bob), bonded(&bob));
    });
}

#[test]
fn root_can_cancel_a_deferred_slash() {
    with_four_validators(|| {
        let bob = Sr25519Keyring::Bob.to_account_id();
        let defer: u32 = <Runtime as pallet_quarry_staking::Config>::SlashDeferDuration::get();
        let apply_at = Session::current_index() + defer;
        // An unsigned report, as the node submits it: the reporter is the block's author (none
        // here), so nobody is paid.
        assert_ok!(Grandpa::report_equivocation_unsigned(
            RuntimeOrigin::none(),
            Box::new(equivocation(Ed25519Keyring::Bob)),
            key_owner_proof(Ed25519Keyring::Bob),
        ));
        let cancel = |origin| {
            RuntimeCall::Staking(pallet_quarry_staking::Call::cancel_deferred_slash {
                apply_at,
                validator: bob.clone(),
            })
            .dispatch_bypass_filter(origin)
            .map_err(|e| e.error)
        };
        assert_noop!(
            cancel(RuntimeOrigin::signed(Sr25519Keyring::Charlie.to_account_id())),
            DispatchError::BadOrigin
        );
        assert_ok!(cancel(RuntimeOrigin::root()));
        rotate_sessions(defer + 1);
        assert_eq!(bonded(&bob), BOND);
    });
}

#[test]
fn a_forged_equivocation_is_rejected() {
    with_four_validators(|| {
        // Bob's votes, but Charlie's key-ownership proof.
        assert!(Grandpa::report_equivocation(
            RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
            Box::new(equivocation(Ed25519Keyring::Bob)),
            key_owner_proof(Ed25519Keyring::Charlie),
        )
        .is_err());
        // Two identical votes are no equivocation.
        let proof = prevotes(Ed25519Keyring::Bob, 1, 1);
        assert!(Grandpa::report_equivocation(
            RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
            Box::new(proof),
            key_owner_proof(Ed25519Keyring::Bob),
        )
        .is_err());
        assert_eq!(UnappliedSlashes::<Runtime>::iter().count(), 0);
    });
}

// --- Aura: two blocks sealed by one authority for one slot --------------------------------------

/// A header at height `number` for `slot`, sealed by `author` as `sc-consensus-aura` seals;
/// `extra` makes different blocks.
fn sealed_header(author: Sr25519Keyring, slot: u64, number: crate::BlockNumber, extra: u8) -> crate::Header {
    use sp_consensus_aura::{digests::CompatibleDigestItem, sr25519::AuthoritySignature};
    use sp_runtime::{traits::Header as _, DigestItem};
    let mut header = crate::Header::new(
        number,
        crate::Hash::repeat_byte(extra),
        Default::default(),
        crate::Hash::repeat_byte(7),
        Default::default(),
    );
    header.digest_mut().push(<DigestItem as CompatibleDigestItem<AuthoritySignature>>::aura_pre_digest(slot.into()));
    let signature = AuthoritySignature::from(author.sign(header.hash().as_ref()));
    header.digest_mut().push(<DigestItem as CompatibleDigestItem<_>>::aura_seal(signature));
    header
}

/// A block height whose parent is in the current session (its author was chosen by it).
fn height_in_current_session() -> crate::BlockNumber {
    crate::configs::SessionOfBlock::first_block(Session::current_index()) + 1
}

fn aura_equivocation(author: Sr25519Keyring, number: crate::BlockNumber) -> crate::AuraEquivocationProof {
    crate::AuraEquivocationProof {
        offender: author.public().into(),
        slot: 1_000.into(),
        first_header: sealed_header(author, 1_000, number, 1),
        second_header: sealed_header(author, 1_000, number, 2),
    }
}

fn aura_key_owner_proof(author: Sr25519Keyring) -> sp_session::MembershipProof {
    let key: sp_consensus_aura::sr25519::AuthorityId = author.public().into();
    Historical::prove((sp_core::crypto::key_types::AURA, key)).expect("a current validator's key has a proof")
}

#[test]
fn session_of_block_matches_the_session_rotation() {
    use frame_support::traits::OnInitialize;
    use sp_runtime::traits::Convert;
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let period = <crate::configs::SessionPeriod as Get<crate::BlockNumber>>::get();
        assert_eq!(crate::configs::SessionOfBlock::first_block(0), 0);
        for n in 1..=3 * period + 1 {
            frame_system::Pallet::<Runtime>::set_block_number(n);
            everyone_authors();
            let before = Session::current_index();
            <Session as OnInitialize<_>>::on_initialize(n);
            let session = Session::current_index();
            assert_eq!(session, crate::configs::SessionOfBlock::convert(n), "block {n}");
            if session != before {
                assert_eq!(crate::configs::SessionOfBlock::first_block(session), n, "session {session}");
            }
        }
        assert_eq!(Session::current_index(), 3);
    })
}

#[test]
fn an_aura_equivocation_reported_by_the_node_disables_and_slashes_the_author() {
    use crate::AuraEquivocation;
    with_four_validators(|| {
        let bob = Sr25519Keyring::Bob.to_account_id();
        let bob_index = Session::validators().iter().position(|v| v == &bob).unwrap() as u32;
        let defer: u32 = <Runtime as pallet_quarry_staking::Config>::SlashDeferDuration::get();
        let apply_at = Session::current_index() + defer;
        let proof = aura_equivocation(Sr25519Keyring::Bob, height_in_current_session());
        let call = pallet_quarry_aura_equivocation::Call::<Runtime>::report_equivocation_unsigned {
            equivocation_proof: Box::new(proof.clone()),
            key_owner_proof: aura_key_owner_proof(Sr25519Keyring::Bob),
        };
        // The node's own report is accepted into its pool; one from the network is not.
        assert_ok!(AuraEquivocation::validate_unsigned(TransactionSource::Local, &call));
        assert_eq!(
            AuraEquivocation::validate_unsigned(TransactionSource::External, &call),
            Err(InvalidTransaction::Call.into())
        );
        assert_ok!(AuraEquivocation::report_equivocation_unsigned(
            RuntimeOrigin::none(),
            Box::new(proof),
            aura_key_owner_proof(Sr25519Keyring::Bob),
        ));
        assert!(<<Runtime as pallet_aura::Config>::DisabledValidators as DisabledValidators>::is_disabled(bob_index));
        // Once reported, the slot's offence is known: the same report is stale.
        assert_eq!(
            AuraEquivocation::validate_unsigned(TransactionSource::Local, &call),
            Err(InvalidTransaction::Stale.into())
        );
        assert!(UnappliedSlashes::<Runtime>::contains_key(apply_at, &bob));
        rotate_sessions(defer);
        assert_eq!(bonded(&bob), BOND - one_in_four() * BOND);
    });
}

#[test]
fn a_forged_aura_equivocation_is_rejected() {
    use crate::AuraEquivocation;
    use pallet_quarry_aura_equivocation::Error;
    with_four_validators(|| {
        let dave = RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id());
        let height = height_in_current_session();
        // Charlie's second block passed off as Bob's.
        let mut framed = aura_equivocation(Sr25519Keyring::Bob, height);
        framed.second_header = sealed_header(Sr25519Keyring::Charlie, 1_000, height, 2);
        assert_noop!(
            AuraEquivocation::report_equivocation(
                dave.clone(),
                Box::new(framed),
                aura_key_owner_proof(Sr25519Keyring::Bob),
            ),
            Error::<Runtime>::InvalidEquivocationProof
        );
        // A real equivocation of Bob's, with Charlie's key-ownership proof.
        assert!(AuraEquivocation::report_equivocation(
            dave.clone(),
            Box::new(aura_equivocation(Sr25519Keyring::Bob, height)),
            aura_key_owner_proof(Sr25519Keyring::Charlie),
        )
        .is_err());
        // Blocks of an earlier session with this session's key-ownership proof: the report
        // would pick the wrong session's exposure.
        assert_noop!(
            AuraEquivocation::report_equivocation(
                dave,
                Box::new(aura_equivocation(Sr25519Keyring::Bob, 1)),
                aura_key_owner_proof(Sr25519Keyring::Bob),
            ),
            Error::<Runtime>::InvalidKeyOwnershipProof
        );
        assert_eq!(UnappliedSlashes::<Runtime>::iter().count(), 0);
    });
}

/// The report's benchmark on this runtime, whose helper builds real sessions, history and stake:
/// at the smallest and the largest validator set and delegator count, with its check that the
/// offence was recorded. (CI runs every other pallet's benchmarks on its mock; this pallet has
/// none, its report needs the whole runtime.)
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn the_aura_equivocation_benchmark_runs_on_the_runtime() {
    let max_validators: u32 = <Runtime as pallet_quarry_staking::Config>::MaxValidators::get();
    let max_delegators = crate::configs::MAX_DELEGATORS_PER_CANDIDATE;
    for (v, n) in [(2, 0), (max_validators, max_delegators)] {
        with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
            pallet_quarry_aura_equivocation::test_report_equivocation::<Runtime>(v, n)
                .unwrap_or_else(|e| panic!("v = {v}, n = {n}: {e:?}"));
        })
    }
}
