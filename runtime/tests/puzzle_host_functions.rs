//! The puzzle host functions, called the way the runtime calls them (inside runtime externalities;
//! natively, so the host side is exactly `quarry_puzzle::verify`). Uses k = MIN_K to stay fast.

use quarry_primitives::{puzzle, Solution, VerifyError, WorkUnit, MIN_K};
use sp_io::TestExternalities;

const K: u32 = MIN_K;
const CHALLENGE: [u8; 32] = [0x51; 32];

fn solution(miner: u8, nonce: u64) -> (Solution, u64) {
    let params = quarry_puzzle::shared(K).expect("parameters for MIN_K");
    let work = WorkUnit { challenge: CHALLENGE, miner: [miner; 32], nonce };
    let quality = quarry_puzzle::attempt(&params, &work).quality;
    (quarry_puzzle::prove(&params, &work), quality)
}

#[test]
fn verifies_a_valid_solution_and_reports_its_quality() {
    let (sol, quality) = solution(1, 7);
    TestExternalities::default().execute_with(|| {
        assert_eq!(puzzle::verify_solution(sol.clone(), &CHALLENGE, K, 1), Ok(quality));
        assert_eq!(
            puzzle::verify_solution(sol, &CHALLENGE, K, quality.saturating_add(1)),
            Err(VerifyError::BelowTarget(quality, quality.saturating_add(1)))
        );
    });
}

#[test]
fn rejects_wrong_challenge_tampering_and_unsupported_k() {
    let (sol, _) = solution(2, 9);
    TestExternalities::default().execute_with(|| {
        assert_eq!(
            puzzle::verify_solution(sol.clone(), &[0; 32], K, 1),
            Err(VerifyError::WrongChallenge)
        );
        let mut other_miner = sol.clone();
        other_miner.miner = [3; 32];
        assert_eq!(
            puzzle::verify_solution(other_miner, &CHALLENGE, K, 1).map(|_| ()),
            Err(VerifyError::InvalidOpening),
            "a solution re-addressed to another miner must not verify"
        );
        assert_eq!(
            puzzle::verify_solution(sol.clone(), &CHALLENGE, quarry_primitives::MAX_K + 1, 1),
            Err(VerifyError::UnsupportedK(quarry_primitives::MAX_K + 1))
        );
    });
}

#[test]
fn batch_matches_individual_results() {
    let (good_a, qa) = solution(4, 1);
    let (good_b, qb) = solution(5, 2);
    let (mut bad, _) = solution(6, 3);
    bad.nonce += 1;
    TestExternalities::default().execute_with(|| {
        let batch = vec![good_a.clone(), bad.clone(), good_b.clone()];
        let results = puzzle::verify_solutions(batch.clone(), &CHALLENGE, K, 1);
        let individual: Vec<_> =
            batch.into_iter().map(|s| puzzle::verify_solution(s, &CHALLENGE, K, 1)).collect();
        assert_eq!(results, individual);
        assert_eq!(results[0], Ok(qa));
        assert_eq!(results[2], Ok(qb));
        assert!(results[1].is_err());
    });
}

/// Committed test vectors: solutions (valid and invalid) and the SCALE-encoded result the host
/// function must return for each. They pin both the ABI (the encodings of `Solution` and
/// `Result<Quality, VerifyError>`) and the verifier's behaviour: a change of `quarry-puzzle`,
/// halo2 or pasta that changes any result fails here, and needs a new host function version
/// (see `quarry_primitives`' docs). Regenerate only for such a new version:
/// `QUARRY_WRITE_VECTORS=1 cargo test --release -p quarry-runtime --test puzzle_host_functions`.
const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/puzzle-k4.json");

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `(name, solution, challenge, k, proof_target)` of every vector.
fn vector_inputs() -> Vec<(&'static str, Solution, [u8; 32], u32, u64)> {
    let (valid, quality) = solution(7, 11);
    let mut wrong_miner = valid.clone();
    wrong_miner.miner = [8; 32];
    let mut bad_point = valid.clone();
    bad_point.commitment = [0xff; 32];
    let with_proof = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = valid.proof.as_slice().to_vec();
        edit(&mut bytes);
        Solution { proof: quarry_primitives::ProofBytes::new(bytes).unwrap(), ..valid.clone() }
    };
    let short_proof = with_proof(&|p| {
        p.pop();
    });
    let flipped_proof = with_proof(&|p| {
        let middle = p.len() / 2;
        p[middle] ^= 1;
    });
    // The last 32 bytes are the synthetic blind `f`.
    let last_scalar = with_proof(&|p| {
        let at = p.len() - 32;
        p[at] ^= 1;
    });
    vec![
        ("valid", valid.clone(), CHALLENGE, K, 1),
        ("valid-at-its-quality", valid.clone(), CHALLENGE, K, quality),
        ("below-target", valid.clone(), CHALLENGE, K, quality.saturating_add(1)),
        ("wrong-challenge", valid.clone(), [0; 32], K, 1),
        ("re-addressed-to-another-miner", wrong_miner, CHALLENGE, K, 1),
        ("commitment-not-a-point", bad_point, CHALLENGE, K, 1),
        ("proof-one-byte-short", short_proof, CHALLENGE, K, 1),
        ("proof-byte-flipped", flipped_proof, CHALLENGE, K, 1),
        ("blind-scalar-changed", last_scalar, CHALLENGE, K, 1),
        ("unsupported-k", valid, CHALLENGE, quarry_primitives::MAX_K + 1, 1),
    ]
}

#[test]
fn committed_vectors_match_the_host_function() {
    use codec::{Decode, Encode};
    if std::env::var_os("QUARRY_WRITE_VECTORS").is_some() {
        let vectors: Vec<serde_json::Value> = TestExternalities::default().execute_with(|| {
            vector_inputs()
                .into_iter()
                .map(|(name, solution, challenge, k, target)| {
                    let result = puzzle::verify_solution(solution.clone(), &challenge, k, target);
                    serde_json::json!({
                        "name": name,
                        "k": k,
                        "challenge": to_hex(&challenge),
                        "proof_target": target,
                        "solution": to_hex(&solution.encode()),
                        "result": to_hex(&result.encode()),
                        "result_debug": format!("{result:?}"),
                    })
                })
                .collect()
        });
        std::fs::write(VECTORS, serde_json::to_string_pretty(&vectors).unwrap() + "\n").unwrap();
    }
    let text = std::fs::read_to_string(VECTORS).expect("committed vectors");
    let vectors: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(vectors.len(), vector_inputs().len());
    let mut outcomes = std::collections::BTreeSet::new();
    TestExternalities::default().execute_with(|| {
        for vector in &vectors {
            let name = vector["name"].as_str().unwrap();
            let solution =
                Solution::decode(&mut &from_hex(vector["solution"].as_str().unwrap())[..]).unwrap();
            let challenge: [u8; 32] =
                from_hex(vector["challenge"].as_str().unwrap()).try_into().unwrap();
            let k = vector["k"].as_u64().unwrap() as u32;
            let target = vector["proof_target"].as_u64().unwrap();
            let result = puzzle::verify_solution(solution, &challenge, k, target);
            assert_eq!(
                to_hex(&result.encode()),
                vector["result"].as_str().unwrap(),
                "vector {name}: the host function now returns {result:?}"
            );
            outcomes.insert(match result {
                Ok(_) => "ok".to_string(),
                Err(e) => format!("{:?}", core::mem::discriminant(&e)),
            });
        }
    });
    // The vectors exercise acceptance and several distinct rejections.
    assert!(outcomes.len() >= 5, "vectors cover too few outcomes: {outcomes:?}");
}

/// The SCALE encodings that cross the host-function boundary, byte for byte.
#[test]
fn host_function_types_are_frozen() {
    use codec::Encode;
    assert_eq!(VerifyError::WrongChallenge.encode(), vec![0]);
    assert_eq!(VerifyError::MalformedCommitment.encode(), vec![1]);
    assert_eq!(VerifyError::MalformedProof.encode(), vec![2]);
    assert_eq!(
        VerifyError::BelowTarget(1, 2).encode(),
        [vec![3], 1u64.to_le_bytes().to_vec(), 2u64.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(VerifyError::NonZeroBlind.encode(), vec![4]);
    assert_eq!(VerifyError::InvalidOpening.encode(), vec![5]);
    assert_eq!(VerifyError::UnsupportedK(9).encode(), [vec![6], 9u32.to_le_bytes().to_vec()].concat());
    // Every variant is listed above: a new one must not compile here unnoticed.
    match VerifyError::WrongChallenge {
        VerifyError::WrongChallenge
        | VerifyError::MalformedCommitment
        | VerifyError::MalformedProof
        | VerifyError::BelowTarget(..)
        | VerifyError::NonZeroBlind
        | VerifyError::InvalidOpening
        | VerifyError::UnsupportedK(_) => {},
    }
    // Solution: challenge ‖ miner ‖ nonce (u64 LE) ‖ commitment ‖ proof (length-prefixed).
    let (sol, _) = solution(1, 2);
    let encoded = sol.encode();
    assert_eq!(&encoded[..32], &sol.challenge);
    assert_eq!(&encoded[32..64], &sol.miner);
    assert_eq!(&encoded[64..72], &sol.nonce.to_le_bytes());
    assert_eq!(&encoded[72..104], &sol.commitment);
    let proof_len = sol.proof.len();
    assert_eq!(encoded.len(), 104 + codec::Compact(proof_len as u32).encode().len() + proof_len);
}
