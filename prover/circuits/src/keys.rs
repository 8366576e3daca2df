//! Parameters and keys: deterministic, generated once per process, checked against compiled-in
//! digests.
//!
//! - **Parameters** for `k` are the puzzle's ([`quarry_puzzle::shared`]): halo2's
//!   `Params::<EqAffine>::new(k)`, cached on disk and checked against known digests there.
//! - **Keys** are a deterministic function of the parameters and the circuit's layout
//!   (`keygen_vk`, `keygen_pk`). halo2_proofs 0.4.1 has no (de)serialization for
//!   `VerifyingKey`/`ProvingKey`, so they cannot be cached on disk; they are generated once per
//!   process and kept ([`keys`]). Each verifying key's digest ([`vk_digest`]: BLAKE2b-256 of the
//!   key's pinned representation, the same string halo2 hashes into every transcript) must equal
//!   the one compiled into [`VK_DIGESTS`]: a node whose parameters or halo2 build differ from the
//!   network's refuses to verify instead of disagreeing silently, and a dependency bump that
//!   changes a circuit fails the tests.

use std::sync::{Arc, Mutex, OnceLock};

use halo2_proofs::plonk::{ProvingKey, VerifyingKey};
use halo2_proofs::poly::commitment::Params;
use pasta_curves::EqAffine;
use quarry_puzzle::params::in_private_pool;
use quarry_puzzle::PuzzleParams;

use crate::catalogue::{CircuitId, CATALOGUE};
use crate::circuits::{entry, TaskCircuit};

/// The digest of each catalogue circuit's verifying key (hex of [`vk_digest`]).
#[rustfmt::skip]
pub const VK_DIGESTS: &[(CircuitId, &str)] = &[
    (1, "4fbcb38e0c687ccac764f04a075a071c3461dc9cd5094ba871a423b9a8b331a8"),
    (2, "8858f2023652a008f5a54de139d3ff9ddbde35e45791c9e5a63ba00824a74188"),
    (3, "49bd596f8cbdfaa38dd093033287666d77cda0bc943c4380f8a7c4cb2cdc9447"),
];

/// Why keys are unavailable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// No circuit has this id.
    UnknownCircuit(CircuitId),
    /// The commitment parameters could not be loaded or generated.
    Params(String),
    /// halo2 key generation failed (a circuit that does not fit its `k`).
    Keygen(String),
    /// The generated verifying key is not the one compiled in.
    DigestMismatch {
        /// The circuit.
        circuit: CircuitId,
        /// The compiled-in digest (hex; empty when none is compiled in).
        expected: String,
        /// The generated key's digest (hex).
        got: String,
    },
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::UnknownCircuit(id) => write!(f, "no circuit with id {id}"),
            Self::Params(e) => write!(f, "commitment parameters: {e}"),
            Self::Keygen(e) => write!(f, "key generation: {e}"),
            Self::DigestMismatch {
                circuit,
                expected,
                got,
            } => write!(
                f,
                "verifying key of circuit {circuit} has digest {got}, expected {expected:?}: \
                 parameters or halo2 differ from the network's"
            ),
        }
    }
}

impl std::error::Error for KeyError {}

/// BLAKE2b-256 of `"quarry/vk" ‖ len ‖ format!("{:?}", vk.pinned())`.
pub fn vk_digest(vk: &VerifyingKey<EqAffine>) -> [u8; 32] {
    let pinned = format!("{:?}", vk.pinned());
    let hash = blake2b_simd::Params::new()
        .hash_length(32)
        .to_state()
        .update(b"quarry/vk")
        .update(&(pinned.len() as u64).to_le_bytes())
        .update(pinned.as_bytes())
        .finalize();
    hash.as_bytes().try_into().expect("32 bytes")
}

/// The compiled-in digest of `id`'s verifying key.
pub fn expected_vk_digest(id: CircuitId) -> Option<&'static str> {
    VK_DIGESTS.iter().find(|(c, _)| *c == id).map(|(_, d)| *d)
}

/// A circuit's parameters and keys.
pub struct CircuitKeys {
    circuit: &'static dyn TaskCircuit,
    params: Arc<PuzzleParams>,
    vk: VerifyingKey<EqAffine>,
    digest: [u8; 32],
    pk: OnceLock<Result<ProvingKey<EqAffine>, KeyError>>,
}

impl CircuitKeys {
    /// Generates the verifying key of `circuit` and checks its digest.
    fn generate(circuit: &'static dyn TaskCircuit) -> Result<Self, KeyError> {
        let info = circuit.info();
        let params = quarry_puzzle::shared(info.k).map_err(|e| KeyError::Params(e.to_string()))?;
        let vk = in_private_pool(|| circuit.keygen_vk(params.ipa()))
            .map_err(|e| KeyError::Keygen(e.to_string()))?;
        let digest = vk_digest(&vk);
        let got = quarry_puzzle::hex::encode(&digest);
        let expected = expected_vk_digest(info.id).unwrap_or_default();
        if got != expected {
            return Err(KeyError::DigestMismatch {
                circuit: info.id,
                expected: expected.to_string(),
                got,
            });
        }
        Ok(Self {
            circuit,
            params,
            vk,
            digest,
            pk: OnceLock::new(),
        })
    }

    /// The circuit.
    pub fn circuit(&self) -> &'static dyn TaskCircuit {
        self.circuit
    }

    /// The commitment parameters.
    pub fn params(&self) -> &Params<EqAffine> {
        self.params.ipa()
    }

    /// The verifying key.
    pub fn vk(&self) -> &VerifyingKey<EqAffine> {
        &self.vk
    }

    /// The verifying key's digest.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The proving key, generated on first use (provers only; verifiers never pay for it).
    pub fn pk(&self) -> Result<&ProvingKey<EqAffine>, KeyError> {
        self.pk
            .get_or_init(|| {
                in_private_pool(|| self.circuit.keygen_pk(self.params(), self.vk.clone()))
                    .map_err(|e| KeyError::Keygen(e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

static KEYS: [Mutex<Option<Arc<CircuitKeys>>>; CATALOGUE.len()] =
    [const { Mutex::new(None) }; CATALOGUE.len()];

/// The process-wide keys of circuit `id`: generated and digest-checked on first use, then
/// shared. Concurrent first calls wait for one generation. Failures are not cached.
pub fn keys(id: CircuitId) -> Result<Arc<CircuitKeys>, KeyError> {
    let slot = CATALOGUE
        .iter()
        .position(|c| c.id == id)
        .ok_or(KeyError::UnknownCircuit(id))?;
    let circuit = entry(id).ok_or(KeyError::UnknownCircuit(id))?;
    let mut cached = KEYS[slot].lock().unwrap_or_else(|e| e.into_inner());
    if let Some(keys) = cached.as_ref() {
        return Ok(keys.clone());
    }
    let keys = Arc::new(CircuitKeys::generate(circuit)?);
    *cached = Some(keys.clone());
    Ok(keys)
}
