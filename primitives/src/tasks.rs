//! Task proofs: the catalogue as the runtime sees it, and the host functions that check task
//! inputs and verify proofs natively.
//!
//! The runtime depends on `quarry-circuits` without `std`, so it sees only the catalogue (ids,
//! input lengths, `k`, proof lengths, work weights) and the SCALE types; the halo2 math runs on
//! the host, in the same `quarry-circuits` functions provers use to check their own proofs.
//!
//! ## Versioning
//! As for the puzzle: these functions are consensus. A change of behaviour (including a new
//! circuit's keys, which changes which proofs verify) is a new `#[version]`, never an edit; a
//! new circuit is a new catalogue id, so old ids keep verifying exactly as before.

pub use host::tasks::*;
pub use quarry_circuits::catalogue::{
    info, BatchError, CircuitId, CircuitInfo, FieldBytes, InputFault, ProofItem, ProverId,
    TaskError, CATALOGUE, MAX_INPUT_LEN, MAX_OUTPUTS, MAX_PROOF_LEN, MERKLE_BATCH, POSEIDON_CHAIN,
    SCHNORR_BATCH,
};

/// The interface lives in a submodule because `#[runtime_interface] trait Tasks` generates a
/// module `tasks`; its functions and `HostFunctions` are re-exported above, so callers write
/// `quarry_primitives::tasks::verify_proof`.
mod host {
    use super::*;
    use alloc::vec::Vec;
    use sp_runtime_interface::{
        pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode, PassFatPointerAndRead},
        runtime_interface,
    };

    /// Native checks of task inputs and proofs.
    ///
    /// Verifying keys are generated once per process (seconds per circuit) and checked against the
    /// digests compiled into `quarry-circuits`; a node warms them at start-up
    /// (`quarry_circuits::keys::keys`). A node whose keys do not match returns
    /// [`TaskError::KeyUnavailable`] for every proof of that circuit (and refuses to start).
    #[runtime_interface]
    pub trait Tasks {
        /// Validates `input` for `circuit` and returns its commitment `C_in`, the value the chain
        /// stores for the task and every proof of it is checked against.
        fn input_commitment(
            circuit: u32,
            input: PassFatPointerAndRead<&[u8]>,
        ) -> AllocateAndReturnByCodec<Result<FieldBytes, TaskError>> {
            quarry_circuits::input_commitment(circuit, input)
        }

        /// Verifies one proof.
        fn verify_proof(
            item: PassFatPointerAndDecode<ProofItem>,
        ) -> AllocateAndReturnByCodec<Result<(), TaskError>> {
            quarry_circuits::verify_item(&item)
        }

        /// Whether every proof verifies (the AND of [`verify_proof`] over `items`), with one
        /// multi-scalar multiplication per `k` and never a per-proof re-check: the cost is bounded
        /// by the batch size whatever the proofs, so a caller can charge for it up front.
        /// `Err(Item)` names the first proof that failed a cheap check; `Err(Invalid)` says some
        /// proof does not verify.
        fn verify_proofs(
            items: PassFatPointerAndDecode<Vec<ProofItem>>,
        ) -> AllocateAndReturnByCodec<Result<(), BatchError>> {
            quarry_circuits::verify_all(&items)
        }
    }
}
