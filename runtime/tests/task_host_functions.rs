//! The task host functions, called the way the runtime calls them (inside runtime externalities;
//! natively, so the host side is exactly `quarry_circuits`), on the known-answer vectors of every
//! catalogue circuit: a dependency bump that changes which proofs verify fails here.

use quarry_circuits::kat;
use quarry_primitives::tasks::{self, BatchError, InputFault, ProofItem, TaskError, CATALOGUE};
use sp_io::TestExternalities;

fn vectors() -> Vec<kat::Kat> {
    // Read at run time: a test binary may be shared between checkouts through the target dir.
    let path = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("../prover/circuits/testdata/kat.txt");
    kat::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn known_answer_proofs_verify_through_the_host_functions() {
    let vectors = vectors();
    assert_eq!(vectors.len(), CATALOGUE.len());
    TestExternalities::default().execute_with(|| {
        for kat in &vectors {
            assert_eq!(
                tasks::input_commitment(kat.item.circuit, &kat.input),
                Ok(kat.item.commitment),
                "circuit {}",
                kat.item.circuit
            );
            assert_eq!(tasks::verify_proof(kat.item.clone()), Ok(()), "circuit {}", kat.item.circuit);
        }
    });
}

#[test]
fn bad_proofs_and_inputs_are_errors_and_a_batch_is_their_and() {
    let vectors = vectors();
    TestExternalities::default().execute_with(|| {
        let mut items: Vec<ProofItem> = vectors.iter().map(|k| k.item.clone()).collect();
        // Another account submits the first vector's proof.
        let mut copied = items[0].clone();
        copied.prover[0] ^= 1;
        assert_eq!(tasks::verify_proof(copied.clone()), Err(TaskError::InvalidProof));
        // Garbage of the right length, and a truncated proof.
        let mut garbage = items[1].clone();
        garbage.proof.iter_mut().for_each(|b| *b = 0xff);
        assert_eq!(tasks::verify_proof(garbage.clone()), Err(TaskError::MalformedProof));
        let mut truncated = items[2].clone();
        truncated.proof.truncate(10);
        assert!(matches!(tasks::verify_proof(truncated.clone()), Err(TaskError::ProofLength { .. })));

        assert_eq!(tasks::verify_proofs(items.clone()), Ok(()), "all vectors together");
        let mut with_copy = items.clone();
        with_copy.push(copied);
        assert_eq!(tasks::verify_proofs(with_copy), Err(BatchError::Invalid));
        let mut with_garbage = items.clone();
        with_garbage.insert(0, garbage);
        assert_eq!(
            tasks::verify_proofs(with_garbage),
            Err(BatchError::Item { index: 0, error: TaskError::MalformedProof })
        );
        items.push(truncated);
        assert!(matches!(
            tasks::verify_proofs(items),
            Err(BatchError::Item { error: TaskError::ProofLength { .. }, .. })
        ));

        assert_eq!(tasks::input_commitment(999, &[]), Err(TaskError::UnknownCircuit(999)));
        let mut input = vectors[0].input.clone();
        input[..32].copy_from_slice(&[0xff; 32]);
        assert_eq!(
            tasks::input_commitment(vectors[0].item.circuit, &input),
            Err(TaskError::InvalidInput { offset: 0, fault: InputFault::NonCanonicalField })
        );
    });
}
