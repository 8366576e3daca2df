//! `quarry-prover bench-circuits`: what each task circuit costs the prover and the chain.
//!
//! Per catalogue circuit, on [`example_input`]s of full size:
//!
//! - **keys**: loading the commitment parameters for `k` (from the disk cache, or generating
//!   them), generating and digest-checking the verifying key, generating the proving key;
//! - **proving**: `proofs` proofs on rayon's pool (all cores unless `--threads`), each of a
//!   different input; their median, and the proof size;
//! - **verification**: one proof alone (median of `verify_runs`), and batches of 16, 32 and 64
//!   (median of 3 runs each; the batch cycles through the distinct proofs, every entry weighted on
//!   its own, so the work is that of distinct proofs);
//! - **native**: the outputs computed without a proof (`evaluate`: what a chain without the proof
//!   would run), median of `verify_runs`.
//!
//! `batch32_ms_per_block_budget` compares a batch of 32 with 10 % of a 6 s block (600 ms): the
//! catalogue's target for every circuit.

use std::time::Instant;

use quarry_circuits::circuits::{entry, example_input};
use quarry_circuits::{keys, verify_batch, verify_item, CircuitInfo, ProofItem};
use serde_json::json;

use crate::bench::median_ms;

/// Settings of the circuit bench.
#[derive(Clone, Debug)]
pub struct CircuitBenchConfig {
    /// Distinct proofs to make (and time).
    pub proofs: usize,
    /// Runs of the single verification and of the native recomputation.
    pub verify_runs: u32,
}

/// The prover account the bench's proofs are bound to.
const PROVER: [u8; 32] = [0xbe; 32];

/// The block budget for verifying 32 proofs: 10 % of a 6 s block.
pub const BATCH32_BUDGET_MS: f64 = 600.0;

/// Benchmarks one circuit; `progress` receives a line per step.
pub fn run(
    info: &CircuitInfo,
    cfg: &CircuitBenchConfig,
    mut progress: impl FnMut(&str),
) -> Result<serde_json::Value, String> {
    let circuit = entry(info.id).ok_or("not in the catalogue")?;
    let threads = rayon::current_num_threads();

    progress(&format!("{}: parameters for k = {}", info.name, info.k));
    let t = Instant::now();
    quarry_puzzle::shared(info.k).map_err(|e| e.to_string())?;
    let params_ms = t.elapsed().as_secs_f64() * 1e3;

    progress(&format!("{}: verifying key", info.name));
    let t = Instant::now();
    let keys = keys::keys(info.id).map_err(|e| e.to_string())?;
    let vk_ms = t.elapsed().as_secs_f64() * 1e3;
    progress(&format!("{}: proving key", info.name));
    let t = Instant::now();
    let pk = keys.pk().map_err(|e| e.to_string())?;
    let pk_ms = t.elapsed().as_secs_f64() * 1e3;

    let mut prove_ms = Vec::with_capacity(cfg.proofs);
    let mut items: Vec<ProofItem> = Vec::with_capacity(cfg.proofs);
    let mut input_bytes = 0;
    for seed in 0..cfg.proofs.max(1) as u64 {
        progress(&format!(
            "{}: proof {} of {}",
            info.name,
            seed + 1,
            cfg.proofs.max(1)
        ));
        let input = example_input(info.id, seed).ok_or("no example input")?;
        input_bytes = input.len();
        let commitment =
            quarry_circuits::input_commitment(info.id, &input).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let (outputs, proof) = circuit
            .prove(keys.params(), pk, &input, &PROVER)
            .map_err(|e| e.to_string())?;
        prove_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let item = ProofItem {
            circuit: info.id,
            commitment,
            outputs: outputs
                .iter()
                .map(quarry_circuits::encoding::field_bytes)
                .collect(),
            prover: PROVER,
            proof,
        };
        verify_item(&item).map_err(|e| format!("a fresh proof does not verify: {e}"))?;
        items.push(item);
    }
    let proof_bytes = items[0].proof.len();
    let mut sorted = prove_ms.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));

    progress(&format!("{}: verification", info.name));
    let verify_ms = median_ms(cfg.verify_runs, || {
        verify_item(&items[0]).expect("verifies");
    });
    let batches: Vec<_> = [16usize, 32, 64]
        .into_iter()
        .map(|n| {
            let batch: Vec<ProofItem> = (0..n).map(|j| items[j % items.len()].clone()).collect();
            let ms = median_ms(3, || {
                assert!(verify_batch(&batch).iter().all(Result::is_ok));
            });
            (n, ms)
        })
        .collect();
    let batch32_ms = batches
        .iter()
        .find(|(n, _)| *n == 32)
        .map(|b| b.1)
        .unwrap_or(0.0);

    progress(&format!("{}: native recomputation", info.name));
    let input = example_input(info.id, 0).ok_or("no example input")?;
    let native_ms = median_ms(cfg.verify_runs, || {
        quarry_circuits::evaluate(info.id, &input).expect("valid input");
    });

    Ok(json!({
        "circuit": info.id,
        "name": info.name,
        "k": info.k,
        "threads": threads,
        "input_bytes": input_bytes,
        "proof_bytes": proof_bytes,
        "vk_digest": quarry_puzzle::hex::encode(&keys.digest()),
        "keygen_ms": { "params": params_ms, "vk": vk_ms, "pk": pk_ms },
        "prove_ms": { "runs": prove_ms, "median": sorted[sorted.len() / 2] },
        "verify_ms": verify_ms,
        "batch_verify": batches.iter().map(|(n, ms)| json!({
            "proofs": n,
            "ms": ms,
            "ms_per_proof": ms / *n as f64,
        })).collect::<Vec<_>>(),
        "batch32_ms_per_block_budget": batch32_ms / BATCH32_BUDGET_MS,
        "native_ms": native_ms,
        "native_vs_batched_per_proof": native_ms / (batch32_ms / 32.0),
    }))
}
