//! Every hash of the puzzle, domain-separated.
//!
//! ## The hash function
//!
//! $H(x)$ is **BLAKE2b-512** of $x$ with BLAKE2b's default parameters (64-byte output, no key, no
//! salt, no personalization), i.e. `blake2b_simd::blake2b(x)`. Every input starts with an ASCII
//! domain tag from [`tags`]; the tags are prefix-free (no tag is a prefix of another, checked by a
//! test), and for every tag the rest of the input has a fixed length, so inputs of different roles
//! can never coincide.
//!
//! Integers are encoded little-endian: `nonce_le` is the 8-byte little-endian nonce, `i_le` the 8-byte
//! little-endian coefficient index. `C` is the 32-byte compressed commitment (see
//! [`crate::commitment_bytes`]).
//!
//! | value | definition |
//! | --- | --- |
//! | seed | $H(\texttt{SEED} \| c \| miner \| nonce\_le)[0..32]$ |
//! | coefficient $p_i$ | $\mathrm{wide}(H(\texttt{PRG} \| seed \| i\_le))$ |
//! | quality digest $d$ | $\mathrm{u64\_le}(H(\texttt{QUALITY} \| c \| miner \| nonce\_le \| C)[0..8])$ |
//! | opening point $z$ | $\mathrm{wide}(H(\texttt{POINT} \| c \| miner \| nonce\_le \| C))$ |
//! | mask RNG seed | $H(\texttt{MASK} \| c \| miner \| nonce\_le \| C)[0..32]$ |
//! | batch weight $r_j$ | $\mathrm{wide}(H(\texttt{BATCH} \| D \| j\_le))$, $D$ = $H(\texttt{BATCH\_SET} \| \text{SCALE}(solutions))[0..32]$ |
//!
//! where $\mathrm{wide}(b)$, for 64 bytes $b$, reads $b$ as a 512-bit little-endian integer and
//! reduces it modulo the order $p$ of the scalar field `Fp` ($p = 2^{254} +
//! \mathtt{0x224698fc094cf91b992d30ed00000001}$); that is `Fp::from_uniform_bytes` of pasta_curves.
//! The statistical distance of the result from uniform is below $2^{-256}$.
//!
//! All the PRG needs per coefficient is one BLAKE2b compression of a single 60-byte block
//! (20-byte tag, 32-byte seed, 8-byte counter) and one 512-bit modular reduction, which is easy to
//! reproduce bit-exactly on a GPU.

use blake2b_simd::blake2b;
use ff::FromUniformBytes;
use pasta_curves::Fp;

use crate::types::{CommitmentBytes, WorkUnit};

/// ASCII domain-separation tags, one per role (prefix-free).
pub mod tags {
    /// Seed of the witness PRG.
    pub const SEED: &[u8] = b"quarry/puzzle/v1/seed";
    /// Witness PRG blocks (one per coefficient).
    pub const PRG: &[u8] = b"quarry/puzzle/v1/prg";
    /// Quality digest.
    pub const QUALITY: &[u8] = b"quarry/puzzle/v1/quality";
    /// Fiat–Shamir opening point `z`.
    pub const POINT: &[u8] = b"quarry/puzzle/v1/point";
    /// Seed of the (deterministic) masking-polynomial RNG of the opening proof.
    pub const MASK: &[u8] = b"quarry/puzzle/v1/mask";
    /// Digest of a set of solutions verified as a batch.
    pub const BATCH_SET: &[u8] = b"quarry/puzzle/v1/batch-set";
    /// Per-solution weight of the batch verifier's random linear combination.
    pub const BATCH: &[u8] = b"quarry/puzzle/v1/batch-weight";
    /// Digest of a serialized parameter file.
    pub const PARAMS: &[u8] = b"quarry/puzzle/v1/params";

    /// All tags (for the prefix-freeness test).
    pub const ALL: &[&[u8]] = &[SEED, PRG, QUALITY, POINT, MASK, BATCH_SET, BATCH, PARAMS];
}

/// Length of the PRG seed.
pub const SEED_LEN: usize = 32;

/// $H(x_0 \| x_1 \| \dots)$: BLAKE2b-512 of the concatenation.
pub fn h(parts: &[&[u8]]) -> [u8; 64] {
    let mut state = blake2b_simd::Params::new().to_state();
    for part in parts {
        state.update(part);
    }
    *state.finalize().as_array()
}

/// Reads 64 bytes as a little-endian 512-bit integer and reduces it modulo the order of `Fp`.
pub fn wide(bytes: &[u8; 64]) -> Fp {
    Fp::from_uniform_bytes(bytes)
}

/// The PRG seed of a work unit: $H(\texttt{SEED} \| c \| miner \| nonce\_le)[0..32]$.
pub fn seed(wu: &WorkUnit) -> [u8; SEED_LEN] {
    let full = h(&[
        tags::SEED,
        &wu.challenge,
        &wu.miner,
        &wu.nonce.to_le_bytes(),
    ]);
    let mut out = [0u8; SEED_LEN];
    out.copy_from_slice(&full[..SEED_LEN]);
    out
}

/// The 60-byte input block of PRG block `i`: `PRG ‖ seed ‖ i_le` (tag 20 bytes, seed 32, index 8).
pub const PRG_INPUT_LEN: usize = PRG_INDEX_AT + 8;
/// Offset of the seed in a PRG input block (right after the tag).
const PRG_SEED_AT: usize = 20;
/// Offset of the little-endian index in a PRG input block.
const PRG_INDEX_AT: usize = PRG_SEED_AT + SEED_LEN;
const _: () = assert!(tags::PRG.len() == PRG_SEED_AT);

/// The input block of PRG block 0 for `seed`; [`set_prg_index`] turns it into block `i`'s.
fn prg_input(seed: &[u8; SEED_LEN]) -> [u8; PRG_INPUT_LEN] {
    let mut input = [0u8; PRG_INPUT_LEN];
    input[..PRG_SEED_AT].copy_from_slice(tags::PRG);
    input[PRG_SEED_AT..PRG_INDEX_AT].copy_from_slice(seed);
    input
}

fn set_prg_index(input: &mut [u8; PRG_INPUT_LEN], i: u64) {
    input[PRG_INDEX_AT..].copy_from_slice(&i.to_le_bytes());
}

/// PRG block `i`: $H(\texttt{PRG} \| seed \| i\_le)$, 64 bytes.
pub fn prg_block(seed: &[u8; SEED_LEN], i: u64) -> [u8; 64] {
    let mut input = prg_input(seed);
    set_prg_index(&mut input, i);
    *blake2b(&input).as_array()
}

/// Fills `out` with the witness coefficients $p_0, \dots, p_{n-1}$:
/// $p_i = \mathrm{wide}(H(\texttt{PRG} \| seed \| i\_le))$.
///
/// Uses blake2b_simd's multi-lane hashing (AVX2 when the CPU has it); the result is identical to
/// calling [`prg_block`] per index, which the tests check.
pub fn fill_coefficients(seed: &[u8; SEED_LEN], out: &mut [Fp]) {
    use blake2b_simd::many::{hash_many, HashManyJob};
    const LANES: usize = 8;
    let params = blake2b_simd::Params::new();
    let mut inputs = [prg_input(seed); LANES];
    for (chunk_index, chunk) in out.chunks_mut(LANES).enumerate() {
        let base = (chunk_index * LANES) as u64;
        for (lane, input) in inputs.iter_mut().enumerate().take(chunk.len()) {
            set_prg_index(input, base + lane as u64);
        }
        let mut jobs: [HashManyJob; LANES] =
            core::array::from_fn(|lane| HashManyJob::new(&params, &inputs[lane][..]));
        hash_many(jobs[..chunk.len()].iter_mut());
        for (coeff, job) in chunk.iter_mut().zip(jobs.iter()) {
            *coeff = wide(job.to_hash().as_array());
        }
    }
}

/// The quality digest $d$ of an attempt (before the `d = 0 → 1` rule):
/// the first 8 bytes of $H(\texttt{QUALITY} \| c \| miner \| nonce\_le \| C)$, little-endian.
pub fn quality_digest(wu: &WorkUnit, commitment: &CommitmentBytes) -> u64 {
    let full = h(&[
        tags::QUALITY,
        &wu.challenge,
        &wu.miner,
        &wu.nonce.to_le_bytes(),
        commitment,
    ]);
    u64::from_le_bytes(full[..8].try_into().expect("8 bytes"))
}

/// Quality of an attempt: $q = \lfloor (2^{64}-1) / \max(d, 1) \rfloor$.
///
/// For a uniformly random 64-bit $d$, $\Pr[q \ge T] = \Pr[d \le \lfloor (2^{64}-1)/T \rfloor]
/// \approx 1/T$: the expected number of attempts per solution is about the target $T$.
pub fn quality(wu: &WorkUnit, commitment: &CommitmentBytes) -> u64 {
    u64::MAX / quality_digest(wu, commitment).max(1)
}

/// The opening point $z = \mathrm{wide}(H(\texttt{POINT} \| c \| miner \| nonce\_le \| C))$, derived
/// after $C$ is fixed.
pub fn opening_point(wu: &WorkUnit, commitment: &CommitmentBytes) -> Fp {
    wide(&h(&[
        tags::POINT,
        &wu.challenge,
        &wu.miner,
        &wu.nonce.to_le_bytes(),
        commitment,
    ]))
}

/// Seed of the ChaCha20 RNG that draws the masking polynomial of the opening proof:
/// $H(\texttt{MASK} \| c \| miner \| nonce\_le \| C)[0..32]$.
pub fn mask_seed(wu: &WorkUnit, commitment: &CommitmentBytes) -> [u8; 32] {
    let full = h(&[
        tags::MASK,
        &wu.challenge,
        &wu.miner,
        &wu.nonce.to_le_bytes(),
        commitment,
    ]);
    let mut out = [0u8; 32];
    out.copy_from_slice(&full[..32]);
    out
}

/// Weight $r_j$ of the `j`-th solution in a batch whose set digest is `set_digest`.
pub fn batch_weight(set_digest: &[u8; 32], j: u64) -> Fp {
    wide(&h(&[tags::BATCH, set_digest, &j.to_le_bytes()]))
}

/// Digest of a list of SCALE-encoded solutions: $H(\texttt{BATCH\_SET} \| enc_0 \| enc_1 \| \dots)$
/// (each encoding is self-delimiting).
pub fn batch_set_digest<'a>(encodings: impl Iterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut state = blake2b_simd::Params::new().to_state();
    state.update(tags::BATCH_SET);
    for e in encodings {
        state.update(e);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&state.finalize().as_bytes()[..32]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_prefix_free_and_ascii() {
        for (i, a) in tags::ALL.iter().enumerate() {
            assert!(a.is_ascii());
            for (j, b) in tags::ALL.iter().enumerate() {
                if i != j {
                    assert!(!b.starts_with(a), "{:?} is a prefix of {:?}", a, b);
                }
            }
        }
        assert_eq!(
            tags::PRG.len(),
            20,
            "PRG block layout assumes a 20-byte tag"
        );
    }

    #[test]
    fn prg_many_matches_single() {
        let seed = [7u8; 32];
        // Lengths that are not multiples of the lane count exercise the tail.
        for n in [1usize, 7, 8, 9, 37] {
            let mut fast = vec![Fp::zero(); n];
            fill_coefficients(&seed, &mut fast);
            for (i, c) in fast.iter().enumerate() {
                assert_eq!(*c, wide(&prg_block(&seed, i as u64)), "n={n} i={i}");
            }
        }
    }

    #[test]
    fn h_is_plain_blake2b_512() {
        // BLAKE2b-512("abc"), RFC 7693 appendix A.
        let expected = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
                        7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
        let got = h(&[b"a", b"bc"]);
        let hex: String = got.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected);
    }

    #[test]
    fn quality_rule() {
        // q = MAX / max(d,1): check against the digest directly.
        let wu = WorkUnit {
            challenge: [1; 32],
            miner: [2; 32],
            nonce: 3,
        };
        let c = [4u8; 32];
        let d = quality_digest(&wu, &c);
        assert_eq!(quality(&wu, &c), u64::MAX / d.max(1));
        // Changing any input changes the digest.
        let mut wu2 = wu;
        wu2.nonce = 4;
        assert_ne!(quality_digest(&wu2, &c), d);
        assert_ne!(quality_digest(&wu, &[5u8; 32]), d);
    }
}
