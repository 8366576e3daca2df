//! # Quarry Rewards Pallet
//!
//! Quarry's tiered block reward: every block mints the scheduled issuance, adds the transaction
//! fees it collected, and splits the sum into four tiers — **PoS** (validators and their
//! delegators), **mining** (miners, pro rata to their shares), **proving** (a pot for the task
//! market) and **treasury**.
//!
//! ## Issuance
//!
//! `issuance(n) = max(MinBlockReward, InitialBlockReward · (1 − DecayPerPeriod)^⌊n / DecayPeriod⌋)`
//! ([`Pallet::issuance`]): a geometric decay per period (a year in the runtime) with a floor.
//!
//! ## Split (per block)
//!
//! `R = issuance + fees` is split by [`TierShares`] (basis points summing to 10,000, checked at
//! genesis and in [`Pallet::set_tier_shares`]): `pos = R·pos/10⁴`, `mining = R·mining/10⁴`,
//! `proving = R·proving/10⁴`, `treasury = R − pos − mining − proving` (so rounding dust goes to
//! the treasury and the four parts sum to `R` exactly).
//!
//! - **PoS**: credited to the block's author ([`Config::FindAuthor`]) in [`PosPoints`] for the
//!   current mining epoch. Paid after the epoch: a validator whose own account (or its named miner
//!   account) landed no solution in the epoch (`pallet_quarry_mining::Pallet::did_zk_duty`) loses
//!   [`Config::ZkDutyPenalty`] of it to the treasury; of the rest, the validator keeps its
//!   commission and shares the remainder with its delegators pro rata to stake (its self-bond
//!   counts as its own stake). A block without a known author sends its PoS part to the treasury.
//! - **Mining**: accumulated per epoch in [`EpochBooks`]; paid after the epoch to every miner pro
//!   rata to its shares (summed solution quality), as Aleo pays `target_i / Σ targets`. An epoch
//!   without solutions sends it to the treasury.
//! - **Proving**: moved to [`Config::ProvingPot`] every block. The task market credits verified
//!   proving work ([`ProvingPoints`], through `pallet_quarry_tasks::ProvingWork`: the circuit's
//!   work weight × the price's weight × the prover's reputation, only for tasks another account
//!   paid). After the epoch, its proving tier (plus whatever was carried over) is paid from the
//!   pot to the provers pro rata to their points, each capped at its bond divided by
//!   [`Config::ProvingCapDivisor`] (Boundless caps at stake / 15): a prover cannot earn more than
//!   its stake backs, whatever work it manufactures. What no one earned (an epoch without
//!   verified work, capped excess) is carried to the next epoch's provers ([`ProvingCarry`]).
//! - **Treasury**: moved to [`Config::Treasury`] every block.
//!
//! ## Payouts
//!
//! Minted issuance and collected fees sit in the pallet's pot account ([`Pallet::pot`]) until paid.
//! When an epoch ends its payout is queued ([`PayoutQueue`]); every `on_initialize` pays at most
//! one validator (with its at most `MaxDelegatorsPerCandidate` delegators), or
//! [`Config::MinersPerBlock`] miners, or as many provers, of the oldest queued epoch. No hook loops over an unbounded
//! set. A payout that cannot be made (e.g. below the existential deposit of a new account) goes
//! to the treasury, so nothing is lost.
//!
//! ## Conservation
//!
//! Per epoch, [`EpochBooks`] records `minted + fees = pos + mining + proving + treasury`, and after
//! payout `pos + mining = paid + withheld_to_treasury`, to the last unit. `try_state` checks that
//! the pot holds exactly the unpaid part of every open epoch (plus its existential deposit), and
//! that the proving pot holds exactly the carry plus the unpaid proving tiers of open epochs (plus
//! its existential deposit).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod attack_tests;
pub mod weights;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{Balanced, Credit, Inspect, Mutate},
        tokens::Preservation,
        FindAuthor, Imbalance, OnUnbalanced,
    },
    PalletId,
};
use frame_system::pallet_prelude::*;
use pallet_quarry_mining::EpochIndex;
use scale_info::TypeInfo;
use sp_runtime::{
    traits::{AccountIdConversion, Saturating, UniqueSaturatedInto, Zero},
    Perbill,
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::rewards";

/// Balances are `u128` (Quarry's `Balance`).
pub type Balance = u128;

/// Basis points of each tier; they sum to 10,000.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    TypeInfo,
    MaxEncodedLen,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct TierSplit {
    /// Validators and delegators.
    pub pos: u16,
    /// Miners.
    pub mining: u16,
    /// The proving pot (task market).
    pub proving: u16,
    /// The treasury.
    pub treasury: u16,
}

impl Default for TierSplit {
    /// PoS 40 %, mining 30 %, proving 20 %, treasury 10 %.
    fn default() -> Self {
        Self { pos: 4000, mining: 3000, proving: 2000, treasury: 1000 }
    }
}

impl TierSplit {
    /// Whether the shares sum to 10,000 basis points.
    pub fn is_complete(&self) -> bool {
        self.pos as u32 + self.mining as u32 + self.proving as u32 + self.treasury as u32 == 10_000
    }

    /// `amount` split into `(pos, mining, proving, treasury)`; the treasury takes the rounding
    /// remainder, so the parts sum to `amount`.
    pub fn split(&self, amount: Balance) -> (Balance, Balance, Balance, Balance) {
        let part = |bps: u16| bps_of(amount, bps);
        let (pos, mining, proving) = (part(self.pos), part(self.mining), part(self.proving));
        (pos, mining, proving, amount - pos - mining - proving)
    }
}

/// `amount · bps / 10,000`, rounded down, without overflow.
fn bps_of(amount: Balance, bps: u16) -> Balance {
    let bps = bps as Balance;
    amount / 10_000 * bps + amount % 10_000 * bps / 10_000
}

/// `amount · part / whole`, rounded down, exact for any `u128` inputs (`part <= whole`).
fn pro_rata(amount: Balance, part: Balance, whole: Balance) -> Balance {
    if whole == 0 {
        return 0;
    }
    sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
        amount,
        part,
        whole,
        sp_runtime::Rounding::Down,
    )
    .unwrap_or(0)
}

/// The rewards of one epoch, as they were made and paid.
#[derive(
    Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default,
)]
pub struct EpochBook {
    /// Issuance minted in the epoch's blocks.
    pub minted: Balance,
    /// Transaction fees collected in the epoch's blocks.
    pub fees: Balance,
    /// PoS tier credited to validators (including parts later withheld).
    pub pos: Balance,
    /// Mining tier.
    pub mining: Balance,
    /// Proving tier (moved to the proving pot).
    pub proving: Balance,
    /// Treasury tier plus everything else the treasury received for this epoch (PoS of blocks
    /// without author, withheld ZK-duty penalties, unpayable payouts, rounding dust).
    pub treasury: Balance,
    /// Paid to validators, delegators and miners.
    pub paid: Balance,
    /// Proving tier carried in from earlier epochs when this epoch's provers were paid.
    pub proving_carry_in: Balance,
    /// Paid to provers (from the proving pot).
    pub proving_paid: Balance,
    /// Proving tier no prover earned, carried to the next epoch.
    pub proving_carry_out: Balance,
}

impl EpochBook {
    /// What the pot still owes for this epoch: `minted + fees − proving − treasury − paid`.
    pub fn outstanding(&self) -> Balance {
        (self.minted + self.fees).saturating_sub(self.proving + self.treasury + self.paid)
    }

    /// What the proving pot still owes for this epoch.
    pub fn proving_outstanding(&self) -> Balance {
        (self.proving + self.proving_carry_in)
            .saturating_sub(self.proving_paid + self.proving_carry_out)
    }
}

/// Progress of an epoch's payout.
#[derive(
    Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug,
)]
pub struct Payout {
    /// The epoch being paid.
    pub epoch: EpochIndex,
    /// Last miner key paid (raw storage key of `pallet_quarry_mining::MinerStats`), `None` before
    /// the first.
    pub miner_cursor: Option<BoundedVec<u8, ConstU32<128>>>,
    /// Whether every miner has been paid.
    pub miners_done: bool,
    /// Provers' progress.
    pub provers: ProverPayout,
}

/// Progress of an epoch's proving payout.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub enum ProverPayout {
    /// Not started: the carry has not been taken in yet.
    Pending,
    /// Paying, after the prover with this raw storage key (`None`: from the first).
    Paying(Option<BoundedVec<u8, ConstU32<128>>>),
    /// Every prover paid; the rest carried out.
    Done,
}

impl Payout {
    /// A new payout of `epoch`.
    pub fn new(epoch: EpochIndex) -> Self {
        Self { epoch, miner_cursor: None, miners_done: false, provers: ProverPayout::Pending }
    }
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;

    /// 1: PoS paid from exposure snapshots ([`Exposures`]), authors noted in
    /// `on_initialize` ([`BlockAuthor`]); see [`crate::migrations`].
    const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config:
        frame_system::Config + pallet_quarry_staking::Config + pallet_quarry_mining::Config
    {
        /// The currency minted and paid.
        type Currency: Mutate<Self::AccountId, Balance = Balance> + Balanced<Self::AccountId>;

        /// Who authored the current block (from its digest).
        type FindAuthor: FindAuthor<Self::AccountId>;

        /// Id of the pot account holding unpaid rewards.
        #[pallet::constant]
        type PalletId: Get<PalletId>;

        /// Receives the treasury tier and everything withheld.
        type Treasury: Get<Self::AccountId>;

        /// Receives the proving tier (until the task market pays it out).
        type ProvingPot: Get<Self::AccountId>;

        /// Issuance of the first blocks.
        #[pallet::constant]
        type InitialBlockReward: Get<Balance>;

        /// Issuance never falls below this.
        #[pallet::constant]
        type MinBlockReward: Get<Balance>;

        /// Share by which the issuance falls every [`Config::DecayPeriod`].
        #[pallet::constant]
        type DecayPerPeriod: Get<Perbill>;

        /// Blocks per decay period.
        #[pallet::constant]
        type DecayPeriod: Get<BlockNumberFor<Self>>;

        /// Share of its PoS reward a validator loses when neither it nor its miner account landed
        /// a solution in the epoch.
        #[pallet::constant]
        type ZkDutyPenalty: Get<Perbill>;

        /// Miners (and provers) paid per payout step.
        #[pallet::constant]
        type MinersPerBlock: Get<u32>;

        /// Payout steps per block (a step pays one validator with its delegators, or
        /// `MinersPerBlock` miners or provers, or closes an epoch). Enough that an epoch's
        /// worst case is paid within the next epoch (see the crate docs).
        #[pallet::constant]
        type PayoutStepsPerBlock: Get<u32>;

        /// A prover's proving reward per epoch is at most its bond divided by this.
        #[pallet::constant]
        type ProvingCapDivisor: Get<Balance>;

        /// Weights.
        type WeightInfo: WeightInfo;
    }

    /// Basis points of each tier.
    #[pallet::storage]
    pub type TierShares<T: Config> = StorageValue<_, TierSplit, ValueQuery>;

    /// Fees collected in the current block (cleared in `on_finalize`).
    #[pallet::storage]
    pub type BlockFees<T: Config> = StorageValue<_, Balance, ValueQuery>;

    /// The epoch the current block belongs to (set in `on_initialize`).
    #[pallet::storage]
    pub type BlockEpoch<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

    /// The last epoch seen in `on_initialize`; when the mining epoch moves past it, its payout is
    /// queued.
    #[pallet::storage]
    pub type LastEpoch<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

    /// The author of the current block, noted in `on_initialize` (before `pallet-session` can
    /// rotate the authority set) and taken in `on_finalize`. It also receives the block's tips.
    #[pallet::storage]
    pub type BlockAuthor<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

    /// Per epoch and validator: what backed it when the epoch started (self-bond, delegations,
    /// commission). The epoch's PoS reward is paid from it, so delegating, bonding or raising
    /// the commission during the epoch does not change the epoch's payout. Taken for every
    /// possible author when the epoch starts; removed when the epoch closes.
    #[pallet::storage]
    pub type Exposures<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Twox64Concat,
        T::AccountId,
        pallet_quarry_staking::Exposure<T>,
        OptionQuery,
    >;

    /// PoS rewards credited per epoch and block author, not yet paid.
    #[pallet::storage]
    pub type PosPoints<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Blake2_128Concat,
        T::AccountId,
        Balance,
        ValueQuery,
    >;

    /// Per epoch: what was minted, collected, split and paid. Removed when the epoch is paid.
    #[pallet::storage]
    pub type EpochBooks<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, EpochBook, OptionQuery>;

    /// Verified proving work credited per epoch and prover (by the task market), not yet paid.
    #[pallet::storage]
    pub type ProvingPoints<T: Config> = StorageDoubleMap<
        _,
        Twox64Concat,
        EpochIndex,
        Blake2_128Concat,
        T::AccountId,
        u64,
        ValueQuery,
    >;

    /// Total proving work credited per epoch.
    #[pallet::storage]
    pub type ProvingTotals<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, u64, ValueQuery>;

    /// Proving tier no prover has earned yet (epochs without verified work, capped excess): paid
    /// with the next epoch whose provers are paid.
    #[pallet::storage]
    pub type ProvingCarry<T: Config> = StorageValue<_, Balance, ValueQuery>;

    /// Epochs ended and not yet fully paid, oldest first; the first one is being paid.
    #[pallet::storage]
    pub type PayoutQueue<T: Config> =
        StorageValue<_, BoundedVec<Payout, ConstU32<{ MAX_QUEUED_EPOCHS }>>, ValueQuery>;

    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// Tier shares in basis points (must sum to 10,000).
        pub tier_shares: TierSplit,
        #[serde(skip)]
        pub _config: core::marker::PhantomData<T>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            assert!(
                self.tier_shares.is_complete(),
                "quarry-rewards genesis: tier shares {:?} do not sum to 10,000 basis points",
                self.tier_shares
            );
            TierShares::<T>::put(self.tier_shares);
            Pallet::<T>::snapshot_exposures(0);
            // The pot keeps its existential deposit so payouts can always use `Preserve`.
            let pot = Pallet::<T>::pot();
            let ed = <T as Config>::Currency::minimum_balance();
            for pot in [pot, T::ProvingPot::get()] {
                if <T as Config>::Currency::balance(&pot) < ed {
                    <T as Config>::Currency::mint_into(&pot, ed).expect("minting a pot's ED");
                }
            }
        }
    }

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A validator's PoS reward for an epoch: `withheld` went to the treasury for a missed
        /// ZK duty, `commission` was kept, `to_delegators` shared.
        ValidatorPaid {
            epoch: EpochIndex,
            validator: T::AccountId,
            commission: Balance,
            own_stake_share: Balance,
            to_delegators: Balance,
            withheld: Balance,
        },
        /// A delegator's share of a validator's PoS reward.
        DelegatorPaid { epoch: EpochIndex, delegator: T::AccountId, validator: T::AccountId, amount: Balance },
        /// A miner's share of an epoch's mining tier.
        MinerPaid { epoch: EpochIndex, miner: T::AccountId, amount: Balance },
        /// A prover's share of an epoch's proving tier for `points` of verified work (`capped`
        /// when its bond limited it).
        ProverPaid { epoch: EpochIndex, prover: T::AccountId, points: u64, amount: Balance, capped: bool },
        /// An epoch's provers were paid; `carried` goes to the next epoch's provers.
        ProvingPaid { epoch: EpochIndex, paid: Balance, carried: Balance },
        /// An epoch's payout finished; `dust` (rounding) went to the treasury.
        EpochPaid { epoch: EpochIndex, paid: Balance, to_treasury: Balance, dust: Balance },
        /// The tier shares changed.
        TierSharesSet { shares: TierSplit },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// Tier shares must sum to 10,000 basis points.
        SharesNotComplete,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
            let epoch = pallet_quarry_mining::CurrentEpoch::<T>::get().index;
            BlockEpoch::<T>::put(epoch);
            let author = T::FindAuthor::find_author(
                frame_system::Pallet::<T>::digest()
                    .logs
                    .iter()
                    .filter_map(|item| item.as_pre_runtime()),
            );
            BlockAuthor::<T>::set(author);
            let mut weight = T::DbWeight::get().reads_writes(4, 4);
            let last = LastEpoch::<T>::get();
            if epoch > last {
                LastEpoch::<T>::put(epoch);
                Self::queue_payout(last);
                let exposed = Self::snapshot_exposures(epoch);
                weight = weight.saturating_add(Self::snapshot_weight(exposed));
            }
            for _ in 0..T::PayoutStepsPerBlock::get() {
                match Self::payout_step() {
                    Some(step) => weight = weight.saturating_add(step),
                    None => break,
                }
            }
            weight.saturating_add(<T as Config>::WeightInfo::on_finalize())
        }

        fn on_finalize(n: BlockNumberFor<T>) {
            Self::reward_block(n);
        }

        fn integrity_test() {
            assert!(T::DecayPeriod::get() > Zero::zero(), "DecayPeriod must be positive");
            assert!(T::MinersPerBlock::get() > 0, "MinersPerBlock must be positive");
            assert!(T::PayoutStepsPerBlock::get() > 0, "PayoutStepsPerBlock must be positive");
            // A queued epoch's mining statistics must outlive the queue.
            assert!(
                <T as pallet_quarry_mining::Config>::HistoryDepth::get() >= MAX_QUEUED_EPOCHS + 2,
                "the mining pallet's HistoryDepth must exceed the payout queue by 2"
            );
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
            Self::do_try_state()
        }
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Set the tier shares (root). Applies from the next block.
        #[pallet::call_index(0)]
        #[pallet::weight(<T as Config>::WeightInfo::set_tier_shares())]
        pub fn set_tier_shares(origin: OriginFor<T>, shares: TierSplit) -> DispatchResult {
            ensure_root(origin)?;
            ensure!(shares.is_complete(), Error::<T>::SharesNotComplete);
            TierShares::<T>::put(shares);
            Self::deposit_event(Event::TierSharesSet { shares });
            Ok(())
        }
    }
}

/// At most this many epochs wait for payout (payouts finish within an epoch in practice).
pub const MAX_QUEUED_EPOCHS: u32 = 8;

impl<T: Config> Pallet<T> {
    /// The pot account: unpaid rewards of open epochs (plus its existential deposit).
    pub fn pot() -> T::AccountId {
        T::PalletId::get().into_account_truncating()
    }

    /// Issuance of block `n`.
    pub fn issuance(n: BlockNumberFor<T>) -> Balance {
        let periods: u32 = (n / T::DecayPeriod::get()).unique_saturated_into();
        let factor = (Perbill::one() - T::DecayPerPeriod::get()).saturating_pow(periods as usize);
        (factor * T::InitialBlockReward::get()).max(T::MinBlockReward::get())
    }

    /// Snapshot the exposure of every possible author of `epoch`
    /// ([`pallet_quarry_staking::Pallet::possible_authors`]); returns how many were taken.
    fn snapshot_exposures(epoch: EpochIndex) -> u32 {
        pallet_quarry_staking::Pallet::<T>::possible_authors()
            .iter()
            .filter(|validator| Self::snapshot_exposure(epoch, validator))
            .count() as u32
    }

    /// Store `validator`'s exposure for `epoch`; `false` when it is not a candidate (nothing
    /// backs it).
    fn snapshot_exposure(epoch: EpochIndex, validator: &T::AccountId) -> bool {
        let exposure = pallet_quarry_staking::Pallet::<T>::exposure_of(validator);
        let taken = exposure.is_some();
        if let Some(exposure) = exposure {
            Exposures::<T>::insert(epoch, validator, exposure);
        }
        taken
    }

    /// Weight of [`Self::snapshot_exposures`] for `validators`: four reads (list, ledger,
    /// candidate, delegations) and one write each.
    fn snapshot_weight(validators: u32) -> Weight {
        T::DbWeight::get().reads_writes(2 + 3 * validators as u64, validators as u64)
    }

    /// Mint block `n`'s issuance, split it with the block's fees, credit the tiers.
    fn reward_block(n: BlockNumberFor<T>) {
        let epoch = BlockEpoch::<T>::take();
        let fees = BlockFees::<T>::take();
        let issuance = Self::issuance(n);
        let minted = match <T as Config>::Currency::mint_into(&Self::pot(), issuance) {
            Ok(_) => issuance,
            Err(e) => {
                log::error!(target: LOG_TARGET, "cannot mint the block reward: {e:?}");
                0
            }
        };
        let (pos, mining, proving, mut treasury) = TierShares::<T>::get().split(minted + fees);
        let pos_credited = match BlockAuthor::<T>::take() {
            Some(author) => {
                if !Exposures::<T>::contains_key(epoch, &author) {
                    // Not a possible author when the epoch started (the first epoch after a
                    // runtime upgrade): its exposure from now on is the best there is.
                    log::warn!(target: LOG_TARGET, "epoch {epoch}: no exposure of author {author:?}, taking it now");
                    Self::snapshot_exposure(epoch, &author);
                }
                PosPoints::<T>::mutate(epoch, author, |points| *points += pos);
                pos
            }
            None => {
                treasury += pos;
                0
            }
        };
        let proving_moved = Self::pay_from_pot(&T::ProvingPot::get(), proving);
        let treasury = treasury + (proving - proving_moved);
        let treasury_moved = Self::pay_from_pot(&T::Treasury::get(), treasury);
        if treasury_moved < treasury {
            log::error!(target: LOG_TARGET, "treasury transfer failed; {} stays in the pot", treasury - treasury_moved);
        }
        Self::book(epoch, |b| {
            b.minted += minted;
            b.fees += fees;
            b.pos += pos_credited;
            b.mining += mining;
            b.proving += proving_moved;
            b.treasury += treasury_moved;
        });
    }

    fn book(epoch: EpochIndex, f: impl FnOnce(&mut EpochBook)) {
        EpochBooks::<T>::mutate(epoch, |book| f(book.get_or_insert_with(Default::default)));
    }

    /// Transfer `amount` from the pot to `to`; returns what was moved (0 on failure).
    fn pay_from_pot(to: &T::AccountId, amount: Balance) -> Balance {
        if amount.is_zero() {
            return 0;
        }
        match <T as Config>::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve) {
            Ok(_) => amount,
            Err(_) => 0,
        }
    }

    /// Pay `amount` to `to`, or to the treasury if `to` cannot receive it; returns what `to` got.
    fn pay_or_treasury(epoch: EpochIndex, to: &T::AccountId, amount: Balance) -> Balance {
        let paid = Self::pay_from_pot(to, amount);
        let rest = amount - paid;
        let to_treasury = Self::pay_from_pot(&T::Treasury::get(), rest);
        Self::book(epoch, |b| {
            b.paid += paid;
            b.treasury += to_treasury;
        });
        paid
    }

    fn queue_payout(epoch: EpochIndex) {
        if EpochBooks::<T>::get(epoch).is_none() {
            return;
        }
        let queued = PayoutQueue::<T>::mutate(|queue| {
            queue.try_push(Payout::new(epoch)).is_ok()
        });
        if !queued {
            log::error!(target: LOG_TARGET, "payout queue full; epoch {epoch} is not paid");
        }
    }

    /// One bounded payout step for the oldest queued epoch: one validator (and its delegators),
    /// else up to `MinersPerBlock` miners, else as many provers, else close the epoch. `None`
    /// when nothing is queued.
    fn payout_step() -> Option<Weight> {
        let mut queue = PayoutQueue::<T>::get();
        let payout = queue.get_mut(0)?;
        let epoch = payout.epoch;
        let mut weight = T::DbWeight::get().reads_writes(2, 1);
        let next_validator = PosPoints::<T>::iter_prefix(epoch).next();
        if let Some((validator, points)) = next_validator {
            PosPoints::<T>::remove(epoch, &validator);
            Self::pay_validator(epoch, &validator, points);
            weight = weight.saturating_add(<T as Config>::WeightInfo::pay_validator(
                <T as pallet_quarry_staking::Config>::MaxDelegatorsPerCandidate::get(),
            ));
        } else if !payout.miners_done {
            let paid = Self::pay_miners(payout);
            weight = weight.saturating_add(<T as Config>::WeightInfo::pay_miners(paid));
        } else if payout.provers != ProverPayout::Done {
            let paid = Self::pay_provers(payout);
            weight = weight.saturating_add(<T as Config>::WeightInfo::pay_miners(paid));
        } else {
            Self::close_epoch(epoch);
            queue.remove(0);
            weight = weight.saturating_add(<T as Config>::WeightInfo::close_epoch());
        }
        PayoutQueue::<T>::put(queue);
        Some(weight)
    }

    /// Pay a validator's PoS points of `epoch` from its exposure snapshot: ZK-duty penalty,
    /// commission, then pro rata to stake (its self-bond counts as its own stake).
    fn pay_validator(epoch: EpochIndex, validator: &T::AccountId, points: Balance) {
        let withheld = if pallet_quarry_mining::Pallet::<T>::did_zk_duty(epoch, validator) {
            0
        } else {
            T::ZkDutyPenalty::get() * points
        };
        if withheld > 0 {
            let moved = Self::pay_from_pot(&T::Treasury::get(), withheld);
            Self::book(epoch, |b| b.treasury += moved);
        }
        let reward = points - withheld;
        let (commission_rate, total_stake, delegations) = Self::exposure(epoch, validator);
        let commission = commission_rate * reward;
        let shared = reward - commission;
        let mut to_delegators = 0;
        for (delegator, amount) in delegations {
            let share = pro_rata(shared, amount, total_stake);
            let paid = Self::pay_or_treasury(epoch, &delegator, share);
            to_delegators += share;
            if paid > 0 {
                Self::deposit_event(Event::DelegatorPaid {
                    epoch,
                    delegator,
                    validator: validator.clone(),
                    amount: paid,
                });
            }
        }
        // The validator takes its commission, its own stake's share and the rounding remainder.
        let own_stake_share = shared - to_delegators;
        Self::pay_or_treasury(epoch, validator, commission + own_stake_share);
        Self::deposit_event(Event::ValidatorPaid {
            epoch,
            validator: validator.clone(),
            commission,
            own_stake_share,
            to_delegators,
            withheld,
        });
    }

    /// A validator's commission, total stake and delegations in `epoch`, from its snapshot. A
    /// validator credited without one (none is taken only when it is no longer a candidate)
    /// keeps the whole reward.
    fn exposure(
        epoch: EpochIndex,
        validator: &T::AccountId,
    ) -> (Perbill, Balance, alloc::vec::Vec<(T::AccountId, Balance)>) {
        match Exposures::<T>::get(epoch, validator) {
            Some(exposure) => (
                exposure.commission,
                exposure.total.unique_saturated_into(),
                exposure
                    .others
                    .into_iter()
                    .map(|d| (d.delegator, d.amount.unique_saturated_into()))
                    .collect(),
            ),
            None => (Perbill::one(), 0, alloc::vec::Vec::new()),
        }
    }

    /// Pay up to `MinersPerBlock` miners of `payout.epoch`, continuing after its cursor; returns
    /// how many were paid.
    fn pay_miners(payout: &mut Payout) -> u32 {
        let epoch = payout.epoch;
        let book = EpochBooks::<T>::get(epoch).unwrap_or_default();
        let total_shares = pallet_quarry_mining::Totals::<T>::get(epoch).shares;
        let mut iter = match &payout.miner_cursor {
            Some(cursor) => pallet_quarry_mining::MinerStats::<T>::iter_prefix_from(epoch, cursor.to_vec()),
            None => pallet_quarry_mining::MinerStats::<T>::iter_prefix(epoch),
        };
        let mut paid = 0;
        while paid < T::MinersPerBlock::get() {
            let Some((miner, stats)) = iter.next() else {
                payout.miners_done = true;
                break;
            };
            let amount = pro_rata(book.mining, stats.shares, total_shares);
            let received = Self::pay_or_treasury(epoch, &miner, amount);
            if received > 0 {
                Self::deposit_event(Event::MinerPaid { epoch, miner, amount: received });
            }
            paid += 1;
        }
        if !payout.miners_done {
            payout.miner_cursor = BoundedVec::try_from(iter.last_raw_key().to_vec()).ok();
            if payout.miner_cursor.is_none() {
                payout.miners_done = true;
            }
        }
        paid
    }

    /// Pay up to `MinersPerBlock` provers of `payout.epoch`: the epoch's proving tier plus the
    /// carry, pro rata to points, each capped at `bond / ProvingCapDivisor`; at the end the rest
    /// is carried. Returns how many were paid.
    fn pay_provers(payout: &mut Payout) -> u32 {
        let epoch = payout.epoch;
        let cursor = match &payout.provers {
            ProverPayout::Pending => {
                let carry = ProvingCarry::<T>::take();
                Self::book(epoch, |b| b.proving_carry_in = carry);
                None
            },
            ProverPayout::Paying(cursor) => cursor.clone(),
            ProverPayout::Done => return 0,
        };
        let book = EpochBooks::<T>::get(epoch).unwrap_or_default();
        let available = book.proving + book.proving_carry_in;
        let total = ProvingTotals::<T>::get(epoch);
        let mut iter = match cursor {
            Some(cursor) => ProvingPoints::<T>::iter_prefix_from(epoch, cursor.to_vec()),
            None => ProvingPoints::<T>::iter_prefix(epoch),
        };
        let mut paid = 0;
        let mut done = false;
        while paid < T::MinersPerBlock::get() {
            let Some((prover, points)) = iter.next() else {
                done = true;
                break;
            };
            let share = pro_rata(available, points as Balance, total as Balance);
            let bond: Balance =
                pallet_quarry_staking::Pallet::<T>::active_bond(&prover).unique_saturated_into();
            let cap = bond / T::ProvingCapDivisor::get().max(1);
            let amount = share.min(cap);
            let received = match <T as Config>::Currency::transfer(
                &T::ProvingPot::get(),
                &prover,
                amount,
                Preservation::Preserve,
            ) {
                Ok(_) => amount,
                Err(_) => 0,
            };
            Self::book(epoch, |b| b.proving_paid += received);
            if received > 0 {
                Self::deposit_event(Event::ProverPaid {
                    epoch,
                    prover,
                    points,
                    amount: received,
                    capped: amount < share,
                });
            }
            paid += 1;
        }
        let cursor = if done { None } else { BoundedVec::try_from(iter.last_raw_key().to_vec()).ok() };
        if done || cursor.is_none() {
            let _ = ProvingPoints::<T>::clear_prefix(epoch, u32::MAX, None);
            ProvingTotals::<T>::remove(epoch);
            let book = EpochBooks::<T>::get(epoch).unwrap_or_default();
            let carried = book.proving + book.proving_carry_in - book.proving_paid;
            ProvingCarry::<T>::mutate(|c| *c += carried);
            Self::book(epoch, |b| b.proving_carry_out = carried);
            Self::deposit_event(Event::ProvingPaid { epoch, paid: book.proving_paid, carried });
            payout.provers = ProverPayout::Done;
        } else {
            payout.provers = ProverPayout::Paying(cursor);
        }
        paid
    }

    /// Everything of `epoch` is paid: send what is left of it (rounding dust, a mining tier
    /// without miners) to the treasury and drop its books.
    fn close_epoch(epoch: EpochIndex) {
        // At most 2 * MaxValidators snapshots, plus authors added later.
        let _ = Exposures::<T>::clear_prefix(epoch, u32::MAX, None);
        let Some(book) = EpochBooks::<T>::get(epoch) else { return };
        let dust = book.outstanding();
        let moved = Self::pay_from_pot(&T::Treasury::get(), dust);
        let book = EpochBook { treasury: book.treasury + moved, ..book };
        Self::deposit_event(Event::EpochPaid {
            epoch,
            paid: book.paid,
            to_treasury: book.treasury,
            dust: moved,
        });
        if book.outstanding() == 0 {
            EpochBooks::<T>::remove(epoch);
        } else {
            log::error!(target: LOG_TARGET, "epoch {epoch}: {} could not be moved", book.outstanding());
            EpochBooks::<T>::insert(epoch, book);
        }
    }

    /// Rewards `who` is owed and not yet paid: as validator, its own part of its PoS points of
    /// open epochs (commission plus its stake's share, before a ZK-duty penalty); as delegator,
    /// its stake-weighted part; its share of finished epochs' mining tiers, and of their proving
    /// tiers (before the bond cap and without the carry). An estimate for the running epoch's
    /// mining is included pro rata to the shares so far.
    pub fn pending_rewards(who: &T::AccountId) -> Balance {
        let mut pending: Balance = 0;
        for (epoch, book) in EpochBooks::<T>::iter() {
            let points = PosPoints::<T>::get(epoch, who);
            if points > 0 {
                let (rate, total, delegations) = Self::exposure(epoch, who);
                let commission = rate * points;
                let delegated: Balance = delegations.iter().map(|(_, a)| a).sum();
                let own = total.saturating_sub(delegated);
                pending += commission + pro_rata(points - commission, own, total);
            }
            let total_shares = pallet_quarry_mining::Totals::<T>::get(epoch).shares;
            if let Some(stats) = pallet_quarry_mining::MinerStats::<T>::get(epoch, who) {
                pending += pro_rata(book.mining, stats.shares, total_shares);
            }
            let points = ProvingPoints::<T>::get(epoch, who);
            if points > 0 {
                let total = ProvingTotals::<T>::get(epoch) as Balance;
                pending += pro_rata(book.proving, points as Balance, total);
            }
            for (validator, points) in PosPoints::<T>::iter_prefix(epoch) {
                let (rate, total, delegations) = Self::exposure(epoch, &validator);
                if let Some((_, amount)) = delegations.iter().find(|(d, _)| d == who) {
                    let commission = rate * points;
                    pending += pro_rata(points - commission, *amount, total);
                }
            }
        }
        pending
    }

    /// Conservation: the pot holds exactly what the open epochs still owe, plus its existential
    /// deposit; every book balances.
    #[cfg(any(feature = "try-runtime", test))]
    pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
        let mut owed: Balance = 0;
        for (_, book) in EpochBooks::<T>::iter() {
            ensure!(
                book.minted + book.fees >= book.proving + book.treasury + book.paid,
                "an epoch paid out more than it received"
            );
            owed += book.outstanding();
        }
        let pot = <T as Config>::Currency::balance(&Self::pot());
        ensure!(
            pot == owed + <T as Config>::Currency::minimum_balance(),
            "pot balance differs from what the open epochs owe"
        );
        let proving_owed = EpochBooks::<T>::iter_values()
            .fold(ProvingCarry::<T>::get(), |sum, book| sum + book.proving_outstanding());
        ensure!(
            <T as Config>::Currency::balance(&T::ProvingPot::get()) ==
                proving_owed + <T as Config>::Currency::minimum_balance(),
            "proving pot differs from the carry plus the open epochs' proving tiers"
        );
        ensure!(TierShares::<T>::get().is_complete(), "tier shares do not sum to 10,000");
        // No finished epoch was dropped from the payout queue.
        let current = pallet_quarry_mining::CurrentEpoch::<T>::get().index;
        let queue = PayoutQueue::<T>::get();
        for epoch in EpochBooks::<T>::iter_keys() {
            ensure!(
                epoch >= current.saturating_sub(1) || queue.iter().any(|p| p.epoch == epoch),
                "a finished epoch is neither queued nor paid"
            );
        }
        // Every queued epoch is paid from mining statistics that still exist.
        let history = <T as pallet_quarry_mining::Config>::HistoryDepth::get();
        for payout in queue {
            ensure!(
                payout.miners_done || current - payout.epoch < history,
                "a queued epoch's miners would be paid from pruned mining statistics"
            );
        }
        Ok(())
    }
}

/// Transaction fees go to the pot and into the current block's reward; tips go to the block's
/// author at once (`pallet-transaction-payment` hands over the fee first, then the tip), so an
/// author gains from including tipped transactions. A tip without a known author, or one the
/// author cannot receive, joins the fees.
impl<T: Config> OnUnbalanced<Credit<T::AccountId, <T as Config>::Currency>> for Pallet<T> {
    fn on_unbalanceds(
        mut fees_then_tips: impl Iterator<Item = Credit<T::AccountId, <T as Config>::Currency>>,
    ) {
        if let Some(fee) = fees_then_tips.next() {
            Self::on_unbalanced(fee);
        }
        for tip in fees_then_tips {
            let tip = match BlockAuthor::<T>::get() {
                Some(author) if tip.peek() > 0 =>
                    match <T as Config>::Currency::resolve(&author, tip) {
                        Ok(()) => continue,
                        Err(tip) => tip,
                    },
                _ => tip,
            };
            Self::on_unbalanced(tip);
        }
    }

    fn on_nonzero_unbalanced(credit: Credit<T::AccountId, <T as Config>::Currency>) {
        let amount = credit.peek();
        match <T as Config>::Currency::resolve(&Self::pot(), credit) {
            Ok(()) => BlockFees::<T>::mutate(|fees| *fees += amount),
            Err(credit) => drop(credit), // unreachable for an existing pot; burned otherwise
        }
    }
}

/// The task market credits verified proving work to the current epoch.
impl<T: Config> pallet_quarry_tasks::ProvingWork<T::AccountId> for Pallet<T> {
    fn credit(prover: &T::AccountId, units: u64) {
        let epoch = pallet_quarry_mining::CurrentEpoch::<T>::get().index;
        ProvingPoints::<T>::mutate(epoch, prover, |p| *p = p.saturating_add(units));
        ProvingTotals::<T>::mutate(epoch, |t| *t = t.saturating_add(units));
    }

    fn credit_weight() -> Weight {
        T::DbWeight::get().reads_writes(3, 2)
    }
}
