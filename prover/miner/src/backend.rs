//! The interface between the miner loop and the hardware that evaluates attempts.
//!
//! A backend turns a [`WorkBatch`] — a contiguous nonce range for one `(challenge, miner)` — into
//! one [`Attempt`] (commitment `C` and quality `q`) per nonce, bit-exactly as
//! [`quarry_puzzle::attempt`] defines them. Everything else (choosing nonces, filtering by the
//! target, building the opening proof of the rare solutions, re-verifying them) is the miner's job
//! and backend-independent. The CPU backend ([`crate::cpu::CpuBackend`]) is the reference; a GPU
//! backend implements the same trait.

use std::fmt;
use std::sync::Arc;

use quarry_puzzle::{Attempt, Challenge, MinerId, PuzzleParams, WorkUnit};

/// A contiguous range of nonces `start_nonce .. start_nonce + count` (wrapping) for one challenge
/// and miner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkBatch {
    /// Epoch challenge.
    pub challenge: Challenge,
    /// Miner account.
    pub miner: MinerId,
    /// First nonce.
    pub start_nonce: u64,
    /// Number of nonces.
    pub count: u32,
}

impl WorkBatch {
    /// The `i`-th work unit of the batch.
    pub fn work_unit(&self, i: u32) -> WorkUnit {
        WorkUnit {
            challenge: self.challenge,
            miner: self.miner,
            nonce: self.start_nonce.wrapping_add(i as u64),
        }
    }
}

/// A backend failure (device lost, out of memory, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError(pub String);

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "backend error: {}", self.0)
    }
}

impl std::error::Error for BackendError {}

/// Evaluates batches of attempts.
pub trait Backend: Send + Sync {
    /// Short name (`"cpu"`, `"cuda"`, ...).
    fn name(&self) -> &'static str;

    /// Human-readable description of the device(s) used.
    fn device(&self) -> String;

    /// The commitment parameters (and so `k`) this backend was built for.
    fn params(&self) -> &Arc<PuzzleParams>;

    /// A batch size that keeps the device busy (the miner may use multiples of it).
    fn preferred_batch_size(&self) -> u32;

    /// Computes the attempt of every nonce of `batch`, in nonce order, appending them to `out`
    /// (`batch.count` entries). Must equal [`quarry_puzzle::attempt`] for each nonce.
    fn evaluate(&self, batch: &WorkBatch, out: &mut Vec<Attempt>) -> Result<(), BackendError>;
}

/// Which backend to mine with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendChoice {
    /// The GPU when a usable one is present, else the CPU (saying why).
    Auto,
    /// All-core CPU backend (rayon).
    Cpu,
    /// CUDA GPU backend (device 0); an error if no GPU can be used.
    Gpu,
}

/// Opens the backend `choice` for `params`; `threads` sizes the CPU backend. `log` receives one
/// line about the choice (why `auto` fell back to the CPU, or the GPU's setup).
pub fn open_backend(
    choice: BackendChoice,
    params: Arc<PuzzleParams>,
    threads: Option<usize>,
    mut log: impl FnMut(&str),
) -> Result<Arc<dyn Backend>, BackendError> {
    let gpu =
        |params: Arc<PuzzleParams>| {
            crate::gpu::cuda::gpu_backend(params, 0).map(|(backend, setup)| {
                (
                    Arc::new(backend) as Arc<dyn Backend>,
                    format!(
                    "GPU backend on {}: kernels {} in {:.1} s, table ready in {:.1} s, {} nonces \
                     per launch and stream",
                    setup.device,
                    format_args!(
                        "{} {}",
                        setup.kernels.kind,
                        if setup.kernels.cached { "loaded from cache" } else { "compiled" }
                    ),
                    setup.kernel_load_secs,
                    setup.table_secs,
                    setup.capacity
                ),
                )
            })
        };
    match choice {
        BackendChoice::Cpu => Ok(Arc::new(crate::cpu::CpuBackend::new(params, threads)?)),
        BackendChoice::Gpu => {
            let (backend, line) =
                gpu(params).map_err(|e| BackendError(format!("GPU backend: {e}")))?;
            log(&line);
            Ok(backend)
        }
        BackendChoice::Auto => match gpu(params.clone()) {
            Ok((backend, line)) => {
                log(&line);
                Ok(backend)
            }
            Err(why) => {
                log(&format!("no usable GPU ({why}); mining on the CPU"));
                Ok(Arc::new(crate::cpu::CpuBackend::new(params, threads)?))
            }
        },
    }
}
