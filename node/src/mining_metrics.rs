//! Prometheus metrics of the node's mining (`GET /metrics` on `--prometheus-port`, names prefixed
//! `quarry_mining_`): what the puzzle host functions verified and how long it took, and what the
//! `quarry_submitSolution` RPC answered.
//!
//! The host functions run inside the runtime's execution, so they report through
//! [`quarry_primitives::native::VerificationObserver`], set once per process:
//!
//! - `call="single"`: one solution verified alone (`verify_solution`, opening included); the
//!   chain itself no longer does this, so it stays at zero on a node that only validates;
//! - `call="precheck"`: the cheap checks of a solution, when the pool admits it and when a block
//!   dispatches it (its histogram is the pool's per-solution cost, signature check aside);
//! - `call="batch"`: a block's openings, verified together at its end (`verify_solutions`): its
//!   histogram is the verification time per block.

use std::{sync::OnceLock, time::Duration};

use prometheus_endpoint::{
    register, CounterVec, HistogramOpts, HistogramVec, Opts, PrometheusError, Registry, U64,
};
use quarry_primitives::{
    native::{VerificationObserver, VerifyCall},
    Quality, VerifyError,
};

/// The node's mining metrics.
#[derive(Clone)]
pub struct MiningMetrics {
    /// Solutions the host functions checked, by call and result (`ok` or the refusal's reason).
    verifications: CounterVec<U64>,
    /// Seconds per host-function call, by call.
    verification_seconds: HistogramVec,
    /// `quarry_submitSolution` answers: `accepted`, or the JSON-RPC error code.
    rpc_submissions: CounterVec<U64>,
}

static METRICS: OnceLock<MiningMetrics> = OnceLock::new();

fn call_label(call: VerifyCall) -> &'static str {
    match call {
        VerifyCall::Single => "single",
        VerifyCall::Precheck => "precheck",
        VerifyCall::Batch => "batch",
    }
}

/// The metric label of a verification result.
pub fn result_label(result: &Result<Quality, VerifyError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(VerifyError::WrongChallenge) => "wrong_challenge",
        Err(VerifyError::MalformedProof) => "malformed_proof",
        Err(VerifyError::MalformedCommitment) => "malformed_commitment",
        Err(VerifyError::BelowTarget(..)) => "below_target",
        Err(VerifyError::NonZeroBlind) => "non_zero_blind",
        Err(VerifyError::InvalidOpening) => "invalid_opening",
        Err(VerifyError::UnsupportedK(_)) => "unsupported_k",
    }
}

impl MiningMetrics {
    /// Registers the metrics in `registry`.
    pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
        Ok(Self {
            verifications: register(
                CounterVec::new(
                    Opts::new(
                        "quarry_mining_verifications_total",
                        "Solutions checked by the puzzle host functions, by call and result",
                    ),
                    &["call", "result"],
                )?,
                registry,
            )?,
            verification_seconds: register(
                HistogramVec::new(
                    HistogramOpts::new(
                        "quarry_mining_verification_seconds",
                        "Seconds per puzzle host-function call (batch: one block's openings)",
                    )
                    .buckets(vec![
                        0.000_01, 0.000_1, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
                    ]),
                    &["call"],
                )?,
                registry,
            )?,
            rpc_submissions: register(
                CounterVec::new(
                    Opts::new(
                        "quarry_mining_rpc_submissions_total",
                        "quarry_submitSolution answers: accepted, or the JSON-RPC error code",
                    ),
                    &["result"],
                )?,
                registry,
            )?,
        })
    }

    /// Registers the metrics and makes them the process's: the host functions and the RPC report
    /// to them from now on.
    pub fn install(registry: &Registry) -> Result<(), PrometheusError> {
        let metrics = Self::register(registry)?;
        if METRICS.set(metrics.clone()).is_ok() {
            // Fails only if another observer is set, which only this function does.
            let _ = quarry_primitives::native::set_verification_observer(Box::new(metrics));
        }
        Ok(())
    }

    fn record_submission(&self, result: &Result<Quality, i32>) {
        let label = match result {
            Ok(_) => "accepted".to_string(),
            Err(code) => code.to_string(),
        };
        self.rpc_submissions.with_label_values(&[&label]).inc();
    }
}

impl VerificationObserver for MiningMetrics {
    fn observe(&self, call: VerifyCall, elapsed: Duration, results: &[Result<Quality, VerifyError>]) {
        let call = call_label(call);
        self.verification_seconds.with_label_values(&[call]).observe(elapsed.as_secs_f64());
        for result in results {
            self.verifications.with_label_values(&[call, result_label(result)]).inc();
        }
    }
}

/// Counts an answer of `quarry_submitSolution` (the quality, or the error code), if the node
/// has metrics.
pub fn record_submission(result: &Result<Quality, i32>) {
    if let Some(metrics) = METRICS.get() {
        metrics.record_submission(result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(registry: &Registry, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        use prometheus_endpoint::prometheus::proto::MetricType;
        registry.gather().iter().filter(|family| family.get_name() == name).find_map(|family| {
            let histogram = family.get_field_type() == MetricType::HISTOGRAM;
            family.get_metric().iter().find_map(|metric| {
                let matches = labels.iter().all(|(key, value)| {
                    metric.get_label().iter().any(|l| l.get_name() == *key && l.get_value() == *value)
                });
                matches.then(|| {
                    if histogram {
                        metric.get_histogram().get_sample_count() as f64
                    } else {
                        metric.get_counter().get_value()
                    }
                })
            })
        })
    }

    #[test]
    fn verifications_are_counted_by_call_and_reason_and_timed() {
        let registry = Registry::new();
        let metrics = MiningMetrics::register(&registry).unwrap();
        metrics.observe(
            VerifyCall::Batch,
            Duration::from_millis(15),
            &[Ok(7), Ok(9), Err(VerifyError::InvalidOpening)],
        );
        metrics.observe(VerifyCall::Single, Duration::from_millis(10), &[Err(VerifyError::BelowTarget(1, 2))]);
        let verifications = "quarry_mining_verifications_total";
        assert_eq!(sample(&registry, verifications, &[("call", "batch"), ("result", "ok")]), Some(2.0));
        assert_eq!(
            sample(&registry, verifications, &[("call", "batch"), ("result", "invalid_opening")]),
            Some(1.0)
        );
        assert_eq!(
            sample(&registry, verifications, &[("call", "single"), ("result", "below_target")]),
            Some(1.0)
        );
        let seconds = "quarry_mining_verification_seconds";
        assert_eq!(sample(&registry, seconds, &[("call", "batch")]), Some(1.0), "one block, one sample");
        metrics.record_submission(&Ok(5));
        metrics.record_submission(&Err(9002));
        let submissions = "quarry_mining_rpc_submissions_total";
        assert_eq!(sample(&registry, submissions, &[("result", "accepted")]), Some(1.0));
        assert_eq!(sample(&registry, submissions, &[("result", "9002")]), Some(1.0));
    }
}
