//! Solution verification on the real runtime (issue 16): a block's solutions are dispatched with
//! the cheap checks only and their openings verified together when the block is finalized, so a
//! block that carries one bad solution among good ones is invalid, while the pool still refuses
//! that solution on its own.

use crate::{
    genesis_config_presets::with_preset_state, Executive, Header, Runtime, RuntimeCall,
    UncheckedExtrinsic, SLOT_DURATION,
};
use codec::Encode;
use quarry_primitives::{ProofBytes, Solution};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
    traits::Header as _,
    transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
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

/// The solution with its first two proof points swapped: every cheap check passes, the opening
/// does not.
fn with_bad_opening(solution: &Solution) -> Solution {
    let mut proof = solution.proof.clone().into_inner();
    let first: [u8; 32] = proof[32..64].try_into().unwrap();
    proof.copy_within(64..96, 32);
    proof[64..96].copy_from_slice(&first);
    Solution { proof: ProofBytes::new(proof).unwrap(), ..solution.clone() }
}

fn bare(call: RuntimeCall) -> UncheckedExtrinsic {
    UncheckedExtrinsic::new_bare(call)
}

/// Builds block 1 of the dev chain (Alice's) with `solutions` through `Executive`, as an author
/// and an importer do; returns whether finalizing it succeeded, or its panic message.
fn build_block_with(solutions: Vec<Solution>) -> Result<(), String> {
    let slot = 1u64;
    let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
    let header = Header::new(1, Default::default(), Default::default(), Default::default(), digest);
    Executive::initialize_block(&header);
    let timestamp = pallet_timestamp::Call::set { now: slot * SLOT_DURATION };
    Executive::apply_extrinsic(bare(RuntimeCall::Timestamp(timestamp)))
        .expect("the timestamp applies")
        .expect("and dispatches");
    for solution in solutions {
        let call = pallet_quarry_mining::Call::submit_solution { solution };
        Executive::apply_extrinsic(bare(RuntimeCall::Mining(call)))
            .expect("a solution passes pre_dispatch")
            .expect("and dispatches");
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Executive::finalize_block();
    }))
    .map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

#[test]
fn a_block_of_good_solutions_is_finalized() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let solutions = alice_solutions(4);
        assert_eq!(build_block_with(solutions), Ok(()));
        assert_eq!(pallet_quarry_mining::Totals::<Runtime>::get(0).solutions, 4);
    });
}

#[test]
fn a_block_with_one_bad_solution_among_many_is_invalid() {
    with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
        let mut solutions = alice_solutions(4);
        solutions[1] = with_bad_opening(&solutions[1]);
        // The pool refuses it: it verifies openings in full.
        #[allow(deprecated)]
        let pool = <crate::Mining as frame_support::unsigned::ValidateUnsigned>::validate_unsigned(
            TransactionSource::External,
            &pallet_quarry_mining::Call::submit_solution { solution: solutions[1].clone() },
        );
        assert_eq!(
            pool,
            Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
                pallet_quarry_mining::invalid_solution::INVALID_PROOF
            )))
        );
        // A block carrying it anyway fails when it is finalized, however many good ones it holds.
        let error = build_block_with(solutions).expect_err("the block must be invalid");
        assert!(error.contains("fails verification (InvalidOpening)"), "{error}");
    });
}
