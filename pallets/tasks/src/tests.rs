//! Every path of the market with real proofs (the Poseidon chain circuit, verified by the host
//! function natively). Each test ends in `do_try_state`.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use quarry_circuits::{circuits::example_input, POSEIDON_CHAIN};
use std::sync::LazyLock;

/// The input every test task uses, and proofs of it for Alice and Bob (proved once per run).
pub(crate) struct Fixture {
    pub input: Vec<u8>,
    pub outputs: Vec<FieldBytes>,
    pub alice: Vec<u8>,
    pub bob: Vec<u8>,
}

/// The shared fixture (also the benchmarks' proofs).
#[cfg_attr(not(feature = "runtime-benchmarks"), allow(dead_code))]
pub(crate) fn fixture() -> &'static Fixture {
    &FIXTURE
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let input = example_input(POSEIDON_CHAIN, 0).unwrap();
    let (outputs, alice) = quarry_circuits::prove(POSEIDON_CHAIN, &input, &[ALICE; 32]).unwrap();
    let (_, bob) = quarry_circuits::prove(POSEIDON_CHAIN, &input, &[BOB; 32]).unwrap();
    Fixture {
        input,
        outputs,
        alice,
        bob,
    }
});

fn offer() -> Offer<u64> {
    Offer {
        min_price: 1_000,
        max_price: 2_000,
        ramp_blocks: 10,
        lock_blocks: 5,
        deadline_blocks: 20,
        collateral: 500,
    }
}

fn origin(n: u8) -> RuntimeOrigin {
    RuntimeOrigin::signed(account(n))
}

fn input() -> TaskInput {
    FIXTURE.input.clone().try_into().unwrap()
}

fn outputs() -> TaskOutputs {
    FIXTURE.outputs.clone().try_into().unwrap()
}

fn proof_of(n: u8) -> TaskProof {
    match n {
        ALICE => FIXTURE.alice.clone(),
        BOB => FIXTURE.bob.clone(),
        _ => unreachable!("no proof for account {n}"),
    }
    .try_into()
    .unwrap()
}

/// Submits a task from `dapp` and returns its id.
fn submit(dapp: u8, offer: Offer<u64>, min_reputation: Permill, mode: Mode) -> TaskId {
    let id = NextTaskId::<Test>::get();
    assert_ok!(Market::submit_task(
        origin(dapp),
        POSEIDON_CHAIN,
        input(),
        offer,
        min_reputation,
        mode
    ));
    id
}

fn free(n: u8) -> Balance {
    Balances::balance(&account(n))
}

fn escrow(n: u8) -> Balance {
    held::<Test>(HoldReason::Escrow, &account(n))
}

fn collateral(n: u8) -> Balance {
    held::<Test>(HoldReason::Collateral, &account(n))
}

fn end() {
    Market::do_try_state().unwrap();
}

#[test]
fn submission_is_checked_and_holds_the_escrow() {
    new_test_ext().execute_with(|| {
        let bad = |circuit, input: Vec<u8>, offer| {
            Market::submit_task(
                origin(DAPP),
                circuit,
                input.try_into().unwrap(),
                offer,
                Permill::zero(),
                Mode::Lock,
            )
        };
        let good = FIXTURE.input.clone();
        assert_noop!(
            bad(77, good.clone(), offer()),
            Error::<Test>::UnknownCircuit
        );
        assert_noop!(
            bad(POSEIDON_CHAIN, good[..35].to_vec(), offer()),
            Error::<Test>::InputLength
        );
        let mut non_canonical = good.clone();
        non_canonical[..32].copy_from_slice(&[0xff; 32]);
        assert_noop!(
            bad(POSEIDON_CHAIN, non_canonical, offer()),
            Error::<Test>::InvalidInput
        );
        assert_noop!(
            bad(
                POSEIDON_CHAIN,
                good.clone(),
                Offer {
                    min_price: 3_000,
                    ..offer()
                }
            ),
            Error::<Test>::EmptyPriceRange
        );
        for wrong in [
            Offer {
                lock_blocks: 0,
                ..offer()
            },
            Offer {
                lock_blocks: 21,
                ..offer()
            },
            Offer {
                ramp_blocks: 21,
                ..offer()
            },
            Offer {
                deadline_blocks: 1_001,
                lock_blocks: 5,
                ..offer()
            },
        ] {
            assert_noop!(
                bad(POSEIDON_CHAIN, good.clone(), wrong),
                Error::<Test>::DeadlinesOutOfOrder
            );
        }
        assert_noop!(
            bad(
                POSEIDON_CHAIN,
                good.clone(),
                Offer {
                    collateral: 9,
                    ..offer()
                }
            ),
            Error::<Test>::CollateralTooLow
        );
        assert_noop!(
            bad(
                POSEIDON_CHAIN,
                good.clone(),
                Offer {
                    max_price: START,
                    ..offer()
                }
            ),
            Error::<Test>::InsufficientEscrow
        );

        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_eq!(escrow(DAPP), 2_000);
        assert_eq!(free(DAPP), START - 2_000);
        let task = Tasks::<Test>::get(id).unwrap();
        assert_eq!(
            task.commitment,
            quarry_circuits::input_commitment(POSEIDON_CHAIN, &FIXTURE.input).unwrap()
        );
        assert_eq!(task.deadline(), 21);
        System::assert_last_event(
            Event::Submitted {
                task: id,
                dapp: account(DAPP),
                circuit: POSEIDON_CHAIN,
                commitment: task.commitment,
                input: input(),
                offer: offer(),
                min_reputation: Permill::zero(),
                mode: Mode::Lock,
            }
            .into(),
        );
        // Four deadlines fit in one block (MaxPerBlock), the fifth does not.
        for _ in 0..3 {
            submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        }
        assert_noop!(
            bad(POSEIDON_CHAIN, good, offer()),
            Error::<Test>::DeadlineBlockFull
        );
        end();
    });
}

#[test]
fn reverse_auction_price_at_each_block() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        let task = Tasks::<Test>::get(id).unwrap();
        // Submitted at block 1; +100 per block over 10 blocks, then 2,000.
        let expected = [
            1_000, 1_100, 1_200, 1_300, 1_400, 1_500, 1_600, 1_700, 1_800, 1_900, 2_000, 2_000,
        ];
        for (n, price) in expected.iter().enumerate() {
            assert_eq!(task.price_at(1 + n as u64), *price, "block {}", 1 + n);
        }
        // A flat offer, and a ramp of 0 blocks.
        let flat = Task {
            offer: Offer {
                min_price: 5,
                max_price: 5,
                ..offer()
            },
            ..task.clone()
        };
        assert_eq!(flat.price_at(4), 5);
        let instant = Task {
            offer: Offer {
                ramp_blocks: 0,
                ..offer()
            },
            ..task.clone()
        };
        assert_eq!(instant.price_at(1), 2_000);
        // Rounding: 1,000 over 3 blocks.
        let odd = Task {
            offer: Offer {
                ramp_blocks: 3,
                ..offer()
            },
            ..task
        };
        assert_eq!(
            [
                odd.price_at(1),
                odd.price_at(2),
                odd.price_at(3),
                odd.price_at(4)
            ],
            [1_000, 1_333, 1_666, 2_000]
        );
        // The lock price is the auction price of the lock's block.
        run_to(4);
        assert_ok!(Market::lock_task(origin(ALICE), id));
        System::assert_last_event(
            Event::Locked {
                task: id,
                prover: account(ALICE),
                price: 1_300,
                collateral: 500,
                expires_at: 9,
            }
            .into(),
        );
        end();
    });
}

#[test]
fn the_mining_winner_has_priority() {
    new_test_ext().execute_with(|| {
        set_winner(Some(account(BOB)));
        let a = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        let b = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        // Blocks 1..=3 (PriorityBlocks = 3 from submission at 1) are Bob's.
        for n in 1..=3 {
            run_to(n);
            assert_noop!(
                Market::lock_task(origin(ALICE), a),
                Error::<Test>::PriorityWindow
            );
        }
        assert_ok!(Market::lock_task(origin(BOB), b));
        run_to(4);
        assert_ok!(Market::lock_task(origin(ALICE), a));
        // A task submitted with no winner has no window.
        set_winner(None);
        let c = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_ok!(Market::lock_task(origin(ALICE), c));
        end();
    });
}

#[test]
fn locking_needs_reputation_bond_capacity_and_collateral() {
    new_test_ext().execute_with(|| {
        // A new prover scores 0.5098.
        let picky = submit(DAPP, offer(), Permill::from_percent(60), Mode::Lock);
        assert_noop!(
            Market::lock_task(origin(ALICE), picky),
            Error::<Test>::ReputationTooLow
        );
        let ids: Vec<_> = (0..3)
            .map(|_| submit(DAPP, offer(), Permill::from_percent(50), Mode::Lock))
            .collect();
        // Carol has no bond.
        assert_noop!(
            Market::lock_task(origin(CAROL), ids[0]),
            Error::<Test>::NoBond
        );
        // Alice's bond allows two locks at once.
        assert_ok!(Market::lock_task(origin(ALICE), ids[0]));
        assert_eq!(collateral(ALICE), 500);
        assert_eq!(free(ALICE), START - 500);
        assert_ok!(Market::lock_task(origin(ALICE), ids[1]));
        assert_noop!(
            Market::lock_task(origin(ALICE), ids[2]),
            Error::<Test>::TooManyLocks
        );
        // One lock per task.
        assert_noop!(
            Market::lock_task(origin(BOB), ids[0]),
            Error::<Test>::NotOpen
        );
        // Collateral must be payable (a new block: at most 4 deadlines per block).
        run_to(2);
        let rich = submit(
            DAPP,
            Offer {
                collateral: START,
                ..offer()
            },
            Permill::zero(),
            Mode::Lock,
        );
        assert_noop!(
            Market::lock_task(origin(BOB), rich),
            Error::<Test>::InsufficientCollateral
        );
        // Races are not locked; unknown and expired tasks cannot be.
        let race = submit(DAPP, offer(), Permill::zero(), Mode::Race);
        assert_noop!(
            Market::lock_task(origin(BOB), race),
            Error::<Test>::RaceTask
        );
        assert_noop!(
            Market::lock_task(origin(BOB), 999),
            Error::<Test>::UnknownTask
        );
        end();
    });
}

#[test]
fn a_proof_in_time_pays_the_locker() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        run_to(4);
        assert_ok!(Market::lock_task(origin(ALICE), id));
        run_to(6);
        assert_ok!(Market::submit_proof(
            origin(ALICE),
            id,
            outputs(),
            proof_of(ALICE)
        ));
        // Price 1,300 (block 4); fee 5 % = 65 to the treasury; 1,235 to Alice; 700 back.
        System::assert_last_event(
            Event::Proved {
                task: id,
                prover: account(ALICE),
                outputs: outputs(),
                price: 1_300,
                fee: 65,
                refund: 700,
                secondary: false,
            }
            .into(),
        );
        assert_eq!(free(ALICE), START + 1_235);
        assert_eq!(collateral(ALICE), 0);
        assert_eq!(free(99), START + 65);
        assert_eq!(free(DAPP), START - 1_300);
        assert_eq!(escrow(DAPP), 0);
        assert!(Tasks::<Test>::get(id).is_none());
        assert_eq!(ActiveLocks::<Test>::get(account(ALICE)), 0);
        // Reputation: the first task in an empty market weighs 1 (score 0.679738); work: the
        // circuit's weight (7,300) × price weight 1 × score.
        assert_eq!(
            <Reputation as pallet_quarry_reputation::ReputationBook<_>>::score(&account(ALICE)),
            Permill::from_parts(679_738)
        );
        assert_eq!(
            work_of(&account(ALICE)),
            Permill::from_parts(679_738).mul_floor(7_300u64)
        );
        end();
    });
}

#[test]
fn wrong_proofs_are_refused_and_change_nothing() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), proof_of(ALICE)),
            Error::<Test>::NotLocked
        );
        assert_ok!(Market::lock_task(origin(ALICE), id));
        // Bob's valid proof of the same input: the task is Alice's until her lock expires.
        assert_noop!(
            Market::submit_proof(origin(BOB), id, outputs(), proof_of(BOB)),
            Error::<Test>::LockedByAnother
        );
        // Bob's proof submitted by Alice: bound to Bob.
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), proof_of(BOB)),
            Error::<Test>::InvalidProof
        );
        let mut other = FIXTURE.outputs.clone();
        other[0][0] ^= 1;
        assert_noop!(
            Market::submit_proof(
                origin(ALICE),
                id,
                other.try_into().unwrap(),
                proof_of(ALICE)
            ),
            Error::<Test>::InvalidProof
        );
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, Default::default(), proof_of(ALICE)),
            Error::<Test>::InvalidOutputs
        );
        let garbage: TaskProof = vec![0xff; FIXTURE.alice.len()].try_into().unwrap();
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), garbage),
            Error::<Test>::MalformedProof
        );
        let short: TaskProof = FIXTURE.alice[..100].to_vec().try_into().unwrap();
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), short),
            Error::<Test>::MalformedProof
        );
        end();
    });
}

#[test]
fn a_missed_lock_is_fulfilled_by_a_secondary_prover_who_takes_half_the_collateral() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        run_to(2);
        assert_ok!(Market::lock_task(origin(ALICE), id));
        // On time up to block 7; the lock fails at the start of block 8.
        run_to(7);
        assert!(matches!(
            Tasks::<Test>::get(id).unwrap().state,
            TaskState::Locked { .. }
        ));
        run_to(8);
        assert_eq!(
            Tasks::<Test>::get(id).unwrap().state,
            TaskState::LockFailed {
                prover: account(ALICE),
                price: 1_100
            }
        );
        assert_eq!(ActiveLocks::<Test>::get(account(ALICE)), 0);
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), proof_of(ALICE)),
            Error::<Test>::OwnFailedLock
        );
        let issuance = Balances::total_issuance();
        assert_ok!(Market::submit_proof(
            origin(BOB),
            id,
            outputs(),
            proof_of(BOB)
        ));
        // The dApp pays nothing; Alice loses her 500: 250 burned, 250 to Bob.
        assert_eq!(free(DAPP), START);
        assert_eq!(escrow(DAPP), 0);
        assert_eq!(free(ALICE), START - 500);
        assert_eq!(collateral(ALICE), 0);
        assert_eq!(free(BOB), START + 250);
        assert_eq!(Balances::total_issuance(), issuance - 250);
        System::assert_has_event(
            Event::Slashed {
                task: id,
                prover: account(ALICE),
                burned: 250,
                paid: 250,
                to: account(BOB),
            }
            .into(),
        );
        System::assert_last_event(
            Event::Proved {
                task: id,
                prover: account(BOB),
                outputs: outputs(),
                price: 0,
                fee: 0,
                refund: 2_000,
                secondary: true,
            }
            .into(),
        );
        // Alice's failure is recorded at the lock price (an empty market: weight 1).
        let book =
            |n| <Reputation as pallet_quarry_reputation::ReputationBook<_>>::score(&account(n));
        assert!(book(ALICE) < Permill::from_percent(40), "{:?}", book(ALICE));
        assert_eq!(
            book(BOB),
            Permill::from_parts(509_803),
            "price 0 changes nothing"
        );
        assert_eq!(work_of(&account(BOB)), 0);
        end();
    });
}

#[test]
fn an_unfulfilled_task_expires_refunds_the_dapp_and_slashes_to_the_treasury() {
    new_test_ext().execute_with(|| {
        let open = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        let locked = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_ok!(Market::lock_task(origin(ALICE), locked));
        let issuance = Balances::total_issuance();
        // Deadline: block 21; settled at the start of block 22.
        run_to(21);
        assert!(Tasks::<Test>::get(open).is_some());
        assert_noop!(
            Market::settle(origin(CAROL), open),
            Error::<Test>::NotExpired
        );
        run_to(22);
        assert!(Tasks::<Test>::get(open).is_none() && Tasks::<Test>::get(locked).is_none());
        assert_eq!(free(DAPP), START);
        assert_eq!(free(ALICE), START - 500);
        assert_eq!(free(99), START + 250);
        assert_eq!(Balances::total_issuance(), issuance - 250);
        System::assert_has_event(
            Event::Expired {
                task: open,
                refund: 2_000,
            }
            .into(),
        );
        System::assert_has_event(
            Event::Slashed {
                task: locked,
                prover: account(ALICE),
                burned: 250,
                paid: 250,
                to: account(99),
            }
            .into(),
        );
        System::assert_has_event(
            Event::LockFailed {
                task: locked,
                prover: account(ALICE),
            }
            .into(),
        );
        assert_noop!(
            Market::submit_proof(origin(BOB), locked, outputs(), proof_of(BOB)),
            Error::<Test>::UnknownTask
        );
        end();
    });
}

#[test]
fn settle_handles_a_task_the_queues_missed() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_ok!(Market::lock_task(origin(ALICE), id));
        // Jump past the deadline without running the hooks (as if a queue had been skipped).
        Deadlines::<Test>::remove(22);
        LockExpiries::<Test>::remove(7);
        System::set_block_number(30);
        assert_ok!(Market::settle(origin(CAROL), id));
        assert_eq!(free(DAPP), START);
        assert_eq!(free(ALICE), START - 500);
        assert_eq!(ActiveLocks::<Test>::get(account(ALICE)), 0);
        assert_noop!(
            Market::settle(origin(CAROL), id),
            Error::<Test>::UnknownTask
        );
        end();
    });
}

#[test]
fn the_dapp_can_cancel_before_a_lock() {
    new_test_ext().execute_with(|| {
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_noop!(
            Market::cancel_task(origin(ALICE), id),
            Error::<Test>::NotYourTask
        );
        assert_ok!(Market::cancel_task(origin(DAPP), id));
        System::assert_last_event(
            Event::Cancelled {
                task: id,
                refund: 2_000,
            }
            .into(),
        );
        assert_eq!(free(DAPP), START);
        let locked = submit(DAPP, offer(), Permill::zero(), Mode::Lock);
        assert_ok!(Market::lock_task(origin(ALICE), locked));
        assert_noop!(
            Market::cancel_task(origin(DAPP), locked),
            Error::<Test>::NotOpen
        );
        end();
    });
}

#[test]
fn a_race_pays_the_first_valid_proof_only() {
    new_test_ext().execute_with(|| {
        set_winner(Some(account(BOB)));
        let id = submit(DAPP, offer(), Permill::zero(), Mode::Race);
        // The winner's priority applies to races too.
        assert_noop!(
            Market::submit_proof(origin(ALICE), id, outputs(), proof_of(ALICE)),
            Error::<Test>::PriorityWindow
        );
        run_to(5);
        assert_ok!(Market::submit_proof(
            origin(ALICE),
            id,
            outputs(),
            proof_of(ALICE)
        ));
        // Price at block 5: 1,400; fee 70.
        assert_eq!(free(ALICE), START + 1_330);
        assert_eq!(free(DAPP), START - 1_400);
        assert_noop!(
            Market::submit_proof(origin(BOB), id, outputs(), proof_of(BOB)),
            Error::<Test>::UnknownTask
        );
        assert_eq!(free(BOB), START);
        end();
    });
}

#[test]
fn a_batch_settles_each_proof_and_fails_whole_on_an_invalid_one() {
    new_test_ext().execute_with(|| {
        let ids: Vec<_> = (0..2)
            .map(|_| submit(DAPP, offer(), Permill::zero(), Mode::Lock))
            .collect();
        for id in &ids {
            assert_ok!(Market::lock_task(origin(ALICE), *id));
        }
        let item = |id| (id, outputs(), proof_of(ALICE));
        // A forged proof in the batch: nothing is settled (the submitter verifies its own batch).
        let forged = (ids[1], outputs(), proof_of(BOB));
        assert_noop!(
            Market::submit_proofs(
                origin(ALICE),
                vec![item(ids[0]), forged].try_into().unwrap()
            ),
            Error::<Test>::InvalidProof
        );
        assert_noop!(
            Market::submit_proofs(origin(ALICE), Default::default()),
            Error::<Test>::BatchSize
        );
        // Both proofs, plus one for a task that does not exist and a repeat: those two are
        // reported, the others settled.
        let batch = vec![item(ids[0]), item(999), item(ids[1]), item(ids[0])];
        assert_ok!(Market::submit_proofs(
            origin(ALICE),
            batch.try_into().unwrap()
        ));
        assert!(Tasks::<Test>::get(ids[0]).is_none() && Tasks::<Test>::get(ids[1]).is_none());
        assert_eq!(free(ALICE), START + 2 * 950);
        for task in [999, ids[0]] {
            System::assert_has_event(
                Event::ProofRejected {
                    task,
                    prover: account(ALICE),
                    reason: Rejection::NotFulfillable,
                }
                .into(),
            );
        }
        end();
    });
}

#[test]
fn own_and_near_zero_price_tasks_earn_no_reputation_or_work() {
    new_test_ext().execute_with(|| {
        // Alice posts and proves her own task: paid to herself less the fee, no credit.
        let own = submit(ALICE, offer(), Permill::zero(), Mode::Race);
        assert_ok!(Market::submit_proof(
            origin(ALICE),
            own,
            outputs(),
            proof_of(ALICE)
        ));
        assert_eq!(free(ALICE), START - 50);
        assert_eq!(work_of(&account(ALICE)), 0);
        assert!(!pallet_quarry_reputation::Reputations::<Test>::contains_key(account(ALICE)));
        // A real market at price 2,000, then a near-zero task from another account.
        let real = submit(
            DAPP,
            Offer {
                min_price: 2_000,
                ..offer()
            },
            Permill::zero(),
            Mode::Race,
        );
        assert_ok!(Market::submit_proof(
            origin(BOB),
            real,
            outputs(),
            proof_of(BOB)
        ));
        let cheap = submit(
            CAROL,
            Offer {
                min_price: 1,
                max_price: 1,
                ..offer()
            },
            Permill::zero(),
            Mode::Race,
        );
        assert_ok!(Market::submit_proof(
            origin(ALICE),
            cheap,
            outputs(),
            proof_of(ALICE)
        ));
        // Price weight 1/(2,000 + 1): 7,300 × 0.0005 × score rounds to 3 units, against Bob's
        // 4,962 for one real task.
        assert!(
            work_of(&account(ALICE)) <= 3,
            "{}",
            work_of(&account(ALICE))
        );
        assert!(work_of(&account(BOB)) > 4_000);
        end();
    });
}
