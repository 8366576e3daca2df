//! Benchmarks of the rewards pallet (FRAME v2). `pay_validator` is not benchmarked yet: it needs
//! validator candidates with session keys, which a generic benchmark cannot register.

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
