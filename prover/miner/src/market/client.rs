//! The market's side of a Quarry node, over subxt: signed `Tasks` extrinsics, the market events
//! of finalized blocks, and the `quarry_task*` RPC. Calls and events are encoded and decoded
//! through the node's metadata (subxt's dynamic API into typed structs): no call indices or
//! hand-written encodings here, so a runtime upgrade that keeps the names keeps this working.

use std::time::Instant;

use scale_decode::DecodeAsType;
use scale_encode::EncodeAsType;
use serde::{Deserialize, Serialize};
use subxt::dynamic;
use subxt::rpcs::{rpc_params, RpcClient};
use subxt::transactions::TransactionStatus;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;

use quarry_circuits::{CircuitId, FieldBytes};

/// Quarry's account id (sr25519 public key).
pub type AccountId = subxt::utils::AccountId32;
/// Balances in planck (1 QRY = 10^12).
pub type Balance = u128;
/// A task id.
pub type TaskId = u64;

/// One QRY in planck.
pub const UNIT: Balance = 1_000_000_000_000;

/// What went wrong talking to the chain.
#[derive(Debug)]
pub enum ChainError {
    /// The node could not be reached or answered nonsense (retry later).
    Transport(String),
    /// The chain refused the transaction: the pallet error (e.g. `Tasks::InvalidProof`) or the
    /// pool's reason.
    Refused(String),
}

impl core::fmt::Display for ChainError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Transport(e) => write!(f, "node: {e}"),
            Self::Refused(e) => write!(f, "refused: {e}"),
        }
    }
}

impl std::error::Error for ChainError {}

fn transport(e: impl core::fmt::Display) -> ChainError {
    ChainError::Transport(e.to_string())
}

/// A task's offer (`pallet_quarry_tasks::Offer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EncodeAsType, DecodeAsType, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    /// The price at submission.
    pub min_price: Balance,
    /// The price the auction rises to; held in escrow.
    pub max_price: Balance,
    /// Blocks over which the price rises from `min_price` to `max_price`.
    pub ramp_blocks: u32,
    /// Blocks a locker has to deliver.
    pub lock_blocks: u32,
    /// Blocks after submission at which the task expires.
    pub deadline_blocks: u32,
    /// Collateral a locker puts up.
    pub collateral: Balance,
}

impl Offer {
    /// The auction price `elapsed` blocks after submission (the pallet's `Task::price_at`).
    pub fn price_after(&self, elapsed: u32) -> Balance {
        if elapsed >= self.ramp_blocks {
            return self.max_price;
        }
        self.min_price
            + (self.max_price - self.min_price) * Balance::from(elapsed)
                / Balance::from(self.ramp_blocks)
    }
}

/// How a task is fulfilled (`pallet_quarry_tasks::Mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EncodeAsType, DecodeAsType, Serialize, Deserialize)]
pub enum Mode {
    /// A prover locks the task, with collateral, and has `lock_blocks` to deliver.
    Lock,
    /// No lock: the first valid proof before the deadline is paid.
    Race,
}

/// `Tasks::Submitted`.
#[derive(Clone, Debug, DecodeAsType)]
pub struct Submitted {
    /// Task id.
    pub task: TaskId,
    /// Who pays.
    pub dapp: AccountId,
    /// The catalogue circuit.
    pub circuit: CircuitId,
    /// The input commitment the chain computed.
    pub commitment: FieldBytes,
    /// The input.
    pub input: Vec<u8>,
    /// The offer.
    pub offer: Offer,
    /// Lowest reputation accepted, parts per million.
    pub min_reputation: u32,
    /// Lock or race.
    pub mode: Mode,
}

/// `Tasks::Locked`.
#[derive(Clone, Debug, DecodeAsType)]
pub struct Locked {
    /// Task id.
    pub task: TaskId,
    /// The locker.
    pub prover: AccountId,
    /// The price locked.
    pub price: Balance,
    /// Collateral held.
    pub collateral: Balance,
    /// Last block in which the proof is on time.
    pub expires_at: u32,
}

/// `Tasks::Proved`.
#[derive(Clone, Debug, DecodeAsType)]
pub struct Proved {
    /// Task id.
    pub task: TaskId,
    /// Who was paid.
    pub prover: AccountId,
    /// The verified outputs.
    pub outputs: Vec<FieldBytes>,
    /// Price paid (before the fee).
    pub price: Balance,
    /// The protocol fee, to the treasury.
    pub fee: Balance,
    /// What the dApp got back of its escrow.
    pub refund: Balance,
    /// Whether a secondary prover fulfilled a failed lock.
    pub secondary: bool,
}

/// `Tasks::Slashed`.
#[derive(Clone, Debug, DecodeAsType)]
pub struct Slashed {
    /// Task id.
    pub task: TaskId,
    /// The failed locker.
    pub prover: AccountId,
    /// Burned.
    pub burned: Balance,
    /// Paid to `to`.
    pub paid: Balance,
    /// The secondary prover or the treasury.
    pub to: AccountId,
}

/// The market's events, as a prover or a dApp follows them.
#[derive(Clone, Debug)]
pub enum MarketEvent {
    /// A task was submitted.
    Submitted(Submitted),
    /// A task was locked.
    Locked(Locked),
    /// A task was proved.
    Proved(Proved),
    /// A lock expired without a proof.
    LockFailed {
        /// Task id.
        task: TaskId,
        /// The failed locker.
        prover: AccountId,
    },
    /// A failed locker was slashed.
    Slashed(Slashed),
    /// A task expired unfulfilled, or was cancelled: it is gone.
    Closed {
        /// Task id.
        task: TaskId,
        /// Escrow returned to the dApp.
        refund: Balance,
    },
    /// A proof of a batch was left out.
    ProofRejected {
        /// Task id.
        task: TaskId,
        /// Who submitted it.
        prover: AccountId,
    },
}

#[derive(DecodeAsType)]
struct TaskAndProver {
    task: TaskId,
    prover: AccountId,
}

#[derive(DecodeAsType)]
struct TaskAndRefund {
    task: TaskId,
    refund: Balance,
}

#[derive(DecodeAsType)]
struct FeePaid {
    who: AccountId,
    actual_fee: Balance,
}

/// A block's market events.
pub struct BlockEvents {
    /// Block number.
    pub number: u32,
    /// Block hash, 0x hex.
    pub hash: String,
    /// The `Tasks` events, in order.
    pub events: Vec<MarketEvent>,
}

fn market_event(ev: &subxt::events::Event<'_, PolkadotConfig>) -> Result<Option<MarketEvent>, String> {
    if ev.pallet_name() != "Tasks" {
        return Ok(None);
    }
    let e = |err: subxt::error::EventsError| format!("Tasks::{}: {err}", ev.event_name());
    Ok(Some(match ev.event_name() {
        "Submitted" => MarketEvent::Submitted(ev.decode_fields_unchecked_as().map_err(e)?),
        "Locked" => MarketEvent::Locked(ev.decode_fields_unchecked_as().map_err(e)?),
        "Proved" => MarketEvent::Proved(ev.decode_fields_unchecked_as().map_err(e)?),
        "Slashed" => MarketEvent::Slashed(ev.decode_fields_unchecked_as().map_err(e)?),
        "LockFailed" => {
            let TaskAndProver { task, prover } = ev.decode_fields_unchecked_as().map_err(e)?;
            MarketEvent::LockFailed { task, prover }
        }
        "ProofRejected" => {
            let TaskAndProver { task, prover } = ev.decode_fields_unchecked_as().map_err(e)?;
            MarketEvent::ProofRejected { task, prover }
        }
        "Expired" | "Cancelled" => {
            let TaskAndRefund { task, refund } = ev.decode_fields_unchecked_as().map_err(e)?;
            MarketEvent::Closed { task, refund }
        }
        _ => return Ok(None),
    }))
}

/// What an included transaction did: its block, the fee its signer paid and its market events.
#[derive(Clone, Debug)]
pub struct Included {
    /// Block hash, 0x hex.
    pub block: String,
    /// The transaction fee paid (`TransactionPayment::TransactionFeePaid`).
    pub fee_paid: Balance,
    /// The market events the transaction emitted.
    pub events: Vec<MarketEvent>,
    /// Seconds from signing to inclusion.
    pub seconds: f64,
}

/// Reads a secret: a secret URI (`//Alice`, a mnemonic, `0x` seed) or a file holding one.
pub fn keypair(key: &str) -> Result<Keypair, String> {
    let text = if std::path::Path::new(key).is_file() {
        std::fs::read_to_string(key).map_err(|e| format!("cannot read key file {key}: {e}"))?
    } else {
        key.to_string()
    };
    let uri: SecretUri = text
        .trim()
        .parse()
        .map_err(|e| format!("not a secret URI (//Name, mnemonic or 0x seed): {e}"))?;
    Keypair::from_uri(&uri).map_err(|e| format!("invalid key: {e}"))
}

/// The account of a key.
pub fn account_of(key: &Keypair) -> AccountId {
    key.public_key().to_account_id()
}

/// A signing account: its key and its next nonce (read from the node's pool when unknown).
pub struct Signer {
    /// The key.
    pub key: Keypair,
    /// Its account.
    pub account: AccountId,
    nonce: tokio::sync::Mutex<Option<u64>>,
}

impl Signer {
    /// A signer for `key` (see [`keypair`]).
    pub fn new(key: Keypair) -> Self {
        Self {
            account: account_of(&key),
            key,
            nonce: tokio::sync::Mutex::new(None),
        }
    }
}

/// A connection to a node.
#[derive(Clone)]
pub struct MarketClient {
    api: OnlineClient<PolkadotConfig>,
    rpc: RpcClient,
}

impl MarketClient {
    /// Connects to `url` (`ws://` or `wss://`) and reads the metadata.
    pub async fn connect(url: &str) -> Result<Self, ChainError> {
        let rpc = RpcClient::from_insecure_url(url)
            .await
            .map_err(|e| ChainError::Transport(format!("cannot connect to {url}: {e}")))?;
        let config = PolkadotConfig::builder()
            .use_historic_types(false)
            .build();
        let api = OnlineClient::from_rpc_client_with_config(config, rpc.clone())
            .await
            .map_err(transport)?;
        Ok(Self { api, rpc })
    }

    /// Calls a node RPC method (`quarry_task`, ...).
    async fn rpc<R: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        params: subxt::rpcs::client::RpcParams,
    ) -> Result<R, ChainError> {
        self.rpc
            .request(method, params)
            .await
            .map_err(|e| ChainError::Transport(format!("{method}: {e}")))
    }

    /// A task as the node's `quarry_task` RPC shows it, `None` once settled.
    pub async fn task(&self, id: TaskId) -> Result<Option<TaskView>, ChainError> {
        self.rpc("quarry_task", rpc_params![id]).await
    }

    /// Tasks matching `filter`, all pages. The node scans at most `MAX_IDS_SCANNED` ids per
    /// call, so an empty page only ends the list once past the chain's next task id.
    pub async fn tasks(&self, filter: serde_json::Value) -> Result<Vec<TaskView>, ChainError> {
        const IDS_SCANNED_PER_CALL: u64 = 10_000;
        let next_id = self.next_task_id().await?;
        let mut all: Vec<TaskView> = Vec::new();
        let mut start = 0u64;
        while start < next_id {
            let page: Vec<TaskView> = self
                .rpc("quarry_tasks", rpc_params![filter.clone(), start, 100u32])
                .await?;
            start = match page.last() {
                Some(last) => last.id + 1,
                None => start + IDS_SCANNED_PER_CALL,
            };
            all.extend(page);
        }
        Ok(all)
    }

    /// The id the next submitted task gets (`Tasks::NextTaskId`).
    pub async fn next_task_id(&self) -> Result<TaskId, ChainError> {
        let at = self.api.at_current_block().await.map_err(transport)?;
        let address = dynamic::storage::<(), u64>("Tasks", "NextTaskId");
        let value = at.storage().fetch(address, ()).await.map_err(transport)?;
        value.decode().map_err(transport)
    }

    /// `who`'s reputation, parts per million.
    pub async fn reputation_ppm(&self, who: &AccountId) -> Result<u32, ChainError> {
        let v: serde_json::Value = self.rpc("quarry_reputation", rpc_params![who.to_string()]).await?;
        v["scorePpm"]
            .as_u64()
            .map(|p| p as u32)
            .ok_or_else(|| ChainError::Transport(format!("quarry_reputation answered {v}")))
    }

    /// Seconds per block (`Aura::SlotDuration`).
    pub async fn block_seconds(&self) -> Result<f64, ChainError> {
        let at = self.api.at_current_block().await.map_err(transport)?;
        let ms = at
            .constants()
            .entry(dynamic::constant::<u64>("Aura", "SlotDuration"))
            .map_err(transport)?;
        Ok(ms as f64 / 1000.0)
    }

    /// The latest finalized block number.
    pub async fn finalized_number(&self) -> Result<u32, ChainError> {
        let at = self.api.at_current_block().await.map_err(transport)?;
        Ok(at.block_number() as u32)
    }

    /// The hash of block `number`, 0x hex.
    pub async fn block_hash(&self, number: u32) -> Result<Option<String>, ChainError> {
        self.rpc("chain_getBlockHash", rpc_params![number]).await
    }

    /// The market events of block `number` (needs its state, so within the node's pruning
    /// window; archive nodes keep all).
    pub async fn events_at(&self, number: u32) -> Result<BlockEvents, ChainError> {
        let at = self.api.at_block(number).await.map_err(transport)?;
        let hash = format!("{:?}", at.block_hash());
        let events = at.events().fetch().await.map_err(transport)?;
        let mut out = Vec::new();
        for ev in events.iter() {
            let ev = ev.map_err(transport)?;
            if let Some(m) = market_event(&ev).map_err(ChainError::Transport)? {
                out.push(m);
            }
        }
        Ok(BlockEvents { number, hash, events: out })
    }

    /// Signs `call` (pallet `Tasks`) as `signer`, submits it and waits until it is in a block:
    /// its fee and market events, or the chain's refusal with the pallet error's name. Several
    /// calls may run at once: nonces come from `signer`'s counter, so they queue in the pool.
    async fn submit<CallData: scale_encode::EncodeAsFields>(
        &self,
        signer: &Signer,
        call_name: &str,
        call_data: CallData,
    ) -> Result<Included, ChainError> {
        let started = Instant::now();
        let payload = dynamic::tx("Tasks", call_name, call_data);
        let refused = |e: &dyn core::fmt::Display| ChainError::Refused(format!("Tasks::{call_name}: {e}"));
        let mut progress = {
            let mut nonce = signer.nonce.lock().await;
            let next = match *nonce {
                Some(n) => n,
                None => {
                    self.rpc::<u64>("system_accountNextIndex", rpc_params![signer.account.to_string()])
                        .await?
                }
            };
            let params = subxt::config::PolkadotExtrinsicParamsBuilder::new()
                .nonce(next)
                .build();
            let mut tx = self.api.tx().await.map_err(transport)?;
            let submitted = match tx.create_signed(&payload, &signer.key, params).await {
                Ok(signed) => signed.submit_and_watch().await,
                Err(e) => Err(e),
            };
            match submitted {
                Ok(progress) => {
                    *nonce = Some(next + 1);
                    progress
                }
                Err(e) => {
                    // Read the nonce again next time: the pool may know better.
                    *nonce = None;
                    return Err(refused(&e));
                }
            }
        };
        while let Some(status) = progress.next().await {
            let in_block = match status.map_err(transport)? {
                TransactionStatus::InBestBlock(b) | TransactionStatus::InFinalizedBlock(b) => b,
                TransactionStatus::Error { message }
                | TransactionStatus::Invalid { message }
                | TransactionStatus::Dropped { message } => {
                    *signer.nonce.lock().await = None;
                    return Err(refused(&message));
                }
                _ => continue,
            };
            let block = format!("{:?}", in_block.block_hash());
            let all = in_block.fetch_events().await.map_err(transport)?;
            let mut fee_paid = 0;
            let mut events = Vec::new();
            let mut failed = false;
            for ev in all.iter() {
                let ev = ev.map_err(transport)?;
                match (ev.pallet_name(), ev.event_name()) {
                    ("System", "ExtrinsicFailed") => failed = true,
                    ("TransactionPayment", "TransactionFeePaid") => {
                        let fee: FeePaid = ev.decode_fields_unchecked_as().map_err(transport)?;
                        if fee.who == signer.account {
                            fee_paid = fee.actual_fee;
                        }
                    }
                    _ => {
                        if let Some(m) = market_event(&ev).map_err(ChainError::Transport)? {
                            events.push(m);
                        }
                    }
                }
            }
            if failed {
                let error = match in_block.wait_for_success().await {
                    Err(e) => e.to_string(),
                    Ok(_) => "failed".into(),
                };
                return Err(ChainError::Refused(format!(
                    "Tasks::{call_name} failed in block {block} (fee {fee_paid} paid): {error}"
                )));
            }
            return Ok(Included {
                block,
                fee_paid,
                events,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
        Err(ChainError::Transport(format!(
            "Tasks::{call_name}: the node stopped reporting the transaction"
        )))
    }

    /// `Tasks::submit_task`.
    pub async fn submit_task(
        &self,
        signer: &Signer,
        circuit: CircuitId,
        input: Vec<u8>,
        offer: Offer,
        min_reputation_ppm: u32,
        mode: Mode,
    ) -> Result<Included, ChainError> {
        self.submit(
            signer,
            "submit_task",
            (circuit, input, offer, min_reputation_ppm, mode),
        )
        .await
    }

    /// `Tasks::lock_task`.
    pub async fn lock_task(&self, signer: &Signer, task: TaskId) -> Result<Included, ChainError> {
        self.submit(signer, "lock_task", (task,)).await
    }

    /// `Tasks::submit_proof`.
    pub async fn submit_proof(
        &self,
        signer: &Signer,
        task: TaskId,
        outputs: Vec<FieldBytes>,
        proof: Vec<u8>,
    ) -> Result<Included, ChainError> {
        self.submit(signer, "submit_proof", (task, outputs, proof)).await
    }

    /// `Tasks::cancel_task`.
    pub async fn cancel_task(&self, signer: &Signer, task: TaskId) -> Result<Included, ChainError> {
        self.submit(signer, "cancel_task", (task,)).await
    }

    /// The fee the node would charge `signer` for `Tasks::lock_task` plus `Tasks::submit_proof`
    /// of a proof of `proof_len` bytes (the cost a prover weighs against a task's price).
    pub async fn fee_estimate(
        &self,
        signer: &Signer,
        circuit: CircuitId,
    ) -> Result<Balance, ChainError> {
        let info = quarry_circuits::info(circuit)
            .ok_or_else(|| ChainError::Refused(format!("unknown circuit {circuit}")))?;
        let mut total = 0;
        let lock = dynamic::tx("Tasks", "lock_task", (0u64,));
        let outputs = vec![[0u8; 32]; info.outputs as usize];
        let proof = dynamic::tx(
            "Tasks",
            "submit_proof",
            (0u64, outputs, vec![0u8; info.proof_len as usize]),
        );
        let mut tx = self.api.tx().await.map_err(transport)?;
        for signed in [
            tx.create_signed(&lock, &signer.key, Default::default()).await,
            tx.create_signed(&proof, &signer.key, Default::default()).await,
        ] {
            let signed = signed.map_err(transport)?;
            total += signed.partial_fee_estimate().await.map_err(transport)?;
        }
        Ok(total)
    }

    /// Finalized blocks as they come.
    pub async fn finalized_blocks(
        &self,
    ) -> Result<subxt::client::Blocks<PolkadotConfig>, ChainError> {
        self.api.stream_blocks().await.map_err(transport)
    }
}

/// A task as the node's `quarry_task`/`quarry_tasks` RPC returns it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    /// Task id.
    pub id: TaskId,
    /// Who pays (SS58).
    pub dapp: String,
    /// Circuit id.
    pub circuit: CircuitId,
    /// `lock` or `race`.
    pub mode: String,
    /// Offer: price at submission.
    pub min_price: String,
    /// Offer: highest price.
    pub max_price: String,
    /// Blocks of the price ramp.
    pub ramp_blocks: u32,
    /// Blocks a locker has.
    pub lock_blocks: u32,
    /// Collateral of a lock.
    pub collateral: String,
    /// Lowest reputation, ppm.
    pub min_reputation_ppm: u32,
    /// Block of submission.
    pub submitted_at: u32,
    /// Last block in which it can be fulfilled.
    pub deadline: u32,
    /// First block open to every prover (before it, only the mining winner may take the task).
    pub priority_until: u32,
    /// The mining winner (SS58), if any.
    pub priority_prover: Option<String>,
    /// `{state: open|locked|lockFailed, prover?, price?, expiresAt?}`.
    pub status: serde_json::Value,
    /// Price now.
    pub current_price: String,
}
