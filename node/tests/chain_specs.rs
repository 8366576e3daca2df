//! The committed chain specs match what this node exports (`scripts/gen-chain-specs.sh`
//! regenerates them). The runtime code is left out of the comparison: its wasm bytes depend on
//! the toolchain that built it.

use std::{path::PathBuf, process::Command};

use serde_json::Value;

fn without_code(mut spec: Value) -> Value {
    spec["genesis"]["runtimeGenesis"]["code"] = Value::Null;
    spec
}

#[test]
fn committed_chain_specs_are_current() {
    let repo = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo")).join("..");
    for chain in ["dev", "local", "local4", "testnet"] {
        let output = Command::new(env!("CARGO_BIN_EXE_quarry-node"))
            .args(["export-chain-spec", "--chain", chain])
            .output()
            .expect("quarry-node runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let exported: Value = serde_json::from_slice(&output.stdout).expect("exported spec is JSON");
        let path = repo.join("chain-specs").join(format!("{chain}.json"));
        let committed: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).expect("committed spec is JSON");
        assert_eq!(
            without_code(exported),
            without_code(committed),
            "{} is stale: run scripts/gen-chain-specs.sh",
            path.display()
        );
    }
}
