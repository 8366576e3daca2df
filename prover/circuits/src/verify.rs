//! Verification: one proof, or many with one multi-scalar multiplication.
//!
//! ## Checks, cheapest first
//!
//! 1. the circuit exists ([`TaskError::UnknownCircuit`]);
//! 2. the outputs: their number and canonical encodings;
//! 3. the input commitment is canonical;
//! 4. the proof has the circuit's exact length (halo2 proofs of one verifying key all have one
//!    length; an exact check also refuses trailing bytes, so a proof has one encoding);
//! 5. halo2's `verify_proof` over the instance column
//!    `[C_in, outputs.., binding(prover)]` reads the proof (an invalid point or non-canonical
//!    scalar is [`TaskError::MalformedProof`]) and reduces the check to one MSM `M` over the
//!    parameters' generators and the proof's and key's commitments;
//! 6. `M` must evaluate to the identity ([`TaskError::InvalidProof`]).
//!
//! ## Batches
//!
//! IPA verification is dominated by `M`'s `2^k` generator terms. [`verify_batch`] runs steps 1–5
//! per proof (in parallel), then, per `k`, checks the single MSM `Σ_j r_j M_j = O` with weights
//! `r_j = wide(BLAKE2b-512("quarry/task-batch/w" ‖ D ‖ j))`, where `D` is a digest of the whole
//! batch: the generator terms of all proofs merge, and so do the verifying keys' fixed
//! commitments (halo2's `MSM` merges equal points), so a batch costs one `2^k`-point MSM plus a
//! little per proof. Proofs of different circuits with the same `k` share it. The weights are
//! fixed only after every `M_j` is, so if some `M_j ≠ O` the sum is the identity with
//! probability at most `1/p`; they are derived, not drawn, so every node reaches the same result.
//! Two forms:
//!
//! - [`verify_all`] answers whether *every* proof verifies (the AND of the individual results)
//!   and never re-checks proofs one by one, so its cost is bounded by the batch size whatever
//!   the proofs are: the form consensus code uses (`tasks::verify_proofs`), where a batch is
//!   charged before it is verified.
//! - [`verify_batch`] returns each proof's own result, exactly what [`verify`] returns: when a
//!   combined check fails, the proofs of that `k` are re-checked one by one (up to one full
//!   verification each). For provers, RPCs and tests.

use std::collections::BTreeMap;
use std::sync::Arc;

use codec::Encode;
use ff::FromUniformBytes;
use halo2_proofs::plonk::{self, verify_proof, VerificationStrategy};
use halo2_proofs::poly::commitment::{Guard, MSM};
use halo2_proofs::transcript::{Blake2bRead, Challenge255, EncodedChallenge};
use pasta_curves::{EqAffine, Fp};
use rayon::prelude::*;

use crate::catalogue::{self, BatchError, CircuitId, FieldBytes, ProofItem, ProverId, TaskError};
use crate::encoding::{field, outputs as check_outputs};
use crate::gadgets::public::instance;
use crate::keys::{keys, CircuitKeys};

/// A strategy that hands back the proof's final MSM instead of evaluating it.
struct DeferredMsm<'p> {
    msm: MSM<'p, EqAffine>,
}

impl<'p> VerificationStrategy<'p, EqAffine> for DeferredMsm<'p> {
    type Output = MSM<'p, EqAffine>;

    fn process<E: EncodedChallenge<EqAffine>>(
        self,
        f: impl FnOnce(MSM<'p, EqAffine>) -> Result<Guard<'p, EqAffine, E>, plonk::Error>,
    ) -> Result<MSM<'p, EqAffine>, plonk::Error> {
        Ok(f(self.msm)?.use_challenges())
    }
}

/// Steps 2–5: the proof's final MSM, still to be evaluated.
fn prepare<'k>(
    keys: &'k CircuitKeys,
    commitment: &FieldBytes,
    outputs: &[FieldBytes],
    prover: &ProverId,
    proof: &[u8],
) -> Result<MSM<'k, EqAffine>, TaskError> {
    let info = keys.circuit().info();
    let outputs = check_outputs(info.outputs, outputs)?;
    let commitment = field(commitment).ok_or(TaskError::NonCanonicalCommitment)?;
    if proof.len() != info.proof_len as usize {
        return Err(TaskError::ProofLength {
            expected: info.proof_len,
            got: proof.len() as u32,
        });
    }
    let public = instance(commitment, &outputs, prover);
    let mut transcript = Blake2bRead::<_, EqAffine, Challenge255<_>>::init(proof);
    verify_proof(
        keys.params(),
        keys.vk(),
        DeferredMsm {
            msm: keys.params().empty_msm(),
        },
        &[&[&public]],
        &mut transcript,
    )
    .map_err(|e| match e {
        plonk::Error::Transcript(_) => TaskError::MalformedProof,
        _ => TaskError::InvalidProof,
    })
}

fn circuit_keys(id: CircuitId) -> Result<Arc<CircuitKeys>, TaskError> {
    catalogue::info(id).ok_or(TaskError::UnknownCircuit(id))?;
    keys(id).map_err(|_| TaskError::KeyUnavailable(id))
}

/// Verifies one proof of circuit `circuit` for the task whose input commitment is `commitment`,
/// with the claimed `outputs`, submitted by `prover`.
pub fn verify(
    circuit: CircuitId,
    commitment: &FieldBytes,
    outputs: &[FieldBytes],
    prover: &ProverId,
    proof: &[u8],
) -> Result<(), TaskError> {
    let keys = circuit_keys(circuit)?;
    let msm = prepare(&keys, commitment, outputs, prover, proof)?;
    if msm.eval() {
        Ok(())
    } else {
        Err(TaskError::InvalidProof)
    }
}

/// Verifies one [`ProofItem`].
pub fn verify_item(item: &ProofItem) -> Result<(), TaskError> {
    verify(
        item.circuit,
        &item.commitment,
        &item.outputs,
        &item.prover,
        &item.proof,
    )
}

fn batch_weight(batch_digest: &[u8; 64], j: u64) -> Fp {
    let hash = blake2b_simd::Params::new()
        .to_state()
        .update(b"quarry/task-batch/w")
        .update(batch_digest)
        .update(&j.to_le_bytes())
        .finalize();
    Fp::from_uniform_bytes(hash.as_array())
}

/// Steps 1–5 of every proof, then the combined MSM per `k`: per-proof results of the cheap checks
/// (an `Ok` is provisional), and per `k` the members and whether their combined check passed.
fn combined_check(items: &[ProofItem]) -> (Vec<Result<(), TaskError>>, Vec<(Vec<usize>, bool)>) {
    // Keys, once per circuit.
    let mut circuit_keys_by_id: BTreeMap<CircuitId, Result<Arc<CircuitKeys>, TaskError>> =
        BTreeMap::new();
    for item in items {
        circuit_keys_by_id
            .entry(item.circuit)
            .or_insert_with(|| circuit_keys(item.circuit));
    }
    let batch_digest: [u8; 64] = *blake2b_simd::Params::new()
        .to_state()
        .update(b"quarry/task-batch")
        .update(&items.encode())
        .finalize()
        .as_array();

    let mut results: Vec<Result<(), TaskError>> = vec![Ok(()); items.len()];
    // Combined MSM per k (all circuits of one k share the puzzle's parameters for k).
    let mut combined: BTreeMap<u32, (MSM<'_, EqAffine>, Vec<usize>)> = BTreeMap::new();
    // Prepare a few proofs per thread at a time and fold them in, so only O(threads) 2^k-sized
    // scalar vectors are alive at once.
    let chunk = 2 * rayon::current_num_threads().max(1);
    let indices: Vec<usize> = (0..items.len()).collect();
    for group in indices.chunks(chunk) {
        let prepared: Vec<_> = group
            .par_iter()
            .map(|&j| {
                let item = &items[j];
                let keys = circuit_keys_by_id[&item.circuit]
                    .as_ref()
                    .map_err(Clone::clone)?;
                prepare(
                    keys,
                    &item.commitment,
                    &item.outputs,
                    &item.prover,
                    &item.proof,
                )
                .map(|msm| (keys.circuit().info().k, msm))
            })
            .collect();
        for (&j, outcome) in group.iter().zip(prepared) {
            match outcome {
                Ok((k, mut msm)) => {
                    msm.scale(batch_weight(&batch_digest, j as u64));
                    let (sum, members) = combined.entry(k).or_insert_with(|| {
                        let keys = circuit_keys_by_id[&items[j].circuit]
                            .as_ref()
                            .expect("prepared, so keys exist");
                        (keys.params().empty_msm(), Vec::new())
                    });
                    sum.add_msm(&msm);
                    members.push(j);
                }
                Err(e) => results[j] = Err(e),
            }
        }
    }
    let groups = combined
        .into_values()
        .map(|(sum, members)| (members, sum.eval()))
        .collect();
    (results, groups)
}

/// Whether every proof verifies (the AND of [`verify_item`] over `items`), with one MSM per `k`
/// and no per-proof re-checks: `Err(Item)` names the first proof that failed a cheap check,
/// `Err(Invalid)` says some proof does not verify without saying which.
pub fn verify_all(items: &[ProofItem]) -> Result<(), BatchError> {
    let (results, groups) = combined_check(items);
    if let Some((index, error)) = results
        .into_iter()
        .enumerate()
        .find_map(|(i, r)| r.err().map(|e| (i, e)))
    {
        return Err(BatchError::Item {
            index: index as u32,
            error,
        });
    }
    if groups.iter().all(|(_, ok)| *ok) {
        Ok(())
    } else {
        Err(BatchError::Invalid)
    }
}

/// Verifies many proofs, of any circuits, with one MSM per `k`. Returns exactly what
/// [`verify_item`] returns for each item, in order.
pub fn verify_batch(items: &[ProofItem]) -> Vec<Result<(), TaskError>> {
    let (mut results, groups) = combined_check(items);
    for (members, ok) in groups {
        if !ok {
            // Some proof of this k is invalid: find out which, one by one.
            let individual: Vec<_> = members
                .par_iter()
                .map(|&j| verify_item(&items[j]))
                .collect();
            for (j, r) in members.into_iter().zip(individual) {
                results[j] = r;
            }
        }
    }
    results
}
