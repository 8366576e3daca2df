//! GPU tests (harness = false): `quarry_prover::gpu::device_tests`, which print `ok`, `FAILED` or
//! `SKIPPED (why)` per check. `QUARRY_REQUIRE_GPU=1` turns a skip into a failure (use it on GPU
//! machines).

use std::process::ExitCode;

fn main() -> ExitCode {
    let require_gpu = std::env::var("QUARRY_REQUIRE_GPU").is_ok_and(|v| v == "1");
    if quarry_prover::gpu::device_tests::run_all(require_gpu) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
