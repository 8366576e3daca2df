//! Storage migrations of the rewards pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Version 0 to 1: PoS is paid from exposure snapshots ([`Exposures`]).
///
/// Version 0 kept no snapshots, so the epoch running at the upgrade has none: this takes them
/// now for every possible author, as if the epoch had started at the upgrade (delegations made
/// earlier in the epoch count for it; that epoch is the only one paid that way). Epochs already
/// queued for payout have no snapshot either: their validators keep the whole PoS reward
/// (commission 100 %), so schedule the upgrade after the payout queue is empty (a few blocks
/// into an epoch).
pub mod v1 {
    use super::*;

    /// The migration, without the version check: use [`MigrateToV1`].
    pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

    impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
        fn on_runtime_upgrade() -> Weight {
            let epoch = pallet_quarry_mining::CurrentEpoch::<T>::get().index;
            let taken = Pallet::<T>::snapshot_exposures(epoch);
            log::info!(target: LOG_TARGET, "epoch {epoch}: {taken} exposures taken at the upgrade");
            Pallet::<T>::snapshot_weight(taken).saturating_add(T::DbWeight::get().reads(1))
        }

        #[cfg(feature = "try-runtime")]
        fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
            let epoch = pallet_quarry_mining::CurrentEpoch::<T>::get().index;
            for validator in pallet_quarry_staking::Pallet::<T>::possible_authors() {
                ensure!(
                    Exposures::<T>::contains_key(epoch, &validator) ||
                        !pallet_quarry_staking::Pallet::<T>::is_candidate(&validator),
                    "a possible author has no exposure"
                );
            }
            Pallet::<T>::do_try_state()
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
