//! ASERT retargeting of the proof target.
//!
//! The target follows an absolutely scheduled exponential rule (ASERT, as Bitcoin Cash's
//! aserti3-2d and Aleo's coinbase/proof targets). With an anchor target `T₀` set after block
//! `h₀`, `N` blocks since then and `S` solutions landed in them, the target of the next block is
//!
//! ```text
//!     T = T₀ · 2^((S − R·N) / (R·H))
//! ```
//!
//! where `R` is the wanted number of solutions per block and `H` the half-life in blocks. Being
//! `R·H` solutions ahead of schedule doubles the target (each solution then needs twice as many
//! attempts); being `R·H` behind halves it. Because `T` depends only on the totals since the
//! anchor, rounding errors do not accumulate from block to block.
//!
//! **How fast it moves.** A block adds at most `MaxSolutionsPerBlock = M` to `S` and exactly 1 to
//! `N`, so from one block to the next the exponent changes by at most `(M − R)/(R·H)` upward and
//! `1/H` downward: with the runtime's `R = 2, M = 16, H = 100` that is at most ×1.025 and ÷1.007
//! per block.
//!
//! **Floor.** The result is clamped to `[min_target, u64::MAX]`. At a clamp the caller re-anchors
//! (`clamped`), so a long period without miners is not remembered as a debt.
//!
//! **Fixed point.** The exponent is computed in 16.16 fixed point. `2^f` for the fractional part
//! `f ∈ [0, 1)` uses aserti3-2d's cubic, `2^f ≈ 1 + 0.695502049·f + 0.2262698·f² + 0.0782318·f³`,
//! which is within 0.012 % of the true value on `[0, 1)`; only integer
//! arithmetic is used, so every node computes the same target.

use quarry_primitives::ProofTarget;

/// A new target and whether it hit a bound.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct NextTarget {
    /// The target for the next block.
    pub target: ProofTarget,
    /// Whether it was clamped to `min_target` or `u64::MAX` (the caller re-anchors).
    pub clamped: bool,
}

/// `2^(frac / 65536) · 65536` for `frac < 65536` (aserti3-2d's cubic).
fn pow2_frac(frac: u64) -> u128 {
    let f = frac as u128;
    65536 +
        ((195_766_423_245_049 * f + 971_821_376 * f * f + 5_127 * f * f * f + (1u128 << 47)) >>
            48)
}

/// The target after `blocks` blocks and `solutions` solutions since an anchor at `anchor_target`,
/// steering toward `per_block` solutions per block with half-life `half_life` blocks.
pub fn next_target(
    anchor_target: ProofTarget,
    blocks: u64,
    solutions: u64,
    per_block: u32,
    half_life: u32,
    min_target: ProofTarget,
) -> NextTarget {
    let per_block = per_block.max(1) as i128;
    let half_life = half_life.max(1) as i128;
    // (S − R·N) / (R·H) in 16.16 fixed point, rounded toward −∞.
    let surplus = solutions as i128 - per_block * blocks as i128;
    let exponent = (surplus << 16).div_euclid(per_block * half_life);
    let shifts = exponent >> 16;
    let frac = (exponent & 0xffff) as u64;
    // T₀ · 2^frac, then · 2^shifts; anything beyond u64 or below the floor is clamped.
    let scaled = anchor_target as u128 * pow2_frac(frac) >> 16;
    let target: u128 = if shifts >= 0 {
        if shifts >= 64 {
            u128::MAX
        } else {
            scaled.checked_shl(shifts as u32).filter(|t| t >> shifts == scaled).unwrap_or(u128::MAX)
        }
    } else if shifts <= -128 {
        0
    } else {
        scaled >> (-shifts) as u32
    };
    if target > u64::MAX as u128 {
        NextTarget { target: u64::MAX, clamped: true }
    } else if target < min_target as u128 {
        NextTarget { target: min_target, clamped: true }
    } else {
        NextTarget { target: target as u64, clamped: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: u32 = 2;
    const H: u32 = 100;

    fn next(anchor: u64, blocks: u64, solutions: u64) -> NextTarget {
        next_target(anchor, blocks, solutions, R, H, 16)
    }

    #[test]
    fn on_schedule_keeps_the_target() {
        for n in [0, 1, 7, 1000] {
            assert_eq!(next(1_000_000, n, R as u64 * n), NextTarget { target: 1_000_000, clamped: false });
        }
    }

    #[test]
    fn one_half_life_ahead_doubles_and_behind_halves() {
        // R·H solutions ahead of schedule.
        assert_eq!(next(1 << 20, 10, 10 * 2 + 200).target, 1 << 21);
        assert_eq!(next(1 << 20, 100, 0).target, 1 << 19);
        assert_eq!(next(1 << 20, 300, 0).target, 1 << 17);
    }

    #[test]
    fn fractional_exponent_is_close_to_the_exact_power() {
        let anchor = 1u64 << 40;
        for surplus in [1u64, 13, 50, 99, 150, 199] {
            let got = next(anchor, 0, surplus).target as f64;
            let exact = anchor as f64 * 2f64.powf(surplus as f64 / (R * H) as f64);
            assert!((got / exact - 1.0).abs() < 2e-4, "surplus {surplus}: {got} vs {exact}");
        }
    }

    #[test]
    fn monotone_in_solutions() {
        let mut last = 0;
        for s in 0..2000 {
            let t = next(100_000, 500, s).target;
            assert!(t >= last);
            last = t;
        }
    }

    #[test]
    fn clamps_at_the_floor_and_at_u64_max() {
        assert_eq!(next(1000, 10_000, 0), NextTarget { target: 16, clamped: true });
        assert_eq!(next(u64::MAX / 2, 0, 1000), NextTarget { target: u64::MAX, clamped: true });
        assert_eq!(next(1, 0, 1_000_000), NextTarget { target: u64::MAX, clamped: true });
    }

    #[test]
    fn per_block_change_is_bounded() {
        // Worst case per block with M = 16: +14 solutions over schedule, or −2.
        let up = next(1 << 30, 1, 16).target as f64 / (1u64 << 30) as f64;
        let down = next(1 << 30, 1, 0).target as f64 / (1u64 << 30) as f64;
        assert!(up <= 2f64.powf(14.0 / 200.0) * 1.0002, "{up}");
        assert!(down >= 2f64.powf(-2.0 / 200.0) * 0.9998, "{down}");
    }

    /// A population of miners with a fixed hash rate: the number of solutions per block is
    /// `attempts / target` on average; the loop draws it from a deterministic Poisson-like
    /// stream. The target must settle where `attempts / target ≈ R`.
    #[test]
    fn simulation_converges_to_the_target_rate() {
        let attempts_per_block = 300_000.0f64;
        let mut anchor = (1_000u64, 0u64, 0u64); // (target, blocks, solutions)
        let mut target = 1_000u64;
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut carry = 0.0f64;
        let mut landed_late = 0u64;
        for block in 0..20_000u64 {
            // Expected solutions this block, with a deterministic ±50 % jitter.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let jitter = 0.5 + (state % 1000) as f64 / 1000.0;
            carry += attempts_per_block / target as f64 * jitter;
            let landed = (carry.floor() as u64).min(16);
            carry -= carry.floor();
            anchor.1 += 1;
            anchor.2 += landed;
            if block >= 15_000 {
                landed_late += landed;
            }
            let next = next_target(anchor.0, anchor.1, anchor.2, R, H, 16);
            target = next.target;
            if next.clamped {
                anchor = (target, 0, 0);
            }
        }
        let rate = landed_late as f64 / 5_000.0;
        assert!((rate - R as f64).abs() < 0.1, "settled at {rate} solutions per block");
        let ideal = attempts_per_block / R as f64;
        assert!((target as f64 / ideal - 1.0).abs() < 0.25, "target {target}, ideal {ideal}");
    }
}
