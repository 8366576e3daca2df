//! Offences (deferred slashing of validators and their delegators, cancellation, reporter
//! rewards) and the liveness rule.

use crate::{
    mock::*, CurrentSession, Error, Event, InactiveValidators, Ledger, OffenceFractions,
    SelectedValidators, UnappliedSlashes,
};
use frame_support::{assert_noop, assert_ok, weights::Weight};
use sp_runtime::{DispatchError, Perbill};
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

/// Report an offence of `offender` in session `session`, as `pallet_offences` does.
fn report(offender: AccountId, reporters: Vec<AccountId>, fraction: Perbill, session: u32) {
    <Staking as OnOffenceHandler<AccountId, (AccountId, ()), Weight>>::on_offence(
        &[OffenceDetails { offender: (offender, ()), reporters }],
        &[fraction],
        session,
    );
}

fn total_bonded(who: AccountId) -> Balance {
    Ledger::<Test>::get(who).map(|l| l.total()).unwrap_or_default()
}

/// Validator 1 (self-bond 1000) backed by delegator 10 (200).
fn with_a_backed_validator(test: impl FnOnce()) {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 500, true), (10, 200, false)])
        .delegations(vec![(10, 1, 200)])
        .build_and_execute(test);
}

#[test]
fn an_offence_disables_at_once_and_slashes_validator_and_delegators_after_the_deferral() {
    with_a_backed_validator(|| {
        SlashToTreasury::set(true);
        let session = CurrentSession::<Test>::get();
        report(1, vec![20], Perbill::from_percent(50), session);

        assert_eq!(Disabled::get(), vec![(1, Perbill::from_percent(50))]);
        assert!(staking_events().contains(&Event::SlashDeferred {
            validator: 1,
            offence_session: session,
            fraction: Perbill::from_percent(50),
            apply_at: session + 1,
        }));
        // Nothing is taken before the deferral ends.
        assert_eq!((total_bonded(1), total_bonded(10)), (1000, 200));

        let reporter_before = free(20);
        next_session();
        // Half of each: 500 of the validator, 100 of the delegation; 10 % of 600 to the reporter.
        assert_eq!((total_bonded(1), total_bonded(10)), (500, 100));
        assert_eq!((held(1), held(10)), (500, 100));
        assert_eq!(Staking::delegation(&1, &10), Some(100));
        assert_eq!(free(20) - reporter_before, 60);
        assert_eq!(free(TREASURY), 540);
        assert!(staking_events().contains(&Event::SlashApplied {
            validator: 1,
            slashed: 600,
            to_reporters: 60,
        }));
        assert_eq!(UnappliedSlashes::<Test>::iter().count(), 0);
    });
}

#[test]
fn moving_stake_after_the_report_does_not_escape_the_slash() {
    with_a_backed_validator(|| {
        let session = CurrentSession::<Test>::get();
        report(1, vec![], Perbill::from_percent(50), session);

        // Both run: the delegator takes its delegation back and unbonds, the validator leaves
        // and unbonds everything.
        assert_ok!(Staking::undelegate(RuntimeOrigin::signed(10), 1, 200));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 200));
        assert_ok!(Staking::leave_candidates(RuntimeOrigin::signed(1)));
        assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 1000));

        next_session();
        // Unbonding takes 3 sessions, the deferral 1: the unlocking funds pay.
        assert_eq!((total_bonded(1), total_bonded(10)), (500, 100));
        assert_eq!((held(1), held(10)), (500, 100));
    });
}

#[test]
fn the_admin_can_cancel_a_deferred_slash() {
    with_a_backed_validator(|| {
        let session = CurrentSession::<Test>::get();
        report(1, vec![20], Perbill::from_percent(50), session);

        assert_noop!(
            Staking::cancel_deferred_slash(RuntimeOrigin::signed(20), session + 1, 1),
            DispatchError::BadOrigin
        );
        assert_noop!(
            Staking::cancel_deferred_slash(RuntimeOrigin::root(), session + 2, 1),
            Error::<Test>::NoSuchSlash
        );
        assert_ok!(Staking::cancel_deferred_slash(RuntimeOrigin::root(), session + 1, 1));
        assert!(staking_events()
            .contains(&Event::SlashCancelled { validator: 1, apply_at: session + 1 }));

        advance_sessions(2);
        assert_eq!((total_bonded(1), total_bonded(10)), (1000, 200));
    });
}

#[test]
fn offences_of_one_session_slash_the_worst_fraction_once() {
    with_a_backed_validator(|| {
        let session = CurrentSession::<Test>::get();
        report(1, vec![], Perbill::from_percent(30), session);
        report(1, vec![], Perbill::from_percent(50), session);
        // Milder than what was decided: nothing more.
        report(1, vec![], Perbill::from_percent(20), session);
        assert_eq!(OffenceFractions::<Test>::get(session, 1), Perbill::from_percent(50));

        next_session();
        assert_eq!((total_bonded(1), total_bonded(10)), (500, 100));
    });
}

#[test]
fn a_worse_offence_reported_a_session_later_slashes_only_the_difference() {
    with_a_backed_validator(|| {
        let session = CurrentSession::<Test>::get();
        report(1, vec![], Perbill::from_percent(20), session);
        next_session();
        assert_eq!(total_bonded(1), 800);
        // Same offence session, reported in the next one: 50 % - 20 % of the exposure now.
        report(1, vec![], Perbill::from_percent(50), session);
        next_session();
        assert_eq!(total_bonded(1), 800 - 240);
    });
}

#[test]
fn offences_older_than_the_reportable_window_are_ignored() {
    with_a_backed_validator(|| {
        let offence_session = CurrentSession::<Test>::get();
        // BondingDuration 3 - SlashDeferDuration 1 = 2 sessions.
        advance_sessions(Staking::reportable_sessions());
        report(1, vec![20], Perbill::from_percent(50), offence_session);
        assert!(staking_events().contains(&Event::OffenceTooOld { offence_session }));
        assert_eq!(UnappliedSlashes::<Test>::iter().count(), 0);

        advance_sessions(2);
        assert_eq!(total_bonded(1), 1000);
    });
}

#[test]
fn a_validator_that_authors_nothing_in_a_session_is_not_elected_next() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 500, true), (3, 300, true)])
        .validators(2, 3)
        .build_and_execute(|| {
            TrackLiveness::set(true);
            assert_eq!(Session::validators(), vec![1, 2, 3]);
            // Session 0 (the network's start) is exempt: 3 authors nothing and stays.
            author(1);
            next_session();
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2, 3]);
            assert!(!staking_events()
                .iter()
                .any(|e| matches!(e, Event::InactiveValidatorsFound { .. })));

            let session = CurrentSession::<Test>::get();
            author(1);
            author(2);
            author(1);

            next_session();
            // 3 authored nothing: left out of the election that just ran (for the session
            // after the queued one).
            assert!(staking_events().contains(&Event::InactiveValidatorsFound {
                session,
                validators: vec![3],
            }));
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2]);
            // The rule reads the last session only: it consumed the list.
            assert!(InactiveValidators::<Test>::get().is_empty());

            // 3 is still in the queued session's set; this time it authors.
            assert_eq!(Session::validators(), vec![1, 2, 3]);
            author(1);
            author(2);
            author(3);
            next_session();
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2, 3]);
        });
}

#[test]
fn leaving_out_inactive_validators_never_drops_below_the_minimum() {
    ExtBuilder::default()
        .stakers(vec![(1, 1000, true), (2, 500, true)])
        .validators(2, 3)
        .build_and_execute(|| {
            TrackLiveness::set(true);
            next_session(); // session 0 is exempt
            author(1);
            next_session();
            // Only 1 would remain, MinValidators is 2: the set is kept.
            assert_eq!(SelectedValidators::<Test>::get().into_inner(), vec![1, 2]);
            assert!(staking_events()
                .iter()
                .any(|e| matches!(e, Event::NotEnoughCandidates { eligible: 1, .. })));
        });
}
