//! The node's own JSON-RPC methods, merged into the standard Substrate RPC server.
//!
//! Quarry's modules (mining work and solution submission, pending rewards, the proof market) are
//! merged here, each backed by a runtime API so clients never decode storage themselves.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use quarry_runtime::{opaque::Block, AccountId, Balance, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC handlers need from the node.
pub struct FullDeps<C, P> {
    /// The client, for runtime API calls and headers.
    pub client: Arc<C>,
    /// The transaction pool, for nonce queries and submissions.
    pub pool: Arc<P>,
}

/// All RPC extensions of a full node.
pub fn create_full<C, P>(
    deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
    C: ProvideRuntimeApi<Block>,
    C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
    C: Send + Sync + 'static,
    C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
    C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
    C::Api: BlockBuilder<Block>,
    C::Api: quarry_primitives::mining::MiningApi<Block, AccountId>,
    C::Api: quarry_primitives::rewards::RewardsApi<Block, AccountId>,
    C::Api: quarry_primitives::market::MarketApi<Block, AccountId>,
    P: TransactionPool<Block = Block> + 'static,
{
    use crate::market::{Market, MarketRpcServer};
    use crate::mining::{MiningRpcServer, MiningService};
    use crate::rewards::{Rewards, RewardsRpcServer};
    use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
    use substrate_frame_rpc_system::{System, SystemApiServer};

    let mut module = RpcModule::new(());
    let FullDeps { client, pool } = deps;

    module.merge(System::new(client.clone(), pool.clone()).into_rpc())?;
    module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
    module.merge(MiningService::new(client.clone(), pool).into_rpc())?;
    module.merge(Rewards::new(client.clone()).into_rpc())?;
    module.merge(Market::new(client).into_rpc())?;

    Ok(module)
}
