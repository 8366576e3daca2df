//! Unit tests of the staking pallet. Every test built with `build_and_execute` also checks the
//! pallet's invariants (`do_try_state`, including ledger totals == balance on hold) at the end.

use crate::{
    mock::*, CandidateDelegations, CandidateInfo, CandidateList, Candidates, CurrentSession, Delegators,
    Error, Event, Ledger, SelectedValidators, Slash, StakeProvider, StakingLedger, UnlockChunk,
};
use frame_support::{
    assert_noop, assert_ok,
    traits::{fungible::Inspect, Hooks},
};
use pallet_session::SessionManager;
use sp_runtime::{Perbill, TokenError};

fn ledger(who: AccountId) -> StakingLedger<Test> {
    Ledger::<Test>::get(who).expect("bonded")
}

fn chunks(who: AccountId) -> Vec<(Balance, u32)> {
    ledger(who)
        .unlocking
        .iter()
        .map(|c| (c.value, c.unlock_session))
        .collect()
}

fn bond(who: AccountId, value: Balance) {
    assert_ok!(Staking::bond(RuntimeOrigin::signed(who), value));
}

/// Bond `value`, register keys and join the candidates with zero commission.
fn make_candidate(who: AccountId, value: Balance) {
    bond(who, value);
    set_keys(who);
    assert_ok!(Staking::join_candidates(
        RuntimeOrigin::signed(who),
        Perbill::zero()
    ));
}

fn delegate(delegator: AccountId, candidate: AccountId, amount: Balance) {
    assert_ok!(Staking::delegate(
        RuntimeOrigin::signed(delegator),
        candidate,
        amount
    ));
}

fn session_validators() -> Vec<AccountId> {
    pallet_session::Validators::<Test>::get()
}

// ---------------------------------------------------------------------------------------------
// Genesis and configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn genesis_bonds_candidates_and_elects_them() {
    ExtBuilder::default().build_and_execute(|| {
        assert_eq!(
            ledger(1),
            StakingLedger {
                active: 1000,
                unlocking: Default::default()
            }
        );
        assert_eq!(held(1), 1000);
        assert_eq!(free(1), INITIAL_BALANCE - 1000);
        assert_eq!(held(2), 500);
        assert_eq!(CandidateList::<Test>::get().into_inner(), vec![1, 2]);
        assert_eq!(
            Candidates::<Test>::get(1),
            Some(CandidateInfo {
                delegated: 0,
                delegators: 0,
                commission: Perbill::zero(),
                raise: None,
            })
        );
        assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2]);
        assert_eq!(session_validators(), vec![1, 2]);
        assert_eq!(CurrentSession::<Test>::get(), 0);
    });
}

#[test]
fn genesis_delegations_and_plain_stakers() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 500, true), (10, 300, false)])
        .delegations(vec![(10, 1, 100), (10, 2, 50)])
        .build_and_execute(|| {
            assert_eq!(Staking::delegation(&1, &10), Some(100));
            assert_eq!(Staking::delegation(&2, &10), Some(50));
            let state = Delegators::<Test>::get(10).unwrap();
            assert_eq!(state.total, 150);
            assert_eq!(state.candidates.into_inner(), vec![1, 2]);
            assert_eq!(Staking::backing_of(&1), Some(1100));
            assert_eq!(held(10), 300);
            assert!(!Staking::is_candidate(&10));
        });
}

#[test]
#[should_panic(expected = "cannot bond")]
fn genesis_panics_without_enough_balance() {
    ExtBuilder::default()
        .stakers(vec![(1, INITIAL_BALANCE + 1, true), (2, 500, true)])
        .build();
}

#[test]
#[should_panic(expected = "cannot bond")]
fn genesis_panics_on_duplicate_staker() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (1, 500, true)])
        .build();
}

#[test]
#[should_panic(expected = "cannot become a candidate")]
fn genesis_panics_on_candidate_below_min_bond() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 99, true)])
        .build();
}

#[test]
#[should_panic(expected = "cannot delegate")]
fn genesis_panics_on_delegation_without_bond() {
    ExtBuilder::default()
        .delegations(vec![(10, 1, 100)])
        .build();
}

#[test]
#[should_panic(expected = "cannot delegate")]
fn genesis_panics_on_delegation_above_bond() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 500, true), (10, 100, false)])
        .delegations(vec![(10, 1, 60), (10, 2, 60)])
        .build();
}

#[test]
fn integrity_test_passes() {
    ExtBuilder::default().build_and_execute(|| {
        <Staking as Hooks<u64>>::integrity_test();
    });
}

// ---------------------------------------------------------------------------------------------
// Bonding
// ---------------------------------------------------------------------------------------------

#[test]
fn bond_holds_funds_and_creates_ledger() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 200);
        System::assert_last_event(
            Event::Bonded {
                who: 10,
                amount: 200,
            }
            .into(),
        );
        assert_eq!(ledger(10).active, 200);
        assert!(ledger(10).unlocking.is_empty());
        assert_eq!(held(10), 200);
        assert_eq!(free(10), INITIAL_BALANCE - 200);
        // Total balance is unchanged: the funds stay in the account.
        assert_eq!(Balances::total_balance(&10), INITIAL_BALANCE);
        assert_eq!(<Staking as StakeProvider<_, _>>::bonded(&10), 200);
        assert_eq!(<Staking as StakeProvider<_, _>>::bonded(&11), 0);
    });
}

#[test]
fn bond_errors() {
    ExtBuilder::default().build_and_execute(|| {
        assert_noop!(
            Staking::bond(RuntimeOrigin::signed(10), 9),
            Error::<Test>::BondBelowMin
        );
        assert_noop!(
            Staking::bond(RuntimeOrigin::signed(10), 0),
            Error::<Test>::BondBelowMin
        );
        // The free balance must stay at least the existential deposit.
        assert_noop!(
            Staking::bond(RuntimeOrigin::signed(10), INITIAL_BALANCE),
            TokenError::FundsUnavailable
        );
        bond(10, 200);
        assert_noop!(
            Staking::bond(RuntimeOrigin::signed(10), 200),
            Error::<Test>::AlreadyBonded
        );
        // Unendowed account.
        assert_noop!(
            Staking::bond(RuntimeOrigin::signed(99), 100),
            TokenError::FundsUnavailable
        );
    });
}

#[test]
fn bond_extra_adds_to_active() {
    ExtBuilder::default().build_and_execute(|| {
        assert_noop!(
            Staking::bond_extra(RuntimeOrigin::signed(10), 5),
            Error::<Test>::NotBonded
        );
        bond(10, 200);
        assert_noop!(
            Staking::bond_extra(RuntimeOrigin::signed(10), 0),
            Error::<Test>::ZeroAmount
        );
        assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(10), 5));
        System::assert_last_event(Event::Bonded { who: 10, amount: 5 }.into());
        assert_eq!(ledger(10).active, 205);
        assert_eq!(held(10), 205);
        assert_noop!(
            Staking::bond_extra(RuntimeOrigin::signed(10), INITIAL_BALANCE),
            TokenError::FundsUnavailable
        );
        // A candidate's bond_extra raises its self-bond and backing.
        assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(2), 300));
        assert_eq!(Staking::backing_of(&2), Some(800));
    });
}

#[test]
fn bond_extra_after_full_unbond_respects_min_bond() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 100));
        assert_eq!(ledger(10).active, 0);
        assert_noop!(
            Staking::bond_extra(RuntimeOrigin::signed(10), 9),
            Error::<Test>::BondBelowMin
        );
        assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(10), 10));
    });
}

// ---------------------------------------------------------------------------------------------
// Unbonding
// ---------------------------------------------------------------------------------------------

#[test]
fn unbonding_matures_after_bonding_duration() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 200);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 50));
        // BondingDuration is 3 sessions; we are in session 0.
        System::assert_last_event(
            Event::Unbonded {
                who: 10,
                amount: 50,
                unlock_session: 3,
            }
            .into(),
        );
        assert_eq!(ledger(10).active, 150);
        assert_eq!(chunks(10), vec![(50, 3)]);
        // Unlocking funds are still held (and slashable), but not reported as bonded.
        assert_eq!(held(10), 200);
        assert_eq!(<Staking as StakeProvider<_, _>>::bonded(&10), 150);

        for session in 0..3 {
            assert_eq!(CurrentSession::<Test>::get(), session);
            assert_noop!(
                Staking::withdraw_unbonded(RuntimeOrigin::signed(10)),
                Error::<Test>::NothingToWithdraw
            );
            next_session();
        }
        assert_eq!(CurrentSession::<Test>::get(), 3);
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
        System::assert_last_event(
            Event::Withdrawn {
                who: 10,
                amount: 50,
            }
            .into(),
        );
        assert_eq!(held(10), 150);
        assert_eq!(free(10), INITIAL_BALANCE - 150);
        assert!(ledger(10).unlocking.is_empty());
    });
}

#[test]
fn withdraw_releases_only_matured_chunks_and_removes_empty_ledger() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 200);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 50));
        next_session();
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 150));
        assert_eq!(chunks(10), vec![(50, 3), (150, 4)]);
        assert_eq!(ledger(10).active, 0);
        advance_sessions(2);
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
        assert_eq!(chunks(10), vec![(150, 4)]);
        assert_eq!(held(10), 150);
        next_session();
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
        System::assert_last_event(
            Event::Withdrawn {
                who: 10,
                amount: 150,
            }
            .into(),
        );
        assert!(Ledger::<Test>::get(10).is_none());
        assert_eq!(held(10), 0);
        assert_eq!(free(10), INITIAL_BALANCE);
        assert_noop!(
            Staking::withdraw_unbonded(RuntimeOrigin::signed(10)),
            Error::<Test>::NotBonded
        );
        // The account can bond again from scratch.
        bond(10, 20);
    });
}

#[test]
fn unbonding_twice_in_a_session_merges_chunks() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 200);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 20));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 30));
        assert_eq!(chunks(10), vec![(50, 3)]);
    });
}

#[test]
fn unlocking_chunks_are_bounded() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 1000);
        // MaxUnlockingChunks is 4.
        for _ in 0..4 {
            assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 10));
            next_session();
        }
        assert_eq!(chunks(10), vec![(10, 3), (10, 4), (10, 5), (10, 6)]);
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(10), 10),
            Error::<Test>::NoMoreChunks
        );
        // Session 4: the first two chunks matured; withdrawing frees their slots.
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
        assert_eq!(chunks(10), vec![(10, 5), (10, 6)]);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 10));
        assert_eq!(chunks(10), vec![(10, 5), (10, 6), (10, 7)]);
    });
}

#[test]
fn unbond_clamps_to_active_and_sweeps_dust() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        // 5 would remain, below MinBond (10): everything is unbonded.
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 95));
        System::assert_last_event(
            Event::Unbonded {
                who: 10,
                amount: 100,
                unlock_session: 3,
            }
            .into(),
        );
        assert_eq!(ledger(10).active, 0);

        bond(11, 100);
        // More than the active bond: clamped.
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(11), 1_000));
        assert_eq!(chunks(11), vec![(100, 3)]);
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(11), 1),
            Error::<Test>::NothingToUnbond
        );
    });
}

#[test]
fn unbond_errors() {
    ExtBuilder::default().build_and_execute(|| {
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(10), 10),
            Error::<Test>::NotBonded
        );
        bond(10, 100);
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(10), 0),
            Error::<Test>::ZeroAmount
        );
    });
}

#[test]
fn candidate_cannot_unbond_below_min_candidate_bond() {
    ExtBuilder::default().build_and_execute(|| {
        // Candidate 1 has 1000 bonded, MinCandidateBond is 100.
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 900));
        assert_eq!(ledger(1).active, 100);
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(1), 1),
            Error::<Test>::CandidateBondBelowMin
        );
        // After leaving, everything can be unbonded.
        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(1)));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 100));
        assert_eq!(ledger(1).active, 0);
    });
}

#[test]
fn delegator_cannot_unbond_committed_funds() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 60);
        assert_noop!(
            Staking::unbond(RuntimeOrigin::signed(10), 41),
            Error::<Test>::BondCommitted
        );
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 40));
        assert_eq!(ledger(10).active, 60);
        // With commitments, the dust rule does not apply (it would break the commitment).
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 60));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 60));
        assert_eq!(ledger(10).active, 0);
    });
}

// ---------------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------------

#[test]
fn join_candidates_works() {
    ExtBuilder::default().build_and_execute(|| {
        bond(5, 100);
        set_keys(5);
        assert_ok!(Staking::join_candidates(
            RuntimeOrigin::signed(5),
            Perbill::from_percent(10)
        ));
        System::assert_last_event(
            Event::CandidateJoined {
                candidate: 5,
                commission: Perbill::from_percent(10),
            }
            .into(),
        );
        assert!(Staking::is_candidate(&5));
        assert_eq!(Staking::commission_of(&5), Some(Perbill::from_percent(10)));
        assert_eq!(Staking::backing_of(&5), Some(100));
        make_candidate(3, 100);
        // Kept sorted.
        assert_eq!(CandidateList::<Test>::get().into_inner(), vec![1, 2, 3, 5]);
    });
}

#[test]
fn join_candidates_errors() {
    ExtBuilder::default().build_and_execute(|| {
        let join = |who| Staking::join_candidates(RuntimeOrigin::signed(who), Perbill::zero());
        set_keys(10);
        assert_noop!(join(10), Error::<Test>::NotBonded);
        bond(10, 99);
        assert_noop!(join(10), Error::<Test>::CandidateBondBelowMin);
        assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(10), 1));
        bond(11, 100);
        assert_noop!(join(11), Error::<Test>::SessionKeysNotRegistered);
        assert_noop!(join(1), Error::<Test>::AlreadyCandidate);
        // A delegator cannot be a candidate.
        delegate(10, 1, 20);
        assert_noop!(join(10), Error::<Test>::DelegatorCannotBeCandidate);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 20));
        assert_ok!(join(10));
    });
}

#[test]
fn candidates_are_bounded() {
    ExtBuilder::default().build_and_execute(|| {
        // MaxCandidates is 6; 1 and 2 exist.
        for who in 3..=6 {
            make_candidate(who, 100);
        }
        bond(7, 100);
        set_keys(7);
        assert_noop!(
            Staking::join_candidates(RuntimeOrigin::signed(7), Perbill::zero()),
            Error::<Test>::TooManyCandidates
        );
        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(3)));
        assert_ok!(Staking::join_candidates(
            RuntimeOrigin::signed(7),
            Perbill::zero()
        ));
    });
}

#[test]
fn leave_candidates_releases_delegations() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        bond(11, 100);
        delegate(10, 1, 50);
        delegate(10, 2, 30);
        delegate(11, 1, 40);
        assert_eq!(Staking::backing_of(&1), Some(1090));

        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(1)));
        System::assert_last_event(
            Event::CandidateLeft {
                candidate: 1,
                released_delegations: 2,
            }
            .into(),
        );
        let events = staking_events();
        assert!(events.contains(&Event::Undelegated {
            delegator: 10,
            candidate: 1,
            amount: 50
        }));
        assert!(events.contains(&Event::Undelegated {
            delegator: 11,
            candidate: 1,
            amount: 40
        }));

        assert!(!Staking::is_candidate(&1));
        assert_eq!(CandidateList::<Test>::get().into_inner(), vec![2]);
        assert_eq!(CandidateDelegations::<Test>::get(1).len(), 0);
        // 10 still delegates to 2; 11 delegates to nobody.
        let state = Delegators::<Test>::get(10).unwrap();
        assert_eq!((state.total, state.candidates.into_inner()), (30, vec![2]));
        assert!(Delegators::<Test>::get(11).is_none());
        // Funds stay bonded (and held).
        assert_eq!(ledger(10).active, 100);
        assert_eq!(ledger(1).active, 1000);
        assert_eq!(held(1), 1000);
        // 11 can now unbond everything.
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(11), 100));

        assert_noop!(
            Staking::leave_candidates(RuntimeOrigin::signed(1)),
            Error::<Test>::NotCandidate
        );
    });
}

#[test]
fn set_commission_works() {
    ExtBuilder::default().build_and_execute(|| {
        // A raise waits CommissionRaiseDelay (2) sessions.
        assert_ok!(Staking::set_commission(
            RuntimeOrigin::signed(1),
            Perbill::from_percent(5)
        ));
        System::assert_last_event(
            Event::CommissionRaiseScheduled {
                candidate: 1,
                commission: Perbill::from_percent(5),
                from_session: 2,
            }
            .into(),
        );
        assert_eq!(Staking::commission_of(&1), Some(Perbill::zero()));
        next_session();
        assert_eq!(Staking::commission_of(&1), Some(Perbill::zero()));
        next_session();
        assert_eq!(Staking::commission_of(&1), Some(Perbill::from_percent(5)));
        // A cut applies at once.
        assert_ok!(Staking::set_commission(
            RuntimeOrigin::signed(1),
            Perbill::from_percent(1)
        ));
        System::assert_last_event(
            Event::CommissionSet {
                candidate: 1,
                commission: Perbill::from_percent(1),
            }
            .into(),
        );
        assert_eq!(Staking::commission_of(&1), Some(Perbill::from_percent(1)));
        assert_eq!(Staking::commission_of(&10), None);
        assert_noop!(
            Staking::set_commission(RuntimeOrigin::signed(10), Perbill::from_percent(5)),
            Error::<Test>::NotCandidate
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Delegation
// ---------------------------------------------------------------------------------------------

#[test]
fn delegate_works() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 30);
        System::assert_last_event(
            Event::Delegated {
                delegator: 10,
                candidate: 1,
                amount: 30,
            }
            .into(),
        );
        // Topping up an existing delegation below MinDelegation is fine.
        delegate(10, 1, 5);
        assert_eq!(Staking::delegation(&1, &10), Some(35));
        assert_eq!(
            Candidates::<Test>::get(1).unwrap(),
            CandidateInfo {
                delegated: 35,
                delegators: 1,
                commission: Perbill::zero(),
                raise: None,
            }
        );
        assert_eq!(Staking::backing_of(&1), Some(1035));
        assert_eq!(Staking::delegations_to(&1), vec![(10, 35)]);
        // Delegation commits funds already held: nothing more is held.
        assert_eq!(held(10), 100);
        // The delegated funds still count as bonded for the other pallets.
        assert_eq!(<Staking as StakeProvider<_, _>>::bonded(&10), 100);
    });
}

#[test]
fn delegate_errors() {
    ExtBuilder::default().build_and_execute(|| {
        let del = |who, candidate, amount| {
            Staking::delegate(RuntimeOrigin::signed(who), candidate, amount)
        };
        assert_noop!(del(10, 1, 0), Error::<Test>::ZeroAmount);
        assert_noop!(del(10, 1, 20), Error::<Test>::NotBonded);
        bond(10, 100);
        assert_noop!(del(10, 3, 20), Error::<Test>::NotCandidate);
        assert_noop!(del(10, 10, 20), Error::<Test>::NotCandidate);
        assert_noop!(del(10, 1, 19), Error::<Test>::DelegationBelowMin);
        assert_noop!(del(10, 1, 101), Error::<Test>::InsufficientBond);
        delegate(10, 1, 80);
        assert_noop!(del(10, 2, 21), Error::<Test>::InsufficientBond);
        // Candidates cannot delegate.
        assert_noop!(del(1, 2, 20), Error::<Test>::CandidateCannotDelegate);
        // Unbonding funds cannot be delegated.
        bond(11, 100);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(11), 50));
        assert_noop!(del(11, 1, 51), Error::<Test>::InsufficientBond);
    });
}

#[test]
fn delegations_per_delegator_are_bounded() {
    ExtBuilder::default().build_and_execute(|| {
        for who in 3..=4 {
            make_candidate(who, 100);
        }
        make_candidate(5, 100);
        bond(10, 1000);
        // MaxDelegationsPerDelegator is 3.
        for candidate in 1..=3 {
            delegate(10, candidate, 20);
        }
        assert_noop!(
            Staking::delegate(RuntimeOrigin::signed(10), 4, 20),
            Error::<Test>::TooManyDelegations
        );
        // Adding to an existing delegation is still possible.
        delegate(10, 3, 20);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 20));
        delegate(10, 4, 20);
    });
}

#[test]
fn delegators_per_candidate_are_bounded() {
    ExtBuilder::default().build_and_execute(|| {
        // MaxDelegatorsPerCandidate is 4.
        for who in 10..14 {
            bond(who, 100);
            delegate(who, 1, 20);
        }
        bond(14, 100);
        assert_noop!(
            Staking::delegate(RuntimeOrigin::signed(14), 1, 20),
            Error::<Test>::TooManyDelegators
        );
        // Existing delegators can still top up.
        delegate(13, 1, 20);
        assert_eq!(Candidates::<Test>::get(1).unwrap().delegators, 4);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 20));
        delegate(14, 1, 20);
    });
}

#[test]
fn undelegate_works() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 60);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 20));
        System::assert_last_event(
            Event::Undelegated {
                delegator: 10,
                candidate: 1,
                amount: 20,
            }
            .into(),
        );
        assert_eq!(Staking::delegation(&1, &10), Some(40));
        assert_eq!(Delegators::<Test>::get(10).unwrap().total, 40);
        assert_eq!(Candidates::<Test>::get(1).unwrap().delegated, 40);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 40));
        assert_eq!(Staking::delegation(&1, &10), None);
        assert!(Delegators::<Test>::get(10).is_none());
        assert_eq!(
            Candidates::<Test>::get(1).unwrap(),
            CandidateInfo {
                delegated: 0,
                delegators: 0,
                commission: Perbill::zero(),
                raise: None,
            }
        );
        // The funds are still bonded.
        assert_eq!(ledger(10).active, 100);
    });
}

#[test]
fn undelegate_errors() {
    ExtBuilder::default().build_and_execute(|| {
        let undel = |who, candidate, amount| {
            Staking::undelegate(RuntimeOrigin::signed(who), candidate, amount)
        };
        assert_noop!(undel(10, 1, 0), Error::<Test>::ZeroAmount);
        assert_noop!(undel(10, 1, 10), Error::<Test>::NoSuchDelegation);
        bond(10, 100);
        delegate(10, 1, 50);
        assert_noop!(undel(10, 2, 10), Error::<Test>::NoSuchDelegation);
        assert_noop!(undel(10, 1, 51), Error::<Test>::InsufficientDelegation);
        // 19 would remain, below MinDelegation (20).
        assert_noop!(undel(10, 1, 31), Error::<Test>::DelegationBelowMin);
        assert_ok!(undel(10, 1, 30));
    });
}

// ---------------------------------------------------------------------------------------------
// Validator election
// ---------------------------------------------------------------------------------------------

#[test]
fn elects_top_candidates_by_backing() {
    ExtBuilder::default()
        .validators(2, 3)
        .build_and_execute(|| {
            // Self-bonds: 1: 1000, 2: 500, 3: 400, 4: 300, 5: 200.
            make_candidate(3, 400);
            make_candidate(4, 300);
            make_candidate(5, 200);
            // Delegations lift 5 to 200 + 350 = 550, above 2 (500) and 3 (400).
            for delegator in 10..12 {
                bond(delegator, 200);
            }
            delegate(10, 5, 200);
            delegate(11, 5, 150);

            assert_eq!(Staking::new_session(2), Some(vec![1, 2, 5]));
            System::assert_last_event(
                Event::NewValidatorSet {
                    session: 2,
                    validators: vec![1, 2, 5],
                }
                .into(),
            );
            assert_eq!(
                SelectedValidators::<Test>::get().into_inner(),
                vec![1, 2, 5]
            );
        });
}

#[test]
fn elected_set_reaches_pallet_session() {
    ExtBuilder::default()
        .validators(2, 3)
        .build_and_execute(|| {
            make_candidate(3, 2000);
            make_candidate(4, 300);
            make_candidate(5, 200);
            assert_eq!(session_validators(), vec![1, 2]);
            // Session 1 starts and plans session 2 with the new set.
            next_session();
            assert_eq!(session_validators(), vec![1, 2]);
            assert_eq!(
                SelectedValidators::<Test>::get().into_inner(),
                vec![1, 2, 3]
            );
            next_session();
            assert_eq!(CurrentSession::<Test>::get(), 2);
            assert_eq!(session_validators(), vec![1, 2, 3]);
        });
}

#[test]
fn ties_are_broken_by_account_id() {
    ExtBuilder::default()
        .stakers(vec![
            (4, 300, true),
            (2, 300, true),
            (3, 300, true),
            (1, 100, true),
        ])
        .validators(2, 2)
        .build_and_execute(|| {
            // 2, 3 and 4 tie at 300; the two lowest ids win.
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![2, 3]);
            // A delegation breaks the tie in favour of 4.
            bond(10, 100);
            delegate(10, 4, 20);
            assert_eq!(Staking::new_session(5), Some(vec![2, 4]));
        });
}

#[test]
fn unchanged_set_is_not_returned_again() {
    ExtBuilder::default().build_and_execute(|| {
        assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2]);
        assert_eq!(Staking::new_session(2), None);
        // Backing changes that do not change the membership do not change the set either.
        assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(2), 100));
        assert_eq!(Staking::new_session(3), None);
    });
}

#[test]
fn fewer_than_min_validators_keeps_previous_set() {
    ExtBuilder::default()
        .validators(2, 3)
        .build_and_execute(|| {
            assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(2)));
            assert_eq!(Staking::new_session(2), None);
            System::assert_last_event(
                Event::NotEnoughCandidates {
                    session: 2,
                    eligible: 1,
                }
                .into(),
            );
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2]);
            // Through pallet-session: the set never shrinks below the minimum.
            advance_sessions(3);
            assert_eq!(session_validators(), vec![1, 2]);
            // Once enough candidates qualify again, the election resumes.
            make_candidate(3, 100);
            advance_sessions(2);
            assert_eq!(session_validators(), vec![1, 3]);
        });
}

#[test]
fn never_returns_an_empty_set() {
    ExtBuilder::default()
        .validators(1, 3)
        .build_and_execute(|| {
            assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(1)));
            assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(2)));
            assert_eq!(Staking::new_session(2), None);
            System::assert_last_event(
                Event::NotEnoughCandidates {
                    session: 2,
                    eligible: 0,
                }
                .into(),
            );
            advance_sessions(2);
            assert_eq!(session_validators(), vec![1, 2]);
        });
}

#[test]
fn candidates_without_keys_or_enough_self_bond_are_not_elected() {
    ExtBuilder::default()
        .validators(1, 3)
        .build_and_execute(|| {
            make_candidate(3, 300);
            assert_eq!(Staking::new_session(2), Some(vec![1, 2, 3]));
            // 3 purges its session keys: not electable.
            assert_ok!(Session::purge_keys(RuntimeOrigin::signed(3)));
            assert_eq!(Staking::new_session(3), Some(vec![1, 2]));
            // 2 is slashed below MinCandidateBond: not electable, although still a candidate.
            assert_eq!(<Staking as Slash<_, _>>::slash(&2, 401), 401);
            assert!(Staking::is_candidate(&2));
            assert_eq!(Staking::new_session(4), Some(vec![1]));
            // Topping the self-bond up makes it electable again.
            assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(2), 1));
            assert_eq!(Staking::new_session(5), Some(vec![1, 2]));
        });
}

#[test]
fn session_manager_tracks_the_current_session() {
    ExtBuilder::default().build_and_execute(|| {
        assert_eq!(CurrentSession::<Test>::get(), 0);
        advance_sessions(2);
        assert_eq!(CurrentSession::<Test>::get(), 2);
        assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 2);
        Staking::start_session(7);
        assert_eq!(CurrentSession::<Test>::get(), 7);
    });
}

// ---------------------------------------------------------------------------------------------
// Slashing
// ---------------------------------------------------------------------------------------------

#[test]
fn slash_takes_free_active_then_unlocking_then_delegations() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 1000);
        delegate(10, 1, 300);
        delegate(10, 2, 100);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 200));
        next_session();
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 100));
        // active 700 (400 delegated), unlocking 200 @3 and 100 @4.
        assert_eq!(ledger(10).active, 700);
        assert_eq!(chunks(10), vec![(200, 3), (100, 4)]);
        let issuance = Balances::total_issuance();

        // 500: 300 of free active bond, the newest chunk (100), then 100 of the older one.
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 500), 500);
        System::assert_has_event(
            Event::Slashed {
                who: 10,
                amount: 500,
            }
            .into(),
        );
        assert_eq!(ledger(10).active, 400);
        assert_eq!(chunks(10), vec![(100, 3)]);
        assert_eq!(Delegators::<Test>::get(10).unwrap().total, 400);
        assert_eq!(held(10), 500);
        assert_eq!(free(10), INITIAL_BALANCE - 1000);
        // OnSlash is `()`: slashed funds are burned.
        assert_eq!(Balances::total_issuance(), issuance - 500);

        // 300: the last chunk (100), then 200 from the delegations, 3:1 like 300:100.
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 300), 300);
        assert!(chunks(10).is_empty());
        assert_eq!(ledger(10).active, 200);
        assert_eq!(Staking::delegation(&1, &10), Some(150));
        assert_eq!(Staking::delegation(&2, &10), Some(50));
        assert_eq!(Delegators::<Test>::get(10).unwrap().total, 200);
        assert_eq!(Candidates::<Test>::get(1).unwrap().delegated, 150);
        assert_eq!(Candidates::<Test>::get(2).unwrap().delegated, 50);
        let events = staking_events();
        assert!(events.contains(&Event::DelegationSlashed {
            delegator: 10,
            candidate: 1,
            amount: 150
        }));
        assert!(events.contains(&Event::DelegationSlashed {
            delegator: 10,
            candidate: 2,
            amount: 50
        }));
        System::assert_has_event(
            Event::Slashed {
                who: 10,
                amount: 300,
            }
            .into(),
        );
        assert_eq!(held(10), 200);
        assert_eq!(Balances::total_issuance(), issuance - 800);
    });
}

#[test]
fn slash_rounds_delegation_cuts_exactly() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 33);
        delegate(10, 2, 67);
        // 10 of 100: 3.3 and 6.7 floor to 3 and 6; the remainder 1 goes to the first delegation.
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 10), 10);
        assert_eq!(Staking::delegation(&1, &10), Some(29));
        assert_eq!(Staking::delegation(&2, &10), Some(61));
        assert_eq!(ledger(10).active, 90);
        // A delegation may end below MinDelegation after a slash; it can still be withdrawn.
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 60), 60);
        let (a, b) = (
            Staking::delegation(&1, &10).unwrap(),
            Staking::delegation(&2, &10).unwrap(),
        );
        assert_eq!(a + b, 30);
        assert!(a < 20);
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, a));
    });
}

#[test]
fn slash_everything_cleans_up() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 60);
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 40));
        // Asking for more than is bonded slashes what there is.
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 1_000), 100);
        System::assert_has_event(
            Event::Slashed {
                who: 10,
                amount: 100,
            }
            .into(),
        );
        assert!(Ledger::<Test>::get(10).is_none());
        assert!(Delegators::<Test>::get(10).is_none());
        assert_eq!(Staking::delegation(&1, &10), None);
        assert_eq!(
            Candidates::<Test>::get(1).unwrap(),
            CandidateInfo {
                delegated: 0,
                delegators: 0,
                commission: Perbill::zero(),
                raise: None,
            }
        );
        assert_eq!(held(10), 0);
        assert_eq!(free(10), INITIAL_BALANCE - 100);
    });
}

#[test]
fn slash_of_a_candidate_takes_its_self_bond_only() {
    ExtBuilder::default().build_and_execute(|| {
        bond(10, 100);
        delegate(10, 1, 100);
        assert_eq!(<Staking as Slash<_, _>>::slash(&1, 2_000), 1000);
        // The delegator is untouched.
        assert_eq!(Staking::delegation(&1, &10), Some(100));
        assert_eq!(ledger(10).active, 100);
        // The candidate keeps an empty ledger while it is a candidate.
        assert_eq!(ledger(1).active, 0);
        assert_eq!(Staking::backing_of(&1), Some(100));
        assert_eq!(held(1), 0);
        // Leaving removes it.
        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(1)));
        assert!(Ledger::<Test>::get(1).is_none());
    });
}

#[test]
fn slashed_funds_go_to_on_slash() {
    ExtBuilder::default().build_and_execute(|| {
        SlashToTreasury::set(true);
        let issuance = Balances::total_issuance();
        assert_eq!(<Staking as Slash<_, _>>::slash(&1, 300), 300);
        assert_eq!(free(TREASURY), 300);
        assert_eq!(held(1), 700);
        assert_eq!(Balances::total_issuance(), issuance);
        assert!(<Staking as Slash<AccountId, Balance>>::slash_weight().all_gt(Default::default()));
    });
}

#[test]
fn slash_of_unbonded_account_or_zero_is_a_noop() {
    ExtBuilder::default().build_and_execute(|| {
        let events = System::events().len();
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 100), 0);
        bond(10, 100);
        let events_after_bond = System::events().len();
        assert!(events_after_bond > events);
        assert_eq!(<Staking as Slash<_, _>>::slash(&10, 0), 0);
        assert_eq!(System::events().len(), events_after_bond);
        assert_eq!(ledger(10).active, 100);
    });
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn try_state_detects_broken_invariants() {
    ExtBuilder::default().build().execute_with(|| {
        assert_ok!(Staking::do_try_state());
        // Ledger no longer matching the hold.
        Ledger::<Test>::mutate(1, |l| l.as_mut().unwrap().active += 1);
        assert!(Staking::do_try_state().is_err());
        Ledger::<Test>::mutate(1, |l| l.as_mut().unwrap().active -= 1);
        assert_ok!(Staking::do_try_state());
        // Candidate total no longer matching its delegations.
        Candidates::<Test>::mutate(1, |c| c.as_mut().unwrap().delegated = 5);
        assert!(Staking::do_try_state().is_err());
        Candidates::<Test>::mutate(1, |c| c.as_mut().unwrap().delegated = 0);
        // Unlocking chunks out of order.
        bond(10, 100);
        Ledger::<Test>::mutate(10, |l| {
            let l = l.as_mut().unwrap();
            l.active = 60;
            l.unlocking = vec![
                UnlockChunk {
                    value: 20,
                    unlock_session: 5,
                },
                UnlockChunk {
                    value: 20,
                    unlock_session: 4,
                },
            ]
            .try_into()
            .unwrap();
        });
        assert!(Staking::do_try_state().is_err());
    });
}

#[test]
fn holds_match_ledgers_through_a_mixed_scenario() {
    ExtBuilder::default().build_and_execute(|| {
        make_candidate(3, 400);
        for who in 10..14 {
            bond(who, 500);
            delegate(who, 1 + (who % 3), 100);
        }
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 150));
        next_session();
        assert_eq!(<Staking as Slash<_, _>>::slash(&11, 450), 450);
        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(2)));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(12), 400));
        advance_sessions(3);
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
        assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(12)));
        assert_ok!(Staking::do_try_state());
        for who in [1, 2, 3, 10, 11, 12, 13] {
            let total = Ledger::<Test>::get(who)
                .map(|l| l.total())
                .unwrap_or_default();
            assert_eq!(held(who), total, "account {who}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Attacks (security review M4, H1)

/// M4: dust delegations used to fill a candidate's delegator slots and lock out real stake
/// (`TooManyDelegators` before the fix). Now the largest delegations are kept: a larger one
/// evicts the smallest, whose amount starts unbonding.
#[test]
fn dust_delegations_cannot_fill_a_candidates_slots() {
    ExtBuilder::default().build_and_execute(|| {
        // The attacker fills all 4 slots of candidate 1 with the minimum delegation.
        for dust in 10..14 {
            bond(dust, 20);
            delegate(dust, 1, 20);
        }
        bond(20, 500);
        // Equal to the smallest is not enough...
        assert_noop!(
            Staking::delegate(RuntimeOrigin::signed(20), 1, 20),
            Error::<Test>::TooManyDelegators
        );
        // ...larger evicts the smallest (among equals the newest: earlier delegators keep their
        // place).
        delegate(20, 1, 300);
        assert_eq!(Staking::delegation(&1, &20), Some(300));
        assert_eq!(Staking::delegation(&1, &13), None);
        assert!(staking_events().contains(&Event::DelegationEvicted {
            delegator: 13,
            candidate: 1,
            amount: 20,
            unbonded: true,
        }));
        let info = Candidates::<Test>::get(1).unwrap();
        assert_eq!((info.delegators, info.delegated), (4, 360));
        assert!(Delegators::<Test>::get(13).is_none());
        // The evicted bond unbonds normally (all of it: nothing else was bonded).
        assert_eq!(ledger(13).active, 0);
        assert_eq!(ledger(13).unlocking.iter().map(|c| c.value).sum::<Balance>(), 20);
        // Sorted, largest first.
        let amounts: Vec<Balance> =
            CandidateDelegations::<Test>::get(1).iter().map(|d| d.amount).collect();
        assert_eq!(amounts, vec![300, 20, 20, 20]);
    });
}

/// M4: minimum-bond candidacies used to fill the candidate list and lock out a better-backed
/// newcomer. Now the candidate with the smallest backing is evicted by a larger self-bond.
#[test]
fn cheap_candidacies_cannot_fill_the_candidate_list() {
    ExtBuilder::default().build_and_execute(|| {
        // 1 (1000) and 2 (500) exist; the attacker fills the list (6) with minimum bonds.
        for who in 3..=6 {
            make_candidate(who, 100);
        }
        bond(10, 50);
        delegate(10, 3, 20); // 3's backing: 120, the others 100.
        bond(7, 400);
        set_keys(7);
        assert_ok!(Staking::join_candidates(RuntimeOrigin::signed(7), Perbill::zero()));
        // 6 had the smallest backing (100, ties: the higher account id goes first).
        assert!(staking_events().contains(&Event::CandidateEvicted {
            candidate: 6,
            backing: 100
        }));
        assert!(!Staking::is_candidate(&6));
        assert!(Staking::is_candidate(&7));
        assert_eq!(ledger(6).active, 0);
        assert_eq!(held(6), 100);
        // A self-bond not above the smallest backing (100) still cannot get in.
        bond(8, 100);
        set_keys(8);
        assert_noop!(
            Staking::join_candidates(RuntimeOrigin::signed(8), Perbill::zero()),
            Error::<Test>::TooManyCandidates
        );
    });
}

/// H1: a candidate could set 100 % commission for the block of its payout. Now commission is
/// capped by `MaxCommission`, and a raise waits `CommissionRaiseDelay` sessions; lowering again
/// before then cancels it, so a raise-and-revert never reaches a payout.
#[test]
fn commission_is_capped_and_raises_wait() {
    ExtBuilder::default().build_and_execute(|| {
        assert_noop!(
            Staking::set_commission(RuntimeOrigin::signed(1), Perbill::from_percent(51)),
            Error::<Test>::CommissionTooHigh
        );
        bond(7, 100);
        set_keys(7);
        assert_noop!(
            Staking::join_candidates(RuntimeOrigin::signed(7), Perbill::one()),
            Error::<Test>::CommissionTooHigh
        );
        assert_ok!(Staking::set_commission(
            RuntimeOrigin::signed(1),
            Perbill::from_percent(50)
        ));
        assert_eq!(Staking::commission_of(&1), Some(Perbill::zero()));
        assert_eq!(Staking::exposure_of(&1).unwrap().commission, Perbill::zero());
        next_session();
        assert_ok!(Staking::set_commission(RuntimeOrigin::signed(1), Perbill::zero()));
        advance_sessions(3);
        assert_eq!(Staking::commission_of(&1), Some(Perbill::zero()));
    });
}

#[test]
fn migration_v1_sorts_delegations_per_candidate() {
    use crate::migrations::v1;
    use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
    ExtBuilder::default().build_and_execute(|| {
        // Version-0 state: delegations in the old double map, candidate info without `raise`.
        bond(10, 100);
        bond(11, 100);
        for (delegator, amount) in [(10u64, 30u64), (11, 50)] {
            v1::v0::Delegations::<Test>::insert(1, delegator, amount);
            Delegators::<Test>::insert(
                delegator,
                crate::DelegatorInfo::<Test> {
                    total: amount,
                    candidates: vec![1].try_into().unwrap(),
                },
            );
        }
        frame_support::storage::unhashed::put(
            &Candidates::<Test>::hashed_key_for(1),
            &v1::v0::CandidateInfo { delegated: 80u64, delegators: 2, commission: Perbill::zero() },
        );
        StorageVersion::new(0).put::<Staking>();

        v1::MigrateToV1::<Test>::on_runtime_upgrade();

        assert_eq!(Staking::on_chain_storage_version(), 1);
        assert_eq!(Staking::delegations_to(&1), vec![(11, 50), (10, 30)]);
        assert_eq!(Candidates::<Test>::get(1).unwrap().raise, None);
        assert_eq!(v1::v0::Delegations::<Test>::iter().count(), 0);
    });
}
