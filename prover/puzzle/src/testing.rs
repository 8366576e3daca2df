//! Solutions made wrong on purpose, for the tests of whoever verifies them (the mining pallet,
//! the runtime): the proof layout is this crate's, so the corruption lives here too.

use crate::{ProofBytes, Solution, POINT_LEN};

/// `solution` with the first IPA round's `L` and `R` swapped. Every cheap check still passes
/// (both are valid points, the length and the blind are unchanged), so only the opening, the
/// final MSM, fails: the case that makes a batch check fall back to checking one by one.
pub fn with_bad_opening(solution: &Solution) -> Solution {
    // The proof is S, then (L_j, R_j) per round, then c and f (`proof_len`).
    let (l0, r0) = (POINT_LEN, 2 * POINT_LEN);
    let mut proof = solution.proof.clone().into_inner();
    let l0_bytes: [u8; POINT_LEN] = proof[l0..r0].try_into().expect("a proof has a first round");
    proof.copy_within(r0..r0 + POINT_LEN, l0);
    proof[r0..r0 + POINT_LEN].copy_from_slice(&l0_bytes);
    Solution {
        proof: ProofBytes::new(proof).expect("the same length"),
        ..solution.clone()
    }
}
