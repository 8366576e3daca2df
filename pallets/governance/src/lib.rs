//! # Quarry Governance Pallet
//!
//! A public network cannot hang on one sudo key, yet some calls need root: runtime upgrades
//! (`System::set_code`), cancelling a wrong slash (`Staking::cancel_deferred_slash`), forced
//! balance fixes. This pallet is the narrow bridge: [`Pallet::dispatch_as_root`] runs a call as
//! root when its origin passes [`Config::CouncilOrigin`]. In the runtime that origin is "two
//! thirds of the council", a `pallet-collective` motion, so root needs a council vote:
//!
//! 1. a council member proposes `Governance::dispatch_as_root(call)` with
//!    `Council::propose(threshold, ...)`;
//! 2. members vote (`Council::vote`; the proposer too); once two thirds say aye, anyone
//!    `Council::close`s it;
//! 3. the motion dispatches `dispatch_as_root` with the council's origin, which runs `call` as
//!    root and reports the call's result in [`Event::RootDispatched`].
//!
//! It is what `pallet-sudo`'s `sudo` does, with a configurable origin instead of a key (the
//! pattern of ORML's `authority` pallet). The council itself is changed the same way
//! (`Council::set_members` needs root). Development chains keep `Sudo` for convenience; the
//! `testnet` preset sets no sudo key.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use alloc::boxed::Box;
    use frame_support::{
        dispatch::{GetDispatchInfo, PostDispatchInfo},
        pallet_prelude::*,
        traits::UnfilteredDispatchable,
    };
    use frame_system::pallet_prelude::*;
    use sp_runtime::traits::Dispatchable;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// A call of the runtime.
        type RuntimeCall: Parameter
            + UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
            + Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
            + GetDispatchInfo;
        /// Who may act as root: in the runtime, two thirds of the council.
        type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;
        /// Weights of this pallet's calls.
        type WeightInfo: WeightInfo;
    }

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A council-approved call ran as root; `result` is the call's own outcome.
        RootDispatched { result: DispatchResult },
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Run `call` as root. The origin must pass [`Config::CouncilOrigin`]. Succeeds
        /// whenever the origin is allowed, whatever `call` returns (see
        /// [`Event::RootDispatched`]), so a motion that ran is not reported as failed.
        #[pallet::call_index(0)]
        #[pallet::weight({
            let info = call.get_dispatch_info();
            (T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
        })]
        pub fn dispatch_as_root(
            origin: OriginFor<T>,
            call: Box<<T as Config>::RuntimeCall>,
        ) -> DispatchResultWithPostInfo {
            T::CouncilOrigin::ensure_origin(origin)?;
            let result = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
            Self::deposit_event(Event::RootDispatched {
                result: result.map(|_| ()).map_err(|e| e.error),
            });
            // The motion pays what it declared; a cheaper call is not refunded (as sudo).
            Ok(Pays::No.into())
        }
    }
}
