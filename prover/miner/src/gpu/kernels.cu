// Quarry mining kernels: one puzzle attempt per nonce, many nonces per launch.
//
// This file is compiled twice from the same text:
//   - at run time by NVRTC for the GPU (`__CUDACC__` defined), where every `extern "C" __global__`
//     kernel runs one *thread body* per global thread index;
//   - at build time by the host C++ compiler (src/gpu/host.cpp), where `quarry_gpu_host_launch`
//     runs the same thread bodies in a loop. The tests use that to check the kernels' arithmetic and
//     the whole launch sequence bit-exactly against the Rust reference on machines with no GPU.
// So the rule is: a kernel body depends only on (job, thread index) and on memory written by earlier
// launches; the only cooperation inside a launch is through atomic counters whose order does not
// change any result (bucket sums are group elements; their XYZZ form is normalised at the end).
//
// What one attempt computes (prover/PUZZLE.md, quarry_puzzle::attempt):
//   seed = BLAKE2b-512(SEED || c || miner || nonce_le)[0..32]
//   p_i  = wide(BLAKE2b-512(PRG || seed || i_le)) mod p               (Pasta scalar field Fp)
//   C    = sum_i p_i G_i                                              (Vesta, coordinates in Fq)
//   q    = (2^64 - 1) / max(1, u64_le(BLAKE2b-512(QUALITY || c || miner || nonce_le || C)[0..8]))
//
// The MSM is the fixed-base Pippenger of quarry_puzzle::msm::msm_fixed: with window width c, the
// table holds T[w][i] = 2^(cw) G_i, every scalar is recoded into signed digits
// d_w in [-(2^(c-1) - 1), 2^(c-1)], and
//   C = sum_{w,i} d_{w,i} T[w][i] = sum_{b=1}^{2^(c-1)} b * B_b,  B_b = sum_{|d_{w,i}| = b} sign * T[w][i]
// Windows cover the scalars' real width: W = ceil(255 / c) (the CPU table has ceil(256 / c) rows; the
// top one is never used here). No digit carries out of window W - 1, because a < p < 2^254 + 2^126:
// with bit 254 clear the top window holds less than 2^(c-1); with it set, bits 126..253 are clear,
// so the top window holds exactly 2^(254 - c(W-1)) <= 2^(c-1) and receives no carry.
//
// Launch sequence per batch of nonces (src/gpu/pipeline.rs):
//   seed -> clear -> digits (PRG, recoding, bucket histogram) -> chunk_sums -> chunk_scan -> offsets
//   -> scatter (counting sort of (w, i, sign) entries by bucket) -> accumulate -> segments -> finish
//
// Load balance. Bucket sizes are far from even: at k = 11, 12 and 15 the top window holds 1-2 real
// bits, so buckets 1..4 each receive about n/4 entries against a mean of 40-76 (109x the mean at
// k = 15). One thread per bucket would make the heaviest bucket the launch's critical path. So
// `accumulate` splits each nonce's sorted entry array into fixed chunks of E = entry_chunk entries,
// one thread each, whatever the buckets:
//   - a bucket that starts inside chunk j is *owned* by j: j writes the sum of its entries up to the
//     chunk's end into bucket_sums (identity for an empty bucket);
//   - the entries at the start of chunk j that continue a bucket begun in an earlier chunk are summed
//     into carries[j] (a partial sum).
// `segments` then adds, to each bucket, the carries of the chunks that start strictly inside it
// (chunks floor(start/E) + 1 .. ceil(end/E) - 1). Every accumulate thread does E mixed additions;
// a segment thread does 2L full additions plus the carries of its buckets, about L * mean / E, and a
// bucket of size S adds S / E of them: at k = 15 (E = 128) the heaviest segment does 1.67x the mean
// work instead of 109x (`pipeline::work_profile` computes it; a test bounds it by 4x for k = 11..16).
//   -> finish (segments combined, affine, compressed encoding, quality hash).

#ifdef __CUDACC__
#define QD __device__ __forceinline__
#define QCONST __device__ const
// Keep a loop rolled (the 256-step inverse: unrolled it only bloats the PTX and the JIT time).
#define QROLLED _Pragma("unroll 1")
// Unroll fully (BLAKE2b rounds: the message schedule then indexes registers, not local memory).
#define QUNROLLED _Pragma("unroll")
#else
#define QD static inline
#define QCONST static const
#define QROLLED
#define QUNROLLED
#endif

typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef short i16;

// ------------------------------------------------------------------------------------------------
// The job: every buffer address and size of one launch sequence. Mirrored by `Job` in
// src/gpu/pipeline.rs (#[repr(C)]); passed by value to every kernel.
// ------------------------------------------------------------------------------------------------
struct Job {
    u64 table;        // Aff[windows * n]: T[w][i] at w * n + i, Montgomery form
    u64 seeds;        // u64[batch][4]: PRG seed of each nonce
    u64 scalars;      // 0, or Fp canonical u64[batch][n][4]: commit to these instead of the PRG's
    u64 digits;       // i16[batch][windows][n]: signed digits
    u64 counts;       // u32[batch][buckets]: histogram, then scatter cursors (end of each bucket)
    u64 offsets;      // u32[batch][buckets]: start of each bucket in `entries`
    u64 chunk_sums;   // u32[batch][nchunks]
    u64 entries;      // u32[batch][windows * n]: (w * n + i) | sign << 31, sorted by bucket
    u64 bucket_sums;  // Xyzz[batch][buckets]: owned part of each bucket (see "Load balance")
    u64 carries;      // Xyzz[batch][echunks]: continued-bucket partial sum at the start of each chunk
    u64 segment_sums; // Xyzz[batch][segments][2]: (sum_j (j+1) B_{sL+j}, sum_j B_{sL+j})
    u64 out;          // u8[batch][40]: compressed C (32 bytes), quality (u64 little-endian)
    u64 op_in;        // test operations (kernel `ops`): inputs
    u64 op_out;       // test operations: outputs
    u64 start_nonce;  // nonce of batch element 0 (wrapping)
    u32 n;            // 2^k generators
    u32 c;            // window width
    u32 windows;      // W = ceil(255 / c)
    u32 buckets;      // 2^(c-1)
    u32 nchunks;      // ceil(buckets / CHUNK)
    u32 segment_log2; // L = 2^segment_log2 buckets per segment
    u32 segments;     // ceil(buckets / L)
    u32 batch;        // nonces in this job
    u32 op;           // test operation code
    u32 entry_chunk;  // E: sorted entries per accumulate thread
    u32 echunks;      // accumulate threads per nonce: floor(windows * n / E) + 1
    u32 reserved;
    u8 challenge[32];
    u8 miner[32];
};

#define CHUNK 64u

// ------------------------------------------------------------------------------------------------
// 64-bit limb arithmetic
// ------------------------------------------------------------------------------------------------

// a + b * c + carry, returning the low word and leaving the high word in carry (never overflows:
// (2^64-1) + (2^64-1)^2 + (2^64-1) = 2^128 - 1).
QD u64 mac(u64 a, u64 b, u64 c, u64 &carry) {
#ifdef __CUDACC__
    u64 lo = b * c;
    u64 hi = __umul64hi(b, c);
#else
    unsigned __int128 p = (unsigned __int128)b * c;
    u64 lo = (u64)p;
    u64 hi = (u64)(p >> 64);
#endif
    lo += a;
    hi += (lo < a);
    lo += carry;
    hi += (lo < carry);
    carry = hi;
    return lo;
}

// a + b + carry (carry in {0, 1}); carry out in carry.
QD u64 adc(u64 a, u64 b, u64 &carry) {
    u64 s = a + b;
    u64 c1 = s < a;
    u64 r = s + carry;
    carry = c1 | (r < s);
    return r;
}

// a - b - borrow (borrow in {0, 1}); borrow out in borrow.
QD u64 sbb(u64 a, u64 b, u64 &borrow) {
    u64 d = a - b;
    u64 b1 = a < b;
    u64 r = d - borrow;
    borrow = b1 | (d < borrow);
    return r;
}

// ------------------------------------------------------------------------------------------------
// Prime fields in Montgomery form (R = 2^256), the representation of pasta_curves.
//   p = 0x40000000000000000000000000000000224698fc094cf91b992d30ed00000001 (Fp, scalars)
//   q = 0x40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001 (Fq, Vesta coordinates)
// INV = -m^(-1) mod 2^64; R2 = 2^512 mod m. Values are kept fully reduced (< m), so equal field
// elements have equal limbs and the canonical output is unique, whatever the order of operations.
// ------------------------------------------------------------------------------------------------
struct Fe {
    u64 l[4];
};

struct FpParams {
    static constexpr u64 M0 = 0x992d30ed00000001ULL, M1 = 0x224698fc094cf91bULL,
                         M2 = 0x0000000000000000ULL, M3 = 0x4000000000000000ULL;
    static constexpr u64 INV = 0x992d30ecffffffffULL;
    static constexpr u64 R2_0 = 0x8c78ecb30000000fULL, R2_1 = 0xd7d30dbd8b0de0e7ULL,
                         R2_2 = 0x7797a99bc3c95d18ULL, R2_3 = 0x096d41af7b9cb714ULL;
};

struct FqParams {
    static constexpr u64 M0 = 0x8c46eb2100000001ULL, M1 = 0x224698fc0994a8ddULL,
                         M2 = 0x0000000000000000ULL, M3 = 0x4000000000000000ULL;
    static constexpr u64 INV = 0x8c46eb20ffffffffULL;
    static constexpr u64 R2_0 = 0xfc9678ff0000000fULL, R2_1 = 0x67bb433d891a16e3ULL,
                         R2_2 = 0x7fae231004ccf590ULL, R2_3 = 0x096d41af7ccfdaa9ULL;
};

template <class F> QD Fe f_modulus() {
    Fe m = {{F::M0, F::M1, F::M2, F::M3}};
    return m;
}

QD Fe f_zero() {
    Fe z = {{0, 0, 0, 0}};
    return z;
}

QD bool f_is_zero(const Fe &a) { return (a.l[0] | a.l[1] | a.l[2] | a.l[3]) == 0; }

QD bool f_eq(const Fe &a, const Fe &b) {
    return ((a.l[0] ^ b.l[0]) | (a.l[1] ^ b.l[1]) | (a.l[2] ^ b.l[2]) | (a.l[3] ^ b.l[3])) == 0;
}

// a - m if a >= m (with an extra high word `top` of a), else a.
template <class F> QD Fe f_reduce_once(const Fe &a, u64 top) {
    Fe m = f_modulus<F>();
    Fe d;
    u64 borrow = 0;
    for (int j = 0; j < 4; j++) d.l[j] = sbb(a.l[j], m.l[j], borrow);
    // a >= m iff the subtraction did not borrow past the extra word.
    bool keep = (top == 0) && borrow;
    return keep ? a : d;
}

template <class F> QD Fe f_add(const Fe &a, const Fe &b) {
    Fe r;
    u64 carry = 0;
    for (int j = 0; j < 4; j++) r.l[j] = adc(a.l[j], b.l[j], carry);
    return f_reduce_once<F>(r, carry);
}

template <class F> QD Fe f_sub(const Fe &a, const Fe &b) {
    Fe r;
    u64 borrow = 0;
    for (int j = 0; j < 4; j++) r.l[j] = sbb(a.l[j], b.l[j], borrow);
    if (borrow) {
        Fe m = f_modulus<F>();
        u64 carry = 0;
        for (int j = 0; j < 4; j++) r.l[j] = adc(r.l[j], m.l[j], carry);
    }
    return r;
}

template <class F> QD Fe f_neg(const Fe &a) { return f_is_zero(a) ? a : f_sub<F>(f_zero(), a); }

template <class F> QD Fe f_double(const Fe &a) { return f_add<F>(a, a); }

// ------------------------------------------------------------------------------------------------
// 32-bit carry chains (review F4.1). A GPU multiplies 32-bit words natively; the 64-bit path above
// builds every 64x64 product from four of them and recovers each carry by a comparison. PTX has
// the carry flag as a condition code: `mad.lo.cc`/`madc.hi.cc` add a product half and the incoming
// carry in one instruction. The primitives below are those instructions, one each: inline PTX on
// the GPU when QUARRY_PTX_ARITH is defined; elsewhere (the host build, and the GPU build without
// the switch) a C++ emulation in which `Carry` holds the flag explicitly. The Montgomery product
// f_mul_cc is written once on top of them, so the host tests check its carry logic bit-exactly
// and only the one-line mapping of each primitive to its PTX instruction needs a GPU to test.
// ------------------------------------------------------------------------------------------------
#if defined(__CUDACC__) && defined(QUARRY_PTX_ARITH)
struct Carry {}; // the condition code register, implicit between consecutive asm statements
#define QCC2(op, a, b)                                                                            \
    u32 r;                                                                                         \
    asm volatile(op " %0, %1, %2;" : "=r"(r) : "r"(a), "r"(b));                                    \
    return r
#define QCC3(op, a, b, d)                                                                         \
    u32 r;                                                                                         \
    asm volatile(op " %0, %1, %2, %3;" : "=r"(r) : "r"(a), "r"(b), "r"(d));                       \
    return r
QD u32 add_cc(Carry &, u32 a, u32 b) { QCC2("add.cc.u32", a, b); }
QD u32 addc_cc(Carry &, u32 a, u32 b) { QCC2("addc.cc.u32", a, b); }
QD u32 addc(Carry &, u32 a, u32 b) { QCC2("addc.u32", a, b); }
QD u32 mad_lo_cc(Carry &, u32 a, u32 b, u32 d) { QCC3("mad.lo.cc.u32", a, b, d); }
QD u32 madc_lo_cc(Carry &, u32 a, u32 b, u32 d) { QCC3("madc.lo.cc.u32", a, b, d); }
QD u32 mad_hi_cc(Carry &, u32 a, u32 b, u32 d) { QCC3("mad.hi.cc.u32", a, b, d); }
QD u32 madc_hi_cc(Carry &, u32 a, u32 b, u32 d) { QCC3("madc.hi.cc.u32", a, b, d); }
QD u32 madc_hi(Carry &, u32 a, u32 b, u32 d) { QCC3("madc.hi.u32", a, b, d); }
#else
struct Carry {
    u32 cf; // PTX's CC.CF
};
QD u32 add_cc(Carry &c, u32 a, u32 b) {
    u64 s = (u64)a + b;
    c.cf = (u32)(s >> 32);
    return (u32)s;
}
QD u32 addc_cc(Carry &c, u32 a, u32 b) {
    u64 s = (u64)a + b + c.cf;
    c.cf = (u32)(s >> 32);
    return (u32)s;
}
QD u32 addc(Carry &c, u32 a, u32 b) { return a + b + c.cf; }
QD u32 lo32(u32 a, u32 b) { return a * b; }
QD u32 hi32(u32 a, u32 b) { return (u32)(((u64)a * b) >> 32); }
QD u32 mad_lo_cc(Carry &c, u32 a, u32 b, u32 d) { return add_cc(c, lo32(a, b), d); }
QD u32 madc_lo_cc(Carry &c, u32 a, u32 b, u32 d) { return addc_cc(c, lo32(a, b), d); }
QD u32 mad_hi_cc(Carry &c, u32 a, u32 b, u32 d) { return add_cc(c, hi32(a, b), d); }
QD u32 madc_hi_cc(Carry &c, u32 a, u32 b, u32 d) { return addc_cc(c, hi32(a, b), d); }
QD u32 madc_hi(Carry &c, u32 a, u32 b, u32 d) { return addc(c, hi32(a, b), d); }
#endif

// Montgomery product a * b / R mod m on 32-bit words (CIOS, n = 8): for each word a_i,
//   t += b * a_i   (low halves of the eight products into t[0..7], high halves into t[1..8]),
//   t += q * m with q = t[0] * (-m^-1 mod 2^32), which clears t[0];  t >>= 32.
// Nine words hold t: with b < m < 2^255 and t < 2^256 + m on entry, t + b a_i + q m stays below
// 2^256 + 2^33 m < 2^288. The result is below a b / R + m < 2m for a < R, as in f_mul.
template <class F> QD Fe f_mul_cc(const Fe &a, const Fe &b) {
    u32 x[8], y[8];
    const u32 m[8] = {(u32)F::M0, (u32)(F::M0 >> 32), (u32)F::M1, (u32)(F::M1 >> 32),
                      (u32)F::M2, (u32)(F::M2 >> 32), (u32)F::M3, (u32)(F::M3 >> 32)};
    const u32 inv = (u32)F::INV; // -m^-1 mod 2^64, reduced mod 2^32, is -m^-1 mod 2^32
    QUNROLLED
    for (int j = 0; j < 4; j++) {
        x[2 * j] = (u32)b.l[j];
        x[2 * j + 1] = (u32)(b.l[j] >> 32);
        y[2 * j] = (u32)a.l[j];
        y[2 * j + 1] = (u32)(a.l[j] >> 32);
    }
    u32 t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    Carry c = Carry();
    QUNROLLED
    for (int i = 0; i < 8; i++) {
        u32 ai = y[i];
        t[0] = mad_lo_cc(c, x[0], ai, t[0]);
        QUNROLLED
        for (int j = 1; j < 8; j++) t[j] = madc_lo_cc(c, x[j], ai, t[j]);
        t[8] = addc(c, t[8], 0);
        t[1] = mad_hi_cc(c, x[0], ai, t[1]);
        QUNROLLED
        for (int j = 1; j < 7; j++) t[j + 1] = madc_hi_cc(c, x[j], ai, t[j + 1]);
        t[8] = madc_hi(c, x[7], ai, t[8]);

        u32 q = t[0] * inv;
        t[0] = mad_lo_cc(c, q, m[0], t[0]); // 0, and the carry
        QUNROLLED
        for (int j = 1; j < 8; j++) t[j] = madc_lo_cc(c, q, m[j], t[j]);
        t[8] = addc(c, t[8], 0);
        t[1] = mad_hi_cc(c, q, m[0], t[1]);
        QUNROLLED
        for (int j = 1; j < 7; j++) t[j + 1] = madc_hi_cc(c, q, m[j], t[j + 1]);
        t[8] = madc_hi(c, q, m[7], t[8]);

        QUNROLLED
        for (int j = 0; j < 8; j++) t[j] = t[j + 1];
        t[8] = 0;
    }
    // After the last shift t < 2m < 2^256: eight words.
    Fe r;
    QUNROLLED
    for (int j = 0; j < 4; j++) r.l[j] = (u64)t[2 * j] | ((u64)t[2 * j + 1] << 32);
    return f_reduce_once<F>(r, 0);
}

// Montgomery product a * b / R mod m (CIOS). For a < 2^256 and b < m the result before the final
// subtraction is below 2m, so one conditional subtraction makes it canonical. With
// QUARRY_PTX_ARITH (GPU only), the 32-bit carry-chain version above.
template <class F> QD Fe f_mul(const Fe &a, const Fe &b) {
#if defined(QUARRY_PTX_ARITH) || defined(QUARRY_CC_ARITH)
    return f_mul_cc<F>(a, b);
#else
    const u64 m[4] = {F::M0, F::M1, F::M2, F::M3};
    u64 t[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        u64 carry = 0;
        for (int j = 0; j < 4; j++) t[j] = mac(t[j], a.l[j], b.l[i], carry);
        u64 c2 = 0;
        t[4] = adc(t[4], carry, c2);
        t[5] = c2;
        u64 q = t[0] * F::INV;
        carry = 0;
        (void)mac(t[0], q, m[0], carry); // low word is 0 by the choice of q
        for (int j = 1; j < 4; j++) t[j - 1] = mac(t[j], q, m[j], carry);
        c2 = 0;
        t[3] = adc(t[4], carry, c2);
        t[4] = t[5] + c2;
    }
    Fe r = {{t[0], t[1], t[2], t[3]}};
    return f_reduce_once<F>(r, t[4]);
#endif
}

template <class F> QD Fe f_square(const Fe &a) { return f_mul<F>(a, a); }

template <class F> QD Fe f_r2() {
    Fe r2 = {{F::R2_0, F::R2_1, F::R2_2, F::R2_3}};
    return r2;
}

// Canonical integer (< m) -> Montgomery form: a * R^2 / R = a R.
template <class F> QD Fe f_to_mont(const Fe &a) { return f_mul<F>(a, f_r2<F>()); }

// Montgomery form -> canonical integer: a / R.
template <class F> QD Fe f_from_mont(const Fe &a) {
    Fe one = {{1, 0, 0, 0}};
    return f_mul<F>(a, one);
}

// Montgomery form of 1 (= R mod m).
template <class F> QD Fe f_one() {
    Fe one = {{1, 0, 0, 0}};
    return f_to_mont<F>(one);
}

// a^(m-2) = a^(-1) for a != 0 (Fermat), left-to-right square and multiply; 0 maps to 0.
template <class F> QD Fe f_inv(const Fe &a) {
    const u64 e[4] = {F::M0 - 2, F::M1, F::M2, F::M3}; // M0 is odd and > 2: no borrow
    Fe r = f_one<F>();
    QROLLED
    for (int limb = 3; limb >= 0; limb--) {
        QROLLED
        for (int bit = 63; bit >= 0; bit--) {
            r = f_square<F>(r);
            if ((e[limb] >> bit) & 1) r = f_mul<F>(r, a);
        }
    }
    return r;
}

// 512-bit little-endian integer (lo, hi) mod p, canonical: pasta_curves' Fp::from_uniform_bytes.
//   lo + hi 2^256 = (lo mod p) + MontMul(hi, R^2) mod p, since MontMul(hi, R^2) = hi R = hi 2^256.
// lo < 2^256 < 4p, so at most three subtractions reduce it.
// (CC: the product by the carry-chain f_mul_cc, for its test on a non-reduced first factor.)
template <bool CC = false> QD Fe fp_wide_reduce(const Fe &lo, const Fe &hi) {
    Fe a = lo;
    for (int i = 0; i < 3; i++) a = f_reduce_once<FpParams>(a, 0);
    Fe b = CC ? f_mul_cc<FpParams>(hi, f_r2<FpParams>()) : f_mul<FpParams>(hi, f_r2<FpParams>());
    return f_add<FpParams>(a, b);
}

// ------------------------------------------------------------------------------------------------
// Vesta: y^2 = x^3 + 5 over Fq, prime order (so y != 0 on every non-identity point).
// Points are XYZZ (review F4.2, as sppark's buckets): (X, Y, ZZ, ZZZ) represents (X / ZZ, Y / ZZZ)
// with ZZ^3 = ZZZ^2; ZZ = 0 is the identity. Against Jacobian (X / Z^2, Y / Z^3) it keeps Z^2 and
// Z^3 instead of Z, so no addition recomputes them: the mixed addition the buckets run on every
// entry is 8M + 2S (Jacobian madd-2007-bl: 7M + 4S), the full addition of the running sums
// 12M + 2S (add-2007-bl: 11M + 5S), each with fewer additions too. Formulas: the
// Explicit-Formulas Database, "g1p/auto-shortw-xyzz" (a = 0).
// ------------------------------------------------------------------------------------------------
struct Aff {
    Fe x, y;
};

struct Xyzz {
    Fe x, y, zz, zzz;
};

typedef FqParams Q;

QD Xyzz x_identity() {
    Xyzz r;
    r.x = f_one<Q>();
    r.y = f_one<Q>();
    r.zz = f_zero();
    r.zzz = f_zero();
    return r;
}

QD bool x_is_identity(const Xyzz &p) { return f_is_zero(p.zz); }

QD Xyzz x_from_aff(const Aff &a) {
    Xyzz r;
    r.x = a.x;
    r.y = a.y;
    r.zz = f_one<Q>();
    r.zzz = f_one<Q>();
    return r;
}

// 2P, "dbl-2008-s-1" (a = 0): 6M + 3S.
//   U = 2Y, V = U^2, W = U V, S = X V, M = 3X^2,
//   X3 = M^2 - 2S, Y3 = M (S - X3) - W Y, ZZ3 = V ZZ, ZZZ3 = W ZZZ
QD Xyzz x_double(const Xyzz &p) {
    if (x_is_identity(p)) return p;
    Fe u = f_double<Q>(p.y);
    Fe v = f_square<Q>(u);
    Fe w = f_mul<Q>(u, v);
    Fe s = f_mul<Q>(p.x, v);
    Fe x2 = f_square<Q>(p.x);
    Fe m = f_add<Q>(f_double<Q>(x2), x2);
    Xyzz r;
    r.x = f_sub<Q>(f_square<Q>(m), f_double<Q>(s));
    r.y = f_sub<Q>(f_mul<Q>(m, f_sub<Q>(s, r.x)), f_mul<Q>(w, p.y));
    r.zz = f_mul<Q>(v, p.zz);
    r.zzz = f_mul<Q>(w, p.zzz);
    return r;
}

// P + Q for affine Q, "madd-2008-s": 8M + 2S, with the exceptional cases P = Q (doubling) and
// P = -Q (identity) handled exactly.
//   U2 = x ZZ1, S2 = y ZZZ1, P = U2 - X1, R = S2 - Y1, PP = P^2, PPP = P PP, Q = X1 PP,
//   X3 = R^2 - PPP - 2Q, Y3 = R (Q - X3) - Y1 PPP, ZZ3 = ZZ1 PP, ZZZ3 = ZZZ1 PPP
QD Xyzz x_add_aff(const Xyzz &p, const Aff &q) {
    if (x_is_identity(p)) return x_from_aff(q);
    Fe u2 = f_mul<Q>(q.x, p.zz);
    Fe s2 = f_mul<Q>(q.y, p.zzz);
    Fe h = f_sub<Q>(u2, p.x);
    Fe r = f_sub<Q>(s2, p.y);
    if (f_is_zero(h)) {
        if (f_is_zero(r)) return x_double(p);
        return x_identity();
    }
    Fe pp = f_square<Q>(h);
    Fe ppp = f_mul<Q>(h, pp);
    Fe qq = f_mul<Q>(p.x, pp);
    Xyzz o;
    o.x = f_sub<Q>(f_sub<Q>(f_square<Q>(r), ppp), f_double<Q>(qq));
    o.y = f_sub<Q>(f_mul<Q>(r, f_sub<Q>(qq, o.x)), f_mul<Q>(p.y, ppp));
    o.zz = f_mul<Q>(p.zz, pp);
    o.zzz = f_mul<Q>(p.zzz, ppp);
    return o;
}

// P + Q, "add-2008-s": 12M + 2S, exceptional cases handled exactly.
//   U1 = X1 ZZ2, U2 = X2 ZZ1, S1 = Y1 ZZZ2, S2 = Y2 ZZZ1, P = U2 - U1, R = S2 - S1, then as the
//   mixed addition with U1, S1 for X1, Y1, and ZZ3 = ZZ1 ZZ2 PP, ZZZ3 = ZZZ1 ZZZ2 PPP
QD Xyzz x_add(const Xyzz &p, const Xyzz &q) {
    if (x_is_identity(p)) return q;
    if (x_is_identity(q)) return p;
    Fe u1 = f_mul<Q>(p.x, q.zz);
    Fe u2 = f_mul<Q>(q.x, p.zz);
    Fe s1 = f_mul<Q>(p.y, q.zzz);
    Fe s2 = f_mul<Q>(q.y, p.zzz);
    Fe h = f_sub<Q>(u2, u1);
    Fe r = f_sub<Q>(s2, s1);
    if (f_is_zero(h)) {
        if (f_is_zero(r)) return x_double(p);
        return x_identity();
    }
    Fe pp = f_square<Q>(h);
    Fe ppp = f_mul<Q>(h, pp);
    Fe qq = f_mul<Q>(u1, pp);
    Xyzz o;
    o.x = f_sub<Q>(f_sub<Q>(f_square<Q>(r), ppp), f_double<Q>(qq));
    o.y = f_sub<Q>(f_mul<Q>(r, f_sub<Q>(qq, o.x)), f_mul<Q>(s1, ppp));
    o.zz = f_mul<Q>(f_mul<Q>(p.zz, q.zz), pp);
    o.zzz = f_mul<Q>(f_mul<Q>(p.zzz, q.zzz), ppp);
    return o;
}

// Affine coordinates in canonical form; returns false for the identity. One inversion:
// 1 / ZZ = ZZZ / (ZZ ZZZ) and 1 / ZZZ = ZZ / (ZZ ZZZ).
QD bool x_to_affine_canonical(const Xyzz &p, Fe &x, Fe &y) {
    if (x_is_identity(p)) return false;
    Fe inv = f_inv<Q>(f_mul<Q>(p.zz, p.zzz));
    x = f_from_mont<Q>(f_mul<Q>(p.x, f_mul<Q>(inv, p.zzz)));
    y = f_from_mont<Q>(f_mul<Q>(p.y, f_mul<Q>(inv, p.zz)));
    return true;
}

// pasta_curves' compressed encoding: x little-endian, bit 255 = y is odd; identity = 32 zeros.
QD void compress(const Xyzz &p, u8 out[32]) {
    Fe x, y;
    if (!x_to_affine_canonical(p, x, y)) {
        for (int i = 0; i < 32; i++) out[i] = 0;
        return;
    }
    for (int i = 0; i < 32; i++) out[i] = (u8)(x.l[i / 8] >> (8 * (i % 8)));
    out[31] |= (u8)((y.l[0] & 1) << 7);
}

// ------------------------------------------------------------------------------------------------
// BLAKE2b-512 of one message of at most 128 bytes (one compression, RFC 7693): every puzzle hash
// fits in one block (seed 93 bytes, PRG 60, quality 128).
// ------------------------------------------------------------------------------------------------
QCONST u64 BLAKE2B_IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

QCONST u8 BLAKE2B_SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

QD u64 rotr64(u64 x, int n) { return (x >> n) | (x << (64 - n)); }

QD void blake2b_g(u64 v[16], int a, int b, int c, int d, u64 x, u64 y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotr64(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = rotr64(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 63);
}

// h = BLAKE2b-512 of the `len`-byte message whose zero-padded block is m[16] (little-endian words).
QD void blake2b_one_block(const u64 m[16], u32 len, u64 h[8]) {
    u64 v[16];
    for (int i = 0; i < 8; i++) {
        h[i] = BLAKE2B_IV[i];
        v[i + 8] = BLAKE2B_IV[i];
    }
    h[0] ^= 0x01010040ULL; // digest length 64, no key, fanout 1, depth 1
    for (int i = 0; i < 8; i++) v[i] = h[i];
    v[12] ^= (u64)len; // byte counter
    v[14] = ~v[14];    // last block
    QUNROLLED
    for (int r = 0; r < 12; r++) {
        const u8 *s = BLAKE2B_SIGMA[r];
        blake2b_g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        blake2b_g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        blake2b_g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        blake2b_g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        blake2b_g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        blake2b_g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        blake2b_g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        blake2b_g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

// A message block being assembled byte by byte (little-endian words).
struct Block {
    u64 m[16];
    u32 len;
};

QD void block_init(Block &b) {
    for (int i = 0; i < 16; i++) b.m[i] = 0;
    b.len = 0;
}

QD void block_byte(Block &b, u8 x) {
    b.m[b.len / 8] |= (u64)x << (8 * (b.len % 8));
    b.len++;
}

QD void block_bytes(Block &b, const u8 *x, u32 n) {
    for (u32 i = 0; i < n; i++) block_byte(b, x[i]);
}

QD void block_str(Block &b, const char *s) {
    for (; *s; s++) block_byte(b, (u8)*s);
}

QD void block_u64(Block &b, u64 x) {
    for (int i = 0; i < 8; i++) block_byte(b, (u8)(x >> (8 * i)));
}

// Domain tags of quarry_puzzle::hash::tags.
#define TAG_SEED "quarry/puzzle/v1/seed"
#define TAG_QUALITY "quarry/puzzle/v1/quality"

QD u64 job_nonce(const Job &job, u64 b) { return job.start_nonce + b; }

// ------------------------------------------------------------------------------------------------
// Kernel bodies. `t` is the global thread index, already checked to be below the launch size.
// ------------------------------------------------------------------------------------------------

// t < batch: seed of nonce t.
QD void body_seed(const Job &job, u64 t) {
    Block blk;
    block_init(blk);
    block_str(blk, TAG_SEED);
    block_bytes(blk, job.challenge, 32);
    block_bytes(blk, job.miner, 32);
    block_u64(blk, job_nonce(job, t));
    u64 h[8];
    blake2b_one_block(blk.m, blk.len, h);
    u64 *seeds = (u64 *)job.seeds;
    for (int i = 0; i < 4; i++) seeds[t * 4 + i] = h[i];
}

// t < batch * buckets: zero the histogram.
QD void body_clear(const Job &job, u64 t) { ((u32 *)job.counts)[t] = 0; }

// Coefficient i of nonce b: wide(BLAKE2b(PRG || seed || i_le)), canonical.
QD Fe prg_coefficient(const Job &job, u64 b, u64 i) {
    // The 60-byte block: 20-byte tag, 32-byte seed at byte 20, 8-byte index at byte 52. The seed
    // words are shifted by 4 bytes into the message words.
    // TAG_PRG = "quarry/p" "uzzle/v1" "/prg" as little-endian words (checked by the PRG tests).
    const u64 *s = ((const u64 *)job.seeds) + b * 4;
    u64 m[16];
    for (int w = 0; w < 16; w++) m[w] = 0;
    m[0] = 0x702f797272617571ULL;
    m[1] = 0x31762f656c7a7a75ULL;
    m[2] = 0x6772702fULL | (s[0] << 32);
    m[3] = (s[0] >> 32) | (s[1] << 32);
    m[4] = (s[1] >> 32) | (s[2] << 32);
    m[5] = (s[2] >> 32) | (s[3] << 32);
    m[6] = (s[3] >> 32) | (i << 32);
    m[7] = i >> 32;
    u64 h[8];
    blake2b_one_block(m, 60, h);
    Fe lo = {{h[0], h[1], h[2], h[3]}};
    Fe hi = {{h[4], h[5], h[6], h[7]}};
    return fp_wide_reduce(lo, hi);
}

// a.l[i] by selects: indexing a register array with a run-time index would move it to local memory.
QD u64 limb_at(const Fe &a, u32 i) { return i == 0 ? a.l[0] : i == 1 ? a.l[1] : i == 2 ? a.l[2] : a.l[3]; }

// Bits [offset, offset + c) of a 256-bit little-endian integer (zero beyond bit 255).
QD u32 window_bits(const Fe &a, u32 offset, u32 c) {
    u32 limb = offset / 64;
    if (limb >= 4) return 0;
    u32 shift = offset % 64;
    u64 v = limb_at(a, limb) >> shift;
    if (shift + c > 64 && limb + 1 < 4) v |= limb_at(a, limb + 1) << (64 - shift);
    return (u32)(v & ((1ULL << c) - 1));
}

// t < batch * n: scalar i of nonce b (PRG or given), its signed digits, and the histogram.
QD void body_digits(const Job &job, u64 t) {
    u64 b = t / job.n, i = t % job.n;
    Fe a;
    if (job.scalars) {
        const u64 *sc = ((const u64 *)job.scalars) + t * 4;
        for (int j = 0; j < 4; j++) a.l[j] = sc[j];
    } else {
        a = prg_coefficient(job, b, i);
    }
    i16 *digits = ((i16 *)job.digits) + b * (u64)job.windows * job.n;
    u32 *counts = ((u32 *)job.counts) + b * (u64)job.buckets;
    int half = 1 << (job.c - 1);
    int carry = 0;
    for (u32 w = 0; w < job.windows; w++) {
        int raw = (int)window_bits(a, w * job.c, job.c) + carry;
        int digit;
        if (raw > half) {
            carry = 1;
            digit = raw - (1 << job.c);
        } else {
            carry = 0;
            digit = raw;
        }
        digits[(u64)w * job.n + i] = (i16)digit;
        if (digit != 0) {
            u32 bucket = (u32)(digit < 0 ? -digit : digit) - 1;
#ifdef __CUDACC__
            atomicAdd(&counts[bucket], 1u);
#else
            counts[bucket] += 1;
#endif
        }
    }
}

// t < batch * nchunks: total count of chunk t.
QD void body_chunk_sums(const Job &job, u64 t) {
    u64 b = t / job.nchunks, ch = t % job.nchunks;
    const u32 *counts = ((const u32 *)job.counts) + b * (u64)job.buckets;
    u32 end = (u32)((ch + 1) * CHUNK < job.buckets ? (ch + 1) * CHUNK : job.buckets);
    u32 sum = 0;
    for (u32 k = (u32)(ch * CHUNK); k < end; k++) sum += counts[k];
    ((u32 *)job.chunk_sums)[t] = sum;
}

// t < batch: exclusive prefix sums of nonce t's chunk totals, in place.
QD void body_chunk_scan(const Job &job, u64 t) {
    u32 *sums = ((u32 *)job.chunk_sums) + t * (u64)job.nchunks;
    u32 running = 0;
    for (u32 ch = 0; ch < job.nchunks; ch++) {
        u32 v = sums[ch];
        sums[ch] = running;
        running += v;
    }
}

// t < batch * nchunks: bucket offsets of chunk t; the counts become scatter cursors.
QD void body_offsets(const Job &job, u64 t) {
    u64 b = t / job.nchunks, ch = t % job.nchunks;
    u32 *counts = ((u32 *)job.counts) + b * (u64)job.buckets;
    u32 *offsets = ((u32 *)job.offsets) + b * (u64)job.buckets;
    u32 running = ((const u32 *)job.chunk_sums)[t];
    u32 end = (u32)((ch + 1) * CHUNK < job.buckets ? (ch + 1) * CHUNK : job.buckets);
    for (u32 k = (u32)(ch * CHUNK); k < end; k++) {
        u32 v = counts[k];
        offsets[k] = running;
        counts[k] = running;
        running += v;
    }
}

// t < batch * n: place every non-zero digit of scalar i of nonce b in its bucket's range.
QD void body_scatter(const Job &job, u64 t) {
    u64 b = t / job.n, i = t % job.n;
    const i16 *digits = ((const i16 *)job.digits) + b * (u64)job.windows * job.n;
    u32 *cursors = ((u32 *)job.counts) + b * (u64)job.buckets;
    u32 *entries = ((u32 *)job.entries) + b * (u64)job.windows * job.n;
    for (u32 w = 0; w < job.windows; w++) {
        int d = digits[(u64)w * job.n + i];
        if (d == 0) continue;
        u32 bucket = (u32)(d < 0 ? -d : d) - 1;
#ifdef __CUDACC__
        u32 pos = atomicAdd(&cursors[bucket], 1u);
#else
        u32 pos = cursors[bucket]++;
#endif
        entries[pos] = (u32)((u64)w * job.n + i) | (d < 0 ? 0x80000000u : 0u);
    }
}

// Sum of the (signed) table points of sorted entries [from, to).
QD Xyzz sum_entries(const u32 *entries, const Aff *table, u32 from, u32 to) {
    Xyzz acc = x_identity();
    for (u32 e = from; e < to; e++) {
        u32 entry = entries[e];
        Aff p = table[entry & 0x7fffffffu];
        if (entry & 0x80000000u) p.y = f_neg<Q>(p.y);
        acc = x_add_aff(acc, p);
    }
    return acc;
}

// The first bucket whose entries start at or after `pos` (`buckets` if none): starts are sorted.
QD u32 first_bucket_from(const u32 *starts, u32 buckets, u32 pos) {
    u32 lo = 0, hi = buckets;
    while (lo < hi) {
        u32 mid = lo + (hi - lo) / 2;
        if (starts[mid] < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

// t < batch * echunks: chunk j of nonce b, sorted entries [jE, jE + E): the carry of the bucket it
// continues, and the owned part of every bucket that starts inside it (see "Load balance").
QD void body_accumulate(const Job &job, u64 t) {
    u64 b = t / job.echunks;
    u32 j = (u32)(t % job.echunks);
    const u32 *starts = ((const u32 *)job.offsets) + b * (u64)job.buckets;
    const u32 *ends = ((const u32 *)job.counts) + b * (u64)job.buckets;
    const u32 *entries = ((const u32 *)job.entries) + b * (u64)job.windows * job.n;
    const Aff *table = (const Aff *)job.table;
    Xyzz *sums = ((Xyzz *)job.bucket_sums) + b * (u64)job.buckets;
    u32 total = ends[job.buckets - 1];
    u32 lo = j * job.entry_chunk;
    if (lo > total) return; // past the entries: owns no bucket, continues none
    u32 limit = lo + job.entry_chunk;
    u32 hi = limit < total ? limit : total;
    u32 q = first_bucket_from(starts, job.buckets, lo);
    u32 carry_end = q < job.buckets && starts[q] < hi ? starts[q] : hi;
    ((Xyzz *)job.carries)[t] = sum_entries(entries, table, lo, carry_end);
    for (; q < job.buckets && starts[q] < limit; q++) {
        u32 end = ends[q] < hi ? ends[q] : hi;
        sums[q] = sum_entries(entries, table, starts[q], end);
    }
}

// Bucket q of nonce b in full: its owned part plus the carries of the chunks starting inside it.
QD Xyzz bucket_total(const Job &job, u64 b, u32 q) {
    u32 start = ((const u32 *)job.offsets)[b * job.buckets + q];
    u32 end = ((const u32 *)job.counts)[b * job.buckets + q];
    const Xyzz *carries = ((const Xyzz *)job.carries) + b * (u64)job.echunks;
    Xyzz sum = ((const Xyzz *)job.bucket_sums)[b * job.buckets + q];
    for (u32 j = start / job.entry_chunk + 1; j * job.entry_chunk < end; j++)
        sum = x_add(sum, carries[j]);
    return sum;
}

// t < batch * segments: over segment s of L buckets (local index j, bucket number sL + j + 1),
// weighted = sum_j (j + 1) B_{sL+j} by the running-sum trick, and plain = sum_j B_{sL+j}.
QD void body_segments(const Job &job, u64 t) {
    u64 b = t / job.segments, s = t % job.segments;
    u32 len = 1u << job.segment_log2;
    u32 first = (u32)(s * len);
    u32 end = first + len < job.buckets ? first + len : job.buckets;
    Xyzz running = x_identity(), weighted = x_identity();
    for (u32 k = end; k > first; k--) {
        running = x_add(running, bucket_total(job, b, k - 1));
        weighted = x_add(weighted, running);
    }
    Xyzz *out = ((Xyzz *)job.segment_sums) + t * 2;
    out[0] = weighted;
    out[1] = running;
}

// t < batch: C = sum_s weighted_s + L * sum_s s * plain_s, then the attempt's output record.
QD void body_finish(const Job &job, u64 t) {
    const Xyzz *seg = ((const Xyzz *)job.segment_sums) + t * (u64)job.segments * 2;
    Xyzz weighted = x_identity(), running = x_identity(), scaled = x_identity();
    for (u32 s = job.segments; s > 0; s--) {
        weighted = x_add(weighted, seg[(s - 1) * 2]);
        if (s - 1 >= 1) {
            // sum_s s * plain_s by a running sum over s = segments-1 .. 1.
            running = x_add(running, seg[(s - 1) * 2 + 1]);
            scaled = x_add(scaled, running);
        }
    }
    for (u32 d = 0; d < job.segment_log2; d++) scaled = x_double(scaled);
    Xyzz c = x_add(weighted, scaled);

    u8 *out = ((u8 *)job.out) + t * 40;
    u8 commitment[32];
    compress(c, commitment);
    for (int i = 0; i < 32; i++) out[i] = commitment[i];

    Block blk;
    block_init(blk);
    block_str(blk, TAG_QUALITY);
    block_bytes(blk, job.challenge, 32);
    block_bytes(blk, job.miner, 32);
    block_u64(blk, job_nonce(job, t));
    block_bytes(blk, commitment, 32);
    u64 h[8];
    blake2b_one_block(blk.m, blk.len, h);
    u64 d = h[0] ? h[0] : 1;
    u64 quality = ~0ULL / d;
    for (int i = 0; i < 8; i++) out[32 + i] = (u8)(quality >> (8 * i));
}

// t < 2 * table points: canonical coordinate -> Montgomery form, in place (table upload).
QD void body_table_to_mont(const Job &job, u64 t) {
    Fe *coords = (Fe *)job.table;
    coords[t] = f_to_mont<Q>(coords[t]);
}

// t < count: one test operation on canonical inputs, canonical outputs (src/gpu/tests.rs).
//   0 Fq mul, 1 Fq add, 2 Fq sub, 3 Fq inverse: in (a, b) -> out a op b
//   4 point add: in (P, Q) affine, identity = (0, 0) -> out (P + Q full, P + Q mixed), XYZZ; P and
//     Q are rescaled first (x_rescaled, l = 5 and 7), so ZZ != 1 and ZZ != ZZZ as in running sums
//   5 point double: in P -> out 2P (XYZZ, P rescaled as in 4)
//   6 Fp wide reduction: in 64 bytes -> out canonical Fp
//   7 Fq mul by the 32-bit carry chains (f_mul_cc), 8 op 6 by them: whichever f_mul is built
QD void load_aff_xyzz(const Fe *in, Xyzz &p, Aff &a) {
    if (f_is_zero(in[0]) && f_is_zero(in[1])) {
        p = x_identity();
        a.x = f_zero();
        a.y = f_zero();
        return;
    }
    a.x = f_to_mont<Q>(in[0]);
    a.y = f_to_mont<Q>(in[1]);
    p = x_from_aff(a);
}

// The same point in other coordinates: (l^2 X, l^3 Y, l^2 ZZ, l^3 ZZZ) for a small l.
QD Xyzz x_rescaled(const Xyzz &p, u64 small) {
    Fe l = f_zero();
    l.l[0] = small;
    l = f_to_mont<Q>(l);
    Fe l2 = f_square<Q>(l), l3 = f_mul<Q>(l2, l);
    Xyzz r;
    r.x = f_mul<Q>(p.x, l2);
    r.y = f_mul<Q>(p.y, l3);
    r.zz = f_mul<Q>(p.zz, l2);
    r.zzz = f_mul<Q>(p.zzz, l3);
    return r;
}

QD void store_aff(const Xyzz &p, Fe *out) {
    if (!x_to_affine_canonical(p, out[0], out[1])) {
        out[0] = f_zero();
        out[1] = f_zero();
    }
}

QD void body_ops(const Job &job, u64 t) {
#if defined(__CUDACC__) && !defined(QUARRY_TEST_KERNELS)
    // The miner's module keeps an empty entry point: the test operations would only add ptxas time
    // at every start (4 s of the JIT, ptxas-sm90-2026-11-21.txt). NVRTC gets -DQUARRY_TEST_KERNELS
    // for the device tests (src/gpu/cuda.rs).
    (void)job;
    (void)t;
#else
    const Fe *in = ((const Fe *)job.op_in) + t * 4;
    Fe *out = ((Fe *)job.op_out) + t * 4;
    switch (job.op) {
    case 0:
    case 1:
    case 2:
    case 3: {
        Fe a = f_to_mont<Q>(in[0]), b = f_to_mont<Q>(in[1]), r;
        if (job.op == 0) r = f_mul<Q>(a, b);
        else if (job.op == 1) r = f_add<Q>(a, b);
        else if (job.op == 2) r = f_sub<Q>(a, b);
        else r = f_inv<Q>(a);
        out[0] = f_from_mont<Q>(r);
        break;
    }
    case 4: {
        Xyzz p, q;
        Aff pa, qa;
        load_aff_xyzz(in, p, pa);
        load_aff_xyzz(in + 2, q, qa);
        p = x_rescaled(p, 5);
        store_aff(x_add(p, x_rescaled(q, 7)), out);
        store_aff(x_is_identity(q) ? p : x_add_aff(p, qa), out + 2);
        break;
    }
    case 5: {
        Xyzz p;
        Aff pa;
        load_aff_xyzz(in, p, pa);
        store_aff(x_double(x_rescaled(p, 5)), out);
        break;
    }
    case 6:
        out[0] = fp_wide_reduce(in[0], in[1]);
        break;
    case 7:
        out[0] = f_from_mont<Q>(f_mul_cc<Q>(f_to_mont<Q>(in[0]), f_to_mont<Q>(in[1])));
        break;
    case 8:
        out[0] = fp_wide_reduce<true>(in[0], in[1]);
        break;
    default:
        break;
    }
#endif
}

// ------------------------------------------------------------------------------------------------
// Entry points: one CUDA kernel per body, all with the signature (Job, u64 threads).
// ------------------------------------------------------------------------------------------------
#define QUARRY_KERNELS(X)                                                                          \
    X(seed)                                                                                        \
    X(clear)                                                                                       \
    X(digits)                                                                                      \
    X(chunk_sums)                                                                                  \
    X(chunk_scan)                                                                                  \
    X(offsets)                                                                                     \
    X(scatter)                                                                                     \
    X(accumulate)                                                                                  \
    X(segments)                                                                                    \
    X(finish)                                                                                      \
    X(table_to_mont)                                                                               \
    X(ops)

// (QUARRY_NO_ENTRY_POINTS: the functions alone, for scripts/gpu-kernel-report.sh's single-product
// kernel.)
#if defined(__CUDACC__) && !defined(QUARRY_NO_ENTRY_POINTS)
#define QUARRY_DEFINE_KERNEL(name)                                                                 \
    extern "C" __global__ void quarry_##name(Job job, u64 threads) {                               \
        u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;                                        \
        if (t < threads) body_##name(job, t);                                                      \
    }
QUARRY_KERNELS(QUARRY_DEFINE_KERNEL)
#endif
