//! Circuit 2, `poseidon-chain`: `y = H^n(x)`, iterated Poseidon.
//!
//! ## Statement
//!
//! *`y` is `hash1` applied `n` times to `x`* (`hash1` = Poseidon with `ConstantLength<1>`), for
//! any `n <= N` ([`crate::catalogue::CHAIN_MAX_ITERATIONS`]). Sequential work: no one computes
//! `y` faster than `n` hashes one after another, and anyone checks the proof in milliseconds —
//! a verifiable delay / hash-chain commitment (e.g. a randomness beacon's delay step, or the
//! tip of a hash-chain of one-time keys).
//!
//! ## Input (bytes)
//!
//! `x` (32-byte canonical LE field element) ‖ `n` (`u32` LE): 36 bytes.
//!
//! ## Public inputs
//!
//! `C_in = chain(input_tag(2), [x, n])`, the output `y`, and the prover binding.
//!
//! ## Constraints
//!
//! An [`IterateChip`] of `N` steps with `hash1` from the Poseidon lanes: its start is constrained
//! to the committed `x`, its step count to the committed `n`, its end is the output. Every step
//! hashes (the circuit has a fixed shape), so proving costs the same for every `n`.

use std::marker::PhantomData;

use halo2_proofs::{
    circuit::{Layouter, SimpleFloorPlanner, Value},
    plonk::{Circuit, ConstraintSystem, Error},
};
use pasta_curves::Fp;

use super::TaskStatement;
use crate::catalogue::{self, CircuitInfo, InputFault, TaskError};
use crate::encoding::{field_bytes, InputReader};
use crate::gadgets::iterate::{IterateChip, IterateConfig};
use crate::gadgets::poseidon::{PoseidonLanes, PoseidonLanesConfig};
use crate::gadgets::public::PublicInputsConfig;
use crate::poseidon::{chain, hash1, input_tag};
use crate::ProveError;

/// The sizes of a Poseidon chain circuit.
pub trait Shape: 'static {
    /// The most iterations.
    const MAX_ITERATIONS: u32;
    /// Poseidon lanes.
    const LANES: usize;
    /// The catalogue entry.
    fn info() -> &'static CircuitInfo;
}

/// The catalogue's instance.
#[derive(Clone, Debug)]
pub struct ProductionShape;

impl Shape for ProductionShape {
    const MAX_ITERATIONS: u32 = catalogue::CHAIN_MAX_ITERATIONS;
    const LANES: usize = 8;
    fn info() -> &'static CircuitInfo {
        catalogue::info(catalogue::POSEIDON_CHAIN).expect("in the catalogue")
    }
}

/// The catalogue's Poseidon chain statement.
pub type Production = PoseidonChain<ProductionShape>;

/// A parsed Poseidon chain input.
#[derive(Clone, Debug)]
pub struct PoseidonChain<S: Shape> {
    /// The start.
    pub x: Fp,
    /// The number of iterations.
    pub n: u32,
    _shape: PhantomData<S>,
}

impl<S: Shape> PoseidonChain<S> {
    /// A statement (`n <= MAX_ITERATIONS`).
    pub fn new(x: Fp, n: u32) -> Self {
        assert!(n <= S::MAX_ITERATIONS);
        Self {
            x,
            n,
            _shape: PhantomData,
        }
    }

    /// The input bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = field_bytes(&self.x).to_vec();
        out.extend(self.n.to_le_bytes());
        out
    }
}

impl<S: Shape> TaskStatement for PoseidonChain<S> {
    type Circuit = PoseidonChainCircuit<S>;

    fn info() -> &'static CircuitInfo {
        S::info()
    }

    fn parse(input: &[u8]) -> Result<Self, TaskError> {
        let mut r = InputReader::new(input);
        let x = r.field()?;
        let at = r.offset();
        let n = r.u32();
        if n > S::MAX_ITERATIONS {
            return Err(InputReader::fault_at(at, InputFault::TooManyIterations));
        }
        Ok(Self::new(x, n))
    }

    fn commitment(&self) -> Fp {
        chain(
            input_tag(S::info().id),
            [self.x, Fp::from(u64::from(self.n))],
        )
    }

    fn evaluate(&self) -> Result<Vec<Fp>, ProveError> {
        Ok(vec![(0..self.n).fold(self.x, |y, _| hash1(y))])
    }

    fn circuit(&self) -> Result<PoseidonChainCircuit<S>, ProveError> {
        Ok(PoseidonChainCircuit {
            x: Value::known(self.x),
            n: Value::known(self.n),
            _shape: PhantomData,
        })
    }

    fn blank() -> PoseidonChainCircuit<S> {
        PoseidonChainCircuit {
            x: Value::unknown(),
            n: Value::unknown(),
            _shape: PhantomData,
        }
    }
}

/// The halo2 circuit of a Poseidon chain.
#[derive(Clone, Debug)]
pub struct PoseidonChainCircuit<S: Shape> {
    x: Value<Fp>,
    n: Value<u32>,
    _shape: PhantomData<S>,
}

/// Columns of [`PoseidonChainCircuit`].
#[derive(Clone, Debug)]
pub struct PoseidonChainConfig {
    poseidon: PoseidonLanesConfig,
    iterate: IterateConfig,
    public: PublicInputsConfig,
}

impl<S: Shape> Circuit<Fp> for PoseidonChainCircuit<S> {
    type Config = PoseidonChainConfig;
    type FloorPlanner = SimpleFloorPlanner;

    fn without_witnesses(&self) -> Self {
        PoseidonChain::<S>::blank()
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> PoseidonChainConfig {
        let public = PublicInputsConfig::configure(meta);
        PoseidonChainConfig {
            poseidon: PoseidonLanesConfig::configure(meta, S::LANES),
            iterate: IterateConfig::configure(meta),
            public,
        }
    }

    fn synthesize(
        &self,
        config: PoseidonChainConfig,
        mut layouter: impl Layouter<Fp>,
    ) -> Result<(), Error> {
        let poseidon = PoseidonLanes::new(&config.poseidon, &mut layouter)?;
        let (x, n, tag) = layouter.assign_region(
            || "statement",
            |mut region| {
                Ok((
                    region.assign_advice(|| "x", config.public.statement(), 0, || self.x)?,
                    region.assign_advice(
                        || "n",
                        config.public.statement(),
                        1,
                        || self.n.map(|n| Fp::from(u64::from(n))),
                    )?,
                    region.assign_advice_from_constant(
                        || "input tag",
                        config.public.statement(),
                        2,
                        input_tag(S::info().id),
                    )?,
                ))
            },
        )?;
        let iteration = IterateChip::new(&config.iterate, &poseidon).iterate(
            &mut layouter,
            self.x,
            self.n,
            S::MAX_ITERATIONS as usize,
        )?;
        layouter.assign_region(
            || "iteration matches the statement",
            |mut region| {
                region.constrain_equal(iteration.start.cell(), x.cell())?;
                region.constrain_equal(iteration.count.cell(), n.cell())
            },
        )?;
        let commitment = poseidon.chain(&mut layouter, &tag, [&x, &n])?;
        config
            .public
            .expose(&mut layouter, &commitment, &[iteration.end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuits::mock;
    use crate::gadgets::public::instance;
    use ff::Field;

    /// At most 8 iterations, one lane: the same constraints at k = 9.
    #[derive(Clone, Debug)]
    struct Small;
    static SMALL: CircuitInfo = CircuitInfo {
        id: catalogue::POSEIDON_CHAIN,
        name: "poseidon-chain-small",
        k: 9,
        input_lens: &[catalogue::CHAIN_INPUT_LEN as u32],
        outputs: 1,
        proof_len: 0,
        work: 0,
    };
    impl Shape for Small {
        const MAX_ITERATIONS: u32 = 8;
        const LANES: usize = 1;
        fn info() -> &'static CircuitInfo {
            &SMALL
        }
    }

    const PROVER: [u8; 32] = [3; 32];

    fn public(statement: &PoseidonChain<Small>) -> Vec<Fp> {
        instance(
            statement.commitment(),
            &statement.evaluate().unwrap(),
            &PROVER,
        )
    }

    #[test]
    fn every_n_up_to_the_maximum_satisfies_the_circuit() {
        for n in [0, 1, 5, 8] {
            let statement = PoseidonChain::<Small>::new(Fp::from(11), n);
            let expected = (0..n).fold(Fp::from(11), |y, _| hash1(y));
            assert_eq!(statement.evaluate().unwrap(), vec![expected]);
            let circuit = statement.circuit().unwrap();
            assert_eq!(
                mock::<PoseidonChain<Small>>(&circuit, public(&statement)),
                Ok(()),
                "n = {n}"
            );
        }
    }

    #[test]
    fn wrong_outputs_and_statements_are_unsatisfiable() {
        let statement = PoseidonChain::<Small>::new(Fp::from(11), 5);
        let circuit = statement.circuit().unwrap();
        let honest = public(&statement);
        for row in [0, 1] {
            let mut wrong = honest.clone();
            wrong[row] += Fp::ONE;
            assert!(
                mock::<PoseidonChain<Small>>(&circuit, wrong).is_err(),
                "row {row}"
            );
        }
        // H^4(x) claimed as H^5(x): the witness is for n = 4, the statement says 5.
        let four = PoseidonChain::<Small>::new(Fp::from(11), 4)
            .circuit()
            .unwrap();
        assert!(mock::<PoseidonChain<Small>>(&four, honest).is_err());
    }

    #[test]
    fn more_iterations_than_the_circuit_has_are_refused() {
        // The circuit has 8 steps; a witness for n = 9 cannot make count_N = 9.
        let statement = PoseidonChain::<Small> {
            x: Fp::from(1),
            n: 9,
            _shape: PhantomData,
        };
        let circuit = PoseidonChainCircuit::<Small> {
            x: Value::known(statement.x),
            n: Value::known(9),
            _shape: PhantomData,
        };
        let y = (0..9).fold(statement.x, |y, _| hash1(y));
        let public = instance(statement.commitment(), &[y], &PROVER);
        assert!(mock::<PoseidonChain<Small>>(&circuit, public).is_err());
        let mut bytes = field_bytes(&Fp::from(1)).to_vec();
        bytes.extend(9u32.to_le_bytes());
        assert_eq!(
            PoseidonChain::<Small>::parse(&bytes).unwrap_err(),
            TaskError::InvalidInput {
                offset: 32,
                fault: InputFault::TooManyIterations
            }
        );
    }
}
