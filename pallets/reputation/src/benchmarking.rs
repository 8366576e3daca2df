//! Benchmarks (FRAME v2) for `pallet_quarry_reputation`.

use super::*;
use frame_benchmarking::v2::*;

#[benchmarks]
mod benchmarks {
    use super::*;

    /// One update of a prover with history, in a market with history.
    #[benchmark]
    fn record() {
        let prover: T::AccountId = account("prover", 0, 0);
        for price in [1_000u128, 5_000, 2_000] {
            <Pallet<T> as ReputationBook<_>>::record(&prover, Outcome::Delivered, price);
        }
        #[block]
        {
            <Pallet<T> as ReputationBook<_>>::record(&prover, Outcome::Failed, 3_000);
        }
        assert_eq!(Reputations::<T>::get(&prover).updates, 4);
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
