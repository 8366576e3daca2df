//! Benchmarks of the staking pallet (frame-benchmarking v2).
//!
//! The runtime must use `pallet_session::Pallet<Runtime>` as [`Config::ValidatorRegistration`]:
//! candidates get their session keys registered by writing `pallet_session::NextKeys` directly
//! (real keys would need a proof of possession the benchmark cannot produce).

use super::*;
use crate::Pallet as Staking;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate as _;
use frame_system::RawOrigin;
use pallet_session::SessionManager;
use sp_runtime::traits::{Convert, TrailingZeroInput};

const SEED: u32 = 0;

/// An account `name`/`index` endowed with plenty for any bond of these benchmarks.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
    let who: T::AccountId = account(name, index, SEED);
    let unit = T::MinCandidateBond::get()
        .saturating_add(T::MinDelegation::get())
        .saturating_add(T::MinBond::get());
    let amount = unit
        .saturating_mul(1_000u32.into())
        .saturating_add(T::Currency::minimum_balance());
    T::Currency::set_balance(&who, amount);
    who
}

/// Make `pallet-session` consider `who` registered.
fn register_keys<T: Config + pallet_session::Config>(who: &T::AccountId) {
    let validator = <T as pallet_session::Config>::ValidatorIdOf::convert(who.clone())
        .expect("accounts have a validator id");
    let keys = <T as pallet_session::Config>::Keys::decode(&mut TrailingZeroInput::zeroes())
        .expect("session keys decode from zeroes");
    pallet_session::NextKeys::<T>::insert(validator, keys);
}

/// A new candidate with a self-bond of `MinCandidateBond + index`.
fn create_candidate<T: Config + pallet_session::Config>(index: u32) -> T::AccountId {
    let who = funded::<T>("candidate", index);
    Staking::<T>::do_bond(
        &who,
        T::MinCandidateBond::get().saturating_add(index.into()),
    )
    .expect("funded account bonds");
    register_keys::<T>(&who);
    Staking::<T>::do_join_candidates(&who, Perbill::from_percent(10), true)
        .expect("room for the candidate");
    who
}

/// Create candidates until there are at least `count`.
fn fill_candidates<T: Config + pallet_session::Config>(count: u32) {
    let mut index = 1_000;
    while (CandidateList::<T>::decode_len().unwrap_or(0) as u32) < count {
        create_candidate::<T>(index);
        index += 1;
    }
}

/// A bonded delegator with `MinDelegation` delegated to `candidate`.
fn create_delegator<T: Config>(index: u32, candidate: &T::AccountId) -> T::AccountId {
    let who = funded::<T>("delegator", index);
    Staking::<T>::do_bond(&who, T::MinDelegation::get()).expect("funded account bonds");
    Staking::<T>::do_delegate(&who, candidate, T::MinDelegation::get())
        .expect("room for the delegation");
    who
}

/// A bonded account with `chunks` unlocking chunks (one per session, from the current one on)
/// and `MinBond * 10` still active.
fn bonded_with_chunks<T: Config>(chunks: u32) -> T::AccountId {
    let who = funded::<T>("staker", 0);
    let active = T::MinBond::get().saturating_mul(10u32.into());
    Staking::<T>::do_bond(&who, active.saturating_add(chunks.into()))
        .expect("funded account bonds");
    let start = CurrentSession::<T>::get();
    for i in 0..chunks {
        CurrentSession::<T>::put(start + i);
        Staking::<T>::do_unbond(&who, 1u32.into()).expect("room for the chunk");
    }
    who
}

#[benchmarks(where T: pallet_session::Config)]
mod benchmarks {
    use super::*;

    #[benchmark]
    fn bond() {
        let caller = funded::<T>("caller", 0);
        let value = T::MinCandidateBond::get();

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), value);

        assert_eq!(Staking::<T>::active_bond(&caller), value);
    }

    #[benchmark]
    fn bond_extra() -> Result<(), BenchmarkError> {
        let caller = funded::<T>("caller", 0);
        let value = T::MinBond::get();
        Staking::<T>::do_bond(&caller, value)?;

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), value);

        assert_eq!(
            Staking::<T>::active_bond(&caller),
            value.saturating_add(value)
        );
        Ok(())
    }

    /// Worst case: a delegator (reads its delegations) pushing the last free unlocking chunk.
    #[benchmark]
    fn unbond() -> Result<(), BenchmarkError> {
        let max = T::MaxUnlockingChunks::get();
        let caller = bonded_with_chunks::<T>(max - 1);
        let candidate = create_candidate::<T>(0);
        Staking::<T>::do_bond_extra(&caller, T::MinDelegation::get())?;
        Staking::<T>::do_delegate(&caller, &candidate, T::MinDelegation::get())?;
        CurrentSession::<T>::mutate(|s| *s += 1);

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), 1u32.into());

        assert_eq!(
            Ledger::<T>::get(&caller).map(|l| l.unlocking.len() as u32),
            Some(max)
        );
        Ok(())
    }

    /// Worst case: every chunk matured.
    #[benchmark]
    fn withdraw_unbonded() {
        let max = T::MaxUnlockingChunks::get();
        let caller = bonded_with_chunks::<T>(max);
        CurrentSession::<T>::mutate(|s| *s += T::BondingDuration::get());

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()));

        assert_eq!(
            Ledger::<T>::get(&caller).map(|l| l.unlocking.len()),
            Some(0)
        );
    }

    #[benchmark]
    fn join_candidates(c: Linear<0, { T::MaxCandidates::get() - 1 }>) {
        fill_candidates::<T>(c);
        let caller = funded::<T>("caller", 0);
        Staking::<T>::do_bond(&caller, T::MinCandidateBond::get()).expect("funded");
        register_keys::<T>(&caller);

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), Perbill::from_percent(5));

        assert!(Staking::<T>::is_candidate(&caller));
    }

    #[benchmark]
    fn leave_candidates(
        c: Linear<1, { T::MaxCandidates::get() }>,
        d: Linear<0, { T::MaxDelegatorsPerCandidate::get() }>,
    ) {
        let caller = create_candidate::<T>(0);
        fill_candidates::<T>(c);
        for i in 0..d {
            create_delegator::<T>(i, &caller);
        }

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()));

        assert!(!Staking::<T>::is_candidate(&caller));
        assert!(CandidateDelegations::<T>::get(&caller).is_empty());
    }

    #[benchmark]
    fn set_commission() {
        let caller = create_candidate::<T>(0);

        let max = T::MaxCommission::get();

        // A raise: scheduled.
        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), max);

        let info = Candidates::<T>::get(&caller).expect("a candidate");
        assert_eq!(info.raise.map(|r| r.commission), Some(max));
    }

    /// Worst case: a new delegation of a delegator one short of its limit, to a full candidate
    /// whose smallest delegation it evicts.
    #[benchmark]
    fn delegate() -> Result<(), BenchmarkError> {
        let max = T::MaxDelegationsPerDelegator::get();
        let candidates: Vec<T::AccountId> = (0..max).map(create_candidate::<T>).collect();
        let caller = funded::<T>("caller", 0);
        let amount = T::MinDelegation::get();
        let larger = amount.saturating_mul(2u32.into());
        Staking::<T>::do_bond(&caller, larger.saturating_mul(max.into()))?;
        for candidate in &candidates[..(max - 1) as usize] {
            Staking::<T>::do_delegate(&caller, candidate, amount)?;
        }
        let target = candidates[(max - 1) as usize].clone();
        for i in 0..T::MaxDelegatorsPerCandidate::get() {
            create_delegator::<T>(i, &target);
        }
        let target_lookup = T::Lookup::unlookup(target.clone());

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), target_lookup, larger);

        assert_eq!(Staking::<T>::delegation(&target, &caller), Some(larger));
        Ok(())
    }

    /// Worst case: removing a whole delegation of a delegator at its limit.
    #[benchmark]
    fn undelegate() -> Result<(), BenchmarkError> {
        let max = T::MaxDelegationsPerDelegator::get();
        let candidates: Vec<T::AccountId> = (0..max).map(create_candidate::<T>).collect();
        let caller = funded::<T>("caller", 0);
        let amount = T::MinDelegation::get();
        Staking::<T>::do_bond(&caller, amount.saturating_mul(max.into()))?;
        for candidate in &candidates {
            Staking::<T>::do_delegate(&caller, candidate, amount)?;
        }
        let target = candidates[(max - 1) as usize].clone();
        let target_lookup = T::Lookup::unlookup(target.clone());

        #[extrinsic_call]
        _(RawOrigin::Signed(caller.clone()), target_lookup, amount);

        assert_eq!(Staking::<T>::delegation(&target, &caller), None);
        Ok(())
    }

    /// The election run at every session rotation, with `c` registered candidates.
    #[benchmark]
    fn new_session(c: Linear<0, { T::MaxCandidates::get() }>) {
        fill_candidates::<T>(c);
        SelectedValidators::<T>::kill();

        #[block]
        {
            let _ = <Staking<T> as SessionManager<T::AccountId>>::new_session(1);
        }

        let candidates = CandidateList::<T>::decode_len().unwrap_or(0) as u32;
        if candidates >= T::MinValidators::get() {
            assert!(!SelectedValidators::<T>::get().is_empty());
        }
    }

    /// `Slash::slash` taking everything: free active bond, `MaxUnlockingChunks` chunks and `d`
    /// delegations.
    #[benchmark]
    fn slash(d: Linear<0, { T::MaxDelegationsPerDelegator::get() }>) -> Result<(), BenchmarkError> {
        let staker = bonded_with_chunks::<T>(T::MaxUnlockingChunks::get());
        let amount = T::MinDelegation::get();
        if d > 0 {
            Staking::<T>::do_bond_extra(&staker, amount.saturating_mul(d.into()))?;
        }
        for i in 0..d {
            let candidate = create_candidate::<T>(i);
            Staking::<T>::do_delegate(&staker, &candidate, amount)?;
        }
        let total = Ledger::<T>::get(&staker)
            .map(|l| l.total())
            .unwrap_or_default();
        let slashed;

        #[block]
        {
            slashed = <Staking<T> as Slash<_, _>>::slash(&staker, total);
        }

        assert_eq!(slashed, total);
        assert!(Ledger::<T>::get(&staker).is_none());
        Ok(())
    }

    /// Cancelling the largest deferred slash there can be: a full delegation list and the most
    /// reporters (the whole entry is read and removed).
    #[benchmark]
    fn cancel_deferred_slash() -> Result<(), BenchmarkError> {
        let origin = T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
        let validator: T::AccountId = account("validator", 0, SEED);
        let others: alloc::vec::Vec<_> = (0..T::MaxDelegatorsPerCandidate::get())
            .map(|i| Delegation { delegator: account("delegator", i, SEED), amount: T::MinDelegation::get() })
            .collect();
        let reporters: alloc::vec::Vec<T::AccountId> =
            (0..MAX_REPORTERS).map(|i| account("reporter", i, SEED)).collect();
        let deferred = UnappliedSlash::<T> {
            offence_session: 1,
            fraction: Perbill::from_percent(10),
            own: T::MinCandidateBond::get(),
            others: BoundedVec::truncate_from(others),
            reporters: BoundedVec::truncate_from(reporters),
        };
        UnappliedSlashes::<T>::insert(3, &validator, deferred);

        #[extrinsic_call]
        _(origin as T::RuntimeOrigin, 3, validator.clone());

        assert!(!UnappliedSlashes::<T>::contains_key(3, &validator));
        Ok(())
    }

    impl_benchmark_test_suite!(Staking, crate::mock::new_test_ext(), crate::mock::Test);
}
