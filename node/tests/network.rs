//! End to end: a network, not a node. Four validator processes on loopback run `--chain local4`
//! (Alice, Bob, Charlie, Dave; one-minute sessions), Alice also mines with the embedded miner.
//!
//! 1. All four author blocks and GRANDPA finalizes.
//! 2. Charlie is killed: finality goes on (three of four vote). He stays down for a whole session,
//!    so the liveness rule leaves him out of the next election. (With four validators, a second
//!    one missing while the set is down to three would stall GRANDPA: the test first waits for
//!    all four to be voters.)
//! 3. Charlie restarts from his base path and catches up; every node holds the same finalized
//!    chain, and the same balances and mining books at a block from before the kill.
//! 4. Once all four validate again, a fifth process starts with a copy of Dave's keys: both seal
//!    blocks in Dave's slots. The validators' equivocation reporters see two headers for one
//!    slot and report them (unsigned, `AuraEquivocation`); the copy is stopped, the offence
//!    lands, and `slashDeferSessions` (2 on `local4`) later Dave's bond is slashed by the
//!    documented `(3k/n)²` for the `n` validators of the session the blocks were sealed in:
//!    56.25 % (one offender of four), or all of it when Charlie, back from his restart, sits
//!    that session out (one of three). The copy runs without GRANDPA, so the slash is the Aura
//!    offence's alone.

mod common;

use std::time::Duration;

use codec::{Decode, Encode};
use common::{account_data_at, block_hash, free_balance_at, keys_with_prefix, storage_at, value_key, Node};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring;

/// Peer id of the node key `0x…01` (Alice's below), the others' bootnode.
const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

fn validators_in(node: &Node, pallet: &str, item: &str, at: Option<&str>) -> Vec<[u8; 32]> {
    storage_at(node, &value_key(pallet, item), at)
        .map(|raw| Vec::<[u8; 32]>::decode(&mut &raw[..]).expect("a list of account ids"))
        .unwrap_or_default()
}

fn account(key: Sr25519Keyring) -> [u8; 32] {
    key.to_account_id().into()
}

/// `Mining::Totals(epoch)` (twox64-concat key) at block `at`.
fn mining_totals(node: &Node, epoch: u32, at: &str) -> Option<Vec<u8>> {
    let key = [
        value_key("Mining", "Totals"),
        sp_io::hashing::twox_64(&epoch.encode()).to_vec(),
        epoch.encode(),
    ]
    .concat();
    storage_at(node, &key, Some(at))
}

fn authored(node: &Node) -> usize {
    node.log().matches("Prepared block for proposing").count()
}

#[test]
fn four_validators_finalize_survive_a_failure_drop_the_absent_one_and_slash_an_equivocator() {
    let alice_ss58 = Sr25519Keyring::Alice.to_account_id().to_ss58check();
    let mut alice = Node::start(
        "net-alice",
        &[
            "--chain", "local4", "--alice",
            "--node-key", &format!("{:064x}", 1),
            "--miner", &alice_ss58, "--mining-threads", "1",
        ],
    );
    let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{ALICE_PEER_ID}", alice.p2p_port);
    let start = |name: &str, flag: &str, key: u32| {
        Node::start(
            name,
            &[
                "--chain", "local4", flag, "--no-mine",
                "--node-key", &format!("{key:064x}"),
                "--bootnodes", &bootnode,
            ],
        )
    };
    let bob = start("net-bob", "--bob", 2);
    let mut charlie = start("net-charlie", "--charlie", 3);
    let dave = start("net-dave", "--dave", 4);

    // 1. Everyone authors; GRANDPA finalizes. Wait for the full set to be active and queued,
    // so losing one later leaves three of four voters.
    alice.wait_for("every validator to author and block 12 to be final", Duration::from_secs(240), |n| {
        let all_authored = [&*n, &bob, &charlie, &dave].iter().all(|v| authored(v) > 0);
        (all_authored && n.finalized_number() >= 12).then_some(())
    });
    let everyone: Vec<[u8; 32]> = [
        Sr25519Keyring::Alice,
        Sr25519Keyring::Bob,
        Sr25519Keyring::Charlie,
        Sr25519Keyring::Dave,
    ]
    .map(account)
    .into_iter()
    .collect();
    let mut sorted = everyone.clone();
    sorted.sort();
    // A validator that missed its slot in the short first session sat out a session (the
    // liveness rule): wait until all four vote in GRANDPA as of the finalized head (so one
    // failure leaves three of four) and are active and elected for the next session.
    alice.wait_for("all four to vote, be active and be elected", Duration::from_secs(300), |n| {
        let finalized = n.rpc("chain_getFinalizedHead", serde_json::json!([]));
        let voters = storage_at(n, &value_key("Grandpa", "Authorities"), finalized.as_str())
            .map(|raw| Vec::<([u8; 32], u64)>::decode(&mut &raw[..]).expect("GRANDPA authorities"))
            .unwrap_or_default();
        (voters.len() == 4
            && validators_in(n, "Session", "Validators", None) == sorted
            && validators_in(n, "Staking", "SelectedValidators", None) == sorted)
            .then_some(())
    });

    // 2. Charlie goes down. Finality continues with three votes.
    let before_kill = alice.finalized_number();
    let before_kill_hash = block_hash(&alice, before_kill);
    charlie.kill();
    alice.wait_for("finality to go on without Charlie", Duration::from_secs(120), |n| {
        (n.finalized_number() >= before_kill + 4).then_some(())
    });
    // A whole session without a block from him: the next election leaves him out.
    let charlie_id = account(Sr25519Keyring::Charlie);
    alice.wait_for("Charlie to be left out of an election", Duration::from_secs(300), |n| {
        let elected = validators_in(n, "Staking", "SelectedValidators", None);
        (!elected.is_empty() && !elected.contains(&charlie_id)).then_some(())
    });

    // 3. Charlie restarts from his base path and catches up with the finalized chain.
    charlie.restart();
    let target = alice.finalized_number();
    charlie.wait_for("Charlie to catch up", Duration::from_secs(180), |n| {
        (n.finalized_number() >= target).then_some(())
    });
    // The same finalized chain, the same state: balances and the mining books of the last
    // complete epoch (epoch e holds blocks 10e + 1 ..= 10e + 10).
    let common_hash = block_hash(&alice, target);
    let epoch = ((target - 1) / 10).saturating_sub(1) as u32;
    let miner = Sr25519Keyring::Alice.to_account_id();
    for node in [&bob, &charlie, &dave] {
        assert_eq!(block_hash(node, target), common_hash, "finalized chains differ");
        assert_eq!(block_hash(node, before_kill), before_kill_hash);
        assert_eq!(
            free_balance_at(node, &miner, Some(&common_hash)),
            free_balance_at(&alice, &miner, Some(&common_hash))
        );
        assert_eq!(
            free_balance_at(node, &miner, Some(&before_kill_hash)),
            free_balance_at(&alice, &miner, Some(&before_kill_hash))
        );
        assert_eq!(
            mining_totals(node, epoch, &common_hash),
            mining_totals(&alice, epoch, &common_hash)
        );
    }
    // Alice mined: the epoch's books hold her solutions.
    let totals = mining_totals(&alice, epoch, &common_hash).expect("the epoch's totals");
    let solutions = u32::decode(&mut &totals[..]).unwrap();
    assert!(solutions > 0, "no solution landed in epoch {epoch}");

    // 4. A copy of Dave's keys in a fifth process. Wait for a full set first: the slash
    // fraction depends on the set size (and three would leave GRANDPA no spare voter).
    alice.wait_for("Charlie back in the validator set", Duration::from_secs(300), |n| {
        (validators_in(n, "Session", "Validators", None) == sorted).then_some(())
    });
    let dave_id = Sr25519Keyring::Dave.to_account_id();
    let bond = quarry_runtime::genesis_config_presets::VALIDATOR_BOND;
    assert_eq!(account_data_at(&alice, &dave_id, None).reserved, bond);
    // The copy runs Aura only: its GRANDPA votes could make a second offence of another kind.
    let mut dave_copy = Node::start(
        "net-dave-copy",
        &[
            "--chain", "local4", "--dave", "--no-mine", "--no-grandpa",
            "--node-key", &format!("{:064x}", 5),
            "-laura=debug,slots=debug",
            "--bootnodes", &bootnode,
        ],
    );
    // Stopped as soon as a validator sees the equivocation, as an operator would: an
    // equivocation in a later session would be a second offence (offences of one session
    // slash the worst fraction once, those of different sessions add up).
    // (Waited on the copy: a timeout prints its log, which says whether it authored.)
    let equivocations = || -> Vec<String> {
        [&alice, &bob, &charlie, &dave]
            .iter()
            .flat_map(|v| {
                v.log()
                    .lines()
                    .filter_map(|l| l.split("Aura equivocation at slot ").nth(1).map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    dave_copy.wait_for("a validator to see two blocks sealed for one of Dave's slots", Duration::from_secs(300), |_| {
        (!equivocations().is_empty()).then_some(())
    });
    dave_copy.kill();
    // pallet-offences' index of Aura equivocation reports (kind `aura:equivocatio`).
    let kind = *b"aura:equivocatio";
    let aura_reports = [
        value_key("Offences", "ConcurrentReportsIndex"),
        sp_io::hashing::twox_64(&kind.encode()).to_vec(),
        kind.encode(),
    ]
    .concat();
    alice.wait_for("the Aura equivocation report to land", Duration::from_secs(180), |n| {
        (!keys_with_prefix(n, &aura_reports).is_empty()).then_some(())
    });
    // The offence's session and fraction (`Staking::OffenceFractions`, twox64-concat keys:
    // session, then account) and the size of that session's set (`Historical::HistoricalSessions`,
    // what the key-ownership proof was checked against). The set is not always four: Charlie,
    // back in the set, can still be left out of one election for a session he missed while
    // restarting, and an equivocation in that session is one offender of three.
    let offence_key = keys_with_prefix(&alice, &value_key("Staking", "OffenceFractions"))
        .into_iter()
        .map(|key| sp_core::bytes::from_hex(&key).unwrap())
        .filter(|key| key.ends_with(dave_id.as_ref()))
        .collect::<Vec<_>>();
    assert_eq!(offence_key.len(), 1, "one offence of Dave's");
    let session = u32::decode(&mut &offence_key[0][40..44]).unwrap();
    let fraction = storage_at(&alice, &offence_key[0], None)
        .map(|raw| sp_runtime::Perbill::decode(&mut &raw[..]).unwrap())
        .expect("the offence's fraction");
    let historical_key = [
        value_key("Historical", "HistoricalSessions"),
        sp_io::hashing::twox_64(&session.encode()).to_vec(),
        session.encode(),
    ]
    .concat();
    let (_, set_size) = storage_at(&alice, &historical_key, None)
        .map(|raw| <(sp_core::H256, u32)>::decode(&mut &raw[..]).unwrap())
        .expect("the offence session's validator count");
    assert_eq!(
        fraction,
        sp_runtime::Perbill::from_rational(3u32, set_size).square(),
        "the documented (3k/n)² for one offender among the {set_size} validators of session {session}"
    );
    // Slashed `slashDeferSessions` sessions later, by that fraction.
    let expected = bond - fraction * bond;
    let reserved = alice.wait_for("Dave's slash to be applied", Duration::from_secs(360), |n| {
        let reserved = account_data_at(n, &dave_id, None).reserved;
        (reserved < bond).then_some(reserved)
    });
    // What the validators saw, if the slash is not the documented one for one offence.
    let mut seen = equivocations();
    seen.sort();
    seen.dedup();
    let sealed_by_copy = dave_copy.log().matches("Pre-sealed block").count();
    assert_eq!(
        reserved, expected,
        "Dave's bond after the slash (equivocations seen: {seen:#?}; blocks the copy sealed: {sealed_by_copy})"
    );
    alice.export_state_for_try_runtime("network");
}
