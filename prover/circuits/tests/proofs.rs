//! Real proofs of every catalogue circuit (production sizes): they verify, alone and in batches,
//! and nothing else does: other public inputs, another prover, tampered, truncated or garbage
//! bytes. One proof per circuit is made per test run (about 10 s each on 2 cores) and shared.

use std::sync::LazyLock;

use pasta_curves::Fp;
use quarry_circuits::circuits::{self, poseidon_chain};
use quarry_circuits::encoding::field_bytes;
use quarry_circuits::*;

const PROVER: ProverId = [0xa1; 32];
const OTHER: ProverId = [0xb2; 32];

fn merkle_input() -> Vec<u8> {
    circuits::example_input(MERKLE_BATCH, 1).unwrap()
}

/// `n` below the maximum (the example input uses the maximum).
fn chain_input() -> Vec<u8> {
    poseidon_chain::Production::new(Fp::from(0xdead_beef), 1_000).to_bytes()
}

fn schnorr_input() -> Vec<u8> {
    circuits::example_input(SCHNORR_BATCH, 1).unwrap()
}

/// A proved task: the circuit, its input commitment, outputs and proof (for `PROVER`).
#[derive(Clone)]
struct Proved {
    circuit: CircuitId,
    input: Vec<u8>,
    commitment: FieldBytes,
    outputs: Vec<FieldBytes>,
    proof: Vec<u8>,
}

impl Proved {
    fn item(&self, prover: ProverId) -> ProofItem {
        ProofItem {
            circuit: self.circuit,
            commitment: self.commitment,
            outputs: self.outputs.clone(),
            prover,
            proof: self.proof.clone(),
        }
    }

    fn verify(&self) -> Result<(), TaskError> {
        verify(
            self.circuit,
            &self.commitment,
            &self.outputs,
            &PROVER,
            &self.proof,
        )
    }
}

fn prove_task(circuit: CircuitId, input: Vec<u8>) -> Proved {
    let (outputs, proof) = prove(circuit, &input, &PROVER).expect("valid input proves");
    Proved {
        circuit,
        commitment: input_commitment(circuit, &input).unwrap(),
        input,
        outputs,
        proof,
    }
}

static PROVED: LazyLock<Vec<Proved>> = LazyLock::new(|| {
    vec![
        prove_task(MERKLE_BATCH, merkle_input()),
        prove_task(POSEIDON_CHAIN, chain_input()),
        prove_task(SCHNORR_BATCH, schnorr_input()),
    ]
});

#[test]
fn valid_proofs_verify_and_carry_the_native_outputs() {
    for p in PROVED.iter() {
        let info = info(p.circuit).unwrap();
        assert_eq!(p.verify(), Ok(()), "{}", info.name);
        assert_eq!(
            p.outputs,
            evaluate(p.circuit, &p.input).unwrap(),
            "{}",
            info.name
        );
        assert_eq!(
            p.proof.len(),
            info.proof_len as usize,
            "{}: catalogue proof length",
            info.name
        );
        assert_eq!(p.outputs.len(), info.outputs as usize);
    }
}

#[test]
fn a_copied_proof_fails_for_another_prover() {
    for p in PROVED.iter() {
        assert_eq!(
            verify(p.circuit, &p.commitment, &p.outputs, &OTHER, &p.proof),
            Err(TaskError::InvalidProof),
            "{}",
            info(p.circuit).unwrap().name
        );
    }
}

#[test]
fn other_public_inputs_are_rejected() {
    let [merkle, chain, schnorr] = &PROVED[..] else {
        unreachable!()
    };
    // Another output.
    for p in [merkle, chain] {
        let wrong = vec![field_bytes(
            &(encoding::field(&p.outputs[0]).unwrap() + Fp::one()),
        )];
        assert_eq!(
            verify(p.circuit, &p.commitment, &wrong, &PROVER, &p.proof),
            Err(TaskError::InvalidProof)
        );
    }
    // Another task's input.
    let other_chain = input_commitment(
        POSEIDON_CHAIN,
        &poseidon_chain::Production::new(Fp::from(0xdead_beef), 999).to_bytes(),
    )
    .unwrap();
    assert_eq!(
        verify(
            POSEIDON_CHAIN,
            &other_chain,
            &chain.outputs,
            &PROVER,
            &chain.proof
        ),
        Err(TaskError::InvalidProof)
    );
    // Another circuit's proof (the lengths differ, so this is caught before halo2).
    assert!(verify(
        SCHNORR_BATCH,
        &schnorr.commitment,
        &[],
        &PROVER,
        &merkle.proof
    )
    .is_err());
    // Wrong number of outputs, non-canonical values.
    assert_eq!(
        verify(
            MERKLE_BATCH,
            &merkle.commitment,
            &[],
            &PROVER,
            &merkle.proof
        ),
        Err(TaskError::OutputCount {
            expected: 1,
            got: 0
        })
    );
    assert_eq!(
        verify(
            MERKLE_BATCH,
            &merkle.commitment,
            &[[0xff; 32]],
            &PROVER,
            &merkle.proof
        ),
        Err(TaskError::NonCanonicalOutput(0))
    );
    assert_eq!(
        verify(
            MERKLE_BATCH,
            &[0xff; 32],
            &merkle.outputs,
            &PROVER,
            &merkle.proof
        ),
        Err(TaskError::NonCanonicalCommitment)
    );
    assert_eq!(
        verify(77, &merkle.commitment, &[], &PROVER, &[]),
        Err(TaskError::UnknownCircuit(77))
    );
}

#[test]
fn tampered_truncated_and_garbage_proofs_are_rejected() {
    for p in PROVED.iter() {
        let len = p.proof.len();
        let check = |proof: &[u8]| verify(p.circuit, &p.commitment, &p.outputs, &PROVER, proof);
        // Every 97th byte flipped, one at a time: never accepted, never a panic.
        for at in (0..len).step_by(97) {
            let mut tampered = p.proof.clone();
            tampered[at] ^= 0x01;
            let result = check(&tampered);
            assert!(
                matches!(
                    result,
                    Err(TaskError::InvalidProof | TaskError::MalformedProof)
                ),
                "byte {at}: {result:?}"
            );
        }
        let length_error = |got: usize| TaskError::ProofLength {
            expected: len as u32,
            got: got as u32,
        };
        assert_eq!(check(&p.proof[..len - 1]), Err(length_error(len - 1)));
        assert_eq!(check(&[]), Err(length_error(0)));
        let mut longer = p.proof.clone();
        longer.push(0);
        assert_eq!(check(&longer), Err(length_error(len + 1)));
        assert_eq!(check(&vec![0xff; len]), Err(TaskError::MalformedProof));
        let noise: Vec<u8> = (0..len)
            .map(|i| (i as u32).wrapping_mul(2_654_435_761) as u8)
            .collect();
        assert!(check(&noise).is_err());
    }
}

#[test]
fn batch_verification_equals_individual_verification() {
    let mut items: Vec<ProofItem> = PROVED.iter().map(|p| p.item(PROVER)).collect();
    assert_eq!(verify_batch(&items), vec![Ok(()); 3], "all valid");

    // Valid proofs of all circuits mixed with invalid ones of every kind.
    items.push(PROVED[0].item(OTHER));
    let mut tampered = PROVED[1].item(PROVER);
    let mid = tampered.proof.len() / 2;
    tampered.proof[mid] ^= 0x10;
    items.push(tampered);
    let mut truncated = PROVED[2].item(PROVER);
    truncated.proof.pop();
    items.push(truncated);
    let mut unknown = PROVED[0].item(PROVER);
    unknown.circuit = 99;
    items.push(unknown);
    items.extend(PROVED.iter().map(|p| p.item(PROVER)));
    let batch = verify_batch(&items);
    let individual: Vec<_> = items.iter().map(verify_item).collect();
    assert_eq!(batch, individual);
    assert_eq!(batch.iter().filter(|r| r.is_ok()).count(), 6);

    // Only invalid proofs that pass the cheap checks: the combined MSM fails and the fallback
    // attributes every failure.
    let invalid: Vec<_> = PROVED.iter().map(|p| p.item(OTHER)).collect();
    assert_eq!(
        verify_batch(&invalid),
        vec![Err(TaskError::InvalidProof); 3]
    );
    assert_eq!(verify_batch(&[]), vec![]);
}

#[test]
fn verify_all_is_the_and_of_individual_results() {
    let valid: Vec<ProofItem> = PROVED.iter().map(|p| p.item(PROVER)).collect();
    assert_eq!(verify_all(&valid), Ok(()));
    assert_eq!(verify_all(&[]), Ok(()));
    // One proof bound to another prover: the combined check fails, without saying which.
    let mut mixed = valid.clone();
    mixed.insert(1, PROVED[2].item(OTHER));
    assert_eq!(verify_all(&mixed), Err(BatchError::Invalid));
    // A cheap check fails: named, with its error.
    let mut truncated = valid.clone();
    truncated[2].proof.pop();
    assert_eq!(
        verify_all(&truncated),
        Err(BatchError::Item {
            index: 2,
            error: verify_item(&truncated[2]).unwrap_err()
        })
    );
    for items in [&valid, &mixed, &truncated] {
        let and = items.iter().all(|i| verify_item(i).is_ok());
        assert_eq!(verify_all(items).is_ok(), and);
    }
}

#[test]
fn malformed_inputs_are_clear_errors() {
    let merkle = merkle_input();
    assert_eq!(
        input_commitment(MERKLE_BATCH, &merkle[..100]),
        Err(TaskError::InputLength {
            expected: MERKLE_INPUT_LEN as u32,
            got: 100
        })
    );
    let mut bad_root = merkle.clone();
    bad_root[..32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        input_commitment(MERKLE_BATCH, &bad_root),
        Err(TaskError::InvalidInput {
            offset: 0,
            fault: InputFault::NonCanonicalField
        })
    );
    let mut far_index = merkle.clone();
    far_index[32..36].copy_from_slice(&(1u32 << MERKLE_DEPTH).to_le_bytes());
    assert_eq!(
        input_commitment(MERKLE_BATCH, &far_index),
        Err(TaskError::InvalidInput {
            offset: 32,
            fault: InputFault::IndexOutOfRange
        })
    );
    // Hints that do not fit the tree: the input is valid (hints are not committed) but no
    // prover can prove it; `prove` says so before any key generation.
    let mut wrong_hint = merkle.clone();
    let first_sibling = MERKLE_INPUT_LEN + 32;
    wrong_hint[first_sibling] ^= 1;
    assert!(input_commitment(MERKLE_BATCH, &wrong_hint).is_ok());
    assert!(matches!(
        prove(MERKLE_BATCH, &wrong_hint, &PROVER),
        Err(ProveError::Unprovable(_))
    ));
    // The statement alone (no hints) commits to the same thing.
    assert_eq!(
        input_commitment(MERKLE_BATCH, &merkle[..MERKLE_INPUT_LEN]),
        input_commitment(MERKLE_BATCH, &merkle)
    );

    let mut many = chain_input();
    many[32..].copy_from_slice(&(CHAIN_MAX_ITERATIONS + 1).to_le_bytes());
    assert_eq!(
        input_commitment(POSEIDON_CHAIN, &many),
        Err(TaskError::InvalidInput {
            offset: 32,
            fault: InputFault::TooManyIterations
        })
    );

    let mut forged = schnorr_input();
    forged[64] ^= 1; // the first s
    assert!(input_commitment(SCHNORR_BATCH, &forged).is_ok());
    assert!(matches!(
        prove(SCHNORR_BATCH, &forged, &PROVER),
        Err(ProveError::Unprovable(_))
    ));
    assert_eq!(input_commitment(0, &[]), Err(TaskError::UnknownCircuit(0)));
}
