//! Consensus offences: deferred slashing of validators (and their delegators), reporter rewards,
//! and the liveness rule. See the crate docs, "Offences" and "Liveness".

use super::*;
use frame_support::traits::fungible::Balanced as _;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

impl<T: Config> Pallet<T> {
    /// Sessions back from the current one whose offences can still be slashed:
    /// `BondingDuration - SlashDeferDuration`. An older offender may have unbonded and withdrawn
    /// everything before a slash decided now would apply.
    pub fn reportable_sessions() -> SessionIndex {
        T::BondingDuration::get().saturating_sub(T::SlashDeferDuration::get())
    }

    /// An offence of `validator` in `offence_session` slashing `fraction`, reported by
    /// `reporters`: disable the validator and schedule the slash (see [`UnappliedSlash`]).
    ///
    /// Offences of one session do not add up: only the part of `fraction` above what earlier
    /// reports of the same session already decided is slashed.
    pub(crate) fn on_validator_offence(
        validator: &T::AccountId,
        offence_session: SessionIndex,
        fraction: Perbill,
        reporters: &[T::AccountId],
    ) {
        T::Disabler::disable(validator, fraction);
        let decided = OffenceFractions::<T>::get(offence_session, validator);
        if fraction <= decided {
            return;
        }
        OffenceFractions::<T>::insert(offence_session, validator, fraction);
        let extra = fraction.saturating_sub(decided);

        let own = Ledger::<T>::get(validator).map(|l| l.total()).unwrap_or_default();
        let others = CandidateDelegations::<T>::get(validator);
        let reporters = BoundedVec::truncate_from(reporters.to_vec());
        let apply_at = CurrentSession::<T>::get().saturating_add(T::SlashDeferDuration::get());
        UnappliedSlashes::<T>::mutate(apply_at, validator, |pending| match pending {
            // A second report of the same validator due in the same session: the exposure taken
            // at the first report stays, the fractions add (each is a distinct increment).
            Some(slash) => {
                slash.fraction = slash.fraction.saturating_add(extra);
                for reporter in reporters {
                    if !slash.reporters.contains(&reporter) {
                        let _ = slash.reporters.try_push(reporter);
                    }
                }
            },
            None => {
                *pending = Some(UnappliedSlash {
                    offence_session,
                    fraction: extra,
                    own,
                    others,
                    reporters,
                })
            },
        });
        Self::deposit_event(Event::SlashDeferred {
            validator: validator.clone(),
            offence_session,
            fraction: extra,
            apply_at,
        });
    }

    /// Apply every slash due in `session`: `fraction` of the validator's recorded ledger and
    /// of each recorded delegation, taken from the accounts' ledgers in the order of
    /// [`Pallet::do_slash`]; [`Config::RewardForReporters`] of the total to the reporters, the
    /// rest to [`Config::OnSlash`].
    pub(crate) fn apply_slashes(session: SessionIndex) {
        for (validator, slash) in UnappliedSlashes::<T>::drain_prefix(session) {
            let mut credit = Self::slash_ledger(&validator, slash.fraction * slash.own);
            for delegation in &slash.others {
                let taken = Self::slash_ledger(&delegation.delegator, slash.fraction * delegation.amount);
                credit.subsume(taken);
            }
            let slashed = credit.peek();
            let mut to_reporters = BalanceOf::<T>::zero();
            if !slash.reporters.is_empty() {
                let share = T::RewardForReporters::get() * slashed
                    / (slash.reporters.len() as u32).into();
                for reporter in &slash.reporters {
                    let (reward, rest) = credit.split(share);
                    credit = rest;
                    let paid = reward.peek();
                    match T::Currency::resolve(reporter, reward) {
                        Ok(()) => to_reporters = to_reporters.saturating_add(paid),
                        // E.g. below the existential deposit for a new account.
                        Err(unpaid) => credit.subsume(unpaid),
                    }
                }
            }
            T::OnSlash::on_unbalanced(credit);
            Self::deposit_event(Event::SlashApplied { validator, slashed, to_reporters });
        }
    }

    /// Drop the per-session offence records that can no longer be reported.
    pub(crate) fn forget_old_offences(current: SessionIndex) {
        if let Some(expired) = current.checked_sub(Self::reportable_sessions().saturating_add(1)) {
            let _ = OffenceFractions::<T>::clear_prefix(expired, T::MaxValidators::get(), None);
        }
    }

    /// Session `session` ends: record its validators that authored no block (left out of the
    /// next election) and reset the counts. Session 0 is exempt: it is cut short by the session
    /// offset and spans the network's start, when missing a slot says nothing about a validator.
    pub(crate) fn note_inactive_validators(session: SessionIndex) {
        let inactive: Vec<T::AccountId> = if session == 0 {
            Vec::new()
        } else {
            T::SessionValidators::validators()
                .into_iter()
                .filter(|validator| AuthoredBlocks::<T>::get(validator) == 0)
                .collect()
        };
        let _ = AuthoredBlocks::<T>::clear(T::MaxValidators::get().saturating_mul(2), None);
        if !inactive.is_empty() {
            Self::deposit_event(Event::InactiveValidatorsFound {
                session,
                validators: inactive.clone(),
            });
        }
        InactiveValidators::<T>::put(BoundedVec::truncate_from(inactive));
    }
}

/// Offences reported through `pallet_offences` (GRANDPA equivocations, Aura double-authoring).
/// The identification part of the offender is not used: exposures are read from this pallet.
impl<T: Config, Identification>
    OnOffenceHandler<T::AccountId, (T::AccountId, Identification), Weight> for Pallet<T>
{
    fn on_offence(
        offenders: &[OffenceDetails<T::AccountId, (T::AccountId, Identification)>],
        slash_fraction: &[Perbill],
        offence_session: SessionIndex,
    ) -> Weight {
        let current = CurrentSession::<T>::get();
        if offence_session.saturating_add(Self::reportable_sessions()) <= current {
            Self::deposit_event(Event::OffenceTooOld { offence_session });
            return T::DbWeight::get().reads(1);
        }
        for (details, fraction) in offenders.iter().zip(slash_fraction) {
            Self::on_validator_offence(
                &details.offender.0,
                offence_session,
                *fraction,
                &details.reporters,
            );
        }
        // Per offender: the offence record, ledger, delegations and the pending slash, plus
        // the session pallet's disabling.
        let n = offenders.len() as u64;
        T::DbWeight::get().reads_writes(1 + 5 * n, 3 * n)
    }
}

/// Counts the blocks each validator authors, for the liveness rule.
impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
    fn note_author(author: T::AccountId) {
        AuthoredBlocks::<T>::mutate(author, |n| *n = n.saturating_add(1));
    }
}
