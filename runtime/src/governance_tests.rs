//! Governance on the real runtime: the `testnet` preset has no sudo key, and root is two thirds
//! of its council, through a `pallet-collective` motion that calls `Governance::dispatch_as_root`.

use crate::{
    genesis_config_presets::{with_preset_state, ENDOWMENT, TESTNET_PRESET},
    Balances, Council, Runtime, RuntimeCall, RuntimeOrigin, Sudo, UNIT,
};
use alloc::boxed::Box;
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::fungible::Inspect};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Ferdie};
use sp_runtime::traits::{BlakeTwo256, Hash};

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
    RuntimeOrigin::signed(who.to_account_id())
}

/// `Governance::dispatch_as_root(Balances::force_set_balance(Ferdie, 42 QRY))`: a root-only call.
fn root_call() -> RuntimeCall {
    RuntimeCall::Governance(pallet_quarry_governance::Call::dispatch_as_root {
        call: Box::new(RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
            who: Ferdie.to_account_id().into(),
            new_free: 42 * UNIT,
        })),
    })
}

#[test]
fn the_testnet_has_no_sudo_key_and_two_thirds_of_the_council_act_as_root() {
    with_preset_state(TESTNET_PRESET, || {
        frame_system::Pallet::<Runtime>::set_block_number(1);
        let ferdie = Ferdie.to_account_id();
        let call = root_call();
        let length = call.encoded_size() as u32;
        let weight = call.get_dispatch_info().call_weight;

        assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
        assert_noop!(
            Sudo::sudo(signed(Alice), Box::new(call.clone())),
            pallet_sudo::Error::<Runtime>::RequireSudo
        );
        assert_eq!(pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get().len(), 3);

        // One member alone: the motion executes at once with one of three votes, and the
        // bridge refuses that origin.
        assert_ok!(Council::propose(signed(Alice), 1, Box::new(call.clone()), length));
        assert_eq!(Balances::balance(&ferdie), ENDOWMENT);

        // Two of three: Alice proposes and votes, Bob agrees, anyone closes; the call runs as
        // root. With one aye the motion cannot close.
        let index = pallet_collective::ProposalCount::<Runtime, crate::configs::CouncilCollective>::get();
        let hash = BlakeTwo256::hash_of(&call);
        assert_ok!(Council::propose(signed(Alice), 2, Box::new(call.clone()), length));
        assert_ok!(Council::vote(signed(Alice), hash, index, true));
        assert_noop!(
            Council::close(signed(Charlie), hash, index, weight, length),
            pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::TooEarly
        );
        assert_eq!(Balances::balance(&ferdie), ENDOWMENT);
        assert_ok!(Council::vote(signed(Bob), hash, index, true));
        assert_ok!(Council::close(signed(Charlie), hash, index, weight, length));
        assert_eq!(Balances::balance(&ferdie), 42 * UNIT);

        // Outside a motion nobody can call the bridge, not even a council member.
        assert!(crate::Governance::dispatch_as_root(signed(Alice), Box::new(RuntimeCall::Balances(
            pallet_balances::Call::force_set_balance { who: ferdie.clone().into(), new_free: 1 },
        )))
        .is_err());
        assert_eq!(Balances::balance(&ferdie), 42 * UNIT);
    })
}
