//! Benchmarks (FRAME v2) of `pallet_quarry_aura_equivocation`: one whole report, judged against
//! the runtime's own session history, offences and staking pallets, which
//! [`Config::BenchmarkHelper`] fills. The offender's two seals are made in the benchmark's
//! keystore (`quarry-node benchmark pallet` provides one; a test registers a `MemoryKeystore`).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_consensus_aura::digests::CompatibleDigestItem;
use sp_runtime::{
    traits::{Hash as _, Header as _},
    transaction_validity::InvalidTransaction,
    Digest, DigestItem, RuntimeAppPublic,
};

/// What the report benchmark needs from the runtime: a session whose validator set, key history
/// and stake are real.
pub trait BenchmarkHelper<T: Config> {
    /// The most validators a session can have (the upper end of the benchmark's validator
    /// count).
    fn max_validators() -> u32;

    /// Makes a session of `validator_count` validators current, one of them with `offender` as
    /// its Aura key and `delegators` delegators behind it. Returns the key-ownership proof of
    /// `offender` in that session and the height of a block whose author it chose.
    fn equivocating_validator(
        offender: &T::AuthorityId,
        validator_count: u32,
        delegators: u32,
    ) -> (T::KeyOwnerProof, BlockNumberFor<T>);
}

type SignatureOf<T> = <<T as Config>::AuthorityId as RuntimeAppPublic>::Signature;

/// A header at `number` for `slot`, sealed by `offender` as `sc-consensus-aura` seals (the
/// signature covers the header's hash without the seal); `fork` makes two of them differ.
fn sealed_header<T: Config>(
    offender: &T::AuthorityId,
    slot: Slot,
    number: BlockNumberFor<T>,
    fork: u8,
) -> HeaderFor<T> {
    let parent_hash = <HeaderFor<T> as sp_runtime::traits::Header>::Hashing::hash(&[fork]);
    let mut header = HeaderFor::<T>::new(
        number,
        Default::default(),
        Default::default(),
        parent_hash,
        Digest::default(),
    );
    header
        .digest_mut()
        .push(<DigestItem as CompatibleDigestItem<SignatureOf<T>>>::aura_pre_digest(slot));
    let signature = offender
        .sign(&header.hash())
        .expect("the benchmark keystore holds the offender's key");
    header
        .digest_mut()
        .push(<DigestItem as CompatibleDigestItem<SignatureOf<T>>>::aura_seal(signature));
    header
}

// Public so the runtime's tests reach `test_report_equivocation`.
#[benchmarks]
pub mod benchmarks {
    use super::*;

    /// A valid signed report: a key-ownership proof in a set of `v` validators, two header
    /// seals, and the offence, whose deferred slash records the offender's `n` delegators.
    /// (The unsigned report does the same work and is charged the same.)
    #[benchmark]
    fn report_equivocation(
        v: Linear<2, { T::BenchmarkHelper::max_validators() }>,
        n: Linear<0, { T::MaxNominators::get() }>,
    ) {
        let offender = T::AuthorityId::generate_pair(Some(b"//Offender".to_vec()));
        let (key_owner_proof, number) = T::BenchmarkHelper::equivocating_validator(&offender, v, n);
        let slot = Slot::from(1_000u64);
        let proof = AuraEquivocationProof::<T> {
            offender: offender.clone(),
            slot,
            first_header: sealed_header::<T>(&offender, slot, number, 1),
            second_header: sealed_header::<T>(&offender, slot, number, 2),
        };
        let reporter: T::AccountId = whitelisted_caller();

        #[extrinsic_call]
        _(
            RawOrigin::Signed(reporter),
            Box::new(proof.clone()),
            key_owner_proof.clone(),
        );

        // The offence was recorded: the same report is stale now.
        assert_eq!(
            T::EquivocationReportSystem::check_evidence((proof, key_owner_proof)),
            Err(InvalidTransaction::Stale.into())
        );
    }

    /// Runs the report benchmark once, with its check, for `v` validators and `n` delegators in
    /// the current externalities. For the runtime's tests: the benchmark needs the runtime's
    /// helper, so it has no mock test suite here, and the `Benchmark` API path needs a database
    /// backend that test externalities lack.
    #[cfg(feature = "std")]
    pub fn test_report_equivocation<T: Config>(v: u32, n: u32) -> Result<(), BenchmarkError> {
        use frame_benchmarking::BenchmarkingSetup;
        let components = [(BenchmarkParameter::v, v), (BenchmarkParameter::n, n)];
        <SelectedBenchmark as BenchmarkingSetup<T>>::test_instance(
            &SelectedBenchmark::report_equivocation,
            &components,
            &|| {},
        )
    }
}
