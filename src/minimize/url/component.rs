//! One URL component (a path segment or a query value) made safe to keep. Invariant: the result
//! holds no PII in any reading of it and is already in the form a second scrub leaves unchanged.

use std::borrow::Cow;

use crate::minimize::redact::decode::{decode_component, encode_component};
use crate::minimize::redact::redact_text;

/// Rounds of redaction a URL component may need before it is stable; past that it is dropped.
const MAX_ROUNDS: usize = 4;

/// A path segment or query value with PII redacted in every reading of it: form-decoded (`+` is a
/// space), percent-decoded (`+` is a plus, as in `+44 20 …`) and raw (what a reader of the URL
/// sees, where an escape can split a number off a longer run). `None` if it never settles.
pub(super) fn scrub_component(raw: &str, form: bool) -> Option<Cow<'_, str>> {
    let mut cur = Cow::Borrowed(raw);
    for _ in 0..MAX_ROUNDS {
        match redact_once(&cur, form) {
            Some(next) => cur = Cow::Owned(next),
            None => return Some(cur),
        }
    }
    None
}

fn redact_once(raw: &str, form: bool) -> Option<String> {
    // The readings in turn: 0 form-decoded (only when `form`), 1 percent-decoded, 2 raw.
    for reading in usize::from(!form)..3 {
        let decoded;
        let text = if reading < 2 {
            decoded = decode_component(raw, reading == 0);
            &decoded
        } else {
            raw
        };
        if let Cow::Owned(r) = redact_text(text) {
            // A decoded reading is encoded back; the raw one is kept as redacted.
            return Some(if reading < 2 { encode_component(&r) } else { r });
        }
    }
    None
}

/// Appends `raw` with the bytes a URL cannot hold as is (spaces, controls, quotes, non-ASCII)
/// percent-encoded, as browsers do, so that a kept part survives a second parse unchanged.
pub(super) fn push_normalized(raw: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // By bytes: each byte of a non-ASCII character is escaped, as its UTF-8 encoding would be.
    for &b in raw.as_bytes() {
        let keep = b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}
