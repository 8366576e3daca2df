//! End to end: the proof market over the network, with real processes. A dev node (no embedded
//! miner, so no mining winner holds priority), `quarry-prover prove` processes as provers and
//! `quarry-prover task …` as the dApp, all talking to the node as any client would.
//!
//! 1. A dApp's Merkle batch is locked, proved and paid: the dApp's, the prover's and the
//!    treasury's balances move by exactly the amounts of the `Proved` event and the fees paid;
//!    the prover's reputation rises; its Prometheus endpoint reports it.
//! 2. A prover locks and is killed; its lock expires; a restarted second prover reads the task
//!    back from the chain and fulfils it as secondary; the first is slashed 50/50; the dApp is
//!    refunded; the failed locker's reputation drops (the rescuer's stays: reputation follows
//!    the price paid, and a secondary proof is paid from the slash at price 0).
//! 3. A race task with two provers: exactly one is paid.
//! 4. Bad input over the network is refused with the pallet's error and loses nothing.

mod common;

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use common::{free_balance_at, free_port, http_get, Node};
use quarry_runtime::{configs::TreasuryAccount, AccountId, UNIT};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring;

fn prover_binary() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_quarry-node")).with_file_name("quarry-prover");
    assert!(path.exists(), "{} is missing: build the workspace binaries first", path.display());
    path
}

/// A `quarry-prover prove` process, killed when dropped; its JSON lines and log go to files.
struct ProverProcess {
    child: Child,
    out: PathBuf,
    err: PathBuf,
}

impl ProverProcess {
    fn start(name: &str, node: &Node, key: &str, extra: &[&str]) -> ProverProcess {
        let dir = std::env::temp_dir().join(format!("quarry-test-market-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (out, err) = (dir.join(format!("{name}.out")), dir.join(format!("{name}.err")));
        let child = Command::new(prover_binary())
            .args(["prove", "--node", &format!("ws://127.0.0.1:{}", node.rpc_port), "--key", key])
            .args(["--json", "--threads", "2"])
            .args(extra)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("quarry-prover starts");
        let p = ProverProcess { child, out, err };
        p.wait_for("ready", Duration::from_secs(180), |e| (e["event"] == "ready").then_some(()));
        p
    }

    fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.err).unwrap_or_default()
    }

    /// Waits until `pick` matches one of its JSON lines.
    fn wait_for<T>(&self, what: &str, timeout: Duration, mut pick: impl FnMut(&Value) -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(found) = self.lines().iter().find_map(&mut pick) {
                return found;
            }
            assert!(start.elapsed() < timeout, "prover: no {what} in time\n{}", self.log());
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log()
    }
}

impl Drop for ProverProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `quarry-prover task …`: its JSON line, or its error message.
fn task_cli(node: &Node, args: &[&str]) -> Result<Value, String> {
    let (command, rest) = args.split_first().unwrap();
    let output = Command::new(prover_binary())
        .args(["task", command, "--node", &format!("ws://127.0.0.1:{}", node.rpc_port)])
        .args(rest)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("quarry-prover runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.success() {
        Ok(serde_json::from_str(stdout.lines().last().unwrap_or("")).expect("a JSON line"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).to_string())
    }
}

fn amount(v: &Value) -> u128 {
    v.as_str().unwrap_or_else(|| panic!("amount string, got {v}")).parse().unwrap()
}

fn reputation(node: &Node, who: &AccountId) -> u64 {
    node.rpc("quarry_reputation", json!([who.to_ss58check()]))["scorePpm"].as_u64().unwrap()
}

fn hash_of(node: &Node, n: u64) -> String {
    common::block_hash(node, n)
}

#[test]
fn the_proof_market_over_the_network() {
    let mut node = Node::start("market", &["--dev", "--no-mine"]);
    let dapp = Sr25519Keyring::Bob.to_account_id();
    let stash = Sr25519Keyring::AliceStash.to_account_id();
    let alice = Sr25519Keyring::Alice.to_account_id();
    let treasury = TreasuryAccount::get();

    // ---- 1. A Merkle batch, locked, proved, paid. --------------------------------------------
    let port = free_port();
    let prover = ProverProcess::start(
        "stash",
        &node,
        "//Alice//stash",
        &["--circuits", "merkle-batch,poseidon-chain", "--prometheus-port", &port.to_string()],
    );
    let before = node.block_number(None);
    let (dapp_before, stash_before, treasury_before) = (
        free_balance_at(&node, &dapp, None),
        free_balance_at(&node, &stash, None),
        free_balance_at(&node, &treasury, None),
    );
    let stash_reputation = reputation(&node, &stash);
    let result = task_cli(
        &node,
        &["submit", "--key", "//Bob", "--circuit", "merkle-batch", "--example", "7", "--wait"],
    )
    .unwrap_or_else(|e| panic!("dApp: {e}\nprover:\n{}", prover.log()));
    assert_eq!(result["proved"], true, "{result}");
    assert_eq!(result["outputsMatchNative"], true, "{result}");
    assert_eq!(result["prover"], stash.to_ss58check());
    let (price, protocol_fee, refund) =
        (amount(&result["price"]), amount(&result["protocolFee"]), amount(&result["refund"]));
    let max_price = amount(&result["submitted"]["maxPrice"]);
    assert_eq!(refund, max_price - price);
    assert_eq!(protocol_fee, price / 50, "2 % of the price");
    let proved_in = result["provedIn"].as_u64().unwrap();
    let task = result["submitted"]["task"].as_u64().unwrap();
    let lines = prover.lines();
    let fee_of = |event: &str| {
        lines
            .iter()
            .find(|l| l["event"] == event && l["task"] == task)
            .map(|l| amount(&l["fee"]))
            .unwrap_or_else(|| panic!("no {event} line: {lines:?}"))
    };
    let (lock_fee, proof_fee) = (fee_of("locked"), fee_of("submitted"));
    let at = hash_of(&node, proved_in);
    let epoch = quarry_runtime::genesis_config_presets::STANDARD_PARAMS.epoch_length as u64;
    assert!(proved_in < epoch, "no epoch payout in between");
    // The dApp paid the price (the rest of its escrow came back) and its transaction fee.
    let dapp_fee = amount(&result["submitted"]["fee"]);
    assert_eq!(free_balance_at(&node, &dapp, Some(&at)), dapp_before - dapp_fee - price);
    // The prover got the price less the protocol fee and paid two transaction fees; its
    // collateral is free again.
    assert_eq!(
        free_balance_at(&node, &stash, Some(&at)),
        stash_before - lock_fee - proof_fee + price - protocol_fee
    );
    // The treasury got the protocol fee on top of its per-block tier (of the block's reward and
    // fees: blocks from `before` to `proved_in`, whose only fees are the three transactions).
    let tiers: u128 = (before + 1..=proved_in)
        .map(|n| quarry_runtime::Rewards::issuance(n as u32))
        .sum::<u128>();
    let treasury_tier = |amount: u128| pallet_quarry_rewards::TierSplit::default().split(amount).3;
    let treasury_delta = free_balance_at(&node, &treasury, Some(&at)) - treasury_before;
    let fees = dapp_fee + lock_fee + proof_fee;
    // Splitting per block rounds per block: bound it by the split of the sums (the treasury takes
    // at most three units of rounding per block).
    let expected = protocol_fee + treasury_tier(tiers + fees);
    let blocks = 3 * (proved_in - before) as u128;
    assert!(
        treasury_delta + blocks >= expected && treasury_delta <= expected + blocks,
        "treasury moved {treasury_delta}, expected {expected} ± {blocks}"
    );
    assert!(reputation(&node, &stash) > stash_reputation, "the prover's reputation rises");
    // Its metrics say the same, once it has seen the finalized `Proved` event.
    prover.wait_for("its payment", Duration::from_secs(60), |l| {
        (l["event"] == "paid" && l["task"] == task).then_some(())
    });
    let metrics = http_get(port, "/metrics");
    for needle in [
        "quarry_prover_tasks_locked_total{circuit=\"merkle-batch\"} 1",
        "quarry_prover_tasks_proved_total{circuit=\"merkle-batch\",role=\"primary\"} 1",
        "quarry_prover_proving_seconds_count{circuit=\"merkle-batch\"} 1",
        &format!("quarry_prover_earned_planck_total {}", price - protocol_fee),
        &format!("quarry_prover_fees_paid_planck_total {}", lock_fee + proof_fee),
    ] {
        assert!(metrics.contains(needle), "metrics lack {needle}:\n{metrics}");
    }
    prover.kill();

    // ---- 2. A lock fails; a secondary prover fulfils it; the locker is slashed. --------------
    let locker = ProverProcess::start("alice", &node, "//Alice", &["--circuits", "poseidon-chain"]);
    let alice_reputation = reputation(&node, &alice);
    let stash_reputation = reputation(&node, &stash);
    let submitted = task_cli(
        &node,
        &[
            "submit", "--key", "//Bob", "--circuit", "poseidon-chain", "--example", "2",
            "--lock-blocks", "3", "--deadline-blocks", "60", "--collateral", "4",
        ],
    )
    .unwrap();
    let task = submitted["task"].as_u64().unwrap();
    locker.wait_for("lock", Duration::from_secs(120), |l| {
        (l["event"] == "locked" && l["task"] == task).then_some(())
    });
    // Killed before its proof (about 10 s of proving) can land.
    let log = locker.kill();
    let status = node.wait_for("the lock to fail", Duration::from_secs(90), |n| {
        let t = n.rpc("quarry_task", json!([task]));
        (t["status"]["state"] == "lockFailed").then_some(t)
    });
    assert_eq!(status["status"]["prover"], alice.to_ss58check(), "{status}\n{log}");
    // A fresh prover reads the failed lock back from the chain and fulfils it.
    let secondary = ProverProcess::start("stash-2", &node, "//Alice//stash", &["--circuits", "poseidon-chain"]);
    let paid = secondary.wait_for("the secondary payment", Duration::from_secs(180), |l| {
        (l["event"] == "paid" && l["task"] == task).then(|| l.clone())
    });
    assert_eq!(paid["secondary"], true, "{paid}");
    assert_eq!(amount(&paid["price"]), 0, "a secondary proof is paid from the slash, not the price");
    assert_eq!(amount(&paid["refund"]), 2 * UNIT, "the dApp gets its whole escrow back");
    let settled = node.rpc("quarry_task", json!([task]));
    assert!(settled.is_null(), "settled: {settled}");
    // Alice's 4 QRY collateral: 2 burned, 2 paid to the secondary prover.
    let slash = secondary.wait_for("the slash", Duration::from_secs(30), |l| {
        (l["event"] == "slashPaid" && l["task"] == task).then(|| l.clone())
    });
    assert_eq!(slash["from"], alice.to_ss58check());
    assert_eq!((amount(&slash["paid"]), amount(&slash["burned"])), (2 * UNIT, 2 * UNIT), "{slash}");
    assert!(reputation(&node, &alice) < alice_reputation, "the failed locker's reputation drops");
    // Reputation is earned in proportion to the price paid; a secondary proof is paid from the
    // slash at price 0, so the rescuer's reputation stays where it was.
    assert_eq!(reputation(&node, &stash), stash_reputation, "price 0 earns no reputation");

    // ---- 3. A race with two provers: exactly one is paid. ------------------------------------
    let racer = ProverProcess::start("alice-race", &node, "//Alice", &["--circuits", "poseidon-chain"]);
    let race = task_cli(
        &node,
        &["submit", "--key", "//Bob", "--circuit", "poseidon-chain", "--example", "3", "--race", "--wait"],
    )
    .unwrap_or_else(|e| panic!("race: {e}\n{}\n{}", racer.log(), secondary.log()));
    let task = race["submitted"]["task"].as_u64().unwrap();
    std::thread::sleep(Duration::from_secs(20)); // the loser's proof, if any, lands or fails
    let paid: Vec<Value> = [&racer, &secondary]
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| l["event"] == "paid" && l["task"] == task)
        .collect();
    assert_eq!(paid.len(), 1, "exactly one prover is paid: {paid:?}");
    drop(racer);
    drop(secondary);

    // ---- 4. Bad input over the network: clear errors, nothing lost. ---------------------------
    let kat = quarry_circuits::kat::parse(include_str!("../../prover/circuits/testdata/kat.txt")).unwrap();
    let chain_kat = kat.iter().find(|k| k.item.circuit == quarry_circuits::POSEIDON_CHAIN).unwrap();
    let input = format!("0x{}", quarry_puzzle::hex::encode(&chain_kat.input));
    let open = task_cli(
        &node,
        &["submit", "--key", "//Bob", "--circuit", "poseidon-chain", "--input", &input, "--race"],
    )
    .unwrap();
    let task = open["task"].as_u64().unwrap().to_string();
    let outputs: Vec<String> =
        chain_kat.item.outputs.iter().map(|o| format!("0x{}", quarry_puzzle::hex::encode(o))).collect();
    let proof = format!("0x{}", quarry_puzzle::hex::encode(&chain_kat.item.proof));
    let refused = |args: &[&str], error: &str| {
        let id: u64 = task.parse().unwrap();
        let before = node.rpc("quarry_task", json!([id]))["status"].clone();
        let e = task_cli(&node, args).expect_err(&format!("{} must be refused", args[0]));
        assert!(e.contains(error), "{}: expected {error}, got {e}", args[0]);
        assert_eq!(node.rpc("quarry_task", json!([id]))["status"], before, "nothing changed");
    };
    // A valid proof, bound to another account (the KAT's prover), submitted by Bob.
    refused(
        &["submit-proof", "--key", "//Bob", "--id", &task, "--outputs", &outputs.join(","), "--proof", &proof],
        "Tasks::InvalidProof",
    );
    // Garbage of the right length.
    let garbage = format!("0x{}", "5a".repeat(chain_kat.item.proof.len()));
    refused(
        &["submit-proof", "--key", "//Bob", "--id", &task, "--outputs", &outputs.join(","), "--proof", &garbage],
        "Proof",
    );
    // Locks: a race task cannot be locked; a lock task refuses an unbonded prover and, with its
    // minimum, a prover of low reputation.
    refused(&["lock", "--key", "//Alice", &task], "Tasks::RaceTask");
    let submit_lock_task = |min_reputation: &str| {
        task_cli(
            &node,
            &["submit", "--key", "//Bob", "--circuit", "poseidon-chain", "--input", &input,
              "--min-reputation", min_reputation],
        )
        .unwrap()["task"]
            .as_u64()
            .unwrap()
            .to_string()
    };
    let (anyone, trusted) = (submit_lock_task("0"), submit_lock_task("0.99"));
    let e = task_cli(&node, &["lock", "--key", "//Bob", &anyone]).unwrap_err();
    assert!(e.contains("Tasks::NoBond"), "{e}");
    let e = task_cli(&node, &["lock", "--key", "//Alice//stash", &trusted]).unwrap_err();
    assert!(e.contains("Tasks::ReputationTooLow"), "{e}");
    // An over-long input never reaches the chain's storage.
    let dapp_before = free_balance_at(&node, &dapp, None);
    let too_long = format!("0x{}", "00".repeat(quarry_circuits::MAX_INPUT_LEN as usize + 1));
    let e = task_cli(
        &node,
        &["submit", "--key", "//Bob", "--circuit", "merkle-batch", "--input", &too_long, "--unchecked"],
    )
    .unwrap_err();
    assert!(e.contains("refused"), "{e}");
    let wrong_length = format!("0x{}", "00".repeat(100));
    let e = task_cli(
        &node,
        &["submit", "--key", "//Bob", "--circuit", "merkle-batch", "--input", &wrong_length, "--unchecked"],
    )
    .unwrap_err();
    assert!(e.contains("Tasks::InputLength"), "{e}");
    // Bob paid at most the fee of the refused submission; no escrow beyond the three live tasks.
    let live = node.rpc("quarry_tasks", json!([{"dapp": dapp.to_ss58check()}, 0, 100]));
    assert_eq!(live.as_array().unwrap().len(), 3, "only the valid tasks: {live}");
    assert!(dapp_before - free_balance_at(&node, &dapp, None) < UNIT, "only a fee was paid");
    // Cancelling returns the escrow.
    let cancelled = task_cli(&node, &["cancel", "--key", "//Bob", &anyone]).unwrap();
    assert_eq!(amount(&cancelled["refund"]), 2 * UNIT, "{cancelled}");
    node.export_state_for_try_runtime("market");
}
