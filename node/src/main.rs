//! `quarry-node`: the Quarry validator and full node.
#![warn(missing_docs)]

mod accountability;
mod chain_spec;
mod cli;
mod command;
mod market;
mod mining;
mod mining_metrics;
mod rewards;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
    command::run()
}
