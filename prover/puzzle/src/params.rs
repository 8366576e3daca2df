//! Commitment parameters: generation, on-disk cache checked by digest, and an in-process cache.
//!
//! The parameters for `k` are halo2's `Params::<EqAffine>::new(k)`: $N = 2^k$ generators $G_i$
//! (plus halo2's $W$ and $U$) obtained by hashing to Vesta with the domain `"Halo2-Parameters"`.
//! They are fully deterministic (no trusted setup) but slow to compute (about 0.35 s at `k = 10`,
//! 33 s at `k = 16` on a 2-core machine), so:
//!
//! - on disk, `k{K}.bin` (halo2's `Params::write` format) lives in `$QUARRY_PARAMS_DIR`, or else
//!   `$HOME/.cache/quarry/params`. A file is used only if its digest
//!   $H(\texttt{PARAMS} \| bytes)[0..32]$ equals the known-good digest compiled in below
//!   ([`KNOWN_DIGESTS`], for the `k` we have generated once) or, for other `k`, the digest stored
//!   next to it in `k{K}.bin.digest` when the file was generated on this machine. Otherwise the
//!   parameters are regenerated and the file rewritten (atomically, via a rename);
//! - in memory, [`shared`] keeps one `Arc<PuzzleParams>` per `k` for the life of the process.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use halo2_proofs::poly::commitment::Params;
use halo2_proofs::poly::EvaluationDomain;
use pasta_curves::{EqAffine, Fp};

use crate::hash::{h, tags};
use crate::msm::{Base, FixedBaseTable};
use crate::types::{MAX_K, MIN_K};

/// Known-good parameter digests: `(k, hex of H(PARAMS ‖ file)[0..32])`, where `file` is
/// `Params::<EqAffine>::new(k).write()` of halo2_proofs 0.4.1, for `k = 4..=16`. A test regenerates
/// `k = 4..=10` and checks them; the rest were generated once with `quarry-prover params --k K`
/// (which checks a regenerated file against this list). `k = 17..=20` have no compiled-in digest:
/// their files are checked against the digest file written when they were generated.
#[rustfmt::skip]
pub const KNOWN_DIGESTS: &[(u32, &str)] = &[
    (4, "a255ce7e04e2dc7f40d373f66abf4f3e0dcaa8ae0cd36c494906855ae1819217"),
    (5, "e366b51a941deaa4a643edf9138e4a45d4ad274abb436db4b9954af2800eab1e"),
    (6, "3e6238a18578eac1cb542e2cbcea02874600a85d1b30991555416c82e9cc171f"),
    (7, "2156fc8c4d3bad807c6c0eb1366fe98bc73383de5d1de827ed266e6a60950ea5"),
    (8, "5a39bbee1f64e8835448960698ff75c1a1d3c01e66eae758d08f7c8c32ab39f3"),
    (9, "b6e8635d9d8b0804b82273c9efc9826bbb7e7969c9cdfc556fda7da079057db3"),
    (10, "e704226af6eab54cf3ca175c61a508ee3e8f5e827b9336899a81017b44676f51"),
    (11, "215a71fa65d35885a903be8d899dcc2d37e0de34be7e40cef3f004576243d8a0"),
    (12, "8ba3501f4809ee77ccfbe5c88915d2adcad98f84547d3e5cb625f390e89f51d3"),
    (13, "22477b57d8927abd44791432b051727320e1eaf3c4abdcd2b3e0171078aa9cd5"),
    (14, "cb37ac374c88661c1a0a2fb4987702d3fb285a338277868a3c42d4adf8986a5b"),
    (15, "8d509dc2295824b0d66e0522c785ecf1377d0558d9297a9e5f8f46763603caf7"),
    (16, "eb3c014bd2ae626841ab30275ba4717f14c9f6baba6f7708bc9421d9e9b0ea98"),
];

/// The commitment parameters for one `k`, with what the puzzle derives from them.
#[derive(Debug)]
pub struct PuzzleParams {
    k: u32,
    ipa: Params<EqAffine>,
    g: Vec<EqAffine>,
    bases: Vec<Base>,
    domain: EvaluationDomain<Fp>,
    digest: [u8; 32],
    table: OnceLock<FixedBaseTable>,
}

/// Why parameters could not be obtained.
#[derive(Debug)]
pub enum ParamsError {
    /// `k` outside `MIN_K..=MAX_K`.
    UnsupportedK(u32),
    /// The parameter file could not be written (reading failures just cause regeneration).
    Io(io::Error),
    /// Freshly generated parameters do not match the compiled-in digest for `k` (a different
    /// halo2_proofs/pasta_curves than the pinned one?).
    DigestMismatch(u32),
}

impl core::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::UnsupportedK(k) => {
                write!(f, "k = {k} is not supported (must be in {MIN_K}..={MAX_K})")
            }
            Self::Io(e) => write!(f, "parameter cache I/O error: {e}"),
            Self::DigestMismatch(k) => {
                write!(
                    f,
                    "generated parameters for k = {k} do not match the known digest"
                )
            }
        }
    }
}

impl std::error::Error for ParamsError {}

impl From<io::Error> for ParamsError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

fn check_k(k: u32) -> Result<(), ParamsError> {
    if (MIN_K..=MAX_K).contains(&k) {
        Ok(())
    } else {
        Err(ParamsError::UnsupportedK(k))
    }
}

/// Digest of a serialized parameter file: $H(\texttt{PARAMS} \| bytes)[0..32]$.
pub fn file_digest(bytes: &[u8]) -> [u8; 32] {
    let full = h(&[tags::PARAMS, bytes]);
    full[..32].try_into().expect("32 bytes")
}

/// Known-good digest for `k`, if compiled in.
pub fn known_digest(k: u32) -> Option<[u8; 32]> {
    KNOWN_DIGESTS
        .iter()
        .find(|(kk, _)| *kk == k)
        .map(|(_, hex)| crate::hex::decode_array(hex).expect("KNOWN_DIGESTS entries are valid hex"))
}

impl PuzzleParams {
    /// Generates the parameters for `k` (slow; see the module docs).
    pub fn generate(k: u32) -> Result<Self, ParamsError> {
        check_k(k)?;
        let ipa = Params::<EqAffine>::new(k);
        let mut bytes = Vec::new();
        ipa.write(&mut bytes)?;
        Ok(Self::from_ipa(ipa, file_digest(&bytes)))
    }

    fn from_ipa(ipa: Params<EqAffine>, digest: [u8; 32]) -> Self {
        let k = ipa.k();
        let g = ipa.get_g();
        let bases = g
            .iter()
            .map(|p| Base::from_affine(p).expect("hash-to-curve generators are never the identity"))
            .collect();
        let domain = EvaluationDomain::new(1, k);
        Self {
            k,
            ipa,
            g,
            bases,
            domain,
            digest,
            table: OnceLock::new(),
        }
    }

    /// Parses a serialized parameter file whose digest must be `expected` (or one of the known
    /// digests when `expected` is `None`). Returns `None` if the digest, `k` or the encoding is wrong.
    pub fn from_bytes(k: u32, bytes: &[u8], expected: Option<[u8; 32]>) -> Option<Self> {
        check_k(k).ok()?;
        let digest = file_digest(bytes);
        let expected = expected.or_else(|| known_digest(k))?;
        if digest != expected || bytes.len() < 4 || bytes[..4] != k.to_le_bytes() {
            return None;
        }
        let ipa = Params::<EqAffine>::read(&mut &bytes[..]).ok()?;
        (ipa.k() == k).then(|| Self::from_ipa(ipa, digest))
    }

    /// Serializes the parameters (halo2's `Params::write` format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.ipa
            .write(&mut bytes)
            .expect("writing to a Vec cannot fail");
        bytes
    }

    /// Loads `k{K}.bin` from `dir` if it checks out, else generates the parameters and (re)writes
    /// the file and its digest. Also returns whether the parameters were generated.
    pub fn load_or_generate(k: u32, dir: &Path) -> Result<(Self, bool), ParamsError> {
        check_k(k)?;
        let file = dir.join(format!("k{k}.bin"));
        let digest_file = dir.join(format!("k{k}.bin.digest"));
        if let Ok(bytes) = fs::read(&file) {
            let stored = known_digest(k).or_else(|| {
                fs::read_to_string(&digest_file)
                    .ok()
                    .and_then(|s| crate::hex::decode_array(s.trim()).ok())
            });
            if let Some(pp) = stored.and_then(|d| Self::from_bytes(k, &bytes, Some(d))) {
                return Ok((pp, false));
            }
        }
        let pp = Self::generate(k)?;
        if known_digest(k).is_some_and(|known| known != pp.digest) {
            // Only possible if halo2's parameter generation changed: refuse such parameters.
            return Err(ParamsError::DigestMismatch(k));
        }
        fs::create_dir_all(dir)?;
        write_atomically(&file, &pp.to_bytes())?;
        write_atomically(&digest_file, crate::hex::encode(&pp.digest).as_bytes())?;
        Ok((pp, true))
    }

    /// `k`: polynomials have `2^k` coefficients.
    pub fn k(&self) -> u32 {
        self.k
    }

    /// `N = 2^k`.
    pub fn n(&self) -> usize {
        1 << self.k
    }

    /// halo2's parameters.
    pub fn ipa(&self) -> &Params<EqAffine> {
        &self.ipa
    }

    /// The generators $G_0, \dots, G_{N-1}$.
    pub fn generators(&self) -> &[EqAffine] {
        &self.g
    }

    /// The generators' affine coordinates, as used by [`crate::msm::msm`].
    pub fn bases(&self) -> &[Base] {
        &self.bases
    }

    /// Builds (once; parallel in rayon's current pool) the fixed-base table that speeds up every
    /// later commitment, unless it would take more than `max_bytes` (see
    /// [`FixedBaseTable::memory_for`]: 1.6 MiB at `k = 10`, 72 MiB at `k = 16`). Returns whether
    /// the table is available. Only miners need it; the verifier never computes commitments.
    pub fn prepare_fixed_base_table(&self, max_bytes: usize) -> bool {
        if self.table.get().is_none() && FixedBaseTable::memory_for(self.n()) <= max_bytes {
            let _ = self.table.set(FixedBaseTable::new(&self.bases));
        }
        self.table.get().is_some()
    }

    /// The fixed-base table, if [`Self::prepare_fixed_base_table`] built it.
    pub fn fixed_base_table(&self) -> Option<&FixedBaseTable> {
        self.table.get()
    }

    /// halo2 evaluation domain (only used to build `Polynomial`s).
    pub(crate) fn domain(&self) -> &EvaluationDomain<Fp> {
        &self.domain
    }

    /// Digest of the serialized parameters, $H(\texttt{PARAMS} \| bytes)[0..32]$.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

/// The parameter directory: `$QUARRY_PARAMS_DIR`, else `$HOME/.cache/quarry/params`, else
/// `./.quarry-params`.
pub fn default_params_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUARRY_PARAMS_DIR") {
        return PathBuf::from(dir);
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home)
            .join(".cache")
            .join("quarry")
            .join("params"),
        None => PathBuf::from(".quarry-params"),
    }
}

/// Runs `f` (parameter or key generation, which use rayon internally) in a thread pool of its own, so
/// that it never waits for workers of the caller's pool — those may be blocked on the same lock in
/// [`shared`], waiting for this very generation.
///
/// The pool is entered from a fresh OS thread that the caller joins. Calling `pool.install` directly
/// from a rayon worker would keep that worker stealing jobs while it waits; a stolen job that calls
/// [`shared`] for the same `k` then blocks on the lock held further up the same thread's stack, and
/// nothing ever wakes it (seen as a hang of `shared_loads_once_even_under_contention`). A joined
/// thread blocks without running anything else.
pub fn in_private_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        let generation = scope.spawn(|| {
            match rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("quarry-params-{i}"))
                .build()
            {
                Ok(pool) => pool.install(f),
                Err(_) => f(),
            }
        });
        generation
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

static SHARED: [Mutex<Option<Arc<PuzzleParams>>>; MAX_K as usize + 1] =
    [const { Mutex::new(None) }; MAX_K as usize + 1];

/// The process-wide parameters for `k`: loaded from [`default_params_dir`] (or generated and
/// cached there) on first use, then shared. Concurrent first calls for the same `k` wait for one
/// load instead of generating twice.
pub fn shared(k: u32) -> Result<Arc<PuzzleParams>, ParamsError> {
    shared_in(k, &default_params_dir())
}

/// As [`shared`], with an explicit directory for the first load.
pub fn shared_in(k: u32, dir: &Path) -> Result<Arc<PuzzleParams>, ParamsError> {
    check_k(k)?;
    let mut slot = SHARED[k as usize].lock().unwrap_or_else(|e| e.into_inner());
    if let Some(pp) = slot.as_ref() {
        return Ok(pp.clone());
    }
    let (pp, _) = in_private_pool(|| PuzzleParams::load_or_generate(k, dir))?;
    let pp = Arc::new(pp);
    *slot = Some(pp.clone());
    Ok(pp)
}

/// In-memory only variant of [`shared`] (generates on first use, never touches the disk).
pub fn shared_generated(k: u32) -> Result<Arc<PuzzleParams>, ParamsError> {
    check_k(k)?;
    let mut slot = SHARED[k as usize].lock().unwrap_or_else(|e| e.into_inner());
    if let Some(pp) = slot.as_ref() {
        return Ok(pp.clone());
    }
    let pp = Arc::new(in_private_pool(|| PuzzleParams::generate(k))?);
    *slot = Some(pp.clone());
    Ok(pp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("quarry-params-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn known_digests_match_generation() {
        let mut checked = 0;
        for &(k, _) in KNOWN_DIGESTS.iter().filter(|(k, _)| *k <= 10) {
            let pp = PuzzleParams::generate(k).unwrap();
            assert_eq!(Some(pp.digest()), known_digest(k), "k = {k}");
            checked += 1;
        }
        assert!(checked >= 7, "expected known digests for k = 4..=10");
    }

    #[test]
    fn disk_cache_roundtrip_and_corruption() {
        // k = 5 has a compiled-in digest; k = MIN_K.. also works without one via the digest file.
        let dir = temp_dir("roundtrip");
        let k = 5;
        let (pp, generated) = PuzzleParams::load_or_generate(k, &dir).unwrap();
        assert!(generated);
        let (pp2, generated2) = PuzzleParams::load_or_generate(k, &dir).unwrap();
        assert!(!generated2, "second load must come from disk");
        assert_eq!(pp.generators(), pp2.generators());
        assert_eq!(pp.digest(), pp2.digest());

        // Corrupt one byte: the file is rejected and regenerated.
        let file = dir.join(format!("k{k}.bin"));
        let mut bytes = fs::read(&file).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
        fs::write(&file, &bytes).unwrap();
        assert!(PuzzleParams::from_bytes(k, &bytes, Some(pp.digest())).is_none());
        let (pp3, generated3) = PuzzleParams::load_or_generate(k, &dir).unwrap();
        assert!(generated3, "corrupted file must be regenerated");
        assert_eq!(pp3.generators(), pp.generators());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn shared_loads_once_even_under_contention() {
        // k = 7 is used by no other test. Callers on a plain thread and on every worker of the
        // global rayon pool race for the first load; all must get the same instance (and the
        // generation, which itself uses rayon, must not deadlock on the blocked workers).
        use rayon::prelude::*;
        let dir = temp_dir("shared");
        let all: Vec<Arc<PuzzleParams>> = std::thread::scope(|scope| {
            let plain = scope.spawn(|| shared_in(7, &dir).unwrap());
            let mut v: Vec<_> = (0..4 * rayon::current_num_threads())
                .into_par_iter()
                .map(|_| shared_in(7, &dir).unwrap())
                .collect();
            v.push(plain.join().unwrap());
            v
        });
        assert!(all.iter().all(|pp| Arc::ptr_eq(pp, &all[0])));
        assert_eq!(all[0].k(), 7);
        assert!(Arc::ptr_eq(&shared_generated(7).unwrap(), &all[0]));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn unsupported_k() {
        assert!(matches!(
            PuzzleParams::generate(MIN_K - 1),
            Err(ParamsError::UnsupportedK(_))
        ));
        assert!(matches!(
            PuzzleParams::generate(MAX_K + 1),
            Err(ParamsError::UnsupportedK(_))
        ));
        assert!(PuzzleParams::from_bytes(MAX_K + 1, &[0; 8], Some([0; 32])).is_none());
    }
}
