//! End to end: a dev node without its embedded miner, and `quarry-prover mine --node` as a
//! separate process. Solutions land in blocks and the miner's shares equal the qualities it
//! reported; an unbonded miner, a replayed solution and one signed by another key are refused
//! with their error codes; the node's Prometheus metrics show no full verification at all (the
//! pool and the blocks precheck, the blocks' openings are verified in batches).

mod common;

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use codec::{Decode, Encode};
use common::{metric_value, Node};
use quarry_primitives::{SignedSolution, Solution};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, Pair};
use sp_keyring::Sr25519Keyring;

/// `quarry-prover`, built next to `quarry-node` by the workspace build (`scripts/test.sh` builds
/// all binaries before the tests).
fn prover_binary() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_quarry-node")).with_file_name("quarry-prover");
    assert!(
        path.exists(),
        "{} is missing: build the workspace binaries first (cargo build --release --workspace)",
        path.display()
    );
    path
}

fn hex32(bytes: &[u8; 32]) -> String {
    format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// One solution for `miner`'s current work, mined offline by `quarry-prover mine`.
fn mine_offline(node: &Node, miner: &sp_core::crypto::AccountId32) -> Solution {
    let work = node.rpc("quarry_miningWork", json!([miner.to_ss58check()]));
    let offline = Command::new(prover_binary())
        .args(["mine", "--threads", "1", "--max-solutions", "1"])
        .args(["--k", &work["k"].to_string()])
        .args(["--challenge", work["challenge"].as_str().unwrap().trim_start_matches("0x")])
        .args(["--miner", hex32(miner.as_ref()).trim_start_matches("0x")])
        .args(["--target", &work["proofTarget"].to_string()])
        .output()
        .expect("quarry-prover runs");
    assert!(offline.status.success(), "{}", String::from_utf8_lossy(&offline.stderr));
    let found: Value =
        serde_json::from_slice(offline.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    let scale = quarry_puzzle::hex::decode(found["solution_scale"].as_str().unwrap()).unwrap();
    Solution::decode(&mut &scale[..]).unwrap()
}

/// `solution` signed by `key` in slot 0, as `quarry_submitSolution` takes it.
fn submission(solution: Solution, key: Sr25519Keyring) -> String {
    let signed = SignedSolution::sign(solution, 0, |payload| key.pair().sign(payload).0);
    format!("0x{}", quarry_puzzle::hex::encode(&signed.encode()))
}

#[test]
fn an_external_miner_lands_solutions_and_bad_ones_are_refused() {
    let node = Node::start("mining", &["--dev", "--no-mine"]);
    let ws = format!("ws://127.0.0.1:{}", node.rpc_port);
    // AliceStash bonds 20,000 QRY in the dev preset: 2,000 solutions per epoch.
    let miner = Sr25519Keyring::AliceStash.to_account_id();
    let work = node.rpc("quarry_miningWork", json!([miner.to_ss58check()]));
    assert_eq!(work["allowanceLeft"], 2000, "{work}");
    assert_eq!(work["k"], quarry_primitives::DEV_K);

    let output = Command::new(prover_binary())
        .args(["mine", "--node", &ws, "--miner", &miner.to_ss58check(), "--hot-key", "//Alice//stash"])
        .args(["--threads", "1", "--max-solutions", "3", "--seconds", "240"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("quarry-prover runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "quarry-prover failed:\n{stderr}");
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let accepted: Vec<&Value> = lines.iter().filter(|l| l["status"] == "accepted").collect();
    assert_eq!(accepted.len(), 3, "miner output:\n{lines:?}\n{stderr}");
    let qualities: u128 = accepted.iter().map(|l| l["quality"].as_u64().unwrap() as u128).sum();

    // The solutions land in blocks: the epoch's books show exactly the reported work.
    let stats = node.wait_for("the solutions to land", Duration::from_secs(60), |n| {
        let stats = n.rpc("quarry_miningStats", json!([5]));
        (stats["epochSolutions"].as_u64() >= Some(3)).then_some(stats)
    });
    let top = &stats["topMiners"][0];
    assert_eq!(top["miner"], miner.to_ss58check(), "{stats}");
    assert_eq!(top["solutions"], 3);
    let landed_in_blocks: u64 =
        stats["recentBlocks"].as_array().unwrap().iter().map(|b| b["solutions"].as_u64().unwrap()).sum();
    assert_eq!(landed_in_blocks, 3, "{stats}");
    // Pay-per-share: each solution earns the proof target of the block it landed in, however
    // rare its quality.
    let shares: u128 = stats["recentBlocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["solutions"].as_u64().unwrap() as u128 * b["proofTarget"].as_u64().unwrap() as u128)
        .sum();
    assert_eq!(top["shares"], shares.to_string(), "{stats}");
    assert!(qualities >= shares, "qualities {qualities} below the targets {shares}");
    let work = node.rpc("quarry_miningWork", json!([miner.to_ss58check()]));
    assert_eq!(work["allowanceLeft"], 1997);

    // Nothing verified a solution alone: the pool prechecked each (and checked its signature),
    // the blocks prechecked each in `pre_dispatch` and dispatch and verified their openings in
    // one batch per block.
    let metrics = node.metrics();
    let verifications = |labels: &str| {
        metric_value(&metrics, "quarry_mining_verifications_total", labels).unwrap_or_default()
    };
    assert_eq!(verifications(r#"call="single",result="ok""#), 0.0, "{metrics}");
    assert!(verifications(r#"call="precheck",result="ok""#) >= 9.0, "{metrics}");
    assert!(verifications(r#"call="batch",result="ok""#) >= 3.0, "{metrics}");
    let batches = metric_value(&metrics, "quarry_mining_verification_seconds_count", r#"call="batch""#);
    assert!(batches.is_some_and(|blocks| (1.0..=3.0).contains(&blocks)), "{metrics}");

    // A replayed solution is refused (already landed in this epoch).
    let replay = node.try_rpc("quarry_submitSolution", json!([accepted[0]["submission"]]));
    let error = replay.expect_err("a replay must be refused");
    assert!(error.contains("9002"), "{error}");

    // An unbonded miner (Bob) gets no allowance, and its valid solution is refused.
    let bob = Sr25519Keyring::Bob.to_account_id();
    let work = node.rpc("quarry_miningWork", json!([bob.to_ss58check()]));
    assert_eq!(work["allowanceLeft"], 0);
    let bob_solution = submission(mine_offline(&node, &bob), Sr25519Keyring::Bob);
    let error = node
        .try_rpc("quarry_submitSolution", json!([bob_solution]))
        .expect_err("an unbonded miner must be refused");
    assert!(error.contains("9003"), "{error}");

    // A valid solution of AliceStash's signed by another key than her hot key is refused by the
    // pool: nobody can submit in a miner's name (and get it slashed).
    let forged = submission(mine_offline(&node, &miner), Sr25519Keyring::Bob);
    let error = node
        .try_rpc("quarry_submitSolution", json!([forged]))
        .expect_err("a solution signed by another key must be refused");
    assert!(error.contains("9012"), "{error}");

    // Garbage is refused as malformed, and nothing of the above reached a block.
    let error = node.try_rpc("quarry_submitSolution", json!(["0x00"])).unwrap_err();
    assert!(error.contains("9005"), "{error}");
    let stats = node.rpc("quarry_miningStats", json!([5]));
    assert_eq!(stats["epochSolutions"], 3);

    // Every RPC answer is counted: the miner's three, then the four refusals above.
    let metrics = node.metrics();
    let answers = |result: &str| {
        metric_value(&metrics, "quarry_mining_rpc_submissions_total", &format!(r#"result="{result}""#))
    };
    assert_eq!(answers("accepted"), Some(3.0), "{metrics}");
    for code in ["9002", "9003", "9005", "9012"] {
        assert_eq!(answers(code), Some(1.0), "{code}: {metrics}");
    }
}

#[test]
fn the_miner_reconnects_after_a_node_restart() {
    let node = Node::start("restart-1", &["--dev", "--no-mine"]);
    let port = node.rpc_port;
    let miner = Sr25519Keyring::AliceStash.to_account_id().to_ss58check();
    let mut prover = Command::new(prover_binary())
        .args(["mine", "--node", &format!("ws://127.0.0.1:{port}"), "--miner", &miner])
        .args(["--hot-key", "//Alice//stash"])
        .args(["--threads", "1", "--max-solutions", "4", "--seconds", "240"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry-prover starts");
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stdout = prover.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let accepted = |line: &str| serde_json::from_str::<Value>(line).unwrap()["status"] == "accepted";
    // One solution lands on the first node...
    let first = lines.recv_timeout(Duration::from_secs(120)).expect("a first solution");
    assert!(accepted(&first), "{first}");
    // ...then the node goes away and a new one comes up on the same port.
    drop(node);
    std::thread::sleep(Duration::from_secs(3));
    let node = Node::start_on_port("restart-2", &["--dev", "--no-mine"], port);
    let status = prover.wait().expect("quarry-prover exits");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut prover.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("node unreachable, retrying"), "{stderr}");
    let rest: Vec<String> = lines.try_iter().collect();
    assert_eq!(rest.iter().filter(|l| accepted(l)).count(), 3, "{rest:?}\n{stderr}");
    // The second node's books show the solutions sent after the restart.
    let stats = node.wait_for("the solutions to land", Duration::from_secs(60), |n| {
        let stats = n.rpc("quarry_miningStats", json!([1]));
        (stats["epochSolutions"].as_u64() >= Some(1)).then_some(stats)
    });
    assert_eq!(stats["topMiners"][0]["miner"], miner);
}
