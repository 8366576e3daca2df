//! The public inputs every catalogue circuit has, in one instance column:
//!
//! | row | value |
//! | --- | --- |
//! | 0 | the input commitment `C_in` (a Poseidon chain over the statement, see each circuit) |
//! | 1 ..= m | the circuit's `m` outputs |
//! | m + 1, m + 2 | the prover binding: the prover account's bytes `0..16` and `16..32` as integers |
//!
//! [`PublicInputsConfig`] also owns what every circuit needs around them: the fixed column for
//! constants and the *statement* advice column, where a circuit places the statement values it
//! commits to (and the tags of its Poseidon chains).
//!
//! `C_in` and the outputs are computed in the circuit and constrained equal to their instance
//! cells. The binding is copied from the instance column into an advice cell: that puts the
//! instance cells into the permutation argument, so besides entering the Fiat–Shamir transcript
//! (through the instance commitment) they are tied algebraically to a committed witness column. A
//! proof made for one account therefore fails for every other: re-binding it means proving again.

use halo2_proofs::{
    circuit::Layouter,
    plonk::{Advice, Column, ConstraintSystem, Error, Instance},
};
use pasta_curves::Fp;

use super::poseidon::Word;
use crate::catalogue::ProverId;
use crate::encoding::prover_binding;

/// The instance column, the statement column (which also receives the binding copy) and the
/// constants column.
#[derive(Clone, Debug)]
pub struct PublicInputsConfig {
    instance: Column<Instance>,
    statement: Column<Advice>,
}

impl PublicInputsConfig {
    /// Configures the instance, statement and constants columns. Call it first in a circuit's
    /// `configure`, so every circuit has them at the same indices.
    pub fn configure(meta: &mut ConstraintSystem<Fp>) -> Self {
        let constants = meta.fixed_column();
        meta.enable_constant(constants);
        let statement = meta.advice_column();
        meta.enable_equality(statement);
        let instance = meta.instance_column();
        meta.enable_equality(instance);
        Self {
            instance,
            statement,
        }
    }

    /// The advice column for statement values (equality enabled).
    pub fn statement(&self) -> Column<Advice> {
        self.statement
    }

    /// Constrains the commitment and the outputs to rows `0..=m`, and copies the binding of rows
    /// `m + 1, m + 2` into the advice column.
    pub fn expose(
        &self,
        layouter: &mut impl Layouter<Fp>,
        commitment: &Word,
        outputs: &[Word],
    ) -> Result<(), Error> {
        layouter.constrain_instance(commitment.cell(), self.instance, 0)?;
        for (i, output) in outputs.iter().enumerate() {
            layouter.constrain_instance(output.cell(), self.instance, 1 + i)?;
        }
        let first_binding_row = 1 + outputs.len();
        layouter.assign_region(
            || "prover binding",
            |mut region| {
                for i in 0..2 {
                    region.assign_advice_from_instance(
                        || "prover binding",
                        self.instance,
                        first_binding_row + i,
                        self.statement,
                        i,
                    )?;
                }
                Ok(())
            },
        )
    }
}

/// The instance column of a proof: `[C_in, outputs.., binding_lo, binding_hi]`.
pub fn instance(commitment: Fp, outputs: &[Fp], prover: &ProverId) -> Vec<Fp> {
    let mut column = Vec::with_capacity(outputs.len() + 3);
    column.push(commitment);
    column.extend_from_slice(outputs);
    column.extend(prover_binding(prover));
    column
}
