//! `quarry-prover prove`: the proving loop.
//!
//! It follows finalized blocks and their market events; locks the tasks that pay (its price per
//! circuit, net of the protocol fee and of the transaction fees) and that it can prove in time
//! on top of what it already holds ([`plan::fits`]); proves them one at a time in
//! earliest-deadline-first order on its own threads; submits each proof; proves race tasks and
//! the failed locks of others (as a secondary prover) when that pays. On start it reads the live
//! tasks back from the chain, so a restarted prover finishes the tasks it holds.
//!
//! Transactions run concurrently with proving (their nonces are counted locally). What it does
//! is printed as it happens to stderr; `--json` adds one JSON line per step on stdout.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quarry_circuits::{CircuitId, FieldBytes};
use serde_json::json;
use tokio::sync::mpsc;

use super::client::{
    AccountId, Balance, ChainError, Included, MarketClient, MarketEvent, Mode, Offer, Signer,
    Submitted, TaskId, TaskView,
};
use super::plan::{self, qry, Job, Pricing, Skip, Speed};
use super::rollups::RollupTrees;
use crate::metrics::{planck, Metrics};

/// How the prover works.
#[derive(Clone, Debug)]
pub struct ProverConfig {
    /// Circuits it proves.
    pub circuits: Vec<CircuitId>,
    /// Its prices.
    pub pricing: Pricing,
    /// Most locks it holds at once (the chain also caps it by bond).
    pub max_locks: u32,
    /// Threads proving uses (rayon's global pool).
    pub threads: usize,
    /// Fulfil the failed locks of others when that pays.
    pub secondary: bool,
    /// Print one JSON line per step on stdout.
    pub json: bool,
}

/// Why the prover holds a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// It locked it.
    Primary,
    /// A race task: the first proof wins.
    Race,
    /// Another prover's lock failed.
    Secondary,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Race => "race",
            Self::Secondary => "secondary",
        }
    }
}

/// Where a task stands, as far as this prover knows.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Open,
    LockedBy(AccountId),
    LockFailed(AccountId),
}

/// A live task with its input.
#[derive(Clone, Debug)]
struct Known {
    circuit: CircuitId,
    /// The input a prover proves (Merkle batches completed with hints when possible).
    input: Result<Vec<u8>, String>,
    offer: Offer,
    mode: Mode,
    min_reputation_ppm: u32,
    submitted_at: u32,
    deadline: u32,
    priority: Option<(AccountId, u32)>,
    state: State,
}

/// A task this prover will prove.
#[derive(Clone, Debug)]
struct Held {
    job: Job,
    role: Role,
    /// Locked on chain (a primary job waits for its lock to land).
    confirmed: bool,
    /// Proved; the proof is on its way to the chain.
    submitting: bool,
}

/// What the background work reports back to the loop.
enum Outcome {
    Locked(TaskId, Result<Included, ChainError>),
    Proof {
        task: TaskId,
        circuit: CircuitId,
        seconds: f64,
        result: Result<(Vec<FieldBytes>, Vec<u8>), String>,
    },
    Submitted(TaskId, Result<Included, ChainError>),
}

/// The prover.
pub struct Prover {
    client: MarketClient,
    signer: Arc<Signer>,
    config: ProverConfig,
    metrics: Metrics,
    known: BTreeMap<TaskId, Known>,
    held: BTreeMap<TaskId, Held>,
    skipped: HashMap<TaskId, Skip>,
    /// Tasks the chain refused this prover, or it could not prove: not tried again.
    given_up: HashSet<TaskId>,
    rollups: RollupTrees,
    speed: Speed,
    /// The proof in progress: task, start, expected seconds.
    proving: Option<(TaskId, Instant, f64)>,
    fee_estimates: HashMap<CircuitId, Balance>,
    reputation_ppm: u32,
    block_seconds: f64,
    now: u32,
    proved: u64,
    earned: Balance,
    started: Instant,
    outcomes: (mpsc::UnboundedSender<Outcome>, mpsc::UnboundedReceiver<Outcome>),
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", quarry_puzzle::hex::encode(bytes))
}

fn circuit_name(id: CircuitId) -> &'static str {
    quarry_circuits::info(id).map(|c| c.name).unwrap_or("unknown")
}

impl Prover {
    /// A prover for `signer` on `client`.
    pub fn new(client: MarketClient, signer: Signer, config: ProverConfig, metrics: Metrics) -> Self {
        Self {
            client,
            signer: Arc::new(signer),
            speed: Speed::new(config.threads),
            config,
            metrics,
            known: BTreeMap::new(),
            held: BTreeMap::new(),
            skipped: HashMap::new(),
            given_up: HashSet::new(),
            rollups: RollupTrees::new(4096),
            proving: None,
            fee_estimates: HashMap::new(),
            reputation_ppm: 0,
            block_seconds: 6.0,
            now: 0,
            proved: 0,
            earned: 0,
            started: Instant::now(),
            outcomes: mpsc::unbounded_channel(),
        }
    }

    fn me(&self) -> &AccountId {
        &self.signer.account
    }

    fn emit(&self, value: serde_json::Value) {
        if self.config.json {
            println!("{value}");
        }
    }

    /// Runs until the node goes away for good (it reconnects a few times first) or `stop`.
    pub async fn run(mut self) -> Result<(), String> {
        // Key generation is seconds of CPU per circuit: do it before taking any task.
        for &circuit in &self.config.circuits {
            let t = Instant::now();
            tokio::task::block_in_place(|| {
                quarry_circuits::keys::keys(circuit).and_then(|keys| keys.pk().map(|_| ()))
            })
            .map_err(|e| e.to_string())?;
            eprintln!(
                "keys for {} ready in {:.1} s",
                circuit_name(circuit),
                t.elapsed().as_secs_f64()
            );
        }
        for &circuit in &self.config.circuits {
            let fee = self
                .client
                .fee_estimate(&self.signer, circuit)
                .await
                .map_err(|e| e.to_string())?;
            self.fee_estimates.insert(circuit, fee);
        }
        self.block_seconds = self.client.block_seconds().await.map_err(|e| e.to_string())?;
        self.resume().await.map_err(|e| e.to_string())?;
        eprintln!(
            "proving {} as {} (reputation {:.3}, {} threads, up to {} locks); transaction fees \
             per task: {}",
            self.config
                .circuits
                .iter()
                .map(|c| circuit_name(*c))
                .collect::<Vec<_>>()
                .join(", "),
            self.me(),
            self.reputation_ppm as f64 / 1e6,
            self.config.threads,
            self.config.max_locks,
            self.fee_estimates
                .iter()
                .map(|(c, f)| format!("{} {}", circuit_name(*c), qry(*f)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.emit(json!({"event": "ready", "prover": self.me().to_string(), "held": self.held.keys().collect::<Vec<_>>()}));
        let mut blocks = self
            .client
            .finalized_blocks()
            .await
            .map_err(|e| e.to_string())?;
        let mut status = tokio::time::interval(Duration::from_secs(30));
        loop {
            tokio::select! {
                block = blocks.next() => {
                    let Some(block) = block else {
                        return Err("the node closed the block subscription".into());
                    };
                    let block = block.map_err(|e| e.to_string())?;
                    let number = block.number() as u32;
                    match self.client.events_at(number).await {
                        Ok(events) => self.on_block(number, events.events).await,
                        Err(e) => eprintln!("block #{number}: {e}"),
                    }
                }
                Some(outcome) = self.outcomes.1.recv() => self.on_outcome(outcome),
                _ = status.tick() => self.print_status(),
            }
            self.start_next_proof();
        }
    }

    /// Reads the live tasks back from the chain: their inputs from the `Submitted` events of
    /// their blocks, the ones this prover locked into its queue.
    async fn resume(&mut self) -> Result<(), ChainError> {
        self.now = self.client.finalized_number().await?;
        self.reputation_ppm = self.client.reputation_ppm(self.me()).await?;
        let live = self.client.tasks(json!({})).await?;
        let mut events: HashMap<u32, Vec<MarketEvent>> = HashMap::new();
        for view in live {
            if !events.contains_key(&view.submitted_at) {
                let at = self.client.events_at(view.submitted_at).await;
                events.insert(
                    view.submitted_at,
                    at.map(|b| b.events).unwrap_or_else(|e| {
                        eprintln!("cannot read block #{}: {e}", view.submitted_at);
                        Vec::new()
                    }),
                );
            }
            let submitted = events[&view.submitted_at].iter().find_map(|e| match e {
                MarketEvent::Submitted(s) if s.task == view.id => Some(s.clone()),
                _ => None,
            });
            let Some(submitted) = submitted else {
                eprintln!(
                    "task {}: no Submitted event in block #{} (state pruned?): skipped",
                    view.id, view.submitted_at
                );
                continue;
            };
            self.learn(&submitted, Some(&view));
            if self.known[&view.id].state == State::LockedBy(self.me().clone()) {
                let due = view.status["expiresAt"].as_u64().unwrap_or(0) as u32;
                self.hold(view.id, due, Role::Primary, true);
                eprintln!("resuming task {} (locked by this prover, due #{due})", view.id);
            }
        }
        Ok(())
    }

    /// Records a submitted task (with the node's view when already fetched).
    fn learn(&mut self, s: &Submitted, view: Option<&TaskView>) {
        if self.known.contains_key(&s.task) {
            return;
        }
        let input = self.rollups.complete(s.circuit, &s.input);
        let (submitted_at, state, priority) = match view {
            Some(v) => {
                let prover = v.status["prover"].as_str().and_then(|p| p.parse().ok());
                let state = match (v.status["state"].as_str(), prover) {
                    (Some("locked"), Some(p)) => State::LockedBy(p),
                    (Some("lockFailed"), Some(p)) => State::LockFailed(p),
                    _ => State::Open,
                };
                let priority = v
                    .priority_prover
                    .as_deref()
                    .and_then(|p| p.parse().ok())
                    .map(|p| (p, v.priority_until));
                (v.submitted_at, state, priority)
            }
            None => (self.now, State::Open, None),
        };
        self.known.insert(
            s.task,
            Known {
                circuit: s.circuit,
                input,
                offer: s.offer,
                mode: s.mode,
                min_reputation_ppm: s.min_reputation,
                submitted_at,
                deadline: submitted_at + s.offer.deadline_blocks,
                priority,
                state,
            },
        );
    }

    fn hold(&mut self, task: TaskId, due: u32, role: Role, confirmed: bool) {
        let circuit = self.known[&task].circuit;
        self.held.insert(
            task,
            Held {
                job: Job { task, circuit, due },
                role,
                confirmed,
                submitting: false,
            },
        );
        self.metrics.queue.set(self.held.len() as u64);
    }

    fn drop_task(&mut self, task: TaskId) {
        self.known.remove(&task);
        self.held.remove(&task);
        self.skipped.remove(&task);
        self.given_up.remove(&task);
        self.metrics.queue.set(self.held.len() as u64);
    }

    async fn on_block(&mut self, number: u32, events: Vec<MarketEvent>) {
        self.now = number;
        for event in events {
            self.on_event(event).await;
        }
        if let Ok(ppm) = self.client.reputation_ppm(self.me()).await {
            self.reputation_ppm = ppm;
        }
        self.decide();
    }

    async fn on_event(&mut self, event: MarketEvent) {
        let me = self.me().clone();
        match event {
            MarketEvent::Submitted(s) => {
                // The priority window comes from the node's view of the task.
                let view = self.client.task(s.task).await.ok().flatten();
                // Without a view, `learn` dates the task to this block (the event's).
                self.learn(&s, view.as_ref());
            }
            MarketEvent::Locked(l) => {
                if let Some(k) = self.known.get_mut(&l.task) {
                    k.state = State::LockedBy(l.prover.clone());
                }
                if l.prover == me {
                    if let Some(h) = self.held.get_mut(&l.task) {
                        h.confirmed = true;
                    }
                } else if self.held.get(&l.task).is_some_and(|h| h.role == Role::Primary) {
                    // Another lock landed first.
                    self.held.remove(&l.task);
                }
            }
            MarketEvent::Proved(p) => {
                if p.prover == me {
                    let net = p.price - p.fee;
                    self.earned += net;
                    self.metrics.earned.inc_by(planck(net));
                    let role = self.held.get(&p.task).map(|h| h.role.label()).unwrap_or("primary");
                    let circuit = self.known.get(&p.task).map(|k| k.circuit).unwrap_or(0);
                    self.metrics
                        .tasks_proved
                        .with_label_values(&[circuit_name(circuit), role])
                        .inc();
                    self.proved += 1;
                    eprintln!(
                        "task {} proved on chain (#{}): paid {} (fee {})",
                        p.task,
                        self.now,
                        qry(net),
                        qry(p.fee)
                    );
                    self.emit(json!({"event": "paid", "task": p.task, "block": self.now, "price": p.price.to_string(), "fee": p.fee.to_string(), "refund": p.refund.to_string(), "secondary": p.secondary}));
                } else if self.held.contains_key(&p.task) {
                    eprintln!("task {}: another prover's proof was accepted first", p.task);
                }
                self.drop_task(p.task);
            }
            MarketEvent::LockFailed { task, prover } => {
                if prover == me {
                    eprintln!("task {task}: our lock expired without a proof");
                    self.metrics.tasks_failed.with_label_values(&["deadline"]).inc();
                    self.held.remove(&task);
                }
                if let Some(k) = self.known.get_mut(&task) {
                    k.state = State::LockFailed(prover);
                }
            }
            MarketEvent::Slashed(s) => {
                if s.prover == me {
                    self.metrics.tasks_slashed.inc();
                    self.metrics.slashed_amount.inc_by(planck(s.burned + s.paid));
                    eprintln!("task {}: slashed {}", s.task, qry(s.burned + s.paid));
                }
                if s.to == me {
                    self.earned += s.paid;
                    self.metrics.earned.inc_by(planck(s.paid));
                    eprintln!("task {}: received {} of {}'s collateral", s.task, qry(s.paid), s.prover);
                    self.emit(json!({"event": "slashPaid", "task": s.task, "from": s.prover.to_string(), "paid": s.paid.to_string(), "burned": s.burned.to_string()}));
                }
            }
            MarketEvent::Closed { task, .. } => self.drop_task(task),
            MarketEvent::ProofRejected { .. } => {}
        }
    }

    /// Queue and lock decisions for every live task, after each finalized block.
    fn decide(&mut self) {
        let head = self.now + 2; // finalized lags the head by about two blocks
        let ids: Vec<TaskId> = self.known.keys().copied().collect();
        for id in ids {
            if self.held.contains_key(&id) || self.given_up.contains(&id) {
                continue;
            }
            let decision = self.consider(id, head);
            match decision {
                Ok((role, due, price)) => {
                    self.skipped.remove(&id);
                    self.hold(id, due, role, role != Role::Primary);
                    let circuit = self.known[&id].circuit;
                    match role {
                        Role::Primary => {
                            eprintln!(
                                "locking task {id} ({}) at about {}, due #{due}",
                                circuit_name(circuit),
                                qry(price)
                            );
                            let (client, signer, tx) =
                                (self.client.clone(), self.signer.clone(), self.outcomes.0.clone());
                            tokio::spawn(async move {
                                let r = client.lock_task(&signer, id).await;
                                let _ = tx.send(Outcome::Locked(id, r));
                            });
                        }
                        _ => eprintln!(
                            "taking task {id} ({}) as {} prover, due #{due}",
                            circuit_name(circuit),
                            role.label()
                        ),
                    }
                }
                Err(Skip::Taken) => {}
                Err(skip) => {
                    if self.skipped.insert(id, skip) != Some(skip) {
                        self.metrics.tasks_skipped.with_label_values(&[skip.label()]).inc();
                        eprintln!("task {id}: passed over ({})", skip.label());
                        self.emit(json!({"event": "skipped", "task": id, "reason": skip.label()}));
                    }
                }
            }
        }
    }

    /// Whether to take task `id` now: its role, due block and expected price.
    fn consider(&self, id: TaskId, head: u32) -> Result<(Role, u32, Balance), Skip> {
        let k = &self.known[&id];
        let me = self.me();
        if !self.config.circuits.contains(&k.circuit) || k.input.is_err() {
            return Err(Skip::Circuit);
        }
        if head > k.deadline {
            return Err(Skip::Capacity);
        }
        let fees = self.fee_estimates.get(&k.circuit).copied().unwrap_or(0);
        let (role, due, price) = match (&k.state, k.mode) {
            (State::Open, Mode::Lock) => {
                let locks = self.held.values().filter(|h| h.role == Role::Primary).count();
                if locks as u32 >= self.config.max_locks {
                    return Err(Skip::Locks);
                }
                let price = k.offer.price_after(head.saturating_sub(k.submitted_at) + 1);
                plan::pays(&self.config.pricing, k.circuit, price, fees)?;
                let due = (head + 1 + k.offer.lock_blocks).min(k.deadline);
                (Role::Primary, due, price)
            }
            (State::Open, Mode::Race) => {
                let price = k.offer.price_after(head.saturating_sub(k.submitted_at) + 1);
                plan::pays(&self.config.pricing, k.circuit, price, fees)?;
                (Role::Race, k.deadline, price)
            }
            (State::LockFailed(failed), _) if self.config.secondary && failed != me => {
                // Paid half the failed locker's collateral, at price 0.
                let reward = k.offer.collateral / 2;
                if reward <= fees {
                    return Err(Skip::Fees);
                }
                (Role::Secondary, k.deadline, reward)
            }
            _ => return Err(Skip::Taken),
        };
        // The chain reserves blocks before `priority_until` to the mining winner, for every
        // kind of fulfilment.
        if let Some((winner, until)) = &k.priority {
            if winner != me && head < *until {
                return Err(Skip::Priority);
            }
        }
        if self.reputation_ppm < k.min_reputation_ppm {
            return Err(Skip::Reputation);
        }
        let busy = self
            .proving
            .map(|(_, started, expected)| (expected - started.elapsed().as_secs_f64()).max(0.0))
            .unwrap_or(0.0);
        let queue: Vec<Job> = self
            .held
            .values()
            .filter(|h| !h.submitting && Some(h.job.task) != self.proving.map(|p| p.0))
            .map(|h| h.job.clone())
            .collect();
        let candidate = Job {
            task: id,
            circuit: k.circuit,
            due,
        };
        if !plan::fits(self.now, self.block_seconds, busy, &queue, &candidate, &self.speed) {
            return Err(Skip::Capacity);
        }
        Ok((role, due, price))
    }

    fn on_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Locked(task, Ok(included)) => {
                self.record_fee(included.fee_paid);
                if let Some(h) = self.held.get_mut(&task) {
                    h.confirmed = true;
                }
                let locked = included.events.iter().find_map(|e| match e {
                    MarketEvent::Locked(l) if l.task == task => Some(l.clone()),
                    _ => None,
                });
                if let Some(l) = &locked {
                    if let Some(h) = self.held.get_mut(&task) {
                        h.job.due = l.expires_at;
                    }
                    let circuit = self.known.get(&task).map(|k| k.circuit).unwrap_or(0);
                    self.metrics.tasks_locked.with_label_values(&[circuit_name(circuit)]).inc();
                    eprintln!(
                        "locked task {task} at {} (collateral {}), due #{} ({:.1} s)",
                        qry(l.price),
                        qry(l.collateral),
                        l.expires_at,
                        included.seconds
                    );
                    self.emit(json!({"event": "locked", "task": task, "price": l.price.to_string(), "expiresAt": l.expires_at, "fee": included.fee_paid.to_string(), "block": included.block}));
                }
            }
            Outcome::Locked(task, Err(e)) => {
                eprintln!("task {task}: lock failed: {e}");
                self.metrics.tasks_failed.with_label_values(&["lock"]).inc();
                self.emit(json!({"event": "lockFailed", "task": task, "error": e.to_string()}));
                self.held.remove(&task);
                // Not tried again: the task is taken, or this prover is not eligible.
                self.given_up.insert(task);
            }
            Outcome::Proof { task, circuit, seconds, result } => {
                self.proving = None;
                match result {
                    Ok((outputs, proof)) if !self.held.contains_key(&task) => {
                        // Settled meanwhile (a race lost, a task expired): no fee for nothing.
                        self.speed.record(circuit, seconds);
                        let _ = (outputs, proof);
                        eprintln!("task {task}: settled while proving; proof dropped");
                    }
                    Ok((outputs, proof)) => {
                        self.speed.record(circuit, seconds);
                        if let Some(h) = self.held.get_mut(&task) {
                            h.submitting = true;
                        }
                        self.metrics
                            .proving_seconds
                            .with_label_values(&[circuit_name(circuit)])
                            .observe(seconds);
                        eprintln!(
                            "proved task {task} ({}) in {seconds:.1} s: {} bytes; submitting",
                            circuit_name(circuit),
                            proof.len()
                        );
                        self.emit(json!({"event": "proved", "task": task, "circuit": circuit, "seconds": seconds, "outputs": outputs.iter().map(|o| hex(o)).collect::<Vec<_>>()}));
                        let (client, signer, tx) =
                            (self.client.clone(), self.signer.clone(), self.outcomes.0.clone());
                        tokio::spawn(async move {
                            let r = client.submit_proof(&signer, task, outputs, proof).await;
                            let _ = tx.send(Outcome::Submitted(task, r));
                        });
                    }
                    Err(e) => {
                        eprintln!("task {task}: cannot prove: {e}");
                        self.metrics.tasks_failed.with_label_values(&["prove"]).inc();
                        self.emit(json!({"event": "proveFailed", "task": task, "error": e}));
                        self.held.remove(&task);
                        self.given_up.insert(task);
                    }
                }
            }
            Outcome::Submitted(task, Ok(included)) => {
                self.record_fee(included.fee_paid);
                eprintln!(
                    "proof of task {task} accepted in block {} ({:.1} s)",
                    included.block, included.seconds
                );
                self.emit(json!({"event": "submitted", "task": task, "fee": included.fee_paid.to_string(), "block": included.block}));
                self.held.remove(&task);
            }
            Outcome::Submitted(task, Err(e)) => {
                eprintln!("task {task}: proof refused: {e}");
                self.metrics.tasks_failed.with_label_values(&["submit"]).inc();
                self.emit(json!({"event": "submitFailed", "task": task, "error": e.to_string()}));
                self.held.remove(&task);
            }
        }
        self.metrics.queue.set(self.held.len() as u64);
    }

    fn record_fee(&mut self, fee: Balance) {
        self.metrics.fees_paid.inc_by(planck(fee));
    }

    /// Starts the earliest-due job that can run, on a blocking thread, if none is running.
    fn start_next_proof(&mut self) {
        if self.proving.is_some() {
            return;
        }
        let Some(job) = self
            .held
            .values()
            .filter(|h| h.confirmed && !h.submitting)
            .map(|h| h.job.clone())
            .min_by_key(|j| (j.due, j.task))
        else {
            return;
        };
        let Some(Ok(input)) = self.known.get(&job.task).map(|k| k.input.clone()) else {
            self.held.remove(&job.task);
            return;
        };
        let expected = self.speed.seconds(job.circuit);
        self.proving = Some((job.task, Instant::now(), expected));
        eprintln!(
            "proving task {} ({}), due #{}, expected {expected:.1} s",
            job.task,
            circuit_name(job.circuit),
            job.due
        );
        let me: [u8; 32] = *self.me().as_ref();
        let tx = self.outcomes.0.clone();
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let result = quarry_circuits::prove(job.circuit, &input, &me).map_err(|e| e.to_string());
            let _ = tx.send(Outcome::Proof {
                task: job.task,
                circuit: job.circuit,
                seconds: started.elapsed().as_secs_f64(),
                result,
            });
        });
    }

    fn print_status(&self) {
        let minutes = self.started.elapsed().as_secs_f64() / 60.0;
        eprintln!(
            "status at #{}: {} held ({} proving), {} proved ({:.2}/min), earned {}, reputation {:.3}",
            self.now,
            self.held.len(),
            self.proving.map(|p| format!("task {}", p.0)).unwrap_or_else(|| "none".into()),
            self.proved,
            self.proved as f64 / minutes.max(1e-9),
            qry(self.earned),
            self.reputation_ppm as f64 / 1e6
        );
    }
}
