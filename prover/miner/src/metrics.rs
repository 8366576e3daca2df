//! Prometheus metrics of `quarry-prover`, served like the node's own (`substrate-prometheus-
//! endpoint`, `GET /metrics` on `--prometheus-port`): names prefixed `quarry_prover_`, counters
//! ending in `_total`, amounts in planck, times in seconds.

use std::net::SocketAddr;

use prometheus_endpoint::{
    register, Counter, CounterVec, Gauge, HistogramOpts, HistogramVec, Opts, PrometheusError,
    Registry, F64, U64,
};

/// Every metric of the prover.
#[derive(Clone)]
pub struct Metrics {
    /// Mining: attempts evaluated.
    pub attempts: Counter<U64>,
    /// Mining: attempts per second over the last window.
    pub attempts_per_second: Gauge<F64>,
    /// Mining: solutions found (all submitted).
    pub solutions_found: Counter<U64>,
    /// Mining: solutions the node accepted.
    pub solutions_accepted: Counter<U64>,
    /// Mining: solutions refused, by the node's reason.
    pub solutions_rejected: CounterVec<U64>,
    /// Mining: the current proof target.
    pub proof_target: Gauge<U64>,
    /// Mining: solutions the miner may still land this epoch.
    pub allowance_left: Gauge<U64>,
    /// Proving: tasks locked, by circuit.
    pub tasks_locked: CounterVec<U64>,
    /// Proving: proofs accepted on chain, by circuit and role (primary, race, secondary).
    pub tasks_proved: CounterVec<U64>,
    /// Proving: tasks that failed, by stage (prove, submit, lock).
    pub tasks_failed: CounterVec<U64>,
    /// Proving: this prover's failed locks slashed.
    pub tasks_slashed: Counter<U64>,
    /// Proving: tasks passed over, by reason.
    pub tasks_skipped: CounterVec<U64>,
    /// Proving: jobs waiting to be proved.
    pub queue: Gauge<U64>,
    /// Proving: seconds per proof, by circuit.
    pub proving_seconds: HistogramVec,
    /// Proving: prices earned, net of the protocol fee, plus slashes received (planck).
    pub earned: Counter<U64>,
    /// Proving: transaction fees paid (planck).
    pub fees_paid: Counter<U64>,
    /// Proving: collateral lost to slashing (planck).
    pub slashed_amount: Counter<U64>,
}

impl Metrics {
    /// Registers every metric in `registry`.
    pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
        let counter = |name: &str, help: &str| register(Counter::new(name, help)?, registry);
        let counter_vec = |name: &str, help: &str, labels: &[&str]| {
            register(CounterVec::new(Opts::new(name, help), labels)?, registry)
        };
        Ok(Self {
            attempts: counter("quarry_prover_mining_attempts_total", "Puzzle attempts evaluated")?,
            attempts_per_second: register(
                Gauge::new(
                    "quarry_prover_mining_attempts_per_second",
                    "Puzzle attempts per second over the last window",
                )?,
                registry,
            )?,
            solutions_found: counter(
                "quarry_prover_mining_solutions_found_total",
                "Solutions found and submitted",
            )?,
            solutions_accepted: counter(
                "quarry_prover_mining_solutions_accepted_total",
                "Solutions the node accepted",
            )?,
            solutions_rejected: counter_vec(
                "quarry_prover_mining_solutions_rejected_total",
                "Solutions the node refused, by reason",
                &["reason"],
            )?,
            proof_target: register(
                Gauge::new("quarry_prover_mining_proof_target", "Current proof target")?,
                registry,
            )?,
            allowance_left: register(
                Gauge::new(
                    "quarry_prover_mining_allowance_left",
                    "Solutions the miner may still land this epoch",
                )?,
                registry,
            )?,
            tasks_locked: counter_vec(
                "quarry_prover_tasks_locked_total",
                "Tasks locked, by circuit",
                &["circuit"],
            )?,
            tasks_proved: counter_vec(
                "quarry_prover_tasks_proved_total",
                "Proofs accepted on chain, by circuit and role",
                &["circuit", "role"],
            )?,
            tasks_failed: counter_vec(
                "quarry_prover_tasks_failed_total",
                "Tasks that failed, by stage",
                &["stage"],
            )?,
            tasks_slashed: counter(
                "quarry_prover_tasks_slashed_total",
                "Failed locks of this prover slashed",
            )?,
            tasks_skipped: counter_vec(
                "quarry_prover_tasks_skipped_total",
                "Tasks passed over, by reason",
                &["reason"],
            )?,
            queue: register(
                Gauge::new("quarry_prover_proving_queue", "Jobs waiting to be proved")?,
                registry,
            )?,
            proving_seconds: register(
                HistogramVec::new(
                    HistogramOpts::new("quarry_prover_proving_seconds", "Seconds per proof")
                        .buckets(vec![1.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 64.0]),
                    &["circuit"],
                )?,
                registry,
            )?,
            earned: counter(
                "quarry_prover_earned_planck_total",
                "Prices earned net of the protocol fee, plus slashes received (planck)",
            )?,
            fees_paid: counter(
                "quarry_prover_fees_paid_planck_total",
                "Transaction fees paid (planck)",
            )?,
            slashed_amount: counter(
                "quarry_prover_slashed_planck_total",
                "Collateral lost to slashing (planck)",
            )?,
        })
    }
}

/// Amounts in planck as counter increments (saturating: a counter is a u64).
pub fn planck(amount: u128) -> u64 {
    amount.min(u64::MAX as u128) as u64
}

/// Registers the metrics and serves them on `port` (all interfaces when `external`), on the
/// given tokio runtime. Fails if the port is taken.
pub fn serve(
    runtime: &tokio::runtime::Handle,
    port: u16,
    external: bool,
) -> Result<Metrics, String> {
    let registry = Registry::new_custom(None, None).map_err(|e| e.to_string())?;
    let metrics = Metrics::register(&registry).map_err(|e| e.to_string())?;
    let ip = if external { [0, 0, 0, 0] } else { [127, 0, 0, 1] };
    let addr = SocketAddr::from((ip, port));
    // Bind first so that a taken port is an error at start-up, not a log line later.
    std::net::TcpListener::bind(addr)
        .map_err(|e| format!("prometheus port {port}: {e}"))?;
    runtime.spawn(async move {
        if let Err(e) = prometheus_endpoint::init_prometheus(addr, registry).await {
            eprintln!("prometheus endpoint stopped: {e}");
        }
    });
    eprintln!("prometheus metrics on http://{addr}/metrics");
    Ok(metrics)
}

/// Metrics that go nowhere (no `--prometheus-port`): the code paths stay the same.
pub fn unserved() -> Metrics {
    let registry = Registry::new();
    Metrics::register(&registry).expect("fresh registry")
}
