//! Mining for a chain: fetch the epoch's work from a node, mine it, submit solutions, follow
//! epoch and target changes, survive node restarts.
//!
//! The loop ([`run`]) is independent of how the node is reached: the `quarry-prover mine --node`
//! command reaches it over JSON-RPC (`quarry_miningWork`, `quarry_submitSolution`), the node's
//! embedded development miner calls its own runtime API and transaction pool. Both implement
//! [`WorkSource`].
//!
//! The miner account needs no key: a solution binds the miner id into its work unit, so nobody
//! else can claim it, and solutions are unsigned extrinsics.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quarry_puzzle::{Challenge, MinerId, ProofTarget, Solution};
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

/// JSON-RPC error codes of `quarry_submitSolution` (and of [`Rejection::code`]).
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
    /// Submit a solution: accepted into the pool, refused (with a reason), or not delivered.
    fn submit(&self, solution: &Solution) -> Result<Result<Submitted, Rejection>, SourceError>;
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

/// Mines for `source` until `stop` is set. `backend_for(k)` builds a backend for the chain's `k`
/// (called again only if `k` changes). Returns the totals, or the first backend failure.
pub fn run(
    source: &dyn WorkSource,
    mut backend_for: impl FnMut(u32) -> Result<Arc<dyn Backend>, MineError>,
    config: &ChainMinerConfig,
    stop: &AtomicBool,
    mut on_event: impl FnMut(&MinerEvent),
) -> Result<ChainMinerTotals, MineError> {
    let mut totals = ChainMinerTotals::default();
    let mut backend: Option<(u32, Arc<dyn Backend>)> = None;
    let mut last_work: Option<Work> = None;
    let mut spot_checked_at: Option<Instant> = None;
    let mut nonce = random_nonce();
    let mut failures = 0u32;
    // The epoch in which the miner was last reported idle (once per epoch, not per block).
    let mut idle_in: Option<u32> = None;
    while !stop.load(Ordering::Relaxed) {
        let wanted = config
            .max_accepted
            .map(|m| m.saturating_sub(totals.accepted));
        if wanted == Some(0) {
            break;
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
        if work.allowance_left == 0 {
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
        cfg.max_solutions =
            Some((work.allowance_left as u64).min(wanted.unwrap_or(u64::MAX)) as usize);
        let report = mine(
            backend.as_ref(),
            &cfg,
            |found| {
                let outcome = match source.submit(&found.solution) {
                    Ok(outcome) => outcome,
                    Err(error) => {
                        on_event(&MinerEvent::Disconnected(error.clone()));
                        Err(Rejection {
                            code: error_code::POOL,
                            message: error.0,
                        })
                    }
                };
                match &outcome {
                    Ok(_) => totals.accepted += 1,
                    Err(_) => totals.rejected += 1,
                }
                on_event(&MinerEvent::Solution {
                    found: found.clone(),
                    outcome,
                });
            },
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
    Ok(totals)
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

        fn submit(&self, s: &Solution) -> Result<Result<Submitted, Rejection>, SourceError> {
            let mut work = self.work.lock().unwrap();
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
        }
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
        let totals = run(&chain, one_thread_cpu, &quick(), &stop, |e| {
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

    #[test]
    fn stops_at_exactly_max_accepted() {
        let stop = Arc::new(AtomicBool::new(false));
        let chain = FakeChain::new(work(100), 0, usize::MAX, &stop);
        let config = ChainMinerConfig {
            max_accepted: Some(5),
            ..quick()
        };
        let totals = run(&chain, one_thread_cpu, &config, &stop, |_| {}).unwrap();
        assert_eq!(totals.accepted, 5);
        assert_eq!(chain.landed.lock().unwrap().len(), 5);
    }

    #[test]
    fn waits_without_allowance() {
        let stop = Arc::new(AtomicBool::new(false));
        let chain = FakeChain::new(work(0), 0, 1, &stop);
        let idles = RefCell::new(0);
        let stopper = stop.clone();
        let totals = run(
            &chain,
            |_| panic!("no backend is needed without allowance"),
            &quick(),
            &stop,
            |e| {
                if matches!(e, MinerEvent::Idle(_)) {
                    *idles.borrow_mut() += 1;
                    stopper.store(true, Ordering::Relaxed);
                }
            },
        )
        .unwrap();
        assert_eq!(totals, ChainMinerTotals::default());
        assert_eq!(*idles.borrow(), 1);
    }

    #[test]
    fn work_json_round_trips_with_hex_bytes() {
        let json = serde_json::to_value(work(5)).unwrap();
        assert_eq!(json["challenge"], format!("0x{}", "07".repeat(32)));
        assert_eq!(json["allowanceLeft"], 5);
        assert_eq!(serde_json::from_value::<Work>(json).unwrap(), work(5));
    }
}
