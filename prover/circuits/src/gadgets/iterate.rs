//! Iterating a function a witness-chosen number of times inside a fixed-size circuit.
//!
//! A circuit has a fixed shape, so computing `f^n(x)` for any `n <= N` means laying out all `N`
//! steps and switching the last `N − n` off. [`IterateChip`] keeps, per step `i < N`, one row
//!
//! | `y` | `fy` | `on` | `count` |
//!
//! where `fy = f(y)` is copied from the region that computes `f` (Poseidon lanes here). With `q` the
//! step selector (rows `0..N`) its gate constrains
//!
//! - `on · (1 − on) = 0`: `on` is boolean;
//! - `y_{i+1} = y_i + on_i · (fy_i − y_i)`: a step applies `f` when on, else carries `y`;
//! - `count_{i+1} = count_i + on_i`: `count` counts the steps that were on.
//!
//! An off step leaves `y` as it is, so `y_N = f^{count_N}(y_0)` whichever steps are on: no order
//! needs constraining (the prover switches on the first `n`). The circuit copies `x` into `y_0`,
//! fixes `count_0 = 0`, copies `n` into `count_N` and reads `y_N`. Row `N` holds `y_N` and
//! `count_N`.

use halo2_proofs::{
    circuit::{Layouter, Value},
    plonk::{Advice, Column, ConstraintSystem, Constraints, Error, Expression, Selector},
    poly::Rotation,
};
use pasta_curves::Fp;

use ff::Field;

use super::poseidon::{PoseidonLanes, Word};
use crate::poseidon::hash1;

/// Columns and gate of [`IterateChip`].
#[derive(Clone, Debug)]
pub struct IterateConfig {
    y: Column<Advice>,
    fy: Column<Advice>,
    on: Column<Advice>,
    count: Column<Advice>,
    q_step: Selector,
}

impl IterateConfig {
    /// Configures the chip on four fresh advice columns.
    pub fn configure(meta: &mut ConstraintSystem<Fp>) -> Self {
        let [y, fy, on, count] = [(); 4].map(|_| meta.advice_column());
        for column in [y, fy, count] {
            meta.enable_equality(column);
        }
        let q_step = meta.selector();
        meta.create_gate("iterate step", |meta| {
            let q = meta.query_selector(q_step);
            let y_cur = meta.query_advice(y, Rotation::cur());
            let y_next = meta.query_advice(y, Rotation::next());
            let fy = meta.query_advice(fy, Rotation::cur());
            let on_cur = meta.query_advice(on, Rotation::cur());
            let count_cur = meta.query_advice(count, Rotation::cur());
            let count_next = meta.query_advice(count, Rotation::next());
            let one = Expression::Constant(Fp::ONE);
            Constraints::with_selector(
                q,
                [
                    ("on is boolean", on_cur.clone() * (one - on_cur.clone())),
                    (
                        "step applies f when on",
                        y_next - (y_cur.clone() + on_cur.clone() * (fy - y_cur)),
                    ),
                    ("count the steps", count_next - (count_cur + on_cur)),
                ],
            )
        });
        Self {
            y,
            fy,
            on,
            count,
            q_step,
        }
    }
}

/// Iterates Poseidon ([`crate::poseidon::hash1`]) with the lanes.
#[derive(Debug)]
pub struct IterateChip<'a> {
    config: &'a IterateConfig,
    poseidon: &'a PoseidonLanes,
}

/// The ends of an iteration.
#[derive(Debug)]
pub struct Iteration {
    /// `y_0` (to be constrained to `x`).
    pub start: Word,
    /// `count_N`: the number of steps applied (to be constrained to `n`).
    pub count: Word,
    /// `y_N = hash1^count(y_0)`.
    pub end: Word,
}

impl<'a> IterateChip<'a> {
    /// The chip over `config`, hashing with `poseidon`.
    pub fn new(config: &'a IterateConfig, poseidon: &'a PoseidonLanes) -> Self {
        Self { config, poseidon }
    }

    /// Lays out `steps` steps of `y ↦ hash1(y)` from `x`, the first `n` of them on.
    pub fn iterate(
        &self,
        layouter: &mut impl Layouter<Fp>,
        x: Value<Fp>,
        n: Value<u32>,
        steps: usize,
    ) -> Result<Iteration, Error> {
        let config = self.config;
        // (y_i, on_i) for i in 0..=steps, natively.
        let trace: Value<Vec<(Fp, bool)>> = x.zip(n).map(|(x, n)| {
            let mut y = x;
            (0..=steps)
                .map(|i| {
                    let on = i < n as usize && i < steps;
                    let row = (y, on);
                    if on {
                        y = hash1(y);
                    }
                    row
                })
                .collect()
        });
        let rows = layouter.assign_region(
            || "iterate",
            |mut region| {
                let mut rows = Vec::with_capacity(steps + 1);
                let mut count = Value::known(Fp::ZERO);
                for i in 0..=steps {
                    let row = trace.as_ref().map(|t| t[i]);
                    let y = region.assign_advice(|| "y", config.y, i, || row.map(|r| r.0))?;
                    let on = row.map(|r| Fp::from(r.1 as u64));
                    let count_cell = if i == 0 {
                        region.assign_advice_from_constant(
                            || "count_0",
                            config.count,
                            0,
                            Fp::ZERO,
                        )?
                    } else {
                        region.assign_advice(|| "count", config.count, i, || count)?
                    };
                    let fy = if i < steps {
                        config.q_step.enable(&mut region, i)?;
                        region.assign_advice(|| "on", config.on, i, || on)?;
                        Some(region.assign_advice(
                            || "f(y)",
                            config.fy,
                            i,
                            || row.map(|r| hash1(r.0)),
                        )?)
                    } else {
                        None
                    };
                    count = count + on;
                    rows.push((y, fy, count_cell));
                }
                Ok(rows)
            },
        )?;
        // fy_i must be hash1(y_i).
        for (y, fy, _) in &rows[..steps] {
            let hashed = self.poseidon.hash1(layouter, y)?;
            let fy = fy.as_ref().expect("step rows carry f(y)");
            layouter.assign_region(
                || "iterate f(y)",
                |mut region| region.constrain_equal(hashed.cell(), fy.cell()),
            )?;
        }
        Ok(Iteration {
            start: rows[0].0.clone(),
            count: rows[steps].2.clone(),
            end: rows[steps].0.clone(),
        })
    }
}
