//! PII redaction for free text: emails, phone numbers, payment cards, IBANs, US SSNs, IP addresses
//! and bearer tokens / JWTs / API keys become typed placeholders (`[email]`, `[phone]`, ...).
//! Invariants: the output holds nothing a detector matches (so redaction is idempotent), detection
//! also sees the percent- and form-decoded text, and text without PII comes back borrowed and
//! unchanged.

mod card;
pub(crate) mod decode;
mod email;
mod iban;
mod ip;
mod number;
mod phone;
mod token;

use std::borrow::Cow;

/// A kind of personal data the redactor recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pii {
    Token,
    Email,
    Ip,
    Iban,
    Card,
    Ssn,
    Phone,
}

impl Pii {
    /// The placeholder that replaces a match.
    pub const fn placeholder(self) -> &'static str {
        match self {
            Pii::Token => "[token]",
            Pii::Email => "[email]",
            Pii::Ip => "[ip]",
            Pii::Iban => "[iban]",
            Pii::Card => "[card]",
            Pii::Ssn => "[ssn]",
            Pii::Phone => "[phone]",
        }
    }
}

/// A match: the byte range `start..end` of the text holds `pii`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub pii: Pii,
}

/// How deep nested percent-encoding is looked through (`%2540` is two levels).
const DECODE_DEPTH: u8 = 2;
/// Passes after the first until nothing matches. A replacement can expose a new neighbour (in
/// `0044 055a3::8a0e:6`, the IPv6 address only starts at a word boundary once the phone number
/// before it is `[phone]`), so a chain of such links unfolds one per pass.
const MAX_PASSES: usize = 8;

/// Replaces every PII match in `text` with its placeholder; borrowed when nothing matched.
///
/// Text still holding a match after [`MAX_PASSES`] more passes (only a crafted chain does) fails
/// closed: all of it becomes the placeholder of the first match left. The bound keeps the work
/// linear in the text's length, as the edge's CPU limits need.
///
/// ```
/// use tracksafe::minimize::redact_text;
/// assert_eq!(redact_text("mail jane%40example.com or call (555) 123-4567"), "mail [email] or call [phone]");
/// assert_eq!(redact_text("Red shoes size 42, SKU-2024-00017, 1,299.00"), "Red shoes size 42, SKU-2024-00017, 1,299.00");
/// ```
pub fn redact_text(text: &str) -> Cow<'_, str> {
    let Some(mut out) = pass(text) else {
        return Cow::Borrowed(text);
    };
    for _ in 0..MAX_PASSES {
        match pass(&out) {
            Some(next) => out = next,
            None => return Cow::Owned(out),
        }
    }
    match find_pii(&out).first() {
        Some(left) => Cow::Owned(left.pii.placeholder().to_owned()),
        None => Cow::Owned(out),
    }
}

/// Every PII match in `text` (overlapping matches merged), in order.
pub fn find_pii(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    collect(text, 0, &mut spans);
    merge(text, spans)
}

fn collect(text: &str, depth: u8, out: &mut Vec<Span>) {
    token::find(text, out);
    email::find(text, out);
    ip::find(text, out);
    iban::find(text, out);
    number::find(text, out);
    let plus = crate::text::includes(text.as_bytes(), b'+');
    if depth < DECODE_DEPTH && (plus || decode::has_escape(text)) {
        let decoded = decode::decode(text, plus);
        // The decoded text's spans go straight into `out`, then are mapped back in place.
        let from = out.len();
        collect(&decoded.text, depth + 1, out);
        for s in &mut out[from..] {
            s.start = decoded.raw(s.start);
            s.end = decoded.raw(s.end);
        }
    }
}

/// Sorts and unions overlapping spans; the union takes the kind of its longest member.
fn merge(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    if spans.is_empty() {
        return spans;
    }
    for s in &mut spans {
        while s.start > 0 && !text.is_char_boundary(s.start) {
            s.start -= 1;
        }
        while s.end < text.len() && !text.is_char_boundary(s.end) {
            s.end += 1;
        }
        s.end = s.end.min(text.len());
    }
    // Equal keys are equal spans, so an unstable sort serves: in the page build (std built for
    // size) a heapsort, 230 B of brotli less than the stable merge sort, O(n log n) all the same.
    spans.sort_unstable_by_key(|s| (s.start, core::cmp::Reverse(s.end), s.pii));
    // Merged in place: the first `n` spans are the unions so far (`n` never passes `k`).
    let mut n = 0;
    let mut best = 0;
    for k in 0..spans.len() {
        let s = spans[k];
        if s.start >= s.end {
            continue;
        }
        if n > 0 && s.start < spans[n - 1].end {
            let cur = &mut spans[n - 1];
            if s.end - s.start > best {
                best = s.end - s.start;
                cur.pii = s.pii;
            }
            cur.end = cur.end.max(s.end);
        } else {
            best = s.end - s.start;
            spans[n] = s;
            n += 1;
        }
    }
    spans.truncate(n);
    spans
}

fn pass(text: &str) -> Option<String> {
    let spans = find_pii(text);
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push_str(s.pii.placeholder());
        at = s.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The char ending right before byte `i`.
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    if !text.is_char_boundary(i) {
        return None;
    }
    crate::text::prev_char(text, i).map(|(_, c)| c)
}

/// Whether a byte can continue a word (so a match may not start or end next to it).
pub(super) fn is_word_byte(b: u8) -> bool {
    token::class(b) & token::ALNUM != 0 || b == b'_'
}

/// Whether the char before byte `i` continues a word.
pub(super) fn word_before(text: &str, i: usize) -> bool {
    char_before(text, i).is_some_and(|c| crate::text::is_alphanumeric(c) || c == '_')
}
