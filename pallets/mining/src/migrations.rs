//! Storage migrations of the mining pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Version 0 to 1: miner accounts need the miner's consent.
///
/// Version-0 bindings were made without the miner's consent (security review H2), so they are
/// dropped rather than trusted: owners propose again and miners accept. They held no deposit.
/// Shares change meaning (proof targets instead of qualities) from the upgrade on; an epoch
/// running across the upgrade mixes both, so schedule the upgrade near an epoch's start.
pub mod v1 {
    use super::*;

    /// Storage of version 0.
    pub mod v0 {
        use super::*;

        #[frame_support::storage_alias]
        pub type MinerAccountOf<T: Config> = StorageMap<
            Pallet<T>,
            Blake2_128Concat,
            <T as frame_system::Config>::AccountId,
            <T as frame_system::Config>::AccountId,
            OptionQuery,
        >;
    }

    /// The migration, without the version check: use [`MigrateToV1`].
    pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

    impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
        fn on_runtime_upgrade() -> Weight {
            let owners = v0::MinerAccountOf::<T>::clear(u32::MAX, None).unique;
            let miners = MinerAccountOwner::<T>::clear(u32::MAX, None).unique;
            log::info!(target: LOG_TARGET, "dropped {owners} miner accounts bound without consent");
            T::DbWeight::get().writes((owners + miners) as u64)
        }

        #[cfg(feature = "try-runtime")]
        fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
            ensure!(MinerAccountOf::<T>::iter_keys().next().is_none(), "bindings left");
            ensure!(MinerAccountOwner::<T>::iter_keys().next().is_none(), "owners left");
            Ok(())
        }
    }

    /// Version 0 to 1, run once (the pallet's storage version guards it).
    pub type MigrateToV1<T> = VersionedMigration<
        0,
        1,
        InnerMigrateToV1<T>,
        Pallet<T>,
        <T as frame_system::Config>::DbWeight,
    >;
}
