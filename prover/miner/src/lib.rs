//! # quarry-prover: the Quarry miner
//!
//! Mines the puzzle of [`quarry_puzzle`]: searches nonces with a [`backend::Backend`] (the
//! all-core CPU backend [`cpu::CpuBackend`] or the CUDA backend of [`gpu`], chosen by
//! [`open_backend`]), turns
//! the rare attempts whose quality clears the target into verified [`quarry_puzzle::Solution`]s
//! ([`miner::mine`]), mines for a chain ([`chain::run`]: work from a node, solutions back to it),
//! and benchmarks it all ([`bench`](mod@bench)); [`circuit_bench`] measures the task circuits of
//! [`quarry_circuits`]; [`market`] proves tasks of the chain's proof market and submits dApps'
//! tasks; [`metrics`] serves Prometheus metrics of both.

#![warn(missing_docs)]

pub mod backend;
pub mod bench;
pub mod chain;
pub mod circuit_bench;
pub mod cpu;
pub mod gpu;
pub mod market;
pub mod metrics;
pub mod miner;

pub use backend::{open_backend, Backend, BackendChoice, BackendError, WorkBatch};
pub use cpu::CpuBackend;
pub use miner::{mine, Found, MineConfig, MineError, MineReport};
