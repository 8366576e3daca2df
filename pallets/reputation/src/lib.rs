//! # Quarry Reputation Pallet
//!
//! The reputation of provers on the task market, as a **Beta reputation** (the model Acurast's
//! marketplace uses): each prover has two discounted counters, `r` (evidence of delivery) and `s`
//! (evidence of failure), and a score, the expected probability of delivery.
//!
//! ## The model
//!
//! With the discount `λ` ([`Config::Discount`], 0.98 in the runtime) and an update of weight
//! `w ∈ [0, 1]`:
//!
//! ```text
//! delivered: r' = λ·r + w,   s' = λ·s
//! failed:    r' = λ·r,       s' = λ·s + w
//! score      = ((r + 1) / (r + s + 2)) / M,   M = (L + 1) / (L + 2),   L = 1 / (1 − λ)
//! ```
//!
//! `r` and `s` never exceed `L` (a geometric series of weights at most 1), so `M` is the score of
//! a prover that always delivered at full weight: the normalisation makes it 1. A new prover has
//! `r = s = 0`, score `(1/2)/M` = 0.5098 at `λ = 0.98`. Scores are stored as [`Permill`]
//! (rounded down, at most 1); all arithmetic is `FixedU128` (18 decimals), O(1) per update.
//!
//! ## Weights: cheap tasks cannot farm it
//!
//! `w = p / (p̄ + p)`, where `p` is the task's price and `p̄` the running **price-weighted mean**
//! of all prices recorded, `p̄ = Σ p_i² / Σ p_i`. A task priced at the market's mean weighs ½, a
//! task at a hundredth of it about 1 %. The mean is weighted by price so that flooding the market
//! with cheap tasks barely moves it: to halve `p̄` one must post as much volume as all the real
//! volume before. Tasks of price 0 (secondary fulfilments) do not update anything, as in Acurast.
//!
//! ## Who writes it
//!
//! Nobody through a call: the task market records outcomes through [`ReputationBook`], and
//! reads scores through it (the lock gate) as the rewards pallet does (the proving tier). Depend
//! on the trait, not on this pallet.
#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::{
    traits::{One, Saturating, Zero},
    FixedPointNumber, FixedU128, PerThing, Perbill, Permill, Rounding,
};

/// What became of a task a prover was responsible for.
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
)]
pub enum Outcome {
    /// The prover delivered a verified proof.
    Delivered,
    /// The prover locked the task and did not deliver in time.
    Failed,
}

/// Reputation as other pallets see it.
pub trait ReputationBook<AccountId> {
    /// The score of `who`: the expected probability that it delivers, normalised so a prover
    /// that always delivered has 1. A prover never seen has the prior's score (about 0.51).
    fn score(who: &AccountId) -> Permill;

    /// The weight an update for a task of price `price` would have: `p / (p̄ + p)` against the
    /// market's price-weighted mean (the task market scales proving work by it too).
    fn price_weight(price: u128) -> Perbill;

    /// Records that `who` delivered or failed a task of price `price` (smallest currency units).
    /// A price of 0 changes nothing.
    fn record(who: &AccountId, outcome: Outcome, price: u128);

    /// Worst-case weight of one [`ReputationBook::record`], for callers' weights.
    fn record_weight() -> Weight;
}

/// The neutral book: everyone scores 1 and nothing is recorded (for runtimes and mocks without
/// reputation).
impl<AccountId> ReputationBook<AccountId> for () {
    fn score(_: &AccountId) -> Permill {
        Permill::one()
    }

    fn price_weight(price: u128) -> Perbill {
        if price == 0 {
            Perbill::zero()
        } else {
            Perbill::one()
        }
    }

    fn record(_: &AccountId, _: Outcome, _: u128) {}

    fn record_weight() -> Weight {
        Weight::zero()
    }
}

/// A prover's discounted evidence.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Beta {
    /// Discounted weight of deliveries.
    pub r: FixedU128,
    /// Discounted weight of failures.
    pub s: FixedU128,
    /// Updates recorded (not discounted).
    pub updates: u32,
}

/// The market's price history, for the update weights.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PriceHistory {
    /// `Σ p_i` over recorded prices (saturating).
    pub volume: u128,
    /// `Σ p_i² / Σ p_i`: the price-weighted mean price.
    pub weighted_mean: u128,
}

impl PriceHistory {
    /// The weight of a task of price `price`: `p / (p̄ + p)`; zero for a zero price.
    pub fn weight(&self, price: u128) -> FixedU128 {
        if price == 0 {
            return FixedU128::zero();
        }
        FixedU128::checked_from_rational(price, self.weighted_mean.saturating_add(price))
            .unwrap_or_else(FixedU128::one)
    }

    /// Adds `price`: `p̄' = p̄ + (p − p̄)·p / (V + p)`, `V' = V + p` (no overflow for any `u128`).
    pub fn record(&mut self, price: u128) {
        if price == 0 {
            return;
        }
        let total = self.volume.saturating_add(price);
        let step = |diff: u128| {
            sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
                diff,
                price,
                total,
                Rounding::Down,
            )
            .unwrap_or(diff)
        };
        self.weighted_mean = if price >= self.weighted_mean {
            self.weighted_mean + step(price - self.weighted_mean)
        } else {
            self.weighted_mean - step(self.weighted_mean - price)
        };
        self.volume = total;
    }
}

/// `λ` as a fixed-point number.
fn discount_fixed(discount: Perbill) -> FixedU128 {
    FixedU128::from_rational(discount.deconstruct().into(), Perbill::ACCURACY.into())
}

impl Beta {
    /// The evidence after an update of weight `w` with discount `discount`.
    pub fn updated(self, outcome: Outcome, w: FixedU128, discount: Perbill) -> Self {
        let lambda = discount_fixed(discount);
        let (r, s) = (self.r.saturating_mul(lambda), self.s.saturating_mul(lambda));
        let (r, s) = match outcome {
            Outcome::Delivered => (r.saturating_add(w), s),
            Outcome::Failed => (r, s.saturating_add(w)),
        };
        Self {
            r,
            s,
            updates: self.updates.saturating_add(1),
        }
    }

    /// `((r + 1) / (r + s + 2)) / M`, `M = (L + 1) / (L + 2)`, `L = 1 / (1 − λ)`, as a [`Permill`]
    /// rounded down and at most one.
    pub fn score(&self, discount: Perbill) -> Permill {
        let one = FixedU128::one();
        let two = FixedU128::saturating_from_integer(2u32);
        let horizon = Self::horizon(discount);
        let expected = (self.r + one)
            .checked_div(&(self.r + self.s + two))
            .unwrap_or_default();
        let max = (horizon + one).checked_div(&(horizon + two)).unwrap_or(one);
        let normalised = expected.checked_div(&max).unwrap_or(one).min(one);
        Permill::from_rational_with_rounding(
            normalised.into_inner(),
            FixedU128::DIV,
            Rounding::Down,
        )
        .unwrap_or(Permill::one())
    }

    /// `L = 1 / (1 − λ)`: the most `r` or `s` can reach.
    pub fn horizon(discount: Perbill) -> FixedU128 {
        let forget = discount_fixed(discount.left_from_one());
        FixedU128::one()
            .checked_div(&forget)
            .unwrap_or(FixedU128::saturating_from_integer(u32::MAX))
    }
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// `λ`: the share of its weight evidence keeps at each later update of the same prover.
        #[pallet::constant]
        type Discount: Get<Perbill>;

        /// Weights.
        type WeightInfo: WeightInfo;
    }

    /// The evidence of every prover with at least one recorded task.
    #[pallet::storage]
    pub type Reputations<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, Beta, ValueQuery>;

    /// The market's price history.
    #[pallet::storage]
    pub type Prices<T: Config> = StorageValue<_, PriceHistory, ValueQuery>;

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A prover's reputation changed: an update of weight `weight` for `outcome`.
        ReputationUpdated {
            prover: T::AccountId,
            outcome: Outcome,
            weight: FixedU128,
            score: Permill,
        },
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<frame_system::pallet_prelude::BlockNumberFor<T>> for Pallet<T> {
        fn integrity_test() {
            assert!(
                T::Discount::get() < Perbill::one(),
                "Discount must be below 1, or evidence never fades and the horizon is infinite"
            );
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(
            _n: frame_system::pallet_prelude::BlockNumberFor<T>,
        ) -> Result<(), sp_runtime::TryRuntimeError> {
            Self::do_try_state()
        }
    }
}

impl<T: Config> Pallet<T> {
    /// `r` and `s` of every prover are at most the horizon `L` (plus rounding).
    #[cfg(any(feature = "try-runtime", test))]
    pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
        let bound = Beta::horizon(T::Discount::get())
            .saturating_add(FixedU128::from_rational(1, 1_000_000));
        for (_, beta) in Reputations::<T>::iter() {
            ensure!(
                beta.r <= bound && beta.s <= bound,
                "reputation evidence beyond the horizon"
            );
        }
        Ok(())
    }
}

impl<T: Config> ReputationBook<T::AccountId> for Pallet<T> {
    fn score(who: &T::AccountId) -> Permill {
        Reputations::<T>::get(who).score(T::Discount::get())
    }

    fn price_weight(price: u128) -> Perbill {
        let w = Prices::<T>::get().weight(price);
        Perbill::from_rational_with_rounding(w.into_inner(), FixedU128::DIV, Rounding::Down)
            .unwrap_or(Perbill::one())
    }

    fn record(who: &T::AccountId, outcome: Outcome, price: u128) {
        if price == 0 {
            return;
        }
        let weight = Prices::<T>::mutate(|prices| {
            let w = prices.weight(price);
            prices.record(price);
            w
        });
        let discount = T::Discount::get();
        let beta = Reputations::<T>::mutate(who, |beta| {
            *beta = beta.updated(outcome, weight, discount);
            *beta
        });
        Self::deposit_event(Event::ReputationUpdated {
            prover: who.clone(),
            outcome,
            weight,
            score: beta.score(discount),
        });
    }

    fn record_weight() -> Weight {
        T::WeightInfo::record()
    }
}
