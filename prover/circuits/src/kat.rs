//! Known-answer vectors: one valid proof per catalogue circuit with fixed inputs, kept in
//! `prover/circuits/testdata/kat.txt`. The crate's tests check them with [`crate::verify`] and the
//! runtime's tests with the host function, so a dependency bump that changes which proofs verify
//! fails CI. Regenerate (only for a new circuit id) with
//! `cargo test --release -p quarry-circuits --test kat regenerate -- --ignored`.
//!
//! One vector per line, fields separated by spaces, hex without `0x`:
//! `circuit-id prover commitment outputs proof input`, where `outputs` is the outputs joined by
//! `,` (or `-` when there are none). Lines starting with `#` are comments.

use crate::catalogue::{CircuitId, FieldBytes, ProofItem, ProverId};
use quarry_puzzle::hex;

/// One known-answer vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kat {
    /// The task's input.
    pub input: Vec<u8>,
    /// The proof item (circuit, commitment, outputs, prover, proof).
    pub item: ProofItem,
}

/// Parses the vectors of `text`; `Err` names the first bad line.
pub fn parse(text: &str) -> Result<Vec<Kat>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, line)| parse_line(line).ok_or(format!("kat line {}: malformed", n + 1)))
        .collect()
}

fn parse_line(line: &str) -> Option<Kat> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [circuit, prover, commitment, outputs, proof, input] = fields[..] else {
        return None;
    };
    let array = |s: &str| -> Option<[u8; 32]> { hex::decode_array(s).ok() };
    let outputs: Option<Vec<FieldBytes>> = match outputs {
        "-" => Some(vec![]),
        list => list.split(',').map(array).collect(),
    };
    Some(Kat {
        input: hex::decode(input).ok()?,
        item: ProofItem {
            circuit: circuit.parse::<CircuitId>().ok()?,
            commitment: array(commitment)?,
            outputs: outputs?,
            prover: array(prover)? as ProverId,
            proof: hex::decode(proof).ok()?,
        },
    })
}

/// Formats one vector as a line of the file.
pub fn format(kat: &Kat) -> String {
    let outputs = if kat.item.outputs.is_empty() {
        "-".to_string()
    } else {
        kat.item
            .outputs
            .iter()
            .map(|o| hex::encode(o))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "{} {} {} {} {} {}",
        kat.item.circuit,
        hex::encode(&kat.item.prover),
        hex::encode(&kat.item.commitment),
        outputs,
        hex::encode(&kat.item.proof),
        hex::encode(&kat.input)
    )
}
