//! Native Poseidon: the hashes every circuit uses, computed outside a circuit.
//!
//! All hashing is Poseidon `P128Pow5T3` over the Pasta `Fp` (width 3, rate 2, `x^5` S-box, 8 full
//! and 56 partial rounds), the instance Zcash's Orchard uses, from `halo2_gadgets`' own
//! primitives, so the in-circuit chip ([`crate::gadgets::poseidon`]) and this module cannot drift
//! apart. Three functions are built on it:
//!
//! - [`hash2`]`(a, b)`: Poseidon with `ConstantLength<2>`: the Merkle node hash.
//! - [`hash1`]`(a)`: Poseidon with `ConstantLength<1>`: the step of the Poseidon chain.
//! - [`chain`]`(tag, [e_1..e_m])`: `acc_0 = tag`, `acc_i = hash2(acc_{i-1}, e_i)`, result `acc_m`.
//!   A Merkle–Damgård chain of `hash2`; every use has a length fixed by its circuit, so it is
//!   collision resistant when `hash2` is. Input commitments and the Schnorr challenge are chains
//!   with distinct tags.

use ff::PrimeField;
use halo2_gadgets::poseidon::primitives::{ConstantLength, Hash, P128Pow5T3};
use pasta_curves::Fp;

use crate::catalogue::CircuitId;

/// `Poseidon(a, b)` with `ConstantLength<2>`.
pub fn hash2(a: Fp, b: Fp) -> Fp {
    Hash::<Fp, P128Pow5T3, ConstantLength<2>, 3, 2>::init().hash([a, b])
}

/// `Poseidon(a)` with `ConstantLength<1>`.
pub fn hash1(a: Fp) -> Fp {
    Hash::<Fp, P128Pow5T3, ConstantLength<1>, 3, 2>::init().hash([a])
}

/// The Merkle–Damgård chain of [`hash2`] over `elements`, starting from `tag`.
pub fn chain(tag: Fp, elements: impl IntoIterator<Item = Fp>) -> Fp {
    elements.into_iter().fold(tag, hash2)
}

/// A tag: 16 ASCII bytes (zero padded) read as a little-endian integer, plus `index`.
const fn tag_value(name: &[u8], index: u32) -> u128 {
    let mut bytes = [0u8; 16];
    let mut i = 0;
    while i < name.len() {
        bytes[i] = name[i];
        i += 1;
    }
    u128::from_le_bytes(bytes) + index as u128
}

/// The tag of circuit `id`'s input commitment: `"quarry/input" + id`.
pub fn input_tag(id: CircuitId) -> Fp {
    Fp::from_u128(tag_value(b"quarry/input", id))
}

/// The tag of the Schnorr challenge: `"quarry/schnorr"`.
pub fn schnorr_tag() -> Fp {
    Fp::from_u128(tag_value(b"quarry/schnorr", 0))
}

/// The Merkle root of a tree of `depth` levels whose leaves are all zero.
pub fn empty_root(depth: usize) -> Fp {
    (0..depth).fold(Fp::zero(), |node, _| hash2(node, node))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_distinct_and_chain_is_a_fold() {
        assert_ne!(input_tag(1), input_tag(2));
        assert_ne!(input_tag(0), schnorr_tag());
        let (a, b) = (Fp::from(3), Fp::from(4));
        assert_eq!(
            chain(input_tag(1), [a, b]),
            hash2(hash2(input_tag(1), a), b)
        );
        assert_eq!(chain(a, []), a);
        assert_ne!(hash2(a, b), hash2(b, a));
        assert_ne!(hash1(a), hash2(a, Fp::zero()), "distinct length domains");
    }
}
