//! Benchmarks of the mining pallet (FRAME v2).
//!
//! The solution benchmarks need a real, signed solution at each benchmarked `k`; producing one
//! needs the puzzle's prover, which the wasm runtime does not contain. So solutions mined once
//! offline are embedded (`benchmark_solutions/k{k}.hex`: SCALE of a [`SignedSolution`] in slot 0),
//! made with
//! `quarry-prover mine --k K --challenge 4242…42 --miner b0b0…b0 --target 1 --max-solutions 1`
//! and signed with the sr25519 key of mini-secret `[0x5b; 32]` (Substrate signing context) over
//! [`SignedSolution::signing_payload`]: the wasm runtime cannot sign. The benchmarks set the
//! chain's challenge, `k` and target to match.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

/// The benchmark miner's hot key: the public key of mini-secret `[0x5b; 32]`.
const HOT_KEY: &str = "f430e956a7b591117f09c52dd5a976037b79901bf32f74a5971f81d28382f176";

/// A signed solution for challenge `[0x42; 32]` and miner `[0xb0; 32]` at each benchmarked `k`
/// ([`BENCHMARKED_K`]), as hex.
fn fixture_hex(k: u32) -> &'static str {
    match k {
        10 => include_str!("benchmark_solutions/k10.hex"),
        16 => include_str!("benchmark_solutions/k16.hex"),
        _ => panic!("no benchmark solution at k = {k}"),
    }
}

fn unhex(hex: &str) -> alloc::vec::Vec<u8> {
    let hex: alloc::string::String = hex.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("valid hex"))
        .collect()
}

/// Make the embedded solution at `k` valid now: its challenge, `k`, target 1, a bonded miner with
/// the benchmark hot key; returns it, signed in slot 0.
fn setup_solution<T: Config>(k: u32) -> SignedSolution {
    let bytes = unhex(fixture_hex(k));
    let submission = SignedSolution::decode(&mut &bytes[..]).expect("a signed solution's encoding");
    CurrentEpoch::<T>::mutate(|epoch| epoch.challenge = submission.solution.challenge);
    PuzzleK::<T>::put(k);
    CurrentProofTarget::<T>::put(1);
    let miner = T::AccountId::from(submission.solution.miner);
    T::BenchmarkHelper::bond(&miner, T::StakePerSolution::get().saturating_mul(1000));
    let key: [u8; 32] = unhex(HOT_KEY).try_into().expect("32 bytes");
    HotKeys::<T>::insert(&miner, sr25519::Public::from_raw(key));
    // The node builds the puzzle parameters of a `k` on its first verification and keeps them;
    // build them here, outside the measured block, as a running node has.
    let warm = quarry_primitives::puzzle::verify_solution(
        submission.solution.clone(),
        &submission.solution.challenge,
        k,
        1,
    );
    assert!(warm.is_ok(), "the benchmark solution at k = {k} verifies: {warm:?}");
    submission
}

/// Dispatch of one solution at `k` and its end-of-block settlement: its opening verified alone
/// (the batch's worst case per solution) and its booking.
fn submit_and_settle<T: Config>(submission: SignedSolution) {
    assert!(Pallet::<T>::submit_solution(RawOrigin::None.into(), submission).is_ok());
    Pallet::<T>::settle_solutions(frame_system::Pallet::<T>::block_number());
}

fn assert_booked<T: Config>(miner: &T::AccountId, nonce: u64) {
    let epoch = CurrentEpoch::<T>::get().index;
    assert_eq!(MinerStats::<T>::get(epoch, miner).expect("booked").solutions, 1);
    assert!(Landed::<T>::contains_key(epoch, (miner, nonce)));
}

#[benchmarks]
mod benchmarks {
    use super::*;

    /// `submit_solution` at `k = 10` (development and local chains).
    #[benchmark]
    fn submit_solution_k10() {
        let submission = setup_solution::<T>(10);
        let (miner, nonce) = (T::AccountId::from(submission.solution.miner), submission.solution.nonce);

        #[block]
        {
            submit_and_settle::<T>(submission);
        }

        assert_booked::<T>(&miner, nonce);
    }

    /// `submit_solution` at `k = 16` (production size: the testnet).
    #[benchmark]
    fn submit_solution_k16() {
        let submission = setup_solution::<T>(16);
        let (miner, nonce) = (T::AccountId::from(submission.solution.miner), submission.solution.nonce);

        #[block]
        {
            submit_and_settle::<T>(submission);
        }

        assert_booked::<T>(&miner, nonce);
    }

    #[benchmark]
    fn validate_solution() {
        let submission = setup_solution::<T>(10);
        let call = Call::<T>::submit_solution { submission };

        #[block]
        {
            #[allow(deprecated)] // see the note on `ValidateUnsigned` in lib.rs
            let result = <Pallet<T> as ValidateUnsigned>::pre_dispatch(&call);
            assert!(result.is_ok());
        }
    }

    /// A proposal holding the deposit (the heavier of the two: `accept_miner_account` only
    /// moves storage and is charged the same).
    #[benchmark]
    fn set_miner_account() {
        let owner: T::AccountId = whitelisted_caller();
        let miner: T::AccountId = account("miner", 0, 0);
        T::BenchmarkHelper::bond(&owner, T::MinerAccountDeposit::get().saturating_mul(4));
        let previous: T::AccountId = account("previous", 0, 0);
        MinerAccountOf::<T>::insert(&owner, MinerBinding { miner: previous.clone(), from_epoch: 0 });
        MinerAccountOwner::<T>::insert(&previous, &owner);

        #[extrinsic_call]
        _(RawOrigin::Signed(owner.clone()), Some(miner.clone()));

        assert_eq!(MinerAccountProposals::<T>::get(&owner), Some(miner));
    }

    /// Registering a hot key (the bond is read; `None` only removes).
    #[benchmark]
    fn set_hot_key() {
        let miner: T::AccountId = whitelisted_caller();
        T::BenchmarkHelper::bond(&miner, T::StakePerSolution::get().saturating_mul(4));
        let key = sr25519::Public::from_raw([7; 32]);

        #[extrinsic_call]
        _(RawOrigin::Signed(miner.clone()), Some(key));

        assert_eq!(HotKeys::<T>::get(&miner), Some(key));
    }

    /// `on_finalize` of an epoch's last block with a solution booked in the epoch. The
    /// solution is settled before the measured block: its verification is `submit_solution`'s.
    #[benchmark]
    fn on_finalize_epoch_end() {
        let submission = setup_solution::<T>(10);
        let epoch = CurrentEpoch::<T>::get();
        submit_and_settle::<T>(submission);
        let n = epoch.ends_at;
        frame_system::Pallet::<T>::set_block_number(n);
        // Make the epoch that leaves the history the pruned one.
        CurrentEpoch::<T>::mutate(|e| e.index = T::HistoryDepth::get());

        #[block]
        {
            Pallet::<T>::on_finalize(n);
        }

        assert_eq!(CurrentEpoch::<T>::get().index, T::HistoryDepth::get() + 1);
    }

    #[benchmark]
    fn prune_step(r: Linear<0, { 2 * 64 }>) {
        let per_map = r / 2;
        for i in 0..per_map {
            let who: T::AccountId = account("miner", i, 0);
            MinerStats::<T>::insert(0, &who, MinerEpochStats { solutions: 1, shares: 1 });
            Landed::<T>::insert(0, (&who, i as u64), ());
        }
        Pruning::<T>::put(0);

        #[block]
        {
            Pallet::<T>::prune_step();
        }
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

/// Times dispatch and `pre_dispatch` of a solution (cheap checks) at `k = 10`, and at each
/// benchmarked `k` the end-of-block verification of 1, 2, 4 and 8 openings and of 4 with one bad
/// opening (the batch fails and each is verified alone), natively on the mock runtime as a node
/// runs them (the host functions execute natively). Prints the median of 25 runs: what a block's
/// import spends on its solutions, next to the weights (the benchmark CLI's figures, which charge
/// each solution a single verification). Run with `cargo test --release -p pallet-quarry-mining
/// --features runtime-benchmarks measure -- --ignored --nocapture`.
#[cfg(test)]
mod measure {
    use super::*;
    use crate::mock::{new_test_ext, with_bad_opening, RuntimeOrigin, Test};
    use std::time::Instant;

    fn median_micros(mut run: impl FnMut() -> std::time::Duration) -> (f64, f64) {
        let mut times: alloc::vec::Vec<f64> = (0..25).map(|_| run().as_secs_f64() * 1e6).collect();
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (times[times.len() / 2], times[0])
    }

    #[test]
    #[ignore = "a measurement, not a check: prints times"]
    fn measure_native_times() {
        // Warm the k = 10 parameters once, as a node does at start-up.
        new_test_ext().execute_with(|| {
            let submission = setup_solution::<Test>(10);
            Pallet::<Test>::submit_solution(RuntimeOrigin::none(), submission).unwrap();
        });
        let (median, min) = median_micros(|| {
            new_test_ext().execute_with(|| {
                let submission = setup_solution::<Test>(10);
                let start = Instant::now();
                Pallet::<Test>::submit_solution(RuntimeOrigin::none(), submission).unwrap();
                start.elapsed()
            })
        });
        println!("submit_solution (dispatch, signature included): median {median:.0} µs, min {min:.0} µs");
        let (median, min) = median_micros(|| {
            new_test_ext().execute_with(|| {
                let call = Call::<Test>::submit_solution { submission: setup_solution::<Test>(10) };
                let start = Instant::now();
                #[allow(deprecated)]
                let result = <Pallet<Test> as ValidateUnsigned>::pre_dispatch(&call);
                let elapsed = start.elapsed();
                result.unwrap();
                elapsed
            })
        });
        println!("validate_solution (pre_dispatch): median {median:.0} µs, min {min:.0} µs");
        // The end-of-block batch with `n` solutions at each benchmarked `k` (the one embedded
        // solution `n` times: the combined check costs the same for equal or distinct
        // solutions). At `k = 16` a block's weight fits 4 solutions.
        // With `bad` of them carrying a bad opening, the batch fails and each solution is
        // verified alone: the import cost of a block whose author let garbage in.
        for k in BENCHMARKED_K {
            for (n, bad) in [(1usize, 0usize), (2, 0), (4, 0), (8, 0), (4, 1)] {
                let (median, min) = median_micros(|| {
                    new_test_ext().execute_with(|| {
                        let solution = setup_solution::<Test>(k).solution;
                        let queue = (0..n).map(|i| QueuedSolution {
                            solution: if i < bad { with_bad_opening(&solution) } else { solution.clone() },
                            proof_target: CurrentProofTarget::<Test>::get(),
                            quality: 1,
                            claim: None,
                        });
                        UnverifiedOpenings::<Test>::put(BoundedVec::truncate_from(queue.collect::<alloc::vec::Vec<_>>()));
                        SolutionsInBlock::<Test>::put(n as u32);
                        let start = Instant::now();
                        Pallet::<Test>::settle_solutions(1);
                        let elapsed = start.elapsed();
                        assert_eq!(SolutionsInBlock::<Test>::get() as usize, n - bad);
                        elapsed
                    })
                });
                println!(
                    "k = {k}: end-of-block verification and booking of {n} ({bad} bad): \
                     median {median:.0} µs, min {min:.0} µs"
                );
            }
        }
    }
}
