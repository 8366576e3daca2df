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

/// L3: payouts could fall behind a loaded chain (one step per block against an epoch's worst case
/// of more steps than blocks), the queue then filled and dropped whole epochs, and late epochs
/// were paid after their mining statistics were pruned (their miners' part went to the
/// treasury). The mock's load is scaled down to the same shape: 20 miners paid one per step
/// (`MinersPerBlock = 1`) and 2 validators make 24 steps in a 10-block epoch. With one step per
/// block `try_state` now reports the backlog before any epoch is lost; with enough steps per
/// block (`PayoutStepsPerBlock`, the runtime's is sized the same way) every miner of every epoch
/// is paid and the queue stays short.
#[test]
fn a_maximally_loaded_chain_is_paid_before_its_history_is_pruned() {
    let run = |steps: u32, epochs: u32| -> Result<Vec<usize>, &'static str> {
        let mut paid_per_epoch = vec![];
        let mut outcome = Ok(());
        new_test_ext().execute_with(|| {
            MinersPerBlock::set(1);
            PayoutStepsPerBlock::set(steps);
            let miners: Vec<AccountId> = (20..40).map(account).collect();
            for m in &miners {
                Balances::set_balance(m, 10_000);
                assert_ok!(Staking::bond(signed(m), 100));
            }
            let mut turn = false;
            'epochs: for _ in 0..epochs {
                let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get().index;
                // 10 solutions in each of the epoch's first two blocks (16 fit in a block).
                for (i, m) in miners.iter().enumerate() {
                    if i == 10 {
                        turn = !turn;
                        step_block(Some(if turn { validator() } else { validator2() }));
                    }
                    mine(m, 1);
                }
                while pallet_quarry_mining::CurrentEpoch::<Test>::get().index == epoch {
                    turn = !turn;
                    step_block(Some(if turn { validator() } else { validator2() }));
                    if let Err(e) = Rewards::do_try_state() {
                        outcome = Err(e);
                        break 'epochs;
                    }
                    assert!(PayoutQueue::<Test>::get().len() <= 2 || steps == 1);
                }
            }
            for epoch in 0..epochs {
                paid_per_epoch.push(
                    rewards_events()
                        .iter()
                        .filter(|e| matches!(e, Event::MinerPaid { epoch: e, .. } if *e == epoch))
                        .count(),
                );
            }
        });
        outcome.map(|()| paid_per_epoch).map_err(|e| match e {
            sp_runtime::TryRuntimeError::Other(message) => message,
            _ => "other",
        })
    };
    // One step per block: the backlog is reported.
    let backlog = run(1, 16).expect_err("one payout step per block kept up with a loaded chain");
    println!("one step per block: {backlog}");
    assert!(
        backlog == "a finished epoch is neither queued nor paid" ||
            backlog == "a queued epoch's miners would be paid from pruned mining statistics",
        "{backlog}"
    );
    // Three steps per block (30 per epoch) keep up: every closed epoch paid all 20 miners.
    let paid = run(3, 12).expect("no backlog");
    assert!(paid[..10].iter().all(|&n| n == 20), "miners paid per epoch: {paid:?}");
}

/// L7: tips went into the shared pot, so an author gained nothing from including a tipped
/// transaction. Now the fee joins the block's reward and the tip goes to the author.
#[test]
fn tips_go_to_the_block_author() {
    use frame_support::traits::{
        fungible::Balanced,
        tokens::{Fortitude, Precision, Preservation},
        OnUnbalanced,
    };
    build_and_execute(|| {
        crate::BlockAuthor::<Test>::put(validator2());
        let withdraw = |amount| {
            <Balances as Balanced<AccountId>>::withdraw(
                &account(9),
                amount,
                Precision::Exact,
                Preservation::Preserve,
                Fortitude::Polite,
            )
            .unwrap()
        };
        let before = free(&validator2());
        Rewards::on_unbalanceds([withdraw(1_000), withdraw(300)].into_iter());
        assert_eq!(free(&validator2()) - before, 300);
        assert_eq!(BlockFees::<Test>::get(), 1_000);
        // Without a known author the tip joins the fees.
        crate::BlockAuthor::<Test>::kill();
        Rewards::on_unbalanceds([withdraw(1_000), withdraw(300)].into_iter());
        assert_eq!(BlockFees::<Test>::get(), 2_300);
        next_block_by(None);
    });
}

/// Property: random adversaries next to honest participants change nothing for the honest ones.
///
/// Honest: validator 1 (commission 10 %) and its delegator, miners 6 and 7 mining at random,
/// account 3 delegating to validator 2, random authors. Adversaries: account 8 re-delegates its
/// bond to a random validator every block (back at validator 1 whenever an epoch starts, so its
/// stake is where the baseline holds it at every snapshot); validator 2 switches its commission
/// at random between 0 and the maximum; validator 2 proposes miner accounts at random. Baseline:
/// the same honest history with account 8 delegated to validator 1 throughout and validator 2
/// still. The honest participants' balances must end equal in both runs.
#[test]
fn honest_rewards_do_not_depend_on_adversarial_strategies() {
    let xorshift = |seed: &mut u64| {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    let honest = [validator(), delegator(), miner(), miner2(), account(3)];
    let attacker = account(8);
    for history in 0..4u64 {
        let epochs = 3;
        let mut honest_seed = 0x5eed_0000 + history;
        let plan: Vec<(u64, u64)> = (0..epochs * EPOCH + 5)
            .map(|_| (xorshift(&mut honest_seed) % 3, xorshift(&mut honest_seed) % 4))
            .collect();
        let run = |adversarial: bool| -> Vec<Balance> {
            let mut balances = vec![];
            new_test_ext().execute_with(|| {
                let mut seed = 0xbad_5eed + history;
                assert_ok!(Staking::bond(signed(&account(3)), 3_000));
                assert_ok!(Staking::delegate(signed(&account(3)), validator2(), 3_000));
                assert_ok!(Staking::bond(signed(&attacker), 4_000));
                assert_ok!(Staking::delegate(signed(&attacker), validator(), 4_000));
                let mut at = validator();
                for &(author, mining) in &plan {
                    let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get();
                    let who = [miner(), miner2(), miner(), miner2()][mining as usize].clone();
                    if mining < 2 && Mining::allowance_left(epoch.index, &who) > 0 {
                        mine(&who, 1);
                    }
                    if adversarial {
                        // Re-delegate every block; be back at validator 1 when the epoch ends.
                        let last_block = System::block_number() == epoch.ends_at;
                        let to = if last_block || xorshift(&mut seed) % 2 == 0 {
                            validator()
                        } else {
                            validator2()
                        };
                        if to != at {
                            assert_ok!(Staking::undelegate(signed(&attacker), at.clone(), 4_000));
                            assert_ok!(Staking::delegate(signed(&attacker), to.clone(), 4_000));
                            at = to;
                        }
                        let rate = if xorshift(&mut seed) % 2 == 0 { 0 } else { 50 };
                        assert_ok!(Staking::set_commission(
                            signed(&validator2()),
                            Perbill::from_percent(rate)
                        ));
                        let named = [miner(), miner2()][(xorshift(&mut seed) % 2) as usize].clone();
                        assert_ok!(Mining::set_miner_account(signed(&validator2()), Some(named)));
                    }
                    let author = [validator(), validator2(), validator()][author as usize].clone();
                    next_block_by(Some(author));
                }
                finish_epoch_by(None);
                finish_payouts();
                balances = honest.iter().map(free).collect();
            });
            balances
        };
        assert_eq!(run(true), run(false), "history {history}: honest balances differ");
    }
}
