//! Solution verification on the real runtime (issue 16): the pool and a block's dispatch run only
//! the cheap checks and the hot key's signature; the block's openings are verified together when
//! it is finalized, good solutions are booked and a bad one slashes its miner and revokes its key.

use std::{cell::RefCell, collections::BTreeMap};

use crate::{
    genesis_config_presets::with_preset_state, Executive, Header, Runtime, RuntimeCall,
    RuntimeEvent, UncheckedExtrinsic, SLOT_DURATION,
};
use codec::Encode;
use frame_support::traits::Get;
use pallet_quarry_mining::invalid_solution;
use quarry_puzzle::testing::with_bad_opening;
use quarry_primitives::{
    native::{VerificationObserver, VerifyCall},
    Quality, SignedSolution, Solution, VerifyError,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::Pair as _;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
    traits::Header as _,
    transaction_validity::{
        InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
    },
    Digest, DigestItem,
};

/// `count` solutions of Alice's for the current challenge and target, from the puzzle's prover.
fn alice_solutions(count: usize) -> Vec<Solution> {
    let work = crate::Mining::work(&Sr25519Keyring::Alice.to_account_id());
    let params = quarry_puzzle::shared_generated(work.k).expect("parameters");
    (0..)
        .map(|nonce| quarry_puzzle::WorkUnit {
            challenge: work.challenge,
            miner: Sr25519Keyring::Alice.to_account_id().into(),
            nonce,
        })
        .filter(|unit| quarry_puzzle::attempt(&params, unit).quality >= work.proof_target)
        .take(count)
        .map(|unit| quarry_puzzle::prove(&params, &unit))
        .collect()
}

/// `solution` in pool slot `slot`, signed by `key` (Alice's own key is her hot key in the dev
/// preset).
fn signed(solution: &Solution, slot: u8, key: Sr25519Keyring) -> SignedSolution {
    SignedSolution::sign(solution.clone(), slot, |payload| key.pair().sign(payload).0)
}

/// `who`'s active bond.
fn bond_of(who: &crate::AccountId) -> u128 {
    <crate::Staking as pallet_quarry_staking::StakeProvider<_, u128>>::bonded(who)
}

fn bare(call: RuntimeCall) -> UncheckedExtrinsic {
    UncheckedExtrinsic::new_bare(call)
}

fn pool_validate(submission: &SignedSolution) -> TransactionValidity {
    #[allow(deprecated)]
    <crate::Mining as frame_support::unsigned::ValidateUnsigned>::validate_unsigned(
        TransactionSource::External,
        &pallet_quarry_mining::Call::submit_solution { submission: submission.clone() },
    )
}

fn refused(code: u8) -> TransactionValidity {
    Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)))
}

/// Starts block 1 of the dev chain (Alice's) through `Executive`, as an author and an importer
/// do, with its timestamp.
fn start_block() {
    let slot = 1u64;
    let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
    let header = Header::new(1, Default::default(), Default::default(), Default::default(), digest);
    Executive::initialize_block(&header);
    let timestamp = pallet_timestamp::Call::set { now: slot * SLOT_DURATION };
    Executive::apply_extrinsic(bare(RuntimeCall::Timestamp(timestamp)))
        .expect("the timestamp applies")
        .expect("and dispatches");
}

/// Builds and finalizes block 1 with `submissions`; each must pass `pre_dispatch` and dispatch.
fn build_block_with(submissions: Vec<SignedSolution>) {
    start_block();
    for submission in submissions {
        let call = pallet_quarry_mining::Call::submit_solution { submission };
        Executive::apply_extrinsic(bare(RuntimeCall::Mining(call)))
            .expect("a solution passes pre_dispatch")
            .expect("and dispatches");
    }
    Executive::finalize_block();
}

fn mining_events() -> Vec<pallet_quarry_mining::Event<Runtime>> {
    frame_system::Pallet::<Runtime>::events()
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::Mining(event) => Some(event),
            _ => None,
        })
        .collect()
}

thread_local! {
    /// Puzzle host calls made on this thread, by kind (the observer is process-wide, tests run
    /// on threads of their own).
    static HOST_CALLS: RefCell<BTreeMap<&'static str, usize>> = RefCell::default();
}

struct CountHostCalls;

impl VerificationObserver for CountHostCalls {
    fn observe(&self, call: VerifyCall, _: std::time::Duration, _: &[Result<Quality, VerifyError>]) {
        let name = match call {
            VerifyCall::Single => "single",
            VerifyCall::Precheck => "precheck",
            VerifyCall::Batch => "batch",
        };
        HOST_CALLS.with(|calls| *calls.borrow_mut().entry(name).or_default() += 1);
    }
}

/// The puzzle host calls `run` makes on this thread.
fn host_calls_of(run: impl FnOnce()) -> BTreeMap<&'static str, usize> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let _ = quarry_primitives::native::set_verification_observer(Box::new(CountHostCalls));
    });
    HOST_CALLS.with(|calls| calls.borrow_mut().clear());
    run();
    HOST_CALLS.with(|calls| calls.borrow().clone())
}

#[test]
fn a_block_of_good_solutions_is_verified_once_and_booked() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let submissions: Vec<_> = alice_solutions(4)
            .iter()
            .enumerate()
            .map(|(slot, solution)| signed(solution, slot as u8, Sr25519Keyring::Alice))
            .collect();
        let calls = host_calls_of(|| build_block_with(submissions));
        // One precheck in `pre_dispatch` and one in dispatch per solution, one batch per block,
        // no single verification.
        assert_eq!(calls, BTreeMap::from([("batch", 1), ("precheck", 8)]));
        assert_eq!(pallet_quarry_mining::Totals::<Runtime>::get(0).solutions, 4);
    });
}

/// The attack of review F1/H4: a solution that passes every cheap check but not its opening costs
/// its sender about `target` hashes. Before, every node's pool paid a full verification (a
/// `single` host call, an MSM of size `2^k`) to refuse it. Now the pool pays a precheck and a
/// signature check; the garbage is verified only in a block, where it costs the miner its slash.
#[test]
fn garbage_costs_the_pool_no_verification_and_its_miner_a_slash_in_the_block() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let alice = Sr25519Keyring::Alice.to_account_id();
        let mut solutions = alice_solutions(4);
        solutions[1] = with_bad_opening(&solutions[1]);
        let submissions: Vec<_> = solutions
            .iter()
            .enumerate()
            .map(|(slot, solution)| signed(solution, slot as u8, Sr25519Keyring::Alice))
            .collect();

        let calls = host_calls_of(|| assert!(pool_validate(&submissions[1]).is_ok()));
        assert_eq!(calls, BTreeMap::from([("precheck", 1)]), "the pool ran no opening check");

        let bond_before = bond_of(&alice);
        build_block_with(submissions.clone());

        // The block is valid: the three good solutions are booked, the bad one is not.
        assert_eq!(pallet_quarry_mining::Totals::<Runtime>::get(0).solutions, 3);
        let slash: u128 = <Runtime as pallet_quarry_mining::Config>::InvalidSolutionSlash::get();
        assert_eq!(bond_of(&alice), bond_before - slash);
        assert!(mining_events().contains(&pallet_quarry_mining::Event::SolutionRejected {
            miner: alice.clone(),
            nonce: solutions[1].nonce,
            error: VerifyError::InvalidOpening,
            slashed: slash,
        }));
        // The key that signed it speaks for Alice no more.
        assert_eq!(pallet_quarry_mining::HotKeys::<Runtime>::get(&alice), None);
        let next = signed(&alice_solutions(5)[4], 4, Sr25519Keyring::Alice);
        assert_eq!(pool_validate(&next), refused(invalid_solution::NO_HOT_KEY));
    });
}

/// Nobody but the miner's hot key can make a solution count against the miner: a solution
/// signed by another key is refused by the pool and by `pre_dispatch`, so a malicious author
/// cannot get an honest miner slashed with a forged bad solution.
#[test]
fn a_solution_signed_by_another_key_is_refused_in_the_pool_and_in_blocks() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let alice = Sr25519Keyring::Alice.to_account_id();
        let bad = with_bad_opening(&alice_solutions(1)[0]);
        let forged = signed(&bad, 0, Sr25519Keyring::Bob);
        assert_eq!(pool_validate(&forged), refused(invalid_solution::BAD_SIGNATURE));
        // A valid signature over another slot does not carry over.
        let mut moved = signed(&bad, 0, Sr25519Keyring::Alice);
        moved.slot = 1;
        assert_eq!(pool_validate(&moved), refused(invalid_solution::BAD_SIGNATURE));

        start_block();
        let call = pallet_quarry_mining::Call::submit_solution { submission: forged };
        let applied = Executive::apply_extrinsic(bare(RuntimeCall::Mining(call)));
        assert_eq!(
            applied,
            Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
                invalid_solution::BAD_SIGNATURE
            )))
        );
        let bond_before = bond_of(&alice);
        Executive::finalize_block();
        assert_eq!(bond_of(&alice), bond_before);
        assert!(pallet_quarry_mining::HotKeys::<Runtime>::get(&alice).is_some());
    });
}

/// A miner's solutions wait in a pool at most one per slot: the slot is part of what the pool
/// deduplicates on, and slots beyond `PoolSlotsPerMiner` are refused.
#[test]
fn pool_slots_bound_the_solutions_of_one_miner() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let solutions = alice_solutions(2);
        let slots: u8 = <Runtime as pallet_quarry_mining::Config>::PoolSlotsPerMiner::get();
        let beyond = signed(&solutions[0], slots, Sr25519Keyring::Alice);
        assert_eq!(pool_validate(&beyond), refused(invalid_solution::BAD_SLOT));

        let first = pool_validate(&signed(&solutions[0], 3, Sr25519Keyring::Alice)).unwrap();
        let second = pool_validate(&signed(&solutions[1], 3, Sr25519Keyring::Alice)).unwrap();
        let other_slot = pool_validate(&signed(&solutions[1], 4, Sr25519Keyring::Alice)).unwrap();
        let shared = |a: &Vec<Vec<u8>>, b: &Vec<Vec<u8>>| a.iter().filter(|t| b.contains(t)).count();
        // Two work units in one slot share exactly the slot tag: the pool keeps one of them.
        assert_eq!(shared(&first.provides, &second.provides), 1);
        assert_eq!(shared(&second.provides, &other_slot.provides), 1, "the work-unit tag");
        assert_eq!(shared(&first.provides, &other_slot.provides), 0);
    });
}
