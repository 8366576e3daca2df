//! Test runtime: `frame_system` and this pallet; account 1 is the "council".

use crate as pallet_quarry_governance;
use frame_support::{derive_impl, ord_parameter_types};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Governance: pallet_quarry_governance,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
}

ord_parameter_types! {
    pub const Council: u64 = 1;
}

impl crate::Config for Test {
    type RuntimeCall = RuntimeCall;
    type CouncilOrigin = frame_system::EnsureSignedBy<Council, u64>;
    type WeightInfo = ();
}

/// Externalities at block 1 (so events are recorded).
pub fn new_test_ext() -> sp_io::TestExternalities {
    let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}
