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
    type WeightInfo = pallet_quarry_aura_equivocation::weights::SubstrateWeight<Runtime>;
    #[cfg(feature = "runtime-benchmarks")]
    type BenchmarkHelper = AuraEquivocationBenchmarks;
}

/// The Aura equivocation benchmark's session: the preset's validators plus new candidates, the
/// first of which holds the offender's key and has the delegators; elected and in force after
/// two rotations, with real keys in session history and a real exposure.
#[cfg(feature = "runtime-benchmarks")]
pub struct AuraEquivocationBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_quarry_aura_equivocation::BenchmarkHelper<Runtime> for AuraEquivocationBenchmarks {
    fn max_validators() -> u32 {
        use frame_support::traits::Get;
        <Runtime as pallet_quarry_staking::Config>::MaxValidators::get()
    }

    fn equivocating_validator(
        offender: &AuraId,
        validator_count: u32,
        delegators: u32,
    ) -> (sp_session::MembershipProof, BlockNumber) {
        use crate::{AccountId, Balances, RuntimeOrigin, SessionKeys};
        use frame_support::traits::{fungible::Mutate, KeyOwnerProofSystem};
        use pallet_session::SessionInterface;
        use sp_core::{ed25519, sr25519};

        let signed = |who: &AccountId| RuntimeOrigin::signed(who.clone());
        let candidate = |i: u32| -> AccountId { frame_benchmarking::account("validator", i, 0) };
        let bond = <Runtime as pallet_quarry_staking::Config>::MinCandidateBond::get();
        let new_validators = validator_count.saturating_sub(Session::validators().len() as u32);
        for i in 0..new_validators {
            let who = candidate(i);
            // Keys nobody holds, distinct per validator: only the offender's must sign.
            let mut raw = [0x51; 32];
            raw[..4].copy_from_slice(&i.to_le_bytes());
            let aura =
                if i == 0 { offender.clone() } else { sr25519::Public::from_raw(raw).into() };
            let keys = SessionKeys { aura, grandpa: ed25519::Public::from_raw(raw).into() };
            Balances::set_balance(&who, bond.saturating_mul(2));
            <Session as SessionInterface>::set_keys(&who, keys).expect("keys nobody holds");
            Staking::bond(signed(&who), bond).expect("an endowed account bonds");
            Staking::join_candidates(signed(&who), sp_runtime::Perbill::zero())
                .expect("room for a candidate");
        }
        let delegation = <Runtime as pallet_quarry_staking::Config>::MinDelegation::get();
        for i in 0..delegators {
            let who: AccountId = frame_benchmarking::account("delegator", i, 0);
            Balances::set_balance(&who, delegation.saturating_mul(2));
            Staking::bond(signed(&who), delegation).expect("an endowed account bonds");
            Staking::delegate(signed(&who), candidate(0).into(), delegation)
                .expect("room for a delegator");
        }
        // Elected at the next rotation, in force from the one after; every validator authors in
        // between, or the liveness rule would leave it out.
        for _ in 0..2 {
            for validator in Session::validators() {
                <Staking as pallet_authorship::EventHandler<_, _>>::note_author(validator);
            }
            Session::rotate_session();
        }
        assert_eq!(Session::validators().len() as u32, validator_count, "the set is in force");
        // A proof for the current session: `Historical::check_proof` rebuilds that session's trie
        // from every validator's keys (older sessions only read a stored root), the dearer path.
        let proof = Historical::prove((sp_core::crypto::key_types::AURA, offender.clone()))
            .expect("the offender's key is a current validator's");
        (proof, SessionOfBlock::first_block(Session::current_index()) + 1)
    }
}

/// The session a block belongs to. `pallet_session::PeriodicSessions` rotates in the
/// `on_initialize` of every block `b >= offset` with `(b - offset) % period == 0` (block 0, the
/// genesis, never executes), so block `n` is in session "rotations in blocks `1..=n`".
pub struct SessionOfBlock;
impl sp_runtime::traits::Convert<BlockNumber, sp_staking::SessionIndex> for SessionOfBlock {
    fn convert(number: BlockNumber) -> sp_staking::SessionIndex {
        let (first_rotation, period) = Self::schedule();
        if number < first_rotation {
            0
        } else {
            (number - first_rotation) / period + 1
        }
    }
}

impl SessionOfBlock {
    /// The first block of `session` (block 0, the genesis, for session 0).
    pub fn first_block(session: sp_staking::SessionIndex) -> BlockNumber {
        let (first_rotation, period) = Self::schedule();
        match session {
            0 => 0,
            s => first_rotation + (s - 1) * period,
        }
    }

    /// The block of the first rotation, and the blocks between rotations.
    fn schedule() -> (BlockNumber, BlockNumber) {
        use frame_support::traits::Get;
        let period = super::SessionPeriod::get().max(1);
        let offset = super::SessionOffset::get();
        (if offset == 0 { period } else { offset }, period)
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
