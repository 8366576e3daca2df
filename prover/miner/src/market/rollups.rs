//! Rollup trees rebuilt from the chain: what lets a prover take a Merkle-batch task whose input
//! carries no path hints.
//!
//! A dApp that posts only `old_root ‖ writes` (1,184 bytes instead of 22,688) relies on provers
//! to know its tree. Every rollup starts from the empty tree, and every batch the market sees
//! moves one root to the next, so a prover that follows the `Submitted` events can replay the
//! writes and keep the tree at every root it has seen: the tree at a batch's `old_root` gives
//! the hints, and the tree after its writes is the next batch's starting point.

use std::collections::{HashMap, VecDeque};

use quarry_circuits::circuits::merkle_batch::{MerkleTree, Production};
use quarry_circuits::circuits::TaskStatement;
use quarry_circuits::encoding::field_bytes;
use quarry_circuits::{FieldBytes, MERKLE_BATCH, MERKLE_DEPTH};

/// Trees by root, oldest forgotten first beyond `capacity`.
pub struct RollupTrees {
    trees: HashMap<FieldBytes, MerkleTree>,
    order: VecDeque<FieldBytes>,
    capacity: usize,
}

impl RollupTrees {
    /// A store that knows the empty tree and keeps up to `capacity` more.
    pub fn new(capacity: usize) -> Self {
        let mut store = Self {
            trees: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        };
        store.insert(MerkleTree::new(MERKLE_DEPTH));
        store
    }

    fn insert(&mut self, tree: MerkleTree) {
        let root = field_bytes(&tree.root());
        if self.trees.insert(root, tree).is_none() {
            self.order.push_back(root);
        }
        while self.order.len() > self.capacity + 1 {
            if let Some(old) = self.order.pop_front() {
                self.trees.remove(&old);
            }
        }
    }

    /// Whether the tree at `root` is known.
    pub fn knows(&self, root: &FieldBytes) -> bool {
        self.trees.contains_key(root)
    }

    /// Learns the batch of a Merkle-batch `input` (with or without hints) and returns the input
    /// a prover can prove: with hints, read from the tree at its old root. Other circuits'
    /// inputs come back unchanged. A batch on a root never seen cannot be completed (the error
    /// says so) but inputs that carry their hints are returned as they are.
    pub fn complete(&mut self, circuit: u32, input: &[u8]) -> Result<Vec<u8>, String> {
        if circuit != MERKLE_BATCH {
            return Ok(input.to_vec());
        }
        let batch = Production::parse(input).map_err(|e| e.to_string())?;
        let old_root = field_bytes(&batch.old_root);
        let Some(tree) = self.trees.get(&old_root) else {
            return match batch.hints {
                Some(_) => Ok(input.to_vec()),
                None => Err(format!(
                    "no path hints and the rollup tree at root 0x{} is unknown to this prover",
                    quarry_puzzle::hex::encode(&old_root)
                )),
            };
        };
        let completed = batch.with_hints_from(tree).map_err(|e| e.to_string())?;
        let mut next = tree.clone();
        for &(index, leaf) in &batch.writes {
            next.set(index, leaf);
        }
        self.insert(next);
        Ok(completed.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use halo2_proofs::pasta::Fp;

    fn batch(old_root: Fp, seed: u64) -> Production {
        let writes = (0..quarry_circuits::MERKLE_WRITES as u64)
            .map(|i| (((seed * 7919 + i * 104_729) % (1 << MERKLE_DEPTH)) as u32, Fp::from(seed * 1000 + i + 1)))
            .collect();
        Production::new(old_root, writes, None)
    }

    #[test]
    fn hintless_batches_are_completed_along_a_chain_of_roots() {
        let mut store = RollupTrees::new(16);
        let mut tree = MerkleTree::new(MERKLE_DEPTH);
        for seed in 0..3 {
            let b = batch(tree.root(), seed);
            let completed = store.complete(MERKLE_BATCH, &b.to_bytes()).unwrap();
            // What the rollup operator itself would post with hints.
            assert_eq!(completed, b.with_hints_from(&tree).unwrap().to_bytes());
            assert_eq!(
                quarry_circuits::evaluate(MERKLE_BATCH, &completed).unwrap().len(),
                1
            );
            for &(i, v) in &b.writes {
                tree.set(i, v);
            }
            assert!(store.knows(&field_bytes(&tree.root())));
        }
        // A batch on a root no one has seen, without hints: a clear error.
        let unknown = batch(Fp::from(42), 9).to_bytes();
        let err = store.complete(MERKLE_BATCH, &unknown).unwrap_err();
        assert!(err.contains("unknown to this prover"), "{err}");
        // Other circuits pass through.
        assert_eq!(store.complete(2, &[1, 2, 3]).unwrap(), vec![1, 2, 3]);
    }

    #[test]
    fn old_trees_are_forgotten_beyond_the_capacity() {
        let mut store = RollupTrees::new(1);
        let empty = MerkleTree::new(MERKLE_DEPTH);
        let first = batch(empty.root(), 1);
        store.complete(MERKLE_BATCH, &first.to_bytes()).unwrap();
        assert!(store.knows(&field_bytes(&empty.root())));
        let mut tree = empty.clone();
        for &(i, v) in &first.writes {
            tree.set(i, v);
        }
        store
            .complete(MERKLE_BATCH, &batch(tree.root(), 2).to_bytes())
            .unwrap();
        // Capacity 1 (+1): the empty tree, the oldest, is gone.
        assert!(!store.knows(&field_bytes(&empty.root())));
    }
}
