//! Genesis presets, served by the runtime through `sp_genesis_builder::GenesisBuilder`.
//!
//! - `development`: one validator (Alice), funded dev accounts, Alice as sudo. What `--dev` runs.
//! - `local_testnet`: two validators (Alice, Bob) for a two-node network on one machine.
//! - `local_four`: four validators (Alice, Bob, Charlie, Dave) with one-minute epochs and
//!   sessions ([`FAST_PARAMS`]): a network that survives one failed validator and rotates often
//!   enough for tests.
//! - `testnet`: the public test network's template ([`TESTNET_PARAMS`]): four validators, a
//!   council of three holding root, no sudo key; development keys as placeholders.
//!
//! Epoch length, session length and the proof-target floor are genesis parameters
//! ([`ChainParams`]); dev and local use the runtime's defaults ([`STANDARD_PARAMS`]).
//!
//! Validators are bonded staking candidates with session keys: `Session` builds its genesis after
//! `Staking`, asks it for the first validator set and hands their keys to Aura and GRANDPA (whose
//! own genesis authorities therefore stay empty). Every preset also starts with one delegation, so
//! delegated stake exists from block 0. Mining starts at `k = DEV_K` (the testnet: 16) with a
//! per-network challenge seed; the validators' bonds are also their mining stake. The development and local networks
//! have a sudo key (Alice) as well as the council; `testnet` has only the council.

use crate::{
    AccountId, Balance, BalancesConfig, BlockNumber, CouncilConfig, MiningConfig, RewardsConfig, Runtime,
    RuntimeGenesisConfig, SessionConfig, SessionKeys, StakingConfig, SudoConfig, UNIT,
};
use frame_support::traits::Get;
use pallet_quarry_rewards::TierSplit;
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance given to each endowed development account: enough to bond, mine and pay fees for years.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;
/// Self-bond of each genesis validator (ten times `MinCandidateBond`).
pub const VALIDATOR_BOND: Balance = 100_000 * UNIT;
/// Bond of the genesis delegator (the first validator's stash account).
pub const DELEGATOR_BOND: Balance = 20_000 * UNIT;
/// What the genesis delegator delegates to the first validator.
pub const DELEGATION: Balance = 10_000 * UNIT;

/// Initial proof target of the test networks: a few solutions per block from one CPU core at
/// `k = 10`; the ASERT schedule then finds the level of the miners actually present.
pub const INITIAL_PROOF_TARGET: u64 = 256;

/// Chain parameters a network fixes at genesis.
#[derive(Clone, Copy, Debug)]
pub struct ChainParams {
    /// Blocks per mining epoch.
    pub epoch_length: BlockNumber,
    /// Blocks per session (validator rotation); a whole number of epochs.
    pub session_length: BlockNumber,
    /// Floor of the mining proof target (attempts per solution).
    pub min_proof_target: u64,
    /// Sessions an offence slash waits, and can be cancelled, before it is applied.
    pub slash_defer_sessions: u32,
    /// Mining puzzle size (`2^k` points per attempt).
    pub k: u32,
}

/// The runtime's defaults: 5-minute epochs, 10-minute sessions, at least 64 attempts per
/// solution.
pub const STANDARD_PARAMS: ChainParams = ChainParams {
    epoch_length: crate::configs::DefaultEpochLength::get(),
    session_length: crate::configs::DefaultSessionPeriod::get(),
    min_proof_target: crate::configs::DefaultMinProofTarget::get(),
    slash_defer_sessions: crate::configs::DefaultSlashDeferDuration::get(),
    k: quarry_primitives::DEV_K,
};

/// Short epochs and sessions (one minute each) for test networks whose tests must see several
/// sessions, and a slash land, within CI's budget.
pub const FAST_PARAMS: ChainParams = ChainParams {
    epoch_length: 10,
    session_length: 10,
    min_proof_target: 64,
    slash_defer_sessions: 2,
    k: quarry_primitives::DEV_K,
};

/// The public test network's parameters, justified in `chain-specs/README.md`: the runtime's
/// defaults (5-minute epochs, 10-minute sessions, a day to cancel a slash) at the production
/// puzzle size `k = 16`, the largest benchmarked one, and a floor of 256 attempts per solution,
/// so a solution forged to pass the pool's cheap checks costs its sender more than a node spends
/// refusing it.
pub const TESTNET_PARAMS: ChainParams = ChainParams { k: 16, min_proof_target: 256, ..STANDARD_PARAMS };

/// Name of the preset with four validators and [`FAST_PARAMS`].
pub const LOCAL_FOUR_PRESET: &str = "local_four";

/// Name of the public test network's preset: no sudo key, a council, [`TESTNET_PARAMS`].
pub const TESTNET_PRESET: &str = "testnet";

impl ChainParams {
    /// Panics unless sessions are a whole number (at least one) of epochs: sessions then change
    /// mid-epoch (never in an epoch's last blocks) and the rewards pallet's exposure snapshots
    /// cover every validator of an epoch.
    fn check(&self) {
        assert!(
            self.epoch_length > 0
                && self.session_length >= self.epoch_length
                && self.session_length % self.epoch_length == 0,
            "chain parameters: the session length ({}) must be a whole number of epochs ({})",
            self.session_length,
            self.epoch_length
        );
        assert!(
            pallet_quarry_mining::BENCHMARKED_K.contains(&self.k),
            "chain parameters: k = {} has no solution-weight benchmark (benchmarked: {:?})",
            self.k,
            pallet_quarry_mining::BENCHMARKED_K
        );
        let fit = Self::solutions_per_block_at(self.k);
        let target: u32 = <Runtime as pallet_quarry_mining::Config>::TargetSolutionsPerBlock::get();
        assert!(
            fit >= target as u64,
            "chain parameters: at k = {} a block's weight fits only {fit} solution(s), fewer than the \
             {target} per block the proof target steers toward",
            self.k
        );
    }

    /// How many solutions a block's normal-class weight fits at puzzle size `k`, each charged its
    /// worst case (`pallet_quarry_mining::weights`: one single verification, signature checks and
    /// storage).
    pub fn solutions_per_block_at(k: u32) -> u64 {
        use pallet_quarry_mining::WeightInfo as _;
        type MiningWeights = <Runtime as pallet_quarry_mining::Config>::WeightInfo;
        let weights = <Runtime as frame_system::Config>::BlockWeights::get();
        let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
        let budget = normal.max_total.unwrap_or(weights.max_block).ref_time();
        let per_solution = crate::Mining::submit_solution_weight(k)
            .saturating_add(MiningWeights::validate_solution())
            .saturating_add(<crate::Staking as pallet_quarry_staking::Slash<_, _>>::slash_weight())
            .saturating_add(normal.base_extrinsic)
            .ref_time();
        budget / per_solution.max(1)
    }
}

/// The well-known development validators, in the order the presets take them: each one's account
/// (also its validator id and Aura key) and its GRANDPA key come from the same seed.
const DEV_VALIDATORS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
    (Sr25519Keyring::Alice, Ed25519Keyring::Alice),
    (Sr25519Keyring::Bob, Ed25519Keyring::Bob),
    (Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
    (Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// The first `count` development validators: accounts and session keys (Aura sr25519, GRANDPA
/// ed25519).
fn dev_validators(count: usize) -> Vec<(AccountId, SessionKeys)> {
    DEV_VALIDATORS[..count]
        .iter()
        .map(|(account, grandpa)| {
            (
                account.to_account_id(),
                SessionKeys { aura: account.public().into(), grandpa: grandpa.public().into() },
            )
        })
        .collect()
}

/// Every well-known development account except `One` and `Two`.
fn dev_accounts() -> Vec<AccountId> {
    Sr25519Keyring::iter()
        .filter(|key| key != &Sr25519Keyring::One && key != &Sr25519Keyring::Two)
        .map(|key| key.to_account_id())
        .collect()
}

/// Alice, Bob and Charlie: the council of every preset.
fn dev_council() -> Vec<AccountId> {
    [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
        .map(|key| key.to_account_id())
        .into()
}

/// Who holds root: a sudo key (development and local networks), the council's two-thirds
/// motions through `Governance` (always), or both.
struct Governance {
    sudo: Option<AccountId>,
    council: Vec<AccountId>,
}

impl Governance {
    /// Alice holds sudo; Alice, Bob and Charlie sit on the council.
    fn development() -> Self {
        Governance { sudo: Some(Sr25519Keyring::Alice.to_account_id()), council: dev_council() }
    }
}

fn testnet_genesis(
    network: &str,
    params: ChainParams,
    validators: Vec<(AccountId, SessionKeys)>,
    delegator: AccountId,
    endowed_accounts: Vec<AccountId>,
    governance: Governance,
) -> Value {
    params.check();
    let first_validator = validators[0].0.clone();
    let mut stakers: Vec<(AccountId, Balance, bool)> =
        validators.iter().map(|(account, _)| (account.clone(), VALIDATOR_BOND, true)).collect();
    stakers.push((delegator.clone(), DELEGATOR_BOND, false));
    // Every funded well-known account mines with its own key as its hot key (placeholders, as the
    // accounts are: a launch spec registers none, miners register their own).
    let hot_keys: Vec<(AccountId, sp_core::sr25519::Public)> = endowed_accounts
        .iter()
        .map(|account| (account.clone(), sp_core::sr25519::Public::from_raw(account.clone().into())))
        .collect();

    build_struct_json_patch!(RuntimeGenesisConfig {
        balances: BalancesConfig {
            balances: endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect(),
        },
        staking: StakingConfig {
            stakers,
            delegations: vec![(delegator, first_validator, DELEGATION)],
            session_length: params.session_length,
            slash_defer_sessions: params.slash_defer_sessions,
        },
        session: SessionConfig {
            keys: validators
                .into_iter()
                .map(|(account, keys)| (account.clone(), account, keys))
                .collect(),
        },
        sudo: SudoConfig { key: governance.sudo },
        council: CouncilConfig { members: governance.council, ..Default::default() },
        mining: MiningConfig {
            k: params.k,
            initial_proof_target: INITIAL_PROOF_TARGET,
            challenge_seed: network.as_bytes().to_vec(),
            epoch_length: params.epoch_length,
            min_proof_target: params.min_proof_target,
            hot_keys: hot_keys,
        },
        rewards: RewardsConfig { tier_shares: TierSplit::default() },
    })
}

/// The `development` preset: Alice validates alone; AliceStash delegates to her.
pub fn development_config_genesis() -> Value {
    testnet_genesis(
        "quarry-dev",
        STANDARD_PARAMS,
        dev_validators(1),
        Sr25519Keyring::AliceStash.to_account_id(),
        vec![
            Sr25519Keyring::Alice.to_account_id(),
            Sr25519Keyring::Bob.to_account_id(),
            Sr25519Keyring::AliceStash.to_account_id(),
            Sr25519Keyring::BobStash.to_account_id(),
        ],
        Governance::development(),
    )
}

/// The `local_testnet` preset: Alice and Bob validate; AliceStash delegates to Alice; every
/// well-known dev account is funded.
pub fn local_config_genesis() -> Value {
    testnet_genesis(
        "quarry-local",
        STANDARD_PARAMS,
        dev_validators(2),
        Sr25519Keyring::AliceStash.to_account_id(),
        dev_accounts(),
        Governance::development(),
    )
}

/// The `local_four` preset: Alice, Bob, Charlie and Dave validate (a third can fail and GRANDPA
/// still finalizes); one-minute epochs and sessions ([`FAST_PARAMS`]); every well-known dev
/// account is funded.
pub fn local_four_config_genesis() -> Value {
    testnet_genesis(
        "quarry-local-four",
        FAST_PARAMS,
        dev_validators(4),
        Sr25519Keyring::AliceStash.to_account_id(),
        dev_accounts(),
        Governance::development(),
    )
}

/// The `testnet` preset: the public test network's shape and parameters ([`TESTNET_PARAMS`]),
/// four bonded validators, a three-member council holding root (two of three to pass a motion),
/// and **no sudo key**.
///
/// The accounts are the well-known development keys, as placeholders: the launch spec replaces
/// the validators' accounts and session keys, the council, the endowments and the challenge seed
/// with the operators' own (`chain-specs/README.md` says how). A chain started from this preset
/// as it is can be taken over by anyone who knows the development seeds.
pub fn testnet_config_genesis() -> Value {
    testnet_genesis(
        "quarry-testnet",
        TESTNET_PARAMS,
        dev_validators(4),
        Sr25519Keyring::Eve.to_account_id(),
        [
            Sr25519Keyring::Alice,
            Sr25519Keyring::Bob,
            Sr25519Keyring::Charlie,
            Sr25519Keyring::Dave,
            Sr25519Keyring::Eve,
            Sr25519Keyring::Ferdie,
        ]
        .map(|key| key.to_account_id())
        .into(),
        Governance { sudo: None, council: dev_council() },
    )
}

/// The JSON patch of the preset named `id`, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
    let patch = match id.as_ref() {
        sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
        LOCAL_FOUR_PRESET => local_four_config_genesis(),
        TESTNET_PRESET => testnet_config_genesis(),
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
        PresetId::from(LOCAL_FOUR_PRESET),
        PresetId::from(TESTNET_PRESET),
    ]
}

/// Builds the state of a preset as the node does (default genesis + the preset's patch), then
/// runs `check` inside it, with an empty keystore as a node's runtime calls have.
#[cfg(test)]
pub(crate) fn with_preset_state(id: &str, check: impl FnOnce()) {
    use frame_support::genesis_builder_helper::build_state;
    let patch: Value =
        serde_json::from_slice(&get_preset(&PresetId::from(id)).expect("preset exists")).unwrap();
    let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
    sc_chain_spec::json_patch::merge(&mut config, patch);
    let mut ext = sp_io::TestExternalities::new_empty();
    ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
    ext.execute_with(|| {
        build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
            .expect("preset builds")
    });
    ext.execute_with(check);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Aura, Balances, Grandpa, Runtime, Session, Staking};
    use frame_support::traits::fungible::InspectHold;
    use pallet_quarry_staking::StakeProvider;
    use frame_support::{assert_ok, traits::Get};

    #[test]
    fn sessions_rotate_and_keep_the_elected_set() {
        with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
            let genesis_set = Session::validators();
            let aura_before = pallet_aura::Authorities::<Runtime>::get();
            for _ in 0..3 {
                Session::rotate_session();
            }
            assert_eq!(Session::current_index(), 3);
            assert_eq!(pallet_quarry_staking::CurrentSession::<Runtime>::get(), 3);
            // Same candidates, same backing: the set and the consensus keys carry over.
            assert_eq!(Session::validators(), genesis_set);
            assert_eq!(pallet_aura::Authorities::<Runtime>::get(), aura_before);
        });
    }

    /// M2: no session change in an epoch's last block (a rotating block carries no solution and
    /// the epoch's last blocks decide its winner), and sessions at least as long as epochs (the
    /// rewards pallet's exposure snapshot covers the validators elected before the epoch).
    #[test]
    fn sessions_change_off_epoch_boundaries() {
        use crate::configs::EpochLength;
        use frame_support::traits::EstimateNextSessionRotation;
        type Sessions = <Runtime as pallet_session::Config>::NextSessionRotation;
        for preset in preset_names() {
            with_preset_state(preset.as_ref(), || {
                let epoch = EpochLength::get();
                assert!(<Sessions as EstimateNextSessionRotation<u32>>::average_session_length() >= epoch);
                // Epoch e's blocks are e * epoch + 1 ..= (e + 1) * epoch.
                let mut changes = 0;
                for n in 1..=(20 * epoch) {
                    let rotates =
                        <<Runtime as pallet_session::Config>::ShouldEndSession as pallet_session::ShouldEndSession<_>>::should_end_session(n);
                    if rotates {
                        changes += 1;
                        assert_ne!(n % epoch, 0, "{preset:?}: session change in the last block ({n}) of an epoch");
                    }
                }
                assert!(changes > 0);
            });
        }
    }

    /// Chain parameters come from the genesis: the development chain keeps the defaults, the
    /// four-validator test network runs one-minute epochs and sessions.
    #[test]
    fn chain_parameters_come_from_the_genesis() {
        use crate::configs::{EpochLength, SessionPeriod};
        type MinTarget = <Runtime as pallet_quarry_mining::Config>::MinProofTarget;
        for (preset, params) in [
            (sp_genesis_builder::DEV_RUNTIME_PRESET, STANDARD_PARAMS),
            (LOCAL_FOUR_PRESET, FAST_PARAMS),
        ] {
            with_preset_state(preset, || {
                assert_eq!(EpochLength::get(), params.epoch_length);
                assert_eq!(SessionPeriod::get(), params.session_length);
                assert_eq!(MinTarget::get(), params.min_proof_target);
                assert_eq!(
                    <Runtime as pallet_quarry_staking::Config>::SlashDeferDuration::get(),
                    params.slash_defer_sessions
                );
                assert_eq!(
                    pallet_quarry_mining::CurrentEpoch::<Runtime>::get().ends_at,
                    params.epoch_length
                );
            });
        }
        with_preset_state(LOCAL_FOUR_PRESET, || assert_eq!(Session::validators().len(), 4));
    }

    #[test]
    #[should_panic(expected = "whole number of epochs")]
    fn sessions_shorter_than_epochs_are_refused() {
        ChainParams { epoch_length: 10, session_length: 15, ..FAST_PARAMS }.check();
    }

    /// M2: the author of a session-change block is credited with the authority set that produced
    /// the block. Aura's `FindAuthor` maps the slot through the *current* set, which pallet-session
    /// replaces in that block's `on_initialize`; read afterwards (as the rewards pallet did, in
    /// `on_finalize`) it names the wrong validator. `pallet_authorship` runs before Session and
    /// caches the right one, and the rewards pallet takes it from there.
    #[test]
    fn a_session_change_block_credits_its_real_author() {
        use codec::Encode;
        use frame_support::traits::FindAuthor;
        use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
        use sp_runtime::{traits::Header as _, Digest, DigestItem};
        with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
            // Bob leaves: the next election queues Alice alone.
            let bob = Sr25519Keyring::Bob.to_account_id();
            assert_ok!(Staking::leave_candidates(crate::RuntimeOrigin::signed(bob.clone())));
            // Both author in session 0 (else the liveness rule, not Bob's leaving, decides).
            for validator in Session::validators() {
                <Staking as pallet_authorship::EventHandler<_, _>>::note_author(validator);
            }
            Session::rotate_session();
            let before = Session::validators();
            assert_eq!(before.len(), 2);
            // The next session-change block, authored by Bob (in his last session).
            let period = crate::configs::SessionPeriod::get();
            let offset = crate::configs::SessionOffset::get();
            let n = offset + period * (frame_system::Pallet::<Runtime>::block_number() / period + 1);
            let bob_index = before.iter().position(|v| v == &bob).unwrap() as u64;
            let slot = (u64::from(pallet_aura::CurrentSlot::<Runtime>::get()) / 2 + 1) * 2 + bob_index;
            let author = bob;
            let digest = Digest {
                logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
            };
            frame_system::Pallet::<Runtime>::set_block_number(n - 1);
            let header = crate::Header::new(n, Default::default(), Default::default(), Default::default(), digest.clone());
            crate::Executive::initialize_block(&header);

            assert_eq!(Session::validators().len(), 1, "block {n} changed the session");
            assert_eq!(pallet_quarry_rewards::BlockAuthor::<Runtime>::get(), Some(author.clone()));
            // The index-into-the-current-set rule now names someone else.
            let by_index = pallet_session::FindAccountFromAuthorIndex::<Runtime, Aura>::find_author(
                digest.logs.iter().filter_map(|item| item.as_pre_runtime()),
            );
            assert_ne!(by_index, Some(author));
        });
    }

    #[test]
    fn validator_limits_fit_consensus() {
        use frame_support::traits::Get;
        let max_validators: u32 =
            <<Runtime as pallet_quarry_staking::Config>::MaxValidators as Get<u32>>::get();
        assert!(max_validators <= crate::configs::MaxAuthorities::get());
    }

    /// Every benchmarked puzzle size fits the target rate of 2 solutions per block, each
    /// solution charged its worst case (one single verification); the presets take only a
    /// benchmarked size.
    #[test]
    fn the_puzzle_size_is_bounded_by_what_a_block_can_verify() {
        let fits: Vec<u64> =
            pallet_quarry_mining::BENCHMARKED_K.iter().map(|k| ChainParams::solutions_per_block_at(*k)).collect();
        println!("solutions per block by weight at k = {:?}: {fits:?}", pallet_quarry_mining::BENCHMARKED_K);
        let max_per_block: u32 = <Runtime as pallet_quarry_mining::Config>::MaxSolutionsPerBlock::get();
        assert!(fits[0] >= max_per_block as u64);
        assert!(fits.windows(2).all(|w| w[1] <= w[0]));
        for params in [STANDARD_PARAMS, FAST_PARAMS, TESTNET_PARAMS] {
            params.check();
        }
        for k in pallet_quarry_mining::BENCHMARKED_K {
            ChainParams { k, ..TESTNET_PARAMS }.check();
        }
        let k12 = ChainParams { k: 12, ..TESTNET_PARAMS };
        let refused = std::panic::catch_unwind(|| k12.check()).expect_err("k = 12 is refused");
        let message = refused.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains("k = 12 has no solution-weight benchmark"), "{message}");
    }

    #[test]
    fn development_preset_starts_mining_with_bonded_miners() {
        with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
            let alice = Sr25519Keyring::Alice.to_account_id();
            let work = crate::Mining::work(&alice);
            assert_eq!(work.epoch, 0);
            assert_eq!(work.k, quarry_primitives::DEV_K);
            assert_eq!(work.proof_target, INITIAL_PROOF_TARGET);
            assert_eq!(work.epoch_ends_at, crate::configs::EpochLength::get());
            // 100,000 QRY bonded / 10 QRY per solution.
            assert_eq!(work.allowance_left, 10_000);
            let stash = Sr25519Keyring::AliceStash.to_account_id();
            assert_eq!(crate::Mining::work(&stash).allowance_left, 2_000);
            let bob = Sr25519Keyring::Bob.to_account_id();
            assert_eq!(crate::Mining::work(&bob).allowance_left, 0);
        });
    }

    #[test]
    fn each_network_has_its_own_first_challenge() {
        let challenge = |preset| {
            let mut challenge = [0; 32];
            with_preset_state(preset, || {
                challenge = crate::Mining::work(&Sr25519Keyring::Alice.to_account_id()).challenge
            });
            challenge
        };
        assert_ne!(
            challenge(sp_genesis_builder::DEV_RUNTIME_PRESET),
            challenge(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
        );
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
            assert_eq!(Balances::free_balance(&bob), ENDOWMENT);
            // The rewards pot and the proving pot start with their existential deposits.
            assert_eq!(Balances::total_issuance(), 4 * ENDOWMENT + 2 * crate::EXISTENTIAL_DEPOSIT);
            assert_eq!(
                Balances::free_balance(crate::Rewards::pot()),
                crate::EXISTENTIAL_DEPOSIT
            );
            assert_eq!(
                Balances::free_balance(crate::configs::ProvingPotAccount::get()),
                crate::EXISTENTIAL_DEPOSIT
            );
            assert_eq!(
                pallet_quarry_rewards::TierShares::<Runtime>::get(),
                pallet_quarry_rewards::TierSplit::default()
            );
            // Alice's self-bond is held, not spent.
            assert_eq!(Balances::free_balance(&alice), ENDOWMENT - VALIDATOR_BOND);
            assert_eq!(
                Balances::balance_on_hold(&crate::RuntimeHoldReason::Staking(
                    pallet_quarry_staking::HoldReason::Staking
                ), &alice),
                VALIDATOR_BOND
            );
            assert_eq!(Staking::bonded(&alice), VALIDATOR_BOND);
            // The stake-elected set reached Session and, through it, both consensus engines.
            assert_eq!(Session::validators(), vec![alice.clone()]);
            assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
            assert_eq!(Grandpa::grandpa_authorities().len(), 1);
            assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice));
            assert_eq!(Aura::slot_duration(), crate::SLOT_DURATION);
        });
    }

    /// The testnet mines at the production size, and a block's weight fits the target rate
    /// there (two solutions per block, each charged its `k = 16` benchmark).
    #[test]
    fn testnet_preset_mines_at_the_production_size() {
        with_preset_state(TESTNET_PRESET, || {
            let alice = Sr25519Keyring::Alice.to_account_id();
            assert_eq!(crate::Mining::work(&alice).k, 16);
        });
        assert!(ChainParams::solutions_per_block_at(16) >= 2);
    }

    #[test]
    fn local_testnet_preset_has_two_validators() {
        with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
            let alice = Sr25519Keyring::Alice.to_account_id();
            let bob = Sr25519Keyring::Bob.to_account_id();
            let mut expected = vec![alice.clone(), bob.clone()];
            expected.sort();
            assert_eq!(Session::validators(), expected);
            assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
            assert_eq!(Grandpa::grandpa_authorities().len(), 2);
            assert_eq!(Staking::bonded(&bob), VALIDATOR_BOND);
            assert_eq!(Balances::free_balance(&bob), ENDOWMENT - VALIDATOR_BOND);
            // The genesis delegation backs Alice.
            assert_eq!(Staking::backing_of(&alice), Some(VALIDATOR_BOND + DELEGATION));
        });
    }
}
