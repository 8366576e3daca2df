//! The puzzle's SCALE types and constants.
//!
//! Everything in this module compiles without `std` (`no_std + alloc`): the wasm runtime depends on
//! this crate with `default-features = false` and uses exactly these types as extrinsic arguments,
//! storage items and events. None of the puzzle math is available there.

use alloc::vec::Vec;
use codec::{
    Compact, CompactLen, Decode, DecodeWithMemTracking, Encode, Input, MaxEncodedLen, Output,
};
use scale_info::TypeInfo;

/// Smallest supported `k` (polynomials of degree `< 2^k`). halo2's IPA works for `k >= 1`; below 4
/// the puzzle would be pointless, and the tests use 4 as their cheapest setting.
pub const MIN_K: u32 = 4;

/// Largest supported `k`. Bounds [`MAX_PROOF_LEN`] and therefore [`Solution`]'s
/// [`MaxEncodedLen`].
pub const MAX_K: u32 = 20;

/// `k` of the development network.
pub const DEV_K: u32 = 10;

/// Length of a compressed Vesta point (the commitment `C` and every point in a proof).
pub const POINT_LEN: usize = 32;

/// Length of a canonical little-endian encoding of a scalar (an element of the Pasta `Fp`).
pub const SCALAR_LEN: usize = 32;

/// Length of the IPA opening proof for a given `k`: the commitment to the masking polynomial `S`
/// (one point), `k` rounds of `(L_j, R_j)` (two points each), then the scalars `c` and `f`:
/// `32 + 64·k + 64` bytes (736 bytes at `k = 10`).
pub const fn proof_len(k: u32) -> usize {
    POINT_LEN + 2 * POINT_LEN * k as usize + 2 * SCALAR_LEN
}

/// Length of the longest proof that can be carried by a [`Solution`]: `proof_len(MAX_K)`.
pub const MAX_PROOF_LEN: usize = proof_len(MAX_K);

/// The epoch challenge `c`, set by the chain.
pub type Challenge = [u8; 32];

/// The miner's account (32 bytes, e.g. an sr25519 public key / `AccountId32`).
pub type MinerId = [u8; 32];

/// A compressed Vesta point: the commitment `C`.
pub type CommitmentBytes = [u8; POINT_LEN];

/// Quality of an attempt: `u64::MAX / d` where `d` is a 64-bit hash (see `PUZZLE.md`). Higher is
/// rarer; an attempt solves the puzzle when its quality is `>=` the proof target, which happens with
/// probability about `1 / target`.
pub type Quality = u64;

/// The proof target: the minimum [`Quality`] of a valid solution. Expected attempts per solution is
/// about `target`.
pub type ProofTarget = u64;

/// One unit of work: the input of one puzzle attempt.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    TypeInfo,
    MaxEncodedLen,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
)]
pub struct WorkUnit {
    /// Epoch challenge.
    pub challenge: Challenge,
    /// Miner account the attempt is bound to (the reward goes there; nobody else can reuse it).
    pub miner: MinerId,
    /// Miner-chosen nonce.
    pub nonce: u64,
}

/// Bytes of an IPA opening proof, at most [`MAX_PROOF_LEN`] long.
///
/// SCALE-encoded exactly like a `Vec<u8>` (compact length, then the bytes), but decoding rejects a
/// length above [`MAX_PROOF_LEN`] before allocating anything, so a [`Solution`] has a fixed
/// [`MaxEncodedLen`] and decoding untrusted bytes is cheap and never panics.
#[derive(TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct ProofBytes(Vec<u8>);

/// A proof longer than [`MAX_PROOF_LEN`] was given to [`ProofBytes::new`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProofTooLong(pub usize);

impl ProofBytes {
    /// Wraps `bytes`, refusing more than [`MAX_PROOF_LEN`] of them.
    pub fn new(bytes: Vec<u8>) -> Result<Self, ProofTooLong> {
        if bytes.len() > MAX_PROOF_LEN {
            return Err(ProofTooLong(bytes.len()));
        }
        Ok(Self(bytes))
    }

    /// The proof bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Unwraps the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl AsRef<[u8]> for ProofBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Encode for ProofBytes {
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        self.0.encode_to(dest)
    }
}

impl codec::EncodeLike for ProofBytes {}

impl Decode for ProofBytes {
    fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
        let len = Compact::<u32>::decode(input)?.0 as usize;
        if len > MAX_PROOF_LEN {
            return Err("ProofBytes: proof longer than MAX_PROOF_LEN".into());
        }
        input.on_before_alloc_mem(len)?;
        let mut bytes = alloc::vec![0u8; len];
        input.read(&mut bytes)?;
        Ok(Self(bytes))
    }
}

// `decode` reports its single allocation through `on_before_alloc_mem`.
impl DecodeWithMemTracking for ProofBytes {}

impl MaxEncodedLen for ProofBytes {
    fn max_encoded_len() -> usize {
        Compact::<u32>::compact_len(&(MAX_PROOF_LEN as u32)) + MAX_PROOF_LEN
    }
}

/// A puzzle solution as submitted to the chain.
///
/// `(challenge, miner, nonce)` is the [`WorkUnit`], `commitment` the compressed commitment `C` to its
/// witness polynomial (blind 0) and `proof` the IPA opening of `C` at the Fiat–Shamir point `z`.
#[derive(
    Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug,
)]
pub struct Solution {
    /// Epoch challenge the solution was mined for.
    pub challenge: Challenge,
    /// Miner account.
    pub miner: MinerId,
    /// Nonce.
    pub nonce: u64,
    /// Compressed commitment `C` (Vesta point, 32 bytes).
    pub commitment: CommitmentBytes,
    /// IPA opening proof of `C` at `z`: `S ‖ (L_j ‖ R_j)_{j<k} ‖ c ‖ f`.
    pub proof: ProofBytes,
}

impl Solution {
    /// The work unit this solution is for.
    pub fn work_unit(&self) -> WorkUnit {
        WorkUnit {
            challenge: self.challenge,
            miner: self.miner,
            nonce: self.nonce,
        }
    }
}

/// Domain prefix of the message a miner's hot key signs ([`SignedSolution::signing_payload`]).
pub const SOLUTION_SIGNING_DOMAIN: &[u8] = b"quarry/solution/v1";

/// A solution as a miner submits it: attributable to the miner through its registered hot key,
/// and in one of the miner's transaction-pool slots.
///
/// The chain admits a signed solution to its pool after the cheap checks and the signature
/// (microseconds), and verifies the opening proof once, in the block. A bad opening in a block is
/// then the miner's own signed statement: the chain slashes the miner and revokes the key,
/// instead of every node paying a full verification per garbage solution in its pool.
#[derive(
    Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug,
)]
pub struct SignedSolution {
    /// The solution.
    pub solution: Solution,
    /// Pool slot, below the chain's slot count per miner: a miner's solutions wait in a pool at
    /// most one per slot, so one miner cannot fill a node's pool.
    pub slot: u8,
    /// sr25519 signature (Substrate signing context) of [`SignedSolution::signing_payload`] by
    /// the hot key the miner registered on chain.
    pub signature: [u8; 64],
}

impl SignedSolution {
    /// The message the hot key signs: `SOLUTION_SIGNING_DOMAIN ‖ SCALE(solution) ‖ slot`.
    pub fn signing_payload(solution: &Solution, slot: u8) -> Vec<u8> {
        let mut payload = SOLUTION_SIGNING_DOMAIN.to_vec();
        solution.encode_to(&mut payload);
        payload.push(slot);
        payload
    }

    /// `solution` in pool slot `slot`, with the signature `sign` makes of its
    /// [`SignedSolution::signing_payload`] (an sr25519 signer's 64 bytes).
    pub fn sign(solution: Solution, slot: u8, sign: impl FnOnce(&[u8]) -> [u8; 64]) -> Self {
        let signature = sign(&Self::signing_payload(&solution, slot));
        Self { solution, slot, signature }
    }
}

/// Why a solution was rejected. Ordered as the verifier checks: cheap structural checks and the
/// target first, then the witness polynomial, then the IPA.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    TypeInfo,
    MaxEncodedLen,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
)]
pub enum VerifyError {
    // Frozen: this enum crosses the puzzle host function's ABI (SCALE). Indices are explicit;
    // never renumber or remove a variant, and add one only with a new host function version
    // (a runtime built against the old enum cannot decode the new variant and traps).
    /// The solution is for another epoch challenge than the expected one.
    #[codec(index = 0)]
    WrongChallenge,
    /// `commitment` is not the compressed encoding of a non-identity Vesta point.
    #[codec(index = 1)]
    MalformedCommitment,
    /// The proof does not have length `proof_len(k)`, or contains an invalid point or a
    /// non-canonical scalar encoding.
    #[codec(index = 2)]
    MalformedProof,
    /// The quality (first value) is below the proof target (second value).
    #[codec(index = 3)]
    BelowTarget(Quality, ProofTarget),
    /// The final synthetic blinding scalar `f` of the proof is not zero: the commitment may be
    /// blinded (hiding), which would allow cheap grinding of the quality. See `PUZZLE.md`.
    #[codec(index = 4)]
    NonZeroBlind,
    /// The IPA opening proof does not verify: `C` does not open to `p(z)` at `z`.
    #[codec(index = 5)]
    InvalidOpening,
    /// The parameters' `k` is outside `MIN_K..=MAX_K` (a configuration error, not the miner's).
    #[codec(index = 6)]
    UnsupportedK(u32),
}

impl core::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::WrongChallenge => write!(f, "solution is for another epoch challenge"),
            Self::MalformedCommitment => write!(f, "commitment is not a valid non-identity point"),
            Self::MalformedProof => write!(f, "malformed opening proof"),
            Self::BelowTarget(q, t) => write!(f, "quality {q} is below the proof target {t}"),
            Self::NonZeroBlind => write!(
                f,
                "proof has a non-zero synthetic blind (hiding commitment)"
            ),
            Self::InvalidOpening => write!(f, "opening proof does not verify"),
            Self::UnsupportedK(k) => write!(f, "unsupported k = {k}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VerifyError {}
