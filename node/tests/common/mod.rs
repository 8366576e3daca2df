//! Helpers for tests that run the real `quarry-node` binary: start it on free ports with a
//! throwaway base path, talk JSON-RPC to it over plain HTTP, and stop it however the test ends.

#![allow(dead_code)] // each test binary uses a different subset

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{json, Value};

/// A running `quarry-node`, killed and its base path removed when dropped.
pub struct Node {
    /// `None` while killed.
    child: Option<Child>,
    args: Vec<String>,
    base_path: PathBuf,
    log_path: PathBuf,
    pub rpc_port: u16,
    /// The libp2p port (for other nodes' `--bootnodes`).
    pub p2p_port: u16,
    /// The Prometheus port of the running process (chosen anew at each start).
    pub prometheus_port: u16,
}

/// A port the OS considers free right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The dev chain's spec with `edit` applied to its genesis patch (the genesis parameters:
/// `mining.epochLength`, `staking.sessionLength`, ...), written to a file for `--chain`.
pub fn dev_spec_with(name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry-node"))
        .args(["export-chain-spec", "--chain", "dev"])
        .output()
        .expect("quarry-node runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut spec: Value = serde_json::from_slice(&output.stdout).expect("the spec is JSON");
    edit(&mut spec["genesis"]["runtimeGenesis"]["patch"]);
    let path = std::env::temp_dir().join(format!("quarry-test-spec-{name}-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    path
}

/// `GET path` over plain HTTP/1.0 from a local port.
pub fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the HTTP endpoint answers");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The value of the first Prometheus sample `name` in `metrics` that carries every label of
/// `labels` (written as in the exposition, e.g. `call="batch",result="ok"`; the node adds
/// others, such as `chain`), if any.
pub fn metric_value(metrics: &str, name: &str, labels: &str) -> Option<f64> {
    let wanted: Vec<&str> = labels.split(',').filter(|label| !label.is_empty()).collect();
    metrics.lines().find_map(|line| {
        let (key, value) = line.rsplit_once(' ')?;
        let (metric, present) = key.split_once('{').unwrap_or((key, "}"));
        let present: Vec<&str> = present.trim_end_matches('}').split(',').collect();
        (metric == name && wanted.iter().all(|label| present.contains(label)))
            .then(|| value.parse().ok())
            .flatten()
    })
}

impl Node {
    /// Starts `quarry-node` with `args` plus test plumbing: free ports, a fresh base path, logs to
    /// a file (printed if the test fails). Waits until its RPC answers.
    pub fn start(name: &str, args: &[&str]) -> Node {
        Self::start_on_port(name, args, free_port())
    }

    /// As [`Node::start`], serving RPC on `rpc_port` (to restart a node where clients expect it).
    pub fn start_on_port(name: &str, args: &[&str], rpc_port: u16) -> Node {
        let base_path = std::env::temp_dir().join(format!("quarry-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base_path);
        std::fs::create_dir_all(&base_path).unwrap();
        let log_path = base_path.join("node.log");
        let mut node = Node {
            child: None,
            args: args.iter().map(|a| a.to_string()).collect(),
            base_path,
            log_path,
            rpc_port,
            p2p_port: free_port(),
            prometheus_port: 0,
        };
        node.spawn();
        node
    }

    /// Starts the process (again) with the same arguments, base path and ports; waits for RPC.
    fn spawn(&mut self) {
        self.prometheus_port = free_port();
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log_path).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_quarry-node"))
            .args(&self.args)
            .arg("--base-path")
            .arg(&self.base_path)
            .args(["--rpc-port", &self.rpc_port.to_string()])
            .args(["--port", &self.p2p_port.to_string()])
            .args(["--prometheus-port", &self.prometheus_port.to_string()])
            .args(["--no-telemetry", "--no-mdns"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("quarry-node starts");
        self.child = Some(child);
        self.wait_for("RPC server to answer", Duration::from_secs(60), |n| {
            n.try_rpc("system_health", json!([])).ok()
        });
    }

    /// Kills the process, keeping its base path (database, keys) for [`Node::restart`].
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the node and, when `QUARRY_TRY_STATE_DIR` is set (the README's test command sets
    /// it), exports the state of its best block there as `<name>.json` with `export-state`:
    /// the test command then runs every pallet's `try_state` on it
    /// (`runtime/src/try_state_tests.rs`).
    pub fn export_state_for_try_runtime(&mut self, name: &str) {
        let Ok(dir) = std::env::var("QUARRY_TRY_STATE_DIR") else { return };
        self.kill();
        let chain = match self.args.iter().position(|a| a == "--chain") {
            Some(i) => self.args[i + 1].clone(),
            None if self.args.iter().any(|a| a == "--dev") => "dev".to_string(),
            None => panic!("no chain in {:?}", self.args),
        };
        let output = Command::new(env!("CARGO_BIN_EXE_quarry-node"))
            .args(["export-state", "--chain", &chain, "--base-path"])
            .arg(&self.base_path)
            .output()
            .expect("quarry-node export-state runs");
        assert!(
            output.status.success(),
            "export-state failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(PathBuf::from(dir).join(format!("{name}.json")), output.stdout).unwrap();
    }

    /// Starts a killed node again from its base path.
    pub fn restart(&mut self) {
        self.spawn();
    }

    /// The node's Prometheus metrics, in the text exposition format.
    pub fn metrics(&self) -> String {
        http_get(self.prometheus_port, "/metrics")
    }

    /// The node's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Calls `method`; `Err` carries a transport failure or the JSON-RPC error object.
    pub fn try_rpc(&self, method: &str, params: Value) -> Result<Value, String> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
        let mut stream = TcpStream::connect(("127.0.0.1", self.rpc_port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
        write!(
            stream,
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{}",
            self.rpc_port,
            body.len(),
            body
        )
        .map_err(|e| e.to_string())?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).map_err(|e| e.to_string())?;
        let response = String::from_utf8(response).map_err(|e| e.to_string())?;
        let (head, body) = response.split_once("\r\n\r\n").ok_or("malformed HTTP response")?;
        let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            dechunk(body)?
        } else {
            body.to_string()
        };
        let reply: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        match reply.get("error") {
            Some(error) => Err(error.to_string()),
            None => Ok(reply["result"].clone()),
        }
    }

    /// Calls `method` and panics (with the node's log) on any error.
    pub fn rpc(&self, method: &str, params: Value) -> Value {
        self.try_rpc(method, params.clone())
            .unwrap_or_else(|e| panic!("{method}({params}) failed: {e}\n--- node log ---\n{}", self.log()))
    }

    /// Polls `probe` every 250 ms until it yields a value; panics with the node's log on timeout.
    pub fn wait_for<T>(&self, what: &str, timeout: Duration, mut probe: impl FnMut(&Node) -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(value) = probe(self) {
                return value;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}\n--- node log ---\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Number of the block with `hash` (`None` for the best block).
    pub fn block_number(&self, hash: Option<&str>) -> u64 {
        let header = self.rpc("chain_getHeader", json!([hash]));
        parse_hex_u64(header["number"].as_str().expect("header has a number"))
    }

    /// Number of the latest block GRANDPA has finalized.
    pub fn finalized_number(&self) -> u64 {
        let hash = self.rpc("chain_getFinalizedHead", json!([]));
        self.block_number(hash.as_str())
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.base_path);
        }
    }
}

/// Decodes an HTTP/1.1 chunked body.
fn dechunk(mut body: &str) -> Result<String, String> {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").ok_or("bad chunk header")?;
        let size = usize::from_str_radix(size.trim(), 16).map_err(|e| e.to_string())?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(rest.get(..size).ok_or("short chunk")?);
        body = rest.get(size + 2..).ok_or("missing chunk terminator")?;
    }
}

/// The balances of `who` at block `at` (the best block for `None`), read from raw storage;
/// all zero for an account that does not exist.
pub fn account_data_at(
    node: &Node,
    who: &quarry_runtime::AccountId,
    at: Option<&str>,
) -> pallet_balances::AccountData<quarry_runtime::Balance> {
    use codec::Decode;
    type AccountInfo = frame_system::AccountInfo<
        quarry_runtime::Nonce,
        pallet_balances::AccountData<quarry_runtime::Balance>,
    >;
    let key = frame_system::Account::<quarry_runtime::Runtime>::hashed_key_for(who);
    let value = node.rpc("state_getStorage", json!([sp_core::bytes::to_hex(&key, false), at]));
    match value.as_str() {
        Some(hex) => {
            let raw = sp_core::bytes::from_hex(hex).unwrap();
            AccountInfo::decode(&mut &raw[..]).expect("AccountInfo decodes").data
        }
        None => Default::default(),
    }
}

/// Free balance of `who` at block `at` (the best block for `None`); zero for an account that
/// does not exist.
pub fn free_balance_at(node: &Node, who: &quarry_runtime::AccountId, at: Option<&str>) -> u128 {
    account_data_at(node, who, at).free
}

/// Up to 100 storage keys under `prefix` at the best block.
pub fn keys_with_prefix(node: &Node, prefix: &[u8]) -> Vec<String> {
    let keys = node.rpc("state_getKeysPaged", json!([sp_core::bytes::to_hex(prefix, false), 100]));
    keys.as_array()
        .map(|keys| keys.iter().filter_map(|k| k.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// The raw value at storage `key` at block `at` (the best block for `None`).
pub fn storage_at(node: &Node, key: &[u8], at: Option<&str>) -> Option<Vec<u8>> {
    let value = node.rpc("state_getStorage", json!([sp_core::bytes::to_hex(key, false), at]));
    value.as_str().map(|hex| sp_core::bytes::from_hex(hex).unwrap())
}

/// The storage key of a plain value `pallet::item`.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
    [sp_io::hashing::twox_128(pallet.as_bytes()), sp_io::hashing::twox_128(item.as_bytes())].concat()
}

/// Hash of block `n`.
pub fn block_hash(node: &Node, n: u64) -> String {
    node.rpc("chain_getBlockHash", json!([n])).as_str().expect("block exists").to_string()
}

/// Parses a `0x`-prefixed hex quantity.
pub fn parse_hex_u64(hex: &str) -> u64 {
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex number")
}
