//! A Merkle leaf update: one path, two roots.
//!
//! Writing leaf `i` of a Poseidon Merkle tree of depth `D` changes exactly the nodes on `i`'s path,
//! and the siblings along the path stay the same. So one witness path `(s_0 .. s_{D-1})` proves
//! both that the old leaf `a` is at index `i` under the old root and what the root becomes when
//! `a` is replaced by `b`:
//!
//! ```text
//! old_0 = a,  new_0 = b
//! (l, r)  = bit_j ? (s_j, x_j) : (x_j, s_j)        for x in {old, new}
//! x_{j+1} = hash2(l, r)
//! old_D = old root (checked),  new_D = new root (returned)
//! ```
//!
//! ## The chip
//!
//! [`MerkleUpdateChip`] owns nine advice columns and one gate; a path is one region of `D + 1`
//! rows, row `j` holding level `j`:
//!
//! | `old` | `new` | `sibling` | `bit` | `z` | `old_left` | `old_right` | `new_left` | `new_right` |
//!
//! With `q` the level selector (rows `0..D`), the gate constrains
//!
//! - `bit · (1 − bit) = 0`: the bit is boolean;
//! - `z_j = 2·z_{j+1} + bit_j`: `z` is the running sum of the index from the top, so
//!   `z_0 = Σ bit_j 2^j`. The circuit copies the write's index into `z_0` and constrains
//!   `z_D = 0`, which pins the bits to the index and the index below `2^D`;
//! - `old_left = old + bit·(sibling − old)` and `old_right = sibling + bit·(old − sibling)` (a
//!   conditional swap, degree 2), and the same for `new`.
//!
//! The hashes are regions of the Poseidon lanes; `hash2(x_left, x_right)` is constrained equal to
//! `x` on the next row. The chip's region holds values computed natively, so it can be laid out
//! before the hashes that check it.

use halo2_proofs::{
    circuit::{Layouter, Value},
    plonk::{Advice, Column, ConstraintSystem, Constraints, Error, Expression, Selector},
    poly::Rotation,
};
use pasta_curves::Fp;

use ff::Field;

use super::poseidon::{PoseidonLanes, Word};
use crate::poseidon::hash2;

/// Columns and gate of [`MerkleUpdateChip`].
#[derive(Clone, Debug)]
pub struct MerkleUpdateConfig {
    old: Column<Advice>,
    new: Column<Advice>,
    sibling: Column<Advice>,
    bit: Column<Advice>,
    z: Column<Advice>,
    old_left: Column<Advice>,
    old_right: Column<Advice>,
    new_left: Column<Advice>,
    new_right: Column<Advice>,
    q_level: Selector,
}

/// One leaf update's witness: the old leaf and the siblings, bottom-up.
#[derive(Clone, Debug)]
pub struct PathWitness {
    /// The leaf's value before the write.
    pub old_leaf: Value<Fp>,
    /// Siblings from the leaf's level up.
    pub siblings: Vec<Value<Fp>>,
}

/// The roots a leaf update connects.
#[derive(Debug)]
pub struct PathUpdate {
    /// The root computed from the old leaf (to be constrained to the current root).
    pub old_root: Word,
    /// The root after the write.
    pub new_root: Word,
    /// The write's index (`z_0`), for the statement commitment.
    pub index: Word,
    /// The write's new leaf, for the statement commitment.
    pub new_leaf: Word,
}

impl MerkleUpdateConfig {
    /// Configures the chip on nine fresh advice columns.
    pub fn configure(meta: &mut ConstraintSystem<Fp>) -> Self {
        let [old, new, sibling, bit, z, old_left, old_right, new_left, new_right] =
            [(); 9].map(|_| meta.advice_column());
        for column in [old, new, z, old_left, old_right, new_left, new_right] {
            meta.enable_equality(column);
        }
        let q_level = meta.selector();
        meta.create_gate("merkle level", |meta| {
            let q = meta.query_selector(q_level);
            let cur = |meta: &mut halo2_proofs::plonk::VirtualCells<Fp>, c| {
                meta.query_advice(c, Rotation::cur())
            };
            let (old_x, new_x, s, b) = (
                cur(meta, old),
                cur(meta, new),
                cur(meta, sibling),
                cur(meta, bit),
            );
            let z_cur = cur(meta, z);
            let z_next = meta.query_advice(z, Rotation::next());
            let swap = |x: Expression<Fp>, left: Expression<Fp>, right: Expression<Fp>| {
                [
                    left - (x.clone() + b.clone() * (s.clone() - x.clone())),
                    right - (s.clone() + b.clone() * (x - s.clone())),
                ]
            };
            let [ol, or] = swap(old_x, cur(meta, old_left), cur(meta, old_right));
            let [nl, nr] = swap(new_x, cur(meta, new_left), cur(meta, new_right));
            Constraints::with_selector(
                q,
                [
                    (
                        "bit is boolean",
                        b.clone() * (Expression::Constant(Fp::ONE) - b.clone()),
                    ),
                    ("index running sum", z_cur - (z_next * Fp::from(2) + b)),
                    ("old left", ol),
                    ("old right", or),
                    ("new left", nl),
                    ("new right", nr),
                ],
            )
        });
        Self {
            old,
            new,
            sibling,
            bit,
            z,
            old_left,
            old_right,
            new_left,
            new_right,
            q_level,
        }
    }
}

/// Proves leaf updates with the Poseidon lanes.
#[derive(Debug)]
pub struct MerkleUpdateChip<'a> {
    config: &'a MerkleUpdateConfig,
    poseidon: &'a PoseidonLanes,
}

/// The values of one level of a path, computed natively.
#[derive(Clone, Copy, Default)]
struct Level {
    old: Fp,
    new: Fp,
    sibling: Fp,
    bit: bool,
    z: Fp,
}

impl Level {
    fn children(&self, x: Fp) -> (Fp, Fp) {
        if self.bit {
            (self.sibling, x)
        } else {
            (x, self.sibling)
        }
    }
}

impl<'a> MerkleUpdateChip<'a> {
    /// The chip over `config`, hashing with `poseidon`.
    pub fn new(config: &'a MerkleUpdateConfig, poseidon: &'a PoseidonLanes) -> Self {
        Self { config, poseidon }
    }

    /// Lays out the update of leaf `index` (a `u32`, `< 2^depth`) to `new_leaf`. Returns both
    /// roots; the caller constrains `old_root`.
    pub fn update(
        &self,
        layouter: &mut impl Layouter<Fp>,
        index: Value<u32>,
        new_leaf: Value<Fp>,
        witness: &PathWitness,
    ) -> Result<PathUpdate, Error> {
        let depth = witness.siblings.len();
        let config = self.config;
        // The levels, natively (unknown during key generation).
        let siblings: Value<Vec<Fp>> = witness.siblings.iter().copied().collect();
        let levels: Value<Vec<Level>> =
            index.zip(new_leaf).zip(witness.old_leaf).zip(siblings).map(
                |(((index, new_leaf), old_leaf), siblings)| {
                    let mut levels = Vec::with_capacity(depth + 1);
                    let (mut old, mut new) = (old_leaf, new_leaf);
                    for (j, sibling) in siblings.into_iter().enumerate() {
                        let level = Level {
                            old,
                            new,
                            sibling,
                            bit: (index >> j) & 1 == 1,
                            z: Fp::from(u64::from(index) >> j),
                        };
                        let (ol, or) = level.children(old);
                        let (nl, nr) = level.children(new);
                        old = hash2(ol, or);
                        new = hash2(nl, nr);
                        levels.push(level);
                    }
                    levels.push(Level {
                        old,
                        new,
                        z: Fp::from(u64::from(index) >> depth),
                        ..Level::default()
                    });
                    levels
                },
            );
        let level = |j: usize| levels.as_ref().map(|l| l[j]);

        // The chip's region: levels 0..depth, then the roots row.
        let rows = layouter.assign_region(
            || "merkle path",
            |mut region| {
                let mut rows = Vec::with_capacity(depth + 1);
                for j in 0..=depth {
                    let l = level(j);
                    let advice = |region: &mut halo2_proofs::circuit::Region<'_, Fp>,
                                  column,
                                  value: Value<Fp>| {
                        region.assign_advice(|| "merkle", column, j, || value)
                    };
                    let old = advice(&mut region, config.old, l.map(|l| l.old))?;
                    let new = advice(&mut region, config.new, l.map(|l| l.new))?;
                    if j == depth {
                        // The index is fully consumed: z_D = 0.
                        let z =
                            region.assign_advice_from_constant(|| "z_D", config.z, j, Fp::ZERO)?;
                        rows.push((old, new, z, None));
                        break;
                    }
                    config.q_level.enable(&mut region, j)?;
                    advice(&mut region, config.sibling, l.map(|l| l.sibling))?;
                    advice(&mut region, config.bit, l.map(|l| Fp::from(l.bit as u64)))?;
                    let z = advice(&mut region, config.z, l.map(|l| l.z))?;
                    let children = |x: fn(&Level) -> Fp| l.map(move |l| l.children(x(&l)));
                    let old_children = children(|l| l.old);
                    let new_children = children(|l| l.new);
                    let ol = advice(&mut region, config.old_left, old_children.map(|c| c.0))?;
                    let or = advice(&mut region, config.old_right, old_children.map(|c| c.1))?;
                    let nl = advice(&mut region, config.new_left, new_children.map(|c| c.0))?;
                    let nr = advice(&mut region, config.new_right, new_children.map(|c| c.1))?;
                    rows.push((old, new, z, Some([ol, or, nl, nr])));
                }
                Ok(rows)
            },
        )?;

        // Each level's hashes must be the next level's nodes.
        for j in 0..depth {
            let [ol, or, nl, nr] = rows[j].3.as_ref().expect("level rows carry children");
            let old_parent = self.poseidon.hash2(layouter, ol, or)?;
            let new_parent = self.poseidon.hash2(layouter, nl, nr)?;
            layouter.assign_region(
                || "merkle parents",
                |mut region| {
                    region.constrain_equal(old_parent.cell(), rows[j + 1].0.cell())?;
                    region.constrain_equal(new_parent.cell(), rows[j + 1].1.cell())
                },
            )?;
        }
        let (leaf_row, root_row) = (&rows[0], &rows[depth]);
        Ok(PathUpdate {
            old_root: root_row.0.clone(),
            new_root: root_row.1.clone(),
            index: leaf_row.2.clone(),
            new_leaf: leaf_row.1.clone(),
        })
    }
}
