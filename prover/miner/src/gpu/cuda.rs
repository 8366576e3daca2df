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
//! `LD_LIBRARY_PATH` (what `scripts/nvrtc.sh` sets up).
//!
//! PTX is cached in `$QUARRY_KERNEL_CACHE` (default `~/.cache/quarry/kernels`) under a name made of
//! the hash of the kernel source, the target architecture and the NVRTC version; compiling costs
//! about 15 s, loading the cached PTX milliseconds.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, DevicePtr, DeviceRepr, LaunchConfig,
    PushKernelArg,
};
use cudarc::nvrtc::{compile_ptx_with_opts, CompileOptions, Ptx};
use quarry_puzzle::PuzzleParams;

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

/// NVRTC's version, if the library loads.
pub fn nvrtc_version() -> Result<(i32, i32), String> {
    if !nvrtc_present() {
        return Err(
            "NVRTC library not found (libnvrtc.so / libnvrtc.so.12 on the library path)".into(),
        );
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

/// NVRTC options (part of the cache key).
fn compile_options(arch: &str) -> CompileOptions {
    CompileOptions {
        // cudarc wants a `&'static str`; one small string per architecture and process.
        arch: Some(Box::leak(arch.to_string().into_boxed_str())),
        options: vec!["-std=c++17".into()],
        name: Some("kernels.cu".into()),
        ..Default::default()
    }
}

/// Compiles kernels.cu for virtual architecture `arch` (e.g. `compute_90`); needs NVRTC only.
pub fn compile(arch: &str) -> Result<Ptx, String> {
    nvrtc_version()?;
    guarded("NVRTC", || {
        compile_ptx_with_opts(SOURCE, compile_options(arch)).map_err(|e| match e {
            cudarc::nvrtc::CompileError::CompileError { log, .. } => {
                format!("kernels.cu does not compile:\n{}", log.to_string_lossy())
            }
            other => format!("NVRTC: {other:?}"),
        })
    })
}

/// The PTX for `device`: from the cache, or compiled and cached. Returns whether it was cached.
pub fn kernel_ptx(device: &Device) -> Result<(Ptx, bool), String> {
    let (major, minor) = device.compute_capability;
    let arch = format!("compute_{major}{minor}");
    let key = quarry_puzzle::hash::h(&[
        b"quarry/gpu/kernels",
        SOURCE.as_bytes(),
        arch.as_bytes(),
        format!("{:?}", device.nvrtc_version).as_bytes(),
    ]);
    let key = quarry_puzzle::hex::encode(&key[..12]);
    let path = kernel_cache_dir().join(format!("kernels-{key}-{arch}.ptx"));
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok((Ptx::from_src(text), true));
    }
    let ptx = compile(&arch)?;
    // A failed cache write only costs a recompilation next time.
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::create_dir_all(kernel_cache_dir())
        .and_then(|_| std::fs::write(&tmp, ptx.to_src()))
        .and_then(|_| std::fs::rename(&tmp, &path));
    Ok((ptx, false))
}

/// Launches kernels on one CUDA stream.
pub struct CudaExecutor {
    stream: Arc<CudaStream>,
    functions: Arc<Vec<CudaFunction>>,
}

impl Executor for CudaExecutor {
    type Buffer = CudaSlice<u8>;

    fn alloc(&self, bytes: usize) -> Result<CudaSlice<u8>, BackendError> {
        self.stream.alloc_zeros::<u8>(bytes.max(1)).map_err(err)
    }

    fn address(&self, buffer: &CudaSlice<u8>) -> u64 {
        let (ptr, _sync) = buffer.device_ptr(&self.stream);
        ptr
    }

    fn upload(&self, buffer: &mut CudaSlice<u8>, bytes: &[u8]) -> Result<(), BackendError> {
        if bytes.len() > buffer.len() {
            return Err(BackendError("upload larger than the buffer".into()));
        }
        self.stream.memcpy_htod(bytes, buffer).map_err(err)
    }

    fn download(&self, buffer: &CudaSlice<u8>, out: &mut [u8]) -> Result<(), BackendError> {
        if out.len() > buffer.len() {
            return Err(BackendError("download larger than the buffer".into()));
        }
        self.stream
            .memcpy_dtoh(&buffer.slice(..out.len()), out)
            .map_err(err)?;
        self.stream.synchronize().map_err(err)
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
        let mut args = self.stream.launch_builder(f);
        args.arg(job);
        args.arg(&threads);
        // SAFETY: the kernel's parameters are (Job, u64), as pushed; the addresses in `job` are
        // live allocations sized for `threads` by the pipeline.
        unsafe { args.launch(cfg) }.map(|_| ()).map_err(err)
    }

    fn synchronize(&self) -> Result<(), BackendError> {
        self.stream.synchronize().map_err(err)
    }
}

/// The GPU mining backend.
pub type GpuBackend = KernelBackend<CudaExecutor>;

/// What opening the GPU backend did, for logs and the bench.
#[derive(Clone, Debug)]
pub struct GpuSetup {
    /// Device description.
    pub device: String,
    /// Whether the PTX came from the cache.
    pub ptx_cached: bool,
    /// Seconds to get the PTX (compile or cache read) and load it.
    pub kernel_load_secs: f64,
    /// Seconds to build and upload the fixed-base table (host precomputation included).
    pub table_secs: f64,
    /// Nonces per launch sequence and stream.
    pub capacity: u32,
}

/// Opens device `ordinal`, loads the kernels and uploads the parameters' table.
pub fn gpu_backend(
    params: Arc<PuzzleParams>,
    ordinal: usize,
) -> Result<(GpuBackend, GpuSetup), String> {
    let device = open_device(ordinal)?;
    let t = std::time::Instant::now();
    let (ptx, ptx_cached) = kernel_ptx(&device)?;
    let functions = guarded("loading kernels", || {
        let module = device.ctx.load_module(ptx).map_err(|e| {
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
            ptx_cached,
            kernel_load_secs,
            table_secs: t.elapsed().as_secs_f64(),
            capacity,
        },
    ))
}
