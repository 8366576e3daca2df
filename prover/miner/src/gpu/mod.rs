//! The GPU backend: CUDA kernels for whole mining attempts, bit-exact with the CPU reference.
//!
//! - `kernels.cu`: BLAKE2b (seed, PRG, quality), Pasta field arithmetic in Montgomery form,
//!   Vesta XYZZ arithmetic, and the fixed-base Pippenger MSM over a table of
//!   $2^{cw} G_i$ kept resident in GPU memory; one launch sequence evaluates a batch of nonces.
//!   The same file compiles for the host (`host.cpp`), which is how the kernels are tested on
//!   machines without a GPU.
//! - [`pipeline`]: the launch sequence and buffers, over an [`pipeline::Executor`];
//!   [`pipeline::KernelBackend`] is the [`crate::Backend`] the miner uses.
//! - [`cuda`]: the CUDA executor (cudarc, everything loaded at run time), device probing, PTX cache.
//! - [`host`]: the host executor.
//! - [`checks`]: randomized and known-answer comparisons with the CPU reference, run by the unit
//!   tests on the host executor and by `tests/gpu.rs` on a real GPU.
//!
//! The opening proof of the rare solutions stays on the CPU ([`crate::miner`]).

pub mod checks;
pub mod cuda;
pub mod device_tests;
pub mod host;
pub mod pipeline;

use std::sync::Arc;

use quarry_puzzle::PuzzleParams;

use crate::backend::BackendError;

/// The CUDA C source of the kernels.
pub const SOURCE: &str = include_str!("kernels.cu");

/// The kernels on the host CPU as a [`crate::Backend`] (slow; for tests and debugging), with
/// `capacity` nonces per launch sequence and `pipelines` pipelines used round robin.
pub fn host_backend(
    params: Arc<PuzzleParams>,
    capacity: u32,
    pipelines: usize,
) -> Result<pipeline::KernelBackend<host::HostExecutor>, BackendError> {
    pipeline::KernelBackend::new(
        "gpu-kernels-on-host",
        "GPU kernels compiled for the host CPU (1 thread)".into(),
        params,
        vec![host::HostExecutor::default(); pipelines.max(1)],
        capacity,
    )
}

#[cfg(test)]
mod tests {
    use super::checks;
    use super::host::{job_sizes, Arith, HostExecutor};
    use super::pipeline::{Job, Kernel};

    #[test]
    fn job_layout_matches_the_kernels() {
        assert_eq!(job_sizes(), [core::mem::size_of::<Job>(); 2]);
    }

    #[test]
    fn kernel_list_matches_the_source() {
        // The host launcher indexes bodies by the order of QUARRY_KERNELS; Kernel's discriminants
        // must follow it.
        let list = super::SOURCE
            .split("#define QUARRY_KERNELS(X)")
            .nth(1)
            .expect("QUARRY_KERNELS list");
        let names: Vec<&str> = list
            .lines()
            .skip(1) // the rest of the #define line
            .map(str::trim)
            .take_while(|l| l.starts_with("X("))
            .map(|l| l.trim_start_matches("X(").split(')').next().unwrap())
            .collect();
        let ours: Vec<&str> = Kernel::ALL.iter().map(|k| k.body()).collect();
        assert_eq!(names, ours);
        for (i, k) in Kernel::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
    }

    const BOTH: [Arith; 2] = [Arith::Portable64, Arith::CarryChains32];

    #[test]
    fn field_ops_match_pasta() {
        for arith in BOTH {
            checks::field_ops(&HostExecutor::with(arith), 300).unwrap();
        }
    }

    #[test]
    fn point_ops_match_pasta() {
        for arith in BOTH {
            checks::point_ops(&HostExecutor::with(arith), 60).unwrap();
        }
    }

    #[test]
    fn wide_reduction_matches_pasta() {
        for arith in BOTH {
            checks::wide_reduction(&HostExecutor::with(arith), 300).unwrap();
        }
    }

    #[test]
    fn msm_matches_halo2_on_random_and_edge_scalars() {
        for k in [4u32, 6] {
            let pp = quarry_puzzle::shared_generated(k).unwrap();
            let backend = super::host_backend(pp, 3, 2).unwrap();
            checks::msm(&backend, 7).unwrap();
        }
    }

    #[test]
    fn msm_matches_halo2_across_entry_chunk_boundaries() {
        // Chunks of 1, 3 and 7 entries put chunk boundaries inside most buckets, so owned parts,
        // carries and empty buckets at chunk edges all occur at small k.
        for (k, entry_chunk) in [
            (4u32, 1u32),
            (4, 3),
            (5, 7),
            (6, 3),
            (7, 16),
            (8, 64),
            (9, 128),
            (10, 128),
        ] {
            let pp = quarry_puzzle::shared_generated(k).unwrap();
            for arith in BOTH {
                checks::msm_over(
                    HostExecutor::with(arith),
                    pp.generators(),
                    3,
                    3,
                    entry_chunk,
                )
                .unwrap_or_else(|e| panic!("k={k}, entry_chunk={entry_chunk}, {arith:?}: {e}"));
            }
        }
    }

    /// The MSM at `k` on the default entry chunk, bit-exact with halo2, and the work split of the
    /// bucket launches: the heaviest thread does at most 4x the mean work of its launch.
    fn msm_and_work_split_at(k: u32) {
        use super::pipeline::{imbalance, ENTRY_CHUNK};
        let generators = checks::test_generators(k);
        let profile = checks::msm_over(HostExecutor::default(), &generators, 1, 2, ENTRY_CHUNK)
            .unwrap_or_else(|e| panic!("k={k}: {e}"));
        let (acc, seg, per_bucket) = (
            imbalance(&profile.accumulate),
            imbalance(&profile.segments),
            imbalance(&profile.per_bucket),
        );
        println!(
            "k={k}: heaviest/mean thread: accumulate {acc:.2}, segments {seg:.2} \
             (one thread per bucket would be {per_bucket:.1})"
        );
        assert!(acc <= 4.0, "k={k}: accumulate imbalance {acc:.2}");
        assert!(seg <= 4.0, "k={k}: segments imbalance {seg:.2}");
        if matches!(k, 11 | 12 | 15) {
            // The pile-up of review F3 is real at these k: the bound above is not trivially met.
            assert!(
                per_bucket > 10.0,
                "k={k}: per-bucket imbalance only {per_bucket:.1}"
            );
        }
    }

    #[test]
    fn msm_and_work_split_k11() {
        msm_and_work_split_at(11);
    }

    #[test]
    fn msm_and_work_split_k12() {
        msm_and_work_split_at(12);
    }

    #[test]
    fn msm_and_work_split_k13() {
        msm_and_work_split_at(13);
    }

    #[test]
    fn msm_and_work_split_k14() {
        msm_and_work_split_at(14);
    }

    #[test]
    fn msm_and_work_split_k15() {
        msm_and_work_split_at(15);
    }

    #[test]
    fn msm_and_work_split_k16() {
        msm_and_work_split_at(16);
    }

    #[test]
    fn attempts_match_the_cpu_reference() {
        // Capacity 5 with 2 pipelines: a 13-nonce batch runs as 5 + 5 + 3 across both, and wraps
        // around u64::MAX.
        let pp = quarry_puzzle::shared_generated(5).unwrap();
        for arith in BOTH {
            let backend = super::pipeline::KernelBackend::new(
                "host",
                format!("{arith:?}"),
                pp.clone(),
                vec![HostExecutor::with(arith); 2],
                5,
            )
            .unwrap();
            checks::attempts(&backend, u64::MAX - 6, 13).unwrap();
        }
    }

    #[test]
    fn known_answer_vectors() {
        let n = checks::known_answers(|k| {
            let pp = quarry_puzzle::shared_generated(k).map_err(|e| e.to_string())?;
            super::host_backend(pp, 4, 1).map_err(|e| e.0)
        })
        .unwrap();
        assert!(n >= 8, "only {n} vectors checked");
    }

    #[test]
    fn miner_on_the_kernels_finds_verified_solutions() {
        // The whole miner loop (backend attempts re-checked against the reference, opening proofs,
        // verification) on the kernel backend.
        use crate::miner::{mine, MineConfig};
        let pp = quarry_puzzle::shared_generated(4).unwrap();
        let backend = super::host_backend(pp.clone(), 8, 2).unwrap();
        let mut cfg = MineConfig::new([9; 32], [8; 32], 4);
        cfg.max_solutions = Some(3);
        let report = mine(&backend, &cfg, |_| {}, |_, _| {}).unwrap();
        assert_eq!(report.solutions.len(), 3);
        for found in &report.solutions {
            assert!(found.quality >= 4);
            quarry_puzzle::verify(&pp, &found.solution, &[9; 32], 4).unwrap();
        }
    }

    /// The bucket stages' cost on the host build of the kernels (the same source the GPU runs,
    /// one CPU thread): median wall time per stage over 5 launch sequences of 4 nonces at
    /// k = 12. A proxy for the arithmetic each stage does, used to compare point formulas
    /// without a GPU; not a GPU figure.
    /// `cargo test --release -p quarry-prover --lib measure_bucket_stages -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement: prints timings, asserts nothing about them"]
    fn measure_bucket_stages_on_the_host() {
        let k = 12;
        let pp = quarry_puzzle::shared_generated(k).unwrap();
        let backend = super::host_backend(pp, 4, 1).unwrap();
        let mut runs: Vec<Vec<(&'static str, f64)>> = Vec::new();
        for run in 0..5u64 {
            let mut out = Vec::new();
            runs.push(
                backend
                    .with_pipeline(|p| p.profile(&[3; 32], &[4; 32], run << 40, 4, &mut out))
                    .unwrap(),
            );
        }
        println!("host build of the kernels, k = {k}, 4 nonces per launch sequence, median of 5:");
        for (i, (stage, _)) in runs[0].iter().enumerate() {
            let mut times: Vec<f64> = runs.iter().map(|r| r[i].1 * 1e3).collect();
            times.sort_by(f64::total_cmp);
            println!("  {stage:<14} {:>9.2} ms", times[2]);
        }
    }

    #[test]
    fn bad_batches_are_refused_without_losing_results() {
        let pp = quarry_puzzle::shared_generated(4).unwrap();
        let backend = super::host_backend(pp, 4, 1).unwrap();
        backend.with_pipeline(|p| {
            assert!(p.enqueue(&[0; 32], &[0; 32], 0, 0).is_err());
            assert!(p.enqueue(&[0; 32], &[0; 32], 0, 5).is_err());
            let mut out = vec![];
            assert!(p.collect(&mut out).is_err(), "nothing in flight");
            p.enqueue(&[0; 32], &[0; 32], 0, 2).unwrap();
            assert!(
                p.enqueue(&[0; 32], &[0; 32], 2, 2).is_err(),
                "already in flight"
            );
            p.collect(&mut out).unwrap();
            assert_eq!(out.len(), 2);
        });
    }
}
