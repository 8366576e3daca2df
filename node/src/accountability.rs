//! Reports Aura equivocations: an authority that sealed two blocks for one slot.
//!
//! `sc-consensus-aura` notices an equivocation while verifying an import, but only logs it, and
//! the headers it remembers have their seals removed, so they prove nothing. This task watches
//! every imported header itself, remembers the sealed headers of recent slots with their authors,
//! and when an author's second header for a slot arrives it builds the proof, asks the runtime for
//! a key-ownership proof at the block's parent (the state that chose the author), and puts an
//! unsigned `AuraEquivocation::report_equivocation_unsigned` into the node's own pool. Reports
//! are not gossiped: every validator that sees both blocks reports, and the first one to author
//! includes it. Memory is in-process: a node restarted between the two blocks misses that pair.

use std::{collections::BTreeMap, sync::Arc};

use futures::StreamExt;
use quarry_primitives::accountability::AuraEquivocationApi;
use quarry_runtime::{opaque::Block, AuraEquivocationProof};
use sc_client_api::BlockchainEvents;
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_consensus_aura::{
    sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair, AuthoritySignature},
    AuraApi, Slot,
};
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};

use crate::service::FullClient;

const LOG_TARGET: &str = "quarry-accountability";

/// Slots of headers remembered (sc-consensus-slots keeps as many): a second header more than this
/// many slots late is not reported.
const REMEMBERED_SLOTS: u64 = 1000;

type Header = <Block as BlockT>::Header;

/// The sealed headers seen for recent slots, with the authority each slot's author was.
#[derive(Default)]
pub struct SlotHeaders {
    by_slot: BTreeMap<Slot, Vec<(AuraId, Header)>>,
}

impl SlotHeaders {
    /// Notes `header`, sealed by `author` for `slot`. Returns the equivocation if `author` had
    /// already sealed a different header for that slot.
    pub fn note(&mut self, slot: Slot, author: AuraId, header: Header) -> Option<AuraEquivocationProof> {
        let oldest = Slot::from(u64::from(slot).saturating_sub(REMEMBERED_SLOTS));
        while self.by_slot.first_key_value().is_some_and(|(first, _)| *first < oldest) {
            self.by_slot.pop_first();
        }
        let headers = self.by_slot.entry(slot).or_default();
        match headers.iter().find(|(seen_author, _)| *seen_author == author) {
            Some((_, first)) if unsealed_hash(first) != unsealed_hash(&header) => Some(AuraEquivocationProof {
                offender: author,
                slot,
                first_header: first.clone(),
                second_header: header,
            }),
            Some(_) => None,
            None => {
                headers.push((author, header));
                None
            },
        }
    }
}

/// The hash of `header` without its seal (the last digest item): one block sealed twice (the
/// seals differ, sr25519 signing is randomised) is not an equivocation, and the runtime agrees.
fn unsealed_hash(header: &Header) -> <Block as BlockT>::Hash {
    let mut header = header.clone();
    header.digest_mut().pop();
    header.hash()
}

/// Watches imports until the node stops, reporting every equivocation it sees.
pub async fn report_aura_equivocations(
    client: Arc<FullClient>,
    offchain_tx_pool_factory: OffchainTransactionPoolFactory<Block>,
) {
    let mut seen = SlotHeaders::default();
    let mut imports = client.every_import_notification_stream();
    while let Some(import) = imports.next().await {
        let header = import.header;
        let Some((slot, author)) = slot_and_author(&client, &header) else { continue };
        let Some(proof) = seen.note(slot, author, header) else { continue };
        log::warn!(
            target: LOG_TARGET,
            "🚨 Aura equivocation at slot {slot}: {} sealed both {} and {}",
            proof.offender,
            proof.first_header.hash(),
            proof.second_header.hash(),
        );
        match submit_report(&client, &offchain_tx_pool_factory, proof) {
            Ok(()) => log::info!(target: LOG_TARGET, "equivocation report submitted to the local pool"),
            Err(e) => log::warn!(target: LOG_TARGET, "equivocation not reported: {e}"),
        }
    }
}

/// The slot `header` claims and the authority Aura assigns to it (from the parent's authorities).
fn slot_and_author(client: &FullClient, header: &Header) -> Option<(Slot, AuraId)> {
    if header.number() == &0 {
        return None;
    }
    let slot = sc_consensus_aura::find_pre_digest::<Block, AuthoritySignature>(header).ok()?;
    let authorities = client.runtime_api().authorities(*header.parent_hash()).ok()?;
    let author = sc_consensus_aura::standalone::slot_author::<AuraPair>(slot, &authorities)?;
    Some((slot, author.clone()))
}

fn submit_report(
    client: &FullClient,
    offchain_tx_pool_factory: &OffchainTransactionPoolFactory<Block>,
    proof: AuraEquivocationProof,
) -> Result<(), String> {
    let sealed_under = *proof.second_header.parent_hash();
    let key_owner_proof = client
        .runtime_api()
        .generate_key_ownership_proof(sealed_under, proof.offender.clone())
        .map_err(|e| format!("runtime API: {e}"))?
        .ok_or("the key belongs to no validator of that session")?;
    let best = client.info().best_hash;
    let mut api = client.runtime_api();
    api.register_extension(offchain_tx_pool_factory.offchain_transaction_pool(best));
    api.submit_report_equivocation_unsigned_extrinsic(best, proof, key_owner_proof)
        .map_err(|e| format!("runtime API: {e}"))?
        .ok_or_else(|| "the pool refused the report (already reported?)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sp_core::crypto::UncheckedFrom;

    fn header(number: u32, extra: u8) -> Header {
        Header::new(number, [extra; 32].into(), Default::default(), [1; 32].into(), Default::default())
    }

    #[test]
    fn a_second_header_for_a_slot_by_its_author_is_an_equivocation() {
        let alice = AuraId::unchecked_from([1; 32]);
        let bob = AuraId::unchecked_from([2; 32]);
        let mut seen = SlotHeaders::default();
        assert!(seen.note(Slot::from(10), alice.clone(), header(5, 1)).is_none());
        // The same block imported twice (re-announced) is not.
        assert!(seen.note(Slot::from(10), alice.clone(), header(5, 1)).is_none());
        // Another author's block for the slot is not this author's equivocation.
        assert!(seen.note(Slot::from(10), bob, header(5, 3)).is_none());
        let proof = seen.note(Slot::from(10), alice.clone(), header(5, 2)).expect("equivocation");
        assert_eq!(proof.offender, alice);
        assert_eq!(proof.slot, Slot::from(10));
        assert_eq!(proof.first_header, header(5, 1));
        assert_eq!(proof.second_header, header(5, 2));
    }

    #[test]
    fn old_slots_are_forgotten() {
        let alice = AuraId::unchecked_from([1; 32]);
        let mut seen = SlotHeaders::default();
        seen.note(Slot::from(10), alice.clone(), header(5, 1));
        seen.note(Slot::from(10 + REMEMBERED_SLOTS + 1), alice.clone(), header(6, 1));
        assert_eq!(seen.by_slot.len(), 1);
        assert!(seen.note(Slot::from(10), alice, header(5, 2)).is_none());
    }
}
