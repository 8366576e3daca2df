//! The catalogue as the runtime sees it: ids, sizes, `k`, work weights and the SCALE types of the
//! task host functions.
//!
//! Everything here compiles without `std` (`no_std + alloc`), so the tasks pallet can reject a bad
//! submission (unknown circuit, input of the wrong size, too many outputs, an over-long proof)
//! before paying for any host call. The math behind each entry lives in [`crate::circuits`]
//! (`std` only); a test checks that every number below matches what the circuits really are.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A circuit's stable numeric id. Ids are never reused: a changed circuit gets a new id.
pub type CircuitId = u32;

/// A 32-byte canonical little-endian encoding of an element of the Pasta `Fp` (the circuits'
/// field): outputs and input commitments.
pub type FieldBytes = [u8; 32];

/// The account a proof is bound to (32 bytes, an `AccountId32`).
pub type ProverId = [u8; 32];

/// [`merkle_batch`](crate::catalogue::MERKLE_BATCH): writes per task.
pub const MERKLE_WRITES: usize = 32;
/// Depth of the rollup's Poseidon Merkle tree (`2^20` leaves).
pub const MERKLE_DEPTH: usize = 20;
/// Bytes of one write in the statement: index (`u32` LE) and new leaf.
pub const MERKLE_WRITE_LEN: usize = 4 + 32;
/// Bytes of one write's path hint: old leaf and `MERKLE_DEPTH` siblings, bottom-up.
pub const MERKLE_HINT_LEN: usize = 32 + 32 * MERKLE_DEPTH;
/// Merkle batch input without path hints: old root, then the writes.
pub const MERKLE_INPUT_LEN: usize = 32 + MERKLE_WRITES * MERKLE_WRITE_LEN;
/// Merkle batch input with path hints: the statement, then one hint per write.
pub const MERKLE_INPUT_WITH_PATHS_LEN: usize = MERKLE_INPUT_LEN + MERKLE_WRITES * MERKLE_HINT_LEN;

/// [`poseidon_chain`](crate::catalogue::POSEIDON_CHAIN): the largest `n` of `H^n(x)`.
pub const CHAIN_MAX_ITERATIONS: u32 = 1760;
/// Poseidon chain input: `x` (32 bytes) and `n` (`u32` LE).
pub const CHAIN_INPUT_LEN: usize = 32 + 4;

/// [`schnorr_batch`](crate::catalogue::SCHNORR_BATCH): signatures per task.
pub const SCHNORR_SIGNATURES: usize = 24;
/// Bytes of one signed message: public key, `R` (compressed Pallas points), `s`, `m` (field
/// elements).
pub const SCHNORR_ENTRY_LEN: usize = 4 * 32;
/// Schnorr batch input.
pub const SCHNORR_INPUT_LEN: usize = SCHNORR_SIGNATURES * SCHNORR_ENTRY_LEN;

/// A circuit of the catalogue, as the chain needs to know it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CircuitInfo {
    /// Stable id.
    pub id: CircuitId,
    /// Short name (CLI, logs, metrics).
    pub name: &'static str,
    /// halo2 size: the circuit has `2^k` rows.
    pub k: u32,
    /// The input lengths (bytes) this circuit accepts.
    pub input_lens: &'static [u32],
    /// Number of outputs (field elements) a proof carries.
    pub outputs: u32,
    /// Exact length of a proof, in bytes (fixed by the verifying key).
    pub proof_len: u32,
    /// Work weight: the median time to prove one task, in milliseconds, on the reference machine
    /// (2-core Xeon, `quarry-prover bench-circuits`, recorded in
    /// `prover/benches/results/circuits-*.jsonl`), fixed when the circuit enters the catalogue.
    /// The proving tier pays verified work pro rata to it.
    pub work: u32,
}

impl CircuitInfo {
    /// Whether an input of `len` bytes has an accepted length.
    pub fn accepts_input_len(&self, len: usize) -> bool {
        self.input_lens.iter().any(|&l| l as usize == len)
    }

    /// The longest input this circuit accepts.
    pub const fn max_input_len(&self) -> u32 {
        let mut max = 0;
        let mut i = 0;
        while i < self.input_lens.len() {
            if self.input_lens[i] > max {
                max = self.input_lens[i];
            }
            i += 1;
        }
        max
    }
}

/// Id of the Merkle batch update (rollup state transition).
pub const MERKLE_BATCH: CircuitId = 1;
/// Id of the iterated Poseidon chain.
pub const POSEIDON_CHAIN: CircuitId = 2;
/// Id of the Schnorr signature batch.
pub const SCHNORR_BATCH: CircuitId = 3;

/// The catalogue. Append only: an entry's numbers may change only together with a new id.
pub const CATALOGUE: [CircuitInfo; 3] = [
    CircuitInfo {
        id: MERKLE_BATCH,
        name: "merkle-batch",
        k: 13,
        input_lens: &[MERKLE_INPUT_LEN as u32, MERKLE_INPUT_WITH_PATHS_LEN as u32],
        outputs: 1,
        proof_len: 11584,
        work: 6_600,
    },
    CircuitInfo {
        id: POSEIDON_CHAIN,
        name: "poseidon-chain",
        k: 13,
        input_lens: &[CHAIN_INPUT_LEN as u32],
        outputs: 1,
        proof_len: 11040,
        work: 7_300,
    },
    CircuitInfo {
        id: SCHNORR_BATCH,
        name: "schnorr-batch",
        k: 13,
        input_lens: &[SCHNORR_INPUT_LEN as u32],
        outputs: 0,
        proof_len: 8704,
        work: 5_400,
    },
];

/// The catalogue entry for `id`.
pub fn info(id: CircuitId) -> Option<&'static CircuitInfo> {
    CATALOGUE.iter().find(|c| c.id == id)
}

/// The entry named `name` (as in [`CircuitInfo::name`]).
pub fn info_by_name(name: &str) -> Option<&'static CircuitInfo> {
    CATALOGUE.iter().find(|c| c.name == name)
}

/// The largest value of a field of the catalogue's entries.
macro_rules! catalogue_max {
    ($entry:ident => $value:expr) => {{
        let mut max = 0;
        let mut i = 0;
        while i < CATALOGUE.len() {
            let $entry = &CATALOGUE[i];
            if $value > max {
                max = $value;
            }
            i += 1;
        }
        max
    }};
}

/// The longest input of any circuit (bounds the tasks pallet's input type).
pub const MAX_INPUT_LEN: u32 = catalogue_max!(c => c.max_input_len());
/// The most outputs of any circuit.
pub const MAX_OUTPUTS: u32 = catalogue_max!(c => c.outputs);
/// The longest proof of any circuit.
pub const MAX_PROOF_LEN: u32 = catalogue_max!(c => c.proof_len);

/// What is wrong with a task input (the byte `offset` of the first bad field comes with it in
/// [`TaskError::InvalidInput`]).
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
pub enum InputFault {
    /// 32 bytes that are not the canonical encoding of a field element (value `>= p`).
    NonCanonicalField,
    /// 32 bytes that are not the encoding of a non-identity Pallas point.
    InvalidPoint,
    /// A Merkle write index `>= 2^depth`.
    IndexOutOfRange,
    /// A Poseidon chain length above the circuit's maximum.
    TooManyIterations,
}

/// Why a task input, output or proof was refused. Every host function returns one of these
/// instead of panicking; the order of the variants follows the order of the checks.
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
pub enum TaskError {
    /// No circuit has this id.
    UnknownCircuit(CircuitId),
    /// The input has a length the circuit does not accept.
    InputLength {
        /// The circuit's shortest accepted length.
        expected: u32,
        /// The length given.
        got: u32,
    },
    /// A field of the input is invalid.
    InvalidInput {
        /// Byte offset of the field in the input.
        offset: u32,
        /// What is wrong with it.
        fault: InputFault,
    },
    /// The input commitment is not a canonical field element.
    NonCanonicalCommitment,
    /// The number of outputs differs from the circuit's.
    OutputCount {
        /// The circuit's number of outputs.
        expected: u32,
        /// The number given.
        got: u32,
    },
    /// Output `index` is not a canonical field element.
    NonCanonicalOutput(u32),
    /// The proof does not have the circuit's exact proof length.
    ProofLength {
        /// The circuit's proof length.
        expected: u32,
        /// The length given.
        got: u32,
    },
    /// The proof bytes do not parse (invalid point or non-canonical scalar encoding).
    MalformedProof,
    /// The proof does not verify for this input, these outputs and this prover.
    InvalidProof,
    /// The node could not produce the circuit's verifying key (its parameters or keys do not
    /// match the compiled-in digests): a node fault, not the submitter's.
    KeyUnavailable(CircuitId),
}

impl core::fmt::Display for TaskError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::UnknownCircuit(id) => write!(f, "no circuit with id {id}"),
            Self::InputLength { expected, got } => {
                write!(f, "input has {got} bytes; the circuit takes {expected}")
            }
            Self::InvalidInput { offset, fault } => {
                write!(f, "invalid input at byte {offset}: {fault:?}")
            }
            Self::NonCanonicalCommitment => {
                write!(f, "input commitment is not a canonical field element")
            }
            Self::OutputCount { expected, got } => {
                write!(f, "{got} outputs given; the circuit has {expected}")
            }
            Self::NonCanonicalOutput(i) => write!(f, "output {i} is not a canonical field element"),
            Self::ProofLength { expected, got } => {
                write!(
                    f,
                    "proof has {got} bytes; the circuit's proofs have {expected}"
                )
            }
            Self::MalformedProof => write!(f, "proof bytes do not parse"),
            Self::InvalidProof => write!(f, "proof does not verify"),
            Self::KeyUnavailable(id) => write!(f, "verifying key of circuit {id} unavailable"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TaskError {}

/// Why a batch of proofs was refused (see `quarry_circuits::verify_all`).
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
pub enum BatchError {
    /// Proof `index` failed a check made before the combined one (unknown circuit, outputs,
    /// commitment, length, unparsable bytes).
    Item {
        /// The proof's position in the batch.
        index: u32,
        /// Its error.
        error: TaskError,
    },
    /// The combined check failed: at least one proof is invalid (which one is not determined,
    /// so that a batch never costs more than one combined check).
    Invalid,
}

/// One proof to verify: what the chain knows about its task plus what the prover submitted.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ProofItem {
    /// The task's circuit.
    pub circuit: CircuitId,
    /// The task's input commitment (computed at submission).
    pub commitment: FieldBytes,
    /// The outputs the prover claims.
    pub outputs: alloc::vec::Vec<FieldBytes>,
    /// The account that submits the proof (it is bound into the proof).
    pub prover: ProverId,
    /// The proof.
    pub proof: alloc::vec::Vec<u8>,
}
