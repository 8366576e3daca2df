//! Unit tests of the mining pallet on the mock runtime, with real solutions at `k = 4`.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use quarry_primitives::ProofBytes;
use sp_core::Pair as _;
use sp_runtime::BuildStorage;
use sp_runtime::transaction_validity::InvalidTransaction;

/// `who`'s active bond in the staking pallet.
fn bond_of(who: &AccountId) -> u128 {
    <Staking as pallet_quarry_staking::StakeProvider<AccountId, u128>>::bonded(who)
}

fn custom(code: u8) -> TransactionValidityError {
    InvalidTransaction::Custom(code).into()
}

#[test]
fn genesis_sets_epoch_zero_challenge_target_and_k() {
    build_and_execute(|| {
        let epoch = CurrentEpoch::<Test>::get();
        assert_eq!(epoch.index, 0);
        assert_eq!(epoch.ends_at, EPOCH);
        assert_eq!(
            epoch.challenge,
            sp_io::hashing::blake2_256(&(b"quarry/mining/genesis", b"mock".to_vec()).encode())
        );
        assert_eq!(PuzzleK::<Test>::get(), K);
        assert_eq!(CurrentProofTarget::<Test>::get(), MIN_TARGET);
    });
}

#[test]
fn a_valid_solution_lands_and_is_booked() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        let quality = quarry_puzzle::attempt(
            &quarry_puzzle::shared_generated(K).unwrap(),
            &solution.work_unit(),
        )
        .quality;
        land(solution.clone());
        // Shares are the proof target in force (pay-per-share), whatever the quality.
        let shares = MIN_TARGET as u128;
        assert!(quality >= MIN_TARGET);
        assert_eq!(
            MinerStats::<Test>::get(0, miner()),
            Some(MinerEpochStats { solutions: 1, shares })
        );
        assert_eq!(Totals::<Test>::get(0), EpochTotals { solutions: 1, shares, miners: 1 });
        assert_eq!(
            Best::<Test>::get(0),
            Some(BestSolution { miner: miner(), quality, nonce: solution.nonce })
        );
        assert_eq!(SolutionsInBlock::<Test>::get(), 1);
        assert_eq!(
            mining_events(),
            vec![
                Event::SolutionQueued { miner: miner(), nonce: solution.nonce, quality },
                Event::SolutionAccepted { epoch: 0, miner: miner(), nonce: solution.nonce, quality },
            ]
        );
    });
}

#[test]
fn pool_validity_has_quality_priority_work_unit_tag_and_epoch_longevity() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        let quality = Mining::check_solution(&solution).unwrap().1;
        let valid = validate(&solution).unwrap();
        assert_eq!(valid.priority, (1 << 60) + quality);
        assert_eq!(
            valid.provides,
            vec![
                ("quarry/solution", (0u32, miner(), solution.nonce)).encode(),
                ("quarry/solution", (b"slot", miner(), 0u8)).encode(),
            ]
        );
        assert!(valid.requires.is_empty());
        assert_eq!(valid.longevity, EPOCH - 1);
        assert!(valid.propagate);
    });
}

#[test]
fn a_duplicate_is_refused_in_the_pool_and_in_the_block() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        land(solution.clone());
        assert_eq!(validate(&solution), Err(custom(invalid_solution::DUPLICATE)));
        assert_eq!(pre_dispatch(&solution), Err(custom(invalid_solution::DUPLICATE)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&solution)),
            Error::<Test>::DuplicateSolution
        );
        // Also in a later block of the same epoch.
        next_block();
        assert_eq!(validate(&solution), Err(custom(invalid_solution::DUPLICATE)));
    });
}

#[test]
fn a_solution_for_the_previous_epoch_is_stale_once_its_claim_window_closed() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        next_epoch();
        for _ in 0..CLAIM_WINDOW {
            next_block();
        }
        assert_eq!(validate(&solution), Err(custom(invalid_solution::STALE_CHALLENGE)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&solution)),
            Error::<Test>::StaleChallenge
        );
    });
}

#[test]
fn signed_origins_cannot_submit_solutions() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::signed(miner()), signed(&solution)),
            sp_runtime::DispatchError::BadOrigin
        );
    });
}

#[test]
fn the_stake_gate_caps_solutions_per_epoch_at_bond_over_stake_per_solution() {
    build_and_execute(|| {
        // 500 bonded / 100 per solution = 5 per epoch.
        assert_eq!(Mining::allowance_left(0, &miner()), 5);
        let mined = solutions(&miner(), 6);
        for (i, solution) in mined.iter().take(5).enumerate() {
            land(solution.clone());
            assert_eq!(Mining::allowance_left(0, &miner()), 4 - i as u32);
            if i % 2 == 1 {
                next_block(); // stay under the block cap
            }
        }
        assert_eq!(validate(&mined[5]), Err(custom(invalid_solution::OVER_ALLOWANCE)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&mined[5])),
            Error::<Test>::OverAllowance
        );
        // A new epoch brings a new allowance.
        next_epoch();
        assert_eq!(Mining::allowance_left(1, &miner()), 5);
        land(solutions(&miner(), 1).remove(0));
    });
}

#[test]
fn an_unbonded_miner_is_refused() {
    build_and_execute(|| {
        assert_eq!(Mining::allowance_left(0, &unbonded()), 0);
        let solution = solutions(&unbonded(), 1).remove(0);
        assert_eq!(validate(&solution), Err(custom(invalid_solution::OVER_ALLOWANCE)));
        // Bonding opens the gate; unbonding closes it again.
        assert_ok!(Staking::bond(RuntimeOrigin::signed(unbonded()), 250));
        assert_eq!(Mining::allowance_left(0, &unbonded()), 2);
        assert!(validate(&solution).is_ok());
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(unbonded()), 200));
        assert_eq!(Mining::allowance_left(0, &unbonded()), 0);
        assert_eq!(validate(&solution), Err(custom(invalid_solution::OVER_ALLOWANCE)));
    });
}

#[test]
fn bad_solutions_are_refused_with_their_reason() {
    build_and_execute(|| {
        let good = solutions(&miner(), 1).remove(0);

        let mut proof = good.proof.clone().into_inner();
        let last = proof.len() - 40;
        proof[last] ^= 1; // a scalar of the proof
        let tampered_proof = Solution { proof: ProofBytes::new(proof).unwrap(), ..good.clone() };
        assert!(matches!(
            Mining::check_solution(&tampered_proof),
            Err(Error::InvalidProof | Error::MalformedSolution)
        ));

        let truncated = Solution { proof: ProofBytes::new(vec![0; 10]).unwrap(), ..good.clone() };
        assert_eq!(validate(&truncated), Err(custom(invalid_solution::MALFORMED)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&truncated)),
            Error::<Test>::MalformedSolution
        );

        let bad_point = Solution { commitment: [0xff; 32], ..good.clone() };
        assert_eq!(validate(&bad_point), Err(custom(invalid_solution::MALFORMED)));

        // Another bonded miner cannot claim the work: the work unit changes, so the proof no
        // longer opens C at the right point (or the quality changes below the target).
        // If it still clears the target, the pool admits it (signed by the thief's own hot
        // key) and the block rejects it at its end, slashing the thief.
        let stolen = Solution { miner: big_miner().into(), ..good.clone() };
        let error = Mining::check_solution(&stolen).unwrap_err();
        assert!(matches!(error, Error::InvalidProof | Error::BelowTarget), "{error:?}");
        if validate(&stolen).is_ok() {
            dispatch(stolen.clone());
            Mining::settle_solutions(1);
            assert!(matches!(
                mining_events().last(),
                Some(Event::SolutionRejected { miner, .. }) if *miner == big_miner()
            ));
        } else {
            assert_eq!(validate(&stolen), Err(custom(invalid_solution::BELOW_TARGET)));
        }

        assert!(validate(&good).is_ok());
        assert_eq!(Totals::<Test>::get(0).solutions, 0);
    });
}

/// A solution's opening proof is the one check left out of the pool and of dispatch: the
/// block's openings are verified together at its end, and only then are the solutions booked.
#[test]
fn a_block_verifies_its_openings_together_at_its_end_and_then_books_them() {
    build_and_execute(|| {
        let mined = solutions(&big_miner(), 3);
        let expected: Vec<_> = mined
            .iter()
            .map(|s| QueuedSolution {
                solution: s.clone(),
                proof_target: MIN_TARGET,
                quality: Mining::check_solution(s).unwrap().1,
                claim: None,
            })
            .collect();
        for solution in &mined {
            dispatch(solution.clone());
        }
        let queued: Vec<_> = UnverifiedOpenings::<Test>::get().into_iter().collect();
        assert_eq!(queued, expected, "each waits with the target it was prechecked against");
        assert_eq!(Totals::<Test>::get(0).solutions, 0, "nothing is booked before the check");
        next_block();
        assert!(UnverifiedOpenings::<Test>::get().is_empty());
        assert_eq!(Totals::<Test>::get(0).solutions, 3);
        let accepted = mining_events()
            .iter()
            .filter(|e| matches!(e, Event::SolutionAccepted { .. }))
            .count();
        assert_eq!(accepted, 3);
    });
}

/// A miner's hot key signs a solution with a bad opening. The pool admits it (cheap checks and
/// signature: no verification), the block dispatches it with three good ones, and its end books
/// the good ones and rejects the bad one: the miner is slashed and its key revoked, so the key
/// can send no more; the block stays valid.
#[test]
fn a_bad_opening_in_a_block_slashes_its_miner_revokes_its_key_and_books_the_rest() {
    build_and_execute(|| {
        let mut mined = solutions(&big_miner(), 5);
        let spare = mined.pop().unwrap();
        mined[2] = with_bad_opening(&mined[2]);
        assert!(
            matches!(Mining::check_solution(&mined[2]), Err(Error::<Test>::InvalidProof)),
            "the full check catches it"
        );
        assert!(validate(&mined[2]).is_ok(), "the pool does not verify openings");
        let bond_before = bond_of(&big_miner());
        for solution in &mined {
            dispatch(solution.clone());
        }
        next_block();

        assert_eq!(Totals::<Test>::get(0).solutions, 3);
        assert_eq!(MinerStats::<Test>::get(0, big_miner()).unwrap().solutions, 3);
        assert!(!Landed::<Test>::contains_key(0, (big_miner(), mined[2].nonce)));
        assert_eq!(bond_of(&big_miner()), bond_before - STAKE_PER_SOLUTION);
        assert!(mining_events().contains(&Event::SolutionRejected {
            miner: big_miner(),
            nonce: mined[2].nonce,
            error: VerifyError::InvalidOpening,
            slashed: STAKE_PER_SOLUTION,
        }));
        // The ASERT schedule counts booked solutions only.
        assert_eq!(RecentBlocks::<Test>::get().last().map(|b| b.1), Some(3));

        assert_eq!(HotKeys::<Test>::get(big_miner()), None);
        assert_eq!(validate(&spare), Err(custom(invalid_solution::NO_HOT_KEY)));
        // The miner account registers a new key and mines on.
        let new_key = sp_core::sr25519::Pair::from_seed(&[0x77; 32]);
        assert_ok!(Mining::set_hot_key(RuntimeOrigin::signed(big_miner()), Some(new_key.public())));
        // (A solution at the target now in force: the block moved it.)
        let target = CurrentProofTarget::<Test>::get();
        let next = solve_from(CurrentEpoch::<Test>::get().challenge, &big_miner(), target, spare.nonce);
        assert!(validate_submission(&signed_by(&next, 1, &new_key)).is_ok());
    });
}

#[test]
fn only_the_registered_hot_key_signs_for_a_miner_and_only_in_its_slots() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        let own_key = hot_key(&miner());
        assert!(validate_submission(&signed_by(&solution, POOL_SLOTS - 1, &own_key)).is_ok());
        // Another miner's key, or the right key over another slot.
        let forged = signed_by(&solution, 0, &hot_key(&big_miner()));
        assert_eq!(validate_submission(&forged), Err(custom(invalid_solution::BAD_SIGNATURE)));
        let mut moved = signed_by(&solution, 0, &own_key);
        moved.slot = 1;
        assert_eq!(validate_submission(&moved), Err(custom(invalid_solution::BAD_SIGNATURE)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), forged),
            Error::<Test>::BadSignature
        );
        let beyond = signed_by(&solution, POOL_SLOTS, &own_key);
        assert_eq!(validate_submission(&beyond), Err(custom(invalid_solution::BAD_SLOT)));

        // The key is the miner account's to set and remove.
        assert_ok!(Mining::set_hot_key(RuntimeOrigin::signed(miner()), None));
        assert_eq!(validate(&solution), Err(custom(invalid_solution::NO_HOT_KEY)));
        assert_eq!(
            mining_events().last(),
            Some(&Event::HotKeySet { miner: miner(), key: None })
        );
        // An account that cannot mine cannot register one.
        assert_noop!(
            Mining::set_hot_key(RuntimeOrigin::signed(unbonded()), Some(own_key.public())),
            Error::<Test>::NotAMiner
        );
        assert_eq!(Mining::work(&big_miner()).hot_key, Some(hot_key(&big_miner()).public().0));
        assert_eq!(Mining::work(&big_miner()).pool_slots, POOL_SLOTS);
    });
}

/// Solutions queued earlier in the block count for the duplicate and allowance checks of later
/// ones, before anything is booked.
#[test]
fn the_queue_counts_for_duplicates_and_allowance_within_a_block() {
    build_and_execute(|| {
        // miner() may land 5 per epoch.
        let mined = solutions(&miner(), 6);
        dispatch(mined[0].clone());
        assert_eq!(pre_dispatch(&mined[0]), Err(custom(invalid_solution::DUPLICATE)));
        for solution in &mined[1..5] {
            dispatch(solution.clone());
        }
        assert_eq!(pre_dispatch(&mined[5]), Err(custom(invalid_solution::OVER_ALLOWANCE)));
        next_block();
        assert_eq!(MinerStats::<Test>::get(0, miner()).unwrap().solutions, 5);
    });
}

#[test]
fn a_solution_below_the_target_is_refused() {
    build_and_execute(|| {
        let solution = solutions(&miner(), 1).remove(0);
        CurrentProofTarget::<Test>::put(u64::MAX);
        assert_eq!(validate(&solution), Err(custom(invalid_solution::BELOW_TARGET)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&solution)),
            Error::<Test>::BelowTarget
        );
    });
}

#[test]
fn a_block_holds_at_most_max_solutions_per_block() {
    build_and_execute(|| {
        MaxSolutionsPerBlock::set(2);
        let mined = solutions(&big_miner(), 3);
        land(mined[0].clone());
        land(mined[1].clone());
        // The pool keeps it (valid), the block builder leaves it for the next block.
        assert!(validate(&mined[2]).is_ok());
        assert_eq!(pre_dispatch(&mined[2]), Err(InvalidTransaction::ExhaustsResources.into()));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&mined[2])),
            Error::<Test>::BlockFull
        );
        next_block();
        land(mined[2].clone());
    });
}

#[test]
fn the_best_solution_wins_the_epoch_once_the_claim_window_closes() {
    build_and_execute(|| {
        let mut mined = solutions(&miner(), 3);
        mined.extend(solutions(&big_miner(), 3));
        let mut best: Option<(AccountId, u64, u64)> = None;
        for (i, solution) in mined.iter().enumerate() {
            let (who, quality) = Mining::check_solution(solution).unwrap();
            if best.as_ref().is_none_or(|b| quality > b.2) {
                best = Some((who, solution.nonce, quality));
            }
            land(solution.clone());
            if i % 2 == 1 {
                next_block();
            }
        }
        let (winner, nonce, quality) = best.unwrap();
        assert_eq!(
            Best::<Test>::get(0),
            Some(BestSolution { miner: winner.clone(), quality, nonce })
        );
        // Not a winner until the epoch is over and its claim window closed.
        assert_eq!(Mining::winner(0), None);
        next_epoch();
        let totals = Totals::<Test>::get(0);
        assert!(mining_events().contains(&Event::EpochEnded {
            epoch: 0,
            solutions: 6,
            shares: totals.shares,
            winner: Some(winner.clone()),
        }));
        assert_eq!(Mining::winner(0), None);
        for _ in 0..CLAIM_WINDOW {
            next_block();
        }
        assert_eq!(Mining::winner(0), Some(winner.clone()));
        assert_eq!(Mining::latest_winner(), Some(winner.clone()));
        assert!(mining_events()
            .contains(&Event::WinnerDecided { epoch: 0, winner: Some(winner) }));
    });
}

#[test]
fn the_next_challenge_is_announced_before_the_epoch_ends_and_ignores_its_last_blocks() {
    build_and_execute(|| {
        let previous = CurrentEpoch::<Test>::get();
        let announce_at = EPOCH - CHALLENGE_LEAD + 1;
        while System::block_number() < announce_at - 1 {
            next_block();
        }
        assert_eq!(NextChallenge::<Test>::get(), None);
        // Block `announce_at` starts: its parent, `ends_at - CHALLENGE_LEAD`, seeds the
        // challenge.
        System::set_parent_hash(sp_runtime::testing::H256::repeat_byte(7));
        next_block();
        let expected = Mining::next_challenge(
            &previous.challenge,
            0,
            &sp_runtime::testing::H256::repeat_byte(7),
        );
        assert_eq!(NextChallenge::<Test>::get(), Some(expected));
        assert!(mining_events()
            .contains(&Event::ChallengeAnnounced { epoch: 1, challenge: expected }));

        // What the last blocks hold (solutions, their parent hashes) changes nothing.
        for solution in solutions(&big_miner(), 3) {
            land(solution);
        }
        System::set_parent_hash(sp_runtime::testing::H256::repeat_byte(9));
        next_epoch();
        let epoch = CurrentEpoch::<Test>::get();
        assert_eq!((epoch.index, epoch.challenge, epoch.ends_at), (1, expected, 2 * EPOCH));
        assert!(mining_events().contains(&Event::NewEpoch {
            epoch: 1,
            challenge: expected,
            ends_at: 2 * EPOCH
        }));
        assert_eq!(NextChallenge::<Test>::get(), None);
    });
}

/// M3 / F8: the author of an epoch's last block leaves a competitor's better solution out (it
/// stays in the pool). Before, the epoch then ended with the author's own solution as its
/// winner for good. Now the next authors land the left-out solution as a claim within the
/// window, and it takes the title.
#[test]
fn an_author_leaving_out_a_better_solution_in_the_last_block_does_not_take_the_winner_title() {
    // Without a claim window (the rule before), the attack works: the author keeps the title.
    build_and_execute(|| {
        ClaimWindowBlocks::set(0);
        let challenge = CurrentEpoch::<Test>::get().challenge;
        let target = CurrentProofTarget::<Test>::get();
        let own = solve_from(challenge, &miner(), target, 0);
        let own_quality = Mining::check_solution(&own).unwrap().1;
        let better = solve_from(challenge, &big_miner(), own_quality + 1, 0);
        while System::block_number() < EPOCH {
            next_block();
        }
        land(own);
        next_block();
        assert_eq!(validate(&better), Err(custom(invalid_solution::STALE_CHALLENGE)));
        assert_eq!(Mining::winner(0), Some(miner()));
    });
    // With the window, it fails.
    build_and_execute(|| {
        let challenge = CurrentEpoch::<Test>::get().challenge;
        let target = CurrentProofTarget::<Test>::get();
        let (author_miner, competitor) = (miner(), big_miner());
        // The author's miner lands a solution; the competitor finds a better one late.
        let own = solve_from(challenge, &author_miner, target, 0);
        let own_quality = Mining::check_solution(&own).unwrap().1;
        let better = solve_from(challenge, &competitor, own_quality + 1, 0);
        while System::block_number() < EPOCH {
            next_block();
        }
        // The last block: the author includes its own solution only.
        land(own);
        assert_eq!(validate(&better).map(|v| v.priority > 0), Ok(true), "in the pool");
        next_block(); // epoch 0 ends

        assert!(mining_events().contains(&Event::EpochEnded {
            epoch: 0,
            solutions: 1,
            shares: Totals::<Test>::get(0).shares,
            winner: Some(author_miner.clone()),
        }));
        // The next block's author includes the pool's claim.
        assert!(validate(&better).is_ok());
        let stats_before = MinerStats::<Test>::get(0, &competitor);
        land(better.clone());
        assert!(mining_events().iter().any(|e| matches!(
            e,
            Event::WinnerClaimed { epoch: 0, miner, .. } if miner == &competitor
        )));
        // A claim earns no shares and uses no allowance.
        assert_eq!(MinerStats::<Test>::get(0, &competitor), stats_before);
        for _ in 0..CLAIM_WINDOW {
            next_block();
        }
        assert_eq!(Mining::winner(0), Some(competitor));
    });
}

#[test]
fn a_claim_must_beat_the_best_and_comes_from_a_miner_with_allowance() {
    build_and_execute(|| {
        let challenge = CurrentEpoch::<Test>::get().challenge;
        let target = CurrentProofTarget::<Test>::get();
        // big_miner lands three; the best of them is the epoch's best.
        let landed = solutions(&big_miner(), 3);
        let best_quality =
            landed.iter().map(|s| Mining::check_solution(s).unwrap().1).max().unwrap();
        for solution in &landed {
            land(solution.clone());
        }
        let landed = landed[0].clone();
        // A miner's solution that is not better: no claim.
        let weaker = solutions(&miner(), 5)
            .into_iter()
            .find(|s| Mining::check_solution(s).unwrap().1 <= best_quality)
            .expect("one of five is not better than the best of three");
        let _ = target;
        let unbonded_claim = solve_from(challenge, &unbonded(), target, 0);
        next_epoch();

        assert_eq!(validate(&weaker), Err(custom(invalid_solution::CLAIM_NOT_BETTER)));
        assert_noop!(
            Mining::submit_solution(RuntimeOrigin::none(), signed(&weaker)),
            Error::<Test>::ClaimNotBetter
        );
        assert_eq!(validate(&unbonded_claim), Err(custom(invalid_solution::OVER_ALLOWANCE)));
        // The solution that landed as work cannot come back as a claim.
        assert_eq!(validate(&landed), Err(custom(invalid_solution::DUPLICATE)));
        // During the window the task market still sees the epoch before's winner (none here).
        assert_eq!(Mining::latest_winner(), None);
    });
}

#[test]
fn the_next_challenge_depends_on_every_input() {
    build_and_execute(|| {
        let h = |b: u8| sp_runtime::testing::H256::repeat_byte(b);
        let base = Mining::next_challenge(&[1; 32], 0, &h(1));
        assert_ne!(base, Mining::next_challenge(&[2; 32], 0, &h(1)));
        assert_ne!(base, Mining::next_challenge(&[1; 32], 1, &h(1)));
        assert_ne!(base, Mining::next_challenge(&[1; 32], 0, &h(2)));
    });
}

#[test]
fn an_epoch_without_solutions_has_no_winner() {
    build_and_execute(|| {
        next_epoch();
        assert_eq!(Mining::winner(0), None);
        assert!(mining_events().contains(&Event::EpochEnded {
            epoch: 0,
            solutions: 0,
            shares: 0,
            winner: None
        }));
    });
}

#[test]
fn the_target_rises_when_miners_beat_the_rate_and_falls_back_to_the_floor() {
    build_and_execute(|| {
        MaxSolutionsPerBlock::set(8);
        // The big miner's whole allowance (10) in the first two blocks, against a rate of 2.
        let mined = solutions(&big_miner(), 10);
        for solution in &mined[..8] {
            land(solution.clone());
        }
        next_block();
        for solution in &mined[8..] {
            land(solution.clone());
        }
        next_block();
        next_block();
        // 10 landed (the allowance), 6 blocks' worth of the rate: surplus 10 − 2·3 = 4 over
        // R·H = 40, so T = 4 · 2^(4/40) ≈ 4.29 → 4 (integer); the schedule is exact below.
        let anchor = Anchor::<Test>::get();
        let expected = asert::next_target(MIN_TARGET, 3, 10, 2, 20, MIN_TARGET).target;
        assert_eq!(anchor.solutions, 10);
        assert_eq!(CurrentProofTarget::<Test>::get(), expected);

        // From a high anchor, a drought brings the target down to the floor and re-anchors.
        Anchor::<Test>::put(TargetAnchor { height: System::block_number() - 1, target: 1 << 20, solutions: 0 });
        let mut last = u64::MAX;
        for _ in 0..400 {
            next_block();
            let target = CurrentProofTarget::<Test>::get();
            assert!(target <= last);
            last = target;
        }
        assert_eq!(last, MIN_TARGET);
        assert_eq!(Anchor::<Test>::get().target, MIN_TARGET);
        assert_eq!(Anchor::<Test>::get().solutions, 0);
    });
}

#[test]
fn recent_blocks_record_solutions_and_targets() {
    build_and_execute(|| {
        let mined = solutions(&miner(), 2);
        land(mined[0].clone());
        land(mined[1].clone());
        let first_target = CurrentProofTarget::<Test>::get();
        next_block();
        let second_target = CurrentProofTarget::<Test>::get();
        next_block();
        assert_eq!(
            RecentBlocks::<Test>::get().into_inner(),
            vec![(1, 2, first_target), (2, 0, second_target)]
        );
        for _ in 0..40 {
            next_block();
        }
        let recent = RecentBlocks::<Test>::get();
        assert_eq!(recent.len(), RECENT_BLOCKS as usize);
        assert_eq!(recent.last().unwrap().0, System::block_number() - 1);
    });
}

#[test]
fn validators_meet_their_zk_duty_through_their_own_or_an_accepted_miner_account() {
    build_and_execute(|| {
        let deposit = 50;
        let free_before = Balances::free_balance(validator());
        assert!(!Mining::did_zk_duty(0, &validator()));
        // A proposal binds nothing; the owner's deposit is held.
        assert_ok!(Mining::set_miner_account(RuntimeOrigin::signed(validator()), Some(miner())));
        assert_eq!(Balances::free_balance(validator()), free_before - deposit);
        assert_eq!(MinerAccountOf::<Test>::get(validator()), None);
        assert_noop!(
            Mining::accept_miner_account(RuntimeOrigin::signed(big_miner()), validator()),
            Error::<Test>::NotProposed
        );
        assert_noop!(
            Mining::set_miner_account(RuntimeOrigin::signed(validator()), Some(validator())),
            Error::<Test>::OwnMinerAccount
        );
        // The miner accepts: the binding counts from the next epoch.
        assert_ok!(Mining::accept_miner_account(RuntimeOrigin::signed(miner()), validator()));
        assert_eq!(
            MinerAccountOf::<Test>::get(validator()),
            Some(MinerBinding { miner: miner(), from_epoch: 1 })
        );
        land(solutions(&miner(), 1).remove(0));
        assert!(!Mining::did_zk_duty(0, &validator()), "work of the binding's own epoch counted");
        assert!(Mining::did_zk_duty(0, &miner()));
        next_epoch();
        land(solutions(&miner(), 1).remove(0));
        assert!(Mining::did_zk_duty(1, &validator()));
        assert!(!Mining::did_zk_duty(1, &big_miner()));
        // A miner account serves one owner.
        assert_ok!(Mining::set_miner_account(RuntimeOrigin::signed(big_miner()), Some(miner())));
        assert_noop!(
            Mining::accept_miner_account(RuntimeOrigin::signed(miner()), big_miner()),
            Error::<Test>::MinerAccountTaken
        );
        // Clearing ends the binding at once, frees the miner and releases the deposit.
        assert_ok!(Mining::set_miner_account(RuntimeOrigin::signed(validator()), None));
        assert_eq!(Balances::free_balance(validator()), free_before);
        assert_eq!(MinerAccountOwner::<Test>::get(miner()), None);
        land(solutions(&miner(), 2).remove(1));
        assert!(Mining::did_zk_duty(1, &validator()), "work landed while bound still counts");
        assert_ok!(Mining::accept_miner_account(RuntimeOrigin::signed(miner()), big_miner()));
    });
}

/// H2: a validator used to name, just before its payout, any unowned miner that had landed
/// solutions, and escape the ZK-duty penalty. Naming is now only a proposal, and even an accepted
/// binding does not reach back to solutions landed before it took effect.
#[test]
fn a_miner_account_named_after_the_work_does_not_meet_the_duty() {
    build_and_execute(|| {
        land(solutions(&miner(), 1).remove(0));
        assert_ok!(Mining::set_miner_account(RuntimeOrigin::signed(validator()), Some(miner())));
        assert!(!Mining::did_zk_duty(0, &validator()));
        // Even a colluding miner's acceptance does not reach back.
        assert_ok!(Mining::accept_miner_account(RuntimeOrigin::signed(miner()), validator()));
        assert!(!Mining::did_zk_duty(0, &validator()));
    });
}

#[test]
fn old_epochs_are_pruned_within_bounded_steps() {
    let mut ext = new_test_ext();
    ext.execute_with(|| {
        MaxSolutionsPerBlock::set(2);
        let mined = solutions(&miner(), 3);
        land(mined[0].clone());
        land(mined[1].clone());
        next_block();
        land(mined[2].clone());
        land(solutions(&big_miner(), 1).remove(0));
        assert_eq!(MinerStats::<Test>::iter_prefix(0).count(), 2);
        assert_eq!(Landed::<Test>::iter_prefix(0).count(), 4);
        next_epoch(); // epoch 1
    });
    // Entries written in earlier blocks live in the database, where the per-step limit applies
    // (the overlay of the current block is cleared without a limit).
    ext.commit_all().unwrap();
    ext.execute_with(|| {
        MaxSolutionsPerBlock::set(1); // pruning clears 2 entries per map and step
        while System::block_number() < 2 * EPOCH {
            next_block();
        }
        Mining::on_finalize(2 * EPOCH); // epoch 1 ends: epoch 0 leaves the history (depth 2)
        assert_eq!(CurrentEpoch::<Test>::get().index, 2);
        assert_eq!(Pruning::<Test>::get(), Some(0));
        assert_eq!(Totals::<Test>::get(0), EpochTotals::default());
        assert_eq!(Best::<Test>::get(0), None);
        // One step clears 2 entries of each map: all of MinerStats, half of Landed.
        System::set_block_number(2 * EPOCH + 1);
        Mining::on_initialize(2 * EPOCH + 1);
        assert_eq!(MinerStats::<Test>::iter_prefix(0).count(), 0);
        assert_eq!(Landed::<Test>::iter_prefix(0).count(), 2);
        assert_eq!(Pruning::<Test>::get(), Some(0));
    });
    // Each block's deletions reach the database before the next block (as on a real chain).
    ext.commit_all().unwrap();
    ext.execute_with(|| {
        MaxSolutionsPerBlock::set(1);
        next_block();
        assert_eq!(Landed::<Test>::iter_prefix(0).count(), 0);
    });
    ext.commit_all().unwrap();
    ext.execute_with(|| {
        next_block();
        assert_eq!(Pruning::<Test>::get(), None);
        // The current epoch's data is untouched.
        Mining::do_try_state().unwrap();
    });
}

#[test]
#[should_panic(expected = "k = 17 is outside 4..=16")]
fn genesis_rejects_an_unsupported_k() {
    let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
    GenesisConfig::<Test> { k: 17, challenge_seed: b"net".to_vec(), ..Default::default() }
        .assimilate_storage(&mut storage)
        .unwrap();
}


/// L2: pruning had no margin, and an epoch left unfinished when the next one expired was
/// forgotten (its entries stayed forever). Now pruning clears twice the fill rate and works
/// through every expired epoch in order.
#[test]
fn an_unfinished_prune_is_finished_before_the_next_epoch() {
    let mut ext = new_test_ext();
    // 15 landed work units in each of epochs 0 and 1, written to the database.
    for _ in 0..2 {
        ext.execute_with(|| {
            MaxSolutionsPerBlock::set(16);
            for who in [miner(), big_miner()] {
                for s in solutions(&who, if who == miner() { 5 } else { 10 }) {
                    land(s);
                }
            }
            next_epoch();
        });
        ext.commit_all().unwrap();
    }
    // Only one entry per map and step now (a limit far below the fill rate): epoch 0 cannot be
    // cleared before epoch 1 expires too.
    for _ in 0..(4 * EPOCH) {
        ext.execute_with(|| {
            MaxSolutionsPerBlock::set(1);
            next_block();
        });
        ext.commit_all().unwrap();
        ext.execute_with(|| {
            let epoch = CurrentEpoch::<Test>::get().index;
            if epoch == 3 && Pruning::<Test>::get() == Some(0) {
                assert!(Landed::<Test>::iter_prefix(1).count() > 0);
            }
        });
    }
    ext.execute_with(|| {
        assert_eq!(CurrentEpoch::<Test>::get().index, 6);
        assert_eq!(Landed::<Test>::iter_prefix(0).count(), 0, "epoch 0 forgotten");
        assert_eq!(Landed::<Test>::iter_prefix(1).count(), 0);
        assert_eq!(MinerStats::<Test>::iter_prefix(0).count(), 0);
        assert_eq!(MinerStats::<Test>::iter_prefix(1).count(), 0);
    });
}

/// F6: shares used to be the sum of raw qualities. A quality is `u64::MAX / H` for a uniform
/// hash `H`, so above the target `T` it is Pareto-distributed with tail index 1
/// (`P(q >= x) = T / x`): its mean does not exist and one lucky solution takes nearly a whole
/// epoch's mining tier. This simulation draws the puzzle's quality distribution for two miners
/// doing 1 and 3 units of work for 400 epochs, and compares the small miner's share of each
/// epoch under the old rule (sum of qualities) and the pallet's rule ([`Pallet::shares_for`]).
#[test]
fn pay_per_share_tracks_work_and_cuts_the_variance() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next_hash = move || {
        // splitmix64: uniform 64-bit hashes.
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let target: u64 = 64;
    let attempts = [64 * 10u64, 64 * 30];
    let (mut old_fractions, mut new_fractions) = (vec![], vec![]);
    for _ in 0..400 {
        let mut old = [0f64; 2];
        let mut new = [0u128; 2];
        for (miner, &work) in attempts.iter().enumerate() {
            for _ in 0..work {
                let quality = u64::MAX / next_hash().max(1);
                if quality >= target {
                    old[miner] += quality as f64;
                    new[miner] += Pallet::<Test>::shares_for(target);
                }
            }
        }
        if new[0] + new[1] > 0 {
            old_fractions.push(old[0] / (old[0] + old[1]));
            new_fractions.push(new[0] as f64 / (new[0] + new[1]) as f64);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let std = |v: &[f64]| {
        let m = mean(v);
        (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64).sqrt()
    };
    let (old_mean, new_mean) = (mean(&old_fractions), mean(&new_fractions));
    let (old_std, new_std) = (std(&old_fractions), std(&new_fractions));
    println!("small miner (25 % of the work): old rule mean {old_mean:.3} sd {old_std:.3}, pay-per-share mean {new_mean:.3} sd {new_std:.3}");
    // The small miner's expected share is its share of the work...
    assert!((new_mean - 0.25).abs() < 0.02, "pay-per-share mean {new_mean}");
    // ...with a spread close to the Poisson noise of 40 solutions per epoch (sd ~0.07), where
    // the old rule swings between nearly nothing and nearly everything.
    assert!(new_std < 0.1, "pay-per-share sd {new_std}");
    assert!(old_std > 2.0 * new_std, "old sd {old_std}, new sd {new_std}");
}

#[test]
fn migration_v1_drops_miner_accounts_bound_without_consent() {
    use crate::migrations::v1;
    use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
    build_and_execute(|| {
        v1::v0::MinerAccountOf::<Test>::insert(validator(), miner());
        MinerAccountOwner::<Test>::insert(miner(), validator());
        StorageVersion::new(0).put::<Mining>();

        v1::MigrateToV1::<Test>::on_runtime_upgrade();

        assert_eq!(Mining::on_chain_storage_version(), 1);
        assert_eq!(MinerAccountOf::<Test>::iter().count(), 0);
        assert_eq!(MinerAccountOwner::<Test>::get(miner()), None);
        // A second run does nothing (the version guards it).
        MinerAccountOwner::<Test>::insert(miner(), validator());
        v1::MigrateToV1::<Test>::on_runtime_upgrade();
        assert_eq!(MinerAccountOwner::<Test>::get(miner()), Some(validator()));
        MinerAccountOwner::<Test>::remove(miner());
    });
}
