//! The catalogue's circuits, one module each, behind one object-safe trait.
//!
//! A circuit module implements [`TaskStatement`]: how its input bytes parse into a statement,
//! what the statement commits to, how it is evaluated natively (what a chain without proofs would
//! have to run), and how it becomes a halo2 circuit with a witness. [`Entry`] turns any statement
//! into a [`TaskCircuit`], the interface the rest of the crate (keys, proving, verification,
//! benchmarks) uses; [`entry`] finds one by id. Adding a circuit: a module, a line in
//! [`crate::catalogue::CATALOGUE`], a line in [`entry`], a verifying-key digest in
//! [`crate::keys`].

use std::marker::PhantomData;

use halo2_proofs::{
    plonk::{self, create_proof, keygen_pk, keygen_vk, Circuit, ProvingKey, VerifyingKey},
    poly::commitment::Params,
    transcript::{Blake2bWrite, Challenge255},
};
use pasta_curves::{EqAffine, Fp};

use crate::catalogue::{self, CircuitInfo, ProverId, TaskError};
use crate::gadgets::public::instance;
use crate::ProveError;

pub mod merkle_batch;
pub mod poseidon_chain;
pub mod schnorr_batch;

/// A circuit's statement: parsed from the task input, committed to, evaluated, witnessed.
pub trait TaskStatement: Sized {
    /// The halo2 circuit.
    type Circuit: Circuit<Fp>;

    /// The catalogue entry.
    fn info() -> &'static CircuitInfo;

    /// Parses and validates the input (its length is already checked).
    fn parse(input: &[u8]) -> Result<Self, TaskError>;

    /// The input commitment `C_in`, the first public input.
    fn commitment(&self) -> Fp;

    /// The outputs, computed natively: the work a chain without the proof would do.
    fn evaluate(&self) -> Result<Vec<Fp>, ProveError>;

    /// The circuit with this statement's witness.
    fn circuit(&self) -> Result<Self::Circuit, ProveError>;

    /// The circuit without witness values (for key generation).
    fn blank() -> Self::Circuit;
}

/// What every catalogue circuit offers, object-safe.
pub trait TaskCircuit: Send + Sync {
    /// The catalogue entry.
    fn info(&self) -> &'static CircuitInfo;
    /// Validates `input` and returns its commitment.
    fn commitment(&self, input: &[u8]) -> Result<Fp, TaskError>;
    /// Validates `input` and computes the outputs natively.
    fn evaluate(&self, input: &[u8]) -> Result<Vec<Fp>, ProveError>;
    /// Generates the verifying key.
    fn keygen_vk(&self, params: &Params<EqAffine>) -> Result<VerifyingKey<EqAffine>, plonk::Error>;
    /// Generates the proving key.
    fn keygen_pk(
        &self,
        params: &Params<EqAffine>,
        vk: VerifyingKey<EqAffine>,
    ) -> Result<ProvingKey<EqAffine>, plonk::Error>;
    /// Proves `input` for `prover`: the outputs and the proof bytes.
    fn prove(
        &self,
        params: &Params<EqAffine>,
        pk: &ProvingKey<EqAffine>,
        input: &[u8],
        prover: &ProverId,
    ) -> Result<(Vec<Fp>, Vec<u8>), ProveError>;
}

/// The [`TaskCircuit`] of a [`TaskStatement`].
pub struct Entry<S>(PhantomData<fn() -> S>);

impl<S> Entry<S> {
    const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<S: TaskStatement> Entry<S> {
    fn parse(&self, input: &[u8]) -> Result<S, TaskError> {
        let info = S::info();
        if !info.accepts_input_len(input.len()) {
            return Err(TaskError::InputLength {
                expected: info.input_lens[0],
                got: input.len() as u32,
            });
        }
        S::parse(input)
    }
}

impl<S: TaskStatement> TaskCircuit for Entry<S> {
    fn info(&self) -> &'static CircuitInfo {
        S::info()
    }

    fn commitment(&self, input: &[u8]) -> Result<Fp, TaskError> {
        Ok(self.parse(input)?.commitment())
    }

    fn evaluate(&self, input: &[u8]) -> Result<Vec<Fp>, ProveError> {
        self.parse(input)?.evaluate()
    }

    fn keygen_vk(&self, params: &Params<EqAffine>) -> Result<VerifyingKey<EqAffine>, plonk::Error> {
        keygen_vk(params, &S::blank())
    }

    fn keygen_pk(
        &self,
        params: &Params<EqAffine>,
        vk: VerifyingKey<EqAffine>,
    ) -> Result<ProvingKey<EqAffine>, plonk::Error> {
        keygen_pk(params, vk, &S::blank())
    }

    fn prove(
        &self,
        params: &Params<EqAffine>,
        pk: &ProvingKey<EqAffine>,
        input: &[u8],
        prover: &ProverId,
    ) -> Result<(Vec<Fp>, Vec<u8>), ProveError> {
        let statement = self.parse(input)?;
        let outputs = statement.evaluate()?;
        let circuit = statement.circuit()?;
        let public = instance(statement.commitment(), &outputs, prover);
        let mut transcript = Blake2bWrite::<_, EqAffine, Challenge255<_>>::init(vec![]);
        create_proof(
            params,
            pk,
            &[circuit],
            &[&[&public]],
            rand_core::UnwrapErr(rand::rngs::SysRng),
            &mut transcript,
        )
        .map_err(|e| ProveError::Halo2(e.to_string()))?;
        Ok((outputs, transcript.finalize()))
    }
}

/// A realistic input for circuit `id`, different for each `seed`: a Merkle batch of full size on a
/// tree with 256 earlier leaves (with path hints), a chain of the maximum length, a batch of fresh
/// signatures. For benchmarks, tests and demos.
pub fn example_input(id: catalogue::CircuitId, seed: u64) -> Option<Vec<u8>> {
    use catalogue::*;
    let element = |i: u64| Fp::from(seed.wrapping_mul(1_000_003).wrapping_add(i));
    Some(match id {
        MERKLE_BATCH => {
            let mut tree = merkle_batch::MerkleTree::new(MERKLE_DEPTH);
            let index = |i: u64| {
                ((seed.wrapping_add(i).wrapping_mul(2_654_435_761)) % (1 << MERKLE_DEPTH)) as u32
            };
            for i in 0..256 {
                tree.set(index(i), element(i));
            }
            // The last write goes to the same leaf as the first.
            let mut writes: Vec<_> = (0..MERKLE_WRITES as u64 - 1)
                .map(|i| (index(1_000 + i), element(10_000 + i)))
                .collect();
            writes.push((writes[0].0, element(20_000)));
            merkle_batch::Production::new(tree.root(), writes, None)
                .with_hints_from(&tree)
                .expect("the tree is at the batch's root")
                .to_bytes()
        }
        POSEIDON_CHAIN => {
            poseidon_chain::Production::new(element(0), CHAIN_MAX_ITERATIONS).to_bytes()
        }
        SCHNORR_BATCH => {
            use schnorr_batch::{SignedMessage, SigningKey};
            let entries = (0..SCHNORR_SIGNATURES as u64)
                .map(|i| {
                    let key = SigningKey::from_seed(&ff::PrimeField::to_repr(&element(i)));
                    let m = element(100 + i);
                    SignedMessage {
                        pk: key.public(),
                        m,
                        signature: key.sign(m),
                    }
                })
                .collect();
            schnorr_batch::Production::new(entries).to_bytes()
        }
        _ => return None,
    })
}

/// Runs halo2's `MockProver` on `circuit` at `S`'s `k` (tests of invalid witnesses, which the
/// statement's own `circuit()` refuses to build).
#[cfg(test)]
pub(crate) fn mock<S: TaskStatement>(
    circuit: &S::Circuit,
    public_inputs: Vec<Fp>,
) -> Result<(), String> {
    let prover = halo2_proofs::dev::MockProver::run(S::info().k, circuit, vec![public_inputs])
        .map_err(|e| e.to_string())?;
    prover.verify().map_err(|failures| {
        format!(
            "{} constraint failures, first: {}",
            failures.len(),
            failures[0]
        )
    })
}

static MERKLE_BATCH: Entry<merkle_batch::Production> = Entry::new();
static POSEIDON_CHAIN: Entry<poseidon_chain::Production> = Entry::new();
static SCHNORR_BATCH: Entry<schnorr_batch::Production> = Entry::new();

/// The circuit with id `id`.
pub fn entry(id: catalogue::CircuitId) -> Option<&'static dyn TaskCircuit> {
    match id {
        catalogue::MERKLE_BATCH => Some(&MERKLE_BATCH),
        catalogue::POSEIDON_CHAIN => Some(&POSEIDON_CHAIN),
        catalogue::SCHNORR_BATCH => Some(&SCHNORR_BATCH),
        _ => None,
    }
}
