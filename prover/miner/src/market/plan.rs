//! What a prover takes on: the price and cost test, and the earliest-deadline-first schedule
//! that keeps it from locking more than it can prove before the deadlines.
//!
//! The anchors' operators lose collateral mainly by over-locking (Boundless, Succinct): a lock
//! is only worth its price if the proof lands in time. So before a lock the prover simulates
//! its queue in earliest-deadline-first order (optimal for one machine proving one job at a
//! time: if any order meets every deadline, EDF does) at its *measured* proving speed, and
//! locks only if every job, the new one included, is still on time with a safety margin.

use std::collections::BTreeMap;

use quarry_circuits::CircuitId;

use super::client::{Balance, TaskId};

/// The protocol fee the chain keeps of every price paid (`Tasks::ProtocolFee`, 2 %), in ppm.
pub const PROTOCOL_FEE_PPM: Balance = 20_000;

/// Blocks kept free before a job's last on-time block: the prover follows finalized blocks
/// (about two behind the head) and its proof needs one more block to be included.
pub const SAFETY_BLOCKS: u32 = 3;

/// Measured proving time per circuit: an exponentially weighted mean of the proofs this
/// process made, seeded from the catalogue's reference times before the first proof.
#[derive(Clone, Debug)]
pub struct Speed {
    seconds: BTreeMap<CircuitId, f64>,
    measured: BTreeMap<CircuitId, u32>,
}

impl Speed {
    /// Before any proof: the catalogue's work weight (milliseconds measured on the reference
    /// 2-core machine) scaled to `threads` cores, doubled for safety.
    pub fn new(threads: usize) -> Self {
        let scale = 2.0 * (2.0 / threads.max(1) as f64).max(0.25);
        let seconds = quarry_circuits::CATALOGUE
            .iter()
            .map(|c| (c.id, c.work as f64 / 1000.0 * scale))
            .collect();
        Self {
            seconds,
            measured: BTreeMap::new(),
        }
    }

    /// Expected seconds to prove `circuit`.
    pub fn seconds(&self, circuit: CircuitId) -> f64 {
        self.seconds.get(&circuit).copied().unwrap_or(f64::INFINITY)
    }

    /// Records a proof that took `seconds`: the first replaces the seed, later ones move the
    /// mean by a quarter.
    pub fn record(&mut self, circuit: CircuitId, seconds: f64) {
        let n = self.measured.entry(circuit).or_insert(0);
        let mean = self.seconds.entry(circuit).or_insert(seconds);
        *mean = if *n == 0 {
            seconds
        } else {
            0.75 * *mean + 0.25 * seconds
        };
        *n += 1;
    }
}

/// A proof to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The task.
    pub task: TaskId,
    /// Its circuit.
    pub circuit: CircuitId,
    /// The last block in which its proof is on time (lock expiry, or the task's deadline).
    pub due: u32,
}

/// Whether every job of `queue` plus `candidate`, proved one after the other in
/// earliest-deadline-first order starting `busy_seconds` from now (the proof in progress), lands
/// [`SAFETY_BLOCKS`] before its due block. `now` is the latest block seen.
pub fn fits(
    now: u32,
    block_seconds: f64,
    busy_seconds: f64,
    queue: &[Job],
    candidate: &Job,
    speed: &Speed,
) -> bool {
    let mut jobs: Vec<&Job> = queue.iter().chain(std::iter::once(candidate)).collect();
    jobs.sort_by_key(|j| (j.due, j.task));
    let mut t = busy_seconds;
    jobs.iter().all(|job| {
        t += speed.seconds(job.circuit);
        let done_at = now as f64 + (t / block_seconds).ceil();
        done_at + SAFETY_BLOCKS as f64 <= job.due as f64
    })
}

/// What the prover asks per circuit, and what it will not do.
#[derive(Clone, Debug, Default)]
pub struct Pricing {
    /// Lowest price accepted per circuit (planck); a circuit not listed takes any price that
    /// covers the transaction fees.
    pub min_price: BTreeMap<CircuitId, Balance>,
}

/// Why a task is passed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The prover does not prove this circuit.
    Circuit,
    /// Reserved to the mining winner for a few more blocks.
    Priority,
    /// The prover's reputation is below the task's minimum.
    Reputation,
    /// The price is below the prover's own for the circuit.
    Price,
    /// What the task pays does not cover the transaction fees.
    Fees,
    /// The prover cannot prove it in time on top of what it holds.
    Capacity,
    /// The prover holds as many locks as it allows itself.
    Locks,
    /// Another prover holds it (not reported: it is simply not on offer).
    Taken,
}

impl Skip {
    /// A label for metrics and logs.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Circuit => "circuit",
            Self::Priority => "priority",
            Self::Reputation => "reputation",
            Self::Price => "price",
            Self::Fees => "fees",
            Self::Capacity => "capacity",
            Self::Locks => "locks",
            Self::Taken => "taken",
        }
    }
}

/// What the prover earns from a price once the protocol fee is taken.
pub fn net_of_protocol_fee(price: Balance) -> Balance {
    price - price * PROTOCOL_FEE_PPM / 1_000_000
}

/// The price test: the price clears the prover's own for the circuit, and what the prover keeps
/// of it exceeds the fees of the transactions it takes (`fees`).
pub fn pays(pricing: &Pricing, circuit: CircuitId, price: Balance, fees: Balance) -> Result<(), Skip> {
    if price < pricing.min_price.get(&circuit).copied().unwrap_or(0) {
        return Err(Skip::Price);
    }
    if net_of_protocol_fee(price) <= fees {
        return Err(Skip::Fees);
    }
    Ok(())
}

/// The catalogue entry a command line names, by name (`merkle-batch`) or id (`1`).
pub fn circuit(name_or_id: &str) -> Result<&'static quarry_circuits::CircuitInfo, String> {
    quarry_circuits::info_by_name(name_or_id)
        .or_else(|| name_or_id.parse().ok().and_then(quarry_circuits::info))
        .ok_or_else(|| format!("unknown circuit {name_or_id:?}"))
}

/// Parses `CIRCUIT=PRICE` (circuit id or name, price in QRY with up to 12 decimals).
pub fn parse_min_price(arg: &str) -> Result<(CircuitId, Balance), String> {
    let (name, price) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected CIRCUIT=PRICE, got {arg:?}"))?;
    Ok((circuit(name)?.id, parse_qry(price)?))
}

/// Parses an amount in QRY (`1.5`) into planck.
pub fn parse_qry(s: &str) -> Result<Balance, String> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 12 || (whole.is_empty() && frac.is_empty()) {
        return Err(format!("not an amount of QRY with at most 12 decimals: {s:?}"));
    }
    let digits = |d: &str| -> Result<Balance, String> {
        if d.is_empty() {
            return Ok(0);
        }
        d.parse::<Balance>().map_err(|_| format!("not an amount of QRY: {s:?}"))
    };
    let frac_planck = digits(frac)? * 10u128.pow(12 - frac.len() as u32);
    digits(whole)?
        .checked_mul(super::client::UNIT)
        .and_then(|w| w.checked_add(frac_planck))
        .ok_or_else(|| format!("amount too large: {s:?}"))
}

/// Formats planck as QRY.
pub fn qry(planck: Balance) -> String {
    let unit = super::client::UNIT;
    let frac = planck % unit;
    if frac == 0 {
        return format!("{} QRY", planck / unit);
    }
    let frac = format!("{frac:012}");
    format!("{}.{} QRY", planck / unit, frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quarry_circuits::{MERKLE_BATCH, POSEIDON_CHAIN};

    fn speed(seconds: f64) -> Speed {
        let mut s = Speed::new(2);
        for c in quarry_circuits::CATALOGUE {
            s.record(c.id, seconds);
        }
        s
    }

    fn job(task: TaskId, due: u32) -> Job {
        Job {
            task,
            circuit: MERKLE_BATCH,
            due,
        }
    }

    #[test]
    fn edf_admits_a_job_only_when_every_job_stays_on_time() {
        // 10 s per proof, 6 s blocks: each proof takes 2 blocks (rounded up per cumulative time).
        let s = speed(10.0);
        // Alone: done at block 100 + 2, + 3 safety <= 105.
        assert!(fits(100, 6.0, 0.0, &[], &job(1, 105), &s));
        assert!(!fits(100, 6.0, 0.0, &[], &job(1, 104), &s));
        // A queue of two: the new job with the earlier deadline goes first, but pushes the
        // held one (due 108: needs 100 + ceil(20/6) = 104 + 3 = 107) - still fine.
        let queue = [job(1, 108)];
        assert!(fits(100, 6.0, 0.0, &queue, &job(2, 106), &s));
        // Due 107 for the held job would be missed: 104 + 3 = 107 <= 107 holds, 106 does not.
        assert!(!fits(100, 6.0, 0.0, &[job(1, 106)], &job(2, 106), &s));
        // The proof in progress delays everything.
        assert!(!fits(100, 6.0, 9.0, &[], &job(1, 105), &s));
    }

    #[test]
    fn speed_starts_conservative_and_follows_measurements() {
        let mut s = Speed::new(2);
        let seeded = s.seconds(MERKLE_BATCH);
        let work = quarry_circuits::info(MERKLE_BATCH).unwrap().work as f64 / 1000.0;
        assert_eq!(seeded, 2.0 * work);
        s.record(MERKLE_BATCH, 4.0);
        assert_eq!(s.seconds(MERKLE_BATCH), 4.0);
        s.record(MERKLE_BATCH, 8.0);
        assert_eq!(s.seconds(MERKLE_BATCH), 5.0);
        // Other circuits keep their seed; unknown ones never fit.
        assert_eq!(s.seconds(POSEIDON_CHAIN), Speed::new(2).seconds(POSEIDON_CHAIN));
        assert!(s.seconds(99).is_infinite());
        // One thread is twice as slow as the reference machine's two.
        assert_eq!(Speed::new(1).seconds(MERKLE_BATCH), 2.0 * seeded);
    }

    #[test]
    fn a_task_pays_when_its_net_price_clears_the_prover_price_and_the_fees() {
        let mut pricing = Pricing::default();
        pricing.min_price.insert(MERKLE_BATCH, 1_000);
        assert_eq!(pays(&pricing, MERKLE_BATCH, 999, 0), Err(Skip::Price));
        // 1,000 less 2 % = 980: fees of 980 eat it all.
        assert_eq!(pays(&pricing, MERKLE_BATCH, 1_000, 980), Err(Skip::Fees));
        assert_eq!(pays(&pricing, MERKLE_BATCH, 1_000, 979), Ok(()));
        // No price set: any price whose net part exceeds the fees (2 % of 11 rounds to 0).
        assert_eq!(pays(&pricing, POSEIDON_CHAIN, 10, 10), Err(Skip::Fees));
        assert_eq!(pays(&pricing, POSEIDON_CHAIN, 11, 10), Ok(()));
    }

    #[test]
    fn amounts_parse_and_print_in_qry() {
        assert_eq!(parse_qry("1.5"), Ok(1_500_000_000_000));
        assert_eq!(parse_qry("2"), Ok(2_000_000_000_000));
        assert_eq!(parse_qry(".000000000001"), Ok(1));
        assert!(parse_qry("1.0000000000001").is_err());
        assert!(parse_qry("x").is_err());
        assert!(parse_qry("").is_err());
        assert_eq!(qry(1_500_000_000_000), "1.5 QRY");
        assert_eq!(qry(3_000_000_000_000), "3 QRY");
        assert_eq!(
            parse_min_price("merkle-batch=0.25"),
            Ok((MERKLE_BATCH, 250_000_000_000))
        );
        assert_eq!(parse_min_price("2=1"), Ok((POSEIDON_CHAIN, 1_000_000_000_000)));
        assert!(parse_min_price("nope=1").is_err());
        assert!(parse_min_price("merkle-batch").is_err());
    }
}
