//! End-to-end tests of the puzzle: proving, verification and its error cases, batch verification,
//! SCALE decoding of untrusted bytes, known-answer vectors.

use std::sync::Arc;

use chacha20::ChaCha20Rng;
use codec::{Decode, Encode, MaxEncodedLen};
use ff::{Field, FromUniformBytes, PrimeField};
use group::{Curve, GroupEncoding};
use halo2_proofs::arithmetic::best_multiexp;
use halo2_proofs::poly::commitment::Blind;
use pasta_curves::{EqAffine, Fp};
use rand_core::{Rng, SeedableRng};

use crate::hash;
use crate::msm::MsmScratch;
use crate::verify::{combined_check, verify_inner, BlindCheck};
use crate::*;

fn pp(k: u32) -> Arc<PuzzleParams> {
    shared_generated(k).unwrap()
}

fn wu(nonce: u64) -> WorkUnit {
    WorkUnit {
        challenge: [0xc1; 32],
        miner: [0x7e; 32],
        nonce,
    }
}

const ANY: ProofTarget = 1; // every attempt has quality >= 1

fn proof_offsets(k: u32) -> (usize, usize, usize) {
    // (offset of L_0, offset of c, offset of f)
    let l0 = POINT_LEN;
    let c = POINT_LEN + 2 * POINT_LEN * k as usize;
    (l0, c, c + SCALAR_LEN)
}

fn with_proof(sol: &Solution, edit: impl FnOnce(&mut Vec<u8>)) -> Solution {
    let mut bytes = sol.proof.clone().into_inner();
    edit(&mut bytes);
    let mut out = sol.clone();
    out.proof = ProofBytes::new(bytes).unwrap();
    out
}

#[test]
fn honest_proof_verifies_with_zero_f_and_expected_size() {
    for k in [4u32, 10] {
        let pp = pp(k);
        let w = wu(42);
        let sol = prove(&pp, &w);
        assert_eq!(sol.proof.len(), proof_len(k));
        if k == 10 {
            assert_eq!(sol.proof.len(), 736);
        }
        let (_, _, f_off) = proof_offsets(k);
        assert_eq!(
            &sol.proof.as_slice()[f_off..],
            &[0u8; 32],
            "f must be zero (k={k})"
        );
        let q = verify(&pp, &sol, &w.challenge, ANY).unwrap();
        assert_eq!(q, attempt(&pp, &w).quality);
        assert_eq!(q, hash::quality(&w, &sol.commitment));
    }
}

#[test]
fn proofs_are_deterministic() {
    let pp = pp(4);
    let a = prove(&pp, &wu(7));
    let b = prove(&pp, &wu(7));
    assert_eq!(a, b);
    assert_ne!(a.proof, prove(&pp, &wu(8)).proof);
}

#[test]
fn commitment_equals_halo2_commit_with_zero_blind() {
    let pp = pp(10);
    let w = wu(1);
    let coeffs = witness(&w, 10);
    let mut poly = pp.domain().empty_coeff();
    poly.copy_from_slice(&coeffs);
    let halo2_c = pp.ipa().commit(&poly, Blind(Fp::ZERO)).to_affine();
    let reference = best_multiexp(&coeffs, pp.generators()).to_affine();
    let ours = commit(&pp, &coeffs, &mut MsmScratch::default());
    assert_eq!(ours, halo2_c);
    assert_eq!(ours, reference);
    assert_eq!(attempt(&pp, &w).commitment, halo2_c.to_bytes());
    // A non-zero blind gives a different commitment (the thing the f check forbids).
    assert_ne!(pp.ipa().commit(&poly, Blind(Fp::ONE)).to_affine(), halo2_c);
}

#[test]
fn fixed_base_table_commitments_match() {
    let fresh = PuzzleParams::generate(6).unwrap();
    assert!(
        !fresh.prepare_fixed_base_table(0),
        "a zero budget must not build the table"
    );
    assert!(fresh.fixed_base_table().is_none());
    let before: Vec<Attempt> = (0..5).map(|n| attempt(&fresh, &wu(n))).collect();
    assert!(fresh.prepare_fixed_base_table(usize::MAX));
    assert!(fresh.fixed_base_table().is_some());
    let after: Vec<Attempt> = (0..5).map(|n| attempt(&fresh, &wu(n))).collect();
    assert_eq!(before, after);
    assert_eq!(prove(&fresh, &wu(3)), prove(&pp(6), &wu(3)));
}

#[test]
fn attempt_scratch_reuse_is_consistent() {
    let pp = pp(5);
    let mut scratch = AttemptScratch::default();
    for nonce in 0..8 {
        let a = attempt_with(&pp, &wu(nonce), &mut scratch);
        assert_eq!(a, attempt(&pp, &wu(nonce)));
    }
}

#[test]
fn wrong_challenge_miner_nonce_rejected() {
    let pp = pp(10);
    let w = wu(3);
    let sol = prove(&pp, &w);
    assert!(verify(&pp, &sol, &w.challenge, ANY).is_ok());

    // Verified against another epoch's challenge.
    assert_eq!(
        verify(&pp, &sol, &[0u8; 32], ANY),
        Err(VerifyError::WrongChallenge)
    );

    // Relabelled to another challenge (and verified against it): p, z, v change.
    let mut other = sol.clone();
    other.challenge = [0xc2; 32];
    assert_eq!(
        verify(&pp, &other, &other.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // Stolen by another miner.
    let mut stolen = sol.clone();
    stolen.miner = [0x01; 32];
    assert_eq!(
        verify(&pp, &stolen, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // Other nonce.
    let mut renonced = sol.clone();
    renonced.nonce += 1;
    assert_eq!(
        verify(&pp, &renonced, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );
}

#[test]
fn tampered_commitment_rejected() {
    let pp = pp(10);
    let w = wu(4);
    let sol = prove(&pp, &w);

    // Another valid point (the commitment of another nonce).
    let mut swapped = sol.clone();
    swapped.commitment = attempt(&pp, &wu(5)).commitment;
    assert_eq!(
        verify(&pp, &swapped, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // C + G_0: a valid point that differs from C by a known offset.
    let c = EqAffine::from_bytes(&sol.commitment).unwrap();
    let shifted = (c + pp.generators()[0]).to_affine();
    let mut shifted_sol = sol.clone();
    shifted_sol.commitment = shifted.to_bytes();
    assert_eq!(
        verify(&pp, &shifted_sol, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // The identity, a non-point and a non-canonical x.
    // x = q (the base-field modulus, i.e. a non-canonical 0), and x = 0 with the sign bit set.
    let x_is_q: [u8; 32] = crate::hex::decode_array(
        "0100000021eb468cdda89409fc98462200000000000000000000000000000040",
    )
    .unwrap();
    let mut zero_with_sign = [0u8; 32];
    zero_with_sign[31] = 0x80;
    for bad in [[0u8; 32], [0xff; 32], x_is_q, zero_with_sign] {
        let mut s = sol.clone();
        s.commitment = bad;
        assert_eq!(
            verify(&pp, &s, &w.challenge, ANY),
            Err(VerifyError::MalformedCommitment)
        );
    }
    // Flip bits until the encoding is no longer a point.
    let mut found = false;
    for i in 0..32 {
        let mut s = sol.clone();
        s.commitment[i] ^= 0x5a;
        if Option::<EqAffine>::from(EqAffine::from_bytes(&s.commitment)).is_none() {
            assert_eq!(
                verify(&pp, &s, &w.challenge, ANY),
                Err(VerifyError::MalformedCommitment)
            );
            found = true;
            break;
        }
    }
    assert!(found);
}

#[test]
fn tampered_proof_rejected() {
    let k = 10;
    let pp = pp(k);
    let w = wu(6);
    let sol = prove(&pp, &w);
    let (l0, c_off, f_off) = proof_offsets(k);
    let g0 = pp.generators()[0].to_bytes();

    // L_0 replaced by another valid point.
    let s = with_proof(&sol, |p| p[l0..l0 + 32].copy_from_slice(&g0));
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // S replaced by another valid point.
    let s = with_proof(&sol, |p| p[..32].copy_from_slice(&g0));
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // c + 1.
    let s = with_proof(&sol, |p| {
        let c = Fp::from_repr(p[c_off..c_off + 32].try_into().unwrap()).unwrap();
        p[c_off..c_off + 32].copy_from_slice(&(c + Fp::ONE).to_repr());
    });
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::InvalidOpening)
    );

    // Not a point / non-canonical scalar.
    let s = with_proof(&sol, |p| p[l0..l0 + 32].copy_from_slice(&[0xff; 32]));
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::MalformedProof)
    );
    let s = with_proof(&sol, |p| p[l0..l0 + 32].copy_from_slice(&[0; 32])); // identity
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::MalformedProof)
    );
    let s = with_proof(&sol, |p| p[c_off..c_off + 32].copy_from_slice(&[0xff; 32]));
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::MalformedProof)
    );
    let s = with_proof(&sol, |p| p[f_off..].copy_from_slice(&[0xff; 32]));
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::MalformedProof)
    );

    // f = 1.
    let s = with_proof(&sol, |p| p[f_off] = 1);
    assert_eq!(
        verify(&pp, &s, &w.challenge, ANY),
        Err(VerifyError::NonZeroBlind)
    );

    // Wrong lengths.
    for edit in [
        (|p: &mut Vec<u8>| p.truncate(p.len() - 1)) as fn(&mut Vec<u8>),
        |p| p.push(0),
        |p| p.truncate(proof_len(9)),
        |p| p.clear(),
    ] {
        let s = with_proof(&sol, edit);
        assert_eq!(
            verify(&pp, &s, &w.challenge, ANY),
            Err(VerifyError::MalformedProof)
        );
    }
    // A valid proof for another k.
    let small = prove(&self::pp(4), &w);
    let mut mixed = sol.clone();
    mixed.proof = small.proof;
    assert_eq!(
        verify(&pp, &mixed, &w.challenge, ANY),
        Err(VerifyError::MalformedProof)
    );

    // Every single-byte corruption of S..c is rejected (one byte per 32-byte word).
    for word in 0..(f_off / 32) {
        let s = with_proof(&sol, |p| p[word * 32 + 7] ^= 0x10);
        let r = verify(&pp, &s, &w.challenge, ANY);
        assert!(
            matches!(
                r,
                Err(VerifyError::InvalidOpening) | Err(VerifyError::MalformedProof)
            ),
            "word {word}: {r:?}"
        );
    }
}

#[test]
fn target_is_enforced() {
    let pp = pp(4);
    let w = wu(9);
    let sol = prove(&pp, &w);
    let q = verify(&pp, &sol, &w.challenge, ANY).unwrap();
    assert_eq!(verify(&pp, &sol, &w.challenge, q), Ok(q));
    assert!(q < u64::MAX);
    assert_eq!(
        verify(&pp, &sol, &w.challenge, q + 1),
        Err(VerifyError::BelowTarget(q, q + 1))
    );
    assert_eq!(
        verify(&pp, &sol, &w.challenge, u64::MAX),
        Err(VerifyError::BelowTarget(q, u64::MAX))
    );
}

/// The grinding attack the `f` check exists for: a blinded commitment `C' = C + r·W` with an
/// opening proof that halo2 itself accepts.
#[test]
fn blinded_commitment_rejected_nonzero_blind() {
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    for (k, tries) in [(10u32, 1), (5, 3)] {
        let pp = pp(k);
        let w = wu(10);
        let coeffs = witness(&w, k);
        let mut poly = pp.domain().empty_coeff();
        poly.copy_from_slice(&coeffs);
        for _ in 0..tries {
            let r = Fp::random(&mut rng);
            let blinded = pp.ipa().commit(&poly, Blind(r)).to_affine();
            // The miner can make all the other blinds zero and still cannot make f zero.
            let proof_rng = MaskRng::for_proof(&w, &blinded.to_bytes(), pp.n());
            let proof = open_with(&pp, &w, &coeffs, &blinded, r, proof_rng);
            let sol = Solution {
                challenge: w.challenge,
                miner: w.miner,
                nonce: w.nonce,
                commitment: blinded.to_bytes(),
                proof: ProofBytes::new(proof).unwrap(),
            };
            // halo2's verifier accepts the opening...
            let q = verify_inner(&pp, &sol, &w.challenge, ANY, BlindCheck::Skip).unwrap();
            assert_eq!(q, hash::quality(&w, &blinded.to_bytes()));
            // ...but the puzzle does not.
            assert_eq!(
                verify(&pp, &sol, &w.challenge, ANY),
                Err(VerifyError::NonZeroBlind)
            );
            assert_eq!(
                verify_batch(&pp, std::slice::from_ref(&sol), &w.challenge, ANY),
                vec![Err(VerifyError::NonZeroBlind)]
            );
        }
    }
}

/// An honest commitment opened with halo2's usual random blinds verifies in halo2 but has f != 0.
#[test]
fn random_blinds_in_proof_rejected() {
    let pp = pp(4);
    let w = wu(11);
    let coeffs = witness(&w, 4);
    let c = commit(&pp, &coeffs, &mut MsmScratch::default());
    let proof = open_with(
        &pp,
        &w,
        &coeffs,
        &c,
        Fp::ZERO,
        ChaCha20Rng::from_seed([3; 32]),
    );
    let sol = Solution {
        challenge: w.challenge,
        miner: w.miner,
        nonce: w.nonce,
        commitment: c.to_bytes(),
        proof: ProofBytes::new(proof).unwrap(),
    };
    assert!(verify_inner(&pp, &sol, &w.challenge, ANY, BlindCheck::Skip).is_ok());
    assert_eq!(
        verify(&pp, &sol, &w.challenge, ANY),
        Err(VerifyError::NonZeroBlind)
    );
}

#[test]
fn mask_rng_is_random_then_zero() {
    let mut rng = MaskRng::new([1; 32], 20);
    let mut a = [0u8; 16];
    rng.fill_bytes(&mut a);
    assert_ne!(a, [0; 16]);
    let b = rng.next_u64(); // 4 real bytes, then 4 zero bytes
    assert_ne!(b & 0xffff_ffff, 0);
    assert_eq!(b >> 32, 0);
    assert_eq!(rng.next_u64(), 0);
    assert_eq!(rng.next_u32(), 0);
    // The real part is exactly ChaCha20's stream.
    let mut reference = ChaCha20Rng::from_seed([1; 32]);
    let mut r = [0u8; 16];
    reference.fill_bytes(&mut r);
    assert_eq!(a, r);
}

fn batch_fixture(k: u32, n: u64) -> (Arc<PuzzleParams>, Vec<Solution>) {
    let pp = pp(k);
    let sols = (0..n).map(|i| prove(&pp, &wu(100 + i))).collect();
    (pp, sols)
}

fn individual(
    pp: &PuzzleParams,
    sols: &[Solution],
    ch: &Challenge,
    t: ProofTarget,
) -> Vec<Result<Quality, VerifyError>> {
    sols.iter().map(|s| verify(pp, s, ch, t)).collect()
}

#[test]
fn batch_equals_individual_all_valid() {
    let (pp, sols) = batch_fixture(6, 6);
    let ch = wu(0).challenge;
    let outcome = combined_check(&pp, &sols, &ch, ANY);
    assert!(outcome.combined_ok);
    let batch = verify_batch(&pp, &sols, &ch, ANY);
    assert!(batch.iter().all(|r| r.is_ok()));
    assert_eq!(batch, individual(&pp, &sols, &ch, ANY));
    assert_eq!(verify_batch_all(&pp, &sols, &ch, ANY).unwrap().len(), 6);
    assert!(verify_batch(&pp, &[], &ch, ANY).is_empty());
}

#[test]
fn batch_with_one_bad_opening() {
    let (pp, mut sols) = batch_fixture(6, 6);
    let ch = wu(0).challenge;
    let (l0, _, _) = proof_offsets(6);
    let g0 = pp.generators()[0].to_bytes();
    sols[3] = with_proof(&sols[3], |p| p[l0..l0 + 32].copy_from_slice(&g0));
    // Everything before the final MSM passes, so only the combined MSM can catch it.
    let outcome = combined_check(&pp, &sols, &ch, ANY);
    assert!(outcome.results.iter().all(|r| r.is_ok()));
    assert!(
        !outcome.combined_ok,
        "combined MSM must catch the bad opening"
    );
    let batch = verify_batch(&pp, &sols, &ch, ANY);
    assert_eq!(batch, individual(&pp, &sols, &ch, ANY));
    assert_eq!(batch[3], Err(VerifyError::InvalidOpening));
    assert_eq!(batch.iter().filter(|r| r.is_ok()).count(), 5);
    assert_eq!(
        verify_batch_all(&pp, &sols, &ch, ANY),
        Err((3, VerifyError::InvalidOpening))
    );
}

#[test]
fn the_testing_bad_opening_passes_every_cheap_check_and_fails_the_opening() {
    let (pp, sols) = batch_fixture(6, 2);
    let ch = wu(0).challenge;
    let bad = crate::testing::with_bad_opening(&sols[0]);
    assert_ne!(bad.proof, sols[0].proof);
    assert_eq!(precheck(pp.k(), &bad, &ch, ANY), precheck(pp.k(), &sols[0], &ch, ANY));
    assert_eq!(verify(&pp, &bad, &ch, ANY), Err(VerifyError::InvalidOpening));
    assert!(verify(&pp, &sols[0], &ch, ANY).is_ok());
}

/// Eight `k = 4` solutions of which 0, 2, 4 and 5 fail a cheap check (1–5): a wrong challenge,
/// a malformed commitment, a malformed (short) proof and a non-zero blind; the others are valid.
fn batch_fixture_with_cheap_defects() -> (Arc<PuzzleParams>, Vec<Solution>) {
    let (pp, mut sols) = batch_fixture(4, 8);
    sols[0].challenge = [0; 32]; // WrongChallenge
    sols[2].commitment = [0; 32]; // MalformedCommitment
    sols[4] = with_proof(&sols[4], |p| p.truncate(10)); // MalformedProof
    let f_off = proof_offsets(4).2;
    sols[5] = with_proof(&sols[5], |p| p[f_off] = 2); // NonZeroBlind
    (pp, sols)
}

#[test]
fn batch_with_mixed_errors() {
    let (pp, mut sols) = batch_fixture_with_cheap_defects();
    let ch = wu(0).challenge;
    sols[6].miner = [9; 32]; // InvalidOpening
                             // A target that some of the remaining valid ones miss.
    let qs: Vec<_> = sols
        .iter()
        .map(|s| hash::quality(&s.work_unit(), &s.commitment))
        .collect();
    let target = qs[1].min(qs[3]).min(qs[7]) + 1;
    let batch = verify_batch(&pp, &sols, &ch, target);
    assert_eq!(batch, individual(&pp, &sols, &ch, target));
    assert_eq!(batch[0], Err(VerifyError::WrongChallenge));
    assert_eq!(batch[2], Err(VerifyError::MalformedCommitment));
    assert_eq!(batch[4], Err(VerifyError::MalformedProof));
    assert!(batch
        .iter()
        .any(|r| matches!(r, Err(VerifyError::BelowTarget(..)))));
    // And with target 1 the valid ones pass.
    let batch = verify_batch(&pp, &sols, &ch, ANY);
    assert_eq!(batch, individual(&pp, &sols, &ch, ANY));
    assert_eq!(batch[5], Err(VerifyError::NonZeroBlind));
    assert_eq!(batch[6], Err(VerifyError::InvalidOpening));
    for i in [1, 3, 7] {
        assert!(batch[i].is_ok());
    }
}

/// `precheck` agrees with `verify` on every error of checks 1–5 and on every quality; it passes
/// exactly the solutions whose only defect is in the opening (checks 6–8).
#[test]
fn precheck_is_verify_without_the_opening() {
    let (pp, mut sols) = batch_fixture_with_cheap_defects();
    let ch = wu(0).challenge;
    let l0 = proof_offsets(4).0;
    let g0 = pp.generators()[0].to_bytes();
    sols[6] = with_proof(&sols[6], |p| p[l0..l0 + 32].copy_from_slice(&g0)); // InvalidOpening
    for target in [ANY, hash::quality(&sols[1].work_unit(), &sols[1].commitment) + 1] {
        for (i, sol) in sols.iter().enumerate() {
            let full = verify(&pp, sol, &ch, target);
            let cheap = precheck(pp.k(), sol, &ch, target);
            match (&full, &cheap) {
                (Err(VerifyError::InvalidOpening), Ok(_)) => assert_eq!(i, 6),
                _ => assert_eq!(full, cheap, "solution {i} at target {target}"),
            }
        }
    }
    assert_eq!(precheck(MAX_K + 1, &sols[1], &ch, ANY), Err(VerifyError::UnsupportedK(MAX_K + 1)));
}

#[test]
fn scale_roundtrip_and_max_encoded_len() {
    let pp = pp(4);
    let sol = prove(&pp, &wu(12));
    let enc = sol.encode();
    assert_eq!(Solution::decode(&mut &enc[..]).unwrap(), sol);
    let wu_enc = wu(12).encode();
    assert_eq!(wu_enc.len(), 72);
    assert_eq!(WorkUnit::decode(&mut &wu_enc[..]).unwrap(), wu(12));

    // A maximum-size solution encodes to exactly MaxEncodedLen.
    let mut big = sol.clone();
    big.proof = ProofBytes::new(vec![7; MAX_PROOF_LEN]).unwrap();
    assert_eq!(big.encode().len(), Solution::max_encoded_len());
    assert_eq!(
        Solution::max_encoded_len(),
        32 + 32 + 8 + 32 + 2 + MAX_PROOF_LEN
    );
    assert!(ProofBytes::new(vec![0; MAX_PROOF_LEN + 1]).is_err());

    // One byte too many is refused by the decoder, though it is a valid Vec<u8> encoding.
    let mut too_long = sol.encode()[..104].to_vec();
    too_long.extend(vec![0u8; MAX_PROOF_LEN + 1].encode());
    assert!(Solution::decode(&mut &too_long[..]).is_err());
    // Huge length prefixes fail without allocating.
    let mut huge = sol.encode()[..104].to_vec();
    huge.extend(codec::Compact(u32::MAX).encode());
    assert!(Solution::decode(&mut &huge[..]).is_err());
    // Memory-tracked decoding works (DecodeWithMemTracking).
    use codec::DecodeWithMemLimit;
    assert_eq!(
        Solution::decode_with_mem_limit(&mut &enc[..], 4096).unwrap(),
        sol
    );
    assert!(Solution::decode_with_mem_limit(&mut &enc[..], 10).is_err());
}

/// Decoding garbage never panics, and whatever decodes verifies without panicking.
#[test]
fn decoding_garbage_never_panics() {
    let pp = pp(4);
    let w = wu(13);
    let sol = prove(&pp, &w);
    let enc = sol.encode();
    let mut decoded_ok = 0;
    let mut try_bytes = |bytes: &[u8]| {
        let r = std::panic::catch_unwind(|| {
            if let Ok(s) = Solution::decode(&mut &bytes[..]) {
                let _ = verify(&pp, &s, &w.challenge, ANY);
                let _ = verify_batch(&pp, &[s.clone(), s], &w.challenge, ANY);
                true
            } else {
                false
            }
        });
        match r {
            Ok(true) => decoded_ok += 1,
            Ok(false) => {}
            Err(_) => panic!("panicked on input {}", crate::hex::encode(bytes)),
        }
    };
    // Every truncation of a valid encoding.
    for len in 0..enc.len() {
        try_bytes(&enc[..len]);
    }
    // Bit flips of a valid encoding.
    for i in 0..enc.len() {
        let mut e = enc.clone();
        e[i] ^= 1 << (i % 8);
        try_bytes(&e);
    }
    // Pseudo-random byte strings of many lengths, and valid prefixes followed by garbage.
    let mut rng = ChaCha20Rng::from_seed([77; 32]);
    for i in 0..400usize {
        let len = (rng.next_u32() as usize) % (enc.len() + 64);
        let mut bytes = vec![0u8; len];
        rng.fill_bytes(&mut bytes);
        if i % 2 == 0 && len > 104 {
            // Keep a plausible header and length prefix so decoding reaches the verifier.
            bytes[..106].copy_from_slice(&enc[..106]);
        }
        try_bytes(&bytes);
    }
    assert!(
        decoded_ok > 10,
        "some inputs must reach the verifier ({decoded_ok})"
    );
}

#[test]
fn quality_distribution_matches_target() {
    // Pr[q >= T] ≈ 1/T. 4096 attempts at k = 4, T = 16: mean 256, sd ≈ 15.5.
    let pp = pp(4);
    let mut scratch = AttemptScratch::default();
    let hits = (0..4096)
        .filter(|&n| attempt_with(&pp, &wu(n), &mut scratch).quality >= 16)
        .count();
    assert!((180..=340).contains(&hits), "hits = {hits}");
}

// ---------------------------------------------------------------------------------------------
// Known-answer vectors (testdata/kat.json).
//
// To regenerate after an intentional change of the puzzle (which is a consensus change!):
//   QUARRY_REGENERATE_KAT=1 CARGO_TARGET_DIR=... cargo test --release -p quarry-puzzle kat
// ---------------------------------------------------------------------------------------------

/// `testdata/kat.json`, found at run time: cargo does not rebuild a test when only the checkout's
/// path changes, so a compile-time `env!("CARGO_MANIFEST_DIR")` can point into an old checkout
/// when the target directory is shared (as `scripts/env.sh` arranges).
fn kat_path() -> std::path::PathBuf {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("tests run under cargo");
    std::path::Path::new(&dir).join("testdata/kat.json")
}

fn kat_work_units() -> Vec<WorkUnit> {
    vec![
        WorkUnit {
            challenge: [0; 32],
            miner: [0; 32],
            nonce: 0,
        },
        WorkUnit {
            challenge: [0x11; 32],
            miner: [0x22; 32],
            nonce: 1,
        },
        WorkUnit {
            challenge: core::array::from_fn(|i| i as u8),
            miner: core::array::from_fn(|i| 0xff - i as u8),
            nonce: 0x0123_4567_89ab_cdef,
        },
        WorkUnit {
            challenge: [0xff; 32],
            miner: [0xee; 32],
            nonce: u64::MAX,
        },
    ]
}

fn kat_entry(pp: &PuzzleParams, w: &WorkUnit) -> serde_json::Value {
    use crate::hex::encode;
    let k = pp.k();
    let seed = hash::seed(w);
    let coeffs = witness(w, k);
    let a = attempt(pp, w);
    let sol = prove(pp, w);
    let z = hash::opening_point(w, &a.commitment);
    let v = halo2_proofs::arithmetic::eval_polynomial(&coeffs, z);
    serde_json::json!({
        "k": k,
        "challenge": encode(&w.challenge),
        "miner": encode(&w.miner),
        "nonce": w.nonce.to_string(),
        "seed": encode(&seed),
        "prg_block_0": encode(&hash::prg_block(&seed, 0)),
        "coeff_first": coeffs[..4].iter().map(|c| encode(&c.to_repr())).collect::<Vec<_>>(),
        "coeff_last": encode(&coeffs[coeffs.len() - 1].to_repr()),
        "commitment": encode(&a.commitment),
        "quality_digest": hash::quality_digest(w, &a.commitment).to_string(),
        "quality": a.quality.to_string(),
        "z": encode(&z.to_repr()),
        "v": encode(&v.to_repr()),
        "proof": encode(sol.proof.as_slice()),
        "solution_scale": encode(&sol.encode()),
    })
}

fn kat_document() -> serde_json::Value {
    let mut vectors = Vec::new();
    for k in [4u32, 10] {
        let pp = pp(k);
        for w in kat_work_units() {
            vectors.push(kat_entry(&pp, &w));
        }
    }
    let digests: serde_json::Map<String, serde_json::Value> = [4u32, 10]
        .iter()
        .map(|&k| (k.to_string(), crate::hex::encode(&pp(k).digest()).into()))
        .collect();
    serde_json::json!({
        "description": "quarry-puzzle v1 known-answer vectors. Integers are decimal strings; byte \
            strings are lowercase hex; field elements are 32-byte little-endian canonical encodings; \
            points are 32-byte compressed Vesta encodings. See prover/PUZZLE.md.",
        "regenerate": "QUARRY_REGENERATE_KAT=1 cargo test --release -p quarry-puzzle kat",
        "params_digest": digests,
        "vectors": vectors,
    })
}

#[test]
fn kat_vectors_match_file() {
    let doc = kat_document();
    if std::env::var_os("QUARRY_REGENERATE_KAT").is_some() {
        let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        std::fs::write(kat_path(), text).unwrap();
        eprintln!("wrote {}", kat_path().display());
    }
    let text =
        std::fs::read_to_string(kat_path()).expect("testdata/kat.json (see regenerate note)");
    let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
    let stored_vectors = stored["vectors"].as_array().unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert_eq!(stored_vectors.len(), vectors.len());
    for (s, v) in stored_vectors.iter().zip(vectors) {
        assert_eq!(s, v, "KAT mismatch");
    }
    assert_eq!(stored["params_digest"], doc["params_digest"]);
}

/// The stored vectors verify (catches a KAT file that was regenerated from broken code).
#[test]
fn kat_solutions_verify() {
    // While regenerating, the file may be being rewritten by `kat_vectors_match_file`.
    let stored: serde_json::Value = if std::env::var_os("QUARRY_REGENERATE_KAT").is_some() {
        kat_document()
    } else {
        serde_json::from_str(&std::fs::read_to_string(kat_path()).unwrap()).unwrap()
    };
    for v in stored["vectors"].as_array().unwrap() {
        let k = v["k"].as_u64().unwrap() as u32;
        let pp = pp(k);
        let bytes = crate::hex::decode(v["solution_scale"].as_str().unwrap()).unwrap();
        let sol = Solution::decode(&mut &bytes[..]).unwrap();
        let q: u64 = v["quality"].as_str().unwrap().parse().unwrap();
        assert_eq!(verify(&pp, &sol, &sol.challenge, ANY), Ok(q));
        // And the coefficients obey the documented rule, computed here from first principles.
        let seed: [u8; 32] = crate::hex::decode_array(v["seed"].as_str().unwrap()).unwrap();
        let block = hash::h(&[b"quarry/puzzle/v1/prg", &seed, &0u64.to_le_bytes()]);
        assert_eq!(
            crate::hex::encode(&block),
            v["prg_block_0"].as_str().unwrap()
        );
        let c0 = Fp::from_uniform_bytes(&block);
        assert_eq!(
            crate::hex::encode(&c0.to_repr()),
            v["coeff_first"][0].as_str().unwrap()
        );
    }
}
