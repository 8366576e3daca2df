//! Chips and gadgets the circuits are wired from. Each chip owns its columns and gates and
//! documents its constraints; the Poseidon permutation itself is `halo2_gadgets`' `Pow5Chip`.

pub mod iterate;
pub mod merkle;
pub mod poseidon;
pub mod public;
