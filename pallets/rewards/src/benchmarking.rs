//! Benchmarks of the rewards pallet (FRAME v2).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

/// Put `amount` in the pot and book it as epoch `epoch`'s mining tier.
fn fund_mining_tier<T: Config>(epoch: EpochIndex, amount: Balance) {
    <T as Config>::Currency::mint_into(&Pallet::<T>::pot(), amount).expect("mint");
    EpochBooks::<T>::insert(epoch, EpochBook { minted: amount, mining: amount, ..Default::default() });
}

#[benchmarks]
mod benchmarks {
    use super::*;

    #[benchmark]
    fn set_tier_shares() {
        let shares = TierSplit { pos: 5000, mining: 2500, proving: 1500, treasury: 1000 };

        #[extrinsic_call]
        _(RawOrigin::Root, shares);

        assert_eq!(TierShares::<T>::get(), shares);
    }

    #[benchmark]
    fn on_finalize() {
        let n = frame_system::Pallet::<T>::block_number();
        BlockEpoch::<T>::put(0);
        let fees = 1_000 * <T as Config>::Currency::minimum_balance();
        <T as Config>::Currency::mint_into(&Pallet::<T>::pot(), fees).expect("mint");
        BlockFees::<T>::put(fees);

        #[block]
        {
            Pallet::<T>::on_finalize(n);
        }

        assert!(EpochBooks::<T>::get(0).is_some_and(|b| b.fees == fees));
    }

    /// One validator's PoS payout with `d` delegators in its exposure snapshot, its ZK duty
    /// not done (the withheld share goes to the treasury as well).
    #[benchmark]
    fn pay_validator(d: Linear<0, { <T as pallet_quarry_staking::Config>::MaxDelegatorsPerCandidate::get() }>) {
        let ed = <T as Config>::Currency::minimum_balance();
        let validator: T::AccountId = account("validator", 0, 0);
        let stake = 1_000 * ed;
        let others: alloc::vec::Vec<_> = (0..d)
            .map(|i| pallet_quarry_staking::Delegation {
                delegator: account("delegator", i, 0),
                amount: stake.unique_saturated_into(),
            })
            .collect();
        let exposure = pallet_quarry_staking::Exposure::<T> {
            own: stake.unique_saturated_into(),
            total: (stake * (d as u128 + 1)).unique_saturated_into(),
            commission: Perbill::from_percent(10),
            others: BoundedVec::truncate_from(others),
        };
        Exposures::<T>::insert(0, &validator, exposure);
        let points = 1_000 * ed * (d as u128 + 1);
        <T as Config>::Currency::mint_into(&Pallet::<T>::pot(), points).expect("mint");
        EpochBooks::<T>::insert(0, EpochBook { minted: points, pos: points, ..Default::default() });

        #[block]
        {
            Pallet::<T>::pay_validator(0, &validator, points);
        }

        assert!(<T as Config>::Currency::balance(&validator) > 0);
    }

    #[benchmark]
    fn pay_miners(m: Linear<1, 64>) {
        let ed = <T as Config>::Currency::minimum_balance();
        for i in 0..m {
            let miner: T::AccountId = account("miner", i, 0);
            <T as Config>::Currency::mint_into(&miner, ed).expect("mint");
            pallet_quarry_mining::MinerStats::<T>::insert(
                0,
                &miner,
                pallet_quarry_mining::MinerEpochStats { solutions: 1, shares: 1 },
            );
        }
        pallet_quarry_mining::Totals::<T>::insert(
            0,
            pallet_quarry_mining::EpochTotals { solutions: m, shares: m as u128, miners: m },
        );
        fund_mining_tier::<T>(0, 1_000 * ed * m as u128);
        let mut payout = Payout::new(0);

        #[block]
        {
            Pallet::<T>::pay_miners(&mut payout);
        }

        assert!(EpochBooks::<T>::get(0).is_some_and(|b| b.paid > 0));
    }

    #[benchmark]
    fn close_epoch() {
        let ed = <T as Config>::Currency::minimum_balance();
        fund_mining_tier::<T>(0, 1_000 * ed);

        #[block]
        {
            Pallet::<T>::close_epoch(0);
        }

        assert!(EpochBooks::<T>::get(0).is_none());
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
