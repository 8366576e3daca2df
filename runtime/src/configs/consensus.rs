//! Block production (Aura), finality (GRANDPA) and the clock they share.

use frame_support::{
    parameter_types,
    traits::{ConstBool, ConstU32},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{
    AccountId, Aura, BlockNumber, Historical, Offences, Runtime, RuntimeCall, RuntimeEvent, Session, Staking,
    UncheckedExtrinsic, SLOT_DURATION,
};

/// Upper bound on the validator set size; storage and weights are sized for it.
pub type MaxAuthorities = ConstU32<100>;

impl pallet_timestamp::Config for Runtime {
    /// Milliseconds since the Unix epoch.
    type Moment = u64;
    type OnTimestampSet = Aura;
    /// Aura derives its slot duration as twice this.
    type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
    type WeightInfo = ();
}

impl pallet_aura::Config for Runtime {
    type AuthorityId = AuraId;
    /// Validators disabled for an offence cannot author for the rest of the session.
    type DisabledValidators = Session;
    type MaxAuthorities = MaxAuthorities;
    type AllowMultipleBlocksPerSlot = ConstBool<false>;
    type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

parameter_types! {
    /// Sessions back an offence can still be reported and slashed (the staking pallet's
    /// `BondingDuration - SlashDeferDuration`): the GRANDPA set-id history and the historical
    /// session roots are kept this long.
    pub ReportableSessions: u32 = Staking::reportable_sessions();
    /// Blocks a GRANDPA equivocation report stays valid in the pool.
    pub ReportLongevity: u64 =
        ReportableSessions::get() as u64
            * <super::SessionPeriod as frame_support::traits::Get<crate::BlockNumber>>::get() as u64;
    pub MaxSetIdSessionEntries: u64 = ReportableSessions::get() as u64;
}

impl pallet_grandpa::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type WeightInfo = ();
    type MaxAuthorities = MaxAuthorities;
    /// A report slashes the offender's delegators too: at most this many.
    type MaxNominators = ConstU32<{ super::MAX_DELEGATORS_PER_CANDIDATE }>;
    type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
    type KeyOwnerProof = sp_session::MembershipProof;
    /// Equivocations (two votes of one voter in one round) are reported by any node that sees
    /// them, as unsigned transactions with a key-ownership proof against `Historical`, then
    /// judged by `Offences` and slashed by `Staking`.
    type EquivocationReportSystem =
        pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_quarry_aura_equivocation::Config for Runtime {
    type AuthorityId = AuraId;
    type KeyOwnerProof = sp_session::MembershipProof;
    type SessionOfBlock = SessionOfBlock;
    /// Reported by any node that sees two headers sealed by one authority for one slot (the
    /// node's `accountability` task), judged by `Offences`, slashed by `Staking`.
    type EquivocationReportSystem = pallet_quarry_aura_equivocation::EquivocationReportSystem<
        Self,
        Offences,
        Historical,
        ReportLongevity,
    >;
    type MaxNominators = ConstU32<{ super::MAX_DELEGATORS_PER_CANDIDATE }>;
    type WeightInfo = ();
}

/// The session a block belongs to. `pallet_session::PeriodicSessions` rotates in the
/// `on_initialize` of every block `b >= offset` with `(b - offset) % period == 0` (block 0, the
/// genesis, never executes), so block `n` is in session "rotations in blocks `1..=n`".
pub struct SessionOfBlock;
impl sp_runtime::traits::Convert<BlockNumber, sp_staking::SessionIndex> for SessionOfBlock {
    fn convert(number: BlockNumber) -> sp_staking::SessionIndex {
        use frame_support::traits::Get;
        let period = super::SessionPeriod::get().max(1);
        let offset = super::SessionOffset::get();
        let first_rotation = if offset == 0 { period } else { offset };
        if number < first_rotation {
            0
        } else {
            (number - first_rotation) / period + 1
        }
    }
}

/// Offence reports of all kinds go to the staking pallet.
impl pallet_offences::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
    type OnOffenceHandler = Staking;
}

/// Unsigned transactions built inside the runtime (GRANDPA's equivocation reports).
impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
    RuntimeCall: From<LocalCall>,
{
    type Extrinsic = UncheckedExtrinsic;
    type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
    RuntimeCall: From<LocalCall>,
{
    fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
        UncheckedExtrinsic::new_bare(call)
    }
}

/// The author of each block: Aura's slot author, mapped to its account through the session
/// validators in force when the block was produced (cached in `on_initialize`, before a session
/// change). The rewards pallet credits the block's PoS part and tips to it.
impl pallet_authorship::Config for Runtime {
    type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Runtime, Aura>;
    /// Staking counts authored blocks for its liveness rule.
    type EventHandler = Staking;
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
