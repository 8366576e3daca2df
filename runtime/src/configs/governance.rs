//! Governance without a sudo key: a council (`pallet-collective`) whose two-thirds motions act as
//! root through `pallet-quarry-governance`. Development chains also keep `Sudo`; the `testnet`
//! preset sets no sudo key, so there root is the council's.

use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS};

parameter_types! {
    /// A motion not decided within a day lapses; a slash to cancel waits a day too
    /// (`slashDeferSessions` on production parameters), and a motion closes as soon as two
    /// thirds agree.
    pub const CouncilMotionDuration: BlockNumber = DAYS;
    /// A motion's call may take at most half a block.
    pub MaxCouncilProposalWeight: Weight =
        Perbill::from_percent(50) * super::RuntimeBlockWeights::get().max_block;
}

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;

impl pallet_collective::Config<CouncilCollective> for Runtime {
    type RuntimeOrigin = RuntimeOrigin;
    type Proposal = RuntimeCall;
    type RuntimeEvent = RuntimeEvent;
    type MotionDuration = CouncilMotionDuration;
    type MaxProposals = ConstU32<32>;
    type MaxMembers = ConstU32<16>;
    /// A silent prime member's vote counts as what it voted; without a prime, as nay.
    type DefaultVote = pallet_collective::PrimeDefaultVote;
    type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
    /// Root, that is a council motion through `Governance` (or sudo on development chains).
    type SetMembersOrigin = EnsureRoot<AccountId>;
    type MaxProposalWeight = MaxCouncilProposalWeight;
    type DisapproveOrigin = EnsureRoot<AccountId>;
    type KillOrigin = EnsureRoot<AccountId>;
    /// Members propose without a deposit: the council is a handful of known operators.
    type Consideration = ();
}

/// At least two thirds of the council, through a motion.
pub type TwoThirdsOfCouncil =
    pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

impl pallet_quarry_governance::Config for Runtime {
    type RuntimeCall = RuntimeCall;
    type CouncilOrigin = TwoThirdsOfCouncil;
    type WeightInfo = pallet_quarry_governance::weights::SubstrateWeight<Runtime>;
}
