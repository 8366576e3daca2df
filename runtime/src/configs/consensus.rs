//! Block production (Aura), finality (GRANDPA) and the clock they share.

use frame_support::traits::{ConstBool, ConstU32, ConstU64};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{AccountId, Aura, Runtime, RuntimeEvent, SLOT_DURATION};

/// Upper bound on the validator set size; storage and weights are sized for it.
pub type MaxAuthorities = ConstU32<100>;

impl pallet_timestamp::Config for Runtime {
    /// Milliseconds since the Unix epoch.
    type Moment = u64;
    type OnTimestampSet = Aura;
    /// Aura derives its slot duration as twice this.
    type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
    type WeightInfo = ();
}

impl pallet_aura::Config for Runtime {
    type AuthorityId = AuraId;
    type DisabledValidators = ();
    type MaxAuthorities = MaxAuthorities;
    type AllowMultipleBlocksPerSlot = ConstBool<false>;
    type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type WeightInfo = ();
    type MaxAuthorities = MaxAuthorities;
    type MaxNominators = ConstU32<0>;
    type MaxSetIdSessionEntries = ConstU64<0>;
    // No equivocation reporting yet: it needs pallet-session's key-ownership proofs, which arrive
    // with the staking pallet.
    type KeyOwnerProof = sp_core::Void;
    type EquivocationReportSystem = ();
}

/// The author of each block: Aura's slot author, mapped to its account through the session
/// validators in force when the block was produced (cached in `on_initialize`, before a session
/// change). The rewards pallet credits the block's PoS part and tips to it.
impl pallet_authorship::Config for Runtime {
    type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Runtime, Aura>;
    type EventHandler = ();
}

/// `FindAuthor` for the rewards pallet: whatever `pallet_authorship` noted for this block.
pub struct AuthorshipAuthor;
impl frame_support::traits::FindAuthor<AccountId> for AuthorshipAuthor {
    fn find_author<'a, I>(_digests: I) -> Option<AccountId>
    where
        I: 'a + IntoIterator<Item = (sp_runtime::ConsensusEngineId, &'a [u8])>,
    {
        pallet_authorship::Pallet::<Runtime>::author()
    }
}
