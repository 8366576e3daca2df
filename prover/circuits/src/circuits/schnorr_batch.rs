//! Circuit 3, `schnorr-batch`: a batch of Schnorr signatures over Pallas, verified at once.
//!
//! ## The signature scheme
//!
//! Keys: `sk ∈ F_q`, `PK = [sk] G` with `G` Pallas' standard generator. To sign a message
//! `m ∈ F_p` (a dApp hashes its message into the field): pick a nonce `k`, `R = [k] G`, the
//! challenge `e = chain(schnorr_tag, [R.x, R.y, PK.x, PK.y, m]) ∈ F_p` (Poseidon), and
//! `s = k + e·sk mod q`, re-drawing `k` in the rare case (`< 2^-130`) that `s >= p`, so that `s`
//! is also a canonical element of `F_p`. A signature `(R, s)` is valid when
//!
//! ```text
//! [s] G = R + [e] PK        (e, s read as integers below p < q)
//! ```
//!
//! [`SigningKey`] implements signing; [`verify_signature`] is the native check.
//!
//! ## Statement
//!
//! *Each of the `B` public keys signed its message.* The signatures are witness: a proof lets
//! anyone who trusts the keys act on the messages (a bridge committee's attestations, a batch of
//! user-signed intents) while the chain verifies one proof, not `B` signatures, and needs no
//! Pallas host function.
//!
//! ## Input (bytes)
//!
//! `B × (PK ‖ R ‖ s ‖ m)`: compressed Pallas points (32 bytes, canonical, not the identity) and
//! canonical field elements; `B = 12`: 1,536 bytes.
//!
//! ## Public inputs
//!
//! `C_in = chain(input_tag(3), [PK_1.x, PK_1.y, m_1, .., PK_B.x, PK_B.y, m_B])` (the statement:
//! keys and messages, not the signatures), no outputs, and the prover binding.
//!
//! ## Constraints
//!
//! Per signature, with `halo2_gadgets`' ECC chip (Orchard's): `PK` and `R` are witnessed as
//! non-identity points (on-curve checked); `e` is the Poseidon chain over their coordinates and
//! `m`; `[s] G` is a fixed-base multiplication by a base-field element (85 three-bit windows,
//! canonical decomposition of `s` checked with the 10-bit lookup range check); `[e] PK` a
//! variable-base multiplication by a base-field element; `R + [e] PK` a complete addition; the two
//! sides are constrained equal. The commitment chain takes `PK`'s coordinates from the same cells
//! the ECC chip checked.

use std::marker::PhantomData;
use std::sync::LazyLock;

use ff::{FromUniformBytes, PrimeField};
use group::{Curve, Group, GroupEncoding};
use halo2_gadgets::ecc::{
    chip::{
        BaseFieldElem, EccChip, EccConfig, FixedPoint, FullScalar, ShortScalar, H, NUM_WINDOWS,
    },
    CircuitVersion, FixedPointBaseField, FixedPoints, NonIdentityPoint, ScalarVar,
};
use halo2_gadgets::utilities::lookup_range_check::{
    LookupRangeCheck, PallasLookupRangeCheckConfig,
};
use halo2_proofs::{
    circuit::{Layouter, SimpleFloorPlanner, Value},
    plonk::{Circuit, ConstraintSystem, Error, TableColumn},
};
use pasta_curves::arithmetic::CurveAffine;
use pasta_curves::{pallas, Fp, Fq};

use super::TaskStatement;
use crate::catalogue::{self, CircuitInfo, InputFault, TaskError};
use crate::encoding::{field_bytes, InputReader};
use crate::gadgets::poseidon::{PoseidonLanes, PoseidonLanesConfig, Word};
use crate::gadgets::public::PublicInputsConfig;
use crate::poseidon::{chain, input_tag, schnorr_tag};
use crate::ProveError;

/// The sizes of a Schnorr batch circuit.
pub trait Shape: 'static {
    /// Signatures per batch.
    const SIGNATURES: usize;
    /// Poseidon lanes.
    const LANES: usize;
    /// ECC chips (each on its own 10 advice columns; signatures alternate between them, so the
    /// circuit is that many times shorter).
    const ECC_CHIPS: usize;
    /// The catalogue entry.
    fn info() -> &'static CircuitInfo;
}

/// The catalogue's instance.
#[derive(Clone, Debug)]
pub struct ProductionShape;

impl Shape for ProductionShape {
    const SIGNATURES: usize = catalogue::SCHNORR_SIGNATURES;
    const LANES: usize = 2;
    const ECC_CHIPS: usize = 2;
    fn info() -> &'static CircuitInfo {
        catalogue::info(catalogue::SCHNORR_BATCH).expect("in the catalogue")
    }
}

/// The catalogue's Schnorr batch statement.
pub type Production = SchnorrBatch<ProductionShape>;

/// The signing generator `G`.
pub fn generator() -> pallas::Affine {
    pallas::Point::generator().to_affine()
}

fn coordinates(p: &pallas::Affine) -> (Fp, Fp) {
    let c = p.coordinates().expect("not the identity");
    (*c.x(), *c.y())
}

/// `e = chain(schnorr_tag, [R.x, R.y, PK.x, PK.y, m])`.
pub fn challenge(pk: &pallas::Affine, r: &pallas::Affine, m: Fp) -> Fp {
    let (rx, ry) = coordinates(r);
    let (px, py) = coordinates(pk);
    chain(schnorr_tag(), [rx, ry, px, py, m])
}

/// The integer of a base-field element as a scalar (exact: `p < q`).
fn as_scalar(x: Fp) -> Fq {
    Fq::from_repr(x.to_repr()).expect("p < q, so every element of F_p is below q")
}

/// A signature: `R` and `s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The nonce commitment.
    pub r: pallas::Affine,
    /// The response, below `p`.
    pub s: Fp,
}

/// A Schnorr signing key.
#[derive(Clone, Copy, Debug)]
pub struct SigningKey(Fq);

impl SigningKey {
    /// The key derived from a 32-byte seed (BLAKE2b-512 reduced mod q; never zero in practice).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let wide = blake2b_simd::Params::new()
            .to_state()
            .update(b"quarry/schnorr-key")
            .update(seed)
            .finalize();
        Self(Fq::from_uniform_bytes(wide.as_array()))
    }

    /// The public key.
    pub fn public(&self) -> pallas::Affine {
        (pallas::Point::generator() * self.0).to_affine()
    }

    /// Signs `m` with a deterministic nonce (BLAKE2b of the key, the message and a counter).
    pub fn sign(&self, m: Fp) -> Signature {
        let pk = self.public();
        for attempt in 0u32.. {
            let wide = blake2b_simd::Params::new()
                .to_state()
                .update(b"quarry/schnorr-nonce")
                .update(&self.0.to_repr())
                .update(&m.to_repr())
                .update(&attempt.to_le_bytes())
                .finalize();
            let k = Fq::from_uniform_bytes(wide.as_array());
            let r = (pallas::Point::generator() * k).to_affine();
            let e = challenge(&pk, &r, m);
            let s = k + as_scalar(e) * self.0;
            if let Some(s) = Option::from(Fp::from_repr(s.to_repr())) {
                return Signature { r, s };
            }
        }
        unreachable!("a nonce with s < p is found after about 1 + 2^-130 attempts")
    }
}

/// Whether `signature` is a valid signature of `m` by `pk`.
pub fn verify_signature(pk: &pallas::Affine, m: Fp, signature: &Signature) -> bool {
    let e = challenge(pk, &signature.r, m);
    let lhs = pallas::Point::generator() * as_scalar(signature.s);
    let rhs = pallas::Point::from(signature.r) + *pk * as_scalar(e);
    lhs == rhs
}

/// One signed message of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedMessage {
    /// The signer.
    pub pk: pallas::Affine,
    /// The message.
    pub m: Fp,
    /// The signature.
    pub signature: Signature,
}

/// A parsed Schnorr batch input.
#[derive(Clone, Debug)]
pub struct SchnorrBatch<S: Shape> {
    /// The signed messages.
    pub entries: Vec<SignedMessage>,
    _shape: PhantomData<S>,
}

impl<S: Shape> SchnorrBatch<S> {
    /// A statement of `S::SIGNATURES` signed messages.
    pub fn new(entries: Vec<SignedMessage>) -> Self {
        assert_eq!(entries.len(), S::SIGNATURES);
        Self {
            entries,
            _shape: PhantomData,
        }
    }

    /// The input bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(S::SIGNATURES * catalogue::SCHNORR_ENTRY_LEN);
        for e in &self.entries {
            out.extend(e.pk.to_bytes());
            out.extend(e.signature.r.to_bytes());
            out.extend(field_bytes(&e.signature.s));
            out.extend(field_bytes(&e.m));
        }
        out
    }
}

/// The next 32 bytes as the canonical compressed encoding of a non-identity Pallas point.
fn read_point(r: &mut InputReader<'_>) -> Result<pallas::Affine, TaskError> {
    let at = r.offset();
    let bytes: [u8; 32] = r.array();
    let point: Option<pallas::Affine> = pallas::Affine::from_bytes(&bytes).into();
    match point {
        Some(p) if !bool::from(pallas::Point::from(p).is_identity()) && p.to_bytes() == bytes => {
            Ok(p)
        }
        _ => Err(InputReader::fault_at(at, InputFault::InvalidPoint)),
    }
}

impl<S: Shape> TaskStatement for SchnorrBatch<S> {
    type Circuit = SchnorrBatchCircuit<S>;

    fn info() -> &'static CircuitInfo {
        S::info()
    }

    fn parse(input: &[u8]) -> Result<Self, TaskError> {
        let mut r = InputReader::new(input);
        let entries = (0..S::SIGNATURES)
            .map(|_| {
                let pk = read_point(&mut r)?;
                let sig_r = read_point(&mut r)?;
                let s = r.field()?;
                let m = r.field()?;
                Ok(SignedMessage {
                    pk,
                    m,
                    signature: Signature { r: sig_r, s },
                })
            })
            .collect::<Result<_, TaskError>>()?;
        Ok(Self::new(entries))
    }

    fn commitment(&self) -> Fp {
        let elements = self.entries.iter().flat_map(|e| {
            let (x, y) = coordinates(&e.pk);
            [x, y, e.m]
        });
        chain(input_tag(S::info().id), elements)
    }

    fn evaluate(&self) -> Result<Vec<Fp>, ProveError> {
        for (i, e) in self.entries.iter().enumerate() {
            if !verify_signature(&e.pk, e.m, &e.signature) {
                return Err(ProveError::Unprovable(format!(
                    "signature {i} does not verify"
                )));
            }
        }
        Ok(vec![])
    }

    fn circuit(&self) -> Result<SchnorrBatchCircuit<S>, ProveError> {
        self.evaluate()?;
        Ok(SchnorrBatchCircuit {
            entries: self.entries.iter().map(|e| Value::known(*e)).collect(),
            _shape: PhantomData,
        })
    }

    fn blank() -> SchnorrBatchCircuit<S> {
        SchnorrBatchCircuit {
            entries: vec![Value::unknown(); S::SIGNATURES],
            _shape: PhantomData,
        }
    }
}

/// The fixed bases of the ECC chip: only `G`, multiplied by base-field elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchnorrFixedBases;

/// `G` as a fixed base for base-field-element scalars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningGenerator;

/// No full-width or short fixed-base multiplications are used (uninhabited).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoFullWidthBase {}

/// See [`NoFullWidthBase`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoShortBase {}

impl FixedPoints<pallas::Affine> for SchnorrFixedBases {
    type FullScalar = NoFullWidthBase;
    type ShortScalar = NoShortBase;
    type Base = SigningGenerator;
}

/// `G`'s fixed-base window tables for the 85 three-bit windows of a base-field scalar: per window,
/// `z` (`u64` LE) and the 8 square roots `u` (32-byte field elements), in that order. Found once by
/// `halo2_gadgets`' `find_zs_and_us` (a search of about 2^16 candidates per window, minutes) and
/// compiled in, as Orchard does; `tests::generator_windows_are_valid` checks them with
/// `halo2_gadgets`' own `test_zs_and_us`, and the `z`s are fixed columns, so the verifying-key
/// digest covers them too. Regenerate with
/// `cargo test --release -p quarry-circuits regenerate_generator_windows -- --ignored`.
const GENERATOR_WINDOWS_BIN: &[u8] = include_bytes!("schnorr_generator_windows.bin");

/// Bytes per window in [`GENERATOR_WINDOWS_BIN`].
const WINDOW_BYTES: usize = 8 + 32 * H;

static GENERATOR_WINDOWS: LazyLock<Vec<(u64, [[u8; 32]; H])>> = LazyLock::new(|| {
    assert_eq!(GENERATOR_WINDOWS_BIN.len(), NUM_WINDOWS * WINDOW_BYTES);
    GENERATOR_WINDOWS_BIN
        .chunks_exact(WINDOW_BYTES)
        .map(|w| {
            let z = u64::from_le_bytes(w[..8].try_into().expect("8 bytes"));
            let us = core::array::from_fn(|i| {
                w[8 + 32 * i..8 + 32 * (i + 1)]
                    .try_into()
                    .expect("32 bytes")
            });
            (z, us)
        })
        .collect()
});

/// Encodes `find_zs_and_us`' output as [`GENERATOR_WINDOWS_BIN`] is laid out.
pub fn encode_generator_windows(windows: &[(u64, [Fp; H])]) -> Vec<u8> {
    let mut out = Vec::with_capacity(windows.len() * WINDOW_BYTES);
    for (z, us) in windows {
        out.extend(z.to_le_bytes());
        for u in us {
            out.extend(u.to_repr());
        }
    }
    out
}

impl FixedPoint<pallas::Affine> for SigningGenerator {
    type FixedScalarKind = BaseFieldElem;

    fn generator(&self) -> pallas::Affine {
        generator()
    }

    fn u(&self) -> Vec<[[u8; 32]; H]> {
        GENERATOR_WINDOWS.iter().map(|(_, us)| *us).collect()
    }

    fn z(&self) -> Vec<u64> {
        GENERATOR_WINDOWS.iter().map(|(z, _)| *z).collect()
    }
}

impl FixedPoint<pallas::Affine> for NoFullWidthBase {
    type FixedScalarKind = FullScalar;
    fn generator(&self) -> pallas::Affine {
        match *self {}
    }
    fn u(&self) -> Vec<[[u8; 32]; H]> {
        match *self {}
    }
    fn z(&self) -> Vec<u64> {
        match *self {}
    }
}

impl FixedPoint<pallas::Affine> for NoShortBase {
    type FixedScalarKind = ShortScalar;
    fn generator(&self) -> pallas::Affine {
        match *self {}
    }
    fn u(&self) -> Vec<[[u8; 32]; H]> {
        match *self {}
    }
    fn z(&self) -> Vec<u64> {
        match *self {}
    }
}

/// The halo2 circuit of a Schnorr batch.
#[derive(Clone, Debug)]
pub struct SchnorrBatchCircuit<S: Shape> {
    entries: Vec<Value<SignedMessage>>,
    _shape: PhantomData<S>,
}

/// Columns of [`SchnorrBatchCircuit`].
#[derive(Clone, Debug)]
pub struct SchnorrBatchConfig {
    ecc: Vec<EccConfig<SchnorrFixedBases>>,
    range_table: TableColumn,
    poseidon: PoseidonLanesConfig,
    public: PublicInputsConfig,
}

/// The bit width of the ECC chip's lookup range check table (`sinsemilla::K`).
const RANGE_TABLE_BITS: usize = 10;

impl<S: Shape> Circuit<Fp> for SchnorrBatchCircuit<S> {
    type Config = SchnorrBatchConfig;
    type FloorPlanner = SimpleFloorPlanner;

    fn without_witnesses(&self) -> Self {
        SchnorrBatch::<S>::blank()
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> SchnorrBatchConfig {
        let public = PublicInputsConfig::configure(meta);
        let range_table = meta.lookup_table_column();
        let ecc = (0..S::ECC_CHIPS)
            .map(|_| {
                let advices = [(); 10].map(|_| meta.advice_column());
                let lagrange_coeffs = [(); 8].map(|_| meta.fixed_column());
                let range_check =
                    PallasLookupRangeCheckConfig::configure(meta, advices[9], range_table);
                EccChip::<SchnorrFixedBases>::configure(meta, advices, lagrange_coeffs, range_check)
            })
            .collect();
        SchnorrBatchConfig {
            ecc,
            range_table,
            poseidon: PoseidonLanesConfig::configure(meta, S::LANES),
            public,
        }
    }

    fn synthesize(
        &self,
        config: SchnorrBatchConfig,
        mut layouter: impl Layouter<Fp>,
    ) -> Result<(), Error> {
        // The 10-bit range table the ECC chip's decompositions look up.
        layouter.assign_table(
            || "range table",
            |mut table| {
                for i in 0..1 << RANGE_TABLE_BITS {
                    table.assign_cell(
                        || "range",
                        config.range_table,
                        i,
                        || Value::known(Fp::from(i as u64)),
                    )?;
                }
                Ok(())
            },
        )?;
        let chips: Vec<_> = config
            .ecc
            .iter()
            .map(|c| EccChip::construct(c.clone(), CircuitVersion::AnchoredBase))
            .collect();
        let poseidon = PoseidonLanes::new(&config.poseidon, &mut layouter)?;
        let (input_tag_cell, challenge_tag) = layouter.assign_region(
            || "tags",
            |mut region| {
                Ok((
                    region.assign_advice_from_constant(
                        || "input tag",
                        config.public.statement(),
                        0,
                        input_tag(S::info().id),
                    )?,
                    region.assign_advice_from_constant(
                        || "challenge tag",
                        config.public.statement(),
                        1,
                        schnorr_tag(),
                    )?,
                ))
            },
        )?;
        let mut committed: Vec<Word> = Vec::with_capacity(3 * S::SIGNATURES);
        for (i, entry) in self.entries.iter().enumerate() {
            let mut layouter = layouter.namespace(|| format!("signature {i}"));
            let ecc = &chips[i % chips.len()];
            let g = FixedPointBaseField::from_inner(ecc.clone(), SigningGenerator);
            let pk = NonIdentityPoint::new(
                ecc.clone(),
                layouter.namespace(|| "PK"),
                entry.map(|e| e.pk),
            )?;
            let r = NonIdentityPoint::new(
                ecc.clone(),
                layouter.namespace(|| "R"),
                entry.map(|e| e.signature.r),
            )?;
            let (s, m) = layouter.assign_region(
                || "s, m",
                |mut region| {
                    Ok((
                        region.assign_advice(
                            || "s",
                            config.public.statement(),
                            0,
                            || entry.map(|e| e.signature.s),
                        )?,
                        region.assign_advice(
                            || "m",
                            config.public.statement(),
                            1,
                            || entry.map(|e| e.m),
                        )?,
                    ))
                },
            )?;
            let (pk_x, pk_y) = (pk.inner().x(), pk.inner().y());
            let e = poseidon.chain(
                &mut layouter,
                &challenge_tag,
                [&r.inner().x(), &r.inner().y(), &pk_x, &pk_y, &m],
            )?;
            let s_g = g.mul(layouter.namespace(|| "[s] G"), s)?;
            let e_scalar = ScalarVar::from_base(ecc.clone(), layouter.namespace(|| "e"), &e)?;
            let (e_pk, _) = pk.mul(layouter.namespace(|| "[e] PK"), e_scalar)?;
            let rhs = r.add(layouter.namespace(|| "R + [e] PK"), &e_pk)?;
            s_g.constrain_equal(layouter.namespace(|| "[s] G = R + [e] PK"), &rhs)?;
            committed.extend([pk_x, pk_y, m]);
        }
        let commitment = poseidon.chain(&mut layouter, &input_tag_cell, &committed)?;
        config.public.expose(&mut layouter, &commitment, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ff::Field;
    use halo2_gadgets::ecc::chip::{compute_lagrange_coeffs, find_zs_and_us};

    /// The multiples of `G` the fixed-base tables stand for, derived here independently of
    /// `halo2_gadgets` (the Halo 2 book, "Load fixed base"): `[(k+2)·8^w]G` in the windows
    /// `w < 84`, and `[k·8^84 − Σ_{j<84} 2^{3j+1}]G` in the last, for `k` in `0..8`.
    fn window_points() -> Vec<[pallas::Affine; H]> {
        let eight = Fq::from(H as u64);
        let offset = (0..NUM_WINDOWS as u64 - 1)
            .fold(Fq::ZERO, |sum, j| sum + Fq::from(2).pow([3 * j + 1]));
        (0..NUM_WINDOWS)
            .map(|w| {
                core::array::from_fn(|k| {
                    let scalar = if w + 1 < NUM_WINDOWS {
                        Fq::from(k as u64 + 2) * eight.pow([w as u64])
                    } else {
                        Fq::from(k as u64) * eight.pow([w as u64]) - offset
                    };
                    (generator() * scalar).to_affine()
                })
            })
            .collect()
    }

    /// The compiled-in tables are what the fixed-base gate needs: for each window's `z` and each
    /// of its points `(x, y)`, `z + y = u²` with the table's `u` and `z − y` is not a square; and
    /// halo2's Lagrange coefficients interpolate each window's `x` over `k`. (The checks of
    /// `halo2_gadgets`' `test_zs_and_us` and `test_lagrange_coeffs`, which need its
    /// `test-dependencies` feature: enabling that in tests alone gave `cargo test` another
    /// feature set than `cargo build`, and CI rebuilt the circuits, the runtime and the node.)
    #[test]
    fn generator_windows_are_valid() {
        let g = SigningGenerator;
        let (zs, us) = (g.z(), g.u());
        let coefficients = compute_lagrange_coeffs(generator(), NUM_WINDOWS);
        let points = window_points();
        assert_eq!((zs.len(), us.len(), points.len()), (NUM_WINDOWS, NUM_WINDOWS, NUM_WINDOWS));
        for (w, window) in points.iter().enumerate() {
            let z = Fp::from(zs[w]);
            for (k, point) in window.iter().enumerate() {
                let coordinates = point.coordinates().unwrap();
                let (x, y) = (*coordinates.x(), *coordinates.y());
                let u = Fp::from_repr(us[w][k]).unwrap();
                assert_eq!(z + y, u.square(), "window {w}, point {k}: z + y = u²");
                assert!(bool::from((z - y).sqrt().is_none()), "window {w}, point {k}: z − y is a square");
                let interpolated = coefficients[w]
                    .iter()
                    .rev()
                    .fold(Fp::ZERO, |acc, c| acc * Fp::from(k as u64) + c);
                assert_eq!(interpolated, x, "window {w}, point {k}: interpolated x");
            }
        }
    }

    #[test]
    #[ignore = "minutes: rewrites src/circuits/schnorr_generator_windows.bin"]
    fn regenerate_generator_windows() {
        let windows = find_zs_and_us(generator(), NUM_WINDOWS).expect("window tables exist");
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/circuits/schnorr_generator_windows.bin"
        );
        std::fs::write(path, encode_generator_windows(&windows)).unwrap();
    }

    #[test]
    fn signatures_verify_and_forgeries_do_not() {
        let key = SigningKey::from_seed(&[1; 32]);
        let m = Fp::from(77);
        let sig = key.sign(m);
        assert!(verify_signature(&key.public(), m, &sig));
        assert!(
            !verify_signature(&key.public(), m + Fp::ONE, &sig),
            "other message"
        );
        let other = SigningKey::from_seed(&[2; 32]).public();
        assert!(!verify_signature(&other, m, &sig), "other key");
        let tampered = Signature {
            s: sig.s + Fp::ONE,
            ..sig
        };
        assert!(!verify_signature(&key.public(), m, &tampered), "other s");
    }
}

#[cfg(test)]
mod mock_tests {
    use super::*;
    use crate::circuits::mock;
    use crate::gadgets::public::instance;
    use ff::Field;

    /// One signature, one lane: the same constraints at k = 11 (the range table needs 2^10 rows).
    #[derive(Clone, Debug)]
    struct Small;
    static SMALL: CircuitInfo = CircuitInfo {
        id: catalogue::SCHNORR_BATCH,
        name: "schnorr-batch-small",
        k: 11,
        input_lens: &[catalogue::SCHNORR_ENTRY_LEN as u32],
        outputs: 0,
        proof_len: 0,
        work: 0,
    };
    impl Shape for Small {
        const SIGNATURES: usize = 1;
        const LANES: usize = 1;
        const ECC_CHIPS: usize = 1;
        fn info() -> &'static CircuitInfo {
            &SMALL
        }
    }

    const PROVER: [u8; 32] = [5; 32];

    fn signed(seed: u8, m: u64) -> SignedMessage {
        let key = SigningKey::from_seed(&[seed; 32]);
        let m = Fp::from(m);
        SignedMessage {
            pk: key.public(),
            m,
            signature: key.sign(m),
        }
    }

    fn circuit_of(entry: SignedMessage) -> SchnorrBatchCircuit<Small> {
        SchnorrBatchCircuit {
            entries: vec![Value::known(entry)],
            _shape: PhantomData,
        }
    }

    fn public_for(entry: SignedMessage) -> Vec<Fp> {
        instance(
            SchnorrBatch::<Small>::new(vec![entry]).commitment(),
            &[],
            &PROVER,
        )
    }

    #[test]
    fn a_valid_signature_satisfies_the_circuit() {
        let entry = signed(1, 42);
        let statement = SchnorrBatch::<Small>::new(vec![entry]);
        assert_eq!(
            SchnorrBatch::<Small>::parse(&statement.to_bytes())
                .unwrap()
                .entries,
            vec![entry]
        );
        assert_eq!(
            mock::<SchnorrBatch<Small>>(&statement.circuit().unwrap(), public_for(entry)),
            Ok(())
        );
    }

    #[test]
    fn forged_signatures_are_unsatisfiable() {
        let entry = signed(1, 42);
        // Another s.
        let mut forged = entry;
        forged.signature.s += Fp::ONE;
        assert!(
            SchnorrBatch::<Small>::new(vec![forged]).circuit().is_err(),
            "native check"
        );
        assert!(mock::<SchnorrBatch<Small>>(&circuit_of(forged), public_for(forged)).is_err());
        // Another message than the one signed (committed honestly).
        let mut other_message = entry;
        other_message.m = Fp::from(43);
        assert!(
            mock::<SchnorrBatch<Small>>(&circuit_of(other_message), public_for(other_message))
                .is_err()
        );
        // Another key than the signer's.
        let mut other_key = entry;
        other_key.pk = SigningKey::from_seed(&[2; 32]).public();
        assert!(
            mock::<SchnorrBatch<Small>>(&circuit_of(other_key), public_for(other_key)).is_err()
        );
        // A valid signature, but the statement commits to another message.
        assert!(
            mock::<SchnorrBatch<Small>>(&circuit_of(entry), public_for(other_message)).is_err()
        );
    }

    #[test]
    fn invalid_points_are_refused_at_parsing() {
        let mut bytes = SchnorrBatch::<Small>::new(vec![signed(1, 42)]).to_bytes();
        bytes[..32].copy_from_slice(&[0; 32]); // the identity's encoding
        assert_eq!(
            SchnorrBatch::<Small>::parse(&bytes).unwrap_err(),
            TaskError::InvalidInput {
                offset: 0,
                fault: InputFault::InvalidPoint
            }
        );
        // An x with no point on the curve: try small x until one fails to decode.
        let not_on_curve = (2u64..)
            .map(|x| field_bytes(&Fp::from(x)))
            .find(|b| Option::<pallas::Affine>::from(pallas::Affine::from_bytes(b)).is_none())
            .unwrap();
        bytes[..32].copy_from_slice(&not_on_curve);
        assert_eq!(
            SchnorrBatch::<Small>::parse(&bytes).unwrap_err(),
            TaskError::InvalidInput {
                offset: 0,
                fault: InputFault::InvalidPoint
            }
        );
    }
}
