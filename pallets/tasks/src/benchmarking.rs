//! Benchmarks (FRAME v2) for `pallet_quarry_tasks`, with real proofs from
//! [`Config::BenchmarkHelper`].

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

/// What the benchmarks need from the runtime: a proved task, and funded, bonded accounts.
pub trait BenchmarkHelper<AccountId> {
    /// A prover, a task input of the catalogue's heaviest verification, its outputs, and a proof
    /// of it bound to the prover.
    fn proved_task() -> (AccountId, CircuitId, Vec<u8>, Vec<FieldBytes>, Vec<u8>);
    /// Gives `who` `amount` of free balance and a bond of `bond`.
    fn fund(who: &AccountId, amount: Balance, bond: Balance);
}

fn offer<T: Config>() -> Offer<BlockNumberFor<T>> {
    Offer {
        min_price: 1_000_000,
        max_price: 2_000_000,
        ramp_blocks: 10u32.into(),
        lock_blocks: 5u32.into(),
        deadline_blocks: 20u32.into(),
        collateral: T::MinCollateral::get().max(1_000_000),
    }
}

const FUNDS: Balance = 1_000_000_000_000_000;

/// A dApp with `n` tasks of the helper's input (each in its own deadline block), and the prover
/// funded and bonded to lock them all. Returns the dApp, the prover, the tasks, outputs and proof.
fn tasks<T: Config>(
    n: u32,
) -> (
    T::AccountId,
    T::AccountId,
    Vec<TaskId>,
    Vec<FieldBytes>,
    Vec<u8>,
) {
    let (prover, circuit, input, outputs, proof) = T::BenchmarkHelper::proved_task();
    let dapp: T::AccountId = account("dapp", 0, 0);
    T::BenchmarkHelper::fund(&dapp, FUNDS, 0);
    T::BenchmarkHelper::fund(
        &prover,
        FUNDS,
        T::StakePerLock::get().saturating_mul(n.max(1).into()),
    );
    let ids = (0..n)
        .map(|i| {
            let id = NextTaskId::<T>::get();
            // Distinct deadline and lock-expiry blocks (each queue holds MaxPerBlock).
            let offer = Offer {
                deadline_blocks: (20 + i).into(),
                lock_blocks: (5 + i).into(),
                ..offer::<T>()
            };
            Pallet::<T>::submit_task(
                RawOrigin::Signed(dapp.clone()).into(),
                circuit,
                input.clone().try_into().expect("catalogue input fits"),
                offer,
                Permill::zero(),
                Mode::Lock,
            )
            .expect("valid task");
            id
        })
        .collect();
    (dapp, prover, ids, outputs, proof)
}

/// Locks `ids`, each prover holding at most `MaxLocksPerProver` of them: `prover` the first ones,
/// then funded and bonded "locker" accounts.
fn lock_all<T: Config>(prover: &T::AccountId, ids: &[TaskId]) {
    let per_prover = T::MaxLocksPerProver::get().max(1);
    for (i, chunk) in ids.chunks(per_prover as usize).enumerate() {
        let locker = if i == 0 {
            prover.clone()
        } else {
            let locker: T::AccountId = account("locker", i as u32, 0);
            T::BenchmarkHelper::fund(&locker, FUNDS, T::StakePerLock::get().saturating_mul(per_prover.into()));
            locker
        };
        for id in chunk {
            Pallet::<T>::lock_task(RawOrigin::Signed(locker.clone()).into(), *id).unwrap();
        }
    }
}

#[benchmarks]
mod benchmarks {
    use super::*;

    #[benchmark]
    fn submit_task() {
        let (_, circuit, input, _, _) = T::BenchmarkHelper::proved_task();
        let dapp: T::AccountId = account("dapp", 0, 0);
        T::BenchmarkHelper::fund(&dapp, FUNDS, 0);
        let input: TaskInput = input.try_into().expect("catalogue input fits");
        #[extrinsic_call]
        _(
            RawOrigin::Signed(dapp),
            circuit,
            input,
            offer::<T>(),
            Permill::zero(),
            Mode::Lock,
        );
        assert!(Tasks::<T>::contains_key(0));
    }

    #[benchmark]
    fn lock_task() {
        let (_, prover, ids, _, _) = tasks::<T>(1);
        frame_system::Pallet::<T>::set_block_number(
            T::PriorityBlocks::get().saturating_add(10u32.into()),
        );
        #[extrinsic_call]
        _(RawOrigin::Signed(prover), ids[0]);
        assert!(matches!(
            Tasks::<T>::get(ids[0]).unwrap().state,
            TaskState::Locked { .. }
        ));
    }

    #[benchmark]
    fn submit_proof() {
        let (_, prover, ids, outputs, proof) = tasks::<T>(1);
        frame_system::Pallet::<T>::set_block_number(
            T::PriorityBlocks::get().saturating_add(1u32.into()),
        );
        Pallet::<T>::lock_task(RawOrigin::Signed(prover.clone()).into(), ids[0]).unwrap();
        #[extrinsic_call]
        _(
            RawOrigin::Signed(prover),
            ids[0],
            outputs.try_into().unwrap(),
            proof.try_into().unwrap(),
        );
        assert!(!Tasks::<T>::contains_key(ids[0]));
    }

    #[benchmark]
    fn submit_proofs(n: Linear<1, { T::MaxProofsPerBatch::get() }>) {
        let (_, prover, ids, outputs, proof) = tasks::<T>(n);
        frame_system::Pallet::<T>::set_block_number(
            T::PriorityBlocks::get().saturating_add(1u32.into()),
        );
        for id in &ids {
            Pallet::<T>::lock_task(RawOrigin::Signed(prover.clone()).into(), *id).unwrap();
        }
        let batch: Vec<_> = ids
            .iter()
            .map(|id| {
                (
                    *id,
                    outputs.clone().try_into().unwrap(),
                    proof.clone().try_into().unwrap(),
                )
            })
            .collect();
        #[extrinsic_call]
        _(RawOrigin::Signed(prover), batch.try_into().unwrap());
        assert!(ids.iter().all(|id| !Tasks::<T>::contains_key(id)));
    }

    #[benchmark]
    fn cancel_task() {
        let (dapp, _, ids, _, _) = tasks::<T>(1);
        #[extrinsic_call]
        _(RawOrigin::Signed(dapp), ids[0]);
        assert!(!Tasks::<T>::contains_key(ids[0]));
    }

    /// The heaviest settlement: a failed lock slashed at the deadline.
    #[benchmark]
    fn settle() {
        let (dapp, prover, ids, _, _) = tasks::<T>(1);
        frame_system::Pallet::<T>::set_block_number(
            T::PriorityBlocks::get().saturating_add(1u32.into()),
        );
        Pallet::<T>::lock_task(RawOrigin::Signed(prover).into(), ids[0]).unwrap();
        frame_system::Pallet::<T>::set_block_number(100u32.into());
        #[extrinsic_call]
        _(RawOrigin::Signed(dapp), ids[0]);
        assert!(!Tasks::<T>::contains_key(ids[0]));
    }

    /// `e` lock expiries and `d` deadlines (of failed locks, the heavier kind) in one block.
    #[benchmark]
    fn on_initialize(
        e: Linear<0, { T::MaxPerBlock::get() }>,
        d: Linear<0, { T::MaxPerBlock::get() }>,
    ) {
        let (_, prover, ids, _, _) = tasks::<T>(e + d);
        frame_system::Pallet::<T>::set_block_number(
            T::PriorityBlocks::get().saturating_add(1u32.into()),
        );
        lock_all::<T>(&prover, &ids);
        let now: BlockNumberFor<T> = 1_000u32.into();
        let (expiring, expired) = ids.split_at(e as usize);
        LockExpiries::<T>::insert(now, BoundedVec::truncate_from(expiring.to_vec()));
        for id in expired {
            Pallet::<T>::fail_lock(*id);
        }
        Deadlines::<T>::insert(now, BoundedVec::truncate_from(expired.to_vec()));
        #[block]
        {
            Pallet::<T>::on_initialize(now);
        }
        assert!(expired.iter().all(|id| !Tasks::<T>::contains_key(id)));
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
