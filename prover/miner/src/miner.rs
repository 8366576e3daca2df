//! The backend-independent mining loop: nonce ranges in, verified solutions out.

use std::time::{Duration, Instant};

use std::sync::Arc;

use quarry_puzzle::{
    prove, verify, Attempt, Challenge, MinerId, ProofTarget, PuzzleParams, Quality, Solution,
    WorkUnit,
};

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
    /// Recompute one random attempt of a batch with the reference code this often (and on the
    /// first batch), on its own thread: winners are always rechecked, but a backend that computes
    /// wrong commitments would otherwise only lose winners, silently. `None`: never.
    pub spot_check_every: Option<Duration>,
}

/// Default [`MineConfig::spot_check_every`]: one reference attempt (0.1-0.2 s of one core at
/// k = 16) every 5 s.
pub const SPOT_CHECK_EVERY: Duration = Duration::from_secs(5);

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
            spot_check_every: Some(SPOT_CHECK_EVERY),
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
    /// Solutions found, in the order the search found them.
    pub solutions: Vec<Found>,
    /// Attempts evaluated.
    pub attempts: u64,
    /// Time spent.
    pub elapsed: Duration,
    /// The next nonce that was not tried.
    pub next_nonce: u64,
    /// Attempts recomputed by the spot check, all equal to the reference.
    pub spot_checks: u64,
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
    params: &PuzzleParams,
    challenge: &Challenge,
    miner: &MinerId,
    target: ProofTarget,
    a: &Attempt,
) -> Result<Found, MineError> {
    let wu = WorkUnit {
        challenge: *challenge,
        miner: *miner,
        nonce: a.nonce,
    };
    let solution = prove(params, &wu);
    if solution.commitment != a.commitment {
        return Err(MineError::Inconsistent {
            nonce: a.nonce,
            reason: "commitment differs from the reference".into(),
        });
    }
    match verify(params, &solution, challenge, target) {
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

/// Recomputes attempt `got` of work unit `wu` with the reference code.
fn spot_check(params: &PuzzleParams, wu: &WorkUnit, got: &Attempt) -> Result<(), MineError> {
    let want = quarry_puzzle::attempt(params, wu);
    if want == *got {
        return Ok(());
    }
    Err(MineError::Inconsistent {
        nonce: wu.nonce,
        reason: format!(
            "spot check: the backend's attempt {} differs from the reference {} (a backend that \
             computes wrong commitments loses winners silently)",
            quarry_puzzle::hex::encode(&got.commitment),
            quarry_puzzle::hex::encode(&want.commitment)
        ),
    })
}

/// The spot checks of [`MineConfig::spot_check_every`]: at most one running, on its own thread;
/// its verdict is collected when the next one starts, or at the end.
struct SpotChecks {
    every: Option<Duration>,
    next: Instant,
    running: Option<std::thread::JoinHandle<Result<(), MineError>>>,
    passed: u64,
    hasher: std::collections::hash_map::RandomState,
}

impl SpotChecks {
    fn new(every: Option<Duration>) -> Self {
        Self {
            every,
            next: Instant::now(),
            running: None,
            passed: 0,
            hasher: Default::default(),
        }
    }

    /// Starts a check of a random attempt of `batch` if one is due.
    fn maybe_start(
        &mut self,
        params: &Arc<PuzzleParams>,
        batch: &WorkBatch,
        out: &[Attempt],
    ) -> Result<(), MineError> {
        let Some(every) = self.every else {
            return Ok(());
        };
        if Instant::now() < self.next || out.is_empty() {
            return Ok(());
        }
        self.finish()?;
        use std::hash::BuildHasher;
        let i = (self.hasher.hash_one(batch.start_nonce) % out.len() as u64) as u32;
        let (params, wu, got) = (params.clone(), batch.work_unit(i), out[i as usize]);
        self.running = Some(std::thread::spawn(move || spot_check(&params, &wu, &got)));
        self.next = Instant::now() + every;
        Ok(())
    }

    /// Waits for the check in flight, if any.
    fn finish(&mut self) -> Result<(), MineError> {
        if let Some(check) = self.running.take() {
            check.join().unwrap_or_else(|_| {
                Err(MineError::Inconsistent {
                    nonce: 0,
                    reason: "spot check panicked".into(),
                })
            })?;
            self.passed += 1;
        }
        Ok(())
    }
}

/// Winners proved at once, each on its own thread: at k = 16 an opening proof takes 1-2 s, which
/// the search loop would otherwise spend with the GPU idle (review F5). More winners than this wait
/// for a free slot (they are rare: one per `target` attempts).
pub const PROVING_THREADS: usize = 2;

/// Winners handed to prover threads whose results have not come back; results in found order.
struct Proving {
    sender: std::sync::mpsc::Sender<(u64, Result<Found, MineError>)>,
    receiver: std::sync::mpsc::Receiver<(u64, Result<Found, MineError>)>,
    in_flight: usize,
    started: u64,
    done: Vec<(u64, Found)>,
}

impl Proving {
    fn new() -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        Self {
            sender,
            receiver,
            in_flight: 0,
            started: 0,
            done: Vec::new(),
        }
    }

    /// Solutions landed or on their way.
    fn count(&self) -> usize {
        self.done.len() + self.in_flight
    }

    fn start(&mut self, params: &Arc<PuzzleParams>, cfg: &MineConfig, winner: Attempt) {
        let (params, sender, seq) = (params.clone(), self.sender.clone(), self.started);
        let (challenge, miner, target) = (cfg.challenge, cfg.miner, cfg.target);
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                finish_solution(&params, &challenge, &miner, target, &winner)
            }))
            .unwrap_or_else(|_| {
                Err(MineError::Inconsistent {
                    nonce: winner.nonce,
                    reason: "proving panicked".into(),
                })
            });
            let _ = sender.send((seq, result));
        });
        self.started += 1;
        self.in_flight += 1;
    }

    /// Takes one result (waiting for it if `wait`), hands a solution to `on_solution`.
    fn receive(
        &mut self,
        wait: bool,
        on_solution: &mut impl FnMut(&Found),
    ) -> Result<bool, MineError> {
        if self.in_flight == 0 {
            return Ok(false);
        }
        let (seq, result) = if wait {
            self.receiver.recv().expect("this struct holds a sender")
        } else {
            match self.receiver.try_recv() {
                Ok(r) => r,
                Err(_) => return Ok(false),
            }
        };
        self.in_flight -= 1;
        let found = result?;
        on_solution(&found);
        self.done.push((seq, found));
        Ok(true)
    }
}

/// Mines until a limit of `cfg` is reached. Winners are proved on their own threads while the
/// search goes on; `on_solution` gets every verified solution when its proof is done (between
/// batches, on the calling thread), and `on_batch` the running attempt count after every batch.
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
    let params = backend.params().clone();
    let start = Instant::now();
    let mut nonce = cfg.start_nonce;
    let mut attempts = 0u64;
    let mut out = Vec::with_capacity(batch_size as usize);
    let mut spot_checks = SpotChecks::new(cfg.spot_check_every);
    let mut proving = Proving::new();
    loop {
        while proving.receive(false, &mut on_solution)? {}
        if cfg.max_solutions.is_some_and(|m| proving.count() >= m)
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
        spot_checks.maybe_start(&params, &batch, &out)?;
        for a in out.iter().filter(|a| a.quality >= cfg.target) {
            if cfg.max_solutions.is_some_and(|m| proving.count() >= m) {
                break;
            }
            if proving.in_flight >= PROVING_THREADS {
                proving.receive(true, &mut on_solution)?;
            }
            proving.start(&params, cfg, *a);
        }
        attempts += batch_size as u64;
        nonce = nonce.wrapping_add(batch_size as u64);
        on_batch(attempts, start.elapsed());
    }
    while proving.receive(true, &mut on_solution)? {}
    spot_checks.finish()?;
    let mut done = proving.done;
    done.sort_by_key(|(seq, _)| *seq);
    Ok(MineReport {
        solutions: done.into_iter().map(|(_, found)| found).collect(),
        attempts,
        elapsed: start.elapsed(),
        next_nonce: nonce,
        spot_checks: spot_checks.passed,
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

    /// A backend whose commitments are all wrong and whose qualities are all `quality`:
    /// `u64::MAX` makes every attempt a winner the miner must refuse to submit; 0 makes none a
    /// winner, so only the spot check can tell.
    struct Corrupting {
        inner: CpuBackend,
        quality: u64,
    }

    impl Backend for Corrupting {
        fn name(&self) -> &'static str {
            "corrupting"
        }
        fn device(&self) -> String {
            "test".into()
        }
        fn params(&self) -> &Arc<PuzzleParams> {
            self.inner.params()
        }
        fn preferred_batch_size(&self) -> u32 {
            4
        }
        fn evaluate(&self, batch: &WorkBatch, out: &mut Vec<Attempt>) -> Result<(), BackendError> {
            self.inner.evaluate(batch, out)?;
            for a in out.iter_mut() {
                a.commitment[1] ^= 0x80;
                a.quality = self.quality;
            }
            Ok(())
        }
    }

    #[test]
    fn spot_check_catches_a_backend_that_loses_winners_silently() {
        let pp = shared_generated(4).unwrap();
        let mut cfg = MineConfig::new([1; 32], [2; 32], 2);
        cfg.max_attempts = Some(8);
        let wrong = Corrupting {
            inner: CpuBackend::new(pp.clone(), Some(1)).unwrap(),
            quality: 0,
        };
        let r = mine(&wrong, &cfg, |_| {}, |_, _| {});
        assert!(
            matches!(&r, Err(MineError::Inconsistent { reason, .. }) if reason.contains("spot check")),
            "{r:?}"
        );
        // The same run on an honest backend passes its spot check.
        let honest = CpuBackend::new(pp, Some(1)).unwrap();
        cfg.target = u64::MAX;
        let report = mine(&honest, &cfg, |_| {}, |_, _| {}).unwrap();
        assert_eq!(report.spot_checks, 1);
    }

    #[test]
    fn faulty_backend_detected() {
        let pp = shared_generated(4).unwrap();
        let backend = Corrupting {
            inner: CpuBackend::new(pp, Some(1)).unwrap(),
            quality: u64::MAX,
        };
        let cfg = MineConfig::new([1; 32], [2; 32], 2);
        let r = mine(&backend, &cfg, |_| {}, |_, _| {});
        assert!(matches!(r, Err(MineError::Inconsistent { .. })));
    }
}
