//! The device tests: the kernels on a real CUDA device, bit-exact with the CPU reference, and the
//! NVRTC compile checks. Run by `tests/gpu.rs` (`cargo test`) and by `quarry-prover gpu-test` (the
//! release binary alone is what a GPU machine without a Rust toolchain gets).
//!
//! Every check prints its own line, `ok`, `FAILED` or `SKIPPED (why)`: without a GPU these tests
//! say so instead of passing silently. The NVRTC compile checks need only NVRTC (no GPU): CI
//! installs it from PyPI (`scripts/nvrtc.sh`), so a kernel that does not compile cannot land
//! unnoticed.

use super::{checks, cuda};
use crate::Backend;

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

/// Runs every check, printing one line each; returns whether the run passed: nothing failed and,
/// with `require_gpu`, nothing was skipped.
pub fn run_all(require_gpu: bool) -> bool {
    let mut outcomes = Vec::new();

    run("nvrtc_compiles_kernels", &mut outcomes, || {
        match cuda::nvrtc_version() {
            Err(why) => Outcome::Skipped(why),
            Ok(v) => std::thread::scope(|scope| {
                // CUBIN for Hopper, what the miner loads there: NVRTC runs ptxas, which is also
                // what checks the inline PTX of the carry-chain arithmetic (NVRTC alone passes
                // asm text through). The slow part (ptxas), so on threads of their own.
                let cubins: Vec<_> = [false, true]
                    .map(|ptx_arith| {
                        scope.spawn(move || {
                            cuda::compile_cubin("sm_90", cuda::KernelBuild::tests(ptx_arith))
                                .map_err(|e| format!("sm_90, PTX arithmetic {ptx_arith}: {e}"))
                        })
                    })
                    .into_iter()
                    .collect();
                // PTX for Ampere with both field arithmetics: the hot kernels must keep their
                // state in registers.
                for ptx_arith in [false, true] {
                    let ptx = match cuda::compile("compute_80", cuda::KernelBuild::tests(ptx_arith))
                    {
                        Ok(ptx) => ptx.to_src(),
                        Err(e) => return Outcome::Failed(format!("compute_80: {e}")),
                    };
                    // Local memory there (a register array indexed at run time) costs a memory
                    // round trip per access. (Register spills are decided later, by ptxas.)
                    for kernel in HOT_KERNELS {
                        let locals = local_memory_ops(&ptx, kernel);
                        if locals > 0 {
                            return Outcome::Failed(format!(
                                "compute_80, PTX arithmetic {ptx_arith}: {kernel} uses local \
                                 memory ({locals} ld/st.local in PTX)"
                            ));
                        }
                    }
                }
                for cubin in cubins {
                    if let Err(e) = cubin.join().expect("CUBIN compile thread") {
                        return Outcome::Failed(e);
                    }
                }
                Outcome::Ok(format!(
                    "(NVRTC {}.{}: compute_80 PTX and sm_90 CUBIN, each with portable and PTX \
                     carry-chain arithmetic; no local memory in {})",
                    v.0,
                    v.1,
                    HOT_KERNELS.join(", ")
                ))
            }),
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

    // Every device check on both field arithmetics: the portable 64-bit path (the default) and
    // the 32-bit PTX carry chains (QUARRY_GPU_ARITH=ptx), which only a GPU can run.
    for ptx_arith in [false, true] {
        let tag = if ptx_arith { "[ptx-arith]" } else { "" };
        let backend = |k: u32| -> Result<cuda::GpuBackend, String> {
            let pp = quarry_puzzle::shared(k).map_err(|e| e.to_string())?;
            cuda::gpu_backend_with(pp, 0, cuda::KernelBuild::tests(ptx_arith)).map(|(b, _)| b)
        };
        gpu_check(
            &format!("field_ops_match_pasta{tag}"),
            &mut outcomes,
            &|| {
                let b = backend(4)?;
                b.with_pipeline(|p| checks::field_ops(p.executor(), 20_000))?;
                Ok("(20,081 pairs x 5 ops)".into())
            },
        );
        gpu_check(
            &format!("point_ops_match_pasta{tag}"),
            &mut outcomes,
            &|| {
                let b = backend(4)?;
                b.with_pipeline(|p| checks::point_ops(p.executor(), 5_000))?;
                Ok("(5,006 pairs, add x2 + double)".into())
            },
        );
        gpu_check(
            &format!("wide_reduction_matches_pasta{tag}"),
            &mut outcomes,
            &|| {
                let b = backend(4)?;
                b.with_pipeline(|p| checks::wide_reduction(p.executor(), 20_000))?;
                Ok("(20,003 inputs x 2)".into())
            },
        );
        gpu_check(&format!("msm_matches_halo2{tag}"), &mut outcomes, &|| {
            for k in 4u32..=16 {
                checks::msm(&backend(k)?, 16)?;
            }
            Ok("(k = 4..16: 16 random + 6 edge scalar sets each)".into())
        });
        gpu_check(
            &format!("attempts_match_cpu_reference{tag}"),
            &mut outcomes,
            &|| {
                let mut detail = String::new();
                for k in [10u32, 11, 12, 14, 15, 16] {
                    let b = backend(k)?;
                    // Two launch sequences on every stream and a partial third, wrapping around
                    // u64::MAX (the CPU reference runs on every core).
                    let count = b.preferred_batch_size() * 2 + 3;
                    checks::attempts(&b, u64::MAX - 100, count)?;
                    detail.push_str(&format!(" k={k}: {count} nonces;"));
                }
                Ok(format!("({})", detail.trim()))
            },
        );
        gpu_check(
            &format!("known_answer_vectors{tag}"),
            &mut outcomes,
            &|| {
                let n = checks::known_answers(backend)?;
                Ok(format!("({n} vectors)"))
            },
        );
    }

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
    if require_gpu && skipped > 0 {
        println!("a GPU is required and {skipped} test(s) were skipped");
    }
    failed == 0 && !(require_gpu && skipped > 0)
}
