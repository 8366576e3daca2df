//! Dispatches the command line: run the node, or one of the chain-maintenance subcommands.

use crate::{
    chain_spec,
    cli::{Cli, Subcommand},
    service,
};
use quarry_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
    fn impl_name() -> String {
        "Quarry Node".into()
    }

    fn impl_version() -> String {
        env!("SUBSTRATE_CLI_IMPL_VERSION").into()
    }

    fn description() -> String {
        env!("CARGO_PKG_DESCRIPTION").into()
    }

    fn author() -> String {
        env!("CARGO_PKG_AUTHORS").into()
    }

    fn support_url() -> String {
        "https://example.invalid/quarry/issues".into()
    }

    fn copyright_start_year() -> i32 {
        2026
    }

    /// `dev`, `local`, `local4` and `testnet` are built in; anything else is a path to a
    /// chain-spec JSON file.
    fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
        Ok(match id {
            "dev" => Box::new(chain_spec::development_chain_spec()?),
            "" | "local" => Box::new(chain_spec::local_chain_spec()?),
            "local4" => Box::new(chain_spec::local_four_chain_spec()?),
            "testnet" => Box::new(chain_spec::testnet_chain_spec()?),
            path => Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
        })
    }
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
    let cli = Cli::from_args();

    match &cli.subcommand {
        Some(Subcommand::Key(cmd)) => cmd.run(&cli),
        Some(Subcommand::BuildSpec(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
        },
        Some(Subcommand::ExportChainSpec(cmd)) => {
            let spec = cli.load_spec(&cmd.chain)?;
            cmd.run(spec)
        },
        Some(Subcommand::CheckBlock(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, import_queue, .. } =
                    service::new_partial(&config)?;
                Ok((cmd.run(client, import_queue), task_manager))
            })
        },
        Some(Subcommand::ExportBlocks(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
                Ok((cmd.run(client, config.database), task_manager))
            })
        },
        Some(Subcommand::ExportState(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
                Ok((cmd.run(client, config.chain_spec), task_manager))
            })
        },
        Some(Subcommand::ImportBlocks(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, import_queue, .. } =
                    service::new_partial(&config)?;
                Ok((cmd.run(client, import_queue), task_manager))
            })
        },
        Some(Subcommand::PurgeChain(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run(config.database))
        },
        Some(Subcommand::Revert(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, backend, .. } =
                    service::new_partial(&config)?;
                let revert_grandpa = Box::new(|client, _, blocks| {
                    sc_consensus_grandpa::revert(client, blocks)?;
                    Ok(())
                });
                Ok((cmd.run(client, backend, Some(revert_grandpa)), task_manager))
            })
        },
        Some(Subcommand::ChainInfo(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run::<Block>(&config))
        },
        #[cfg(feature = "runtime-benchmarks")]
        Some(Subcommand::Benchmark(cmd)) => {
            use frame_benchmarking_cli::BenchmarkCmd;
            type QuarryHostFunctions =
                (quarry_primitives::puzzle::HostFunctions, quarry_primitives::tasks::HostFunctions);
            let runner = cli.create_runner(cmd)?;
            match cmd {
                // The runtime's pallet benchmarks, executed as the chain executes blocks: in
                // wasm, with Quarry's host functions (the puzzle verification) beside Substrate's.
                BenchmarkCmd::Pallet(cmd) => runner.sync_run(|config| {
                    cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, QuarryHostFunctions>(
                        Some(config.chain_spec),
                    )
                }),
                _ => Err(sc_cli::Error::Input("quarry-node implements `benchmark pallet` only".into())),
            }
        },
        None => {
            let runner = cli.create_runner(&cli.run)?;
            let mining = cli.mining.clone();
            runner.run_node_until_exit(|config| async move {
                use sc_network::config::NetworkBackendType;
                match config.network.network_backend {
                    NetworkBackendType::Libp2p => service::new_full::<
                        sc_network::NetworkWorker<Block, <Block as sp_runtime::traits::Block>::Hash>,
                    >(config, mining),
                    NetworkBackendType::Litep2p =>
                        service::new_full::<sc_network::Litep2pNetworkBackend>(config, mining),
                }
                .map_err(sc_cli::Error::Service)
            })
        },
    }
}
