//! The backend-independent mining loop: nonce ranges in, verified solutions out.

use std::time::{Duration, Instant};

use quarry_puzzle::{prove, verify, Attempt, Challenge, MinerId, ProofTarget, Quality, Solution};

use crate::backend::{Backend, BackendError, WorkBatch};

/// What to mine and when to stop.
#[derive(Clone, Debug)]
pub struct MineConfig {
    /// Epoch challenge.
    pub challenge: Challenge,
    /// Miner account.
    pub miner: MinerId,
    /// Proof target (minimum quality).
    pub target: ProofTarget,
    /// First nonce to try.
    pub start_nonce: u64,
    /// Nonces per backend call (0: the backend's preferred size).
    pub batch_size: u32,
    /// Stop after this many solutions.
    pub max_solutions: Option<usize>,
    /// Stop after this many attempts (rounded up to whole batches).
    pub max_attempts: Option<u64>,
    /// Stop after this long (checked between batches).
    pub max_duration: Option<Duration>,
}

impl MineConfig {
    /// Mine `(challenge, miner)` at `target` from nonce 0 with no limit.
    pub fn new(challenge: Challenge, miner: MinerId, target: ProofTarget) -> Self {
        Self {
            challenge,
            miner,
            target,
            start_nonce: 0,
            batch_size: 0,
            max_solutions: None,
            max_attempts: None,
            max_duration: None,
        }
    }
}

/// A solution found by the miner, already verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The solution, ready to submit.
    pub solution: Solution,
    /// Its quality.
    pub quality: Quality,
}

/// Summary of a mining run.
#[derive(Clone, Debug)]
pub struct MineReport {
    /// Solutions found, in nonce order.
    pub solutions: Vec<Found>,
    /// Attempts evaluated.
    pub attempts: u64,
    /// Time spent.
    pub elapsed: Duration,
    /// The next nonce that was not tried.
    pub next_nonce: u64,
}

impl MineReport {
    /// Attempts per second over the run.
    pub fn attempts_per_sec(&self) -> f64 {
        self.attempts as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Mining failure.
#[derive(Debug)]
pub enum MineError {
    /// The backend failed.
    Backend(BackendError),
    /// The backend's attempt disagrees with the reference computation, or the resulting solution
    /// does not verify: a backend bug.
    Inconsistent {
        /// Nonce concerned.
        nonce: u64,
        /// What went wrong.
        reason: String,
    },
}

impl std::fmt::Display for MineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Backend(e) => write!(f, "{e}"),
            Self::Inconsistent { nonce, reason } => {
                write!(f, "backend result for nonce {nonce} is wrong: {reason}")
            }
        }
    }
}

impl std::error::Error for MineError {}

impl From<BackendError> for MineError {
    fn from(e: BackendError) -> Self {
        Self::Backend(e)
    }
}

/// Turns a winning attempt into a verified solution: recomputes it with the reference code, builds
/// the opening proof and verifies the result (cheap next to the mining that found it, and it
/// catches backend bugs before anything is submitted).
pub fn finish_solution(
    backend: &dyn Backend,
    challenge: &Challenge,
    miner: &MinerId,
    target: ProofTarget,
    a: &Attempt,
) -> Result<Found, MineError> {
    let wu = quarry_puzzle::WorkUnit {
        challenge: *challenge,
        miner: *miner,
        nonce: a.nonce,
    };
    let solution = prove(backend.params(), &wu);
    if solution.commitment != a.commitment {
        return Err(MineError::Inconsistent {
            nonce: a.nonce,
            reason: "commitment differs from the reference".into(),
        });
    }
    match verify(backend.params(), &solution, challenge, target) {
        Ok(quality) if quality == a.quality => Ok(Found { solution, quality }),
        Ok(_) => Err(MineError::Inconsistent {
            nonce: a.nonce,
            reason: "quality differs from the reference".into(),
        }),
        Err(e) => Err(MineError::Inconsistent {
            nonce: a.nonce,
            reason: e.to_string(),
        }),
    }
}

/// Mines until a limit of `cfg` is reached, calling `on_solution` for every solution as soon as it
/// is found (and `on_batch` with the running attempt count after every batch).
pub fn mine(
    backend: &dyn Backend,
    cfg: &MineConfig,
    mut on_solution: impl FnMut(&Found),
    mut on_batch: impl FnMut(u64, Duration),
) -> Result<MineReport, MineError> {
    let batch_size = if cfg.batch_size == 0 {
        backend.preferred_batch_size()
    } else {
        cfg.batch_size
    }
    .max(1);
    let start = Instant::now();
    let mut nonce = cfg.start_nonce;
    let mut attempts = 0u64;
    let mut solutions = Vec::new();
    let mut out = Vec::with_capacity(batch_size as usize);
    loop {
        if cfg.max_solutions.is_some_and(|m| solutions.len() >= m)
            || cfg.max_attempts.is_some_and(|m| attempts >= m)
            || cfg.max_duration.is_some_and(|d| start.elapsed() >= d)
        {
            break;
        }
        let batch = WorkBatch {
            challenge: cfg.challenge,
            miner: cfg.miner,
            start_nonce: nonce,
            count: batch_size,
        };
        out.clear();
        backend.evaluate(&batch, &mut out)?;
        if out.len() != batch_size as usize {
            return Err(MineError::Inconsistent {
                nonce,
                reason: format!("backend returned {} attempts for {batch_size}", out.len()),
            });
        }
        for a in out.iter().filter(|a| a.quality >= cfg.target) {
            if cfg.max_solutions.is_some_and(|m| solutions.len() >= m) {
                break;
            }
            let found = finish_solution(backend, &cfg.challenge, &cfg.miner, cfg.target, a)?;
            on_solution(&found);
            solutions.push(found);
        }
        attempts += batch_size as u64;
        nonce = nonce.wrapping_add(batch_size as u64);
        on_batch(attempts, start.elapsed());
    }
    Ok(MineReport {
        solutions,
        attempts,
        elapsed: start.elapsed(),
        next_nonce: nonce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::CpuBackend;
    use quarry_puzzle::{attempt, shared_generated, Attempt, PuzzleParams};
    use std::sync::Arc;

    #[test]
    fn mines_verified_solutions_above_target() {
        let pp = shared_generated(5).unwrap();
        let backend = CpuBackend::new(pp.clone(), Some(2)).unwrap();
        let mut cfg = MineConfig::new([1; 32], [2; 32], 8);
        cfg.max_solutions = Some(3);
        cfg.batch_size = 16;
        let mut seen = 0;
        let report = mine(&backend, &cfg, |_| seen += 1, |_, _| {}).unwrap();
        assert_eq!(report.solutions.len(), 3);
        assert_eq!(seen, 3);
        for f in &report.solutions {
            assert!(f.quality >= 8);
            assert_eq!(verify(&pp, &f.solution, &[1; 32], 8), Ok(f.quality));
        }
        // Every nonce below the first solution's was really below target.
        let first = report.solutions[0].solution.nonce;
        for n in 0..first {
            let wu = quarry_puzzle::WorkUnit {
                challenge: [1; 32],
                miner: [2; 32],
                nonce: n,
            };
            assert!(attempt(&pp, &wu).quality < 8);
        }
        assert_eq!(report.attempts % 16, 0);
        assert!(report.attempts > first);
    }

    #[test]
    fn stops_on_attempt_limit() {
        let pp = shared_generated(4).unwrap();
        let backend = CpuBackend::new(pp, Some(1)).unwrap();
        let mut cfg = MineConfig::new([1; 32], [2; 32], u64::MAX);
        cfg.max_attempts = Some(40);
        cfg.batch_size = 16;
        cfg.start_nonce = 1000;
        let report = mine(&backend, &cfg, |_| {}, |_, _| {}).unwrap();
        assert_eq!(report.attempts, 48);
        assert_eq!(report.next_nonce, 1048);
        assert!(report.solutions.is_empty());
    }

    /// A backend that lies about one commitment: the miner must refuse to submit it.
    struct Faulty(CpuBackend);

    impl Backend for Faulty {
        fn name(&self) -> &'static str {
            "faulty"
        }
        fn device(&self) -> String {
            "test".into()
        }
        fn params(&self) -> &Arc<PuzzleParams> {
            self.0.params()
        }
        fn preferred_batch_size(&self) -> u32 {
            4
        }
        fn evaluate(&self, batch: &WorkBatch, out: &mut Vec<Attempt>) -> Result<(), BackendError> {
            self.0.evaluate(batch, out)?;
            for a in out.iter_mut() {
                a.commitment[0] ^= 1;
                a.quality = u64::MAX;
            }
            Ok(())
        }
    }

    #[test]
    fn faulty_backend_detected() {
        let pp = shared_generated(4).unwrap();
        let backend = Faulty(CpuBackend::new(pp, Some(1)).unwrap());
        let cfg = MineConfig::new([1; 32], [2; 32], 2);
        let r = mine(&backend, &cfg, |_| {}, |_, _| {});
        assert!(matches!(r, Err(MineError::Inconsistent { .. })));
    }
}
