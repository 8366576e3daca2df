//! The Beta reputation against a hand-worked example, its bounds, and the farming resistance of
//! price weighting. Every test ends in `do_try_state`.

use crate::{mock::*, *};

fn record(who: u64, outcome: Outcome, price: u128) {
    <Reputation as ReputationBook<u64>>::record(&who, outcome, price);
}

fn score(who: u64) -> Permill {
    <Reputation as ReputationBook<u64>>::score(&who)
}

fn end() {
    Reputation::do_try_state().unwrap();
}

/// λ = 0.98, so L = 1/(1 − λ) = 50 and M = (L + 1)/(L + 2) = 51/52.
#[test]
fn hand_worked_example() {
    new_test_ext().execute_with(|| {
        // A prover never seen: r = s = 0, score (1/2)/M = 26/51 = 0.509803.
        assert_eq!(score(1), Permill::from_parts(509_803));

        // 1. Delivers a task of 1,000,000 in an empty market: p̄ = 0, w = 1.
        //    r = 1, s = 0: score (2/3)/M = 104/153 = 0.679738.
        record(1, Outcome::Delivered, 1_000_000);
        assert_eq!(score(1), Permill::from_parts(679_738));
        assert_eq!(
            Prices::<Test>::get(),
            PriceHistory {
                volume: 1_000_000,
                weighted_mean: 1_000_000
            }
        );

        // 2. Delivers another at the mean: w = 1/2. r = 0.98 + 0.5 = 1.48:
        //    score (2.48/3.48)/M = 3224/4437 = 0.726617.
        record(1, Outcome::Delivered, 1_000_000);
        assert_eq!(score(1), Permill::from_parts(726_617));

        // 3. Fails a task of 3,000,000: w = 3/(1 + 3) = 0.75. r = 1.48·0.98 = 1.4504, s = 0.75:
        //    score (2.4504/4.2004)/M = 0.594811. The mean becomes
        //    1,000,000 + 2,000,000·3,000,000/5,000,000 = 2,200,000 (= Σp²/Σp = 11·10¹²/5·10⁶).
        record(1, Outcome::Failed, 3_000_000);
        assert_eq!(score(1), Permill::from_parts(594_811));
        assert_eq!(Prices::<Test>::get().weighted_mean, 2_200_000);

        // 4. Delivers a cheap task of 10,000: w = 10,000/2,210,000 = 0.45 %. Discounting the old
        //    evidence outweighs it: the score even falls, to 0.594456.
        record(1, Outcome::Delivered, 10_000);
        assert_eq!(score(1), Permill::from_parts(594_456));
        let beta = Reputations::<Test>::get(1);
        assert_eq!(beta.updates, 4);
        assert_eq!(beta.s, FixedU128::from_rational(735, 1000));

        System::assert_last_event(
            Event::ReputationUpdated {
                prover: 1,
                outcome: Outcome::Delivered,
                weight: FixedU128::from_rational(10_000, 2_210_000),
                score: Permill::from_parts(594_456),
            }
            .into(),
        );
        end();
    });
}

#[test]
fn zero_price_changes_nothing() {
    new_test_ext().execute_with(|| {
        record(1, Outcome::Failed, 0);
        assert!(!Reputations::<Test>::contains_key(1));
        assert_eq!(Prices::<Test>::get(), PriceHistory::default());
        assert_eq!(System::events().len(), 0);
        end();
    });
}

#[test]
fn always_delivering_converges_to_one_and_always_failing_to_zero() {
    new_test_ext().execute_with(|| {
        for _ in 0..1_000 {
            record(1, Outcome::Delivered, 1_000);
            record(2, Outcome::Failed, 1_000);
        }
        // Every task is at the mean (w = 1/2), so r → L/2 = 25: score (26/27)/M = 0.98188.
        assert!(score(1) > Permill::from_parts(981_000), "{:?}", score(1));
        assert!(score(2) < Permill::from_parts(40_000), "{:?}", score(2));
        // Full-weight deliveries reach the normalised maximum, 1.
        let mut beta = Beta::default();
        for _ in 0..2_000 {
            beta = beta.updated(
                Outcome::Delivered,
                FixedU128::one(),
                Perbill::from_percent(98),
            );
        }
        assert!(beta.score(Perbill::from_percent(98)) >= Permill::from_parts(999_999));
        assert!(beta.r <= Beta::horizon(Perbill::from_percent(98)));
        end();
    });
}

#[test]
fn flooding_with_cheap_tasks_barely_moves_the_mean_or_the_score() {
    new_test_ext().execute_with(|| {
        // A market of real tasks at 1,000,000.
        for _ in 0..10 {
            record(9, Outcome::Delivered, 1_000_000);
        }
        // A farmer delivers 1,000 tasks of price 10 (a thousandth of one real task's volume in
        // all).
        for _ in 0..1_000 {
            record(1, Outcome::Delivered, 10);
        }
        let mean = Prices::<Test>::get().weighted_mean;
        assert!(
            mean > 999_000,
            "the price-weighted mean barely moves: {mean}"
        );
        // Each cheap task weighs 10⁻⁵: the farmer stays at the prior.
        assert!(score(1) < Permill::from_parts(520_000), "{:?}", score(1));
        // One real task at the mean (w = 1/2) moves a prover more than the whole flood:
        // (1.5/2.5)/M = 0.611764.
        record(2, Outcome::Delivered, 1_000_000);
        assert_eq!(score(2), Permill::from_parts(611_764));
        assert!(score(2).deconstruct() > score(1).deconstruct() + 90_000);
        end();
    });
}

#[test]
fn price_history_never_overflows() {
    let mut history = PriceHistory::default();
    history.record(u128::MAX);
    history.record(u128::MAX);
    history.record(1);
    assert_eq!(history.volume, u128::MAX);
    assert!(history.weighted_mean > u128::MAX / 2);
    assert_eq!(history.weight(0), FixedU128::zero());
    assert!(history.weight(u128::MAX) <= FixedU128::one());
}

#[test]
fn try_state_catches_evidence_beyond_the_horizon() {
    new_test_ext().execute_with(|| {
        Reputations::<Test>::insert(
            5,
            Beta {
                r: FixedU128::saturating_from_integer(51u32),
                s: FixedU128::zero(),
                updates: 1,
            },
        );
        assert!(Reputation::do_try_state().is_err());
    });
}
