//! Unit and property tests of the rewards pallet.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::Balanced};
use sp_runtime::BuildStorage;
use sp_runtime::DispatchError;

#[test]
fn tier_split_is_exact_and_dust_goes_to_the_treasury() {
    for amount in [0u128, 1, 9_999, 10_001, 1_000_003, u128::MAX / 3, u128::MAX] {
        let (pos, mining, proving, treasury) = SHARES.split(amount);
        assert_eq!(pos + mining + proving + treasury, amount);
        assert_eq!(pos, amount / 10_000 * 4000 + amount % 10_000 * 4000 / 10_000);
        assert!(treasury >= bps_of(amount, 1000));
    }
    assert!(SHARES.is_complete());
    assert!(!TierSplit { pos: 1, ..SHARES }.is_complete());
}

#[test]
fn pro_rata_is_exact_for_large_values() {
    assert_eq!(pro_rata(u128::MAX, 1, 2), u128::MAX / 2);
    assert_eq!(pro_rata(1000, 1, 3), 333);
    assert_eq!(pro_rata(1000, 0, 0), 0);
}

#[test]
fn issuance_decays_per_period_down_to_the_floor() {
    build_and_execute(|| {
        assert_eq!(Rewards::issuance(1), INITIAL_REWARD);
        assert_eq!(Rewards::issuance(DECAY_PERIOD - 1), INITIAL_REWARD);
        assert_eq!(Rewards::issuance(DECAY_PERIOD), Perbill::from_percent(90) * INITIAL_REWARD);
        assert_eq!(Rewards::issuance(2 * DECAY_PERIOD), Perbill::from_percent(81) * INITIAL_REWARD);
        // 0.9^7 < 0.5: the floor.
        assert_eq!(Rewards::issuance(7 * DECAY_PERIOD), 500_000);
        assert_eq!(Rewards::issuance(1_000 * DECAY_PERIOD), 500_000);
    });
}

#[test]
fn a_block_mints_and_splits_its_reward() {
    build_and_execute(|| {
        let issuance_before = Balances::total_issuance();
        let treasury = free(&TreasuryAccount::get());
        let proving = free(&ProvingPotAccount::get());
        next_block_by(Some(validator()));
        let (pos, mining, proving_part, treasury_part) = SHARES.split(INITIAL_REWARD);
        assert_eq!(Balances::total_issuance(), issuance_before + INITIAL_REWARD);
        assert_eq!(PosPoints::<Test>::get(0, validator()), pos);
        assert_eq!(free(&ProvingPotAccount::get()) - proving, proving_part);
        assert_eq!(free(&TreasuryAccount::get()) - treasury, treasury_part);
        let book = EpochBooks::<Test>::get(0).unwrap();
        assert_eq!(
            book,
            EpochBook {
                minted: INITIAL_REWARD,
                fees: 0,
                pos,
                mining,
                proving: proving_part,
                treasury: treasury_part,
                paid: 0,
                ..Default::default()
            }
        );
        assert_eq!(free(&Rewards::pot()), ED + pos + mining);
    });
}

#[test]
fn fees_join_the_block_reward() {
    build_and_execute(|| {
        // A fee as pallet-transaction-payment hands it over: a credit withdrawn from the payer.
        let fee = <Balances as Balanced<AccountId>>::withdraw(
            &account(9),
            12_345,
            frame_support::traits::tokens::Precision::Exact,
            frame_support::traits::tokens::Preservation::Preserve,
            frame_support::traits::tokens::Fortitude::Polite,
        )
        .unwrap();
        <Rewards as frame_support::traits::OnUnbalanced<_>>::on_unbalanced(fee);
        assert_eq!(BlockFees::<Test>::get(), 12_345);
        next_block_by(Some(validator()));
        let (pos, ..) = SHARES.split(INITIAL_REWARD + 12_345);
        assert_eq!(PosPoints::<Test>::get(0, validator()), pos);
        assert_eq!(EpochBooks::<Test>::get(0).unwrap().fees, 12_345);
        assert_eq!(BlockFees::<Test>::get(), 0);
    });
}

#[test]
fn a_block_without_author_sends_its_pos_part_to_the_treasury() {
    build_and_execute(|| {
        let treasury = free(&TreasuryAccount::get());
        next_block_by(None);
        let (pos, _, _, treasury_part) = SHARES.split(INITIAL_REWARD);
        assert_eq!(free(&TreasuryAccount::get()) - treasury, pos + treasury_part);
        assert_eq!(PosPoints::<Test>::iter().count(), 0);
    });
}

/// One epoch: validator 1 authors every block and mines (duty met), two miners mine; after the
/// epoch the payout pays everyone exactly.
#[test]
fn an_epoch_pays_validator_delegator_and_miners_exactly() {
    build_and_execute(|| {
        let v_shares = mine(&validator(), 1);
        let m1 = mine(&miner(), 3);
        next_block_by(Some(validator()));
        let m2 = mine(&miner2(), 2);
        let (v0, d0, a0, b0) = (free(&validator()), free(&delegator()), free(&miner()), free(&miner2()));
        finish_epoch_by(Some(validator()));
        // The first block of epoch 1 queued epoch 0 and paid its only validator already.
        let book = EpochBooks::<Test>::get(0).unwrap();
        assert_eq!(book.minted, INITIAL_REWARD * EPOCH as u128);
        let points = book.pos;
        assert_eq!(points, SHARES.split(INITIAL_REWARD).0 * EPOCH as u128);
        finish_payouts();
        assert_eq!(EpochBooks::<Test>::get(0), None);
        assert_eq!(PosPoints::<Test>::iter_prefix(0).count(), 0);

        // PoS: 10 % commission, the rest pro rata to stake: validator 10,000, delegator 5,000.
        let commission = Perbill::from_percent(10) * points;
        let shared = points - commission;
        let to_delegator = pro_rata(shared, 5_000, 15_000);
        assert_eq!(free(&delegator()) - d0, to_delegator);
        // Mining: pro rata to shares.
        let total = v_shares + m1 + m2;
        let to_m1 = pro_rata(book.mining, m1, total);
        let to_m2 = pro_rata(book.mining, m2, total);
        let to_v_mining = pro_rata(book.mining, v_shares, total);
        assert_eq!(free(&miner()) - a0, to_m1);
        assert_eq!(free(&miner2()) - b0, to_m2);
        assert_eq!(free(&validator()) - v0, points - to_delegator + to_v_mining);
        assert!(rewards_events().iter().any(|e| matches!(
            e,
            Event::ValidatorPaid { epoch: 0, withheld: 0, .. }
        )));
        // Everything minted in epoch 0 is accounted for: pot back to its ED plus epoch 1's part.
        let paid = (free(&validator()) - v0) + (free(&delegator()) - d0) + (free(&miner()) - a0) +
            (free(&miner2()) - b0);
        let dust = book.pos + book.mining - paid;
        assert!(dust < 10, "rounding dust {dust}");
        assert!(rewards_events().contains(&Event::EpochPaid {
            epoch: 0,
            paid,
            to_treasury: book.treasury + dust,
            dust,
        }));
    });
}

#[test]
fn a_validator_without_zk_work_loses_the_duty_penalty_to_the_treasury() {
    build_and_execute(|| {
        mine(&miner(), 1);
        finish_epoch_by(Some(validator2()));
        let book = EpochBooks::<Test>::get(0).unwrap();
        let points = book.pos;
        finish_payouts();
        let withheld = Perbill::from_percent(50) * points;
        // Commission 0 and no delegators: validator 2 keeps the rest.
        assert!(rewards_events().iter().any(|e| matches!(
            e,
            Event::ValidatorPaid { epoch: 0, withheld: w, own_stake_share, commission: 0, to_delegators: 0, .. }
                if *w == withheld && *own_stake_share == points - withheld
        )));
    });
}

#[test]
fn a_named_miner_account_meets_the_validators_duty() {
    build_and_execute(|| {
        // Proposed and accepted in epoch 0: the binding counts from epoch 1.
        assert_ok!(Mining::set_miner_account(RuntimeOrigin::signed(validator2()), Some(miner2())));
        assert_ok!(Mining::accept_miner_account(RuntimeOrigin::signed(miner2()), validator2()));
        finish_epoch_by(Some(validator2()));
        mine(&miner2(), 1);
        finish_epoch_by(Some(validator2()));
        finish_payouts();
        assert!(rewards_events().iter().any(|e| matches!(
            e,
            Event::ValidatorPaid { epoch: 0, withheld, .. } if *withheld > 0
        )));
        assert!(rewards_events().iter().any(|e| matches!(
            e,
            Event::ValidatorPaid { epoch: 1, withheld: 0, .. }
        )));
    });
}

#[test]
fn an_epoch_without_solutions_sends_the_mining_tier_to_the_treasury() {
    build_and_execute(|| {
        finish_epoch_by(None);
        let book = EpochBooks::<Test>::get(0).unwrap();
        finish_payouts();
        assert!(rewards_events().contains(&Event::EpochPaid {
            epoch: 0,
            paid: 0,
            to_treasury: book.treasury + book.mining,
            dust: book.mining,
        }));
    });
}

#[test]
fn miner_payouts_are_paginated() {
    build_and_execute(|| {
        MinersPerBlock::set(1);
        mine(&miner(), 1);
        mine(&miner2(), 1);
        mine(&validator(), 1);
        finish_epoch_by(None);
        // Block 1 of epoch 1 queued epoch 0 and paid one miner; two more blocks pay the others,
        // one settles the provers (none: the proving tier is carried), one closes the epoch.
        let paid_now = || rewards_events().iter().filter(|e| matches!(e, Event::MinerPaid { .. })).count();
        assert_eq!(paid_now(), 1);
        next_block_by(None);
        assert_eq!(paid_now(), 2);
        next_block_by(None);
        assert_eq!(paid_now(), 3);
        assert!(EpochBooks::<Test>::get(0).is_some());
        next_block_by(None);
        next_block_by(None);
        assert!(EpochBooks::<Test>::get(0).is_some());
        assert_eq!(ProvingCarry::<Test>::get(), 2_000_000);
        next_block_by(None);
        assert_eq!(EpochBooks::<Test>::get(0), None);
    });
}

#[test]
fn tier_shares_change_only_by_root_and_must_be_complete() {
    build_and_execute(|| {
        let new = TierSplit { pos: 5000, mining: 2500, proving: 1500, treasury: 1000 };
        assert_noop!(
            Rewards::set_tier_shares(RuntimeOrigin::signed(validator()), new),
            DispatchError::BadOrigin
        );
        assert_noop!(
            Rewards::set_tier_shares(RuntimeOrigin::root(), TierSplit { pos: 5001, ..new }),
            Error::<Test>::SharesNotComplete
        );
        assert_ok!(Rewards::set_tier_shares(RuntimeOrigin::root(), new));
        assert_eq!(TierShares::<Test>::get(), new);
        next_block_by(Some(validator()));
        assert_eq!(PosPoints::<Test>::get(0, validator()), new.split(INITIAL_REWARD).0);
    });
}

#[test]
fn genesis_rejects_incomplete_shares() {
    let result = std::panic::catch_unwind(|| {
        let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
        GenesisConfig::<Test> { tier_shares: TierSplit { pos: 1, ..SHARES }, ..Default::default() }
            .assimilate_storage(&mut storage)
            .unwrap();
    });
    assert!(result.is_err());
}

#[test]
fn pending_rewards_show_unpaid_pos_and_mining() {
    build_and_execute(|| {
        mine(&miner(), 2);
        next_block_by(Some(validator()));
        let points = PosPoints::<Test>::get(0, validator());
        // A validator sees its own part only (L7): commission plus its stake's share.
        let commission = Perbill::from_percent(10) * points;
        assert_eq!(
            Rewards::pending_rewards(&validator()),
            commission + pro_rata(points - commission, 10_000, 15_000)
        );
        let book = EpochBooks::<Test>::get(0).unwrap();
        assert_eq!(Rewards::pending_rewards(&miner()), book.mining);
        let shared = points - Perbill::from_percent(10) * points;
        assert_eq!(Rewards::pending_rewards(&delegator()), pro_rata(shared, 5_000, 15_000));
        assert_eq!(Rewards::pending_rewards(&account(9)), 0);
    });
}

/// Property: with random authors, fees, solutions and epoch counts, every unit minted or
/// collected ends in exactly one place (a recipient, the proving pot, the treasury, or the pot
/// for epochs still open), and the pot always matches what is owed (`try_state` every block).
#[test]
fn conservation_holds_for_random_histories() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for _ in 0..12 {
        let epochs = 1 + next(3);
        let mut plan = vec![];
        for _ in 0..epochs * EPOCH {
            plan.push((next(4), next(3), next(50_000) as u128, next(5)));
        }
        let miners_per_block = 1 + next(3) as u32;
        build_and_execute(|| {
            MinersPerBlock::set(miners_per_block);
            let everyone: Vec<AccountId> = (1..=9).map(account).chain([
                TreasuryAccount::get(),
                ProvingPotAccount::get(),
                Rewards::pot(),
            ])
            .collect();
            let total_before: u128 = everyone.iter().map(free).sum();
            let issuance_before = Balances::total_issuance();
            let mut minted = 0;
            for &(author, who_mines, fee, commission) in &plan {
                if fee > 0 {
                    let credit = <Balances as Balanced<AccountId>>::withdraw(
                        &account(9),
                        fee,
                        frame_support::traits::tokens::Precision::Exact,
                        frame_support::traits::tokens::Preservation::Preserve,
                        frame_support::traits::tokens::Fortitude::Polite,
                    )
                    .unwrap();
                    <Rewards as frame_support::traits::OnUnbalanced<_>>::on_unbalanced(credit);
                }
                let miner_account = [miner(), miner2(), validator()][who_mines as usize].clone();
                let epoch = pallet_quarry_mining::CurrentEpoch::<Test>::get().index;
                if Mining::allowance_left(epoch, &miner_account) > 0 && author != 3 {
                    mine(&miner_account, 1);
                }
                if commission == 0 {
                    // Above MaxCommission (50 %) is refused; raises wait two sessions.
                    let _ = Staking::set_commission(
                        RuntimeOrigin::signed(validator()),
                        Perbill::from_percent(next_percent(fee)),
                    );
                }
                minted += Rewards::issuance(System::block_number());
                let author = match author {
                    0 | 1 => Some(validator()),
                    2 => Some(validator2()),
                    _ => None,
                };
                next_block_by(author);
            }
            // The last block's successor already started: it has not minted yet.
            finish_epoch_by(None);
            finish_payouts();
            // Blocks run by the helpers above minted too.
            let total_after: u128 = everyone.iter().map(free).sum();
            let minted_total = Balances::total_issuance() - issuance_before;
            assert!(minted_total >= minted);
            // Balances only moved among these accounts, plus what was minted.
            assert_eq!(total_after, total_before + minted_total);
            // Every closed epoch is gone; the pot holds only the open epoch's part.
            let owed: u128 = EpochBooks::<Test>::iter().map(|(_, b)| b.outstanding()).sum();
            assert_eq!(free(&Rewards::pot()), ED + owed);
        });
    }
}

fn next_percent(x: u128) -> u32 {
    (x % 101) as u32
}

/// Two provers credited verified work in epoch 0, bonded so their caps (bond / 15) are 40,000 and
/// 60,000.
fn provers_with_work(points_a: u64, points_b: u64) -> (AccountId, AccountId) {
    use pallet_quarry_tasks::ProvingWork;
    let (a, b) = (account(8), account(9));
    assert_ok!(Staking::bond(RuntimeOrigin::signed(a.clone()), 600_000));
    assert_ok!(Staking::bond(RuntimeOrigin::signed(b.clone()), 900_000));
    <Rewards as ProvingWork<AccountId>>::credit(&a, points_a);
    <Rewards as ProvingWork<AccountId>>::credit(&b, points_b);
    (a, b)
}

#[test]
fn the_proving_tier_pays_provers_pro_rata_to_verified_work() {
    build_and_execute(|| {
        // A small proving tier (1 bp: 100 per block, 1,000 per epoch), so no cap binds.
        assert_ok!(Rewards::set_tier_shares(
            RuntimeOrigin::root(),
            TierSplit { pos: 4000, mining: 3000, proving: 1, treasury: 2999 }
        ));
        let (a, b) = provers_with_work(3, 1);
        assert_eq!(ProvingTotals::<Test>::get(0), 4);
        let (a0, b0) = (free(&a), free(&b));
        finish_epoch_by(Some(validator()));
        let book = EpochBooks::<Test>::get(0).unwrap();
        assert_eq!(book.proving, 10 * bps_of(INITIAL_REWARD, 1));
        finish_payouts();
        // 1,000 · 3/4 = 750 and 250: exact, nothing carried.
        assert_eq!(free(&a) - a0, 750);
        assert_eq!(free(&b) - b0, 250);
        assert_eq!(ProvingCarry::<Test>::get(), 0);
        assert!(rewards_events().contains(&Event::ProvingPaid { epoch: 0, paid: 1_000, carried: 0 }));
        assert!(rewards_events().contains(&Event::ProverPaid {
            epoch: 0,
            prover: a.clone(),
            points: 3,
            amount: 750,
            capped: false
        }));
        assert_eq!(ProvingPoints::<Test>::iter_prefix(0).count(), 0);
    });
}

#[test]
fn a_provers_reward_is_capped_by_its_bond_and_the_rest_carried() {
    build_and_execute(|| {
        // The default 20 %: 200,000 per block, 2,000,000 per epoch.
        let (a, b) = provers_with_work(3, 1);
        let (a0, b0) = (free(&a), free(&b));
        finish_epoch_by(Some(validator()));
        let proving = EpochBooks::<Test>::get(0).unwrap().proving;
        finish_payouts();
        // Shares 1,500,000 and 500,000 are capped at 600,000 / 15 and 900,000 / 15.
        assert_eq!(free(&a) - a0, 40_000);
        assert_eq!(free(&b) - b0, 60_000);
        assert_eq!(ProvingCarry::<Test>::get(), proving - 100_000);
        assert!(rewards_events().iter().any(|e| matches!(e, Event::ProverPaid { capped: true, .. })));
    });
}

#[test]
fn an_epoch_without_verified_work_carries_its_proving_tier_to_the_next() {
    build_and_execute(|| {
        assert_ok!(Rewards::set_tier_shares(
            RuntimeOrigin::root(),
            TierSplit { pos: 4000, mining: 3000, proving: 1, treasury: 2999 }
        ));
        finish_epoch_by(Some(validator()));
        finish_payouts();
        let carried = ProvingCarry::<Test>::get();
        assert_eq!(carried, 10 * bps_of(INITIAL_REWARD, 1));
        // Epoch 1: one prover; it gets epoch 1's tier and epoch 0's carry.
        let (a, _) = provers_with_work(1, 0);
        let a0 = free(&a);
        finish_epoch_by(Some(validator()));
        finish_payouts();
        assert_eq!(free(&a) - a0, 2 * carried);
        assert_eq!(ProvingCarry::<Test>::get(), 0);
    });
}

#[test]
fn migration_v1_snapshots_the_running_epoch() {
    use crate::migrations::v1;
    use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
    build_and_execute(|| {
        finish_epoch_by(Some(validator()));
        // A version-0 chain: no snapshots.
        let _ = Exposures::<Test>::clear(u32::MAX, None);
        StorageVersion::new(0).put::<Rewards>();

        v1::MigrateToV1::<Test>::on_runtime_upgrade();

        assert_eq!(Rewards::on_chain_storage_version(), 1);
        let exposure = Exposures::<Test>::get(1, validator()).expect("snapshot of epoch 1");
        assert_eq!((exposure.own, exposure.total), (10_000, 15_000));
        assert!(Exposures::<Test>::contains_key(1, validator2()));
    });
}
