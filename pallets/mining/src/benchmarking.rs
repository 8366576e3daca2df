//! Benchmarks of the mining pallet (FRAME v2).
//!
//! The solution benchmarks need a real solution at the runtime's `k`; producing one needs the
//! puzzle's prover, which the wasm runtime does not contain. So a solution mined once with
//! `quarry-prover mine --k 10 --challenge 4242…42 --miner b0b0…b0 --target 1 --max-solutions 1`
//! is embedded below; the benchmarks set the chain's challenge, `k` and target to match it.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

/// SCALE encoding of a `k = 10` solution for challenge `[0x42; 32]` and miner `[0xb0; 32]`,
/// quality 10 (so valid for any target up to that).
const SOLUTION_K10: &[&str] = &[
    "4242424242424242424242424242424242424242424242424242424242424242b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0",
    "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b000000000000000007ebbe9c06705e04dc71b4e6c9bb7747b974c52c5970b8d75",
    "0b6c1672711672ba810b1b3a4ef22eddef10c8fef183f2d534b22803c3bb2fead56e4615aa5afab66994b1de30260bf5",
    "448b69ae235b2202c295f8fbbdd410e72c56e682ec1d7ffbfaaf5719ef19fa16f046f66c6fb51025dd7a0e593320550c",
    "8387ed2665fcf067c7a3b99e3d108577f13673a33580aaa51d9b485c69316c9d5b8d4df79f4a7201c5881adf015efb8a",
    "114187341408993867e3202bf8df0ba927492a80cc4750ba21399fc07be58c7ab3197f7d38c700d21ba304ab48774da2",
    "703d8cd4cb646a99f5ab6dfdf8c024aff222b34678971d5387cf43ea1817e14ceff0bfbf828ad63a4d05caad0c01ba0d",
    "f26a3657e24adbe36ac4ad06b0375fba811150e8089768f155804027a1c145f94b8f96c980248eba91e40f24e8d9b5dd",
    "5fecd12781ef87acd7885199ab8875209062f078075df679211de23f925ca169ba7285afba748066bd331be59e1493c0",
    "f6860e9461a318249e5ab242adf86dead7aa3d46fb547864d4929d72f71dbaa6e6d70f0da2052aef7bcaf455df4caaac",
    "6da5e4d6011d223d15bd954809dbf2466f6de972d5f0eb78658eb8e08081b089e814923c7ec65823908a289efd19a1a6",
    "349bf5c2def187f5f16e6ba15b1fdfdef99cbf6f089a0aa165b45a6e8dcc2ea147a9b238f15f489dd95757fb046bf87e",
    "b9b0d8072e3d8bd941a01248d78609974590737d0b9b36319d650c666a5489f4b5b9b550a8139ca8478cdaae60a8b0b0",
    "6899e65dff6bda8d195ded8d5ebbb058764e559211a2407d1da75c48d3996ac308cd7baf4d457088c021c07220ceadb7",
    "1481d59a2f581cec9f115eec25273de9fea1be5a95e238ceddece0014843813f2d12aa3108f2d6138a19f2e351b9a8f6",
    "19b60161857111d066b9c53ecf89afa7ad000c8bcc33c7c2233c906bc6ab19392ab309fdeb1fbc8728184f47eb941d49",
    "66d0067715907dc618b000cb76eaeb9fd9e9bee849ac3238e684c83e69f8e295d9b53fa108621b918c05000000000000",
    "0000000000000000000000000000000000000000000000000000",
];

/// The hot key of the benchmark miner (sr25519, from the mini-secret `[0x5b; 32]`) and its
/// signature of [`SOLUTION_K10`] in slot 0 (`SignedSolution::signing_payload`), made offline with
/// schnorrkel (Substrate signing context): the wasm runtime cannot sign.
const HOT_KEY: &str = "f430e956a7b591117f09c52dd5a976037b79901bf32f74a5971f81d28382f176";
const SIGNATURE_SLOT_0: &str = "d05cffb93e0b166f633353383447944e4d6989b05571f89c0b564d925fbdb42e\
                                998359062b9bc62c55f98fae483898173a2c230457381274a1fe6a9984671f86";

fn unhex(hex: &str) -> alloc::vec::Vec<u8> {
    let hex: alloc::string::String = hex.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("valid hex"))
        .collect()
}

fn benchmark_solution() -> Solution {
    let bytes = unhex(&SOLUTION_K10.concat());
    Solution::decode(&mut &bytes[..]).expect("a valid solution encoding")
}

/// Make the embedded solution valid now: its challenge, `k = 10`, target 1, a bonded miner with
/// the benchmark hot key; returns it signed in slot 0.
fn setup_solution<T: Config>() -> SignedSolution {
    let solution = benchmark_solution();
    CurrentEpoch::<T>::mutate(|epoch| epoch.challenge = solution.challenge);
    PuzzleK::<T>::put(10);
    CurrentProofTarget::<T>::put(1);
    let miner = T::AccountId::from(solution.miner);
    T::BenchmarkHelper::bond(&miner, T::StakePerSolution::get().saturating_mul(1000));
    let key: [u8; 32] = unhex(HOT_KEY).try_into().expect("32 bytes");
    HotKeys::<T>::insert(&miner, sr25519::Public::from_raw(key));
    let signature = unhex(SIGNATURE_SLOT_0).try_into().expect("64 bytes");
    SignedSolution { solution, slot: 0, signature }
}

#[benchmarks]
mod benchmarks {
    use super::*;

    /// Dispatch and the solution's end-of-block settlement (its opening verified alone: the
    /// batch's worst case per solution, and its booking).
    #[benchmark]
    fn submit_solution() {
        let submission = setup_solution::<T>();
        let nonce = submission.solution.nonce;
        let miner = T::AccountId::from(submission.solution.miner);

        #[block]
        {
            assert!(Pallet::<T>::submit_solution(RawOrigin::None.into(), submission).is_ok());
            Pallet::<T>::settle_solutions(frame_system::Pallet::<T>::block_number());
        }

        assert_eq!(MinerStats::<T>::get(CurrentEpoch::<T>::get().index, &miner).unwrap().solutions, 1);
        assert!(Landed::<T>::contains_key(CurrentEpoch::<T>::get().index, (&miner, nonce)));
    }

    #[benchmark]
    fn validate_solution() {
        let submission = setup_solution::<T>();
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

    #[benchmark]
    fn on_finalize_epoch_end() {
        let submission = setup_solution::<T>();
        let epoch = CurrentEpoch::<T>::get();
        assert!(Pallet::<T>::submit_solution(RawOrigin::None.into(), submission).is_ok());
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

/// Times dispatch and `pre_dispatch` of a solution (cheap checks) and the end-of-block
/// verification of 1, 4 and 8 openings natively on the mock runtime at `k = 10`, as the node
/// runs them (the host functions execute natively), and prints the median of 25 runs. Storage is not priced here; `weights.rs` adds the counted reads
/// and writes. (frame-benchmarking's own runner needs a database backend the mock lacks.) Run
/// with `cargo test --release -p pallet-quarry-mining --features runtime-benchmarks measure --
/// --ignored --nocapture`.
#[cfg(test)]
mod measure {
    use super::*;
    use crate::mock::{new_test_ext, RuntimeOrigin, Test};
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
            let submission = setup_solution::<Test>();
            Pallet::<Test>::submit_solution(RuntimeOrigin::none(), submission).unwrap();
        });
        let (median, min) = median_micros(|| {
            new_test_ext().execute_with(|| {
                let submission = setup_solution::<Test>();
                let start = Instant::now();
                Pallet::<Test>::submit_solution(RuntimeOrigin::none(), submission).unwrap();
                start.elapsed()
            })
        });
        println!("submit_solution (dispatch, signature included): median {median:.0} µs, min {min:.0} µs");
        let (median, min) = median_micros(|| {
            new_test_ext().execute_with(|| {
                let call = Call::<Test>::submit_solution { submission: setup_solution::<Test>() };
                let start = Instant::now();
                #[allow(deprecated)]
                let result = <Pallet<Test> as ValidateUnsigned>::pre_dispatch(&call);
                let elapsed = start.elapsed();
                result.unwrap();
                elapsed
            })
        });
        println!("validate_solution (pre_dispatch): median {median:.0} µs, min {min:.0} µs");
        // The end-of-block batch with `n` solutions (the one embedded solution `n` times: the
        // combined check costs the same for equal or distinct solutions).
        for n in [1usize, 4, 8] {
            let (median, min) = median_micros(|| {
                new_test_ext().execute_with(|| {
                    let solution = setup_solution::<Test>().solution;
                    let queued = QueuedSolution {
                        solution,
                        proof_target: CurrentProofTarget::<Test>::get(),
                        quality: 10,
                        claim: None,
                    };
                    UnverifiedOpenings::<Test>::put(BoundedVec::truncate_from(alloc::vec![queued; n]));
                    SolutionsInBlock::<Test>::put(n as u32);
                    let start = Instant::now();
                    Pallet::<Test>::settle_solutions(1);
                    start.elapsed()
                })
            });
            println!("end-of-block verification and booking of {n}: median {median:.0} µs, min {min:.0} µs");
        }
    }
}
