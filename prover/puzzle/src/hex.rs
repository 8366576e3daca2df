//! Minimal lowercase hex encoding (for KAT files, parameter digests and the CLI).

/// Lowercase hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Invalid hex input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HexError;

impl core::fmt::Display for HexError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "invalid hex")
    }
}

impl std::error::Error for HexError {}

fn nibble(c: u8) -> Result<u8, HexError> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(HexError),
    }
}

/// Decodes hex (an optional `0x` prefix is accepted).
pub fn decode(s: &str) -> Result<Vec<u8>, HexError> {
    let s = s.strip_prefix("0x").unwrap_or(s).as_bytes();
    if !s.len().is_multiple_of(2) {
        return Err(HexError);
    }
    s.chunks(2)
        .map(|p| Ok(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Decodes exactly `N` bytes of hex.
pub fn decode_array<const N: usize>(s: &str) -> Result<[u8; N], HexError> {
    decode(s)?.try_into().map_err(|_| HexError)
}

#[cfg(test)]
mod tests {
    #[test]
    fn roundtrip() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(super::encode(&b), "0001abff");
        assert_eq!(super::decode("0x0001ABff").unwrap(), b);
        assert!(super::decode("0g").is_err());
        assert!(super::decode("abc").is_err());
        assert!(super::decode_array::<3>("0001abff").is_err());
    }
}
