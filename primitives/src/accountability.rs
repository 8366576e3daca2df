//! The runtime API behind the node's Aura equivocation reports.
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
    /// What the node needs to report an authority that sealed two blocks for one slot.
    /// `Proof` is the runtime's equivocation proof (`sp_consensus_slots::EquivocationProof` of
    /// two headers and the Aura key); key-ownership proofs travel SCALE-encoded.
    pub trait AuraEquivocationApi<AuthorityId: Codec, Proof: Codec> {
        /// A proof that `authority` was a validator's Aura key in the session of the state this
        /// is called at (call it at the parent of an equivocating block: that state chose the
        /// block's author); `None` if it was not.
        fn generate_key_ownership_proof(authority: AuthorityId) -> Option<Vec<u8>>;

        /// Puts an unsigned report into the node's transaction pool (needs the offchain
        /// transaction pool extension); `None` if the proof does not decode or the pool refused.
        fn submit_report_equivocation_unsigned_extrinsic(
            equivocation_proof: Proof,
            key_owner_proof: Vec<u8>,
        ) -> Option<()>;
    }
}
