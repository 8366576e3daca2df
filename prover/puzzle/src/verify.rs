//! The verifier: single and batch verification of solutions.
//!
//! ## Checks, cheapest first
//!
//! 1. `challenge` is the expected epoch challenge ([`VerifyError::WrongChallenge`]);
//! 2. the proof has exactly `proof_len(k)` bytes ([`VerifyError::MalformedProof`]);
//! 3. `commitment` decodes to a non-identity Vesta point **and is its canonical encoding**
//!    ([`VerifyError::MalformedCommitment`]) — otherwise two encodings of one point would give two
//!    qualities;
//! 4. $q \ge$ target, one hash ([`VerifyError::BelowTarget`]);
//! 5. the proof's last 32 bytes, the final synthetic blind $f$, are the canonical encoding of $0$
//!    ([`VerifyError::NonZeroBlind`]; a non-canonical scalar is [`VerifyError::MalformedProof`]);
//! 6. regenerate $p$ with the PRG, compute $z$ from $C$ and $v = p(z)$ (Horner) — the verifier never
//!    recomputes the $N$-point MSM for $C$;
//! 7. run halo2's IPA verifier (`poly::commitment::verify_proof`) on the transcript that absorbed
//!    $C, z, v$, starting from the MSM $[1] C$; invalid point or scalar encodings are
//!    [`VerifyError::MalformedProof`]. It returns a `Guard`;
//! 8. the guard's `use_challenges()` MSM must evaluate to the identity
//!    ([`VerifyError::InvalidOpening`]).
//!
//! Why checking the opening at $z$ instead of recomputing $C$ suffices, and why $f = 0$ makes $C$
//! non-hiding, is argued in `prover/PUZZLE.md`.
//!
//! ## Batch verification
//!
//! Steps 1–7 run per solution (in parallel); step 8, the final MSM
//! $M_j$ (a linear combination of $G_0..G_{N-1}$, $W$, $U$ and the proof's points that is the
//! identity iff the opening verifies), is not evaluated per solution. With weights $r_j = \mathrm{wide}(H(\texttt{BATCH} \| D \|
//! j\_le))$, where $D$ is a digest of all the solutions, the batch checks the single MSM
//! $\sum_j r_j M_j = \mathcal{O}$: the $G_i$ terms of all proofs merge, so the cost is one MSM of
//! size $N + O(k \cdot batch)$ instead of $batch$ MSMs of size $N$. If some $M_j \ne \mathcal{O}$,
//! then since the $r_j$ are fixed only after all $M_j$, the sum is the identity with probability at
//! most $1/p$ per attempt. If the combined check fails, every solution is verified on its own, so the
//! per-solution results are always exactly those of [`verify`].

use codec::Encode;
use ff::{Field, PrimeField};
use group::CurveAffine as _;
use group::GroupEncoding;
use halo2_proofs::arithmetic::eval_polynomial;
use halo2_proofs::poly::commitment::{verify_proof, MSM};
use halo2_proofs::transcript::{Blake2bRead, Challenge255};
use pasta_curves::{EqAffine, Fp};
use rayon::prelude::*;

use crate::hash;
use crate::params::PuzzleParams;
use crate::prove::{absorb_common, witness};
use crate::types::{
    proof_len, Challenge, ProofTarget, Quality, Solution, VerifyError, MAX_K, MIN_K, SCALAR_LEN,
};

/// A solution that passed checks 1–7; `msm` (check 8) is still to be evaluated.
struct Prepared<'a> {
    quality: Quality,
    msm: MSM<'a, EqAffine>,
}

/// Which checks to run (the unchecked-blind variant exists for tests that show the `f` check is
/// what rejects blinded commitments).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlindCheck {
    Enforce,
    #[cfg(test)]
    Skip,
}

/// Checks 1–5, which need neither the parameters nor the witness: microseconds. Returns the
/// solution's quality and its decoded commitment.
fn cheap_checks(
    k: u32,
    sol: &Solution,
    expected_challenge: &Challenge,
    target: ProofTarget,
    blind_check: BlindCheck,
) -> Result<(Quality, EqAffine), VerifyError> {
    if !(MIN_K..=MAX_K).contains(&k) {
        return Err(VerifyError::UnsupportedK(k));
    }
    // 1.
    if &sol.challenge != expected_challenge {
        return Err(VerifyError::WrongChallenge);
    }
    // 2.
    let proof = sol.proof.as_slice();
    if proof.len() != proof_len(k) {
        return Err(VerifyError::MalformedProof);
    }
    // 3.
    let c: EqAffine = Option::from(EqAffine::from_bytes(&sol.commitment))
        .ok_or(VerifyError::MalformedCommitment)?;
    if bool::from(c.is_identity()) || c.to_bytes() != sol.commitment {
        return Err(VerifyError::MalformedCommitment);
    }
    // 4.
    let wu = sol.work_unit();
    let quality = hash::quality(&wu, &sol.commitment);
    if quality < target {
        return Err(VerifyError::BelowTarget(quality, target));
    }
    // 5.
    let f_repr: [u8; SCALAR_LEN] = proof[proof.len() - SCALAR_LEN..]
        .try_into()
        .expect("32 bytes");
    let f: Fp = Option::from(Fp::from_repr(f_repr)).ok_or(VerifyError::MalformedProof)?;
    if blind_check == BlindCheck::Enforce && !bool::from(f.is_zero()) {
        return Err(VerifyError::NonZeroBlind);
    }
    Ok((quality, c))
}

fn prepare<'a>(
    pp: &'a PuzzleParams,
    sol: &Solution,
    expected_challenge: &Challenge,
    target: ProofTarget,
    blind_check: BlindCheck,
) -> Result<Prepared<'a>, VerifyError> {
    let k = pp.k();
    let (quality, c) = cheap_checks(k, sol, expected_challenge, target, blind_check)?;
    let wu = sol.work_unit();
    let proof = sol.proof.as_slice();
    // 6.
    let coeffs = witness(&wu, k);
    let z = hash::opening_point(&wu, &sol.commitment);
    let v = eval_polynomial(&coeffs, z);
    drop(coeffs);
    // 7.
    let mut transcript = Blake2bRead::<&[u8], EqAffine, Challenge255<EqAffine>>::init(proof);
    absorb_common(&mut transcript, &c, z, v).map_err(|_| VerifyError::MalformedCommitment)?;
    let mut msm = pp.ipa().empty_msm();
    msm.append_term(Fp::ONE, c);
    let guard = verify_proof(pp.ipa(), msm, &mut transcript, z, v)
        .map_err(|_| VerifyError::MalformedProof)?;
    Ok(Prepared {
        quality,
        msm: guard.use_challenges(),
    })
}

pub(crate) fn verify_inner(
    pp: &PuzzleParams,
    sol: &Solution,
    expected_challenge: &Challenge,
    target: ProofTarget,
    blind_check: BlindCheck,
) -> Result<Quality, VerifyError> {
    let prepared = prepare(pp, sol, expected_challenge, target, blind_check)?;
    if prepared.msm.eval() {
        Ok(prepared.quality)
    } else {
        Err(VerifyError::InvalidOpening)
    }
}

/// Checks 1–5 only (no parameters, no witness, no opening): what [`verify`] would return if
/// the opening proof is valid. An `Err` is exactly [`verify`]'s error; an `Ok(q)` means
/// [`verify`] returns `Ok(q)` or an error of checks 6–8 ([`VerifyError::MalformedProof`],
/// [`VerifyError::MalformedCommitment`] from the transcript, [`VerifyError::InvalidOpening`]).
///
/// The chain runs this when a solution is dispatched and verifies the openings of a whole block
/// at its end with [`verify_batch`].
pub fn precheck(
    k: u32,
    sol: &Solution,
    expected_challenge: &Challenge,
    target: ProofTarget,
) -> Result<Quality, VerifyError> {
    cheap_checks(k, sol, expected_challenge, target, BlindCheck::Enforce).map(|(quality, _)| quality)
}

/// Verifies one solution against the expected epoch challenge and proof target; returns its
/// quality. See the module documentation for the checks.
pub fn verify(
    pp: &PuzzleParams,
    sol: &Solution,
    expected_challenge: &Challenge,
    target: ProofTarget,
) -> Result<Quality, VerifyError> {
    verify_inner(pp, sol, expected_challenge, target, BlindCheck::Enforce)
}

/// Outcome of the combined check of a batch (exposed for tests).
pub(crate) struct CombinedOutcome {
    /// Per-solution results of checks 1–7 (an `Ok` is provisional until `combined_ok`).
    pub results: Vec<Result<Quality, VerifyError>>,
    /// Whether the combined MSM of all `Ok` solutions is the identity.
    pub combined_ok: bool,
}

pub(crate) fn combined_check(
    pp: &PuzzleParams,
    sols: &[Solution],
    expected_challenge: &Challenge,
    target: ProofTarget,
) -> CombinedOutcome {
    let encodings: Vec<Vec<u8>> = sols.iter().map(|s| s.encode()).collect();
    let set_digest = hash::batch_set_digest(encodings.iter().map(|e| e.as_slice()));
    drop(encodings);
    let mut results = Vec::with_capacity(sols.len());
    let mut combined = pp.ipa().empty_msm();
    let mut any = false;
    // Prepare in parallel, a few solutions per thread at a time, folding each chunk's MSMs into
    // the combined one so that only O(threads) N-sized scalar vectors are alive at once.
    let chunk = 2 * rayon::current_num_threads().max(1);
    for (chunk_index, group) in sols.chunks(chunk).enumerate() {
        let prepared: Vec<_> = group
            .par_iter()
            .map(|s| prepare(pp, s, expected_challenge, target, BlindCheck::Enforce))
            .collect();
        for (offset, p) in prepared.into_iter().enumerate() {
            let j = (chunk_index * chunk + offset) as u64;
            match p {
                Ok(Prepared { quality, mut msm }) => {
                    msm.scale(hash::batch_weight(&set_digest, j));
                    combined.add_msm(&msm);
                    any = true;
                    results.push(Ok(quality));
                }
                Err(e) => results.push(Err(e)),
            }
        }
    }
    let combined_ok = !any || combined.eval();
    CombinedOutcome {
        results,
        combined_ok,
    }
}

/// Verifies many solutions (same challenge and target) with one combined MSM for all openings.
/// Returns exactly what [`verify`] would return for each solution, in order.
pub fn verify_batch(
    pp: &PuzzleParams,
    sols: &[Solution],
    expected_challenge: &Challenge,
    target: ProofTarget,
) -> Vec<Result<Quality, VerifyError>> {
    let outcome = combined_check(pp, sols, expected_challenge, target);
    if outcome.combined_ok {
        return outcome.results;
    }
    // Some opening is invalid: find out which, one by one.
    outcome
        .results
        .into_par_iter()
        .zip(sols.par_iter())
        .map(|(r, s)| match r {
            Ok(_) => verify(pp, s, expected_challenge, target),
            Err(e) => Err(e),
        })
        .collect()
}

/// Verifies many solutions; `Ok` with all qualities iff every one verifies, else the index and
/// error of the first failing one.
pub fn verify_batch_all(
    pp: &PuzzleParams,
    sols: &[Solution],
    expected_challenge: &Challenge,
    target: ProofTarget,
) -> Result<Vec<Quality>, (usize, VerifyError)> {
    verify_batch(pp, sols, expected_challenge, target)
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| (i, e)))
        .collect()
}
