//! `quarry_tasks`, `quarry_task`, `quarry_reputation`: the proof market for clients, read through
//! the `MarketApi` runtime API at the best block. Amounts are decimal strings (u128 does not fit
//! JavaScript numbers); accounts are SS58.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use quarry_primitives::market::{MarketApi, TaskFilter, TaskStatus, TaskView};
use quarry_runtime::{opaque::Block, AccountId};
use serde::Deserialize;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

/// The filter of `quarry_tasks`: every field given must match.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Filter {
    /// Only tasks not locked (open, races, failed locks).
    pub open: bool,
    /// Only this circuit id.
    pub circuit: Option<u32>,
    /// Only tasks locked by this prover (SS58 or 0x hex).
    pub prover: Option<String>,
    /// Only this dApp's tasks (SS58 or 0x hex).
    pub dapp: Option<String>,
}

/// `quarry_*` market methods.
#[rpc(server, namespace = "quarry")]
pub trait MarketRpc {
    /// Open tasks matching `filter` with id at least `start` (default 0), at most `limit`
    /// (default and maximum 100), in id order.
    #[method(name = "tasks")]
    fn tasks(&self, filter: Option<Filter>, start: Option<u64>, limit: Option<u32>) -> RpcResult<Vec<Value>>;

    /// Task `id` (state, current price, deadlines), or null when it is settled or unknown.
    #[method(name = "task")]
    fn task(&self, id: u64) -> RpcResult<Option<Value>>;

    /// The reputation of `account`: `{ "score": <0..1>, "scorePpm": <parts per million> }`.
    #[method(name = "reputation")]
    fn reputation(&self, account: String) -> RpcResult<Value>;

    /// The circuit catalogue: id, name, k, accepted input lengths, outputs, proof length, work
    /// weight; for the Merkle batch also its shape and the empty tree's root (where every rollup
    /// starts), so a client needs no Poseidon of its own to post its first batch.
    #[method(name = "circuits")]
    fn circuits(&self) -> RpcResult<Vec<Value>>;
}

/// Serves [`MarketRpcServer`] from the client's best block.
pub struct Market<C> {
    client: Arc<C>,
}

impl<C> Market<C> {
    /// Over `client`.
    pub fn new(client: Arc<C>) -> Self {
        Self { client }
    }
}

fn invalid_params(message: String) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32602, message, None::<()>)
}

fn runtime_error(e: impl std::fmt::Display) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(9010, e.to_string(), None::<()>)
}

fn account(s: &Option<String>) -> Result<Option<AccountId>, ErrorObjectOwned> {
    s.as_deref().map(crate::mining::parse_account).transpose().map_err(invalid_params)
}

/// A task as JSON.
fn task_json(t: TaskView<AccountId>) -> Value {
    let status = match t.status {
        TaskStatus::Open => json!({ "state": "open" }),
        TaskStatus::Locked { prover, price, expires_at } => json!({
            "state": "locked", "prover": prover.to_ss58check(), "price": price.to_string(),
            "expiresAt": expires_at,
        }),
        TaskStatus::LockFailed { prover, price } => json!({
            "state": "lockFailed", "prover": prover.to_ss58check(), "price": price.to_string(),
        }),
    };
    json!({
        "id": t.id,
        "dapp": t.dapp.to_ss58check(),
        "circuit": t.circuit,
        "commitment": format!("0x{}", quarry_puzzle::hex::encode(&t.commitment)),
        "mode": if t.race { "race" } else { "lock" },
        "minPrice": t.min_price.to_string(),
        "maxPrice": t.max_price.to_string(),
        "rampBlocks": t.ramp_blocks,
        "lockBlocks": t.lock_blocks,
        "collateral": t.collateral.to_string(),
        "minReputationPpm": t.min_reputation_ppm,
        "submittedAt": t.submitted_at,
        "deadline": t.deadline,
        "priorityUntil": t.priority_until,
        "priorityProver": t.priority_prover.map(|p| p.to_ss58check()),
        "status": status,
        "currentPrice": t.current_price.to_string(),
    })
}

impl<C> MarketRpcServer for Market<C>
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: MarketApi<Block, AccountId>,
{
    fn tasks(&self, filter: Option<Filter>, start: Option<u64>, limit: Option<u32>) -> RpcResult<Vec<Value>> {
        let filter = filter.unwrap_or_default();
        let filter = TaskFilter {
            open: filter.open,
            circuit: filter.circuit,
            prover: account(&filter.prover)?,
            dapp: account(&filter.dapp)?,
        };
        let limit = limit.unwrap_or(quarry_primitives::market::MAX_TASKS_PER_PAGE);
        self.client
            .runtime_api()
            .tasks(self.client.info().best_hash, filter, start.unwrap_or(0), limit)
            .map(|tasks| tasks.into_iter().map(task_json).collect())
            .map_err(runtime_error)
    }

    fn task(&self, id: u64) -> RpcResult<Option<Value>> {
        self.client
            .runtime_api()
            .task(self.client.info().best_hash, id)
            .map(|task| task.map(task_json))
            .map_err(runtime_error)
    }

    fn reputation(&self, account: String) -> RpcResult<Value> {
        let who = crate::mining::parse_account(&account).map_err(invalid_params)?;
        let ppm = self
            .client
            .runtime_api()
            .reputation(self.client.info().best_hash, who)
            .map_err(runtime_error)?;
        Ok(json!({ "score": ppm as f64 / 1e6, "scorePpm": ppm }))
    }

    fn circuits(&self) -> RpcResult<Vec<Value>> {
        use quarry_circuits::{CATALOGUE, MERKLE_BATCH, MERKLE_DEPTH, MERKLE_WRITES};
        Ok(CATALOGUE
            .iter()
            .map(|c| {
                let mut entry = json!({
                    "id": c.id, "name": c.name, "k": c.k, "inputLens": c.input_lens,
                    "outputs": c.outputs, "proofLen": c.proof_len, "work": c.work,
                });
                if c.id == MERKLE_BATCH {
                    let root = quarry_circuits::encoding::field_bytes(
                        &quarry_circuits::poseidon::empty_root(MERKLE_DEPTH),
                    );
                    entry["depth"] = json!(MERKLE_DEPTH);
                    entry["writes"] = json!(MERKLE_WRITES);
                    entry["emptyRoot"] = json!(format!("0x{}", quarry_puzzle::hex::encode(&root)));
                }
                entry
            })
            .collect())
    }
}
