//! Test runtime: `frame_system` and this pallet, `λ = 0.98`.

use crate as pallet_quarry_reputation;
use frame_support::{derive_impl, parameter_types};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Reputation: pallet_quarry_reputation,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
}

parameter_types! {
    pub const Discount: Perbill = Perbill::from_percent(98);
}

impl crate::Config for Test {
    type Discount = Discount;
    type WeightInfo = ();
}

/// Externalities at block 1 (so events are recorded).
pub fn new_test_ext() -> sp_io::TestExternalities {
    let storage = frame_system::GenesisConfig::<Test>::default()
        .build_storage()
        .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}
