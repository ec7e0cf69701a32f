//! IBANs: a country code, two check digits and up to 30 letters or digits, with or without single
//! spaces between groups. Invariant: only ISO 13616 mod-97-valid candidates match.

use super::token::{class, ALNUM};
use super::{is_word_byte, word_before, Pii, Span};

const MIN_LEN: usize = 15;
const MAX_LEN: usize = 34;

pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let head = b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i].is_ascii_uppercase() == b[i + 1].is_ascii_uppercase()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit();
        if !head || word_before(text, i) {
            i += 1;
            continue;
        }
        match longest_valid(b, i) {
            Some(end) => {
                out.push(Span {
                    start: i,
                    end,
                    pii: Pii::Iban,
                });
                i = end;
            }
            None => i += 1,
        }
    }
}

/// The end of the longest valid IBAN starting at `start` that ends at a word boundary.
fn longest_valid(b: &[u8], start: usize) -> Option<usize> {
    let mut chars = [0u8; MAX_LEN];
    let mut ends = [0usize; MAX_LEN + 1];
    let mut n = 0;
    let mut j = start;
    while j < b.len() && n < MAX_LEN {
        if class(b[j]) & ALNUM != 0 {
            chars[n] = b[j].to_ascii_uppercase();
            n += 1;
            j += 1;
            ends[n] = j;
        } else if b[j] == b' ' && j + 1 < b.len() && class(b[j + 1]) & ALNUM != 0 && n >= 4 {
            j += 1;
        } else {
            break;
        }
    }
    // The longest prefix that ends at a word boundary and passes the check.
    let mut len = n;
    while len >= MIN_LEN {
        if !b.get(ends[len]).is_some_and(|&c| is_word_byte(c)) && mod97(&chars[..len]) {
            return Some(ends[len]);
        }
        len -= 1;
    }
    None
}

/// The ISO 13616 check: move the first four characters to the end, letters as 10..35, mod 97 == 1.
pub(super) fn mod97(s: &[u8]) -> bool {
    let mut r: u32 = 0;
    // An index loop, not a `chain` of the two parts (an adapter of its own in the page's wasm).
    for k in 4..s.len() + 4 {
        let c = s[if k < s.len() { k } else { k - s.len() }];
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        r = if v >= 10 {
            (r * 100 + v) % 97
        } else {
            (r * 10 + v) % 97
        };
    }
    r == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        find(s, &mut v);
        v.iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn finds_ibans() {
        assert_eq!(
            spans("pay DE89 3704 0044 0532 0130 00 thanks"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert_eq!(spans("GB82WEST12345698765432"), ["GB82WEST12345698765432"]);
        assert_eq!(
            spans("iban=fr1420041010050500013m02606"),
            ["fr1420041010050500013m02606"]
        );
    }

    #[test]
    fn rejects_bad_checksums() {
        assert!(spans("DE89 3704 0044 0532 0130 01").is_empty());
        assert!(spans("AB12 size 42").is_empty());
    }
}
