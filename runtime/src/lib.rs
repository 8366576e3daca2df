//! # Quarry runtime
//!
//! The state transition function of the Quarry chain, compiled twice: natively (for tests and the
//! node's tooling) and to wasm (the blob stored on chain and executed by every node).
//!
//! Pallets, by `pallet_index` (indices are part of the transaction format: never reuse one):
//! - 0 `System`, 1 `Timestamp`: FRAME basics.
//! - 2 `Aura`, 3 `Grandpa`: block production and finality. Their authorities are whatever
//!   `Session` hands them each session.
//! - 4 `Balances`, 5 `TransactionPayment`: the QRY token and fees.
//! - 6 `Sudo`: development and local test networks only (see `genesis_config_presets`); the
//!   `testnet` preset sets no key.
//! - 7 `Staking` (`pallet-quarry-staking`): bonds, validator candidates, delegations; elects the
//!   top candidates by backing every session. 13 `Authorship`: notes each block's author before
//!   `Session` can rotate the authority set (it is declared, and so runs, before `Session`).
//!   8 `Session`: rotates the validator set and their session keys every `SessionPeriod` blocks.
//! - 9 `Mining` (`pallet-quarry-mining`): epochs, the puzzle target, solutions. 10 `Rewards`
//!   (`pallet-quarry-rewards`): the tiered block reward.
//! - 11 `Reputation` (`pallet-quarry-reputation`): provers' Beta reputation. 12 `Tasks`
//!   (`pallet-quarry-tasks`): the proof market.
//! - 14 `Historical` (`pallet_session::historical`): validator-set roots of past sessions, for
//!   key-ownership proofs. 15 `Offences`: offence reports (GRANDPA and Aura equivocations),
//!   handed to `Staking`, which disables the offender and slashes it after a deferral.
//!   16 `AuraEquivocation` (`pallet-quarry-aura-equivocation`): reports of two blocks sealed by
//!   one authority for one slot.
//! - 17 `Council` (`pallet-collective`) and 18 `Governance` (`pallet-quarry-governance`): two
//!   thirds of the council act as root; the `testnet` preset has no sudo key.
//!
//! Configuration lives in [`configs`], one module per concern; runtime APIs in [`apis`].
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

#[cfg(test)]
mod accountability_tests;
#[cfg(test)]
mod governance_tests;
#[cfg(test)]
mod mining_tests;
#[cfg(all(test, feature = "try-runtime"))]
mod try_state_tests;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;

use sp_runtime::{
    generic, impl_opaque_keys,
    traits::{BlakeTwo256, IdentifyAccount, Verify},
    MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node can use without knowing the runtime's extrinsic format, so it keeps syncing
/// across runtime upgrades that change that format.
pub mod opaque {
    use super::*;
    use sp_runtime::traits::Hash as HashT;

    pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

    /// Opaque block header type.
    pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
    /// Opaque block type.
    pub type Block = generic::Block<Header, UncheckedExtrinsic>;
    /// Opaque block hash type.
    pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
    /// The keys a validator registers for its session: one per consensus engine.
    pub struct SessionKeys {
        pub aura: Aura,
        pub grandpa: Grandpa,
    }
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: alloc::borrow::Cow::Borrowed("quarry"),
    impl_name: alloc::borrow::Cow::Borrowed("quarry-node"),
    authoring_version: 1,
    // Bump on every change of runtime logic; nodes use it to pick the wasm to execute.
    spec_version: 103,
    impl_version: 1,
    apis: apis::RUNTIME_API_VERSIONS,
    // Bump when the extrinsic format or a call index changes: wallets refuse stale signatures.
    transaction_version: 1,
    system_version: 1,
};

/// Target block time. Aura produces at most one block per slot; the slot length is fixed at genesis
/// (changing it on a live chain halts block production).
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot length, equal to the block time.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Block counts for common durations.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// One QRY in base units (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = UNIT / 1_000;
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Accounts below this balance are reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Token metadata advertised in chain specs (wallets read it from `system_properties`).
pub const TOKEN_SYMBOL: &str = "QRY";
pub const TOKEN_DECIMALS: u8 = 12;
/// The generic Substrate SS58 prefix until Quarry registers its own.
pub const SS58_PREFIX: u16 = 42;

/// Transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account is identified by the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in base units.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;
/// Block height.
pub type BlockNumber = u32;
/// How a transaction names an account.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block with the runtime's own extrinsic type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Checks and payments applied to every signed transaction, in this order.
pub type TxExtension = (
    frame_system::CheckNonZeroSender<Runtime>,
    frame_system::CheckSpecVersion<Runtime>,
    frame_system::CheckTxVersion<Runtime>,
    frame_system::CheckGenesis<Runtime>,
    frame_system::CheckEra<Runtime>,
    frame_system::CheckNonce<Runtime>,
    frame_system::CheckWeight<Runtime>,
    pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
    frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
    frame_system::WeightReclaim<Runtime>,
);

/// The extrinsic format of this runtime.
pub type UncheckedExtrinsic =
    generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a transaction's signature covers.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade (each guarded by its pallet's storage
/// version, so they run once).
type Migrations = (
    pallet_quarry_staking::migrations::v1::MigrateToV1<Runtime>,
    pallet_quarry_mining::migrations::v1::MigrateToV1<Runtime>,
    // After staking's: it snapshots exposures from the migrated delegations.
    pallet_quarry_rewards::migrations::v1::MigrateToV1<Runtime>,
);

/// Dispatches extrinsics to pallets and runs the block lifecycle hooks.
pub type Executive = frame_executive::Executive<
    Runtime,
    Block,
    frame_system::ChainContext<Runtime>,
    Runtime,
    AllPalletsWithSystem,
    Migrations,
>;

// `legacy_ordering`: hooks run in declaration order, not by pallet index, so `Authorship`
// (index 13) runs before `Session` (8) rotates the authority set.
#[frame_support::runtime(legacy_ordering)]
mod runtime {
    #[runtime::runtime]
    #[runtime::derive(
        RuntimeCall,
        RuntimeEvent,
        RuntimeError,
        RuntimeOrigin,
        RuntimeFreezeReason,
        RuntimeHoldReason,
        RuntimeSlashReason,
        RuntimeLockId,
        RuntimeTask,
        RuntimeViewFunction
    )]
    pub struct Runtime;

    #[runtime::pallet_index(0)]
    pub type System = frame_system;

    #[runtime::pallet_index(1)]
    pub type Timestamp = pallet_timestamp;

    #[runtime::pallet_index(2)]
    pub type Aura = pallet_aura;

    #[runtime::pallet_index(3)]
    pub type Grandpa = pallet_grandpa;

    #[runtime::pallet_index(4)]
    pub type Balances = pallet_balances;

    #[runtime::pallet_index(5)]
    pub type TransactionPayment = pallet_transaction_payment;

    #[runtime::pallet_index(6)]
    pub type Sudo = pallet_sudo;

    // Staking before Session: Session's genesis asks Staking for the first validator set.
    #[runtime::pallet_index(7)]
    pub type Staking = pallet_quarry_staking;

    // Authorship before Session: the block's author is found (and cached) with the authority set
    // that produced the block, before a session change replaces it.
    #[runtime::pallet_index(13)]
    pub type Authorship = pallet_authorship;

    #[runtime::pallet_index(8)]
    pub type Session = pallet_session;

    #[runtime::pallet_index(9)]
    pub type Mining = pallet_quarry_mining;

    #[runtime::pallet_index(10)]
    pub type Rewards = pallet_quarry_rewards;

    #[runtime::pallet_index(11)]
    pub type Reputation = pallet_quarry_reputation;

    #[runtime::pallet_index(12)]
    pub type Tasks = pallet_quarry_tasks;

    // The validator-set roots of past sessions, against which key-ownership proofs of offence
    // reports are checked.
    #[runtime::pallet_index(14)]
    pub type Historical = pallet_session::historical;

    #[runtime::pallet_index(15)]
    pub type Offences = pallet_offences;

    // Aura equivocations (two blocks sealed by one authority for one slot) as offences.
    #[runtime::pallet_index(16)]
    pub type AuraEquivocation = pallet_quarry_aura_equivocation;

    // Governance: the council, and root for its two-thirds motions.
    #[runtime::pallet_index(17)]
    pub type Council = pallet_collective<Instance1>;
    #[runtime::pallet_index(18)]
    pub type Governance = pallet_quarry_governance;
}

/// Two headers one Aura authority sealed for one slot: the evidence of an Aura equivocation
/// (what the node's reporter builds and `AuraEquivocation` checks).
pub type AuraEquivocationProof =
    sp_consensus_slots::EquivocationProof<Header, sp_consensus_aura::sr25519::AuthorityId>;
