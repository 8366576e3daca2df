//! # quarry-circuits: the task-circuit catalogue
//!
//! What dApps buy on Quarry's proof market: halo2 PLONK proofs over the Pasta curves with the IPA
//! commitment (no trusted setup; the same `Params<EqAffine>` as the mining puzzle), of statements
//! a dApp wants settled without the chain redoing the work. This crate is the only
//! implementation of them: the prover proves with it, the node's host functions verify with it,
//! the runtime's tests call it, and `quarry-prover bench-circuits` measures it.
//!
//! ## What a task is
//!
//! A task names a circuit of the [`catalogue`] and carries an *input* (bytes, a documented format
//! per circuit). The chain keeps the input's commitment `C_in` ([`input_commitment`], a Poseidon
//! chain over the statement part, computed at submission by the host function), never the
//! input. A prover derives the witness from the input, and returns the circuit's *outputs* (field
//! elements) with a proof ([`prove`]). The public inputs are `[C_in, outputs.., binding(prover)]`
//! ([`gadgets::public`]), so a verified proof tells the dApp: *for exactly the input it posted,
//! these outputs are correct*, and it verifies only for the account that submits it. Provers see
//! the witness: tasks buy succinctness (a computation checked in milliseconds), not privacy.
//!
//! ## Layout
//!
//! - [`catalogue`] (`no_std`): ids, input lengths, `k`, proof lengths, work weights, the SCALE
//!   types of the host functions. The runtime depends on this crate without `std` and sees only
//!   this module.
//! - [`poseidon`]: the native hashes; [`gadgets`]: chips (Poseidon lanes, Merkle update,
//!   iteration, public inputs) with their constraints documented next to them; [`circuits`]: one
//!   module per catalogue circuit, which only wires gadgets.
//! - [`keys`]: parameters and keys, digest-checked; [`verify`](mod@verify): single and batch
//!   verification ([`verify_all`] for consensus: bounded cost; [`verify_batch`]: per-proof
//!   results).
//!
//! ## Features
//!
//! - `std` (default): everything.
//! - without `std`: `no_std + alloc`, only [`catalogue`].

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod catalogue;
pub use catalogue::*;

#[cfg(feature = "std")]
pub mod circuits;
#[cfg(feature = "std")]
pub mod encoding;
#[cfg(feature = "std")]
pub mod gadgets;
#[cfg(feature = "std")]
pub mod kat;
#[cfg(feature = "std")]
pub mod keys;
#[cfg(feature = "std")]
pub mod poseidon;
#[cfg(feature = "std")]
pub mod verify;

#[cfg(feature = "std")]
pub use api::*;

#[cfg(feature = "std")]
mod api {
    use crate::catalogue::{CircuitId, FieldBytes, ProverId, TaskError};
    use crate::circuits::entry;
    use crate::encoding::field_bytes;
    use crate::keys::{keys, KeyError};

    pub use crate::verify::{verify, verify_all, verify_batch, verify_item};

    /// Why a proof could not be produced.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum ProveError {
        /// The input is invalid (the chain refuses it too).
        Input(TaskError),
        /// The input is valid but this statement cannot be proved as given: missing or wrong
        /// hints, an invalid signature, ... (the message says which).
        Unprovable(String),
        /// The keys are unavailable.
        Keys(KeyError),
        /// halo2 failed (a bug: a valid witness always proves).
        Halo2(String),
    }

    impl core::fmt::Display for ProveError {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            match self {
                Self::Input(e) => write!(f, "invalid input: {e}"),
                Self::Unprovable(why) => write!(f, "cannot prove: {why}"),
                Self::Keys(e) => write!(f, "{e}"),
                Self::Halo2(e) => write!(f, "halo2: {e}"),
            }
        }
    }

    impl std::error::Error for ProveError {}

    impl From<TaskError> for ProveError {
        fn from(e: TaskError) -> Self {
            Self::Input(e)
        }
    }

    /// Validates `input` for circuit `circuit` and returns its commitment `C_in` (what the chain
    /// stores when the task is submitted).
    pub fn input_commitment(circuit: CircuitId, input: &[u8]) -> Result<FieldBytes, TaskError> {
        let entry = entry(circuit).ok_or(TaskError::UnknownCircuit(circuit))?;
        entry.commitment(input).map(|c| field_bytes(&c))
    }

    /// The outputs of `input`, computed natively (no proof): what the chain would have to run
    /// without one, and what a prover checks before it commits to a task.
    pub fn evaluate(circuit: CircuitId, input: &[u8]) -> Result<Vec<FieldBytes>, ProveError> {
        let entry = entry(circuit).ok_or(TaskError::UnknownCircuit(circuit))?;
        Ok(entry.evaluate(input)?.iter().map(field_bytes).collect())
    }

    /// Proves `input` for `prover`: the outputs and the proof (uses all cores of rayon's pool).
    pub fn prove(
        circuit: CircuitId,
        input: &[u8],
        prover: &ProverId,
    ) -> Result<(Vec<FieldBytes>, Vec<u8>), ProveError> {
        let entry = entry(circuit).ok_or(TaskError::UnknownCircuit(circuit))?;
        // Refuse bad input before paying for key generation.
        entry.evaluate(input)?;
        let keys = keys(circuit).map_err(ProveError::Keys)?;
        let pk = keys.pk().map_err(ProveError::Keys)?;
        let (outputs, proof) = entry.prove(keys.params(), pk, input, prover)?;
        Ok((outputs.iter().map(field_bytes).collect(), proof))
    }
}

#[cfg(all(test, feature = "std"))]
mod tests;
