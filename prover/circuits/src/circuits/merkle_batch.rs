//! Circuit 1, `merkle-batch`: a batch of writes to a Poseidon Merkle tree (a rollup's state
//! transition).
//!
//! ## Statement
//!
//! For a tree of depth `D` (leaves `0..2^D`, empty leaves 0, node `hash2(left, right)`), and writes
//! `(i_1, v_1) .. (i_W, v_W)` applied in order: *applying the writes to the tree with root
//! `old_root` gives the tree with root `new_root`.* The witness holds, for each write, the leaf's
//! value and its path in the tree as it is after the writes before it.
//!
//! ## Input (bytes)
//!
//! `old_root ‖ W × (index: u32 LE ‖ new_leaf)`, optionally followed by the path hints
//! `W × (old_leaf ‖ D siblings, bottom-up)`. Field elements are 32-byte canonical LE. With
//! `W = 16, D = 20`: 608 bytes, or 11,360 with the hints. The hints are witness, not statement:
//! they are not committed, and a prover without them rebuilds them from the rollup's earlier
//! writes with a [`MerkleTree`].
//!
//! ## Public inputs
//!
//! `C_in = chain(input_tag(1), [old_root, i_1, v_1, .., i_W, v_W])`, the output `new_root`, and the
//! prover binding. The chain stores `C_in` at submission (the host function computes it), so a
//! proof speaks about exactly the writes the dApp posted.
//!
//! ## Constraints
//!
//! Each write is one [`MerkleUpdateChip`] path: its old root is constrained equal to the running
//! root (`old_root` for the first write), its new root becomes the running root; the last one is
//! the output. The index is the path's running-sum `z_0`, so the committed index is the one whose
//! bits steer the path, and `z_D = 0` keeps it below `2^D`. The committed leaf is the path's
//! `new_0`. 2·D·W + 1 + 2W Poseidon permutations in all (673 for `W = 16, D = 20`).

use std::collections::HashMap;
use std::marker::PhantomData;

use halo2_proofs::{
    circuit::{Layouter, SimpleFloorPlanner, Value},
    plonk::{Circuit, ConstraintSystem, Error},
};
use pasta_curves::Fp;

use super::TaskStatement;
use crate::catalogue::{self, CircuitInfo, InputFault, TaskError};
use crate::encoding::{field_bytes, InputReader};
use crate::gadgets::merkle::{MerkleUpdateChip, MerkleUpdateConfig, PathWitness};
use crate::gadgets::poseidon::{PoseidonLanes, PoseidonLanesConfig};
use crate::gadgets::public::PublicInputsConfig;
use crate::poseidon::{chain, hash2, input_tag};
use crate::ProveError;

/// The sizes of a Merkle batch circuit.
pub trait Shape: 'static {
    /// Writes per batch.
    const WRITES: usize;
    /// Tree depth.
    const DEPTH: usize;
    /// Poseidon lanes.
    const LANES: usize;
    /// The catalogue entry.
    fn info() -> &'static CircuitInfo;
}

/// The catalogue's instance: 32 writes, depth 20, k = 13.
#[derive(Clone, Debug)]
pub struct ProductionShape;

impl Shape for ProductionShape {
    const WRITES: usize = catalogue::MERKLE_WRITES;
    const DEPTH: usize = catalogue::MERKLE_DEPTH;
    const LANES: usize = 8;
    fn info() -> &'static CircuitInfo {
        catalogue::info(catalogue::MERKLE_BATCH).expect("in the catalogue")
    }
}

/// The catalogue's Merkle batch statement.
pub type Production = MerkleBatch<ProductionShape>;

/// One write's path hint: the leaf's value before the write and its siblings, bottom-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathHint {
    /// The leaf's value before the write.
    pub old_leaf: Fp,
    /// Siblings from the leaf's level up (`DEPTH` of them).
    pub siblings: Vec<Fp>,
}

/// A parsed Merkle batch input.
#[derive(Clone, Debug)]
pub struct MerkleBatch<S: Shape> {
    /// The root before the writes.
    pub old_root: Fp,
    /// `(index, new leaf)`, in order.
    pub writes: Vec<(u32, Fp)>,
    /// Path hints, when the input carries them.
    pub hints: Option<Vec<PathHint>>,
    _shape: PhantomData<S>,
}

impl<S: Shape> MerkleBatch<S> {
    /// Input length without hints.
    pub const STATEMENT_LEN: usize = 32 + S::WRITES * 36;
    /// Input length with hints.
    pub const WITH_HINTS_LEN: usize = Self::STATEMENT_LEN + S::WRITES * 32 * (1 + S::DEPTH);

    /// A statement from its parts (the index of every write must be below `2^DEPTH`).
    pub fn new(old_root: Fp, writes: Vec<(u32, Fp)>, hints: Option<Vec<PathHint>>) -> Self {
        assert_eq!(writes.len(), S::WRITES);
        Self {
            old_root,
            writes,
            hints,
            _shape: PhantomData,
        }
    }

    /// The input bytes (with the hints when present).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::WITH_HINTS_LEN);
        out.extend(field_bytes(&self.old_root));
        for (index, leaf) in &self.writes {
            out.extend(index.to_le_bytes());
            out.extend(field_bytes(leaf));
        }
        for hint in self.hints.iter().flatten() {
            out.extend(field_bytes(&hint.old_leaf));
            for s in &hint.siblings {
                out.extend(field_bytes(s));
            }
        }
        out
    }

    /// This statement with the hints read from `tree`, which must be at `old_root`.
    pub fn with_hints_from(&self, tree: &MerkleTree) -> Result<Self, ProveError> {
        if tree.root() != self.old_root {
            return Err(ProveError::Unprovable(
                "the tree given for the hints is not at the batch's old root".into(),
            ));
        }
        let mut tree = tree.clone();
        let hints = self
            .writes
            .iter()
            .map(|&(index, leaf)| {
                let hint = PathHint {
                    old_leaf: tree.leaf(index),
                    siblings: tree.siblings(index),
                };
                tree.set(index, leaf);
                hint
            })
            .collect();
        Ok(Self::new(self.old_root, self.writes.clone(), Some(hints)))
    }
}

impl<S: Shape> TaskStatement for MerkleBatch<S> {
    type Circuit = MerkleBatchCircuit<S>;

    fn info() -> &'static CircuitInfo {
        S::info()
    }

    fn parse(input: &[u8]) -> Result<Self, TaskError> {
        let mut r = InputReader::new(input);
        let old_root = r.field()?;
        let mut writes = Vec::with_capacity(S::WRITES);
        for _ in 0..S::WRITES {
            let at = r.offset();
            let index = r.u32();
            if S::DEPTH < 32 && index >> S::DEPTH != 0 {
                return Err(InputReader::fault_at(at, InputFault::IndexOutOfRange));
            }
            writes.push((index, r.field()?));
        }
        let hints = if r.is_empty() {
            None
        } else {
            let mut hints = Vec::with_capacity(S::WRITES);
            for _ in 0..S::WRITES {
                let old_leaf = r.field()?;
                let siblings = (0..S::DEPTH).map(|_| r.field()).collect::<Result<_, _>>()?;
                hints.push(PathHint { old_leaf, siblings });
            }
            Some(hints)
        };
        debug_assert!(r.is_empty());
        Ok(Self::new(old_root, writes, hints))
    }

    fn commitment(&self) -> Fp {
        let elements = self
            .writes
            .iter()
            .flat_map(|&(index, leaf)| [Fp::from(u64::from(index)), leaf]);
        chain(
            input_tag(S::info().id),
            std::iter::once(self.old_root).chain(elements),
        )
    }

    fn evaluate(&self) -> Result<Vec<Fp>, ProveError> {
        let hints = self.hints.as_ref().ok_or_else(|| {
            ProveError::Unprovable(
                "the input carries no path hints: rebuild the rollup's tree (MerkleTree) and \
                 add them with with_hints_from"
                    .into(),
            )
        })?;
        let mut root = self.old_root;
        for (j, (&(index, leaf), hint)) in self.writes.iter().zip(hints).enumerate() {
            if path_root(index, hint.old_leaf, &hint.siblings) != root {
                return Err(ProveError::Unprovable(format!(
                    "write {j}: the hinted path of leaf {index} does not lead to the current root"
                )));
            }
            root = path_root(index, leaf, &hint.siblings);
        }
        Ok(vec![root])
    }

    fn circuit(&self) -> Result<MerkleBatchCircuit<S>, ProveError> {
        self.evaluate()?;
        let hints = self.hints.as_ref().expect("evaluate checked the hints");
        Ok(MerkleBatchCircuit {
            old_root: Value::known(self.old_root),
            writes: self
                .writes
                .iter()
                .map(|&(i, v)| (Value::known(i), Value::known(v)))
                .collect(),
            paths: hints
                .iter()
                .map(|h| PathWitness {
                    old_leaf: Value::known(h.old_leaf),
                    siblings: h.siblings.iter().copied().map(Value::known).collect(),
                })
                .collect(),
            _shape: PhantomData,
        })
    }

    fn blank() -> MerkleBatchCircuit<S> {
        MerkleBatchCircuit {
            old_root: Value::unknown(),
            writes: vec![(Value::unknown(), Value::unknown()); S::WRITES],
            paths: vec![
                PathWitness {
                    old_leaf: Value::unknown(),
                    siblings: vec![Value::unknown(); S::DEPTH],
                };
                S::WRITES
            ],
            _shape: PhantomData,
        }
    }
}

/// The root reached from `leaf` at `index` through `siblings` (bottom-up).
pub fn path_root(index: u32, leaf: Fp, siblings: &[Fp]) -> Fp {
    siblings.iter().enumerate().fold(leaf, |node, (j, &s)| {
        if (index >> j) & 1 == 1 {
            hash2(s, node)
        } else {
            hash2(node, s)
        }
    })
}

/// The halo2 circuit of a Merkle batch.
#[derive(Clone, Debug)]
pub struct MerkleBatchCircuit<S: Shape> {
    old_root: Value<Fp>,
    writes: Vec<(Value<u32>, Value<Fp>)>,
    paths: Vec<PathWitness>,
    _shape: PhantomData<S>,
}

/// Columns of [`MerkleBatchCircuit`].
#[derive(Clone, Debug)]
pub struct MerkleBatchConfig {
    poseidon: PoseidonLanesConfig,
    merkle: MerkleUpdateConfig,
    public: PublicInputsConfig,
}

impl<S: Shape> Circuit<Fp> for MerkleBatchCircuit<S> {
    type Config = MerkleBatchConfig;
    type FloorPlanner = SimpleFloorPlanner;

    fn without_witnesses(&self) -> Self {
        MerkleBatch::<S>::blank()
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> MerkleBatchConfig {
        let public = PublicInputsConfig::configure(meta);
        MerkleBatchConfig {
            poseidon: PoseidonLanesConfig::configure(meta, S::LANES),
            merkle: MerkleUpdateConfig::configure(meta),
            public,
        }
    }

    fn synthesize(
        &self,
        config: MerkleBatchConfig,
        mut layouter: impl Layouter<Fp>,
    ) -> Result<(), Error> {
        let poseidon = PoseidonLanes::new(&config.poseidon, &mut layouter)?;
        let (old_root, tag) = layouter.assign_region(
            || "statement",
            |mut region| {
                Ok((
                    region.assign_advice(
                        || "old root",
                        config.public.statement(),
                        0,
                        || self.old_root,
                    )?,
                    region.assign_advice_from_constant(
                        || "input tag",
                        config.public.statement(),
                        1,
                        input_tag(S::info().id),
                    )?,
                ))
            },
        )?;
        let merkle = MerkleUpdateChip::new(&config.merkle, &poseidon);
        let mut root = old_root.clone();
        let mut committed = vec![old_root];
        for ((index, leaf), path) in self.writes.iter().zip(&self.paths) {
            let update = merkle.update(&mut layouter, *index, *leaf, path)?;
            layouter.assign_region(
                || "write follows the previous root",
                |mut region| region.constrain_equal(update.old_root.cell(), root.cell()),
            )?;
            root = update.new_root;
            committed.push(update.index);
            committed.push(update.new_leaf);
        }
        let commitment = poseidon.chain(&mut layouter, &tag, &committed)?;
        config.public.expose(&mut layouter, &commitment, &[root])
    }
}

/// A sparse Poseidon Merkle tree of fixed depth: what a rollup operator or a prover keeps to
/// produce path hints. Only non-empty nodes are stored.
#[derive(Clone, Debug)]
pub struct MerkleTree {
    depth: usize,
    /// `levels[j][i]`: node `i` of level `j` (level 0: leaves), when not empty.
    levels: Vec<HashMap<u64, Fp>>,
    /// The node of an empty subtree per level.
    empty: Vec<Fp>,
}

impl MerkleTree {
    /// An empty tree of `depth` levels (`depth <= 32`).
    pub fn new(depth: usize) -> Self {
        assert!(depth <= 32, "indices are u32");
        let mut empty = vec![Fp::zero()];
        for j in 0..depth {
            empty.push(hash2(empty[j], empty[j]));
        }
        Self {
            depth,
            levels: vec![HashMap::new(); depth + 1],
            empty,
        }
    }

    fn node(&self, level: usize, i: u64) -> Fp {
        self.levels[level]
            .get(&i)
            .copied()
            .unwrap_or(self.empty[level])
    }

    /// The root.
    pub fn root(&self) -> Fp {
        self.node(self.depth, 0)
    }

    /// Leaf `index`.
    pub fn leaf(&self, index: u32) -> Fp {
        self.node(0, u64::from(index))
    }

    /// The siblings of leaf `index`, bottom-up.
    pub fn siblings(&self, index: u32) -> Vec<Fp> {
        (0..self.depth)
            .map(|j| self.node(j, (u64::from(index) >> j) ^ 1))
            .collect()
    }

    /// Writes leaf `index` and updates its path.
    pub fn set(&mut self, index: u32, leaf: Fp) {
        let mut i = u64::from(index);
        assert!(i >> self.depth == 0, "index beyond the tree");
        self.levels[0].insert(i, leaf);
        for j in 0..self.depth {
            let (left, right) = (self.node(j, i & !1), self.node(j, i | 1));
            i >>= 1;
            self.levels[j + 1].insert(i, hash2(left, right));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuits::mock;
    use crate::gadgets::public::instance;
    use ff::Field;

    /// 2 writes to a tree of depth 4, one lane: the same constraints at k = 10.
    #[derive(Clone, Debug)]
    struct Small;
    static SMALL: CircuitInfo = CircuitInfo {
        id: catalogue::MERKLE_BATCH,
        name: "merkle-batch-small",
        k: 10,
        input_lens: &[
            MerkleBatch::<Small>::STATEMENT_LEN as u32,
            MerkleBatch::<Small>::WITH_HINTS_LEN as u32,
        ],
        outputs: 1,
        proof_len: 0,
        work: 0,
    };
    impl Shape for Small {
        const WRITES: usize = 2;
        const DEPTH: usize = 4;
        const LANES: usize = 1;
        fn info() -> &'static CircuitInfo {
            &SMALL
        }
    }

    const PROVER: [u8; 32] = [9; 32];

    /// A tree with a few leaves, and a batch that writes leaf 5 twice and leaf 12 once.
    fn batch() -> MerkleBatch<Small> {
        let mut tree = MerkleTree::new(Small::DEPTH);
        tree.set(5, Fp::from(50));
        tree.set(6, Fp::from(60));
        let writes = vec![(5, Fp::from(51)), (5, Fp::from(52))];
        MerkleBatch::new(tree.root(), writes, None)
            .with_hints_from(&tree)
            .unwrap()
    }

    fn public(statement: &MerkleBatch<Small>) -> Vec<Fp> {
        let outputs = statement.evaluate().unwrap();
        instance(statement.commitment(), &outputs, &PROVER)
    }

    #[test]
    fn tree_and_path_roots_agree() {
        let mut tree = MerkleTree::new(4);
        assert_eq!(tree.root(), crate::poseidon::empty_root(4));
        tree.set(3, Fp::from(7));
        assert_eq!(path_root(3, Fp::from(7), &tree.siblings(3)), tree.root());
        assert_eq!(
            path_root(3, Fp::ZERO, &tree.siblings(3)),
            crate::poseidon::empty_root(4)
        );
    }

    #[test]
    fn the_batch_moves_the_root_as_the_tree_does() {
        let statement = batch();
        let mut tree = MerkleTree::new(Small::DEPTH);
        tree.set(6, Fp::from(60));
        tree.set(5, Fp::from(52));
        assert_eq!(statement.evaluate().unwrap(), vec![tree.root()]);
        // Round trip through bytes, with and without hints.
        let bytes = statement.to_bytes();
        assert_eq!(bytes.len(), MerkleBatch::<Small>::WITH_HINTS_LEN);
        let parsed = MerkleBatch::<Small>::parse(&bytes).unwrap();
        assert_eq!(parsed.hints, statement.hints);
        let bare = MerkleBatch::<Small>::new(statement.old_root, statement.writes.clone(), None);
        assert_eq!(bare.to_bytes().len(), MerkleBatch::<Small>::STATEMENT_LEN);
        assert_eq!(
            bare.commitment(),
            statement.commitment(),
            "hints are not committed"
        );
        assert!(matches!(bare.evaluate(), Err(ProveError::Unprovable(_))));
    }

    #[test]
    fn valid_witness_satisfies_the_circuit() {
        let statement = batch();
        assert_eq!(
            mock::<MerkleBatch<Small>>(&statement.circuit().unwrap(), public(&statement)),
            Ok(())
        );
    }

    #[test]
    fn wrong_public_inputs_are_unsatisfiable() {
        let statement = batch();
        let circuit = statement.circuit().unwrap();
        let honest = public(&statement);
        for row in [0, 1] {
            let mut wrong = honest.clone();
            wrong[row] += Fp::ONE;
            assert!(
                mock::<MerkleBatch<Small>>(&circuit, wrong).is_err(),
                "row {row}"
            );
        }
    }

    #[test]
    fn a_path_that_misses_the_old_root_is_unsatisfiable() {
        let statement = batch();
        let mut circuit = statement.circuit().unwrap();
        // The second write claims leaf 5 held 50 (its value before the first write).
        circuit.paths[1].old_leaf = Value::known(Fp::from(50));
        assert!(mock::<MerkleBatch<Small>>(&circuit, public(&statement)).is_err());
        // A wrong sibling.
        let mut circuit = statement.circuit().unwrap();
        circuit.paths[0].siblings[2] = Value::known(Fp::from(1));
        assert!(mock::<MerkleBatch<Small>>(&circuit, public(&statement)).is_err());
    }

    #[test]
    fn an_index_beyond_the_tree_is_unsatisfiable() {
        // Index 5 + 2^4 has the same low bits as 5, so the path is the same; only z_D = 0 can
        // catch it. The public inputs commit to the large index.
        let statement = batch();
        let mut circuit = statement.circuit().unwrap();
        let big = 5 + (1 << Small::DEPTH);
        circuit.writes[0].0 = Value::known(big);
        let mut forged = statement.clone();
        forged.writes[0].0 = big;
        let public = instance(forged.commitment(), &statement.evaluate().unwrap(), &PROVER);
        let failure = mock::<MerkleBatch<Small>>(&circuit, public).unwrap_err();
        assert!(failure.contains("index running sum"), "{failure}");
        // ... and the input parser refuses it.
        assert_eq!(
            MerkleBatch::<Small>::parse(&forged.to_bytes()).unwrap_err(),
            TaskError::InvalidInput {
                offset: 32,
                fault: InputFault::IndexOutOfRange
            }
        );
    }
}
