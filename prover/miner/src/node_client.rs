//! The JSON-RPC side of `quarry-prover mine --node`: a [`WorkSource`] over a WebSocket
//! connection to a Quarry node, reconnecting after failures.

use std::sync::Mutex;

use codec::Encode;
use jsonrpsee::core::client::{ClientT, Error as ClientError};
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use quarry_prover::chain::{Rejection, SourceError, Submitted, Work, WorkSource};
use quarry_puzzle::{hex, SignedSolution};

/// A node reached at `url` (`ws://host:port`), mining for `miner` (SS58 address).
pub struct NodeClient {
    url: String,
    miner: String,
    runtime: tokio::runtime::Runtime,
    client: Mutex<Option<WsClient>>,
}

impl NodeClient {
    /// A client that connects on first use.
    pub fn new(url: String, miner: String) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            url,
            miner,
            runtime,
            client: Mutex::new(None),
        })
    }

    /// Calls `method`; a transport failure drops the connection so the next call reconnects.
    fn call<R: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        params: jsonrpsee::core::params::ArrayParams,
    ) -> Result<Result<R, Rejection>, SourceError> {
        let mut slot = self.client.lock().expect("not poisoned");
        if slot.as_ref().is_none_or(|c| !c.is_connected()) {
            let client = self
                .runtime
                .block_on(WsClientBuilder::default().build(&self.url))
                .map_err(|e| SourceError(format!("cannot connect to {}: {e}", self.url)))?;
            *slot = Some(client);
        }
        let client = slot.as_ref().expect("connected above");
        match self
            .runtime
            .block_on(client.request::<R, _>(method, params))
        {
            Ok(value) => Ok(Ok(value)),
            Err(ClientError::Call(error)) => Ok(Err(Rejection {
                code: error.code(),
                message: error.message().to_string(),
            })),
            Err(error) => {
                *slot = None;
                Err(SourceError(format!("{method}: {error}")))
            }
        }
    }
}

impl WorkSource for NodeClient {
    fn work(&self) -> Result<Work, SourceError> {
        self.call("quarry_miningWork", rpc_params![&self.miner])?
            .map_err(|r| SourceError(format!("quarry_miningWork refused: {}", r.message)))
    }

    fn submit(
        &self,
        submission: &SignedSolution,
    ) -> Result<Result<Submitted, Rejection>, SourceError> {
        let bytes = format!("0x{}", hex::encode(&submission.encode()));
        self.call("quarry_submitSolution", rpc_params![bytes])
    }
}
