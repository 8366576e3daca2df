//! Assembles a full node: client and database, networking, transaction pool, RPC, and the two
//! consensus engines (Aura authors blocks in fixed slots, GRANDPA finalizes them).

use std::{sync::Arc, time::Duration};

use quarry_runtime::{apis::RuntimeApi, opaque::Block};
use sc_client_api::BlockBackend;
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair};

/// Host functions the runtime may call: Substrate's own plus Quarry's native puzzle verification
/// and task-proof verification. A runtime that imports a host function the node lacks fails to
/// load, so every version of every Quarry host function stays here for good.
pub type HostFunctions = (
    sp_io::SubstrateHostFunctions,
    quarry_primitives::puzzle::HostFunctions,
    quarry_primitives::tasks::HostFunctions,
);

pub(crate) type FullClient =
    sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport =
    sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;

/// GRANDPA stores a justification at least every this many blocks, so syncing nodes can check
/// finality without replaying every vote.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts shared by `run` and the chain-maintenance subcommands (import, export, revert...).
pub type Service = sc_service::PartialComponents<
    FullClient,
    FullBackend,
    FullSelectChain,
    sc_consensus::DefaultImportQueue<Block>,
    sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
    (GrandpaBlockImport, GrandpaLinkHalf, Option<Telemetry>),
>;

/// Aura's inherents for a block: the wall-clock timestamp and the slot it falls in.
fn slot_and_timestamp(
    slot_duration: sc_consensus_aura::SlotDuration,
) -> (sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider) {
    let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
    let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
        *timestamp,
        slot_duration,
    );
    (slot, timestamp)
}

/// Builds the client, database, transaction pool and block import pipeline.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
    let telemetry = config
        .telemetry_endpoints
        .clone()
        .filter(|endpoints| !endpoints.is_empty())
        .map(|endpoints| -> Result<_, sc_telemetry::Error> {
            let worker = TelemetryWorker::new(16)?;
            let telemetry = worker.handle().new_telemetry(endpoints);
            Ok((worker, telemetry))
        })
        .transpose()?;

    let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
    let (client, backend, keystore_container, task_manager) =
        sc_service::new_full_parts::<Block, RuntimeApi, _>(
            config,
            telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
            executor,
            Vec::new(),
        )?;
    let client = Arc::new(client);

    let telemetry = telemetry.map(|(worker, telemetry)| {
        task_manager.spawn_handle().spawn("telemetry", None, worker.run());
        telemetry
    });

    let select_chain = sc_consensus::LongestChain::new(backend.clone());

    let transaction_pool = Arc::from(
        sc_transaction_pool::Builder::new(
            task_manager.spawn_essential_handle(),
            client.clone(),
            config.role.is_authority().into(),
        )
        .with_options(config.transaction_pool.clone())
        .with_prometheus(config.prometheus_registry())
        .build(),
    );

    let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
        client.clone(),
        GRANDPA_JUSTIFICATION_PERIOD,
        &client,
        select_chain.clone(),
        telemetry.as_ref().map(|x| x.handle()),
    )?;

    let import_client = client.clone();
    let import_queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
        block_import: grandpa_block_import.clone(),
        justification_import: Some(Box::new(grandpa_block_import.clone())),
        client: client.clone(),
        create_inherent_data_providers: move |parent_hash, _| {
            let client = import_client.clone();
            async move {
                let slot_duration =
                    sc_consensus_aura::standalone::slot_duration_at(&*client, parent_hash)?;
                Ok(slot_and_timestamp(slot_duration))
            }
        },
        spawner: &task_manager.spawn_essential_handle(),
        registry: config.prometheus_registry(),
        check_for_equivocation: Default::default(),
        telemetry: telemetry.as_ref().map(|x| x.handle()),
        compatibility_mode: Default::default(),
    })?;

    Ok(sc_service::PartialComponents {
        client,
        backend,
        task_manager,
        import_queue,
        keystore_container,
        select_chain,
        transaction_pool,
        other: (grandpa_block_import, grandpa_link, telemetry),
    })
}

/// Builds and starts a full node; authors blocks and votes in GRANDPA when it holds the keys.
/// Loads (or generates, on first start) the puzzle parameters of the chain's `k` now, so the
/// first block with solutions is not delayed by it. A node that cannot load them cannot validate
/// blocks with solutions, so it does not start.
fn warm_puzzle_parameters(client: &FullClient) -> Result<(), ServiceError> {
    use quarry_primitives::mining::MiningApi;
    use sp_api::ProvideRuntimeApi;
    use sp_blockchain::HeaderBackend;
    let best = client.info().best_hash;
    let work = match client.runtime_api().work(best, quarry_runtime::AccountId::new([0; 32])) {
        Ok(work) => work,
        Err(e) => {
            log::warn!(target: "quarry-mining", "runtime has no mining API: {e}");
            return Ok(());
        },
    };
    let started = std::time::Instant::now();
    quarry_puzzle::shared(work.k).map_err(|e| {
        ServiceError::Other(format!(
            "cannot load the puzzle parameters for the chain's k = {}: {e}. Without them this \
             node cannot validate blocks with solutions (check that the parameter cache \
             directory is writable)",
            work.k
        ))
    })?;
    log::info!(
        target: "quarry-mining",
        "puzzle parameters for k = {} ready in {:.1} s",
        work.k,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Generates the verifying key of every catalogue circuit in the background (seconds each), so the
/// first block with a task proof is not delayed by it. Each key's digest must match the one
/// compiled into `quarry-circuits`; a node whose parameters or halo2 build produce other keys would
/// reject the network's proofs, so it stops instead, saying why.
fn warm_task_keys() {
    let spawned = std::thread::Builder::new().name("quarry-task-keys".into()).spawn(|| {
        for circuit in quarry_circuits::CATALOGUE.iter() {
            let started = std::time::Instant::now();
            match quarry_circuits::keys::keys(circuit.id) {
                Ok(_) => log::info!(
                    target: "quarry-tasks",
                    "verifying key of circuit {} ({}) ready in {:.1} s",
                    circuit.id,
                    circuit.name,
                    started.elapsed().as_secs_f64()
                ),
                Err(e) => {
                    log::error!(
                        target: "quarry-tasks",
                        "cannot produce the verifying key of circuit {} ({}): {e}. This node would \
                         reject valid task proofs; stopping.",
                        circuit.id,
                        circuit.name
                    );
                    std::process::exit(1);
                },
            }
        }
    });
    if let Err(e) = spawned {
        log::warn!(target: "quarry-tasks", "verifying keys will be generated on first use: {e}");
    }
}

/// The account the embedded miner mines for and its hot key: `--miner`, or Alice on a
/// development chain, unless `--no-mine`; the key from `--mining-key`, or on development and
/// local chains the miner's well-known development key.
fn embedded_miner(
    config: &Configuration,
    mining: &crate::cli::MiningParams,
) -> Result<Option<(quarry_runtime::AccountId, quarry_prover::chain::HotKey)>, ServiceError> {
    use sc_service::ChainType;
    if mining.no_mine {
        return Ok(None);
    }
    let chain_type = config.chain_spec.chain_type();
    let miner = match &mining.miner {
        Some(miner) => crate::mining::parse_account(miner)
            .map_err(|e| ServiceError::Other(format!("--miner {e}")))?,
        None if chain_type == ChainType::Development => sp_keyring::Sr25519Keyring::Alice.to_account_id(),
        None => return Ok(None),
    };
    let secret = match &mining.mining_key {
        Some(secret) => secret.clone(),
        None => match sp_keyring::Sr25519Keyring::from_account_id(&miner) {
            Some(dev) if matches!(chain_type, ChainType::Development | ChainType::Local) =>
                format!("//{}", <&'static str>::from(dev)),
            _ => return Err(ServiceError::Other(
                "the embedded miner needs --mining-key: the secret of the miner's registered \
                 hot key (mining.setHotKey)"
                    .into(),
            )),
        },
    };
    let hot_key = quarry_prover::chain::HotKey::from_secret(&secret)
        .map_err(|e| ServiceError::Other(format!("--mining-key: {e}")))?;
    Ok(Some((miner, hot_key)))
}

pub fn new_full<N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
    config: Configuration,
    mining: crate::cli::MiningParams,
) -> Result<TaskManager, ServiceError> {
    let sc_service::PartialComponents {
        client,
        backend,
        mut task_manager,
        import_queue,
        keystore_container,
        select_chain,
        transaction_pool,
        other: (block_import, grandpa_link, mut telemetry),
    } = new_partial(&config)?;

    let mut net_config = sc_network::config::FullNetworkConfiguration::<
        Block,
        <Block as sp_runtime::traits::Block>::Hash,
        N,
    >::new(&config.network, config.prometheus_registry().cloned());
    let metrics = N::register_notification_metrics(config.prometheus_registry());

    let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
        &client.block_hash(0).ok().flatten().expect("genesis block exists; qed"),
        &config.chain_spec,
    );
    let (grandpa_protocol_config, grandpa_notification_service) =
        sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
            grandpa_protocol_name.clone(),
            metrics.clone(),
            net_config.peer_store_handle(),
        );
    // Only with a GRANDPA voter to serve it: a registered protocol whose handle is dropped
    // (`--no-grandpa`) makes litep2p refuse every connection ("EssentialTaskClosed").
    if !config.disable_grandpa {
        net_config.add_notification_protocol(grandpa_protocol_config);
    }

    let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
        backend.clone(),
        grandpa_link.shared_authority_set().clone(),
        Vec::new(),
    ));

    let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
        sc_service::build_network(sc_service::BuildNetworkParams {
            config: &config,
            net_config,
            client: client.clone(),
            transaction_pool: transaction_pool.clone(),
            spawn_handle: task_manager.spawn_handle(),
            spawn_essential_handle: task_manager.spawn_essential_handle(),
            import_queue,
            block_announce_validator_builder: None,
            warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
            block_relay: None,
            metrics,
            gap_sync_body_policy: None,
        })?;

    warm_puzzle_parameters(&client)?;
    warm_task_keys();
    let embedded_miner = embedded_miner(&config, &mining)?;

    let role = config.role;
    let force_authoring = config.force_authoring;
    let node_name = config.network.node_name.clone();
    let enable_grandpa = !config.disable_grandpa;
    let prometheus_registry = config.prometheus_registry().cloned();
    if let Some(registry) = prometheus_registry.as_ref() {
        crate::mining_metrics::MiningMetrics::install(registry)?;
    }

    if let Some((miner, hot_key)) = embedded_miner {
        let service = crate::mining::MiningService::new(client.clone(), transaction_pool.clone());
        let threads = mining.mining_threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
        });
        log::info!(
            target: "quarry-mining",
            "⛏️  embedded miner: mining for {} with {threads} thread(s) (--no-mine to stop)",
            sp_core::crypto::Ss58Codec::to_ss58check(&miner)
        );
        task_manager.spawn_handle().spawn_blocking("quarry-embedded-miner", Some("mining"), async move {
            crate::mining::run_embedded_miner(service, miner, hot_key, threads)
        });
    }

    let rpc_builder = {
        let client = client.clone();
        let pool = transaction_pool.clone();
        Box::new(move |_| {
            let deps = crate::rpc::FullDeps { client: client.clone(), pool: pool.clone() };
            crate::rpc::create_full(deps).map_err(Into::into)
        })
    };

    sc_service::spawn_tasks(sc_service::SpawnTasksParams {
        network: network.clone(),
        client: client.clone(),
        keystore: keystore_container.keystore(),
        task_manager: &mut task_manager,
        transaction_pool: transaction_pool.clone(),
        rpc_builder,
        backend,
        system_rpc_tx,
        tx_handler_controller,
        sync_service: sync_service.clone(),
        config,
        telemetry: telemetry.as_mut(),
        tracing_execute_block: None,
    })?;

    if role.is_authority() {
        // Validators report Aura equivocations they see; their own pool includes the report.
        task_manager.spawn_handle().spawn(
            "aura-equivocation-reporter",
            Some("accountability"),
            crate::accountability::report_aura_equivocations(
                client.clone(),
                OffchainTransactionPoolFactory::new(transaction_pool.clone()),
            ),
        );

        let proposer_factory = sc_basic_authorship::ProposerFactory::new(
            task_manager.spawn_handle(),
            client.clone(),
            transaction_pool.clone(),
            prometheus_registry.as_ref(),
            telemetry.as_ref().map(|x| x.handle()),
        );

        let slot_duration = sc_consensus_aura::slot_duration::<AuraId, _, _>(&*client)?;
        let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
            StartAuraParams {
                slot_duration,
                client,
                select_chain,
                block_import,
                proposer_factory,
                create_inherent_data_providers: move |_, ()| async move {
                    Ok(slot_and_timestamp(slot_duration))
                },
                force_authoring,
                backoff_authoring_blocks: Option::<()>::None,
                keystore: keystore_container.keystore(),
                sync_oracle: sync_service.clone(),
                justification_sync_link: sync_service.clone(),
                // Leave a third of the slot for the block to propagate before the next author's turn.
                block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
                max_block_proposal_slot_portion: None,
                telemetry: telemetry.as_ref().map(|x| x.handle()),
                compatibility_mode: Default::default(),
            },
        )?;
        // Essential: if authoring fails, the node stops rather than sit silently as a validator.
        task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
    }

    if enable_grandpa {
        // Only authorities vote; others follow finality without a keystore.
        let keystore = role.is_authority().then(|| keystore_container.keystore());
        let grandpa_config = sc_consensus_grandpa::Config {
            gossip_duration: Duration::from_millis(333),
            justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
            name: Some(node_name),
            observer_enabled: false,
            keystore,
            local_role: role,
            telemetry: telemetry.as_ref().map(|x| x.handle()),
            protocol_name: grandpa_protocol_name,
        };
        let grandpa_params = sc_consensus_grandpa::GrandpaParams {
            config: grandpa_config,
            link: grandpa_link,
            network,
            sync: sync_service,
            notification_service: grandpa_notification_service,
            voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
            prometheus_registry,
            shared_voter_state: SharedVoterState::empty(),
            telemetry: telemetry.as_ref().map(|x| x.handle()),
            offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
        };
        task_manager.spawn_essential_handle().spawn_blocking(
            "grandpa-voter",
            None,
            sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
        );
    }

    Ok(task_manager)
}
