//! Mining for a chain: fetch the epoch's work from a node, mine it, submit solutions, follow
//! epoch and target changes, survive node restarts.
//!
//! The loop ([`run`]) is independent of how the node is reached: the `quarry-prover mine --node`
//! command reaches it over JSON-RPC (`quarry_miningWork`, `quarry_submitSolution`), the node's
//! embedded development miner calls its own runtime API and transaction pool. Both implement
//! [`WorkSource`].
//!
//! Solutions are unsigned extrinsics (no fee) signed by the miner's **hot key** ([`HotKey`]): the
//! key the miner account registered on chain (`mining.setHotKey`) for its mining machines, so
//! the account's own key and its bond stay off them. A solution binds the miner id into its work
//! unit, so nobody else can claim it; the signature makes it attributable, so the chain can
//! admit it cheaply and slash the miner if its opening turns out bad.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use quarry_puzzle::{Challenge, MinerId, ProofTarget, SignedSolution, Solution};
use serde::{Deserialize, Serialize};

use crate::backend::Backend;
use crate::miner::{mine, Found, MineConfig, MineError, SPOT_CHECK_EVERY};

/// The current work, as `quarry_miningWork` returns it (JSON, camelCase; byte strings are
/// `0x`-prefixed hex).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Work {
    /// Epoch index.
    pub epoch: u32,
    /// Epoch challenge.
    #[serde(with = "hex_bytes")]
    pub challenge: Challenge,
    /// Minimum quality for the next block.
    pub proof_target: ProofTarget,
    /// Puzzle size.
    pub k: u32,
    /// Solutions the miner may still land this epoch.
    pub allowance_left: u32,
    /// Last block of the epoch.
    pub epoch_ends_at: u32,
    /// Block the work was read at.
    pub best_block: u32,
    /// The miner id (32-byte account) the work is for.
    #[serde(with = "hex_bytes")]
    pub miner: MinerId,
    /// The hot key the miner registered (`0x` hex), if any: solutions must be signed by it.
    #[serde(default, with = "hex_bytes::option")]
    pub hot_key: Option<[u8; 32]>,
    /// Pool slots per miner: a submission's slot must be below this.
    pub pool_slots: u8,
}

/// The key a miner's machines sign solutions with, registered on chain by the miner account.
pub struct HotKey {
    keypair: subxt_signer::sr25519::Keypair,
    /// The next pool slot to use (round robin, so a new solution does not replace a pending one).
    next_slot: std::sync::atomic::AtomicU8,
}

impl HotKey {
    /// From a secret (`//Alice`, a mnemonic, a `0x` seed, or a file holding one).
    pub fn from_secret(secret: &str) -> Result<Self, String> {
        let keypair = crate::market::client::keypair(secret)?;
        Ok(Self {
            keypair,
            next_slot: Default::default(),
        })
    }

    /// Its sr25519 public key.
    pub fn public(&self) -> [u8; 32] {
        self.keypair.public_key().0
    }

    /// `solution` signed for the next of `slots` pool slots.
    pub fn sign(&self, solution: &Solution, slots: u8) -> SignedSolution {
        let slot = self.next_slot.fetch_add(1, Ordering::Relaxed) % slots.max(1);
        SignedSolution::sign(solution.clone(), slot, |payload| {
            self.keypair.sign(payload).0
        })
    }
}

/// A solution accepted into the node's transaction pool, as `quarry_submitSolution` returns it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    /// Hash of the unsigned extrinsic carrying the solution.
    pub hash: String,
    /// Quality of the solution.
    pub quality: u64,
}

/// JSON-RPC error codes of `quarry_submitSolution` (and of [`Rejection::code`]): `9000 +` the
/// runtime's `invalid_solution` code, or [`error_code::POOL`].
pub mod error_code {
    /// The solution is for an earlier epoch's challenge.
    pub const STALE_CHALLENGE: i32 = 9001;
    /// This `(miner, nonce)` already landed or is already in the pool.
    pub const DUPLICATE: i32 = 9002;
    /// The miner has no bond or no allowance left this epoch.
    pub const OVER_ALLOWANCE: i32 = 9003;
    /// The quality is below the current proof target.
    pub const BELOW_TARGET: i32 = 9004;
    /// The bytes are not a well-formed solution.
    pub const MALFORMED: i32 = 9005;
    /// The proof does not verify.
    pub const INVALID_PROOF: i32 = 9006;
    /// The node cannot verify this puzzle size.
    pub const UNSUPPORTED_K: i32 = 9007;
    /// A winner claim for the finished epoch is not better than its best solution.
    pub const CLAIM_NOT_BETTER: i32 = 9008;
    /// The transaction pool refused the extrinsic for another reason.
    pub const POOL: i32 = 9010;
    /// The miner has registered no hot key.
    pub const NO_HOT_KEY: i32 = 9011;
    /// The signature is not the registered hot key's.
    pub const BAD_SIGNATURE: i32 = 9012;
    /// The pool slot is out of range.
    pub const BAD_SLOT: i32 = 9013;
}

/// Why the node refused a solution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// One of [`error_code`].
    pub code: i32,
    /// The node's message.
    pub message: String,
}

/// The node could not be reached or answered nonsense; the loop retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError(pub String);

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where work comes from and solutions go.
pub trait WorkSource {
    /// The current work for this source's miner.
    fn work(&self) -> Result<Work, SourceError>;
    /// Submit a signed solution: accepted into the pool, refused (with a reason), or not
    /// delivered.
    fn submit(
        &self,
        submission: &SignedSolution,
    ) -> Result<Result<Submitted, Rejection>, SourceError>;
}

/// Tuning of [`run`].
#[derive(Clone, Debug)]
pub struct ChainMinerConfig {
    /// Mine this long before asking for fresh work (the target changes every block, the
    /// challenge every epoch).
    pub refresh: Duration,
    /// Wait this long before asking again when there is no allowance left.
    pub idle_wait: Duration,
    /// Wait this long after the node could not be reached (doubles up to 16 times this).
    pub retry_wait: Duration,
    /// Stop after this many accepted solutions.
    pub max_accepted: Option<u64>,
}

impl Default for ChainMinerConfig {
    fn default() -> Self {
        Self {
            refresh: Duration::from_secs(1),
            idle_wait: Duration::from_secs(3),
            retry_wait: Duration::from_secs(1),
            max_accepted: None,
        }
    }
}

/// What happened, for the caller to print or count.
#[derive(Clone, Debug)]
pub enum MinerEvent {
    /// New work (first work, new epoch, or a changed target/allowance).
    Work(Work),
    /// A solution was found and submitted: accepted, or refused with a reason.
    Solution {
        /// The solution and its quality.
        found: Found,
        /// What was submitted: the solution signed by the hot key for its pool slot.
        submission: SignedSolution,
        /// The node's answer.
        outcome: Result<Submitted, Rejection>,
    },
    /// Attempts so far and the rate over the last refresh window.
    Progress {
        /// Total attempts.
        attempts: u64,
        /// Attempts per second over the last window.
        rate: f64,
    },
    /// Waiting: no allowance left (unbonded miner, or the epoch's allowance is used). Reported
    /// once per epoch.
    Idle(Work),
    /// Waiting: the chain knows another hot key for this miner, or none, so every solution
    /// would be refused. Reported once per epoch, checked again every idle wait.
    WrongHotKey(Work),
    /// The node could not be reached; retrying.
    Disconnected(SourceError),
}

/// Totals of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainMinerTotals {
    /// Attempts evaluated.
    pub attempts: u64,
    /// Solutions accepted by the node.
    pub accepted: u64,
    /// Solutions refused by the node.
    pub rejected: u64,
}

/// A random starting nonce, so that several machines mining for one account rarely overlap.
fn random_nonce() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// The node's answer to one submission, or why it was not delivered.
type Answer = Result<Result<Submitted, Rejection>, SourceError>;

/// Submissions on their own thread: the search loop hands a signed solution over and goes on
/// mining (a submission is a node round trip, milliseconds locally and more to a remote node,
/// which would otherwise leave the backend idle), and books the answers between mining windows.
struct Submissions {
    queue: mpsc::Sender<(Found, SignedSolution)>,
    answers: mpsc::Receiver<(Found, SignedSolution, Answer)>,
    /// Handed over, not yet answered.
    in_flight: u64,
}

impl Submissions {
    /// Starts the submitting thread in `scope`; it ends once the queue is closed and drained.
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        source: &'scope (dyn WorkSource + Sync),
    ) -> Self {
        let (queue, queued) = mpsc::channel::<(Found, SignedSolution)>();
        let (answer, answers) = mpsc::channel();
        scope.spawn(move || {
            for (found, submission) in queued {
                let answered = source.submit(&submission);
                if answer.send((found, submission, answered)).is_err() {
                    break;
                }
            }
        });
        Self {
            queue,
            answers,
            in_flight: 0,
        }
    }

    fn submit(&mut self, found: &Found, submission: SignedSolution) {
        self.queue
            .send((found.clone(), submission))
            .expect("the submitting thread runs until the queue closes");
        self.in_flight += 1;
    }

    /// Books the answers that arrived; with `wait`, first waits for one if any is in flight.
    fn collect(
        &mut self,
        wait: bool,
        totals: &mut ChainMinerTotals,
        on_event: &mut impl FnMut(&MinerEvent),
    ) {
        if wait && self.in_flight > 0 {
            // An error here means the submitting thread died (a panic in `WorkSource::submit`):
            // fail as the loop did when it submitted inline, instead of waiting forever.
            let answer = self
                .answers
                .recv()
                .expect("the submitting thread answers every submission it takes");
            self.in_flight -= 1;
            book(answer, totals, on_event);
        }
        while let Ok(answer) = self.answers.try_recv() {
            self.in_flight -= 1;
            book(answer, totals, on_event);
        }
    }

    /// Closes the queue and books every answer still to come.
    fn finish(self, totals: &mut ChainMinerTotals, on_event: &mut impl FnMut(&MinerEvent)) {
        let Self { queue, answers, .. } = self;
        drop(queue);
        for answer in answers {
            book(answer, totals, on_event);
        }
    }
}

/// Counts a submission's answer and reports it.
fn book(
    (found, submission, answered): (Found, SignedSolution, Answer),
    totals: &mut ChainMinerTotals,
    on_event: &mut impl FnMut(&MinerEvent),
) {
    let outcome = answered.unwrap_or_else(|error| {
        on_event(&MinerEvent::Disconnected(error.clone()));
        Err(Rejection {
            code: error_code::POOL,
            message: error.0,
        })
    });
    match &outcome {
        Ok(_) => totals.accepted += 1,
        Err(_) => totals.rejected += 1,
    }
    on_event(&MinerEvent::Solution {
        found,
        submission,
        outcome,
    });
}

/// Mines for `source` until `stop` is set, signing solutions with `hot_key`. `backend_for(k)`
/// builds a backend for the chain's `k` (called again only if `k` changes). Solutions are
/// submitted on a thread of their own, so the search never waits for the node. Returns the
/// totals, or the first backend failure.
pub fn run(
    source: &(dyn WorkSource + Sync),
    hot_key: &HotKey,
    backend_for: impl FnMut(u32) -> Result<Arc<dyn Backend>, MineError>,
    config: &ChainMinerConfig,
    stop: &AtomicBool,
    mut on_event: impl FnMut(&MinerEvent),
) -> Result<ChainMinerTotals, MineError> {
    let mut totals = ChainMinerTotals::default();
    std::thread::scope(|scope| {
        let mut submissions = Submissions::start(scope, source);
        let result = mine_for_chain(
            source,
            hot_key,
            backend_for,
            config,
            stop,
            &mut submissions,
            &mut totals,
            &mut on_event,
        );
        submissions.finish(&mut totals, &mut on_event);
        result
    })?;
    Ok(totals)
}

/// The loop of [`run`]: work, mining windows, answers booked between them.
#[allow(clippy::too_many_arguments)]
fn mine_for_chain(
    source: &dyn WorkSource,
    hot_key: &HotKey,
    mut backend_for: impl FnMut(u32) -> Result<Arc<dyn Backend>, MineError>,
    config: &ChainMinerConfig,
    stop: &AtomicBool,
    submissions: &mut Submissions,
    totals: &mut ChainMinerTotals,
    on_event: &mut impl FnMut(&MinerEvent),
) -> Result<(), MineError> {
    let mut backend: Option<(u32, Arc<dyn Backend>)> = None;
    let mut last_work: Option<Work> = None;
    let mut spot_checked_at: Option<Instant> = None;
    let mut nonce = random_nonce();
    let mut failures = 0u32;
    // The epoch in which the miner was last reported idle (once per epoch, not per block).
    let mut idle_in: Option<u32> = None;
    while !stop.load(Ordering::Relaxed) {
        submissions.collect(false, totals, on_event);
        // Solutions still wanted, counting those handed over but not answered yet.
        let wanted = config
            .max_accepted
            .map(|m| m.saturating_sub(totals.accepted + submissions.in_flight));
        if wanted == Some(0) {
            if submissions.in_flight == 0 {
                break;
            }
            submissions.collect(true, totals, on_event);
            continue;
        }
        let work = match source.work() {
            Ok(work) => {
                failures = 0;
                work
            }
            Err(error) => {
                on_event(&MinerEvent::Disconnected(error));
                let wait = config.retry_wait * (1 << failures.min(4));
                failures += 1;
                sleep_unless_stopped(wait, stop);
                continue;
            }
        };
        let changed = last_work.as_ref().is_none_or(|last| {
            (
                last.epoch,
                last.challenge,
                last.proof_target,
                last.allowance_left,
            ) != (
                work.epoch,
                work.challenge,
                work.proof_target,
                work.allowance_left,
            )
        });
        if last_work
            .as_ref()
            .is_some_and(|last| last.challenge != work.challenge)
        {
            nonce = random_nonce();
        }
        last_work = Some(work.clone());
        if work.hot_key != Some(hot_key.public()) {
            if idle_in != Some(work.epoch) {
                idle_in = Some(work.epoch);
                on_event(&MinerEvent::WrongHotKey(work));
            }
            sleep_unless_stopped(config.idle_wait, stop);
            continue;
        }
        // The allowance the node reports does not know the submissions still in flight.
        let allowance_left = (work.allowance_left as u64).saturating_sub(submissions.in_flight);
        if allowance_left == 0 && submissions.in_flight > 0 {
            submissions.collect(true, totals, on_event);
            continue;
        }
        if allowance_left == 0 {
            if idle_in != Some(work.epoch) {
                idle_in = Some(work.epoch);
                on_event(&MinerEvent::Idle(work));
            }
            sleep_unless_stopped(config.idle_wait, stop);
            continue;
        }
        if changed {
            on_event(&MinerEvent::Work(work.clone()));
        }
        let backend = match &backend {
            Some((k, b)) if *k == work.k => b.clone(),
            _ => {
                let b = backend_for(work.k)?;
                backend = Some((work.k, b.clone()));
                b
            }
        };
        let mut cfg = MineConfig::new(work.challenge, work.miner, work.proof_target);
        cfg.start_nonce = nonce;
        cfg.max_duration = Some(config.refresh);
        // `mine` runs for one refresh window at a time: keep its spot checks to one per
        // SPOT_CHECK_EVERY across the windows, not one per window.
        if spot_checked_at.is_some_and(|at: Instant| at.elapsed() < SPOT_CHECK_EVERY) {
            cfg.spot_check_every = None;
        }
        cfg.max_solutions = Some(allowance_left.min(wanted.unwrap_or(u64::MAX)) as usize);
        let report = mine(
            backend.as_ref(),
            &cfg,
            |found| submissions.submit(found, hot_key.sign(&found.solution, work.pool_slots)),
            |_, _| {},
        )?;
        nonce = report.next_nonce;
        if report.spot_checks > 0 {
            spot_checked_at = Some(Instant::now());
        }
        totals.attempts += report.attempts;
        on_event(&MinerEvent::Progress {
            attempts: totals.attempts,
            rate: report.attempts_per_sec(),
        });
    }
    Ok(())
}

fn sleep_unless_stopped(duration: Duration, stop: &AtomicBool) {
    let end = Instant::now() + duration;
    while !stop.load(Ordering::Relaxed) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50).min(end - Instant::now()));
    }
}

/// `0x`-prefixed hex for fixed-size byte arrays in JSON.
pub mod hex_bytes {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    /// Serialize as `0x…`.
    pub fn serialize<S: Serializer, const N: usize>(
        bytes: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{}", quarry_puzzle::hex::encode(bytes)))
    }

    /// Parse `0x…` (or bare hex) of exactly `N` bytes.
    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let s = String::deserialize(d)?;
        quarry_puzzle::hex::decode_array(s.strip_prefix("0x").unwrap_or(&s))
            .map_err(|e| D::Error::custom(format!("{e:?}")))
    }

    /// The same for `Option`s: `null` or `0x…`.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serialize as `null` or `0x…`.
        pub fn serialize<S: Serializer, const N: usize>(
            bytes: &Option<[u8; N]>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match bytes {
                Some(bytes) => super::serialize(bytes, s),
                None => s.serialize_none(),
            }
        }

        /// Parse `null` or `0x…` of exactly `N` bytes.
        pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
            d: D,
        ) -> Result<Option<[u8; N]>, D::Error> {
            #[derive(Deserialize)]
            struct Bytes<const N: usize>(#[serde(with = "super")] [u8; N]);
            Ok(Option::<Bytes<N>>::deserialize(d)?.map(|b| b.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::CpuBackend;
    use std::cell::RefCell;
    use std::sync::Mutex;

    /// A chain in memory: the real verifier decides, like the node would (through the same
    /// `quarry_puzzle::verify`), with an allowance and a challenge that changes on demand.
    struct FakeChain {
        work: Mutex<Work>,
        landed: Mutex<Vec<Solution>>,
        failures_left: Mutex<u32>,
        /// How long the first submission takes to be answered (a slow or distant node).
        first_answer_after: Mutex<Option<Duration>>,
        stop_after: usize,
        stop: Arc<AtomicBool>,
    }

    impl FakeChain {
        /// A chain serving `work`, failing the first `failures` requests, that sets `stop` once
        /// `stop_after` solutions landed.
        fn new(work: Work, failures: u32, stop_after: usize, stop: &Arc<AtomicBool>) -> Self {
            Self {
                work: Mutex::new(work),
                landed: Mutex::new(vec![]),
                failures_left: Mutex::new(failures),
                first_answer_after: Mutex::new(None),
                stop_after,
                stop: stop.clone(),
            }
        }
    }

    impl WorkSource for FakeChain {
        fn work(&self) -> Result<Work, SourceError> {
            let mut failures = self.failures_left.lock().unwrap();
            if *failures > 0 {
                *failures -= 1;
                return Err(SourceError("connection refused".into()));
            }
            Ok(self.work.lock().unwrap().clone())
        }

        fn submit(
            &self,
            submission: &SignedSolution,
        ) -> Result<Result<Submitted, Rejection>, SourceError> {
            if let Some(delay) = self.first_answer_after.lock().unwrap().take() {
                std::thread::sleep(delay);
            }
            let mut work = self.work.lock().unwrap();
            let s = &submission.solution;
            let payload = SignedSolution::signing_payload(s, submission.slot);
            let key = subxt_signer::sr25519::PublicKey(work.hot_key.unwrap());
            let signature = subxt_signer::sr25519::Signature(submission.signature);
            if !subxt_signer::sr25519::verify(&signature, payload, &key)
                || submission.slot >= work.pool_slots
            {
                return Ok(Err(Rejection {
                    code: error_code::BAD_SIGNATURE,
                    message: "signature or slot".into(),
                }));
            }
            let pp = quarry_puzzle::shared_generated(work.k).unwrap();
            let outcome = match quarry_puzzle::verify(&pp, s, &work.challenge, work.proof_target) {
                Ok(quality) if work.allowance_left > 0 => {
                    work.allowance_left -= 1;
                    let mut landed = self.landed.lock().unwrap();
                    landed.push(s.clone());
                    if landed.len() >= self.stop_after {
                        self.stop.store(true, Ordering::Relaxed);
                    }
                    Ok(Submitted {
                        hash: format!("0x{:02x}", landed.len()),
                        quality,
                    })
                }
                Ok(_) => Err(Rejection {
                    code: error_code::OVER_ALLOWANCE,
                    message: "allowance".into(),
                }),
                Err(e) => Err(Rejection {
                    code: error_code::INVALID_PROOF,
                    message: e.to_string(),
                }),
            };
            Ok(outcome)
        }
    }

    fn work(allowance: u32) -> Work {
        Work {
            epoch: 3,
            challenge: [7; 32],
            proof_target: 8,
            k: 4,
            allowance_left: allowance,
            epoch_ends_at: 100,
            best_block: 1,
            miner: [9; 32],
            hot_key: Some(hot_key().public()),
            pool_slots: 4,
        }
    }

    fn hot_key() -> HotKey {
        HotKey::from_secret("//Miner9").unwrap()
    }

    fn one_thread_cpu(k: u32) -> Result<Arc<dyn Backend>, MineError> {
        let params = quarry_puzzle::shared_generated(k).unwrap();
        Ok(Arc::new(CpuBackend::new(params, Some(1)).unwrap()))
    }

    fn quick() -> ChainMinerConfig {
        ChainMinerConfig {
            refresh: Duration::from_millis(100),
            idle_wait: Duration::from_millis(20),
            retry_wait: Duration::from_millis(5),
            max_accepted: None,
        }
    }

    #[test]
    fn mines_submits_and_survives_a_disconnect() {
        let stop = Arc::new(AtomicBool::new(false));
        let chain = FakeChain::new(work(100), 2, 3, &stop);
        let events = RefCell::new(vec![]);
        let totals = run(&chain, &hot_key(), one_thread_cpu, &quick(), &stop, |e| {
            events.borrow_mut().push(e.clone())
        })
        .unwrap();
        assert!(totals.accepted >= 3);
        assert_eq!(totals.rejected, 0);
        let events = events.into_inner();
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, MinerEvent::Disconnected(_)))
                .count(),
            2
        );
        for s in chain.landed.lock().unwrap().iter() {
            assert_eq!((s.challenge, s.miner), ([7; 32], [9; 32]));
        }
    }

    /// A slow node does not stall the search: while the first submission waits for its answer,
    /// the loop goes on mining. (Submitted inline, as before, the first answer came before the
    /// first window ended.)
    #[test]
    fn the_search_goes_on_while_a_submission_waits_for_the_node() {
        let stop = Arc::new(AtomicBool::new(false));
        let slow_work = Work {
            proof_target: 64,
            ..work(100)
        };
        let chain = FakeChain::new(slow_work, 0, 1, &stop);
        *chain.first_answer_after.lock().unwrap() = Some(Duration::from_millis(800));
        let config = ChainMinerConfig {
            refresh: Duration::from_millis(50),
            ..quick()
        };
        let events = RefCell::new(vec![]);
        let totals = run(&chain, &hot_key(), one_thread_cpu, &config, &stop, |e| {
            events.borrow_mut().push(e.clone())
        })
        .unwrap();
        assert!(totals.accepted >= 1);
        let events = events.into_inner();
        let first_answer = events
            .iter()
            .position(|e| matches!(e, MinerEvent::Solution { .. }))
            .expect("a solution was answered");
        let windows_before = events[..first_answer]
            .iter()
            .filter(|e| matches!(e, MinerEvent::Progress { .. }))
            .count();
        assert!(
            windows_before >= 5,
            "only {windows_before} mining windows ended before the first answer"
        );
    }

    #[test]
    fn stops_at_exactly_max_accepted() {
        let stop = Arc::new(AtomicBool::new(false));
        let chain = FakeChain::new(work(100), 0, usize::MAX, &stop);
        let config = ChainMinerConfig {
            max_accepted: Some(5),
            ..quick()
        };
        let totals = run(&chain, &hot_key(), one_thread_cpu, &config, &stop, |_| {}).unwrap();
        assert_eq!(totals.accepted, 5);
        assert_eq!(chain.landed.lock().unwrap().len(), 5);
    }

    #[test]
    fn waits_without_allowance() {
        assert_waits(work(0), &hot_key(), |e| matches!(e, MinerEvent::Idle(_)));
    }

    /// A miner whose key is not the one the chain knows would have every solution refused: it
    /// waits (and says so) instead of mining for nothing.
    #[test]
    fn waits_while_the_chain_knows_another_hot_key() {
        let other = HotKey::from_secret("//SomeoneElse").unwrap();
        assert_waits(work(10), &other, |e| {
            matches!(e, MinerEvent::WrongHotKey(_))
        });
    }

    /// Runs the loop on `work` with `key` until the first event `waiting` matches: the loop must
    /// report it exactly once and never ask for a backend.
    fn assert_waits(work: Work, key: &HotKey, waiting: impl Fn(&MinerEvent) -> bool) {
        let stop = Arc::new(AtomicBool::new(false));
        let chain = FakeChain::new(work, 0, 1, &stop);
        let waits = RefCell::new(0);
        let stopper = stop.clone();
        let totals = run(
            &chain,
            key,
            |_| panic!("no backend is needed while waiting"),
            &quick(),
            &stop,
            |e| {
                if waiting(e) {
                    *waits.borrow_mut() += 1;
                    stopper.store(true, Ordering::Relaxed);
                }
            },
        )
        .unwrap();
        assert_eq!(totals, ChainMinerTotals::default());
        assert_eq!(*waits.borrow(), 1);
    }

    #[test]
    fn slots_rotate_and_signatures_cover_the_slot() {
        let key = hot_key();
        let solution = Solution {
            challenge: [1; 32],
            miner: [2; 32],
            nonce: 3,
            commitment: [4; 32],
            proof: quarry_puzzle::ProofBytes::new(vec![5; 8]).unwrap(),
        };
        let slots: Vec<u8> = (0..5).map(|_| key.sign(&solution, 3).slot).collect();
        assert_eq!(slots, vec![0, 1, 2, 0, 1]);
        let signed = key.sign(&solution, 3);
        let public = subxt_signer::sr25519::PublicKey(key.public());
        let payload = |slot| SignedSolution::signing_payload(&solution, slot);
        let signature = subxt_signer::sr25519::Signature(signed.signature);
        assert!(subxt_signer::sr25519::verify(
            &signature,
            payload(signed.slot),
            &public
        ));
        assert!(!subxt_signer::sr25519::verify(
            &signature,
            payload(signed.slot + 1),
            &public
        ));
    }

    #[test]
    fn work_json_round_trips_with_hex_bytes() {
        let json = serde_json::to_value(work(5)).unwrap();
        assert_eq!(json["challenge"], format!("0x{}", "07".repeat(32)));
        assert_eq!(json["allowanceLeft"], 5);
        assert_eq!(
            json["hotKey"],
            format!("0x{}", quarry_puzzle::hex::encode(&hot_key().public()))
        );
        assert_eq!(serde_json::from_value::<Work>(json).unwrap(), work(5));
        let without_key = Work {
            hot_key: None,
            ..work(5)
        };
        let json = serde_json::to_value(&without_key).unwrap();
        assert!(json["hotKey"].is_null());
        assert_eq!(serde_json::from_value::<Work>(json).unwrap(), without_key);
    }
}
