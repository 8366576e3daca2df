//! The launch sequence of the mining kernels, independent of where they run.
//!
//! An [`Executor`] allocates "device" buffers and launches the kernels of `kernels.cu` on them: the
//! CUDA executor ([`super::cuda`]) on a GPU stream, the host executor ([`super::host`]) on the CPU
//! with the same kernel code compiled by the host compiler. [`Pipeline`] owns one set of work
//! buffers and runs the whole sequence for a batch of nonces; [`KernelBackend`] turns pipelines into
//! a [`Backend`] for the miner. Because the tests drive exactly this code through the host executor,
//! the buffer layout, the grid sizes and the order of launches are checked on every machine, not
//! only on one with a GPU.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use quarry_puzzle::curve::Fp;
use quarry_puzzle::msm::FixedBaseTable;
use quarry_puzzle::{Attempt, Challenge, MinerId, PuzzleParams};

use crate::backend::{Backend, BackendError, WorkBatch};

/// Buckets per chunk of the two-level prefix sum (`CHUNK` in kernels.cu).
pub const CHUNK: u32 = 64;

/// Sorted bucket entries per `accumulate` thread (`entry_chunk`, "Load balance" in kernels.cu): at
/// the production k the mean bucket holds 40-76 entries, so a thread sums one to three buckets, and
/// the partial sums the `segments` threads add back stay about one per bucket.
pub const ENTRY_CHUNK: u32 = 128;

/// Bytes of one attempt's output record: compressed commitment, then the quality (u64 LE).
pub const OUT_RECORD: usize = 40;

const FE_BYTES: usize = 32;
const AFF_BYTES: usize = 2 * FE_BYTES;
/// A bucket-phase point: XYZZ coordinates (kernels.cu, "Vesta").
const XYZZ_BYTES: usize = 4 * FE_BYTES;

/// Every address and size one launch sequence needs; `struct Job` of kernels.cu, passed by value to
/// every kernel. Addresses are device addresses (host addresses for the host executor); 0 = unused.
/// The fields are documented next to `struct Job` in kernels.cu.
#[allow(missing_docs)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Job {
    pub table: u64,
    pub seeds: u64,
    pub scalars: u64,
    pub digits: u64,
    pub counts: u64,
    pub offsets: u64,
    pub chunk_sums: u64,
    pub entries: u64,
    pub bucket_sums: u64,
    pub carries: u64,
    pub segment_sums: u64,
    pub out: u64,
    pub op_in: u64,
    pub op_out: u64,
    pub start_nonce: u64,
    pub n: u32,
    pub c: u32,
    pub windows: u32,
    pub buckets: u32,
    pub nchunks: u32,
    pub segment_log2: u32,
    pub segments: u32,
    pub batch: u32,
    pub op: u32,
    pub entry_chunk: u32,
    pub echunks: u32,
    pub reserved: u32,
    pub challenge: [u8; 32],
    pub miner: [u8; 32],
}

/// The kernels of kernels.cu, in the order of its `QUARRY_KERNELS` list (the host launcher indexes
/// them by this number; a test checks the order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Kernel {
    /// PRG seed per nonce.
    Seed = 0,
    /// Zero the bucket histogram.
    Clear,
    /// PRG coefficients, signed digits, histogram.
    Digits,
    /// Per-chunk totals of the histogram.
    ChunkSums,
    /// Prefix sums of the chunk totals.
    ChunkScan,
    /// Bucket offsets and scatter cursors.
    Offsets,
    /// Counting sort of the digits' table entries by bucket.
    Scatter,
    /// Sums of fixed chunks of the sorted entries: owned bucket parts and carries.
    Accumulate,
    /// Running sums over segments of buckets.
    Segments,
    /// Segments combined; affine, compressed encoding, quality hash.
    Finish,
    /// Table coordinates to Montgomery form (upload).
    TableToMont,
    /// Test operations on field elements and points.
    Ops,
}

impl Kernel {
    /// All kernels, in kernels.cu order.
    pub const ALL: [Kernel; 12] = [
        Kernel::Seed,
        Kernel::Clear,
        Kernel::Digits,
        Kernel::ChunkSums,
        Kernel::ChunkScan,
        Kernel::Offsets,
        Kernel::Scatter,
        Kernel::Accumulate,
        Kernel::Segments,
        Kernel::Finish,
        Kernel::TableToMont,
        Kernel::Ops,
    ];

    /// Name of the body in kernels.cu (`body_<name>`; the CUDA entry point is `quarry_<name>`).
    pub fn body(self) -> &'static str {
        match self {
            Kernel::Seed => "seed",
            Kernel::Clear => "clear",
            Kernel::Digits => "digits",
            Kernel::ChunkSums => "chunk_sums",
            Kernel::ChunkScan => "chunk_scan",
            Kernel::Offsets => "offsets",
            Kernel::Scatter => "scatter",
            Kernel::Accumulate => "accumulate",
            Kernel::Segments => "segments",
            Kernel::Finish => "finish",
            Kernel::TableToMont => "table_to_mont",
            Kernel::Ops => "ops",
        }
    }

    /// The CUDA entry point's name.
    pub fn entry_point(self) -> String {
        format!("quarry_{}", self.body())
    }
}

/// Where the kernels run.
pub trait Executor: Send {
    /// A device buffer.
    type Buffer: Send + Sync;
    /// A zero-filled buffer of `bytes` bytes (8-byte aligned at least).
    fn alloc(&self, bytes: usize) -> Result<Self::Buffer, BackendError>;
    /// The buffer's address as the kernels see it.
    fn address(&self, buffer: &Self::Buffer) -> u64;
    /// Copies `bytes` to the start of `buffer` (ordered with the launches).
    fn upload(&self, buffer: &mut Self::Buffer, bytes: &[u8]) -> Result<(), BackendError>;
    /// Copies the start of `buffer` to `out` after every launch so far has finished.
    fn download(&self, buffer: &Self::Buffer, out: &mut [u8]) -> Result<(), BackendError>;
    /// Launches `kernel` on `threads` threads (asynchronously where the device allows).
    fn launch(&self, kernel: Kernel, threads: u64, job: &Job) -> Result<(), BackendError>;
    /// Waits until every launch so far has finished.
    fn synchronize(&self) -> Result<(), BackendError>;
}

/// Sizes of one MSM: `n` generators, window width `c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Generators.
    pub n: u32,
    /// Window width.
    pub c: u32,
    /// Windows over the scalars' real width, `ceil(255 / c)` (kernels.cu says why no digit carries
    /// out of the top one); the table may have one more row, unused.
    pub windows: u32,
    /// Buckets `2^(c-1)`.
    pub buckets: u32,
    /// Prefix-sum chunks `ceil(buckets / CHUNK)`.
    pub nchunks: u32,
    /// Buckets per segment of the bucket reduction, log2: `ceil(log2(buckets) / 2)`, so that the
    /// per-segment and the per-nonce sequential parts are both about `sqrt(buckets)` additions.
    pub segment_log2: u32,
    /// Segments `ceil(buckets / 2^segment_log2)`.
    pub segments: u32,
    /// Sorted entries per `accumulate` thread.
    pub entry_chunk: u32,
    /// `accumulate` threads per nonce, `floor(entries / entry_chunk) + 1`: enough that every bucket
    /// start, up to `entries` itself, lies in some chunk.
    pub echunks: u32,
}

impl Shape {
    /// The shape of a table's MSM.
    pub fn of(table: &FixedBaseTable) -> Self {
        Self::new(table.len() as u32, table.window_bits() as u32)
    }

    /// The shape for `n` generators and window width `c` (`1..=15`).
    pub fn new(n: u32, c: u32) -> Self {
        Self::with_entry_chunk(n, c, ENTRY_CHUNK)
    }

    /// [`Self::new`] with `entry_chunk` sorted entries per `accumulate` thread (the tests use small
    /// chunks so that even k = 4 has many chunk boundaries).
    pub fn with_entry_chunk(n: u32, c: u32, entry_chunk: u32) -> Self {
        assert!((1..=15).contains(&c), "window width {c} out of range");
        assert!(entry_chunk > 0, "empty entry chunks");
        let windows = 255u32.div_ceil(c);
        let buckets = 1u32 << (c - 1);
        let segment_log2 = (c - 1).div_ceil(2);
        Self {
            n,
            c,
            windows,
            buckets,
            nchunks: buckets.div_ceil(CHUNK),
            segment_log2,
            segments: buckets.div_ceil(1 << segment_log2),
            entry_chunk,
            echunks: (windows * n) / entry_chunk + 1,
        }
    }

    /// Table entries (digits per scalar times generators).
    pub fn entries(&self) -> u64 {
        self.windows as u64 * self.n as u64
    }

    /// Bytes of each work buffer for `nonces` nonces, in the order seeds, digits, counts,
    /// offsets, chunk_sums, entries, bucket_sums, carries, segment_sums, out (see `struct Job`).
    pub fn buffer_sizes(&self, nonces: usize) -> [usize; 10] {
        let e = self.entries() as usize;
        let (buckets, nchunks, segments) = (
            self.buckets as usize,
            self.nchunks as usize,
            self.segments as usize,
        );
        [
            32 * nonces,
            2 * e * nonces,
            4 * buckets * nonces,
            4 * buckets * nonces,
            4 * nchunks * nonces,
            4 * e * nonces,
            XYZZ_BYTES * buckets * nonces,
            XYZZ_BYTES * self.echunks as usize * nonces,
            2 * XYZZ_BYTES * segments * nonces,
            OUT_RECORD * nonces,
        ]
    }

    /// Work-buffer bytes per nonce of a batch.
    pub fn bytes_per_nonce(&self) -> usize {
        self.buffer_sizes(1).iter().sum()
    }

    fn job(&self) -> Job {
        Job {
            n: self.n,
            c: self.c,
            windows: self.windows,
            buckets: self.buckets,
            nchunks: self.nchunks,
            segment_log2: self.segment_log2,
            segments: self.segments,
            entry_chunk: self.entry_chunk,
            echunks: self.echunks,
            ..Job::default()
        }
    }
}

/// The fixed-base table in device memory (Montgomery form).
pub struct DeviceTable<E: Executor> {
    /// Owns the memory; the pipelines only hold its address.
    _buffer: E::Buffer,
    address: u64,
    shape: Shape,
    /// Bytes uploaded.
    pub bytes: usize,
}

impl<E: Executor> DeviceTable<E> {
    /// Uploads `table` through `exec` and converts it to Montgomery form on the device.
    pub fn upload(exec: &E, table: &FixedBaseTable) -> Result<Self, BackendError> {
        let shape = Shape::of(table);
        let mut bytes = Vec::with_capacity(table.points().len() * AFF_BYTES);
        for p in table.points() {
            let (x, y) = p.to_repr();
            bytes.extend_from_slice(&x);
            bytes.extend_from_slice(&y);
        }
        let mut buffer = exec.alloc(bytes.len())?;
        exec.upload(&mut buffer, &bytes)?;
        let address = exec.address(&buffer);
        let job = Job {
            table: address,
            ..shape.job()
        };
        exec.launch(Kernel::TableToMont, 2 * table.points().len() as u64, &job)?;
        exec.synchronize()?;
        Ok(Self {
            _buffer: buffer,
            address,
            shape,
            bytes: bytes.len(),
        })
    }

    /// The table's shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }
}

/// One set of work buffers and the launch sequence over them.
pub struct Pipeline<E: Executor> {
    exec: E,
    shape: Shape,
    capacity: u32,
    job: Job,
    buffers: Vec<E::Buffer>,
    out: usize,
    scalars: Option<E::Buffer>,
    host_out: Vec<u8>,
    pending: Option<(u64, u32)>,
}

impl<E: Executor> Pipeline<E> {
    /// Work buffers for up to `capacity` nonces per launch sequence, over the table at `table`.
    pub fn new(exec: E, table: &DeviceTable<E>, capacity: u32) -> Result<Self, BackendError> {
        Self::with_entry_chunk(exec, table, capacity, ENTRY_CHUNK)
    }

    /// [`Self::new`] with `entry_chunk` sorted entries per `accumulate` thread.
    pub fn with_entry_chunk(
        exec: E,
        table: &DeviceTable<E>,
        capacity: u32,
        entry_chunk: u32,
    ) -> Result<Self, BackendError> {
        let shape = Shape::with_entry_chunk(table.shape.n, table.shape.c, entry_chunk);
        let cap = capacity.max(1) as usize;
        let sizes = shape.buffer_sizes(cap);
        let buffers = sizes
            .iter()
            .map(|&b| exec.alloc(b))
            .collect::<Result<Vec<_>, _>>()?;
        let a: Vec<u64> = buffers.iter().map(|b| exec.address(b)).collect();
        let job = Job {
            table: table.address,
            seeds: a[0],
            digits: a[1],
            counts: a[2],
            offsets: a[3],
            chunk_sums: a[4],
            entries: a[5],
            bucket_sums: a[6],
            carries: a[7],
            segment_sums: a[8],
            out: a[9],
            ..shape.job()
        };
        Ok(Self {
            exec,
            shape,
            capacity: cap as u32,
            job,
            buffers,
            out: 9,
            scalars: None,
            host_out: vec![0; OUT_RECORD * cap],
            pending: None,
        })
    }

    /// Nonces per launch sequence.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The executor.
    pub fn executor(&self) -> &E {
        &self.exec
    }

    /// The launches of one sequence for `batch` nonces: `(kernel, threads)`.
    pub fn launches(&self, batch: u32) -> Vec<(Kernel, u64)> {
        let s = &self.shape;
        let b = batch as u64;
        vec![
            (Kernel::Seed, b),
            (Kernel::Clear, b * s.buckets as u64),
            (Kernel::Digits, b * s.n as u64),
            (Kernel::ChunkSums, b * s.nchunks as u64),
            (Kernel::ChunkScan, b),
            (Kernel::Offsets, b * s.nchunks as u64),
            (Kernel::Scatter, b * s.n as u64),
            (Kernel::Accumulate, b * s.echunks as u64),
            (Kernel::Segments, b * s.segments as u64),
            (Kernel::Finish, b),
        ]
    }

    fn batch_job(&self, challenge: &Challenge, miner: &MinerId, start: u64, count: u32) -> Job {
        Job {
            challenge: *challenge,
            miner: *miner,
            start_nonce: start,
            batch: count,
            ..self.job
        }
    }

    fn check_idle(&self, count: u32) -> Result<(), BackendError> {
        if self.pending.is_some() {
            return Err(BackendError(
                "pipeline already has a batch in flight".into(),
            ));
        }
        if count == 0 || count > self.capacity {
            return Err(BackendError(format!(
                "batch of {count} nonces outside 1..={}",
                self.capacity
            )));
        }
        Ok(())
    }

    /// Launches the whole sequence for nonces `start .. start + count` (wrapping); the results are
    /// read by [`Self::collect`].
    pub fn enqueue(
        &mut self,
        challenge: &Challenge,
        miner: &MinerId,
        start: u64,
        count: u32,
    ) -> Result<(), BackendError> {
        self.check_idle(count)?;
        let job = self.batch_job(challenge, miner, start, count);
        for (kernel, threads) in self.launches(count) {
            self.exec.launch(kernel, threads, &job)?;
        }
        self.pending = Some((start, count));
        Ok(())
    }

    /// As [`Self::enqueue`], but committing to the given scalars (`count * n` of them, nonce-major)
    /// instead of the PRG's: the MSM on arbitrary inputs, for the tests.
    pub fn enqueue_scalars(
        &mut self,
        challenge: &Challenge,
        miner: &MinerId,
        start: u64,
        scalars: &[Fp],
    ) -> Result<(), BackendError> {
        use ff::PrimeField;
        let n = self.shape.n as usize;
        if scalars.is_empty() || scalars.len() % n != 0 {
            return Err(BackendError(format!(
                "{} scalars is not a whole number of {n}-scalar MSMs",
                scalars.len()
            )));
        }
        let count = (scalars.len() / n) as u32;
        self.check_idle(count)?;
        let bytes: Vec<u8> = scalars.iter().flat_map(|s| s.to_repr()).collect();
        let mut buffer = self.exec.alloc(bytes.len())?;
        self.exec.upload(&mut buffer, &bytes)?;
        let mut job = self.batch_job(challenge, miner, start, count);
        job.scalars = self.exec.address(&buffer);
        for (kernel, threads) in self.launches(count) {
            if kernel != Kernel::Seed {
                self.exec.launch(kernel, threads, &job)?;
            }
        }
        self.scalars = Some(buffer);
        self.pending = Some((start, count));
        Ok(())
    }

    /// Waits for the batch in flight and appends its attempts, in nonce order.
    pub fn collect(&mut self, out: &mut Vec<Attempt>) -> Result<(), BackendError> {
        let (start, count) = self
            .pending
            .take()
            .ok_or_else(|| BackendError("no batch in flight".into()))?;
        let bytes = &mut self.host_out[..OUT_RECORD * count as usize];
        self.exec.download(&self.buffers[self.out], bytes)?;
        self.scalars = None;
        out.extend(
            bytes
                .chunks_exact(OUT_RECORD)
                .enumerate()
                .map(|(i, r)| Attempt {
                    nonce: start.wrapping_add(i as u64),
                    commitment: r[..32].try_into().expect("32 bytes"),
                    quality: u64::from_le_bytes(r[32..].try_into().expect("8 bytes")),
                }),
        );
        Ok(())
    }

    /// The sorted-entry range `[start, end)` of every bucket of batch element `nonce`, as the last
    /// launch sequence left them (after [`Self::collect`]): what the work split of `accumulate` and
    /// `segments` depends on ([`work_profile`]).
    pub fn bucket_ranges(&self, nonce: u32) -> Result<(Vec<u32>, Vec<u32>), BackendError> {
        let buckets = self.shape.buckets as usize;
        let read = |buffer: usize| -> Result<Vec<u32>, BackendError> {
            let mut bytes = vec![0u8; 4 * buckets * (nonce as usize + 1)];
            self.exec.download(&self.buffers[buffer], &mut bytes)?;
            Ok(bytes[4 * buckets * nonce as usize..]
                .chunks_exact(4)
                .map(|w| u32::from_le_bytes(w.try_into().expect("4 bytes")))
                .collect())
        };
        // Buffer 3 holds the offsets (starts), buffer 2 the scatter cursors (ends).
        Ok((read(3)?, read(2)?))
    }

    /// The pipeline's shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// Forgets a batch in flight (after an error).
    pub fn reset(&mut self) {
        let _ = self.exec.synchronize();
        self.pending = None;
        self.scalars = None;
    }

    /// Runs one batch with a synchronisation after every launch and returns the wall time of each
    /// stage (launch + execution), then the time of the result copy, in seconds.
    pub fn profile(
        &mut self,
        challenge: &Challenge,
        miner: &MinerId,
        start: u64,
        count: u32,
        out: &mut Vec<Attempt>,
    ) -> Result<Vec<(&'static str, f64)>, BackendError> {
        self.check_idle(count)?;
        let job = self.batch_job(challenge, miner, start, count);
        self.exec.synchronize()?;
        let mut times = Vec::new();
        for (kernel, threads) in self.launches(count) {
            let t = Instant::now();
            self.exec.launch(kernel, threads, &job)?;
            self.exec.synchronize()?;
            times.push((kernel.body(), t.elapsed().as_secs_f64()));
        }
        self.pending = Some((start, count));
        let t = Instant::now();
        self.collect(out)?;
        times.push(("copy_results", t.elapsed().as_secs_f64()));
        Ok(times)
    }
}

/// Field multiplications per point addition, the unit of [`WorkProfile`]: mixed (XYZZ + affine,
/// 8M + 2S) and full (XYZZ + XYZZ, 12M + 2S), as kernels.cu implements them.
const MIXED_ADD_COST: u64 = 10;
const FULL_ADD_COST: u64 = 14;

/// The work of every thread of the two bucket launches of one nonce, in field multiplications,
/// from the bucket ranges the sort produced ([`Pipeline::bucket_ranges`]).
#[derive(Clone, Debug)]
pub struct WorkProfile {
    /// Per `accumulate` thread: its chunk's mixed additions.
    pub accumulate: Vec<u64>,
    /// Per `segments` thread: two full additions per bucket, plus the carries added back.
    pub segments: Vec<u64>,
    /// Per bucket, the work one thread per bucket would do (the design before chunking).
    pub per_bucket: Vec<u64>,
}

/// Heaviest over mean: how long a launch's slowest thread runs against its average one.
pub fn imbalance(work: &[u64]) -> f64 {
    let max = work.iter().copied().max().unwrap_or(0) as f64;
    let mean = work.iter().sum::<u64>() as f64 / work.len().max(1) as f64;
    if mean == 0.0 {
        1.0
    } else {
        max / mean
    }
}

/// The [`WorkProfile`] of one nonce whose buckets hold sorted entries `[starts[q], ends[q])`.
pub fn work_profile(shape: &Shape, starts: &[u32], ends: &[u32]) -> WorkProfile {
    let e = shape.entry_chunk as u64;
    let total = *ends.last().expect("at least one bucket") as u64;
    let accumulate = (0..shape.echunks as u64)
        .map(|j| {
            let lo = (j * e).min(total);
            MIXED_ADD_COST * ((lo + e).min(total) - lo)
        })
        .collect();
    // Chunks starting strictly inside [start, end): the carries `segments` adds to the bucket.
    let carries = |q: usize| {
        let (start, end) = (starts[q] as u64, ends[q] as u64);
        if end <= start {
            0
        } else {
            (end - 1) / e - start / e
        }
    };
    let len = 1usize << shape.segment_log2;
    let segments = (0..shape.buckets as usize)
        .step_by(len)
        .map(|first| {
            (first..(first + len).min(shape.buckets as usize))
                .map(|q| FULL_ADD_COST * (2 + carries(q)))
                .sum()
        })
        .collect();
    let per_bucket = (0..shape.buckets as usize)
        .map(|q| MIXED_ADD_COST * (ends[q] - starts[q]) as u64)
        .collect();
    WorkProfile {
        accumulate,
        segments,
        per_bucket,
    }
}

/// Runs test operation `op` of kernels.cu (`body_ops`) on `inputs` (4 field elements per item,
/// canonical little-endian limbs) and returns 4 outputs per item.
pub fn run_ops<E: Executor>(
    exec: &E,
    op: u32,
    inputs: &[[u64; 4]],
) -> Result<Vec<[u64; 4]>, BackendError> {
    assert!(inputs.len() % 4 == 0, "4 field elements per item");
    let items = inputs.len() / 4;
    let bytes: Vec<u8> = inputs
        .iter()
        .flat_map(|l| l.iter().flat_map(|w| w.to_le_bytes()))
        .collect();
    let mut input = exec.alloc(bytes.len().max(1))?;
    exec.upload(&mut input, &bytes)?;
    let output = exec.alloc(bytes.len().max(1))?;
    let job = Job {
        op_in: exec.address(&input),
        op_out: exec.address(&output),
        op,
        ..Job::default()
    };
    exec.launch(Kernel::Ops, items as u64, &job)?;
    let mut out = vec![0u8; bytes.len()];
    exec.download(&output, &mut out)?;
    Ok(out
        .chunks_exact(32)
        .map(|c| {
            core::array::from_fn(|j| u64::from_le_bytes(c[8 * j..8 * j + 8].try_into().unwrap()))
        })
        .collect())
}

/// A [`Backend`] running the kernels through one [`Pipeline`] per executor, round robin, so that
/// one pipeline's launches overlap another's (on a GPU: one stream each).
pub struct KernelBackend<E: Executor> {
    name: &'static str,
    device: String,
    params: Arc<PuzzleParams>,
    table: DeviceTable<E>,
    pipelines: Mutex<Vec<Pipeline<E>>>,
    capacity: u32,
}

impl<E: Executor> KernelBackend<E> {
    /// Uploads the parameters' fixed-base table through `executors[0]` and builds one pipeline of
    /// `capacity` nonces per executor.
    pub fn new(
        name: &'static str,
        device: String,
        params: Arc<PuzzleParams>,
        executors: Vec<E>,
        capacity: u32,
    ) -> Result<Self, BackendError> {
        Self::with_entry_chunk(name, device, params, executors, capacity, ENTRY_CHUNK)
    }

    /// [`Self::new`] with `entry_chunk` sorted entries per `accumulate` thread.
    pub fn with_entry_chunk(
        name: &'static str,
        device: String,
        params: Arc<PuzzleParams>,
        executors: Vec<E>,
        capacity: u32,
        entry_chunk: u32,
    ) -> Result<Self, BackendError> {
        let first = executors
            .first()
            .ok_or_else(|| BackendError("no executor".into()))?;
        // The table's window width is the CPU miner's (same cost model); building it is parallel.
        params.prepare_fixed_base_table(usize::MAX);
        let table = params
            .fixed_base_table()
            .ok_or_else(|| BackendError("fixed-base table was not built".into()))?;
        let table = DeviceTable::upload(first, table)?;
        let pipelines = executors
            .into_iter()
            .map(|e| Pipeline::with_entry_chunk(e, &table, capacity, entry_chunk))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            name,
            device,
            params,
            table,
            pipelines: Mutex::new(pipelines),
            capacity: capacity.max(1),
        })
    }

    /// Nonces per pipeline launch sequence.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Bytes of the device table.
    pub fn table_bytes(&self) -> usize {
        self.table.bytes
    }

    /// Runs `f` on the first pipeline (profiling, tests).
    pub fn with_pipeline<R>(&self, f: impl FnOnce(&mut Pipeline<E>) -> R) -> R {
        let mut pipes = self.pipelines.lock().expect("pipelines lock");
        f(&mut pipes[0])
    }

    fn evaluate_locked(
        pipes: &mut [Pipeline<E>],
        capacity: u32,
        batch: &WorkBatch,
        out: &mut Vec<Attempt>,
    ) -> Result<(), BackendError> {
        let mut in_flight: VecDeque<usize> = VecDeque::new();
        let mut done = 0u32;
        let mut chunk = 0usize;
        while done < batch.count {
            let p = chunk % pipes.len();
            if in_flight.len() == pipes.len() {
                let oldest = in_flight.pop_front().expect("non-empty");
                debug_assert_eq!(oldest, p);
                pipes[oldest].collect(out)?;
            }
            let count = (batch.count - done).min(capacity);
            let start = batch.start_nonce.wrapping_add(done as u64);
            pipes[p].enqueue(&batch.challenge, &batch.miner, start, count)?;
            in_flight.push_back(p);
            done += count;
            chunk += 1;
        }
        while let Some(p) = in_flight.pop_front() {
            pipes[p].collect(out)?;
        }
        Ok(())
    }
}

impl<E: Executor> Backend for KernelBackend<E> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn device(&self) -> String {
        self.device.clone()
    }

    fn params(&self) -> &Arc<PuzzleParams> {
        &self.params
    }

    fn preferred_batch_size(&self) -> u32 {
        let pipes = self.pipelines.lock().expect("pipelines lock").len() as u32;
        self.capacity.saturating_mul(pipes.max(1))
    }

    fn evaluate(&self, batch: &WorkBatch, out: &mut Vec<Attempt>) -> Result<(), BackendError> {
        let mut pipes = self.pipelines.lock().expect("pipelines lock");
        let before = out.len();
        let result = Self::evaluate_locked(&mut pipes, self.capacity, batch, out);
        if result.is_err() {
            out.truncate(before);
            pipes.iter_mut().for_each(Pipeline::reset);
        }
        result
    }
}
