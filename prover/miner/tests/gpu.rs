//! GPU tests: the kernels on a real CUDA device, bit-exact with the CPU reference.
//!
//! A plain `main` (harness = false) so that every check prints its own line, `ok`, `FAILED` or
//! `SKIPPED (why)`, visible in `cargo test` output: without a GPU these tests say so instead of
//! passing silently. `QUARRY_REQUIRE_GPU=1` turns a skip into a failure (use it on GPU machines).
//!
//! The NVRTC compile check needs only NVRTC (no GPU): CI installs it from PyPI
//! (`scripts/nvrtc.sh`), so a kernel that does not compile cannot land unnoticed.

use std::process::ExitCode;

use quarry_prover::gpu::{checks, cuda};
use quarry_prover::Backend;

enum Outcome {
    Ok(String),
    Skipped(String),
    Failed(String),
}

fn run(name: &str, outcomes: &mut Vec<(String, Outcome)>, f: impl FnOnce() -> Outcome) {
    let outcome = f();
    match &outcome {
        Outcome::Ok(detail) => println!("gpu test {name} ... ok {detail}"),
        Outcome::Skipped(why) => println!("gpu test {name} ... SKIPPED ({why})"),
        Outcome::Failed(why) => println!("gpu test {name} ... FAILED\n{why}"),
    }
    outcomes.push((name.to_string(), outcome));
}

/// Kernels that run once per scalar or per bucket.
const HOT_KERNELS: [&str; 4] = [
    "quarry_digits",
    "quarry_scatter",
    "quarry_accumulate",
    "quarry_segments",
];

/// `ld.local`/`st.local` instructions in the PTX body of entry point `kernel` (`usize::MAX` if
/// the entry point is missing).
fn local_memory_ops(ptx: &str, kernel: &str) -> usize {
    let Some(start) = ptx.find(&format!(".entry {kernel}(")) else {
        return usize::MAX;
    };
    let body = &ptx[start..];
    let end = body[1..].find(".entry ").map_or(body.len(), |e| e + 1);
    body[..end]
        .lines()
        .filter(|l| l.contains("ld.local") || l.contains("st.local"))
        .count()
}

fn main() -> ExitCode {
    let require_gpu = std::env::var("QUARRY_REQUIRE_GPU").is_ok_and(|v| v == "1");
    let mut outcomes = Vec::new();

    run("nvrtc_compiles_kernels", &mut outcomes, || {
        match cuda::nvrtc_version() {
            Err(why) => Outcome::Skipped(why),
            Ok(v) => {
                // Ampere, Ada, Hopper: the architectures a miner is likely to have.
                for arch in ["compute_80", "compute_89", "compute_90"] {
                    let ptx = match cuda::compile(arch) {
                        Ok(ptx) => ptx.to_src(),
                        Err(e) => return Outcome::Failed(format!("{arch}: {e}")),
                    };
                    // The per-scalar and per-bucket kernels must keep their state in registers:
                    // local memory there (a register array indexed at run time) costs a memory
                    // round trip per access. (Register spills are decided later, by ptxas.)
                    for kernel in HOT_KERNELS {
                        let locals = local_memory_ops(&ptx, kernel);
                        if locals > 0 {
                            return Outcome::Failed(format!(
                                "{arch}: {kernel} uses local memory ({locals} ld/st.local in PTX)"
                            ));
                        }
                    }
                }
                Outcome::Ok(format!(
                    "(NVRTC {}.{}: compute_80, compute_89, compute_90; no local memory in {})",
                    v.0,
                    v.1,
                    HOT_KERNELS.join(", ")
                ))
            }
        }
    });

    let device = cuda::open_device(0);
    let gpu_check = |name: &str,
                     outcomes: &mut Vec<(String, Outcome)>,
                     f: &dyn Fn() -> Result<String, String>| {
        run(name, outcomes, || match &device {
            Err(why) => Outcome::Skipped(why.clone()),
            Ok(_) => match f() {
                Ok(detail) => Outcome::Ok(detail),
                Err(why) => Outcome::Failed(why),
            },
        })
    };
    if let Ok(d) = &device {
        println!("gpu tests on {}", d.description());
    }

    let backend = |k: u32| -> Result<cuda::GpuBackend, String> {
        let pp = quarry_puzzle::shared(k).map_err(|e| e.to_string())?;
        cuda::gpu_backend(pp, 0).map(|(b, _)| b)
    };
    gpu_check("field_ops_match_pasta", &mut outcomes, &|| {
        let b = backend(4)?;
        b.with_pipeline(|p| checks::field_ops(p.executor(), 20_000))?;
        Ok("(20,081 pairs x 4 ops)".into())
    });
    gpu_check("point_ops_match_pasta", &mut outcomes, &|| {
        let b = backend(4)?;
        b.with_pipeline(|p| checks::point_ops(p.executor(), 5_000))?;
        Ok("(5,006 pairs, add x2 + double)".into())
    });
    gpu_check("wide_reduction_matches_pasta", &mut outcomes, &|| {
        let b = backend(4)?;
        b.with_pipeline(|p| checks::wide_reduction(p.executor(), 20_000))?;
        Ok("(20,003 inputs)".into())
    });
    gpu_check("msm_matches_halo2", &mut outcomes, &|| {
        for k in [4u32, 10, 12] {
            checks::msm(&backend(k)?, 16)?;
        }
        Ok("(k = 4, 10, 12: 16 random + 5 edge scalar sets each)".into())
    });
    gpu_check("attempts_match_cpu_reference", &mut outcomes, &|| {
        let mut detail = String::new();
        for k in [10u32, 12, 14] {
            let b = backend(k)?;
            // More than one launch per stream, wrapping around u64::MAX.
            let count = b.preferred_batch_size() * 2 + 3;
            let count = count.min(3000);
            checks::attempts(&b, u64::MAX - 100, count)?;
            detail.push_str(&format!(" k={k}: {count} nonces;"));
        }
        Ok(format!("({})", detail.trim()))
    });
    gpu_check("known_answer_vectors", &mut outcomes, &|| {
        let n = checks::known_answers(backend)?;
        Ok(format!("({n} vectors)"))
    });

    let failed = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
        .count();
    let skipped = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Skipped(_)))
        .count();
    println!(
        "gpu tests: {} ok, {failed} failed, {skipped} skipped",
        outcomes.len() - failed - skipped
    );
    if failed > 0 || (require_gpu && skipped > 0) {
        if require_gpu && skipped > 0 {
            println!("QUARRY_REQUIRE_GPU=1 and {skipped} test(s) were skipped");
        }
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
