//! The reward attacks of the security review (C1, H1, H2), each carried out against the pallet.
//! They compile against the rules before and after the fix: before, each attack paid (the
//! assertions failed); now each gains nothing.

use crate::{mock::*, *};
use crate::Balance;
use frame_support::assert_ok;

fn signed(who: &AccountId) -> RuntimeOrigin {
    RuntimeOrigin::signed(who.clone())
}

/// PoS paid to `who` as a delegator for `epoch`.
fn delegator_income(epoch: EpochIndex, who: &AccountId) -> Balance {
    rewards_events()
        .iter()
        .filter_map(|e| match e {
            Event::DelegatorPaid { epoch: e, delegator, amount, .. }
                if *e == epoch && delegator == who => Some(*amount),
            _ => None,
        })
        .sum()
}

/// Run epoch 0, then epoch 1 up to (not past) its last block, both validators authoring in turn
/// and mining (duty met). `before_epoch_1` runs in epoch 0.
fn run_to_last_block_of_epoch_1(before_epoch_1: impl FnOnce()) {
    mine(&validator(), 1);
    mine(&validator2(), 1);
    before_epoch_1();
    finish_epoch_by(Some(validator()));
    finish_payouts();
    mine(&validator(), 1);
    mine(&validator2(), 1);
    let ends_at = pallet_quarry_mining::CurrentEpoch::<Test>::get().ends_at;
    let mut turn = false;
    while System::block_number() < ends_at {
        turn = !turn;
        next_block_by(Some(if turn { validator() } else { validator2() }));
    }
}

/// Finish epoch 1 and pay it. Before each payout block, `before_payout(next validator paid)`.
fn pay_epoch_1(mut before_payout: impl FnMut(&AccountId)) {
    let author = Some(validator());
    loop {
        if let Some((next, _)) = PosPoints::<Test>::iter_prefix(1).next() {
            before_payout(&next);
        }
        next_block_by(author.clone());
        if PayoutQueue::<Test>::get().iter().all(|p| p.epoch != 1) &&
            pallet_quarry_mining::CurrentEpoch::<Test>::get().index > 1
        {
            break;
        }
    }
}

/// C1, delegation chasing: one bond re-delegated to each validator just before its payout block
/// was paid by every validator for the whole epoch. Baseline: the same bond delegated to
/// validator 1 through the whole epoch.
#[test]
fn chasing_payouts_with_one_delegation_gains_nothing() {
    let attacker = account(8);
    let run = |chase: bool| {
        let mut incomes = (0, 0);
        new_test_ext().execute_with(|| {
            assert_ok!(Staking::bond(signed(&attacker), 5_000));
            run_to_last_block_of_epoch_1(|| {
                if !chase {
                    assert_ok!(Staking::delegate(signed(&attacker), validator(), 5_000));
                }
            });
            let mut delegated_to: Option<AccountId> = None;
            pay_epoch_1(|next| {
                if chase && delegated_to.as_ref() != Some(next) {
                    if let Some(previous) = delegated_to.take() {
                        assert_ok!(Staking::undelegate(signed(&attacker), previous, 5_000));
                    }
                    assert_ok!(Staking::delegate(signed(&attacker), next.clone(), 5_000));
                    delegated_to = Some(next.clone());
                }
            });
            incomes = (delegator_income(1, &attacker), delegator_income(1, &delegator()));
        });
        incomes
    };
    let (attacker_baseline, honest_baseline) = run(false);
    let (attacker_chasing, honest_chasing) = run(true);
    assert!(attacker_baseline > 0);
    assert!(
        attacker_chasing <= attacker_baseline,
        "chasing paid {attacker_chasing}, holding still {attacker_baseline}"
    );
    assert!(honest_chasing >= honest_baseline);
}

/// H1, commission switch: a validator raised its commission to 100 % for the block of its payout
/// and lowered it again afterwards. Baseline: commission left alone.
#[test]
fn a_commission_switch_before_payout_takes_nothing_from_delegators() {
    let run = |switch: bool| {
        let mut income = 0;
        new_test_ext().execute_with(|| {
            run_to_last_block_of_epoch_1(|| {});
            pay_epoch_1(|next| {
                if switch && next == &validator() {
                    if Staking::set_commission(signed(&validator()), Perbill::one()).is_err() {
                        // Capped now: the highest rate the mock allows (its MaxCommission).
                        assert_ok!(Staking::set_commission(
                            signed(&validator()),
                            Perbill::from_percent(50)
                        ));
                    }
                }
                if switch && next != &validator() {
                    let _ = Staking::set_commission(signed(&validator()), Perbill::from_percent(10));
                }
            });
            income = delegator_income(1, &delegator());
        });
        income
    };
    let baseline = run(false);
    assert!(baseline > 0);
    assert_eq!(run(true), baseline, "the delegator lost income to a commission switch");
}

/// H2, borrowed ZK duty: a validator that did no work named a miner that landed solutions just
/// before its payout, and escaped the ZK-duty penalty.
#[test]
fn naming_someone_elses_miner_before_payout_does_not_meet_the_duty() {
    build_and_execute(|| {
        mine(&miner(), 1);
        let ends_at = pallet_quarry_mining::CurrentEpoch::<Test>::get().ends_at;
        while System::block_number() < ends_at {
            next_block_by(Some(validator2()));
        }
        let _ = Mining::set_miner_account(signed(&validator2()), Some(miner()));
        finish_payouts_from_here();
        assert!(
            rewards_events().iter().any(|e| matches!(
                e,
                Event::ValidatorPaid { epoch: 0, validator, withheld, .. }
                    if validator == &validator2() && *withheld > 0
            )),
            "validator 2 escaped the ZK-duty penalty with a borrowed miner"
        );
    });
}

fn finish_payouts_from_here() {
    next_block_by(Some(validator2()));
    finish_payouts();
}
