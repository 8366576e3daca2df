//! Bit-exactness checks of the kernels against the CPU reference (pasta_curves, halo2, and
//! [`quarry_puzzle::attempt`]). Each returns `Err` with the first mismatch. The unit tests run them
//! on the host executor; `tests/gpu.rs` runs them on a CUDA device.

use ff::{Field, FromUniformBytes, PrimeField};
use group::{Curve, Group};
use halo2_proofs::arithmetic::{best_multiexp, CurveAffine};
use quarry_puzzle::curve::{Eq, EqAffine, Fp, Fq};
use quarry_puzzle::hash::{h, quality};
use quarry_puzzle::msm::{Base, FixedBaseTable};
use quarry_puzzle::{attempt, commitment_bytes, hex, PuzzleParams, WorkUnit};

use super::pipeline::{
    run_ops, work_profile, DeviceTable, Executor, KernelBackend, Pipeline, WorkProfile,
};
use crate::backend::{Backend, WorkBatch};

type Limbs = [u64; 4];

fn limbs<F: PrimeField<Repr = [u8; 32]>>(x: &F) -> Limbs {
    let r = x.to_repr();
    core::array::from_fn(|j| u64::from_le_bytes(r[8 * j..8 * j + 8].try_into().unwrap()))
}

fn fq(tag: &[u8], i: u64) -> Fq {
    Fq::from_uniform_bytes(&h(&[b"quarry/gpu-check/fq", tag, &i.to_le_bytes()]))
}

fn fp(tag: &[u8], i: u64) -> Fp {
    Fp::from_uniform_bytes(&h(&[b"quarry/gpu-check/fp", tag, &i.to_le_bytes()]))
}

fn edge_fq() -> Vec<Fq> {
    vec![
        Fq::ZERO,
        Fq::ONE,
        -Fq::ONE,
        Fq::from(2),
        -Fq::from(2),
        Fq::from(u64::MAX),
        Fq::from_u128(u128::MAX),
        Fq::ONE.double().invert().unwrap(), // (q + 1) / 2
        -Fq::ONE.double().invert().unwrap(),
    ]
}

fn mismatch(what: &str, i: usize, got: impl std::fmt::Debug, want: impl std::fmt::Debug) -> String {
    format!("{what}, item {i}: kernels gave {got:?}, reference {want:?}")
}

/// Fq multiplication, addition, subtraction and inversion on all pairs of edge values and `random`
/// random pairs.
pub fn field_ops<E: Executor>(exec: &E, random: u64) -> Result<(), String> {
    let mut pairs: Vec<(Fq, Fq)> = Vec::new();
    for a in edge_fq() {
        for b in edge_fq() {
            pairs.push((a, b));
        }
    }
    pairs.extend((0..random).map(|i| (fq(b"a", i), fq(b"b", i))));
    let inputs: Vec<Limbs> = pairs
        .iter()
        .flat_map(|(a, b)| [limbs(a), limbs(b), [0; 4], [0; 4]])
        .collect();
    // (op code of body_ops, name, reference)
    let ops: [(u32, &str, fn(Fq, Fq) -> Fq); 5] = [
        (0, "Fq mul", |a, b| a * b),
        (1, "Fq add", |a, b| a + b),
        (2, "Fq sub", |a, b| a - b),
        (3, "Fq inverse", |a, _| a.invert().unwrap_or(Fq::ZERO)),
        (7, "Fq mul (32-bit carry chains)", |a, b| a * b),
    ];
    for (op, name, f) in ops {
        let out = run_ops(exec, op, &inputs).map_err(|e| e.0)?;
        for (i, (a, b)) in pairs.iter().enumerate() {
            let want = limbs(&f(*a, *b));
            if out[4 * i] != want {
                return Err(mismatch(name, i, out[4 * i], want));
            }
        }
    }
    Ok(())
}

fn affine_limbs(p: &EqAffine) -> [Limbs; 2] {
    match Option::from(p.coordinates()) {
        Some(c) => {
            let c: halo2_proofs::arithmetic::Coordinates<EqAffine> = c;
            [limbs(c.x()), limbs(c.y())]
        }
        None => [[0; 4], [0; 4]],
    }
}

/// Point addition (XYZZ + XYZZ and XYZZ + affine) and doubling, on random points and the
/// exceptional cases P + P, P + (-P), P + O, O + P, O + O; P's XYZZ form is not the normalised
/// one (ZZ != 1), as in a running sum.
pub fn point_ops<E: Executor>(exec: &E, random: u64) -> Result<(), String> {
    let point = |i: u64| (Eq::generator() * fp(b"point", i)).to_affine();
    let mut pairs: Vec<(EqAffine, EqAffine)> = (0..random)
        .map(|i| (point(2 * i), point(2 * i + 1)))
        .collect();
    let p = point(1 << 40);
    let id = Eq::identity().to_affine();
    pairs.extend([(p, p), (p, -p), (p, id), (id, p), (id, id), (-p, -p)]);
    let inputs: Vec<Limbs> = pairs
        .iter()
        .flat_map(|(a, b)| {
            let [ax, ay] = affine_limbs(a);
            let [bx, by] = affine_limbs(b);
            [ax, ay, bx, by]
        })
        .collect();
    let out = run_ops(exec, 4, &inputs).map_err(|e| e.0)?;
    for (i, (a, b)) in pairs.iter().enumerate() {
        let want = affine_limbs(&(*a + *b).to_affine());
        if out[4 * i..4 * i + 2] != want {
            return Err(mismatch("P + Q (XYZZ)", i, &out[4 * i..4 * i + 2], want));
        }
        if out[4 * i + 2..4 * i + 4] != want {
            return Err(mismatch(
                "P + Q (mixed)",
                i,
                &out[4 * i + 2..4 * i + 4],
                want,
            ));
        }
    }
    let out = run_ops(exec, 5, &inputs).map_err(|e| e.0)?;
    for (i, (a, _)) in pairs.iter().enumerate() {
        let want = affine_limbs(&Eq::from(*a).double().to_affine());
        if out[4 * i..4 * i + 2] != want {
            return Err(mismatch("2P", i, &out[4 * i..4 * i + 2], want));
        }
    }
    Ok(())
}

/// The PRG's 512-bit reduction into Fp on random and extreme inputs.
pub fn wide_reduction<E: Executor>(exec: &E, random: u64) -> Result<(), String> {
    let mut wides: Vec<[u8; 64]> = vec![[0; 64], [0xff; 64], {
        let mut b = [0u8; 64];
        b[..32].copy_from_slice(&(-Fp::ONE).to_repr());
        b[0] = b[0].wrapping_add(1); // exactly p in the low half
        b
    }];
    wides.extend((0..random).map(|i| h(&[b"quarry/gpu-check/wide", &i.to_le_bytes()])));
    let inputs: Vec<Limbs> = wides
        .iter()
        .flat_map(|w| {
            let word = |j: usize| u64::from_le_bytes(w[8 * j..8 * j + 8].try_into().unwrap());
            [
                [word(0), word(1), word(2), word(3)],
                [word(4), word(5), word(6), word(7)],
                [0; 4],
                [0; 4],
            ]
        })
        .collect();
    for (op, name) in [
        (6, "wide reduction"),
        (8, "wide reduction (32-bit carry chains)"),
    ] {
        let out = run_ops(exec, op, &inputs).map_err(|e| e.0)?;
        for (i, w) in wides.iter().enumerate() {
            let want = limbs(&Fp::from_uniform_bytes(w));
            if out[4 * i] != want {
                return Err(mismatch(name, i, out[4 * i], want));
            }
        }
    }
    Ok(())
}

const CHALLENGE: [u8; 32] = [0xc4; 32];
const MINER: [u8; 32] = [0x3e; 32];

fn wu(nonce: u64) -> WorkUnit {
    WorkUnit {
        challenge: CHALLENGE,
        miner: MINER,
        nonce,
    }
}

/// `random` sets of `n` random scalars, then edge sets: zeros, ones, minus ones, one repeated
/// value, mixed small and large values, and the top of the range (2^254, p - 1 = -1 and 2^253 plus
/// a random value: the scalars that fill the top window, where the recoding must not carry out).
fn scalar_sets(n: usize, random: u64) -> Vec<Vec<Fp>> {
    let mut sets: Vec<Vec<Fp>> = (0..random)
        .map(|s| (0..n as u64).map(|i| fp(b"msm", s << 32 | i)).collect())
        .collect();
    sets.push(vec![Fp::ZERO; n]);
    sets.push(vec![Fp::ONE; n]);
    sets.push(vec![-Fp::ONE; n]);
    sets.push(vec![fp(b"same", 0); n]);
    sets.push(
        (0..n)
            .map(|i| match i % 6 {
                0 => Fp::ZERO,
                1 => Fp::ONE,
                2 => -Fp::ONE,
                3 => Fp::from(1u64 << (i % 64)),
                4 => -Fp::from(i as u64),
                _ => Fp::from(u64::MAX),
            })
            .collect(),
    );
    let two = Fp::from(2);
    sets.push(
        (0..n)
            .map(|i| match i % 4 {
                0 => two.pow([254]),
                1 => -Fp::ONE,
                2 => two.pow([253]) + Fp::from(fp(b"top", i as u64).to_repr()[0] as u64),
                _ => two.pow([254]) - fp(b"top", i as u64).square().square(),
            })
            .collect(),
    );
    sets
}

/// Runs `sets` through `pipe` in groups of its capacity; each commitment must equal halo2's
/// `best_multiexp` over `generators`, and each quality the reference hash of it. Returns the bucket
/// ranges of the first set.
fn check_msms<E: Executor>(
    pipe: &mut Pipeline<E>,
    generators: &[EqAffine],
    sets: &[Vec<Fp>],
) -> Result<(Vec<u32>, Vec<u32>), String> {
    let k = generators.len().trailing_zeros();
    let capacity = pipe.capacity() as usize;
    let mut first_ranges = None;
    let mut start = 0u64;
    for group in sets.chunks(capacity) {
        let scalars: Vec<Fp> = group.iter().flatten().copied().collect();
        let mut out = Vec::new();
        pipe.enqueue_scalars(&CHALLENGE, &MINER, start, &scalars)
            .and_then(|_| pipe.collect(&mut out))
            .map_err(|e| e.0)?;
        if first_ranges.is_none() {
            first_ranges = Some(pipe.bucket_ranges(0).map_err(|e| e.0)?);
        }
        for (j, (set, got)) in group.iter().zip(&out).enumerate() {
            let want = commitment_bytes(&best_multiexp(set, generators).to_affine());
            if got.commitment != want {
                return Err(mismatch(
                    &format!("MSM k={k}, set {}", start as usize + j),
                    j,
                    hex::encode(&got.commitment),
                    hex::encode(&want),
                ));
            }
            let q = quality(&wu(start + j as u64), &want);
            if got.quality != q {
                return Err(mismatch("quality", j, got.quality, q));
            }
        }
        start += group.len() as u64;
    }
    first_ranges.ok_or_else(|| "no scalar sets".into())
}

/// MSMs over the backend's generators: `random` sets of random scalars plus the edge sets of
/// [`scalar_sets`], against halo2's `best_multiexp`.
pub fn msm<E: Executor>(backend: &KernelBackend<E>, random: u64) -> Result<(), String> {
    let pp: &PuzzleParams = backend.params();
    let sets = scalar_sets(pp.n(), random);
    backend.with_pipeline(|p| check_msms(p, pp.generators(), &sets))?;
    Ok(())
}

/// `2^k` independent-looking generators for kernel checks at large `k` without the puzzle's
/// hash-to-curve parameters (33 s at k = 16): multiples of the group generator by 64-bit hashes.
/// The MSM code never relies on how the generators were made.
pub fn test_generators(k: u32) -> Vec<EqAffine> {
    use rayon::prelude::*;
    let points: Vec<Eq> = (0..1u64 << k)
        .into_par_iter()
        .map(|i| {
            Eq::generator()
                * Fp::from(u64::from_le_bytes(
                    h(&[b"quarry/gpu-check/generator", &i.to_le_bytes()])[..8]
                        .try_into()
                        .unwrap(),
                ))
        })
        .collect();
    let mut affine = vec![Eq::identity().to_affine(); points.len()];
    Eq::batch_normalize(&points, &mut affine);
    affine
}

/// The MSM checks of [`msm`] over `generators` on a pipeline of `capacity` nonces with
/// `entry_chunk` entries per `accumulate` thread; returns the work profile of the first random set
/// (scalars distributed as the PRG's).
pub fn msm_over<E: Executor>(
    exec: E,
    generators: &[EqAffine],
    random: u64,
    capacity: u32,
    entry_chunk: u32,
) -> Result<WorkProfile, String> {
    let bases: Vec<Base> = generators
        .iter()
        .map(|g| Base::from_affine(g).ok_or("identity generator"))
        .collect::<Result<_, _>>()?;
    let table = FixedBaseTable::new(&bases);
    let device_table = DeviceTable::upload(&exec, &table).map_err(|e| e.0)?;
    let mut pipe =
        Pipeline::with_entry_chunk(exec, &device_table, capacity, entry_chunk).map_err(|e| e.0)?;
    let (starts, ends) = check_msms(
        &mut pipe,
        generators,
        &scalar_sets(generators.len(), random),
    )?;
    Ok(work_profile(&pipe.shape(), &starts, &ends))
}

/// Whole attempts of nonces `start .. start + count` (wrapping) through [`Backend::evaluate`]
/// against [`quarry_puzzle::attempt`].
pub fn attempts(backend: &dyn Backend, start: u64, count: u32) -> Result<(), String> {
    let batch = WorkBatch {
        challenge: CHALLENGE,
        miner: MINER,
        start_nonce: start,
        count,
    };
    let mut out = Vec::new();
    backend.evaluate(&batch, &mut out).map_err(|e| e.0)?;
    if out.len() != count as usize {
        return Err(format!("{} attempts for {count} nonces", out.len()));
    }
    use rayon::prelude::*;
    // The reference on every core: at k = 16 an attempt takes about 0.1 s on one.
    out.par_iter().enumerate().try_for_each(|(i, got)| {
        let want = attempt(backend.params(), &batch.work_unit(i as u32));
        if *got != want {
            return Err(mismatch("attempt", i, got, want));
        }
        Ok(())
    })
}

/// The known-answer vectors of the puzzle crate (`prover/puzzle/testdata/kat.json`) through
/// backends made by `make(k)`; returns how many were checked.
pub fn known_answers<B: Backend>(make: impl Fn(u32) -> Result<B, String>) -> Result<usize, String> {
    let dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = std::path::Path::new(&dir).join("../puzzle/testdata/kat.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let vectors = doc["vectors"].as_array().ok_or("kat.json: no vectors")?;
    let mut backends: Vec<(u32, B)> = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        let field = |name: &str| {
            v[name]
                .as_str()
                .map(str::to_string)
                .ok_or(format!("vector {i}: no {name}"))
        };
        let k = v["k"].as_u64().ok_or("k")? as u32;
        let challenge: [u8; 32] =
            hex::decode_array(&field("challenge")?).map_err(|_| "challenge")?;
        let miner: [u8; 32] = hex::decode_array(&field("miner")?).map_err(|_| "miner")?;
        let nonce: u64 = field("nonce")?.parse().map_err(|_| "nonce")?;
        let quality: u64 = field("quality")?.parse().map_err(|_| "quality")?;
        let commitment = field("commitment")?;
        if !backends.iter().any(|(kk, _)| *kk == k) {
            backends.push((k, make(k)?));
        }
        let backend = &backends
            .iter()
            .find(|(kk, _)| *kk == k)
            .expect("just added")
            .1;
        let mut out = Vec::new();
        let batch = WorkBatch {
            challenge,
            miner,
            start_nonce: nonce,
            count: 1,
        };
        backend.evaluate(&batch, &mut out).map_err(|e| e.0)?;
        let got = out.first().ok_or("no attempt")?;
        if hex::encode(&got.commitment) != commitment || got.quality != quality {
            return Err(mismatch(
                "known-answer vector",
                i,
                (hex::encode(&got.commitment), got.quality),
                (commitment, quality),
            ));
        }
    }
    Ok(vectors.len())
}
