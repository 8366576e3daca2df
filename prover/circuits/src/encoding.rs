//! Bytes to field elements and back, and the mapping of a prover's account to public inputs.
//!
//! Every field element crosses the chain boundary as 32 little-endian bytes that must be its
//! canonical encoding (value `< p`): two encodings of one element would let a submitter change an
//! input's bytes, hence its hash, without changing the statement.

use ff::PrimeField;
use pasta_curves::Fp;

use crate::catalogue::{FieldBytes, InputFault, ProverId, TaskError};

/// The canonical element encoded by `bytes`, or `None` when `bytes` encodes a value `>= p`.
pub fn field(bytes: &FieldBytes) -> Option<Fp> {
    Option::from(Fp::from_repr(*bytes))
}

/// The canonical encoding of `x`.
pub fn field_bytes(x: &Fp) -> FieldBytes {
    x.to_repr()
}

/// A reader over task input bytes that reports the offset of the first bad field.
pub(crate) struct InputReader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> InputReader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, offset: 0 }
    }

    /// The offset of the next field.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// An error for the field that starts at `offset`.
    pub(crate) fn fault_at(offset: usize, fault: InputFault) -> TaskError {
        TaskError::InvalidInput {
            offset: offset as u32,
            fault,
        }
    }

    /// The next `N` bytes. Callers check the input's total length first, so running out is a bug.
    pub(crate) fn array<const N: usize>(&mut self) -> [u8; N] {
        let out: [u8; N] = self.bytes[self.offset..self.offset + N]
            .try_into()
            .expect("input length was checked against the circuit's layout");
        self.offset += N;
        out
    }

    /// The next canonical field element.
    pub(crate) fn field(&mut self) -> Result<Fp, TaskError> {
        let at = self.offset;
        field(&self.array()).ok_or(Self::fault_at(at, InputFault::NonCanonicalField))
    }

    /// The next little-endian `u32`.
    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// Whether every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.offset == self.bytes.len()
    }
}

/// The two public inputs that bind a proof to its prover: the account's bytes `0..16` and
/// `16..32`, each read as a little-endian 128-bit integer (always `< p`, so the mapping is
/// injective).
pub fn prover_binding(prover: &ProverId) -> [Fp; 2] {
    let half = |range: core::ops::Range<usize>| {
        Fp::from_u128(u128::from_le_bytes(
            prover[range].try_into().expect("16 bytes"),
        ))
    };
    [half(0..16), half(16..32)]
}

/// Checks the outputs' count and encodings.
pub(crate) fn outputs(expected: u32, outputs: &[FieldBytes]) -> Result<Vec<Fp>, TaskError> {
    if outputs.len() != expected as usize {
        return Err(TaskError::OutputCount {
            expected,
            got: outputs.len() as u32,
        });
    }
    outputs
        .iter()
        .enumerate()
        .map(|(i, o)| field(o).ok_or(TaskError::NonCanonicalOutput(i as u32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ff::Field;

    #[test]
    fn canonical_encodings_only() {
        let x = Fp::from(12345u64);
        assert_eq!(field(&field_bytes(&x)), Some(x));
        // p itself, and 2^256 - 1, are not canonical.
        let mut p = (-Fp::ONE).to_repr();
        p[0] += 1;
        assert_eq!(field(&p), None);
        assert_eq!(field(&[0xff; 32]), None);
    }

    #[test]
    fn binding_is_injective_and_splits_halves() {
        let mut a = [0u8; 32];
        a[0] = 1;
        let mut b = [0u8; 32];
        b[16] = 1;
        assert_eq!(prover_binding(&a), [Fp::ONE, Fp::ZERO]);
        assert_eq!(prover_binding(&b), [Fp::ZERO, Fp::ONE]);
        assert_eq!(
            prover_binding(&[0xff; 32]),
            [Fp::from_u128(u128::MAX), Fp::from_u128(u128::MAX)]
        );
    }

    #[test]
    fn reader_reports_offsets() {
        let mut bytes = vec![0u8; 68];
        bytes[36..68].copy_from_slice(&[0xff; 32]);
        let mut r = InputReader::new(&bytes);
        assert_eq!(r.field(), Ok(Fp::ZERO));
        assert_eq!(r.u32(), 0);
        assert_eq!(
            r.field(),
            Err(TaskError::InvalidInput {
                offset: 36,
                fault: InputFault::NonCanonicalField
            })
        );
        assert!(r.is_empty());
    }
}
