//! Mining in the node: the `quarry_mining*` JSON-RPC methods, the native pre-check of submitted
//! solutions, and the embedded development miner.
//!
//! Everything reads the chain through the `MiningApi` runtime API at the best block and submits
//! signed solutions through the transaction pool, whose `ValidateUnsigned` runs the cheap checks
//! and the hot key's signature. The RPC's own pre-check (`quarry_puzzle::precheck`:
//! microseconds, no opening) gives miners precise errors and the quality before the pool; the
//! opening is verified once, in the block that carries the solution.

use std::sync::{atomic::AtomicBool, Arc};

use codec::Decode;
use jsonrpsee::{
    core::{async_trait, RpcResult},
    proc_macros::rpc,
    types::ErrorObjectOwned,
};
use quarry_primitives::{mining::MiningApi as MiningRuntimeApi, SignedSolution, VerifyError};
use quarry_prover::chain::{
    error_code, HotKey, Rejection, SourceError, Submitted, Work, WorkSource,
};
use quarry_runtime::{opaque::Block, AccountId};
use sc_transaction_pool_api::{
    error::{Error as PoolError, IntoPoolError},
    TransactionPool, TransactionSource,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, Bytes};
use sp_runtime::transaction_validity::InvalidTransaction;

/// Log target of the node's mining code.
const LOG_TARGET: &str = "quarry-mining";

/// Chain-wide statistics, as `quarry_miningStats` returns them (u128 sums as decimal strings, so
/// JavaScript clients do not lose precision).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub best_block: u32,
    pub epoch: u32,
    pub epoch_ends_at: u32,
    pub proof_target: u64,
    pub k: u32,
    pub target_solutions_per_block: u32,
    pub max_solutions_per_block: u32,
    /// The last blocks, oldest first.
    pub recent_blocks: Vec<RecentBlock>,
    pub epoch_solutions: u32,
    pub epoch_shares: String,
    /// Miners of the current epoch by shares, best first.
    pub top_miners: Vec<TopMiner>,
    /// SS58 address of the previous epoch's winner.
    pub previous_winner: Option<String>,
}

/// One block in [`Stats::recent_blocks`].
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct RecentBlock {
    pub number: u32,
    pub solutions: u32,
    pub proof_target: u64,
}

/// One miner in [`Stats::top_miners`].
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct TopMiner {
    pub miner: String,
    pub solutions: u32,
    pub shares: String,
}

/// Work, submission and statistics over a client and its transaction pool.
pub struct MiningService<C, P> {
    client: Arc<C>,
    pool: Arc<P>,
}

impl<C, P> Clone for MiningService<C, P> {
    fn clone(&self) -> Self {
        Self { client: self.client.clone(), pool: self.pool.clone() }
    }
}

fn rejection(code: i32, message: impl Into<String>) -> Rejection {
    Rejection { code, message: message.into() }
}

/// The JSON-RPC code for a pallet's `invalid_solution` code (9000 + code).
fn code_of_invalid(invalid: InvalidTransaction) -> Option<i32> {
    match invalid {
        InvalidTransaction::Custom(code @ (1..=8 | 11..=13)) => Some(9000 + code as i32),
        _ => None,
    }
}

/// The JSON-RPC code of a failed precheck: the pallet's code for the same failure, so the RPC
/// and the pool answer alike.
fn code_of_verify_error(error: &VerifyError) -> i32 {
    pallet_quarry_mining::Pallet::<quarry_runtime::Runtime>::invalid_solution_code(error.clone())
        .and_then(|code| code_of_invalid(InvalidTransaction::Custom(code)))
        .unwrap_or(error_code::POOL)
}

impl<C, P> MiningService<C, P>
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: MiningRuntimeApi<Block, AccountId>,
    P: TransactionPool<Block = Block> + 'static,
{
    /// A service over `client` and `pool`.
    pub fn new(client: Arc<C>, pool: Arc<P>) -> Self {
        Self { client, pool }
    }

    /// The current work for `miner` at the best block.
    pub fn work(&self, miner: &AccountId) -> Result<Work, String> {
        let info = self.client.info();
        let work = self
            .client
            .runtime_api()
            .work(info.best_hash, miner.clone())
            .map_err(|e| format!("runtime API MiningApi::work failed: {e}"))?;
        Ok(Work {
            epoch: work.epoch,
            challenge: work.challenge,
            proof_target: work.proof_target,
            k: work.k,
            allowance_left: work.allowance_left,
            epoch_ends_at: work.epoch_ends_at,
            best_block: info.best_number,
            miner: miner.clone().into(),
            hot_key: work.hot_key,
            pool_slots: work.pool_slots,
        })
    }

    /// Prechecks a submission natively against the best block's work (everything but the
    /// opening proof and the signature), then submits its extrinsic to the pool, which checks
    /// the signature and the same again against its own state.
    pub async fn submit(&self, submission: SignedSolution) -> Result<Submitted, Rejection> {
        let solution = &submission.solution;
        let miner = AccountId::from(solution.miner);
        let work = self.work(&miner).map_err(|e| rejection(error_code::POOL, e))?;
        if solution.challenge != work.challenge {
            return Err(rejection(
                error_code::STALE_CHALLENGE,
                format!("solution is not for the challenge of epoch {}", work.epoch),
            ));
        }
        if work.allowance_left == 0 {
            return Err(rejection(
                error_code::OVER_ALLOWANCE,
                format!(
                    "miner {} has no allowance left in epoch {} (bond / stake per solution)",
                    miner.to_ss58check(),
                    work.epoch
                ),
            ));
        }
        // The cheap checks here, for the quality and a precise message; the pool's validation
        // (its own threads, not this async task) adds the signature, and its refusals map to
        // the same codes below.
        let quality = quarry_primitives::native::precheck_solution(
            solution,
            &work.challenge,
            work.k,
            work.proof_target,
        )
        .map_err(|e| rejection(code_of_verify_error(&e), e.to_string()))?;
        let best = self.client.info().best_hash;
        let extrinsic = self
            .client
            .runtime_api()
            .solution_extrinsic(best, submission)
            .map_err(|e| rejection(error_code::POOL, e.to_string()))?;
        let hash = self
            .pool
            .submit_one(best, TransactionSource::External, extrinsic)
            .await
            .map_err(|error| match error.into_pool_error() {
                Ok(PoolError::AlreadyImported(_)) | Ok(PoolError::TemporarilyBanned) => rejection(
                    error_code::DUPLICATE,
                    "this solution is already in the pool or was recently included",
                ),
                Ok(PoolError::InvalidTransaction(invalid)) => match code_of_invalid(invalid) {
                    Some(code) => rejection(code, format!("refused by the runtime: {invalid:?}")),
                    None => rejection(error_code::POOL, format!("{invalid:?}")),
                },
                Ok(other) => rejection(error_code::POOL, other.to_string()),
                Err(other) => rejection(error_code::POOL, other.to_string()),
            })?;
        Ok(Submitted {
            hash: serde_json::to_value(hash)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            quality,
        })
    }

    /// Chain-wide statistics with the `top` miners.
    pub fn stats(&self, top: u32) -> Result<Stats, String> {
        let info = self.client.info();
        let stats = self
            .client
            .runtime_api()
            .stats(info.best_hash, top)
            .map_err(|e| format!("runtime API MiningApi::stats failed: {e}"))?;
        Ok(Stats {
            best_block: info.best_number,
            epoch: stats.epoch,
            epoch_ends_at: stats.epoch_ends_at,
            proof_target: stats.proof_target,
            k: stats.k,
            target_solutions_per_block: stats.target_solutions_per_block,
            max_solutions_per_block: stats.max_solutions_per_block,
            recent_blocks: stats
                .recent_blocks
                .into_iter()
                .map(|(number, solutions, proof_target)| RecentBlock {
                    number,
                    solutions,
                    proof_target,
                })
                .collect(),
            epoch_solutions: stats.epoch_solutions,
            epoch_shares: stats.epoch_shares.to_string(),
            top_miners: stats
                .top_miners
                .into_iter()
                .map(|m| TopMiner {
                    miner: m.miner.to_ss58check(),
                    solutions: m.solutions,
                    shares: m.shares.to_string(),
                })
                .collect(),
            previous_winner: stats.previous_winner.map(|w| w.to_ss58check()),
        })
    }
}

/// Parses an SS58 address or `0x`-prefixed 32-byte hex account id.
pub fn parse_account(s: &str) -> Result<AccountId, String> {
    if let Some(hex) = s.strip_prefix("0x") {
        return quarry_puzzle::hex::decode_array::<32>(hex)
            .map(AccountId::new)
            .map_err(|_| format!("{s}: expected 32 bytes of hex"));
    }
    AccountId::from_ss58check(s).map_err(|e| format!("{s}: not an SS58 address ({e:?})"))
}

/// `quarry_*` mining methods.
#[rpc(server, namespace = "quarry")]
pub trait MiningRpc {
    /// The current epoch's work for `miner` (SS58 or 0x hex): epoch, challenge, proof target,
    /// k, allowance left.
    #[method(name = "miningWork")]
    fn mining_work(&self, miner: String) -> RpcResult<Work>;

    /// Submit a SCALE-encoded `SignedSolution` (0x hex): the solution, its pool slot and the
    /// signature of the miner's hot key. Prechecked natively, then checked by the pool; errors
    /// carry the codes of `quarry_prover::chain::error_code` (9001 stale challenge … 9010 pool,
    /// 9011 no hot key, 9012 bad signature, 9013 bad slot).
    #[method(name = "submitSolution")]
    async fn submit_solution(&self, solution: Bytes) -> RpcResult<Submitted>;

    /// Recent solutions per block, the proof target and the top miners of the epoch.
    #[method(name = "miningStats")]
    fn mining_stats(&self, top: Option<u32>) -> RpcResult<Stats>;
}

fn rpc_error(r: Rejection) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(r.code, r.message, None::<()>)
}

#[async_trait]
impl<C, P> MiningRpcServer for MiningService<C, P>
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: MiningRuntimeApi<Block, AccountId>,
    P: TransactionPool<Block = Block> + 'static,
{
    fn mining_work(&self, miner: String) -> RpcResult<Work> {
        let miner = parse_account(&miner).map_err(|e| rpc_error(rejection(-32602, e)))?;
        self.work(&miner).map_err(|e| rpc_error(rejection(error_code::POOL, e)))
    }

    async fn submit_solution(&self, solution: Bytes) -> RpcResult<Submitted> {
        let submitted = match SignedSolution::decode(&mut &solution[..]) {
            Ok(submission) => self.submit(submission).await,
            Err(e) => Err(rejection(
                error_code::MALFORMED,
                format!("not a SCALE-encoded signed solution: {e}"),
            )),
        };
        crate::mining_metrics::record_submission(
            &submitted.as_ref().map(|s| s.quality).map_err(|r| r.code),
        );
        submitted.map_err(rpc_error)
    }

    fn mining_stats(&self, top: Option<u32>) -> RpcResult<Stats> {
        self.stats(top.unwrap_or(10).min(100))
            .map_err(|e| rpc_error(rejection(error_code::POOL, e)))
    }
}

/// The embedded miner's view of its own node.
struct LocalSource<C, P> {
    service: MiningService<C, P>,
    miner: AccountId,
}

impl<C, P> WorkSource for LocalSource<C, P>
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: MiningRuntimeApi<Block, AccountId>,
    P: TransactionPool<Block = Block> + 'static,
{
    fn work(&self) -> Result<Work, SourceError> {
        self.service.work(&self.miner).map_err(SourceError)
    }

    fn submit(
        &self,
        submission: &SignedSolution,
    ) -> Result<Result<Submitted, Rejection>, SourceError> {
        Ok(futures::executor::block_on(self.service.submit(submission.clone())))
    }
}

/// Runs the embedded CPU miner for `miner`, signing with its hot key, with `threads` threads
/// until the node stops (a blocking task: call it from `spawn_blocking`).
pub fn run_embedded_miner<C, P>(
    service: MiningService<C, P>,
    miner: AccountId,
    hot_key: HotKey,
    threads: usize,
)
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: MiningRuntimeApi<Block, AccountId>,
    P: TransactionPool<Block = Block> + 'static,
{
    use quarry_prover::chain::{run, ChainMinerConfig, MinerEvent};
    use quarry_prover::{Backend, BackendError, CpuBackend, MineError};

    let address = miner.to_ss58check();
    let source = LocalSource { service, miner };
    let never = AtomicBool::new(false);
    let mut last_progress = std::time::Instant::now();
    let result = run(
        &source,
        &hot_key,
        |k| {
            let params = quarry_puzzle::shared(k)
                .map_err(|e| MineError::Backend(BackendError(e.to_string())))?;
            Ok(Arc::new(CpuBackend::new(params, Some(threads))?) as Arc<dyn Backend>)
        },
        &ChainMinerConfig::default(),
        &never,
        |event| match event {
            MinerEvent::Work(w) => log::debug!(
                target: LOG_TARGET,
                "work: epoch {}, target {}, allowance left {}",
                w.epoch, w.proof_target, w.allowance_left
            ),
            MinerEvent::Solution { found, outcome: Ok(s), .. } => log::info!(
                target: LOG_TARGET,
                "⛏️  solution for {address}: nonce {}, quality {} (extrinsic {})",
                found.solution.nonce, found.quality, s.hash
            ),
            MinerEvent::Solution { found, outcome: Err(r), .. } => log::debug!(
                target: LOG_TARGET,
                "solution nonce {} refused ({}): {}",
                found.solution.nonce, r.code, r.message
            ),
            MinerEvent::Progress { attempts, rate } => {
                if last_progress.elapsed() >= std::time::Duration::from_secs(60) {
                    last_progress = std::time::Instant::now();
                    log::info!(
                        target: LOG_TARGET,
                        "⛏️  {attempts} attempts so far, {rate:.0} attempts/s"
                    );
                }
            }
            MinerEvent::Idle(w) => log::info!(
                target: LOG_TARGET,
                "⛏️  {address} has no mining allowance left in epoch {} (allowance per epoch = \
                 bond / stake per solution); waiting for epoch {}",
                w.epoch,
                w.epoch + 1
            ),
            MinerEvent::WrongHotKey(w) => log::warn!(
                target: LOG_TARGET,
                "⛏️  the chain knows {} as the hot key of {address}, not the embedded miner's \
                 (--mining-key); waiting",
                w.hot_key.map_or("no key".to_string(), |k| format!("0x{}", quarry_puzzle::hex::encode(&k)))
            ),
            MinerEvent::Disconnected(e) => log::warn!(target: LOG_TARGET, "{e}"),
        },
    );
    if let Err(error) = result {
        log::error!(target: LOG_TARGET, "embedded miner stopped: {error}");
    }
}
