//! `quarry-prover`: CPU miner and benchmark for the Quarry mining puzzle.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use codec::Encode;
use quarry_prover::bench::{self, BenchConfig};
use quarry_prover::{mine, Backend, CpuBackend, MineConfig};
use quarry_puzzle::hex;
use quarry_puzzle::params::{default_params_dir, PuzzleParams};
use quarry_puzzle::{MAX_K, MIN_K};

#[derive(Parser)]
#[command(
    name = "quarry-prover",
    version,
    about = "Quarry miner: CPU mining, benchmark, parameters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum BackendKind {
    /// All-core CPU backend (rayon).
    Cpu,
}

#[derive(Subcommand)]
enum Command {
    /// Measure attempts/s, per-stage times and verification times.
    Bench {
        /// Backend to benchmark.
        #[arg(long, value_enum, default_value = "cpu")]
        backend: BackendKind,
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
    /// Mine offline for a given challenge, miner and target; prints solutions as JSON lines.
    Mine {
        /// Polynomial size: N = 2^k (must match the network).
        #[arg(long, default_value_t = quarry_puzzle::DEV_K)]
        k: u32,
        /// Epoch challenge, 32 bytes hex.
        #[arg(long)]
        challenge: String,
        /// Miner account, 32 bytes hex.
        #[arg(long)]
        miner: String,
        /// Proof target (minimum quality; expected attempts per solution).
        #[arg(long)]
        target: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Stop after this many solutions.
        #[arg(long)]
        max_solutions: Option<usize>,
        /// Stop after this many seconds.
        #[arg(long)]
        seconds: Option<f64>,
        /// First nonce.
        #[arg(long, default_value_t = 0)]
        start_nonce: u64,
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
        Command::Bench {
            backend: BackendKind::Cpu,
            k,
            seconds,
            threads,
            json,
        } => {
            let (pp, load_ms) = load_params(k)?;
            let backend = CpuBackend::new(pp, threads).map_err(|e| e.to_string())?;
            let threads = backend.threads();
            let report = bench::run(
                &backend,
                threads,
                &BenchConfig { seconds },
                load_ms,
                |msg| {
                    if !json {
                        eprintln!("… {msg}");
                    }
                },
            )
            .map_err(|e| e.to_string())?;
            if json {
                println!("{report}");
            } else {
                println!("{}", serde_json::to_string_pretty(&report).expect("json"));
            }
            Ok(())
        }
        Command::Mine {
            k,
            challenge,
            miner,
            target,
            threads,
            max_solutions,
            seconds,
            start_nonce,
        } => {
            let challenge: [u8; 32] =
                hex::decode_array(&challenge).map_err(|_| "--challenge: expected 32 bytes hex")?;
            let miner: [u8; 32] =
                hex::decode_array(&miner).map_err(|_| "--miner: expected 32 bytes hex")?;
            let (pp, _) = load_params(k)?;
            let backend = CpuBackend::new(pp, threads).map_err(|e| e.to_string())?;
            eprintln!("mining k={k} target={target} on {}", backend.device());
            let mut cfg = MineConfig::new(challenge, miner, target);
            cfg.start_nonce = start_nonce;
            cfg.max_solutions = max_solutions;
            cfg.max_duration = seconds.map(Duration::from_secs_f64);
            let mut last_report = Instant::now();
            let report = mine(
                &backend,
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
