//! The CPU backend: one attempt per core at a time, rayon across the nonces of a batch.
//!
//! Each attempt is single-threaded (PRG, then the serial batch-affine Pippenger MSM of
//! [`quarry_puzzle::msm`] — fixed-base with a precomputed table shared by all threads when it fits
//! the memory budget — then one hash); a rayon pool with one worker per core spreads the nonces
//! of a batch over the cores. Each worker thread keeps its scratch buffers for its whole life, so
//! the steady state allocates nothing per attempt.

use std::cell::RefCell;
use std::sync::Arc;

use quarry_puzzle::{attempt_with, Attempt, AttemptScratch, PuzzleParams};
use rayon::prelude::*;

use crate::backend::{Backend, BackendError, WorkBatch};

thread_local! {
    static SCRATCH: RefCell<AttemptScratch> = RefCell::new(AttemptScratch::default());
}

/// Default memory budget of the fixed-base MSM table (1 GiB: covers `k <= 19`; `k = 16` needs
/// 72 MiB).
pub const DEFAULT_TABLE_BUDGET: usize = 1 << 30;

/// The CPU backend.
pub struct CpuBackend {
    params: Arc<PuzzleParams>,
    pool: rayon::ThreadPool,
    threads: usize,
}

impl CpuBackend {
    /// A backend using `threads` worker threads (default: one per available core), with the
    /// fixed-base table of the parameters built if it needs at most [`DEFAULT_TABLE_BUDGET`].
    pub fn new(params: Arc<PuzzleParams>, threads: Option<usize>) -> Result<Self, BackendError> {
        Self::with_table_budget(params, threads, DEFAULT_TABLE_BUDGET)
    }

    /// As [`Self::new`] with an explicit memory budget for the fixed-base table (0: never build it;
    /// commitments then use the windowed MSM).
    pub fn with_table_budget(
        params: Arc<PuzzleParams>,
        threads: Option<usize>,
        table_budget: usize,
    ) -> Result<Self, BackendError> {
        let threads = threads
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            })
            .max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("quarry-cpu-{i}"))
            .build()
            .map_err(|e| BackendError(e.to_string()))?;
        pool.install(|| params.prepare_fixed_base_table(table_budget));
        Ok(Self {
            params,
            pool,
            threads,
        })
    }

    /// Number of worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `f` in this backend's thread pool.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }
}

/// CPU model name from `/proc/cpuinfo` (Linux), else the architecture.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

impl Backend for CpuBackend {
    fn name(&self) -> &'static str {
        "cpu"
    }

    fn device(&self) -> String {
        format!("{} ({} threads)", cpu_model(), self.threads)
    }

    fn params(&self) -> &Arc<PuzzleParams> {
        &self.params
    }

    fn preferred_batch_size(&self) -> u32 {
        // Enough nonces per batch that every worker gets several attempts.
        (self.threads as u32) * 8
    }

    fn evaluate(&self, batch: &WorkBatch, out: &mut Vec<Attempt>) -> Result<(), BackendError> {
        let pp = &*self.params;
        let mut results = Vec::with_capacity(batch.count as usize);
        self.pool.install(|| {
            (0..batch.count)
                .into_par_iter()
                .with_max_len(1)
                .map(|i| {
                    SCRATCH.with(|s| attempt_with(pp, &batch.work_unit(i), &mut s.borrow_mut()))
                })
                .collect_into_vec(&mut results)
        });
        out.extend_from_slice(&results);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quarry_puzzle::attempt;

    #[test]
    fn cpu_backend_matches_reference_attempts() {
        let pp = quarry_puzzle::shared_generated(5).unwrap();
        let backend = CpuBackend::new(pp.clone(), Some(2)).unwrap();
        let batch = WorkBatch {
            challenge: [3; 32],
            miner: [4; 32],
            start_nonce: u64::MAX - 5, // wraps around
            count: 13,
        };
        let mut out = vec![];
        backend.evaluate(&batch, &mut out).unwrap();
        assert_eq!(out.len(), 13);
        for (i, a) in out.iter().enumerate() {
            assert_eq!(*a, attempt(&pp, &batch.work_unit(i as u32)));
        }
        assert_eq!(out[6].nonce, 0);
    }
}
