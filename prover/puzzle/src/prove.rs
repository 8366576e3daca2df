//! The miner's side: witness polynomial, commitment, quality, and the opening proof of a solution.
//!
//! ## One attempt
//!
//! For a work unit $(c, miner, nonce)$ and $N = 2^k$:
//!
//! 1. $seed = H(\texttt{SEED} \| c \| miner \| nonce\_le)[0..32]$ and
//!    $p_i = \mathrm{wide}(H(\texttt{PRG} \| seed \| i\_le))$ for $0 \le i < N$ (see [`crate::hash`]);
//!    the witness polynomial is $p(X) = \sum_i p_i X^i$.
//! 2. $C = \sum_i p_i G_i$ over the parameters' generators, **with blind 0** (halo2's
//!    `Params::commit(p, Blind(0))`, which adds $0 \cdot W$), encoded as the 32-byte compressed
//!    Vesta point.
//! 3. $q = \lfloor (2^{64}-1) / \max(d, 1) \rfloor$, $d$ = the little-endian first 8 bytes of
//!    $H(\texttt{QUALITY} \| c \| miner \| nonce\_le \| C)$.
//!
//! ## The opening proof (only for $q \ge$ target)
//!
//! $z = \mathrm{wide}(H(\texttt{POINT} \| c \| miner \| nonce\_le \| C))$, $v = p(z)$. A halo2
//! Blake2b transcript (personalization `"Halo2-Transcript"`) absorbs $C$ (`common_point`), $z$ and
//! $v$ (`common_scalar`), none of which are written to the proof; then halo2's
//! `poly::commitment::create_proof(params, rng, transcript, p, Blind(0), z)` writes
//! $S \| (L_j \| R_j)_{j<k} \| c \| f$.
//!
//! `create_proof` draws, in this order (halo2_proofs 0.4.1, `src/poly/commitment/prover.rs`): the
//! $N$ coefficients of the masking polynomial $s(X)$, the blind of $S$, then the blinds of $L_j$
//! and $R_j$ for each round; each scalar is 8 × `next_u64` (64 bytes, wide reduction). [`MaskRng`]
//! returns ChaCha20 output seeded by $H(\texttt{MASK} \| c \| miner \| nonce\_le \| C)[0..32]$ for
//! the first $64N$ bytes and zeros after that: $s(X)$ is pseudo-random (all-zero $s$ would commit to
//! the identity, which the transcript refuses) and every blind is 0, so the final synthetic blind
//! $f = 0 + \xi \cdot 0 + \sum_j (0 \cdot u_j^{-1} + 0 \cdot u_j) = 0$, and the proof is a
//! deterministic function of the work unit. The test `honest_proof_has_zero_f` pins this behaviour
//! of the pinned halo2 version.

use std::convert::Infallible;

use chacha20::ChaCha20Rng;
use ff::Field;
use group::Curve;
use group::GroupEncoding;
use halo2_proofs::arithmetic::eval_polynomial;
use halo2_proofs::poly::commitment::{create_proof, Blind};
use halo2_proofs::transcript::{Blake2bWrite, Challenge255, Transcript};
use pasta_curves::{EqAffine, Fp};
use rand_core::{Rng, SeedableRng, TryRng};

use crate::hash;
use crate::msm::{msm, msm_fixed, MsmScratch};
use crate::params::PuzzleParams;
use crate::types::{CommitmentBytes, ProofBytes, Quality, Solution, WorkUnit};

/// The witness coefficients $p_0..p_{N-1}$ of a work unit, written into `out` (`N = out.len()`).
pub fn witness_into(wu: &WorkUnit, out: &mut [Fp]) {
    hash::fill_coefficients(&hash::seed(wu), out);
}

/// The witness coefficients of a work unit for `N = 2^k`.
pub fn witness(wu: &WorkUnit, k: u32) -> Vec<Fp> {
    let mut out = vec![Fp::ZERO; 1 << k];
    witness_into(wu, &mut out);
    out
}

/// Compressed encoding of a Vesta point (32 bytes: `x` little-endian, sign of `y` in the top bit;
/// the identity is all zeros).
pub fn commitment_bytes(point: &EqAffine) -> CommitmentBytes {
    point.to_bytes()
}

/// Reusable per-thread buffers of [`attempt_with`].
#[derive(Default, Debug)]
pub struct AttemptScratch {
    coeffs: Vec<Fp>,
    msm: MsmScratch,
}

impl AttemptScratch {
    /// The coefficients of the last attempt.
    pub fn coefficients(&self) -> &[Fp] {
        &self.coeffs
    }
}

/// Result of one attempt.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Attempt {
    /// The attempt's nonce.
    pub nonce: u64,
    /// Compressed commitment `C`.
    pub commitment: CommitmentBytes,
    /// Quality `q`.
    pub quality: Quality,
}

/// $C = \sum_i p_i G_i$ (blind 0) with the serial MSMs of [`crate::msm`]: the fixed-base one if
/// the parameters have their table ([`PuzzleParams::prepare_fixed_base_table`]), else the windowed
/// one. Both give the same point.
pub fn commit(pp: &PuzzleParams, coeffs: &[Fp], scratch: &mut MsmScratch) -> EqAffine {
    match pp.fixed_base_table() {
        Some(table) => msm_fixed(table, coeffs, scratch).to_affine(),
        None => msm(pp.bases(), coeffs, scratch).to_affine(),
    }
}

/// One attempt: PRG, commitment, quality.
pub fn attempt(pp: &PuzzleParams, wu: &WorkUnit) -> Attempt {
    attempt_with(pp, wu, &mut AttemptScratch::default())
}

/// One attempt with caller-provided buffers (what the miner calls in its loop).
pub fn attempt_with(pp: &PuzzleParams, wu: &WorkUnit, scratch: &mut AttemptScratch) -> Attempt {
    scratch.coeffs.resize(pp.n(), Fp::ZERO);
    witness_into(wu, &mut scratch.coeffs);
    let c = commitment_bytes(&commit(pp, &scratch.coeffs, &mut scratch.msm));
    Attempt {
        nonce: wu.nonce,
        commitment: c,
        quality: hash::quality(wu, &c),
    }
}

/// The RNG handed to halo2's `create_proof`: ChaCha20 for the first `budget` bytes (the masking
/// polynomial's coefficients), zeros afterwards (every blind).
#[derive(Debug)]
pub struct MaskRng {
    inner: ChaCha20Rng,
    remaining: usize,
}

impl MaskRng {
    /// ChaCha20 from `seed`, random for `budget` bytes.
    pub fn new(seed: [u8; 32], budget: usize) -> Self {
        Self {
            inner: ChaCha20Rng::from_seed(seed),
            remaining: budget,
        }
    }

    /// The RNG of the opening proof of the commitment `c` of `wu`, for `N = n` coefficients.
    pub fn for_proof(wu: &WorkUnit, c: &CommitmentBytes, n: usize) -> Self {
        Self::new(hash::mask_seed(wu, c), 64 * n)
    }
}

impl TryRng for MaskRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let real = self.remaining.min(dst.len());
        self.inner.fill_bytes(&mut dst[..real]);
        dst[real..].fill(0);
        self.remaining -= real;
        Ok(())
    }
}

/// Absorbs the common inputs of the opening into a transcript (prover and verifier alike).
pub(crate) fn absorb_common<T: Transcript<EqAffine, Challenge255<EqAffine>>>(
    transcript: &mut T,
    c: &EqAffine,
    z: Fp,
    v: Fp,
) -> std::io::Result<()> {
    transcript.common_point(*c)?;
    transcript.common_scalar(z)?;
    transcript.common_scalar(v)
}

/// Opening proof of the commitment `c` (= `commit(coeffs)`) of `wu` with the given rng and blind.
/// `prove` uses [`MaskRng`] and blind 0; other choices exist only for tests of the verifier.
pub fn open_with<R: Rng>(
    pp: &PuzzleParams,
    wu: &WorkUnit,
    coeffs: &[Fp],
    c: &EqAffine,
    blind: Fp,
    rng: R,
) -> Vec<u8> {
    let c_bytes = commitment_bytes(c);
    let z = hash::opening_point(wu, &c_bytes);
    let v = eval_polynomial(coeffs, z);
    let mut poly = pp.domain().empty_coeff();
    poly.copy_from_slice(coeffs);
    let mut transcript = Blake2bWrite::<Vec<u8>, EqAffine, Challenge255<EqAffine>>::init(vec![]);
    absorb_common(&mut transcript, c, z, v).expect("C is not the identity");
    create_proof(pp.ipa(), rng, &mut transcript, &poly, Blind(blind), z)
        .expect("writing to a Vec cannot fail");
    transcript.finalize()
}

/// Builds the solution for a work unit whose witness is `coeffs` and commitment `c` (as computed
/// by an attempt).
pub fn prove_with(pp: &PuzzleParams, wu: &WorkUnit, coeffs: &[Fp], c: &EqAffine) -> Solution {
    let c_bytes = commitment_bytes(c);
    let rng = MaskRng::for_proof(wu, &c_bytes, pp.n());
    let proof = open_with(pp, wu, coeffs, c, Fp::ZERO, rng);
    Solution {
        challenge: wu.challenge,
        miner: wu.miner,
        nonce: wu.nonce,
        commitment: c_bytes,
        proof: ProofBytes::new(proof).expect("k <= MAX_K"),
    }
}

/// Builds the solution for a work unit from scratch (PRG, commitment, opening proof), regardless of
/// its quality. Deterministic: the same work unit always gives the same bytes.
pub fn prove(pp: &PuzzleParams, wu: &WorkUnit) -> Solution {
    let coeffs = witness(wu, pp.k());
    let c = commit(pp, &coeffs, &mut MsmScratch::default());
    prove_with(pp, wu, &coeffs, &c)
}
