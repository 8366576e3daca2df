//! `quarry-prover prove` and `quarry-prover task submit|status|cancel`: the command-line side of
//! [`quarry_prover::market`].

use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use quarry_circuits::CircuitId;
use quarry_prover::market::client::{keypair, MarketClient, MarketEvent, Mode, Offer, Signer};
use quarry_prover::market::plan::{parse_min_price, parse_qry, Pricing};
use quarry_prover::market::prover::{Prover, ProverConfig};
use quarry_prover::metrics::{self, Metrics};
use serde_json::json;

/// `prove`'s options.
#[derive(Args)]
pub struct ProveArgs {
    /// Node to prove for (ws:// or wss://).
    #[arg(long)]
    node: String,
    /// The prover's key: a secret URI (`//Alice`, a mnemonic, a 0x seed) or a file holding one.
    /// Its account needs a bond (locks) and funds for collateral and fees.
    #[arg(long)]
    key: String,
    /// Circuits to prove (ids or names, comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    circuits: Vec<String>,
    /// Lowest price per circuit, `CIRCUIT=QRY` (repeatable); without one, any price that covers
    /// the transaction fees.
    #[arg(long = "min-price")]
    min_prices: Vec<String>,
    /// Most locks held at once (the chain also caps this by bond).
    #[arg(long, default_value_t = 4)]
    max_locks: u32,
    /// Proving threads (default: all cores, or what mining leaves with `--mine`).
    #[arg(long)]
    threads: Option<usize>,
    /// Do not fulfil other provers' failed locks.
    #[arg(long)]
    no_secondary: bool,
    /// One JSON line per step on stdout.
    #[arg(long)]
    json: bool,
    /// Serve Prometheus metrics on this port (`/metrics`).
    #[arg(long)]
    prometheus_port: Option<u16>,
    /// Serve metrics on all interfaces, not only localhost.
    #[arg(long)]
    prometheus_external: bool,
    /// Also mine for the same account in this process; `--key` signs the solutions, so it must
    /// be the account's registered hot key (`mining.setHotKey` with the account's own key).
    #[arg(long)]
    mine: bool,
    /// Mining threads with `--mine` (default: half the cores, at least one).
    #[arg(long)]
    mine_threads: Option<usize>,
    /// Mining backend with `--mine`.
    #[arg(long, value_enum, default_value = "auto")]
    backend: quarry_prover::BackendChoice,
}

/// `task` subcommands.
#[derive(Subcommand)]
pub enum TaskCommand {
    /// Submit a task (prints its id; `--wait` waits for the proof and checks its outputs).
    Submit(SubmitArgs),
    /// A task as the chain shows it (JSON), or `null` once settled.
    Status {
        /// Node (ws:// or wss://).
        #[arg(long)]
        node: String,
        /// Task id.
        id: u64,
    },
    /// Lock a task as a prover (what `prove` does by itself), holding the offer's collateral.
    Lock {
        /// Node (ws:// or wss://).
        #[arg(long)]
        node: String,
        /// The prover's key.
        #[arg(long)]
        key: String,
        /// Task id.
        id: u64,
    },
    /// Submit a proof made elsewhere: outputs (0x hex field elements, comma-separated) and proof
    /// (0x hex or @FILE), bound to the signing account.
    SubmitProof {
        /// Node (ws:// or wss://).
        #[arg(long)]
        node: String,
        /// The prover's key.
        #[arg(long)]
        key: String,
        /// Task id.
        #[arg(long)]
        id: u64,
        /// The outputs.
        #[arg(long, value_delimiter = ',')]
        outputs: Vec<String>,
        /// The proof.
        #[arg(long)]
        proof: String,
    },
    /// Cancel a task no one has locked: the escrow comes back.
    Cancel {
        /// Node (ws:// or wss://).
        #[arg(long)]
        node: String,
        /// The dApp's key.
        #[arg(long)]
        key: String,
        /// Task id.
        id: u64,
    },
}

/// `task submit`'s options.
#[derive(Args)]
pub struct SubmitArgs {
    /// Node (ws:// or wss://).
    #[arg(long)]
    node: String,
    /// The dApp's key (secret URI or key file); it pays the escrow and the fee.
    #[arg(long)]
    key: String,
    /// Circuit (id or name).
    #[arg(long)]
    circuit: String,
    /// Input: 0x hex, or @FILE (raw bytes, or 0x hex text).
    #[arg(long, required_unless_present = "example")]
    input: Option<String>,
    /// Use the catalogue's example input for this seed (a Merkle batch with its hints, a chain of
    /// the maximum length, a batch of fresh signatures).
    #[arg(long)]
    example: Option<u64>,
    /// Price at submission (QRY).
    #[arg(long, default_value = "1")]
    min_price: String,
    /// Highest price (QRY), held in escrow.
    #[arg(long, default_value = "2")]
    max_price: String,
    /// Blocks over which the price rises.
    #[arg(long, default_value_t = 10)]
    ramp_blocks: u32,
    /// Blocks a locker has to deliver.
    #[arg(long, default_value_t = 20)]
    lock_blocks: u32,
    /// Blocks until the task expires.
    #[arg(long, default_value_t = 100)]
    deadline_blocks: u32,
    /// Collateral a locker puts up (QRY).
    #[arg(long, default_value = "1")]
    collateral: String,
    /// Lowest prover reputation accepted (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    min_reputation: f64,
    /// Race mode: no lock, the first valid proof is paid.
    #[arg(long)]
    race: bool,
    /// Wait for the task to be proved (or to expire) and print the outcome.
    #[arg(long)]
    wait: bool,
    /// Send the input without checking it here first: let the chain judge it.
    #[arg(long)]
    unchecked: bool,
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn circuit_id(s: &str) -> Result<CircuitId, String> {
    quarry_prover::market::plan::circuit(s).map(|c| c.id)
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// `quarry-prover prove`.
pub fn prove(args: ProveArgs) -> Result<(), String> {
    let rt = runtime()?;
    let signer = Signer::new(keypair(&args.key)?);
    let circuits = if args.circuits.is_empty() {
        quarry_circuits::CATALOGUE.iter().map(|c| c.id).collect()
    } else {
        args.circuits.iter().map(|c| circuit_id(c)).collect::<Result<Vec<_>, _>>()?
    };
    let mut pricing = Pricing::default();
    for p in &args.min_prices {
        let (circuit, price) = parse_min_price(p)?;
        pricing.min_price.insert(circuit, price);
    }
    // The documented split: with --mine, mining takes half the cores (at least one) and proving
    // the rest; either can be set.
    let mine_threads = args.mine.then(|| args.mine_threads.unwrap_or((cores() / 2).max(1)));
    let threads = args
        .threads
        .unwrap_or_else(|| (cores() - mine_threads.unwrap_or(0)).max(1));
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| format!("proving threads: {e}"))?;
    let metrics = match args.prometheus_port {
        Some(port) => metrics::serve(rt.handle(), port, args.prometheus_external)?,
        None => metrics::unserved(),
    };
    if let Some(mine_threads) = mine_threads {
        let (node, miner, metrics) = (
            args.node.clone(),
            signer.account.to_string(),
            metrics.clone(),
        );
        let backend = args.backend;
        // The prover's own key signs its solutions: the account is its own hot key (register it
        // with mining.setHotKey once; the development presets do).
        let hot_key = quarry_prover::chain::HotKey::from_secret(&args.key)?;
        std::thread::spawn(move || {
            if let Err(e) =
                crate::mine_for_node(
                node,
                miner,
                hot_key,
                backend,
                Some(mine_threads),
                None,
                None,
                Some(metrics),
                false, // stdout is the prover's (`--json`)
            )
            {
                eprintln!("mining stopped: {e}");
            }
        });
    }
    let config = ProverConfig {
        circuits,
        pricing,
        max_locks: args.max_locks,
        threads,
        secondary: !args.no_secondary,
        json: args.json,
    };
    rt.block_on(async move {
        let client = MarketClient::connect(&args.node)
            .await
            .map_err(|e| e.to_string())?;
        Prover::new(client, signer, config, metrics).run().await
    })
}

fn read_input(arg: &str) -> Result<Vec<u8>, String> {
    let text = match arg.strip_prefix('@') {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            match std::str::from_utf8(&bytes) {
                Ok(t) if t.trim().starts_with("0x") => t.trim().to_string(),
                _ => return Ok(bytes),
            }
        }
        None => arg.to_string(),
    };
    let hex = text
        .strip_prefix("0x")
        .ok_or_else(|| "an input is 0x hex or @FILE".to_string())?;
    quarry_puzzle::hex::decode(hex).map_err(|e| format!("input: {e}"))
}

/// `quarry-prover task …`.
pub fn task(command: TaskCommand) -> Result<(), String> {
    let rt = runtime()?;
    rt.block_on(async move {
        match command {
            TaskCommand::Submit(args) => submit(args).await,
            TaskCommand::Status { node, id } => {
                let client = MarketClient::connect(&node).await.map_err(|e| e.to_string())?;
                let view = client.task(id).await.map_err(|e| e.to_string())?;
                println!("{}", serde_json::to_string(&view).expect("json"));
                Ok(())
            }
            TaskCommand::Lock { node, key, id } => {
                let client = MarketClient::connect(&node).await.map_err(|e| e.to_string())?;
                let signer = Signer::new(keypair(&key)?);
                let included = client.lock_task(&signer, id).await.map_err(|e| e.to_string())?;
                println!("{}", json!({"task": id, "locked": true, "fee": included.fee_paid.to_string(), "block": included.block}));
                Ok(())
            }
            TaskCommand::SubmitProof { node, key, id, outputs, proof } => {
                let outputs = outputs
                    .iter()
                    .map(|o| {
                        let bytes = read_input(o)?;
                        <[u8; 32]>::try_from(bytes.as_slice())
                            .map_err(|_| format!("an output is 32 bytes: {o}"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let proof = read_input(&proof)?;
                let client = MarketClient::connect(&node).await.map_err(|e| e.to_string())?;
                let signer = Signer::new(keypair(&key)?);
                let included = client
                    .submit_proof(&signer, id, outputs, proof)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{}", json!({"task": id, "proved": true, "fee": included.fee_paid.to_string(), "block": included.block}));
                Ok(())
            }
            TaskCommand::Cancel { node, key, id } => {
                let client = MarketClient::connect(&node).await.map_err(|e| e.to_string())?;
                let signer = Signer::new(keypair(&key)?);
                let included = client.cancel_task(&signer, id).await.map_err(|e| e.to_string())?;
                let refund = included.events.iter().find_map(|e| match e {
                    MarketEvent::Closed { task, refund } if *task == id => Some(*refund),
                    _ => None,
                });
                println!(
                    "{}",
                    json!({"task": id, "cancelled": true, "refund": refund.map(|r| r.to_string()), "fee": included.fee_paid.to_string(), "block": included.block})
                );
                Ok(())
            }
        }
    })
}

async fn submit(args: SubmitArgs) -> Result<(), String> {
    let circuit = circuit_id(&args.circuit)?;
    let input = match (&args.input, args.example) {
        (Some(input), _) => read_input(input)?,
        (None, Some(seed)) => quarry_circuits::circuits::example_input(circuit, seed)
            .ok_or_else(|| format!("no example for circuit {circuit}"))?,
        (None, None) => return Err("--input or --example".into()),
    };
    if !(0.0..=1.0).contains(&args.min_reputation) {
        return Err("--min-reputation is between 0 and 1".into());
    }
    let offer = Offer {
        min_price: parse_qry(&args.min_price)?,
        max_price: parse_qry(&args.max_price)?,
        ramp_blocks: args.ramp_blocks,
        lock_blocks: args.lock_blocks,
        deadline_blocks: args.deadline_blocks,
        collateral: parse_qry(&args.collateral)?,
    };
    // Checked here as the chain will: a bad input costs no fee.
    if !args.unchecked {
        quarry_circuits::input_commitment(circuit, &input).map_err(|e| format!("input: {e}"))?;
    }
    // What the outputs must be, when the input alone determines them here.
    let expected = quarry_circuits::evaluate(circuit, &input).ok();
    let client = MarketClient::connect(&args.node).await.map_err(|e| e.to_string())?;
    let signer = Signer::new(keypair(&args.key)?);
    let mode = if args.race { Mode::Race } else { Mode::Lock };
    let mut blocks = if args.wait {
        Some(client.finalized_blocks().await.map_err(|e| e.to_string())?)
    } else {
        None
    };
    let started = Instant::now();
    let included = client
        .submit_task(
            &signer,
            circuit,
            input,
            offer,
            (args.min_reputation * 1e6).round() as u32,
            mode,
        )
        .await
        .map_err(|e| e.to_string())?;
    let id = included
        .events
        .iter()
        .find_map(|e| match e {
            MarketEvent::Submitted(s) => Some(s.task),
            _ => None,
        })
        .ok_or("the transaction emitted no Submitted event")?;
    let submitted = json!({
        "task": id, "circuit": circuit, "block": included.block,
        "fee": included.fee_paid.to_string(), "maxPrice": offer.max_price.to_string(),
    });
    let Some(blocks) = blocks.as_mut() else {
        println!("{submitted}");
        return Ok(());
    };
    eprintln!("task {id} submitted in {}; waiting for its proof", included.block);
    let deadline = Duration::from_secs(u64::from(args.deadline_blocks + 4) * 6 + 60);
    while started.elapsed() < deadline {
        let Some(block) = blocks.next().await else { break };
        let block = block.map_err(|e| e.to_string())?;
        let events = client
            .events_at(block.number() as u32)
            .await
            .map_err(|e| e.to_string())?;
        for event in events.events {
            match event {
                MarketEvent::Proved(p) if p.task == id => {
                    let outputs: Vec<String> =
                        p.outputs.iter().map(|o| format!("0x{}", quarry_puzzle::hex::encode(o))).collect();
                    let matches = expected.as_ref().map(|e| *e == p.outputs);
                    println!(
                        "{}",
                        json!({
                            "submitted": submitted, "proved": true, "prover": p.prover.to_string(),
                            "outputs": outputs, "outputsMatchNative": matches,
                            "price": p.price.to_string(), "protocolFee": p.fee.to_string(),
                            "refund": p.refund.to_string(), "secondary": p.secondary,
                            "provedIn": events.number, "latencySeconds": started.elapsed().as_secs_f64(),
                        })
                    );
                    if matches == Some(false) {
                        return Err("the proved outputs differ from the native computation".into());
                    }
                    return Ok(());
                }
                MarketEvent::Closed { task, refund } if task == id => {
                    println!("{}", json!({"submitted": submitted, "proved": false, "refund": refund.to_string()}));
                    return Err(format!("task {id} expired unproved"));
                }
                _ => {}
            }
        }
    }
    Err(format!("task {id}: no outcome in time"))
}

/// Mining events into the prover's metrics.
pub fn record_mining(metrics: &Metrics, event: &quarry_prover::chain::MinerEvent) {
    use quarry_prover::chain::MinerEvent;
    match event {
        MinerEvent::Work(w) | MinerEvent::Idle(w) | MinerEvent::WrongHotKey(w) => {
            metrics.proof_target.set(w.proof_target);
            metrics.allowance_left.set(u64::from(w.allowance_left));
        }
        MinerEvent::Progress { attempts, rate } => {
            let seen = metrics.attempts.get();
            metrics.attempts.inc_by(attempts.saturating_sub(seen));
            metrics.attempts_per_second.set(*rate);
        }
        MinerEvent::Solution { outcome, .. } => {
            metrics.solutions_found.inc();
            match outcome {
                Ok(_) => metrics.solutions_accepted.inc(),
                Err(r) => metrics
                    .solutions_rejected
                    .with_label_values(&[&r.code.to_string()])
                    .inc(),
            }
        }
        MinerEvent::Disconnected(_) => {}
    }
}
