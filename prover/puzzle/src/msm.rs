//! Single-threaded multi-scalar multiplication $\sum_i a_i G_i$ over the fixed Vesta generators of
//! the commitment parameters: the commitment step of every mining attempt.
//!
//! The miner runs one attempt per core, so these MSMs are deliberately serial; parallelism is across
//! nonces. The result is the same group element as halo2's `best_multiexp` (tests compare them);
//! only the speed differs. Both variants are Pippenger's bucket method with these refinements:
//!
//! 1. **Signed digits.** With window width $c$, every scalar $a < 2^{255}$ is recoded into
//!    $W = \lceil 256 / c \rceil$ digits $d_w \in [-(2^{c-1}-1),\, 2^{c-1}]$ with
//!    $a = \sum_w d_w 2^{cw}$: read the $c$-bit window $v_w$, add the carry $\kappa_w$ from the
//!    window below, and if $v_w + \kappa_w > 2^{c-1}$ use $d_w = v_w + \kappa_w - 2^c$ with carry
//!    $\kappa_{w+1} = 1$. Since $a < 2^{255}$ and $cW \ge 256$, the top window never carries out.
//!    A negative digit adds $-P = (x, -y)$ to bucket $|d_w|$, so $2^{c-1}$ buckets suffice.
//!
//! 2. **Batch-affine bucket accumulation.** The points destined to each bucket are laid out
//!    contiguously (counting sort), then every bucket's list is summed by a pairwise tree: at each
//!    level, the sums $P + Q$ of all pairs of all buckets are computed in affine coordinates with
//!    one shared field inversion (Montgomery's trick), about $6$ field multiplications per
//!    addition instead of about $11$ for a mixed Jacobian addition. Exceptional pairs are handled
//!    exactly: $P = Q$ is doubled ($\lambda = 3x^2 / 2y$), $P = -Q$ and the identity are tracked
//!    with an explicit flag. (Vesta has prime order, so $y \neq 0$ for every non-identity point and
//!    the doubling denominator is never zero.)
//!
//! 3. **Bucket reduction** $\sum_b b \cdot B_b$ by the running-sum trick in Jacobian coordinates.
//!
//! [`msm`] (windowed) keeps separate buckets per window, reduces each window, and combines the
//! windows by Horner's rule ($\sum_w 2^{cw} S_w$, $c$ doublings per window). Its window width
//! minimises the cost model $W(c)\,(7n + 30 \cdot 2^{c-1})$ ([`window_bits`]).
//!
//! [`msm_fixed`] (fixed-base) uses a [`FixedBaseTable`] of the precomputed multiples
//! $2^{cw} G_i$: then $\sum_i a_i G_i = \sum_{w,i} d_{w,i} (2^{cw} G_i)$ is a single bucket
//! problem over $W \cdot n$ points — one running sum instead of $W$, and no doublings, which lets
//! $c$ grow (cost $7Wn + 30 \cdot 2^{c-1}$, [`fixed_window_bits`]). The table costs $W \cdot n$
//! affine points (64 bytes each) of memory, shared by all threads; it pays off for the miner,
//! which commits millions of times with the same generators.

use ff::{Field, PrimeField};
use group::{Curve, CurveAffine as _, Group};
use pasta_curves::arithmetic::{CurveAffine, VartimeField};
use pasta_curves::{Eq, EqAffine, Fp, Fq};

/// Affine coordinates of a non-identity point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Base {
    x: Fq,
    y: Fq,
}

impl Base {
    /// Coordinates of `p`; `None` for the identity.
    pub fn from_affine(p: &EqAffine) -> Option<Self> {
        let c = Option::<pasta_curves::arithmetic::Coordinates<EqAffine>>::from(p.coordinates())?;
        Some(Self {
            x: *c.x(),
            y: *c.y(),
        })
    }

    /// Canonical little-endian encodings of `(x, y)` (what a GPU backend uploads).
    pub fn to_repr(&self) -> ([u8; 32], [u8; 32]) {
        (self.x.to_repr(), self.y.to_repr())
    }
}

/// An affine point or the identity (`inf`).
#[derive(Clone, Copy, Debug)]
struct Aff {
    x: Fq,
    y: Fq,
    inf: bool,
}

const INF: Aff = Aff {
    x: Fq::ZERO,
    y: Fq::ZERO,
    inf: true,
};

impl Aff {
    #[inline(always)]
    fn signed(b: &Base, negative: bool) -> Self {
        Aff {
            x: b.x,
            y: if negative { -b.y } else { b.y },
            inf: false,
        }
    }
}

/// Reusable buffers of [`msm`] and [`msm_fixed`]; one per thread.
#[derive(Default, Debug)]
pub struct MsmScratch {
    digits: Vec<i16>,
    counts: Vec<u32>,
    starts: Vec<u32>,
    lens: Vec<u32>,
    pts: Vec<Aff>,
    dens: Vec<Fq>,
    prefix: Vec<Fq>,
    windows: Vec<Eq>,
    carry: Vec<Aff>,
}

/// Largest window width (digits are stored as `i16`, and $2^{c-1} \le 2^{14}$ keeps them in range).
pub const MAX_C: usize = 15;

/// Cap on the number of points sorted into buckets at once (windows are processed in groups of
/// about this many points, bounding the scratch memory at a few MiB per thread).
const GROUP_POINTS: usize = 1 << 16;

fn num_windows(c: usize) -> usize {
    256_usize.div_ceil(c)
}

/// Window width of [`msm`] for `n` points: the $c \in [1, 15]$ minimising
/// $\lceil 256/c \rceil (7n + 30 \cdot 2^{c-1})$.
pub fn window_bits(n: usize) -> usize {
    (1..=MAX_C)
        .min_by_key(|&c| num_windows(c) as u128 * (7 * n as u128 + 30 * (1u128 << (c - 1))))
        .expect("non-empty range")
}

/// Window width of [`msm_fixed`] for `n` points: the $c \in [1, 15]$ minimising
/// $7 \lceil 256/c \rceil n + 30 \cdot 2^{c-1}$.
pub fn fixed_window_bits(n: usize) -> usize {
    (1..=MAX_C)
        .min_by_key(|&c| 7 * num_windows(c) as u128 * n as u128 + 30 * (1u128 << (c - 1)))
        .expect("non-empty range")
}

/// Bits `[offset, offset + c)` of the 256-bit little-endian integer `limbs` (zero beyond bit 255).
#[inline(always)]
fn window(limbs: &[u64; 4], offset: usize, c: usize) -> u32 {
    let limb = offset / 64;
    if limb >= 4 {
        return 0;
    }
    let shift = offset % 64;
    let mut v = limbs[limb] >> shift;
    if shift + c > 64 && limb + 1 < 4 {
        v |= limbs[limb + 1] << (64 - shift);
    }
    (v & ((1u64 << c) - 1)) as u32
}

/// Signed base-$2^c$ digits of every scalar, layout `digits[w * n + i]`.
fn signed_digits(scalars: &[Fp], c: usize, digits: &mut Vec<i16>) {
    let n = scalars.len();
    let windows = num_windows(c);
    let half = 1i32 << (c - 1);
    digits.clear();
    digits.resize(windows * n, 0);
    for (i, a) in scalars.iter().enumerate() {
        let repr = a.to_repr();
        let limbs: [u64; 4] = core::array::from_fn(|j| {
            u64::from_le_bytes(repr.as_ref()[8 * j..8 * j + 8].try_into().expect("8 bytes"))
        });
        let mut carry = 0i32;
        for w in 0..windows {
            let raw = window(&limbs, w * c, c) as i32 + carry;
            let digit = if raw > half {
                carry = 1;
                raw - (1 << c)
            } else {
                carry = 0;
                raw
            };
            digits[w * n + i] = digit as i16;
        }
        debug_assert_eq!(carry, 0, "top window carried out");
    }
}

/// Montgomery's trick: replaces every element of `values` (all non-zero) by its inverse, with one
/// field inversion and `3(len-1)` multiplications.
fn batch_invert(values: &mut [Fq], prefix: &mut Vec<Fq>) {
    if values.is_empty() {
        return;
    }
    prefix.clear();
    let mut acc = Fq::ONE;
    for v in values.iter() {
        acc *= v;
        prefix.push(acc);
    }
    let mut inv = acc
        .invert_vartime()
        .expect("batch_invert: all denominators are non-zero");
    for i in (1..values.len()).rev() {
        let vi = values[i];
        values[i] = inv * prefix[i - 1];
        inv *= vi;
    }
    values[0] = inv;
}

/// Denominator of the affine addition `a + b` (any non-zero value when no inversion is needed).
#[inline(always)]
fn denominator(a: &Aff, b: &Aff) -> Fq {
    if a.inf || b.inf {
        Fq::ONE
    } else if a.x == b.x {
        if a.y == b.y {
            a.y.double()
        } else {
            Fq::ONE
        }
    } else {
        b.x - a.x
    }
}

/// `a + b`, given `inv` = the inverse of [`denominator`]`(a, b)`.
#[inline(always)]
fn combine(a: &Aff, b: &Aff, inv: Fq) -> Aff {
    if a.inf {
        return *b;
    }
    if b.inf {
        return *a;
    }
    let lambda = if a.x == b.x {
        if a.y != b.y {
            return INF; // b = -a
        }
        // Doubling on y^2 = x^3 + 5: lambda = 3x^2 / 2y.
        let xx = a.x.square();
        (xx.double() + xx) * inv
    } else {
        (b.y - a.y) * inv
    };
    let x3 = lambda.square() - a.x - b.x;
    let y3 = lambda * (a.x - x3) - a.y;
    Aff {
        x: x3,
        y: y3,
        inf: false,
    }
}

/// Sums every slot's list `pts[starts[s] .. starts[s] + lens[s]]` in place by a pairwise tree with
/// one batch inversion per level; afterwards every `lens[s] <= 1`.
fn reduce_slots(s: &mut MsmScratch) {
    let slots = s.lens.len();
    loop {
        s.dens.clear();
        for slot in 0..slots {
            let len = s.lens[slot] as usize;
            if len < 2 {
                continue;
            }
            let st = s.starts[slot] as usize;
            for j in 0..len / 2 {
                s.dens
                    .push(denominator(&s.pts[st + 2 * j], &s.pts[st + 2 * j + 1]));
            }
        }
        if s.dens.is_empty() {
            return;
        }
        batch_invert(&mut s.dens, &mut s.prefix);
        let mut k = 0;
        for slot in 0..slots {
            let len = s.lens[slot] as usize;
            if len < 2 {
                continue;
            }
            let st = s.starts[slot] as usize;
            // Writing pair j's sum to position j never overwrites an unread input (2j >= j).
            for j in 0..len / 2 {
                s.pts[st + j] = combine(&s.pts[st + 2 * j], &s.pts[st + 2 * j + 1], s.dens[k]);
                k += 1;
            }
            if len % 2 == 1 {
                s.pts[st + len / 2] = s.pts[st + len - 1];
            }
            s.lens[slot] = len.div_ceil(2) as u32;
        }
    }
}

/// Turns `s.counts` (entries per slot) into `s.starts`/`s.lens`, resets `s.counts` to the fill
/// cursors, and sizes `s.pts`.
fn layout_slots(s: &mut MsmScratch) {
    s.starts.clear();
    let mut total = 0u32;
    for &cnt in &s.counts {
        s.starts.push(total);
        total += cnt;
    }
    s.lens.clear();
    s.lens.extend_from_slice(&s.counts);
    s.counts.copy_from_slice(&s.starts);
    s.pts.clear();
    s.pts.resize(total as usize, INF);
}

/// $\sum_b (b+1) B_b$ for buckets `B_b` (`None` = empty) by the running-sum trick, from the top.
fn running_sum(buckets: impl DoubleEndedIterator<Item = Option<Aff>>) -> Eq {
    let mut running = Eq::identity();
    let mut acc = Eq::identity();
    for b in buckets.rev() {
        if let Some(p) = b.filter(|p| !p.inf) {
            running += EqAffine::from_xy(p.x, p.y).expect("bucket sums are on the curve");
        }
        acc += running;
    }
    acc
}

/// $\sum_i a_i G_i$ for `bases[i]` = $G_i$ and `scalars[i]` = $a_i$ (equal lengths), windowed.
pub fn msm(bases: &[Base], scalars: &[Fp], s: &mut MsmScratch) -> Eq {
    msm_grouped(bases, scalars, s, GROUP_POINTS)
}

fn msm_grouped(bases: &[Base], scalars: &[Fp], s: &mut MsmScratch, group_points: usize) -> Eq {
    assert_eq!(bases.len(), scalars.len(), "msm: length mismatch");
    let n = scalars.len();
    if n == 0 {
        return Eq::identity();
    }
    let c = window_bits(n);
    let windows = num_windows(c);
    let buckets = 1usize << (c - 1);
    signed_digits(scalars, c, &mut s.digits);

    s.windows.clear();
    s.windows.resize(windows, Eq::identity());
    let group_windows = (group_points / n).clamp(1, windows);
    let mut w0 = 0;
    while w0 < windows {
        let w1 = (w0 + group_windows).min(windows);
        // Counting sort of (window, |digit|) slots.
        s.counts.clear();
        s.counts.resize((w1 - w0) * buckets, 0);
        for w in w0..w1 {
            let slot_base = (w - w0) * buckets;
            for &d in &s.digits[w * n..(w + 1) * n] {
                if d != 0 {
                    s.counts[slot_base + d.unsigned_abs() as usize - 1] += 1;
                }
            }
        }
        layout_slots(s);
        for w in w0..w1 {
            let slot_base = (w - w0) * buckets;
            for (i, base) in bases.iter().enumerate() {
                let d = s.digits[w * n + i];
                if d != 0 {
                    let slot = slot_base + d.unsigned_abs() as usize - 1;
                    let pos = s.counts[slot] as usize;
                    s.counts[slot] += 1;
                    s.pts[pos] = Aff::signed(base, d < 0);
                }
            }
        }
        reduce_slots(s);
        for w in w0..w1 {
            let slot_base = (w - w0) * buckets;
            let (lens, starts, pts) = (&s.lens, &s.starts, &s.pts);
            s.windows[w] = running_sum((0..buckets).map(|b| {
                let slot = slot_base + b;
                (lens[slot] == 1).then(|| pts[starts[slot] as usize])
            }));
        }
        w0 = w1;
    }

    // Horner over the windows.
    let mut total = Eq::identity();
    for w in (0..windows).rev() {
        if !bool::from(total.is_identity()) {
            for _ in 0..c {
                total = total.double();
            }
        }
        total += s.windows[w];
    }
    total
}

/// The multiples $2^{cw} G_i$ ($0 \le w < W$, $0 \le i < n$) for [`msm_fixed`].
#[derive(Debug)]
pub struct FixedBaseTable {
    c: usize,
    n: usize,
    /// `points[w * n + i]` = $2^{cw} G_i$.
    points: Vec<Base>,
}

impl FixedBaseTable {
    /// Precomputes the table for `bases` with the window width [`fixed_window_bits`] (parallel,
    /// in rayon's current pool).
    pub fn new(bases: &[Base]) -> Self {
        Self::with_window_bits(bases, fixed_window_bits(bases.len()))
    }

    /// Memory the table for `n` bases would take, in bytes.
    pub fn memory_for(n: usize) -> usize {
        num_windows(fixed_window_bits(n)) * n * core::mem::size_of::<Base>()
    }

    /// Precomputes the table with window width `c` (`1..=MAX_C`).
    pub fn with_window_bits(bases: &[Base], c: usize) -> Self {
        use rayon::prelude::*;
        assert!((1..=MAX_C).contains(&c));
        let n = bases.len();
        let windows = num_windows(c);
        let mut points = vec![
            Base {
                x: Fq::ZERO,
                y: Fq::ZERO
            };
            windows * n
        ];
        // Column i (all windows of G_i) is computed by one task; chunks of generators in parallel.
        const CHUNK: usize = 256;
        let columns: Vec<Vec<Base>> = bases
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut proj = Vec::with_capacity(chunk.len() * windows);
                for b in chunk {
                    let mut p = EqAffine::from_xy(b.x, b.y).expect("on curve").to_curve();
                    for _ in 0..windows {
                        proj.push(p);
                        for _ in 0..c {
                            p = p.double();
                        }
                    }
                }
                let mut affine = vec![EqAffine::identity(); proj.len()];
                Eq::batch_normalize(&proj, &mut affine);
                affine
                    .iter()
                    .map(|a| Base::from_affine(a).expect("2^j G_i is never the identity"))
                    .collect()
            })
            .collect();
        for (chunk_index, col) in columns.into_iter().enumerate() {
            for (j, b) in col.into_iter().enumerate() {
                let i = chunk_index * CHUNK + j / windows;
                let w = j % windows;
                points[w * n + i] = b;
            }
        }
        Self { c, n, points }
    }

    /// Window width.
    pub fn window_bits(&self) -> usize {
        self.c
    }

    /// Number of bases.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the table has no bases.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The multiples, `points()[w * n + i]` = $2^{cw} G_i$.
    pub fn points(&self) -> &[Base] {
        &self.points
    }

    /// Number of windows $W = \lceil 256 / c \rceil$.
    pub fn windows(&self) -> usize {
        num_windows(self.c)
    }

    /// Memory used by the table, in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.points.len() * core::mem::size_of::<Base>()
    }
}

/// $\sum_i a_i G_i$ with the precomputed multiples of `table` (`scalars.len() == table.len()`).
pub fn msm_fixed(table: &FixedBaseTable, scalars: &[Fp], s: &mut MsmScratch) -> Eq {
    msm_fixed_grouped(table, scalars, s, GROUP_POINTS)
}

fn msm_fixed_grouped(
    table: &FixedBaseTable,
    scalars: &[Fp],
    s: &mut MsmScratch,
    group_points: usize,
) -> Eq {
    let n = table.n;
    assert_eq!(scalars.len(), n, "msm_fixed: length mismatch");
    if n == 0 {
        return Eq::identity();
    }
    let c = table.c;
    let windows = num_windows(c);
    let buckets = 1usize << (c - 1);
    signed_digits(scalars, c, &mut s.digits);

    // All windows share the buckets; windows are processed in groups (bounded scratch), each group
    // starting from the previous group's bucket sums (`carry`).
    s.carry.clear();
    s.carry.resize(buckets, INF);
    let group_windows = (group_points / n).clamp(1, windows);
    let mut w0 = 0;
    while w0 < windows {
        let w1 = (w0 + group_windows).min(windows);
        s.counts.clear();
        s.counts.extend(s.carry.iter().map(|p| u32::from(!p.inf)));
        for &d in &s.digits[w0 * n..w1 * n] {
            if d != 0 {
                s.counts[d.unsigned_abs() as usize - 1] += 1;
            }
        }
        layout_slots(s);
        for b in 0..buckets {
            if !s.carry[b].inf {
                let pos = s.counts[b] as usize;
                s.counts[b] += 1;
                s.pts[pos] = s.carry[b];
            }
        }
        for w in w0..w1 {
            let row = &table.points[w * n..(w + 1) * n];
            for (i, base) in row.iter().enumerate() {
                let d = s.digits[w * n + i];
                if d != 0 {
                    let slot = d.unsigned_abs() as usize - 1;
                    let pos = s.counts[slot] as usize;
                    s.counts[slot] += 1;
                    s.pts[pos] = Aff::signed(base, d < 0);
                }
            }
        }
        reduce_slots(s);
        for b in 0..buckets {
            s.carry[b] = if s.lens[b] == 1 {
                s.pts[s.starts[b] as usize]
            } else {
                INF
            };
        }
        w0 = w1;
    }
    running_sum(s.carry.iter().map(|p| Some(*p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use group::Curve;
    use halo2_proofs::arithmetic::best_multiexp;

    fn points(n: usize) -> Vec<EqAffine> {
        let hasher = <Eq as pasta_curves::arithmetic::CurveExt>::hash_to_curve("quarry-msm-test");
        (0..n)
            .map(|i| hasher(&(i as u32).to_le_bytes()).to_affine())
            .collect()
    }

    fn check(scalars: &[Fp], pts: &[EqAffine]) {
        let bases: Vec<Base> = pts.iter().map(|p| Base::from_affine(p).unwrap()).collect();
        let mut s = MsmScratch::default();
        let theirs = best_multiexp(scalars, pts).to_affine();
        let n = scalars.len();
        assert_eq!(msm(&bases, scalars, &mut s).to_affine(), theirs, "n = {n}");
        // One window per group (exercises the grouping).
        assert_eq!(
            msm_grouped(&bases, scalars, &mut s, 1).to_affine(),
            theirs,
            "n = {n}"
        );
        let table = FixedBaseTable::new(&bases);
        assert_eq!(
            msm_fixed(&table, scalars, &mut s).to_affine(),
            theirs,
            "fixed n = {n}"
        );
        // Other window widths, and groups of one window (carry of bucket sums between groups).
        for c in [1, 2, 5, 8, MAX_C] {
            let table = FixedBaseTable::with_window_bits(&bases, c);
            assert_eq!(
                msm_fixed(&table, scalars, &mut s).to_affine(),
                theirs,
                "c={c} n={n}"
            );
            assert_eq!(
                msm_fixed_grouped(&table, scalars, &mut s, 1).to_affine(),
                theirs,
                "grouped c={c} n={n}"
            );
        }
    }

    fn pseudo_scalars(n: usize, tag: u8) -> Vec<Fp> {
        (0..n)
            .map(|i| crate::hash::wide(&crate::hash::h(&[&[tag], &(i as u64).to_le_bytes()])))
            .collect()
    }

    #[test]
    fn matches_best_multiexp_random() {
        for n in [1usize, 2, 3, 5, 16, 100, 600] {
            check(&pseudo_scalars(n, 1), &points(n));
        }
    }

    #[test]
    fn matches_best_multiexp_edge_scalars() {
        // 0, 1, -1, small, 2^k boundaries, and repeated points/scalars (exercising P + P, P + (-P)
        // inside buckets and the identity flag).
        let n = 64;
        let mut pts = points(n / 2);
        pts.extend(pts.clone()); // every point twice
        let mut scalars = Vec::new();
        for i in 0..n {
            let s = match i % 8 {
                0 => Fp::ZERO,
                1 => Fp::ONE,
                2 => -Fp::ONE,
                3 => Fp::from(1u64 << (i % 60)),
                4 => -Fp::from(i as u64),
                5 => Fp::from(u64::MAX),
                _ => pseudo_scalars(1, i as u8)[0],
            };
            scalars.push(s);
        }
        check(&scalars, &pts);
        // Same point with opposite scalars cancels exactly.
        let p = points(1);
        let two = vec![p[0], p[0]];
        check(&[Fp::from(5u64), -Fp::from(5u64)], &two);
        check(&[Fp::from(5u64), Fp::from(5u64)], &two);
        // All scalars equal: every bucket list is the whole point set.
        check(&vec![Fp::from(12345u64); 300], &points(300));
    }

    #[test]
    fn window_choice_is_sane() {
        for n in [1usize, 16, 1024, 1 << 16] {
            assert!((1..=MAX_C).contains(&window_bits(n)));
            assert!((1..=MAX_C).contains(&fixed_window_bits(n)));
            assert!(fixed_window_bits(n) >= window_bits(n));
        }
        assert!(window_bits(1 << 16) > window_bits(1 << 10));
        assert_eq!(window_bits(1 << 10), 7);
        // Table sizes quoted in the docs: 1.6 MiB at k = 10, 72 MiB at k = 16.
        assert_eq!(FixedBaseTable::memory_for(1 << 10), 1_703_936);
        assert_eq!(FixedBaseTable::memory_for(1 << 16), 72 << 20);
    }

    #[test]
    fn table_layout() {
        let pts = points(3);
        let bases: Vec<Base> = pts.iter().map(|p| Base::from_affine(p).unwrap()).collect();
        let table = FixedBaseTable::with_window_bits(&bases, 4);
        assert_eq!(table.len(), 3);
        assert_eq!(table.points.len(), 64 * 3);
        // points[w * n + i] = 2^(4w) G_i
        let expected = (pts[2] * Fp::from(1u64 << 20)).to_affine();
        assert_eq!(
            table.points[5 * 3 + 2],
            Base::from_affine(&expected).unwrap()
        );
    }
}
