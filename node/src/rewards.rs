//! `quarry_pendingRewards`: what an account is owed by epochs not yet paid out.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use quarry_primitives::rewards::RewardsApi as RewardsRuntimeApi;
use quarry_runtime::{opaque::Block, AccountId};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

/// `quarry_*` rewards methods.
#[rpc(server, namespace = "quarry")]
pub trait RewardsRpc {
    /// Rewards owed to `account` (SS58 or 0x hex) and not yet paid, in plancks as a decimal
    /// string (u128 does not fit JavaScript numbers).
    #[method(name = "pendingRewards")]
    fn pending_rewards(&self, account: String) -> RpcResult<String>;
}

/// Serves [`RewardsRpcServer`] from the client's best block.
pub struct Rewards<C> {
    client: Arc<C>,
}

impl<C> Rewards<C> {
    /// Over `client`.
    pub fn new(client: Arc<C>) -> Self {
        Self { client }
    }
}

impl<C> RewardsRpcServer for Rewards<C>
where
    C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
    C::Api: RewardsRuntimeApi<Block, AccountId>,
{
    fn pending_rewards(&self, account: String) -> RpcResult<String> {
        let who = crate::mining::parse_account(&account)
            .map_err(|e| ErrorObjectOwned::owned(-32602, e, None::<()>))?;
        self.client
            .runtime_api()
            .pending_rewards(self.client.info().best_hash, who)
            .map(|amount| amount.to_string())
            .map_err(|e| ErrorObjectOwned::owned(9010, e.to_string(), None::<()>))
    }
}
