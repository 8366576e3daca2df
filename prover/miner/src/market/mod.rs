//! The proof market from a prover's and a dApp's side: [`client`] talks to the node (subxt,
//! through its metadata), [`plan`] decides what pays and what fits before the deadlines,
//! [`rollups`] rebuilds rollup trees so hint-less Merkle batches can be proved, and [`prover`]
//! is the `quarry-prover prove` loop.

pub mod client;
pub mod plan;
pub mod prover;
pub mod rollups;
