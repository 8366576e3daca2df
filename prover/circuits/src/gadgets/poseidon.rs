//! Poseidon in a circuit: `halo2_gadgets`' [`Pow5Chip`] run on several *lanes*.
//!
//! ## Layout
//!
//! One `Pow5Chip` permutation is a region of 37 rows on 4 advice columns (3 state words and the
//! partial-round S-box), 6 fixed columns (round constants) and 3 selectors: one row to load the
//! state, one per full round (8) and one per pair of partial rounds (28). A circuit with hundreds
//! of hashes and only one chip would be tall and thin: verification cost grows with the height
//! `2^k`, proving cost with height × width. So this gadget configures `L` independent chips (lanes)
//! on disjoint columns and hands the hashes out round-robin; `SimpleFloorPlanner` places a region
//! at the first row where all its columns are free, so the lanes fill side by side and the
//! circuit is `L` times shorter for the same proving work. Data dependencies between hashes are
//! only copy constraints, which do not care where cells sit.
//!
//! ## Hashes
//!
//! With rate 2, `ConstantLength<L>` Poseidon of `L <= 2` words absorbs once: the state
//! `[0, 0, L·2^64]` plus the (zero-padded) message is permuted and the first word is the hash. So
//! [`PoseidonLanes::hash2`]`(a, b)` permutes `[a, b, 2·2^64]` and [`PoseidonLanes::hash1`]`(a)`
//! permutes `[a, 0, 2^64]`, where the constant words are cells fixed once per circuit (one copy
//! constraint each, instead of the sponge gadget's three constant rows per hash). A test checks
//! both against [`crate::poseidon`] (the sponge of `halo2_gadgets`' primitives).

use std::cell::Cell;

use halo2_gadgets::poseidon::{
    primitives::P128Pow5T3, PoseidonInstructions, Pow5Chip, Pow5Config, StateWord,
};
use halo2_proofs::{
    circuit::{AssignedCell, Layouter},
    plonk::{Advice, Column, ConstraintSystem, Error},
};
use pasta_curves::Fp;

use ff::PrimeField;

/// An assigned field element.
pub type Word = AssignedCell<Fp, Fp>;

/// Columns of `L` Poseidon lanes.
#[derive(Clone, Debug)]
pub struct PoseidonLanesConfig {
    lanes: Vec<Pow5Config<Fp, 3, 2>>,
    /// An advice column (equality enabled) for the constant words.
    constants: Column<Advice>,
}

impl PoseidonLanesConfig {
    /// Configures `lanes` lanes. Needs a fixed column enabled for constants
    /// (`meta.enable_constant`) somewhere in the circuit.
    pub fn configure(meta: &mut ConstraintSystem<Fp>, lanes: usize) -> Self {
        assert!(lanes > 0, "at least one Poseidon lane");
        let lanes: Vec<_> = (0..lanes)
            .map(|_| {
                let state = [(); 3].map(|_| meta.advice_column());
                let partial_sbox = meta.advice_column();
                let rc_a = [(); 3].map(|_| meta.fixed_column());
                let rc_b = [(); 3].map(|_| meta.fixed_column());
                Pow5Chip::configure::<P128Pow5T3>(meta, state, partial_sbox, rc_a, rc_b)
            })
            .collect();
        let constants = meta.advice_column();
        meta.enable_equality(constants);
        Self { lanes, constants }
    }

    /// Number of lanes.
    pub fn lanes(&self) -> usize {
        self.lanes.len()
    }
}

/// The Poseidon gadget of one synthesis: lanes plus the constant capacity words.
#[derive(Debug)]
pub struct PoseidonLanes {
    chips: Vec<Pow5Chip<Fp, 3, 2>>,
    next_lane: Cell<usize>,
    zero: Word,
    capacity1: Word,
    capacity2: Word,
}

impl PoseidonLanes {
    /// Constructs the gadget and assigns its constant words (one small region).
    pub fn new(
        config: &PoseidonLanesConfig,
        layouter: &mut impl Layouter<Fp>,
    ) -> Result<Self, Error> {
        let (zero, capacity1, capacity2) = layouter.assign_region(
            || "poseidon constants",
            |mut region| {
                let mut constant = |row: usize, value: Fp| {
                    region.assign_advice_from_constant(
                        || "poseidon constant",
                        config.constants,
                        row,
                        value,
                    )
                };
                Ok((
                    constant(0, Fp::zero())?,
                    constant(1, Fp::from_u128(1 << 64))?,
                    constant(2, Fp::from_u128(2 << 64))?,
                ))
            },
        )?;
        Ok(Self {
            chips: config
                .lanes
                .iter()
                .cloned()
                .map(Pow5Chip::construct)
                .collect(),
            next_lane: Cell::new(0),
            zero,
            capacity1,
            capacity2,
        })
    }

    fn permute(&self, layouter: &mut impl Layouter<Fp>, state: [&Word; 3]) -> Result<Word, Error> {
        let lane = self.next_lane.get();
        self.next_lane.set((lane + 1) % self.chips.len());
        let state = state.map(|w| StateWord::from(w.clone()));
        let out = <Pow5Chip<Fp, 3, 2> as PoseidonInstructions<Fp, P128Pow5T3, 3, 2>>::permute(
            &self.chips[lane],
            layouter,
            &state,
        )?;
        let [first, _, _] = out;
        Ok(first.into())
    }

    /// `Poseidon(a, b)` ([`crate::poseidon::hash2`]).
    pub fn hash2(
        &self,
        layouter: &mut impl Layouter<Fp>,
        a: &Word,
        b: &Word,
    ) -> Result<Word, Error> {
        self.permute(layouter, [a, b, &self.capacity2])
    }

    /// `Poseidon(a)` ([`crate::poseidon::hash1`]).
    pub fn hash1(&self, layouter: &mut impl Layouter<Fp>, a: &Word) -> Result<Word, Error> {
        self.permute(layouter, [a, &self.zero, &self.capacity1])
    }

    /// The chain of `hash2` over `elements` from `tag` ([`crate::poseidon::chain`]).
    pub fn chain<'a>(
        &self,
        layouter: &mut impl Layouter<Fp>,
        tag: &Word,
        elements: impl IntoIterator<Item = &'a Word>,
    ) -> Result<Word, Error> {
        elements
            .into_iter()
            .try_fold(tag.clone(), |acc, e| self.hash2(layouter, &acc, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poseidon;
    use halo2_proofs::{
        circuit::{SimpleFloorPlanner, Value},
        dev::MockProver,
        plonk::{Circuit, Instance},
    };

    /// Exposes hash1(a), hash2(a, b) and chain(tag; a, b) computed by the lanes.
    #[derive(Default)]
    struct Hashes {
        a: Value<Fp>,
        b: Value<Fp>,
    }

    impl Circuit<Fp> for Hashes {
        type Config = (PoseidonLanesConfig, Column<Advice>, Column<Instance>);
        type FloorPlanner = SimpleFloorPlanner;

        fn without_witnesses(&self) -> Self {
            Self::default()
        }

        fn configure(meta: &mut ConstraintSystem<Fp>) -> Self::Config {
            let constants = meta.fixed_column();
            meta.enable_constant(constants);
            let input = meta.advice_column();
            meta.enable_equality(input);
            let instance = meta.instance_column();
            meta.enable_equality(instance);
            (PoseidonLanesConfig::configure(meta, 2), input, instance)
        }

        fn synthesize(
            &self,
            (lanes, input, instance): Self::Config,
            mut layouter: impl Layouter<Fp>,
        ) -> Result<(), Error> {
            let poseidon = PoseidonLanes::new(&lanes, &mut layouter)?;
            let (a, b, tag) = layouter.assign_region(
                || "inputs",
                |mut region| {
                    Ok((
                        region.assign_advice(|| "a", input, 0, || self.a)?,
                        region.assign_advice(|| "b", input, 1, || self.b)?,
                        region.assign_advice_from_constant(
                            || "tag",
                            input,
                            2,
                            poseidon::input_tag(7),
                        )?,
                    ))
                },
            )?;
            let h1 = poseidon.hash1(&mut layouter, &a)?;
            let h2 = poseidon.hash2(&mut layouter, &a, &b)?;
            let c = poseidon.chain(&mut layouter, &tag, [&a, &b])?;
            for (row, cell) in [h1, h2, c].iter().enumerate() {
                layouter.constrain_instance(cell.cell(), instance, row)?;
            }
            Ok(())
        }
    }

    #[test]
    fn lanes_match_native_poseidon() {
        let (a, b) = (Fp::from(0x1234), -Fp::from(99));
        let circuit = Hashes {
            a: Value::known(a),
            b: Value::known(b),
        };
        let expected = vec![
            poseidon::hash1(a),
            poseidon::hash2(a, b),
            poseidon::chain(poseidon::input_tag(7), [a, b]),
        ];
        let prover = MockProver::run(7, &circuit, vec![expected.clone()]).unwrap();
        assert_eq!(prover.verify(), Ok(()));

        let mut wrong = expected;
        wrong[1] += Fp::one();
        let prover = MockProver::run(7, &circuit, vec![wrong]).unwrap();
        assert!(
            prover.verify().is_err(),
            "a wrong hash must not satisfy the circuit"
        );
    }
}
