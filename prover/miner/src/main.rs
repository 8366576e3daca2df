//! `quarry-prover`: miner (CPU or CUDA GPU) and benchmark for the Quarry mining puzzle, prover of
//! the proof market's tasks, and a command-line dApp client.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use codec::Encode;
use quarry_prover::bench::{self, BenchConfig};
use quarry_prover::chain::{self, ChainMinerConfig, MinerEvent};
use quarry_prover::{mine, open_backend, BackendChoice, BackendError, MineConfig, MineError};
use std::sync::atomic::{AtomicBool, Ordering};

mod market_cli;
mod node_client;
use quarry_puzzle::hex;
use quarry_puzzle::params::{default_params_dir, PuzzleParams};
use quarry_puzzle::{MAX_K, MIN_K};

#[derive(Parser)]
#[command(
    name = "quarry-prover",
    version,
    about = "Quarry prover: CPU and GPU mining, task circuits, benchmarks, parameters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Measure attempts/s, per-stage times and verification times.
    Bench {
        /// Backend to benchmark (`auto`: the GPU if one is usable, else the CPU).
        #[arg(long, value_enum, default_value = "auto")]
        backend: BackendChoice,
        /// Polynomial size: N = 2^k.
        #[arg(long, default_value_t = quarry_puzzle::DEV_K)]
        k: u32,
        /// Seconds of throughput measurement (the whole bench takes longer).
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Measure each task circuit: key generation, proving time and size, single and batched
    /// verification, and the native recomputation a proof replaces.
    BenchCircuits {
        /// Only this circuit (id or name, e.g. `1` or `merkle-batch`); default: all.
        #[arg(long)]
        circuit: Option<String>,
        /// Distinct proofs to make per circuit.
        #[arg(long, default_value_t = 2)]
        proofs: usize,
        /// Runs of the single verification and the native recomputation (median).
        #[arg(long, default_value_t = 10)]
        verify_runs: u32,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Print one JSON object per line instead of pretty JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mine for a node (`--node ws://… --miner <SS58> --hot-key <secret>`), or offline for a
    /// given challenge, miner and target (`--challenge --miner <hex> --target`, solutions printed
    /// as JSON lines).
    Mine {
        /// Node to mine for: fetches work, follows epochs, submits solutions, reconnects.
        #[arg(long)]
        node: Option<String>,
        /// Miner account: SS58 address with `--node`, 32 bytes hex offline.
        #[arg(long)]
        miner: String,
        /// With `--node`: the hot key the miner account registered (`mining.setHotKey`), as a
        /// secret URI (`//Alice`, a mnemonic, a 0x seed) or a file holding one. It signs every
        /// solution; the miner account's own key is not needed here.
        #[arg(long, requires = "node")]
        hot_key: Option<String>,
        /// Backend (`auto`: the GPU if one is usable, else the CPU, saying why).
        #[arg(long, value_enum, default_value = "auto")]
        backend: BackendChoice,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Offline: polynomial size N = 2^k (must match the network).
        #[arg(long, default_value_t = quarry_puzzle::DEV_K)]
        k: u32,
        /// Offline: epoch challenge, 32 bytes hex.
        #[arg(long, required_unless_present = "node")]
        challenge: Option<String>,
        /// Offline: proof target (minimum quality; expected attempts per solution).
        #[arg(long, required_unless_present = "node")]
        target: Option<u64>,
        /// Stop after this many solutions (offline) or accepted solutions (with `--node`).
        #[arg(long)]
        max_solutions: Option<usize>,
        /// Stop after this many seconds.
        #[arg(long)]
        seconds: Option<f64>,
        /// Offline: first nonce.
        #[arg(long, default_value_t = 0)]
        start_nonce: u64,
    },
    /// Prove the market's tasks for a node: lock what pays and fits before its deadline, prove,
    /// submit; resume held tasks after a restart; optionally mine too (`--mine`).
    Prove(market_cli::ProveArgs),
    /// Submit, inspect or cancel a proof task (a dApp's side of the market, for scripts).
    Task {
        #[command(subcommand)]
        command: market_cli::TaskCommand,
    },
    /// Run the device tests (`tests/gpu.rs`) from this binary: kernels on the GPU against the CPU
    /// reference with both field arithmetics, and the NVRTC compile checks. For GPU machines
    /// without a Rust toolchain (scripts/gpu-device-check.sh).
    GpuTest {
        /// Fail if a test is skipped (no GPU or no NVRTC).
        #[arg(long)]
        require_gpu: bool,
    },
    /// Compile the GPU kernels with NVRTC (no GPU needed) and write the PTX, e.g. to inspect it or
    /// to feed `ptxas -v` (scripts/gpu-kernel-report.sh).
    Kernels {
        /// Virtual architecture, e.g. compute_90 (H100/H200), compute_89 (RTX 40xx).
        #[arg(long, default_value = "compute_90")]
        arch: String,
        /// Output file (default: stdout).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Field products on 32-bit PTX carry chains (what `QUARRY_GPU_ARITH=ptx` selects).
        #[arg(long)]
        ptx_arith: bool,
    },
    /// Generate (or load and check) the cached commitment parameters for k and print their digest.
    Params {
        /// Polynomial size: N = 2^k.
        #[arg(long)]
        k: u32,
        /// Cache directory (default: $QUARRY_PARAMS_DIR or ~/.cache/quarry/params).
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
    },
}

fn load_params(k: u32) -> Result<(Arc<PuzzleParams>, f64), String> {
    if !(MIN_K..=MAX_K).contains(&k) {
        return Err(format!("k must be in {MIN_K}..={MAX_K}"));
    }
    let t = Instant::now();
    let pp = quarry_puzzle::shared(k).map_err(|e| e.to_string())?;
    Ok((pp, t.elapsed().as_secs_f64() * 1e3))
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Prove(args) => market_cli::prove(args),
        Command::Task { command } => market_cli::task(command),
        Command::Bench {
            backend,
            k,
            seconds,
            threads,
            json,
        } => {
            let (pp, load_ms) = load_params(k)?;
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            });
            let cfg = BenchConfig { seconds };
            let progress = |msg: &str| {
                if !json {
                    eprintln!("… {msg}");
                }
            };
            let gpu = match backend {
                BackendChoice::Cpu => Err("--backend cpu".to_string()),
                BackendChoice::Gpu => Ok(()),
                BackendChoice::Auto => quarry_prover::gpu::cuda::open_device(0).map(|_| ()),
            };
            let report = match gpu {
                Ok(()) => bench::run_gpu(pp, threads, &cfg, load_ms, progress),
                Err(why) => {
                    if backend == BackendChoice::Auto {
                        eprintln!("no usable GPU ({why}); benchmarking the CPU backend");
                    }
                    let cpu = quarry_prover::CpuBackend::new(pp, Some(threads))
                        .map_err(|e| e.to_string())?;
                    bench::run(&cpu, threads, &cfg, load_ms, progress)
                }
            }
            .map_err(|e| e.to_string())?;
            if json {
                println!("{report}");
            } else {
                println!("{}", serde_json::to_string_pretty(&report).expect("json"));
            }
            Ok(())
        }
        Command::BenchCircuits {
            circuit,
            proofs,
            verify_runs,
            threads,
            json,
        } => {
            let circuits: Vec<_> = match circuit {
                None => quarry_circuits::CATALOGUE.iter().collect(),
                Some(c) => vec![quarry_prover::market::plan::circuit(&c)
                    .map_err(|e| format!("--circuit: {e}"))?],
            };
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .map_err(|e| e.to_string())?;
            let cfg = quarry_prover::circuit_bench::CircuitBenchConfig {
                proofs,
                verify_runs,
            };
            for info in circuits {
                let report = pool.install(|| {
                    quarry_prover::circuit_bench::run(info, &cfg, |line| {
                        if !json {
                            eprintln!("… {line}");
                        }
                    })
                })?;
                if json {
                    println!("{report}");
                } else {
                    println!("{}", serde_json::to_string_pretty(&report).expect("json"));
                }
            }
            Ok(())
        }
        Command::Mine {
            node: Some(url),
            miner,
            hot_key,
            backend,
            threads,
            max_solutions,
            seconds,
            ..
        } => {
            let hot_key = hot_key.ok_or("--hot-key is required with --node")?;
            let hot_key = chain::HotKey::from_secret(&hot_key).map_err(|e| format!("--hot-key: {e}"))?;
            mine_for_node(url, miner, hot_key, backend, threads, max_solutions, seconds, None, true)
        }
        Command::Mine {
            node: None,
            k,
            challenge,
            miner,
            target,
            threads,
            max_solutions,
            seconds,
            start_nonce,
            backend,
            hot_key: _,
        } => {
            let challenge: [u8; 32] = hex::decode_array(&challenge.unwrap_or_default())
                .map_err(|_| "--challenge: expected 32 bytes hex")?;
            let miner: [u8; 32] =
                hex::decode_array(&miner).map_err(|_| "--miner: expected 32 bytes hex offline")?;
            let target = target.ok_or("--target is required offline")?;
            let (pp, _) = load_params(k)?;
            let backend = open_backend(backend, pp, threads, |line| eprintln!("{line}"))
                .map_err(|e| e.to_string())?;
            eprintln!("mining k={k} target={target} on {}", backend.device());
            let mut cfg = MineConfig::new(challenge, miner, target);
            cfg.start_nonce = start_nonce;
            cfg.max_solutions = max_solutions;
            cfg.max_duration = seconds.map(Duration::from_secs_f64);
            let mut last_report = Instant::now();
            let report = mine(
                &*backend,
                &cfg,
                |found| {
                    let s = &found.solution;
                    println!(
                        "{}",
                        serde_json::json!({
                            "nonce": s.nonce,
                            "quality": found.quality,
                            "commitment": hex::encode(&s.commitment),
                            "proof": hex::encode(s.proof.as_slice()),
                            "solution_scale": hex::encode(&s.encode()),
                        })
                    );
                },
                |attempts, elapsed| {
                    if last_report.elapsed() >= Duration::from_secs(5) {
                        last_report = Instant::now();
                        eprintln!(
                            "{attempts} attempts, {:.1} attempts/s",
                            attempts as f64 / elapsed.as_secs_f64()
                        );
                    }
                },
            )
            .map_err(|e| e.to_string())?;
            eprintln!(
                "done: {} solutions, {} attempts in {:.2} s ({:.1} attempts/s), next nonce {}",
                report.solutions.len(),
                report.attempts,
                report.elapsed.as_secs_f64(),
                report.attempts_per_sec(),
                report.next_nonce
            );
            Ok(())
        }
        Command::GpuTest { require_gpu } => {
            if quarry_prover::gpu::device_tests::run_all(require_gpu) {
                Ok(())
            } else {
                Err("GPU device tests failed".into())
            }
        }
        Command::Kernels {
            arch,
            out,
            ptx_arith,
        } => {
            let ptx = quarry_prover::gpu::cuda::compile(
                &arch,
                quarry_prover::gpu::cuda::KernelBuild {
                    test_kernels: false,
                    ptx_arith,
                },
            )?.to_src();
            match out {
                Some(path) => {
                    std::fs::write(&path, ptx).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => print!("{ptx}"),
            }
            Ok(())
        }
        Command::Params { k, dir } => {
            let dir = dir.unwrap_or_else(default_params_dir);
            let t = Instant::now();
            let (pp, generated) =
                PuzzleParams::load_or_generate(k, &dir).map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::json!({
                    "k": k,
                    "digest": hex::encode(&pp.digest()),
                    "file": dir.join(format!("k{k}.bin")).display().to_string(),
                    "generated": generated,
                    "known_digest": quarry_puzzle::params::known_digest(k).is_some(),
                    "seconds": t.elapsed().as_secs_f64(),
                })
            );
            Ok(())
        }
    }
}

/// `mine --node`: the chain miner loop over JSON-RPC, printing progress to stderr and one JSON
/// line per submitted solution to stdout.
#[allow(clippy::too_many_arguments)]
pub(crate) fn mine_for_node(
    url: String,
    miner: String,
    hot_key: chain::HotKey,
    backend: BackendChoice,
    threads: Option<usize>,
    max_solutions: Option<usize>,
    seconds: Option<f64>,
    metrics: Option<quarry_prover::metrics::Metrics>,
    solutions_on_stdout: bool,
) -> Result<(), String> {
    let source = node_client::NodeClient::new(url.clone(), miner.clone())?;
    let stop = Arc::new(AtomicBool::new(false));
    if let Some(seconds) = seconds {
        let stop = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs_f64(seconds));
            stop.store(true, Ordering::Relaxed);
        });
    }
    eprintln!(
        "mining for {miner} at {url}, signing with hot key 0x{}",
        hex::encode(&hot_key.public())
    );
    let mut last_progress = Instant::now() - Duration::from_secs(60);
    let totals = chain::run(
        &source,
        &hot_key,
        |k| {
            let (pp, _) = load_params(k).map_err(|e| MineError::Backend(BackendError(e)))?;
            let backend = open_backend(backend, pp, threads, |line| eprintln!("{line}"))?;
            eprintln!("k={k}: mining on {}", backend.device());
            Ok(backend)
        },
        &ChainMinerConfig {
            max_accepted: max_solutions.map(|m| m as u64),
            ..Default::default()
        },
        &stop,
        |event| {
          if let Some(m) = &metrics {
              market_cli::record_mining(m, event);
          }
          match event {
            MinerEvent::Work(w) => eprintln!(
                "work: epoch {} (ends at #{}), target {}, allowance left {}, at #{}",
                w.epoch, w.epoch_ends_at, w.proof_target, w.allowance_left, w.best_block
            ),
            MinerEvent::Idle(w) => eprintln!(
                "idle: no allowance left in epoch {} for this miner (bond more, or wait for \
                 epoch {})",
                w.epoch,
                w.epoch + 1
            ),
            MinerEvent::WrongHotKey(w) => eprintln!(
                "waiting: the chain knows {} as this miner's hot key, not 0x{} (register it with \
                 mining.setHotKey, signed by the miner account)",
                w.hot_key.map_or("no key".to_string(), |k| format!("0x{}", hex::encode(&k))),
                hex::encode(&hot_key.public())
            ),
            MinerEvent::Disconnected(e) => eprintln!("node unreachable, retrying: {e}"),
            MinerEvent::Progress { attempts, rate } => {
                if last_progress.elapsed() >= Duration::from_secs(5) {
                    last_progress = Instant::now();
                    eprintln!("{attempts} attempts, {rate:.1} attempts/s");
                }
            }
            MinerEvent::Solution { found, outcome, .. } if !solutions_on_stdout => match outcome {
                Ok(_) => eprintln!("solution accepted (quality {})", found.quality),
                Err(r) => eprintln!("solution refused: {} ({})", r.message, r.code),
            },
            MinerEvent::Solution { found, submission, outcome } => {
                let (status, detail) = match outcome {
                    Ok(s) => ("accepted", serde_json::json!({ "hash": s.hash })),
                    Err(r) => (
                        "rejected",
                        serde_json::json!({ "code": r.code, "message": r.message }),
                    ),
                };
                println!(
                    "{}",
                    serde_json::json!({
                        "status": status,
                        "nonce": found.solution.nonce,
                        "quality": found.quality,
                        "detail": detail,
                        "solution": format!("0x{}", hex::encode(&found.solution.encode())),
                        "slot": submission.slot,
                        "submission": format!("0x{}", hex::encode(&submission.encode())),
                    })
                );
            }
          }
        },
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "stopped: {} attempts, {} accepted, {} rejected",
        totals.attempts, totals.accepted, totals.rejected
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
