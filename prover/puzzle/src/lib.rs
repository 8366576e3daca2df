//! # quarry-puzzle: the Quarry mining puzzle
//!
//! Rare-hash polynomial commitments on the Pasta curves, modelled on Aleo's testnet3 coinbase
//! puzzle and moved to halo2's inner-product-argument commitment scheme. This crate is the only
//! implementation of the puzzle math: the node, the runtime's tests and the miner all call it.
//! The full specification and its soundness argument are in `prover/PUZZLE.md`.
//!
//! In one paragraph: a work unit `(challenge c, miner, nonce)` seeds a BLAKE2b-512 counter-mode PRG
//! that yields the `N = 2^k` coefficients of a witness polynomial `p(X)` over the Pasta scalar
//! field `Fp`; the attempt commits to it without blinding, `C = Σ p_i G_i` over halo2's
//! `Params<EqAffine>` (Vesta) generators, and hashes `C` into a 64-bit quality
//! `q = u64::MAX / d`. If `q >= target`, the miner proves that `C` opens to `p(z)` at a point `z`
//! derived from `C`, with halo2's IPA opening proof whose final synthetic blind `f` must be zero.
//! The verifier regenerates `p`, evaluates `p(z)` and checks the opening — it never recomputes
//! the `N`-point MSM.
//!
//! ## Features
//!
//! - `std` (default): all the math ([`hash`], [`msm`], [`params`], proving and verification).
//! - without `std`: `no_std + alloc`, only the SCALE types and constants of [`types`] (what the
//!   wasm runtime needs).

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod types;
pub use types::*;

#[cfg(feature = "std")]
pub mod hash;
#[cfg(feature = "std")]
pub mod hex;
#[cfg(feature = "std")]
pub mod msm;
#[cfg(feature = "std")]
pub mod params;
#[cfg(feature = "std")]
mod prove;
#[cfg(feature = "std")]
pub mod testing;
#[cfg(feature = "std")]
mod verify;

#[cfg(feature = "std")]
pub use params::{shared, shared_generated, ParamsError, PuzzleParams};
#[cfg(feature = "std")]
pub use prove::{
    attempt, attempt_with, commit, commitment_bytes, open_with, prove, prove_with, witness,
    witness_into, Attempt, AttemptScratch, MaskRng,
};
#[cfg(feature = "std")]
pub use verify::{precheck, verify, verify_batch, verify_batch_all};

/// Re-exports of the curve types used in the public API.
#[cfg(feature = "std")]
pub mod curve {
    pub use pasta_curves::{Eq, EqAffine, Fp, Fq};
}

#[cfg(all(test, feature = "std"))]
mod tests;
