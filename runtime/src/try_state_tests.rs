//! try-runtime on a real chain's state: every pallet's `try_state` and the runtime-upgrade checks
//! (each migration's `pre_upgrade`/`post_upgrade`) run natively on the state that end-to-end tests
//! leave behind, so the invariants (the staking holds, the rewards' conservation, the mining
//! totals, the market's holds) are checked on what the real runtime wrote, not only on mocks.
//!
//! The states are raw chain specs written by `quarry-node export-state` at the end of the
//! end-to-end tests (`node/tests/common`: `Node::export_state_for_try_runtime`) into
//! `$QUARRY_TRY_STATE_DIR`. The README's test command sets the directory and runs this module
//! after them: `cargo test --release -p quarry-runtime --features try-runtime try_state`.

use crate::{AllPalletsWithSystem, Executive, Runtime};
use frame_support::traits::{TryState, TryStateSelect, UpgradeCheckSelect};
use std::path::PathBuf;

/// The exported states, by file name; at least one, or the test command is broken.
fn exported_states() -> Vec<PathBuf> {
    let dir = std::env::var("QUARRY_TRY_STATE_DIR")
        .expect("QUARRY_TRY_STATE_DIR names the directory the end-to-end tests exported states to");
    let mut states: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    states.sort();
    assert!(!states.is_empty(), "no exported chain state in {dir}");
    states
}

/// The storage of a raw chain spec (`genesis.raw.top`; Quarry has no child tries).
fn storage_of(path: &PathBuf) -> sp_core::storage::Storage {
    let spec: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let raw = &spec["genesis"]["raw"];
    let top = raw["top"].as_object().unwrap_or_else(|| panic!("{}: not a raw chain spec", path.display()));
    assert!(
        raw["childrenDefault"].as_object().is_none_or(|children| children.is_empty()),
        "{}: child tries are not expected",
        path.display()
    );
    let unhex = |s: &str| sp_core::bytes::from_hex(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
    sp_core::storage::Storage {
        top: top.iter().map(|(key, value)| (unhex(key), unhex(value.as_str().unwrap()))).collect(),
        children_default: Default::default(),
    }
}

#[test]
fn try_state_holds_on_the_states_the_end_to_end_tests_left() {
    for path in exported_states() {
        let mut ext = sp_io::TestExternalities::new(storage_of(&path));
        ext.execute_with(|| {
            let n = frame_system::Pallet::<Runtime>::block_number();
            println!("{}: block {n}", path.display());
            assert!(n > 0, "{}: the state of a chain that ran, not a genesis", path.display());
            AllPalletsWithSystem::try_state(n, TryStateSelect::All)
                .unwrap_or_else(|e| panic!("{}: try_state at block {n}: {e:?}", path.display()));
            // The runtime upgrade as the chain would run it: migrations (guarded by storage
            // versions) with their pre/post checks, then every try_state again.
            Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
                .unwrap_or_else(|e| panic!("{}: runtime upgrade checks: {e:?}", path.display()));
        });
    }
}

/// The check above can fail: one solution booked in the mining totals without a miner's
/// statistics behind it is found on every exported state.
#[test]
fn try_state_finds_a_corrupted_total_on_a_real_state() {
    for path in exported_states() {
        let mut ext = sp_io::TestExternalities::new(storage_of(&path));
        ext.execute_with(|| {
            let n = frame_system::Pallet::<Runtime>::block_number();
            let epoch = pallet_quarry_mining::CurrentEpoch::<Runtime>::get().index;
            pallet_quarry_mining::Totals::<Runtime>::mutate(epoch, |totals| totals.solutions += 1);
            assert!(AllPalletsWithSystem::try_state(n, TryStateSelect::All).is_err());
            let found = pallet_quarry_mining::Pallet::<Runtime>::do_try_state()
                .expect_err("a corrupted mining total is found");
            assert_eq!(found, "epoch totals differ from the per-miner statistics".into(), "{}", path.display());
        });
    }
}
