//! Storage migrations of the staking pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Version 0 to 1: each candidate's delegations move from the `Delegations` double map
/// (candidate => delegator => amount) into one list per candidate, largest first
/// ([`CandidateDelegations`]), and [`CandidateInfo`] gains the scheduled commission raise (none).
pub mod v1 {
    use super::*;

    /// Storage of version 0.
    pub mod v0 {
        use super::*;

        #[frame_support::storage_alias]
        pub type Delegations<T: Config> = StorageDoubleMap<
            Pallet<T>,
            Twox64Concat,
            <T as frame_system::Config>::AccountId,
            Twox64Concat,
            <T as frame_system::Config>::AccountId,
            BalanceOf<T>,
            OptionQuery,
        >;

        /// [`CandidateInfo`] of version 0.
        #[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
        pub struct CandidateInfo<Balance> {
            pub delegated: Balance,
            pub delegators: u32,
            pub commission: Perbill,
        }
    }

    /// The migration, without the version check: use [`MigrateToV1`].
    pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

    impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
        fn on_runtime_upgrade() -> Weight {
            let mut reads_writes = 0u64;
            Candidates::<T>::translate::<v0::CandidateInfo<BalanceOf<T>>, _>(|_, old| {
                reads_writes += 1;
                Some(CandidateInfo {
                    delegated: old.delegated,
                    delegators: old.delegators,
                    commission: old.commission,
                    raise: None,
                })
            });
            // At most MaxCandidates * MaxDelegatorsPerCandidate entries.
            for (candidate, delegator, amount) in v0::Delegations::<T>::drain() {
                reads_writes += 2;
                Pallet::<T>::set_delegation(&candidate, &delegator, amount);
            }
            T::DbWeight::get().reads_writes(reads_writes, reads_writes)
        }

        #[cfg(feature = "try-runtime")]
        fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
            let delegations: u32 = v0::Delegations::<T>::iter().count() as u32;
            Ok(delegations.encode())
        }

        #[cfg(feature = "try-runtime")]
        fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
            let before = u32::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
            let after: u32 = CandidateDelegations::<T>::iter_values().map(|l| l.len() as u32).sum();
            ensure!(before == after, "delegations lost in the migration");
            ensure!(v0::Delegations::<T>::iter().next().is_none(), "old delegations left");
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
