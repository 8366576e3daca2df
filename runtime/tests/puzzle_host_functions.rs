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
