//! Genesis presets, served by the runtime through `sp_genesis_builder::GenesisBuilder`.
//!
//! - `development`: one validator (Alice), funded dev accounts, Alice as sudo. What `--dev` runs.
//! - `local_testnet`: two validators (Alice, Bob) for a two-node network on one machine.
//!
//! Both are test networks, so both have sudo. A public network's spec is built from its own preset
//! without sudo.

use crate::{AccountId, Balance, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance given to each endowed development account: enough to bond, mine and pay fees for years.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// A validator's consensus keys: Aura (sr25519) for authoring, GRANDPA (ed25519) for finality.
fn authority_keys(account: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
    (account.public().into(), grandpa.public().into())
}

fn testnet_genesis(
    initial_authorities: Vec<(AuraId, GrandpaId)>,
    endowed_accounts: Vec<AccountId>,
    root: AccountId,
) -> Value {
    build_struct_json_patch!(RuntimeGenesisConfig {
        balances: BalancesConfig {
            balances: endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect(),
        },
        aura: pallet_aura::GenesisConfig {
            authorities: initial_authorities.iter().map(|(aura, _)| aura.clone()).collect(),
        },
        grandpa: pallet_grandpa::GenesisConfig {
            authorities: initial_authorities.iter().map(|(_, grandpa)| (grandpa.clone(), 1)).collect(),
        },
        sudo: SudoConfig { key: Some(root) },
    })
}

/// The `development` preset: Alice validates alone.
pub fn development_config_genesis() -> Value {
    testnet_genesis(
        vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
        vec![
            Sr25519Keyring::Alice.to_account_id(),
            Sr25519Keyring::Bob.to_account_id(),
            Sr25519Keyring::AliceStash.to_account_id(),
            Sr25519Keyring::BobStash.to_account_id(),
        ],
        Sr25519Keyring::Alice.to_account_id(),
    )
}

/// The `local_testnet` preset: Alice and Bob validate; every well-known dev account is funded.
pub fn local_config_genesis() -> Value {
    testnet_genesis(
        vec![
            authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
            authority_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
        ],
        Sr25519Keyring::iter()
            .filter(|key| key != &Sr25519Keyring::One && key != &Sr25519Keyring::Two)
            .map(|key| key.to_account_id())
            .collect(),
        Sr25519Keyring::Alice.to_account_id(),
    )
}

/// The JSON patch of the preset named `id`, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
    let patch = match id.as_ref() {
        sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
        _ => return None,
    };
    Some(
        serde_json::to_string(&patch)
            .expect("a serde_json::Value always serializes; qed")
            .into_bytes(),
    )
}

/// Names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
    vec![
        PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
        PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Aura, Balances, Grandpa, Runtime};
    use frame_support::genesis_builder_helper::build_state;

    /// Applies a JSON patch the way chain specs do: objects merge key by key, anything else is
    /// replaced.
    fn merge(base: &mut Value, patch: Value) {
        match (base, patch) {
            (Value::Object(base), Value::Object(patch)) =>
                for (key, value) in patch {
                    merge(base.entry(key).or_insert(Value::Null), value);
                },
            (base, patch) => *base = patch,
        }
    }

    /// Builds the state of a preset as the node does (default genesis + the preset's patch), then
    /// runs `check` inside it.
    fn with_preset_state(id: &str, check: impl FnOnce()) {
        let patch: Value =
            serde_json::from_slice(&get_preset(&PresetId::from(id)).expect("preset exists")).unwrap();
        let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
        merge(&mut config, patch);
        let mut ext = sp_io::TestExternalities::new_empty();
        ext.execute_with(|| {
            build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
                .expect("preset builds")
        });
        ext.execute_with(check);
    }

    #[test]
    fn every_listed_preset_resolves() {
        for name in preset_names() {
            assert!(get_preset(&name).is_some(), "preset {name:?} is listed but not served");
        }
        assert!(get_preset(&PresetId::from("no-such-preset")).is_none());
    }

    #[test]
    fn development_preset_funds_accounts_and_has_one_validator() {
        with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
            let alice = Sr25519Keyring::Alice.to_account_id();
            let bob = Sr25519Keyring::Bob.to_account_id();
            assert_eq!(Balances::free_balance(&alice), ENDOWMENT);
            assert_eq!(Balances::free_balance(&bob), ENDOWMENT);
            assert_eq!(Balances::total_issuance(), 4 * ENDOWMENT);
            assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
            assert_eq!(Grandpa::grandpa_authorities().len(), 1);
            assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice));
            assert_eq!(Aura::slot_duration(), crate::SLOT_DURATION);
        });
    }

    #[test]
    fn local_testnet_preset_has_two_validators() {
        with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
            let authorities = pallet_aura::Authorities::<Runtime>::get();
            assert_eq!(authorities.len(), 2);
            assert_eq!(Grandpa::grandpa_authorities().len(), 2);
            let bob = Sr25519Keyring::Bob.to_account_id();
            assert_eq!(Balances::free_balance(&bob), ENDOWMENT);
        });
    }
}
