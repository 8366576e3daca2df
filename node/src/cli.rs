//! Command-line interface: the standard Substrate node flags plus Quarry's subcommands.

use sc_cli::RunCmd;

/// `quarry-node [SUBCOMMAND] [FLAGS]`: without a subcommand, runs the node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
    #[command(subcommand)]
    pub subcommand: Option<Subcommand>,

    #[clap(flatten)]
    pub run: RunCmd,

    #[clap(flatten)]
    pub mining: MiningParams,
}

/// The embedded CPU miner. It runs on development chains unless `--no-mine` is given, and on any
/// chain when `--miner` is given.
#[derive(Debug, Clone, clap::Args)]
pub struct MiningParams {
    /// Do not run the embedded miner.
    #[arg(long)]
    pub no_mine: bool,

    /// Account to mine for (SS58 or 0x hex; default on development chains: Alice, the dev
    /// validator). It needs a bond: allowance per epoch = bond / stake per solution.
    #[arg(long, value_name = "ACCOUNT")]
    pub miner: Option<String>,

    /// The miner's registered hot key (`mining.setHotKey`), which signs its solutions: a secret
    /// URI (`//Alice`, a mnemonic, a 0x seed) or a file holding one. Default on development and
    /// local chains: the well-known development key of the miner account (the presets register
    /// each funded development account's own key).
    #[arg(long, value_name = "SECRET")]
    pub mining_key: Option<String>,

    /// Threads of the embedded miner (default: half the cores, at least one, so block
    /// production keeps a core).
    #[arg(long, value_name = "N")]
    pub mining_threads: Option<usize>,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
    /// Key management utilities (generate, inspect, insert session keys).
    #[command(subcommand)]
    Key(sc_cli::KeySubcommand),

    /// Build a chain specification (e.g. `build-spec --chain local --raw`).
    BuildSpec(sc_cli::BuildSpecCmd),

    /// Export a chain specification without starting networking.
    ExportChainSpec(sc_cli::ExportChainSpecCmd),

    /// Validate blocks.
    CheckBlock(sc_cli::CheckBlockCmd),

    /// Export blocks.
    ExportBlocks(sc_cli::ExportBlocksCmd),

    /// Export the state of a given block into a chain spec.
    ExportState(sc_cli::ExportStateCmd),

    /// Import blocks.
    ImportBlocks(sc_cli::ImportBlocksCmd),

    /// Remove the whole chain database.
    PurgeChain(sc_cli::PurgeChainCmd),

    /// Revert the chain to a previous state.
    Revert(sc_cli::RevertCmd),

    /// Database meta columns information.
    ChainInfo(sc_cli::ChainInfoCmd),

    /// Runtime benchmarks (`benchmark pallet` writes a pallet's `weights.rs`; see
    /// `scripts/benchmark-weights.sh`). Only in a node built with `--features runtime-benchmarks`.
    #[cfg(feature = "runtime-benchmarks")]
    #[command(subcommand)]
    Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
