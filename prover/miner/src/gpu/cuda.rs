//! The CUDA executor: kernels.cu compiled at run time by NVRTC, launched on CUDA streams.
//!
//! Everything CUDA is loaded with `dlopen` (cudarc's `dynamic-loading`), so building and testing
//! need no CUDA at all. cudarc panics when it first calls into a library that is absent, so
//! [`open_device`] checks for the driver and NVRTC libraries before anything else, counts devices,
//! and turns any remaining panic into an error; `--backend auto` then falls back to the CPU.
//!
//! Bindings: cudarc's `cuda-12080` (CUDA 12.8 API). The driver API is backward compatible, so they
//! work with every 12.x and 13.x driver. NVRTC is looked up as `libnvrtc.so` or `libnvrtc.so.12`:
//! a CUDA 12 toolkit, or the PyPI wheel `nvidia-cuda-nvrtc-cu12` with its `lib` directory on
//! `LD_LIBRARY_PATH` (what `scripts/nvrtc.sh` sets up). cudarc does not look for CUDA 13's
//! `libnvrtc.so.13`; where only that one is installed, [`nvrtc_version`] says where it is and how
//! to expose it (a `libnvrtc.so` link on `LD_LIBRARY_PATH`) instead of the miner silently falling
//! back to the CPU. (The NVRTC calls used here have the same signatures in 12 and 13; running
//! NVRTC 13 through these bindings is untested: no GPU machine has run this code yet.)
//!
//! The miner's module leaves out the test kernel (`ops`, compiled only with
//! `-DQUARRY_TEST_KERNELS`, [`KernelBuild::test_kernels`]). `QUARRY_GPU_ARITH=ptx` switches the
//! field products to 32-bit PTX carry chains ([`KernelBuild::ptx_arith`]); the portable 64-bit
//! path stays the default until a GPU run of `tests/gpu.rs`, which checks both, shows them equal.
//! Every call into cudarc after [`open_device`] also runs under [`guarded`]: a panic there (a
//! symbol missing from an old driver) becomes a [`BackendError`], which the miner reports, instead
//! of aborting the process.
//!
//! The kernels are compiled to CUBIN, machine code for the device's own `sm_XY` (NVRTC runs ptxas
//! itself), so no driver JIT runs at start and a driver older than NVRTC still loads them (CUDA's
//! minor-version compatibility covers CUBIN, not PTX: PTX from NVRTC 12.9 is refused by a 12.4
//! driver with UNSUPPORTED_PTX_VERSION). Only if NVRTC cannot target the device (a GPU newer than
//! NVRTC) does the backend fall back to PTX for `compute_XY` and the driver's JIT. Either is
//! cached in `$QUARRY_KERNEL_CACHE` (default `~/.cache/quarry/kernels`) under a name made of the
//! hash of the kernel source, the build options, the architecture and the NVRTC version:
//! compiling costs about 15-30 s, loading the cached image milliseconds.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, DevicePtr, DeviceRepr, LaunchConfig,
    PushKernelArg,
};
use cudarc::nvrtc::{compile_ptx_with_opts, CompileOptions, Ptx};
use quarry_puzzle::PuzzleParams;
use std::ffi::CString;

use super::pipeline::{Executor, Job, Kernel, KernelBackend, Shape};
use super::SOURCE;
use crate::backend::BackendError;

// SAFETY: `Job` is `#[repr(C)]`, plain integers, and mirrors `struct Job` of kernels.cu.
unsafe impl DeviceRepr for Job {}

/// Threads per block. The point-arithmetic kernels need 132–234 registers per thread (ptxas for
/// sm_90, `prover/benches/results/ptxas-sm90-*.txt`), so a 256-thread block of them would leave
/// one block, 8 warps, per SM (65,536 registers); 64-thread blocks let 10–15 warps share an SM,
/// which is what hides the latency of the random table reads. The light kernels use 256.
fn block_size(kernel: Kernel) -> u32 {
    match kernel {
        Kernel::Accumulate | Kernel::Segments | Kernel::Finish | Kernel::Ops => 64,
        _ => 256,
    }
}

/// Scalars per launch sequence the batch size aims at (enough threads to fill a large GPU).
const TARGET_SCALARS_PER_LAUNCH: u64 = 1 << 22;

/// Streams (pipelines) per GPU: one computes while the other finishes and copies.
const STREAMS: usize = 2;

fn err(e: impl std::fmt::Display) -> BackendError {
    BackendError(format!("CUDA: {e}"))
}

/// Runs `f`, turning a panic inside cudarc (a missing library or symbol) into an error.
fn guarded<R>(what: &str, f: impl FnOnce() -> Result<R, String>) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        Err(format!("{what}: {msg}"))
    })
}

/// [`guarded`] for the executor's calls.
fn guarded_call<R>(
    what: &str,
    f: impl FnOnce() -> Result<R, BackendError>,
) -> Result<R, BackendError> {
    guarded(what, || f().map_err(|e| e.0)).map_err(|e| {
        if e.starts_with("CUDA") {
            BackendError(e)
        } else {
            BackendError(format!("CUDA: {e}"))
        }
    })
}

/// An opened CUDA device.
pub struct Device {
    ctx: Arc<CudaContext>,
    /// Device name, e.g. "NVIDIA H100 80GB HBM3".
    pub name: String,
    /// Compute capability.
    pub compute_capability: (i32, i32),
    /// Total memory, bytes.
    pub total_memory: usize,
    /// Driver API version, e.g. 12080.
    pub driver_version: i32,
    /// NVRTC version, e.g. (12, 9).
    pub nvrtc_version: (i32, i32),
}

impl Device {
    /// "NVIDIA H100 80GB HBM3 (sm_90, 79.1 GiB, driver 12.8, NVRTC 12.9)".
    pub fn description(&self) -> String {
        format!(
            "{} (sm_{}{}, {:.1} GiB, driver {}.{}, NVRTC {}.{})",
            self.name,
            self.compute_capability.0,
            self.compute_capability.1,
            self.total_memory as f64 / (1u64 << 30) as f64,
            self.driver_version / 1000,
            (self.driver_version % 1000) / 10,
            self.nvrtc_version.0,
            self.nvrtc_version.1
        )
    }
}

/// Whether NVRTC can be loaded (no GPU needed).
pub fn nvrtc_present() -> bool {
    // SAFETY: only tries to dlopen the library.
    catch_unwind(|| unsafe { cudarc::nvrtc::sys::is_culib_present() }).unwrap_or(false)
}

/// Where a CUDA 13 NVRTC (`libnvrtc.so.13`) is installed, if anywhere usual: the library path,
/// the CUDA toolkit directories, or Python's `nvidia` wheels.
fn find_nvrtc13() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(
        [
            "/usr/local/cuda/lib64",
            "/usr/local/cuda-13/lib64",
            "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/x86_64-linux-gnu",
        ]
        .map(PathBuf::from),
    );
    for root in ["/usr/local/lib", "/usr/lib"] {
        if let Ok(entries) = std::fs::read_dir(root) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with("python3") {
                    for site in ["dist-packages", "site-packages"] {
                        dirs.push(e.path().join(site).join("nvidia/cu13/lib"));
                        dirs.push(e.path().join(site).join("nvidia/cuda_nvrtc/lib"));
                    }
                }
            }
        }
    }
    dirs.into_iter()
        .map(|d| d.join("libnvrtc.so.13"))
        .find(|p| p.exists())
}

/// NVRTC's version, if the library loads.
pub fn nvrtc_version() -> Result<(i32, i32), String> {
    if !nvrtc_present() {
        return Err(match find_nvrtc13() {
            Some(path) => format!(
                "NVRTC not found as libnvrtc.so or libnvrtc.so.12, but CUDA 13's is at {}: link it \
                 as libnvrtc.so in a directory on LD_LIBRARY_PATH (e.g. `ln -s {} \
                 ~/.cache/quarry/nvrtc/libnvrtc.so` and add that directory)",
                path.display(),
                path.display()
            ),
            None => {
                "NVRTC library not found (libnvrtc.so / libnvrtc.so.12 on the library path)".into()
            }
        });
    }
    guarded("NVRTC", || {
        let (mut major, mut minor) = (0, 0);
        // SAFETY: plain out-parameters.
        let rc = unsafe { cudarc::nvrtc::sys::nvrtcVersion(&mut major, &mut minor) };
        if rc != cudarc::nvrtc::sys::nvrtcResult::NVRTC_SUCCESS {
            return Err(format!("nvrtcVersion failed: {rc:?}"));
        }
        Ok((major, minor))
    })
}

/// Opens CUDA device `ordinal`, or says why that is impossible on this machine.
pub fn open_device(ordinal: usize) -> Result<Device, String> {
    // SAFETY: only tries to dlopen the library.
    let driver =
        catch_unwind(|| unsafe { cudarc::driver::sys::is_culib_present() }).unwrap_or(false);
    if !driver {
        return Err("no CUDA driver (libcuda.so not found)".into());
    }
    let nvrtc_version = nvrtc_version()?;
    guarded("CUDA driver", || {
        let count = CudaContext::device_count().map_err(|e| format!("no CUDA device ({e})"))?;
        if count <= ordinal as i32 {
            return Err(format!("CUDA device {ordinal} requested, {count} present"));
        }
        let ctx = CudaContext::new(ordinal).map_err(|e| e.to_string())?;
        // The pipelines pass raw device addresses inside `Job` and synchronise explicitly (each
        // pipeline's buffers are used only on its own stream; the table is read-only after an
        // upload that is synchronised), so cudarc's per-slice events would only add overhead.
        // SAFETY: see above.
        unsafe { ctx.disable_event_tracking() };
        let mut driver_version = 0;
        // SAFETY: plain out-parameter.
        unsafe { cudarc::driver::sys::cuDriverGetVersion(&mut driver_version) };
        Ok(Device {
            name: ctx.name().map_err(|e| e.to_string())?,
            compute_capability: ctx.compute_capability().map_err(|e| e.to_string())?,
            total_memory: ctx.total_mem().map_err(|e| e.to_string())?,
            driver_version,
            nvrtc_version,
            ctx,
        })
    })
}

/// Kernel cache directory: `$QUARRY_KERNEL_CACHE`, else `~/.cache/quarry/kernels`.
pub fn kernel_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUARRY_KERNEL_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache/quarry/kernels")
}

/// How kernels.cu is compiled (part of the cache key).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KernelBuild {
    /// The test operations of `ops` (the device tests); otherwise `ops` is an empty entry point.
    pub test_kernels: bool,
    /// Field products on 32-bit PTX carry chains (`-DQUARRY_PTX_ARITH`, kernels.cu's `f_mul_cc`)
    /// instead of the portable 64-bit path.
    pub ptx_arith: bool,
}

impl KernelBuild {
    /// The miner's build: no test kernels; the carry chains if `QUARRY_GPU_ARITH=ptx`.
    pub fn miner() -> Self {
        Self {
            test_kernels: false,
            ptx_arith: std::env::var("QUARRY_GPU_ARITH").is_ok_and(|v| v == "ptx"),
        }
    }

    /// The device tests' build with field arithmetic `ptx_arith`.
    pub fn tests(ptx_arith: bool) -> Self {
        Self {
            test_kernels: true,
            ptx_arith,
        }
    }
}

/// NVRTC options for architecture `arch` (`compute_XY`: PTX; `sm_XY`: also machine code). They
/// are part of the cache key, and scripts/gpu-kernel-report.sh passes the same ones.
fn compile_options(arch: &str, build: KernelBuild) -> Vec<String> {
    let mut options = vec![
        format!("--gpu-architecture={arch}"),
        "-std=c++17".to_string(),
    ];
    if build.test_kernels {
        options.push("-DQUARRY_TEST_KERNELS".into());
    }
    if build.ptx_arith {
        options.push("-DQUARRY_PTX_ARITH".into());
    }
    options
}

/// Compiles kernels.cu for virtual architecture `arch` (e.g. `compute_90`); needs NVRTC only.
pub fn compile(arch: &str, build: KernelBuild) -> Result<Ptx, String> {
    nvrtc_version()?;
    guarded("NVRTC", || {
        let options = CompileOptions {
            options: compile_options(arch, build),
            name: Some("kernels.cu".into()),
            ..Default::default()
        };
        compile_ptx_with_opts(SOURCE, options).map_err(|e| match e {
            cudarc::nvrtc::CompileError::CompileError { log, .. } => {
                format!("kernels.cu does not compile:\n{}", log.to_string_lossy())
            }
            other => format!("NVRTC: {other:?}"),
        })
    })
}

/// Compiles kernels.cu to CUBIN for real architecture `arch` (e.g. `sm_90`): NVRTC runs ptxas, so
/// this also assembles the inline PTX; needs NVRTC only, no GPU.
pub fn compile_cubin(arch: &str, build: KernelBuild) -> Result<Vec<u8>, String> {
    use cudarc::nvrtc::{result, sys};
    nvrtc_version()?;
    guarded("NVRTC", || {
        let source = CString::new(SOURCE).map_err(|e| e.to_string())?;
        let name = CString::new("kernels.cu").expect("no NUL");
        let prog = result::create_program(&source, Some(&name)).map_err(|e| format!("{e:?}"))?;
        // SAFETY: `prog` is live until the destroy below; the out-buffers are sized by NVRTC.
        let compiled = unsafe {
            match result::compile_program(prog, &compile_options(arch, build)) {
                Err(_) => {
                    let log = result::get_program_log(prog).unwrap_or_default();
                    let log: Vec<u8> = log.iter().map(|&c| c as u8).collect();
                    Err(format!(
                        "kernels.cu does not compile for {arch}:\n{}",
                        String::from_utf8_lossy(&log)
                    ))
                }
                Ok(()) => {
                    let mut size = 0usize;
                    let rc = sys::nvrtcGetCUBINSize(prog, &mut size);
                    if rc != sys::nvrtcResult::NVRTC_SUCCESS || size == 0 {
                        Err(format!("NVRTC gave no CUBIN for {arch} ({rc:?})"))
                    } else {
                        let mut cubin = vec![0u8; size];
                        match sys::nvrtcGetCUBIN(prog, cubin.as_mut_ptr().cast()) {
                            sys::nvrtcResult::NVRTC_SUCCESS => Ok(cubin),
                            rc => Err(format!("nvrtcGetCUBIN: {rc:?}")),
                        }
                    }
                }
            }
        };
        // SAFETY: created above, destroyed once.
        let _ = unsafe { result::destroy_program(prog) };
        compiled
    })
}

/// How the kernels were obtained.
#[derive(Clone, Debug)]
pub struct KernelImage {
    /// `sm_XY CUBIN` or `compute_XY PTX (driver JIT)`.
    pub kind: String,
    /// Whether it came from the cache.
    pub cached: bool,
    /// Why there is no CUBIN, if the PTX fallback was taken.
    pub fallback_reason: Option<String>,
}

fn cache_path(device: &Device, build: KernelBuild, arch: &str, ext: &str) -> PathBuf {
    let key = quarry_puzzle::hash::h(&[
        b"quarry/gpu/kernels",
        SOURCE.as_bytes(),
        arch.as_bytes(),
        format!("{:?} {build:?}", device.nvrtc_version).as_bytes(),
    ]);
    let key = quarry_puzzle::hex::encode(&key[..12]);
    kernel_cache_dir().join(format!("kernels-{key}-{arch}.{ext}"))
}

/// Writes `bytes` to `path` atomically; a failed cache write only costs a recompilation.
fn cache_write(path: &std::path::Path, bytes: &[u8]) {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::create_dir_all(kernel_cache_dir())
        .and_then(|_| std::fs::write(&tmp, bytes))
        .and_then(|_| std::fs::rename(&tmp, path));
}

/// The kernels for `device`: its `sm_XY` CUBIN from the cache or compiled and cached; PTX for
/// `compute_XY` only if NVRTC cannot produce that CUBIN.
pub fn kernel_image(device: &Device, build: KernelBuild) -> Result<(Ptx, KernelImage), String> {
    let (major, minor) = device.compute_capability;
    let sm = format!("sm_{major}{minor}");
    let path = cache_path(device, build, &sm, "cubin");
    let image = |cached, fallback_reason| KernelImage {
        kind: format!("{sm} CUBIN"),
        cached,
        fallback_reason,
    };
    if let Ok(bytes) = std::fs::read(&path) {
        return Ok((Ptx::from_binary(bytes), image(true, None)));
    }
    let why = match compile_cubin(&sm, build) {
        Ok(cubin) => {
            cache_write(&path, &cubin);
            return Ok((Ptx::from_binary(cubin), image(false, None)));
        }
        Err(why) => why,
    };
    let arch = format!("compute_{major}{minor}");
    let path = cache_path(device, build, &arch, "ptx");
    let image = |cached| KernelImage {
        kind: format!("{arch} PTX (driver JIT)"),
        cached,
        fallback_reason: Some(why.clone()),
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok((Ptx::from_src(text), image(true)));
    }
    let ptx = compile(&arch, build)?;
    cache_write(&path, ptx.to_src().as_bytes());
    Ok((ptx, image(false)))
}

/// Launches kernels on one CUDA stream.
pub struct CudaExecutor {
    stream: Arc<CudaStream>,
    functions: Arc<Vec<CudaFunction>>,
}

impl Executor for CudaExecutor {
    type Buffer = CudaSlice<u8>;

    fn alloc(&self, bytes: usize) -> Result<CudaSlice<u8>, BackendError> {
        guarded_call("alloc", || {
            self.stream.alloc_zeros::<u8>(bytes.max(1)).map_err(err)
        })
    }

    fn address(&self, buffer: &CudaSlice<u8>) -> u64 {
        let (ptr, _sync) = buffer.device_ptr(&self.stream);
        ptr
    }

    fn upload(&self, buffer: &mut CudaSlice<u8>, bytes: &[u8]) -> Result<(), BackendError> {
        if bytes.len() > buffer.len() {
            return Err(BackendError("upload larger than the buffer".into()));
        }
        guarded_call("upload", || {
            self.stream.memcpy_htod(bytes, buffer).map_err(err)
        })
    }

    fn download(&self, buffer: &CudaSlice<u8>, out: &mut [u8]) -> Result<(), BackendError> {
        if out.len() > buffer.len() {
            return Err(BackendError("download larger than the buffer".into()));
        }
        guarded_call("download", || {
            self.stream
                .memcpy_dtoh(&buffer.slice(..out.len()), out)
                .map_err(err)?;
            self.stream.synchronize().map_err(err)
        })
    }

    fn launch(&self, kernel: Kernel, threads: u64, job: &Job) -> Result<(), BackendError> {
        if threads == 0 {
            return Ok(());
        }
        let block = block_size(kernel);
        let blocks = threads.div_ceil(block as u64);
        let blocks = u32::try_from(blocks)
            .map_err(|_| BackendError(format!("{threads} threads is too large a launch")))?;
        let cfg = LaunchConfig {
            grid_dim: (blocks, 1, 1),
            block_dim: (block, 1, 1),
            shared_mem_bytes: 0,
        };
        let f = &self.functions[kernel as usize];
        guarded_call("launch", || {
            let mut args = self.stream.launch_builder(f);
            args.arg(job);
            args.arg(&threads);
            // SAFETY: the kernel's parameters are (Job, u64), as pushed; the addresses in `job`
            // are live allocations sized for `threads` by the pipeline.
            unsafe { args.launch(cfg) }.map(|_| ()).map_err(err)
        })
    }

    fn synchronize(&self) -> Result<(), BackendError> {
        guarded_call("synchronize", || self.stream.synchronize().map_err(err))
    }
}

/// The GPU mining backend.
pub type GpuBackend = KernelBackend<CudaExecutor>;

/// What opening the GPU backend did, for logs and the bench.
#[derive(Clone, Debug)]
pub struct GpuSetup {
    /// Device description.
    pub device: String,
    /// How the kernels were obtained (CUBIN or PTX, cached or compiled).
    pub kernels: KernelImage,
    /// Seconds to get the kernels (compile or cache read) and load them.
    pub kernel_load_secs: f64,
    /// Seconds to build and upload the fixed-base table (host precomputation included).
    pub table_secs: f64,
    /// Nonces per launch sequence and stream.
    pub capacity: u32,
}

/// Opens device `ordinal`, loads the miner's kernels and uploads the parameters' table.
pub fn gpu_backend(
    params: Arc<PuzzleParams>,
    ordinal: usize,
) -> Result<(GpuBackend, GpuSetup), String> {
    gpu_backend_with(params, ordinal, KernelBuild::miner())
}

/// [`gpu_backend`] with the kernels compiled as `build` says.
pub fn gpu_backend_with(
    params: Arc<PuzzleParams>,
    ordinal: usize,
    build: KernelBuild,
) -> Result<(GpuBackend, GpuSetup), String> {
    let device = open_device(ordinal)?;
    let t = std::time::Instant::now();
    let (image, kernels) = kernel_image(&device, build)?;
    let functions = guarded("loading kernels", || {
        let module = device.ctx.load_module(image).map_err(|e| {
            let e = e.to_string();
            if e.contains("UNSUPPORTED_PTX_VERSION") {
                format!(
                    "{e}: NVRTC {}.{} emits PTX newer than driver {}.{} accepts; use an NVRTC no \
                     newer than the driver (e.g. nvidia-cuda-nvrtc-cu12 of the driver's version)",
                    device.nvrtc_version.0,
                    device.nvrtc_version.1,
                    device.driver_version / 1000,
                    (device.driver_version % 1000) / 10
                )
            } else {
                e
            }
        })?;
        Kernel::ALL
            .iter()
            .map(|k| {
                module
                    .load_function(&k.entry_point())
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let kernel_load_secs = t.elapsed().as_secs_f64();
    let functions = Arc::new(functions);

    let t = std::time::Instant::now();
    params.prepare_fixed_base_table(usize::MAX);
    let table = params
        .fixed_base_table()
        .ok_or("fixed-base table was not built")?;
    let shape = Shape::of(table);
    let (free, _) = device.ctx.mem_get_info().map_err(|e| e.to_string())?;
    // Aim at TARGET_SCALARS_PER_LAUNCH, within a quarter of the free memory for all streams.
    let by_target = (TARGET_SCALARS_PER_LAUNCH / shape.n as u64).max(1);
    let by_memory = (free / 4 / STREAMS / shape.bytes_per_nonce()) as u64;
    if by_memory == 0 {
        return Err(format!(
            "not enough GPU memory: {} bytes free, {} per nonce and stream",
            free,
            shape.bytes_per_nonce()
        ));
    }
    let capacity = by_target.min(by_memory).min(u32::MAX as u64) as u32;
    let executors = (0..STREAMS)
        .map(|_| {
            Ok(CudaExecutor {
                stream: device.ctx.new_stream().map_err(|e| e.to_string())?,
                functions: functions.clone(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let description = device.description();
    let backend = KernelBackend::new("gpu", description.clone(), params, executors, capacity)
        .map_err(|e| e.0)?;
    Ok((
        backend,
        GpuSetup {
            device: description,
            kernels,
            kernel_load_secs,
            table_secs: t.elapsed().as_secs_f64(),
            capacity,
        },
    ))
}
