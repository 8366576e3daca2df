//! End to end: the tiered block reward on a dev chain whose embedded miner mines for Alice.
//! Every block pays the treasury and proving tiers; after epoch 0 Alice (the only validator and
//! the only miner) and her delegator AliceStash are paid exactly the PoS and mining tiers the
//! reward model says. The chain is the dev preset with 10-block epochs (a genesis parameter),
//! so the test waits one minute for an epoch instead of five.

mod common;

use std::time::Duration;

use common::{block_hash, dev_spec_with, free_balance_at, Node};
use quarry_runtime::{
    configs::{ProvingPotAccount, TreasuryAccount},
    genesis_config_presets::{DELEGATION, VALIDATOR_BOND},
    UNIT,
};
use serde_json::json;
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring;

#[test]
fn validator_delegator_and_miner_are_paid_their_tiers_over_an_epoch() {
    let epoch: u64 = 10;
    let spec = dev_spec_with("rewards", |patch| patch["mining"]["epochLength"] = json!(epoch));
    let spec = spec.to_str().unwrap();
    // What `--dev` implies for this spec: Alice's keys, authoring alone, a node key.
    let node_key = format!("{:064x}", 1);
    let mut node = Node::start(
        "rewards",
        &["--chain", spec, "--alice", "--force-authoring", "--node-key", &node_key, "--mining-threads", "1"],
    );
    let alice = Sr25519Keyring::Alice.to_account_id();
    let stash = Sr25519Keyring::AliceStash.to_account_id();

    // Per block (1 QRY, no fees): 0.2 QRY to the proving pot, 0.1 QRY to the treasury.
    node.wait_for("block 3", Duration::from_secs(60), |n| (n.block_number(None) >= 3).then_some(()));
    let (b1, b2) = (block_hash(&node, 1), block_hash(&node, 2));
    let treasury = TreasuryAccount::get();
    let proving = ProvingPotAccount::get();
    assert_eq!(
        free_balance_at(&node, &treasury, Some(&b2)) - free_balance_at(&node, &treasury, Some(&b1)),
        UNIT / 10
    );
    assert_eq!(
        free_balance_at(&node, &proving, Some(&b2)) - free_balance_at(&node, &proving, Some(&b1)),
        UNIT / 5
    );
    // Owed and visible before the epoch is paid.
    let pending = |who: &quarry_runtime::AccountId| -> u128 {
        node.rpc("quarry_pendingRewards", json!([who.to_ss58check()])).as_str().unwrap().parse().unwrap()
    };
    assert!(pending(&alice) > 0);
    assert!(pending(&stash) > 0);

    // Epoch 0 ends with block `epoch`; the next block pays all of it (four payout steps per
    // block: the validator with its delegator, the miners, the provers, and the epoch's close).
    node.wait_for("epoch 0 to be paid", Duration::from_secs(60 + 6 * (epoch + 2)), |n| {
        (n.block_number(None) >= epoch + 1).then_some(())
    });
    let at = |n: u64| block_hash(&node, n);
    let (before, paid) = (at(epoch), at(epoch + 1));

    // PoS: `epoch` blocks × 0.4 QRY, no commission, ZK duty met (Alice mined): pro rata to the
    // stakes of the epoch's exposure snapshot (the genesis bond and delegation).
    let pos = epoch as u128 * UNIT * 4 / 10;
    let stake_total = VALIDATOR_BOND + DELEGATION;
    let to_stash = pos * DELEGATION / stake_total;
    assert_eq!(
        free_balance_at(&node, &stash, Some(&paid)) - free_balance_at(&node, &stash, Some(&before)),
        to_stash
    );
    // Alice: the rest of the PoS tier, and the mining tier (`epoch` blocks × 0.3 QRY) as the
    // only miner.
    assert_eq!(
        free_balance_at(&node, &alice, Some(&paid)) - free_balance_at(&node, &alice, Some(&before)),
        pos - to_stash + epoch as u128 * UNIT * 3 / 10
    );
    let stats = node.rpc("quarry_miningStats", json!([3]));
    assert!(stats["epoch"].as_u64().unwrap() >= 1, "{stats}");
    node.export_state_for_try_runtime("rewards");
}
