//! The known-answer vectors in `testdata/kat.txt` verify, alone and as a batch. A change to a
//! circuit, to halo2 or to the parameters that changes which proofs verify fails here.

use quarry_circuits::{kat, verify_batch, verify_item, CATALOGUE};

fn kat_path() -> std::path::PathBuf {
    // Read at run time: a test binary may be shared between checkouts through the target dir.
    std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("testdata/kat.txt")
}

#[test]
fn every_circuit_has_a_vector_and_it_verifies() {
    let vectors = kat::parse(&std::fs::read_to_string(kat_path()).unwrap()).unwrap();
    for info in CATALOGUE.iter() {
        let kat = vectors
            .iter()
            .find(|k| k.item.circuit == info.id)
            .unwrap_or_else(|| panic!("no vector for {}", info.name));
        assert_eq!(verify_item(&kat.item), Ok(()), "{}", info.name);
        assert_eq!(
            quarry_circuits::input_commitment(info.id, &kat.input),
            Ok(kat.item.commitment),
            "{}: the vector's input commits to its commitment",
            info.name
        );
        assert_eq!(
            quarry_circuits::evaluate(info.id, &kat.input).unwrap(),
            kat.item.outputs
        );
    }
    let items: Vec<_> = vectors.iter().map(|k| k.item.clone()).collect();
    assert!(verify_batch(&items).iter().all(Result::is_ok));
}

#[test]
#[ignore = "proves every circuit and rewrites testdata/kat.txt"]
fn regenerate() {
    use quarry_circuits::*;

    let prover = [0x42; 32];
    let mut text = String::from(
        "# Known-answer vectors of quarry-circuits (see src/kat.rs for the format).\n",
    );
    for info in CATALOGUE.iter() {
        let (circuit, input) = (info.id, circuits::example_input(info.id, 0).unwrap());
        let (outputs, proof) = prove(circuit, &input, &prover).unwrap();
        let item = ProofItem {
            circuit,
            commitment: input_commitment(circuit, &input).unwrap(),
            outputs,
            prover,
            proof,
        };
        text.push_str(&kat::format(&kat::Kat { input, item }));
        text.push('\n');
    }
    std::fs::write(kat_path(), text).unwrap();
}

#[test]
fn verifying_keys_match_the_compiled_in_digests() {
    // A failure prints the generated digest: after a deliberate change to a circuit (with a new
    // id), copy it into keys::VK_DIGESTS.
    for info in CATALOGUE.iter() {
        let keys =
            quarry_circuits::keys::keys(info.id).unwrap_or_else(|e| panic!("{}: {e}", info.name));
        assert_eq!(
            quarry_puzzle::hex::encode(&keys.digest()),
            quarry_circuits::keys::expected_vk_digest(info.id).unwrap()
        );
    }
}
