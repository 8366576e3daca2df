//! The host executor: the kernels of kernels.cu compiled for the CPU (by `build.rs`, through
//! `host.cpp`), one thread body after another. It is slow and single-threaded; it exists so that
//! the kernels and the launch sequence are tested bit-exactly against the Rust reference on every
//! machine, GPU or not.

use super::pipeline::{Executor, Job, Kernel};
use crate::backend::BackendError;

extern "C" {
    fn quarry_gpu_host_launch(kernel: u32, job: *const Job, threads: u64) -> i32;
    fn quarry_gpu_host_job_size() -> u64;
    fn quarry_gpu_host_launch_cc(kernel: u32, job: *const Job, threads: u64) -> i32;
    fn quarry_gpu_host_job_size_cc() -> u64;
}

/// Size of `struct Job` as the C++ compiler laid it out in each build (must equal
/// `size_of::<Job>()`).
pub fn job_sizes() -> [usize; 2] {
    // SAFETY: pure functions of the compiled code.
    unsafe {
        [
            quarry_gpu_host_job_size() as usize,
            quarry_gpu_host_job_size_cc() as usize,
        ]
    }
}

/// Host memory the kernels write through raw addresses (so Rust never holds a reference to it
/// while a kernel runs).
pub struct HostBuffer {
    ptr: *mut u64,
    words: usize,
}

// SAFETY: the buffer is a plain heap block owned by this value.
unsafe impl Send for HostBuffer {}
// SAFETY: `&HostBuffer` gives no access to the memory; reads and writes go through the executor.
unsafe impl Sync for HostBuffer {}

impl HostBuffer {
    fn zeroed(bytes: usize) -> Self {
        let words = bytes.div_ceil(8).max(1);
        let ptr = Box::into_raw(vec![0u64; words].into_boxed_slice()) as *mut u64;
        Self { ptr, words }
    }
}

impl Drop for HostBuffer {
    fn drop(&mut self) {
        // SAFETY: `ptr`/`words` come from `Box::into_raw` of a boxed slice of that length.
        unsafe {
            drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
                self.ptr, self.words,
            )))
        }
    }
}

/// Which field multiplication the host kernels use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Arith {
    /// 64-bit limbs (`f_mul`'s portable path, the GPU default).
    #[default]
    Portable64,
    /// 32-bit carry chains, emulated (`f_mul_cc`, what `QUARRY_PTX_ARITH` selects on a GPU).
    CarryChains32,
}

/// Runs kernels on the host CPU.
#[derive(Clone, Copy, Debug, Default)]
pub struct HostExecutor {
    /// The field multiplication of the kernels it runs.
    pub arith: Arith,
}

impl HostExecutor {
    /// The host kernels with `arith`.
    pub fn with(arith: Arith) -> Self {
        Self { arith }
    }
}

impl Executor for HostExecutor {
    type Buffer = HostBuffer;

    fn alloc(&self, bytes: usize) -> Result<HostBuffer, BackendError> {
        Ok(HostBuffer::zeroed(bytes))
    }

    fn address(&self, buffer: &HostBuffer) -> u64 {
        buffer.ptr as u64
    }

    fn upload(&self, buffer: &mut HostBuffer, bytes: &[u8]) -> Result<(), BackendError> {
        if bytes.len() > buffer.words * 8 {
            return Err(BackendError("upload larger than the buffer".into()));
        }
        // SAFETY: in bounds (checked above); no kernel runs concurrently on the host.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer.ptr as *mut u8, bytes.len())
        };
        Ok(())
    }

    fn download(&self, buffer: &HostBuffer, out: &mut [u8]) -> Result<(), BackendError> {
        if out.len() > buffer.words * 8 {
            return Err(BackendError("download larger than the buffer".into()));
        }
        // SAFETY: in bounds (checked above); no kernel runs concurrently on the host.
        unsafe {
            core::ptr::copy_nonoverlapping(buffer.ptr as *const u8, out.as_mut_ptr(), out.len())
        };
        Ok(())
    }

    fn launch(&self, kernel: Kernel, threads: u64, job: &Job) -> Result<(), BackendError> {
        // SAFETY: every address in `job` comes from `alloc` of a live buffer sized by the pipeline
        // for this launch (or is 0 where the kernel does not read it).
        let rc = unsafe {
            match self.arith {
                Arith::Portable64 => quarry_gpu_host_launch(kernel as u32, job, threads),
                Arith::CarryChains32 => quarry_gpu_host_launch_cc(kernel as u32, job, threads),
            }
        };
        if rc != 0 {
            return Err(BackendError(format!(
                "host launch of {kernel:?} failed ({rc})"
            )));
        }
        Ok(())
    }

    fn synchronize(&self) -> Result<(), BackendError> {
        Ok(())
    }
}
