//! # Quarry primitives
//!
//! What the runtime needs to know about Quarry's off-chain work, without carrying its cost:
//!
//! - the puzzle's SCALE types ([`Solution`], [`VerifyError`], ...), re-exported from `quarry-puzzle`
//!   built without `std` (types only, no halo2 in the wasm runtime);
//! - [`mining::MiningApi`], the runtime API behind the node's mining RPC (work, statistics, and
//!   turning a solution into the unsigned extrinsic that lands it);
//! - [`rewards::RewardsApi`], the runtime API behind `quarry_pendingRewards`;
//! - [`market::MarketApi`], the runtime API behind `quarry_tasks`, `quarry_task` and
//!   `quarry_reputation`;
//! - [`accountability::AuraEquivocationApi`], what the node needs to report an Aura
//!   equivocation it saw (a key-ownership proof, and the unsigned report put into its pool);
//! - [`tasks`]: the task-circuit catalogue (`no_std` view) and host functions that check task
//!   inputs and verify task proofs natively (`quarry-circuits` on the host);
//! - [`puzzle`], a host-function interface: the runtime asks the node to verify solutions natively.
//!   Verification (a Pasta MSM plus an IPA check) costs milliseconds natively and far more in wasm,
//!   so it must run on the host. The host side calls `quarry_puzzle::verify` — the same code the
//!   miner checks itself with; there is no second copy of the verifier.
//!
//! ## Versioning
//! Host functions are part of consensus: a node must provide every version any runtime on its chain
//! has ever called. Never change a function's behaviour or signature in place; add
//! `#[version(2)]` next to it instead. A new version is required when any of these changes:
//!
//! - the SCALE encoding of an argument or result: [`Solution`], [`VerifyError`] (its variant
//!   indices are frozen with `#[codec(index)]`), the task types in [`tasks`];
//! - which inputs verify, or the quality or error returned for any input: a change in
//!   `quarry-puzzle`'s verifier, in `halo2_proofs` or `pasta_curves` (pinned exactly in the
//!   workspace), or in the parameter generation;
//! - the set of supported `k`.
//!
//! A new function (as `precheck_solution` was, next to `verify_solution`) needs no new version
//! of the others, but a runtime that calls it runs only on nodes that provide it: ship the node
//! first.
//!
//! `runtime/tests/puzzle_host_functions.rs` checks committed vectors (valid and invalid solutions
//! with their SCALE-encoded results, `runtime/tests/vectors/`) against the host function in CI: a
//! dependency bump that changes block validity fails there before it reaches a node.
//!
//! A node that cannot load the parameters of a supported `k` stops (see [`native`]) rather than
//! reject every block with a solution.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use sp_runtime_interface::{
    pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode, PassPointerAndRead},
    runtime_interface,
};

pub mod accountability;
pub mod market;
pub mod mining;
pub mod rewards;
pub mod tasks;

pub use quarry_puzzle::{
    Challenge, CommitmentBytes, MinerId, ProofBytes, ProofTarget, Quality, SignedSolution, Solution,
    VerifyError, WorkUnit, DEV_K, MAX_K, MIN_K,
};

/// Native verification of mining solutions.
///
/// Parameters for `k` are loaded once per process (from the on-disk cache, generated on first use)
/// and kept in memory; a node should warm them at start-up (see `quarry_puzzle::shared`).
#[runtime_interface]
pub trait Puzzle {
    /// Verifies one solution against the epoch's `challenge` and `proof_target` at size `k`.
    /// Returns the solution's quality, or why it is invalid.
    fn verify_solution(
        solution: PassFatPointerAndDecode<Solution>,
        challenge: PassPointerAndRead<&[u8; 32], 32>,
        k: u32,
        proof_target: u64,
    ) -> AllocateAndReturnByCodec<Result<Quality, VerifyError>> {
        native::observed(native::VerifyCall::Single, || {
            vec![native::verify_solution(&solution, challenge, k, proof_target)]
        })
        .remove(0)
    }

    /// Checks 1–5 of [`verify_solution`]: everything but the opening proof (challenge, proof
    /// length, commitment encoding, quality against `proof_target`, zero blind). Microseconds,
    /// and no parameters needed. An `Err` is exactly what [`verify_solution`] returns; an `Ok`
    /// carries the quality [`verify_solution`] returns if the opening is valid
    /// (`quarry_puzzle::precheck`). The chain prechecks each solution it dispatches and verifies
    /// the block's openings together with [`verify_solutions`].
    fn precheck_solution(
        solution: PassFatPointerAndDecode<Solution>,
        challenge: PassPointerAndRead<&[u8; 32], 32>,
        k: u32,
        proof_target: u64,
    ) -> AllocateAndReturnByCodec<Result<Quality, VerifyError>> {
        native::observed(native::VerifyCall::Precheck, || {
            vec![native::precheck_solution(&solution, challenge, k, proof_target)]
        })
        .remove(0)
    }

    /// Verifies many solutions with one combined MSM (cheaper than one call each). The result has
    /// one entry per solution, in order, equal to what [`verify_solution`] would return for it.
    fn verify_solutions(
        solutions: PassFatPointerAndDecode<Vec<Solution>>,
        challenge: PassPointerAndRead<&[u8; 32], 32>,
        k: u32,
        proof_target: u64,
    ) -> AllocateAndReturnByCodec<Vec<Result<Quality, VerifyError>>> {
        native::observed(native::VerifyCall::Batch, || {
            native::verify_solutions(&solutions, challenge, k, proof_target)
        })
    }
}

/// The host side, usable directly by node code (RPC pre-checks) with the same results.
#[cfg(feature = "std")]
pub mod native {
    use super::*;
    use std::{
        sync::{Arc, OnceLock},
        time::{Duration, Instant},
    };

    /// Which host function ran.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub enum VerifyCall {
        /// `verify_solution`: one solution verified alone, opening included.
        Single,
        /// `precheck_solution`: the pool admitting a solution, or a block dispatching it.
        Precheck,
        /// `verify_solutions`: the openings of a block's solutions (one call per block, per
        /// challenge and target).
        Batch,
    }

    /// Told about every call of the puzzle host functions (the node's metrics). Observing
    /// changes no result.
    pub trait VerificationObserver: Send + Sync {
        /// `call` took `elapsed` and returned `results` (one per solution).
        fn observe(&self, call: VerifyCall, elapsed: Duration, results: &[Result<Quality, VerifyError>]);
    }

    static OBSERVER: OnceLock<Box<dyn VerificationObserver>> = OnceLock::new();

    /// Sets the process's observer; `Err` returns it if one is set already.
    pub fn set_verification_observer(
        observer: Box<dyn VerificationObserver>,
    ) -> Result<(), Box<dyn VerificationObserver>> {
        OBSERVER.set(observer)
    }

    /// Runs `verify`, telling the observer (if any) how long it took and what it found.
    pub(crate) fn observed(
        call: VerifyCall,
        verify: impl FnOnce() -> Vec<Result<Quality, VerifyError>>,
    ) -> Vec<Result<Quality, VerifyError>> {
        let start = Instant::now();
        let results = verify();
        if let Some(observer) = OBSERVER.get() {
            observer.observe(call, start.elapsed(), &results);
        }
        results
    }

    /// The process-wide parameters for `k`, or `None` when `k` is unsupported.
    ///
    /// Stops the process when supported parameters cannot be produced (cache directory
    /// unwritable, or a halo2 build that generates different parameters): such a node cannot
    /// validate blocks at all and must stop rather than disagree with the network. A panic would
    /// not do: the executor catches panics in host functions and the node would go on, failing
    /// every block that carries a solution.
    fn params(k: u32) -> Option<Arc<quarry_puzzle::PuzzleParams>> {
        match quarry_puzzle::shared(k) {
            Ok(params) => Some(params),
            Err(quarry_puzzle::ParamsError::UnsupportedK(_)) => None,
            Err(error) => {
                let message = format!(
                    "cannot load the puzzle parameters for k = {k}: {error}. This node cannot \
                     validate blocks with solutions; stopping."
                );
                eprintln!("{message}");
                std::process::exit(1);
            },
        }
    }

    /// See [`super::puzzle::verify_solution`].
    pub fn verify_solution(
        solution: &Solution,
        challenge: &Challenge,
        k: u32,
        proof_target: ProofTarget,
    ) -> Result<Quality, VerifyError> {
        let params = params(k).ok_or(VerifyError::UnsupportedK(k))?;
        quarry_puzzle::verify(&params, solution, challenge, proof_target)
    }

    /// See [`super::puzzle::precheck_solution`].
    pub fn precheck_solution(
        solution: &Solution,
        challenge: &Challenge,
        k: u32,
        proof_target: ProofTarget,
    ) -> Result<Quality, VerifyError> {
        quarry_puzzle::precheck(k, solution, challenge, proof_target)
    }

    /// See [`super::puzzle::verify_solutions`].
    pub fn verify_solutions(
        solutions: &[Solution],
        challenge: &Challenge,
        k: u32,
        proof_target: ProofTarget,
    ) -> Vec<Result<Quality, VerifyError>> {
        match params(k) {
            Some(params) => {
                quarry_puzzle::verify_batch(&params, solutions, challenge, proof_target)
            }
            None => solutions
                .iter()
                .map(|_| Err(VerifyError::UnsupportedK(k)))
                .collect(),
        }
    }
}
