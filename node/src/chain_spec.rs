//! Built-in chain specifications. Each one names a genesis preset of the runtime
//! (`runtime/src/genesis_config_presets.rs`); the runtime decides what the preset contains.
//! `chain-specs/` holds the same specs exported to JSON (`scripts/gen-chain-specs.sh`).

use quarry_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A chain spec with no node-side extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token metadata wallets read through `system_properties`.
fn properties() -> Properties {
    let mut properties = Properties::new();
    properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
    properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
    properties.insert("ss58Format".into(), SS58_PREFIX.into());
    properties
}

fn spec_from_preset(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
    let wasm = WASM_BINARY.ok_or("the runtime wasm was not built: rebuild without SKIP_WASM_BUILD")?;
    Ok(ChainSpec::builder(wasm, None)
        .with_name(name)
        .with_id(id)
        .with_chain_type(chain_type)
        .with_protocol_id("quarry")
        .with_genesis_config_preset_name(preset)
        .with_properties(properties())
        .build())
}

/// `--dev`: one validator (Alice), instant start, throwaway state.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
    spec_from_preset(
        "Quarry Development",
        "quarry_dev",
        ChainType::Development,
        sp_genesis_builder::DEV_RUNTIME_PRESET,
    )
}

/// `--chain local4`: Alice, Bob, Charlie and Dave validate; one-minute epochs and sessions.
pub fn local_four_chain_spec() -> Result<ChainSpec, String> {
    spec_from_preset(
        "Quarry Local Testnet (four validators)",
        "quarry_local_four",
        ChainType::Local,
        quarry_runtime::genesis_config_presets::LOCAL_FOUR_PRESET,
    )
}

/// `--chain local`: Alice and Bob validate on one machine.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
    spec_from_preset(
        "Quarry Local Testnet",
        "quarry_local_testnet",
        ChainType::Local,
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
    )
}

/// `--chain testnet`: the public test network's template: four validators, a council holding
/// root and no sudo key, production parameters. Its accounts are development placeholders: a
/// launch replaces them (`chain-specs/README.md`).
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
    spec_from_preset(
        "Quarry Testnet",
        "quarry_testnet",
        ChainType::Live,
        quarry_runtime::genesis_config_presets::TESTNET_PRESET,
    )
}
