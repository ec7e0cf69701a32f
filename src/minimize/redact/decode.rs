//! Percent-decoding (and form decoding, `+` as a space) with an offset map, so a span found in the
//! decoded text maps back onto the raw text. Invariant: only complete, valid UTF-8 escapes are decoded; everything else is copied, so
//! the decoded text is always valid UTF-8 and every decoded char boundary maps to a raw one.

use crate::text::escaped_byte;

/// Decoded text plus, for each decoded byte, the raw offset it came from.
pub(super) struct Decoded {
    pub text: String,
    map: Vec<usize>,
    raw_len: usize,
}

impl Decoded {
    /// The raw offset a decoded byte offset came from.
    pub fn raw(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or(self.raw_len)
    }

    /// The raw byte range a decoded byte range `start..end` came from.
    #[cfg(test)]
    pub fn raw_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.raw(start), self.raw(end))
    }
}

/// Whether `s` holds at least one `%XX` escape.
pub(super) fn has_escape(s: &str) -> bool {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if escaped_byte(b, i).is_some() {
            return true;
        }
    }
    false
}

/// Decodes every valid `%XX` escape, and `+` as a space when `plus_is_space` (form encoding).
pub(super) fn decode(raw: &str, plus_is_space: bool) -> Decoded {
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut map = Vec::with_capacity(b.len() + 1);
    let mut i = 0;
    while i < b.len() {
        if let Some(width) = escaped_char(b, i) {
            for k in 0..width {
                out.push(escaped_byte(b, i + 3 * k).unwrap_or(b'?'));
                map.push(i + 3 * k);
            }
            i += 3 * width;
        } else {
            out.push(if plus_is_space && b[i] == b'+' {
                b' '
            } else {
                b[i]
            });
            map.push(i);
            i += 1;
        }
    }
    map.push(b.len());
    let text = match crate::text::string_from_utf8(out) {
        Ok(text) if text.len() + 1 == map.len() => text,
        // Unreachable by construction. No decoded reading then (an empty text, which matches
        // nothing, so the map is never read), rather than a panic: the raw text is searched on
        // its own all the same.
        _ => String::new(),
    };
    Decoded {
        text,
        map,
        raw_len: b.len(),
    }
}

/// How many escapes starting at `i` form one valid UTF-8 char.
fn escaped_char(b: &[u8], i: usize) -> Option<usize> {
    let first = escaped_byte(b, i)?;
    let width = match first {
        0x00..=0x7f => return Some(1),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut buf = [first, 0, 0, 0];
    // An index loop: clippy's `iter_mut().enumerate().take().skip()` is three adapters of its own
    // in the page's size-first wasm.
    #[allow(clippy::needless_range_loop)]
    for k in 1..width {
        buf[k] = escaped_byte(b, i + 3 * k)?;
    }
    crate::text::utf8_error(&buf[..width])
        .is_none()
        .then_some(width)
}

/// Decodes a URL component: `%XX` escapes always, `+` as a space when `plus_is_space`.
/// Invalid UTF-8 becomes U+FFFD (the caller keeps the raw text when nothing is redacted).
pub(crate) fn decode_component(raw: &str, plus_is_space: bool) -> String {
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(v) = escaped_byte(b, i) {
            out.push(v);
            i += 3;
        } else {
            out.push(if plus_is_space && b[i] == b'+' {
                b' '
            } else {
                b[i]
            });
            i += 1;
        }
    }
    crate::text::string_from_utf8(out).unwrap_or_else(|bytes| crate::text::from_utf8_lossy(&bytes))
}

/// Percent-encodes everything but unreserved characters and the placeholder brackets.
pub(crate) fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'[' | b']') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_back_to_raw() {
        let d = decode("a%40b%C3%A9c%zz", false);
        assert_eq!(d.text, "a@béc%zz");
        assert_eq!(d.raw_range(1, 2), (1, 4));
        assert_eq!(d.raw_range(3, 5), (5, 11));
        assert_eq!(d.raw_range(0, d.text.len()), (0, 15));
    }

    #[test]
    fn invalid_utf8_escapes_are_copied() {
        assert_eq!(decode("%C3x%FF", false).text, "%C3x%FF");
        assert_eq!(decode("a+b%2B", true).text, "a b+");
        assert!(!has_escape("100% sure") && has_escape("a%2Fb"));
    }

    #[test]
    fn components() {
        assert_eq!(decode_component("a+b%2Bc", true), "a b+c");
        assert_eq!(decode_component("a+b", false), "a+b");
        assert_eq!(encode_component("[email] x/y"), "[email]%20x%2Fy");
    }
}
