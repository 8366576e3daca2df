//! Benchmarks of the governance pallet (FRAME v2): the bridge's own cost, measured around the
//! cheapest call there is (an empty `System::remark`), whose weight the pallet adds on top.

use super::*;
use alloc::{boxed::Box, vec};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

#[benchmarks(where <T as Config>::RuntimeCall: From<frame_system::Call<T>>)]
mod benchmarks {
    use super::*;

    #[benchmark]
    fn dispatch_as_root() -> Result<(), BenchmarkError> {
        let origin =
            T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
        let call: <T as Config>::RuntimeCall = frame_system::Call::<T>::remark { remark: vec![] }.into();

        #[extrinsic_call]
        _(origin as T::RuntimeOrigin, Box::new(call));

        let dispatched: <T as frame_system::Config>::RuntimeEvent =
            Event::<T>::RootDispatched { result: Ok(()) }.into();
        frame_system::Pallet::<T>::assert_last_event(dispatched);
        Ok(())
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
