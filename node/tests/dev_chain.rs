//! End to end: the built `quarry-node --dev` produces blocks, GRANDPA finalizes them, and a signed
//! balance transfer from a dev account is included and moves funds.

mod common;

use std::time::Duration;

use codec::Encode;
use common::Node;
use quarry_runtime::{
    AccountId, Address, Balance, BalancesCall, Nonce, RuntimeCall, SignedPayload, TxExtension,
    UncheckedExtrinsic, VERSION,
};
use serde_json::json;
use sp_core::{bytes, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::generic::Era;

/// Free balance of `who` at the best block.
fn free_balance(node: &Node, who: &AccountId) -> Balance {
    common::free_balance_at(node, who, None)
}

/// A transfer signed by `from`, valid on the chain with `genesis`, exactly as a wallet builds it.
fn signed_transfer(from: Sr25519Keyring, to: AccountId, amount: Balance, nonce: Nonce, genesis: H256) -> Vec<u8> {
    let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: to.into(), value: amount });
    let tx_ext: TxExtension = (
        frame_system::CheckNonZeroSender::new(),
        frame_system::CheckSpecVersion::new(),
        frame_system::CheckTxVersion::new(),
        frame_system::CheckGenesis::new(),
        frame_system::CheckEra::from(Era::Immortal),
        frame_system::CheckNonce::from(nonce),
        frame_system::CheckWeight::new(),
        pallet_transaction_payment::ChargeTransactionPayment::from(0),
        frame_metadata_hash_extension::CheckMetadataHash::new(false),
        frame_system::WeightReclaim::new(),
    );
    // What the extensions add to the signed payload without sending it: spec and tx version,
    // genesis hash (twice: CheckGenesis, and CheckEra's birth block for an immortal era), no metadata hash.
    let implicit =
        ((), VERSION.spec_version, VERSION.transaction_version, genesis, genesis, (), (), (), None, ());
    let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
    let signature = payload.using_encoded(|bytes| from.sign(bytes));
    UncheckedExtrinsic::new_signed(call, Address::Id(from.to_account_id()), signature.into(), tx_ext)
        .encode()
}

#[test]
fn dev_chain_finalizes_and_includes_a_transfer() {
    let node = Node::start("dev-chain", &["--dev"]);

    // Aura authors, GRANDPA finalizes: a single dev validator must get past genesis on both.
    let finalized = node.wait_for("GRANDPA to finalize a block", Duration::from_secs(120), |n| {
        Some(n.finalized_number()).filter(|&number| number > 0)
    });
    assert!(finalized >= 1);

    let genesis: H256 = serde_json::from_value(node.rpc("chain_getBlockHash", json!([0]))).unwrap();
    let bob = Sr25519Keyring::Bob.to_account_id();
    let bob_before = free_balance(&node, &bob);
    let amount: Balance = 12_345 * quarry_runtime::MILLI_UNIT;

    let extrinsic = signed_transfer(Sr25519Keyring::Alice, bob.clone(), amount, 0, genesis);
    let extrinsic_hex = bytes::to_hex(&extrinsic, false);
    let submitted_at = node.block_number(None);
    node.rpc("author_submitExtrinsic", json!([extrinsic_hex]));

    // Find the block that includes it, scanning forward from the block it was submitted at.
    let mut next = submitted_at;
    let included_in = node.wait_for("the transfer to be included", Duration::from_secs(60), |n| {
        while next <= n.block_number(None) {
            let hash = n.rpc("chain_getBlockHash", json!([next]));
            let block = n.rpc("chain_getBlock", json!([hash]));
            let extrinsics = block["block"]["extrinsics"].as_array().unwrap().clone();
            if extrinsics.iter().any(|x| x.as_str() == Some(extrinsic_hex.as_str())) {
                return Some(next);
            }
            next += 1;
        }
        None
    });
    assert!(included_in > 0);
    assert_eq!(free_balance(&node, &bob), bob_before + amount, "Bob received exactly the amount");

    // The same signed transaction again is a replay (nonce 0 already used): the pool must refuse it.
    let replay = node.try_rpc("author_submitExtrinsic", json!([extrinsic_hex]));
    assert!(replay.is_err(), "a replayed transfer was accepted: {replay:?}");
}
