//! A bounds-checked bit reader over base64url text (the TCF and GPP wire alphabet).
//!
//! Invariant: no read ever panics or reads past the end; a short input is an `Err`, and the
//! reader allocates nothing (bits are taken from the text on the fly).

/// Why a read failed; the callers wrap it in their own `Error` variant.
pub type BitError = &'static str;

/// The value of one base64url character, or `None` outside `A-Z a-z 0-9 - _`.
pub const fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Reads big-endian bit fields from a validated base64url string.
#[derive(Debug, Clone)]
pub struct BitReader<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    /// Checks that every character is base64url (no padding) and starts at bit 0.
    /// An empty string is accepted here; callers decide whether empty is legal.
    pub fn new(text: &'a str) -> Result<Self, BitError> {
        let bytes = text.as_bytes();
        if bytes.iter().any(|&c| sextet(c).is_none()) {
            return Err("not base64url");
        }
        Ok(BitReader {
            text: bytes,
            pos: 0,
        })
    }

    /// Total number of bits (6 per character).
    pub fn len(&self) -> usize {
        self.text.len() * 6
    }

    /// Whether there are no bits at all.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The index of the next bit to read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Bits left to read.
    pub fn remaining(&self) -> usize {
        self.len().saturating_sub(self.pos)
    }

    /// The bit at absolute index `at`, or `None` past the end.
    pub fn bit_at(&self, at: usize) -> Option<bool> {
        let c = *self.text.get(at / 6)?;
        let v = sextet(c)?;
        Some(v >> (5 - at % 6) & 1 == 1)
    }

    /// Reads `n` bits (at most 64) as an unsigned big-endian integer.
    pub fn read(&mut self, n: usize) -> Result<u64, BitError> {
        if n > 64 {
            return Err("field wider than 64 bits");
        }
        if self.remaining() < n {
            return Err("input too short");
        }
        let mut v = 0u64;
        for i in 0..n {
            let bit = self.bit_at(self.pos + i).ok_or("input too short")?;
            v = (v << 1) | u64::from(bit);
        }
        self.pos += n;
        Ok(v)
    }

    /// Reads one bit.
    pub fn read_bool(&mut self) -> Result<bool, BitError> {
        Ok(self.read(1)? == 1)
    }

    /// Skips `n` bits.
    pub fn skip(&mut self, n: usize) -> Result<(), BitError> {
        if self.remaining() < n {
            return Err("input too short");
        }
        self.pos += n;
        Ok(())
    }

    /// Reads one Fibonacci-coded positive integer (Zeckendorf bits, least significant first,
    /// closed by the first `11`). Values that do not fit a `u64` are an error.
    pub fn read_fibonacci(&mut self) -> Result<u64, BitError> {
        let (mut a, mut b) = (1u64, 2u64); // weights of the current and the next bit
        let mut value = 0u64;
        let mut prev = false;
        loop {
            let bit = self.read_bool()?;
            if bit && prev {
                return Ok(value);
            }
            if bit {
                value = value.checked_add(a).ok_or("fibonacci integer too large")?;
            }
            prev = bit;
            let next = a.checked_add(b);
            a = b;
            b = next.unwrap_or(u64::MAX);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_across_characters() {
        // "BA" = 000001 000000
        let mut r = BitReader::new("BA").unwrap();
        assert_eq!(r.len(), 12);
        assert_eq!(r.read(5).unwrap(), 0);
        assert_eq!(r.read(2).unwrap(), 0b10);
        assert_eq!(r.remaining(), 5);
        assert!(r.read(6).is_err());
        assert_eq!(r.read(5).unwrap(), 0);
        assert!(r.read_bool().is_err());
    }

    #[test]
    fn rejects_non_alphabet() {
        assert!(BitReader::new("AB+C").is_err());
        assert!(BitReader::new("AB=").is_err());
        assert!(BitReader::new("é").is_err());
        assert!(BitReader::new("").unwrap().is_empty());
    }

    #[test]
    fn sixty_four_bit_reads() {
        let mut r = BitReader::new("___________").unwrap();
        assert_eq!(r.read(64).unwrap(), u64::MAX);
        assert!(r.read(65).is_err());
    }

    #[test]
    fn fibonacci_codes() {
        // 1 = "11", 2 = "011", 3 = "0011", 4 = "1011", 12 = "101011"
        // bits: 11 011 0011 1011 101011 -> pad to a multiple of 6
        let bits = "11011001110111010110000";
        let text = to_b64(bits);
        let mut r = BitReader::new(&text).unwrap();
        for want in [1, 2, 3, 4, 12] {
            assert_eq!(r.read_fibonacci().unwrap(), want);
        }
        assert!(r.read_fibonacci().is_err());
    }

    fn to_b64(bits: &str) -> String {
        const DICT: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s = bits.to_string();
        while s.len() % 6 != 0 {
            s.push('0');
        }
        s.as_bytes()
            .chunks(6)
            .map(|c| {
                let v = c
                    .iter()
                    .fold(0usize, |a, &b| a * 2 + usize::from(b == b'1'));
                DICT[v] as char
            })
            .collect()
    }
}
