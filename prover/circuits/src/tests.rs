//! The catalogue's numbers agree with the circuits (the proving tests in `tests/` check the proof
//! lengths against real proofs, `tests/kat.rs` the verifying keys).

use crate::catalogue::*;
use crate::circuits::entry;

#[test]
fn catalogue_entries_are_distinct_and_complete() {
    for (i, a) in CATALOGUE.iter().enumerate() {
        assert!(entry(a.id).is_some(), "{} has a circuit", a.name);
        assert_eq!(entry(a.id).unwrap().info(), a);
        assert_eq!(info(a.id), Some(a));
        assert_eq!(info_by_name(a.name), Some(a));
        assert!(a.proof_len > 0 && a.work > 0 && !a.input_lens.is_empty());
        for b in &CATALOGUE[i + 1..] {
            assert_ne!(a.id, b.id);
            assert_ne!(a.name, b.name);
        }
    }
    assert_eq!(info(0), None);
    assert!(entry(0).is_none());
}

#[test]
fn bounds_cover_every_circuit() {
    for c in CATALOGUE.iter() {
        assert!(c.max_input_len() <= MAX_INPUT_LEN);
        assert!(c.outputs <= MAX_OUTPUTS);
        assert!(c.proof_len <= MAX_PROOF_LEN);
    }
    assert_eq!(MAX_INPUT_LEN, MERKLE_INPUT_WITH_PATHS_LEN as u32);
    let merkle = info(MERKLE_BATCH).unwrap();
    assert!(merkle.accepts_input_len(MERKLE_INPUT_LEN));
    assert!(merkle.accepts_input_len(MERKLE_INPUT_WITH_PATHS_LEN));
    assert!(!merkle.accepts_input_len(MERKLE_INPUT_LEN + 1));
}
