//! The rewards runtime API, behind the node's `quarry_pendingRewards` RPC.

use codec::Codec;

sp_api::decl_runtime_apis! {
    /// Rewards owed and not yet paid.
    pub trait RewardsApi<AccountId: Codec> {
        /// What `who` is owed by epochs not yet paid out: PoS points as a validator (before the
        /// ZK-duty penalty and commission), its share as a delegator, and its mining share (the
        /// running epoch estimated from the shares so far).
        fn pending_rewards(who: AccountId) -> u128;
    }
}
